-- grain: one row per employer x region x trade x month, as loaded (key: employer_id, region_code, trade_code, month)
create or replace view stg_hiring as

with source as (
    select * from raw.hiring
),

final as (
    select
        employer_id,
        region_code,
        trade_code,
        month,
        openings,
        hires,
        jobs_created,
        hires_from_campus,
        open_vacancies,
        source_file,
        source_line,
        loaded_at
    from source
)

select * from final;

comment on view stg_hiring is 'Staging view of the hiring landing table: what one employer reported for one trade in one region and month. Read fact_hiring instead for analysis.';
comment on column stg_hiring.employer_id is 'Identifier of the reporting employer (a company or a site).';
comment on column stg_hiring.region_code is 'INSEE code of the region of the positions, as text; see dim_region.';
comment on column stg_hiring.trade_code is 'Bioproduction trade of the positions; see dim_trade.';
comment on column stg_hiring.month is 'Month reported, as its first day.';
comment on column stg_hiring.openings is 'Positions opened during the month.';
comment on column stg_hiring.hires is 'People hired during the month.';
comment on column stg_hiring.jobs_created is 'Hires into newly created positions (not replacements); at most hires.';
comment on column stg_hiring.hires_from_campus is 'Hires of people trained by the campus; at most hires.';
comment on column stg_hiring.open_vacancies is 'Positions still unfilled at the end of the month.';
comment on column stg_hiring.source_file is 'File the current version of the row was loaded from.';
comment on column stg_hiring.source_line is 'Line of that file, the header being line 1.';
comment on column stg_hiring.loaded_at is 'When that file was loaded.';
