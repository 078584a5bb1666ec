-- grain: one row per placement (learner x employer x hiring date) (key: learner_id, employer_id, hired_on)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
-- A view, not a table: it adds only its year to each landing row, so copying its rows would
-- cost every load that changes them a tenth of a second (scale 20) for no faster read.
create or replace view fact_placement as

with placements as (
    select * from stg_placements
),

final as (
    select
        learner_id,
        employer_id,
        trade_code,
        region_code,
        hired_on,
        year(hired_on)::integer as year,
        contract,
        source_file,
        source_line,
        loaded_at
    from placements
)

select * from final;

comment on view fact_placement is 'Trained learners hired by employers: one row per learner x employer x hiring date (the natural key of the placements files). Feeds the six-month placement rate of mart_training_funnel.';
comment on column fact_placement.learner_id is 'Pseudonymous learner identifier, the same as in fact_enrolment.';
comment on column fact_placement.employer_id is 'Identifier of the hiring employer.';
comment on column fact_placement.trade_code is 'Trade of the position the learner was hired into; see dim_trade.';
comment on column fact_placement.region_code is 'INSEE code of the region of the position, as text; see dim_region.';
comment on column fact_placement.hired_on is 'Date of hiring.';
comment on column fact_placement.year is 'Calendar year of hired_on.';
comment on column fact_placement.contract is 'Contract type: cdi (permanent), cdd (fixed-term), interim or apprenticeship.';
comment on column fact_placement.source_file is 'File the current version of the row was loaded from (lineage).';
comment on column fact_placement.source_line is 'Line of that file, the header being line 1 (lineage).';
comment on column fact_placement.loaded_at is 'When that file was loaded (lineage).';
