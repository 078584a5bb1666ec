-- grain: one row per employer x region x trade x month (key: employer_id, region_code, trade_code, month)
-- A view, not a table: it adds only its month's quarter_start and year to each landing row, so copying its
-- million rows (scale 20) would cost every load that changes them a quarter of a second for no faster read.
create or replace view fact_hiring as

with hiring as (
    select * from stg_hiring
),

final as (
    select
        employer_id,
        region_code,
        trade_code,
        month,
        date_trunc('quarter', month)::date as quarter_start,
        year(month)::integer as year,
        openings,
        hires,
        jobs_created,
        hires_from_campus,
        open_vacancies,
        source_file,
        source_line,
        loaded_at
    from hiring
)

select * from final;

comment on view fact_hiring is 'What employers report each month: one row per employer x region x trade x month (the natural key of the hiring files). jobs_created, summed from the goal''s start month, measures progress towards the 10,000-jobs goal.';
comment on column fact_hiring.employer_id is 'Identifier of the reporting employer (a company or a site).';
comment on column fact_hiring.region_code is 'INSEE code of the region of the positions, as text; see dim_region.';
comment on column fact_hiring.trade_code is 'Trade of the positions; see dim_trade.';
comment on column fact_hiring.month is 'Month reported, as its first day.';
comment on column fact_hiring.quarter_start is 'First day of the calendar quarter of the month.';
comment on column fact_hiring.year is 'Calendar year of the month.';
comment on column fact_hiring.openings is 'Positions opened during the month: the demand side of the talent gap.';
comment on column fact_hiring.hires is 'People hired during the month.';
comment on column fact_hiring.jobs_created is 'Hires into newly created positions (not replacements); at most hires. Counts towards the jobs goal.';
comment on column fact_hiring.hires_from_campus is 'Hires of people trained by the campus; at most hires.';
comment on column fact_hiring.open_vacancies is 'Positions still unfilled at the end of the month (a stock, not a flow: do not sum it over months).';
comment on column fact_hiring.source_file is 'File the current version of the row was loaded from (lineage).';
comment on column fact_hiring.source_line is 'Line of that file, the header being line 1 (lineage).';
comment on column fact_hiring.loaded_at is 'When that file was loaded (lineage).';
