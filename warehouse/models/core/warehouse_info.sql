-- grain: one row: the state of this build of the warehouse (key: none)
create or replace table warehouse_info as

-- The last day the loaded data describes, never a day still to come. Observed dates (starts, the end
-- of a completed or withdrawn enrolment, assessments, hires) are refused at load when in the future,
-- so they count as they are. Two kinds of date are not observations: the planned end of an enrolment
-- still in progress (valid up to WORKFORCE_PLANNED_END_YEARS ahead) is left out, and a hiring month
-- counts up to its last day or up to the day its row was loaded, whichever is earlier (a month
-- exported on the 1st of December runs to the 1st, not the 31st).
with fact_dates as (
    select max(start_date) as latest_date from fact_enrolment
    union all
    select max(end_date) from fact_enrolment where status <> 'enrolled'
    union all
    select max(assessed_on) from fact_assessment
    union all
    select max(hired_on) from fact_placement
    union all
    select max(least(last_day(month), loaded_at::date)) from fact_hiring
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
        getvariable('models_version')::varchar as models_version,
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
comment on column warehouse_info.as_of is 'The last day the loaded facts describe: the latest enrolment start date, end date of a completed or withdrawn enrolment (planned ends of enrolments in progress left out), assessment date, placement date, and last day of a hiring month, counted up to the day its row was loaded when the month was not over then; never a day after the data was loaded. Never the wall clock, so results are reproducible; null while no fact is loaded. The six-month placement window of mart_training_funnel is measured against it.';
comment on column warehouse_info.built_at is 'When this build ran, in UTC.';
comment on column warehouse_info.data_mode is 'demo when any loaded file is unmodified demonstration data (load_log.is_demo), else real. Demo figures are invented and must not be quoted.';
comment on column warehouse_info.product_version is 'Version of the bioprod-workforce product that built the warehouse (0.0.0 when not installed as a package).';
comment on column warehouse_info.reference_version is 'Short hash of the reference CSVs (regions, trades, skills, trade skills, programmes, goal, the BMO mapping) the dimensions were built from; it changes whenever someone edits them.';
comment on column warehouse_info.models_version is 'Short hash of the code that builds the warehouse: its SQL models and the Python that runs them and computes the forecast. A load reruns only the models whose inputs it changed when this, product_version and reference_version are those of the last build; otherwise every model runs.';
comment on column warehouse_info.status is 'ok once the build has run every model whose inputs changed since the last build, the others being as that build left them (a failed build is never published).';
comment on column warehouse_info.enrolments_loaded_at is 'When the last enrolments file was loaded; null when none was.';
comment on column warehouse_info.assessments_loaded_at is 'When the last assessments file was loaded; null when none was.';
comment on column warehouse_info.hiring_loaded_at is 'When the last hiring file was loaded; null when none was.';
comment on column warehouse_info.placements_loaded_at is 'When the last placements file was loaded; null when none was.';
comment on column warehouse_info.bmo_loaded_at is 'When the last BMO file was loaded; null when none was.';
