-- grain: one row per BMO survey year loaded x mapped métier code that year's rows do not hold (key: year, bmo_code)
create or replace view mart_bmo_missing_codes as

-- France Travail renames métiers from time to time (BMO moved from the FAP 2009 to the FAP 2021
-- nomenclature): a mapped code a survey year lacks is most likely a code to update in bmo_trades.csv,
-- and its trades are short of public demand that year until it is.

with loaded_years as (
    select
        year,
        string_agg(distinct source_file, ', ' order by source_file) as source_files
    from fact_bmo
    group by year
),

mapped_codes as (
    select
        bmo_code,
        any_value(bmo_label) as bmo_label,
        string_agg(target_code, ', ' order by target_code) as mapped_to
    from bmo_trade_mapping
    group by bmo_code
),

present as (
    select distinct year, bmo_code from fact_bmo
),

final as (
    select
        loaded_years.year,
        mapped_codes.bmo_code,
        mapped_codes.bmo_label,
        mapped_codes.mapped_to,
        loaded_years.source_files
    from loaded_years
    cross join mapped_codes
    left join present
        on present.year = loaded_years.year
        and present.bmo_code = mapped_codes.bmo_code
    where present.bmo_code is null
)

select * from final
order by year, bmo_code;

comment on view mart_bmo_missing_codes is 'The BMO métier codes of the mapping (bmo_trade_mapping, reference bmo_trades.csv) that a loaded survey year does not hold: most likely renamed by France Travail, to update in bmo_trades.csv (docs/bmo.md). Listed by workforce status and on /quality.';
comment on column mart_bmo_missing_codes.year is 'The survey year loaded.';
comment on column mart_bmo_missing_codes.bmo_code is 'The mapped BMO métier code none of that year''s rows has.';
comment on column mart_bmo_missing_codes.bmo_label is 'Its name in the mapping file.';
comment on column mart_bmo_missing_codes.mapped_to is 'The trades or families the code feeds, comma-separated: their public demand that year lacks it.';
comment on column mart_bmo_missing_codes.source_files is 'The files that year''s rows were loaded from, comma-separated.';
