-- grain: one row: the state of this build of the warehouse (key: none)
create or replace table warehouse_info as

with fact_dates as (
    select max(start_date) as latest_date from fact_enrolment
    union all
    select max(end_date) from fact_enrolment
    union all
    select max(assessed_on) from fact_assessment
    union all
    select max(hired_on) from fact_placement
    union all
    select max(last_day(month)) from fact_hiring
),

loaded_files as (
    select source, is_demo, finished_at
    from load_log
    where status = 'loaded'
),

last_loads as (
    select
        max(finished_at) filter (where source = 'enrolments') as enrolments_loaded_at,
        max(finished_at) filter (where source = 'assessments') as assessments_loaded_at,
        max(finished_at) filter (where source = 'hiring') as hiring_loaded_at,
        max(finished_at) filter (where source = 'placements') as placements_loaded_at,
        max(finished_at) filter (where source = 'bmo') as bmo_loaded_at,
        coalesce(bool_or(is_demo), false) as any_demo_file
    from loaded_files
),

final as (
    select
        (select max(latest_date) from fact_dates) as as_of,
        (current_timestamp at time zone 'UTC')::timestamp as built_at,
        case when last_loads.any_demo_file then 'demo' else 'real' end as data_mode,
        getvariable('product_version')::varchar as product_version,
        getvariable('reference_version')::varchar as reference_version,
        'ok' as status,
        last_loads.enrolments_loaded_at,
        last_loads.assessments_loaded_at,
        last_loads.hiring_loaded_at,
        last_loads.placements_loaded_at,
        last_loads.bmo_loaded_at
    from last_loads
)

select * from final;

comment on table warehouse_info is 'One row describing this build of the warehouse: the date its figures run to (as_of), when it was built, whether it holds demonstration data, and the versions of the product and of its reference data. Quote as_of with any figure.';
comment on column warehouse_info.as_of is 'Latest date present in the loaded facts: enrolment start and end dates, assessment dates, placement dates and the last day of each hiring month. Never the wall clock, so results are reproducible; null while no fact is loaded. The six-month placement window of mart_training_funnel is measured against it.';
comment on column warehouse_info.built_at is 'When this build ran, in UTC.';
comment on column warehouse_info.data_mode is 'demo when any loaded file is unmodified demonstration data (load_log.is_demo), else real. Demo figures are invented and must not be quoted.';
comment on column warehouse_info.product_version is 'Version of the bioprod-workforce product that built the warehouse (0.0.0 when not installed as a package).';
comment on column warehouse_info.reference_version is 'Short hash of the reference CSVs (regions, trades, skills, trade skills, programmes, goal) the dimensions were built from; it changes whenever someone edits them.';
comment on column warehouse_info.status is 'ok once the build has run every model (a failed build is never published).';
comment on column warehouse_info.enrolments_loaded_at is 'When the last enrolments file was loaded; null when none was.';
comment on column warehouse_info.assessments_loaded_at is 'When the last assessments file was loaded; null when none was.';
comment on column warehouse_info.hiring_loaded_at is 'When the last hiring file was loaded; null when none was.';
comment on column warehouse_info.placements_loaded_at is 'When the last placements file was loaded; null when none was.';
comment on column warehouse_info.bmo_loaded_at is 'When the last BMO file was loaded; null when none was.';
