-- grain: one row per placement (learner x employer x hiring date), as loaded (key: learner_id, employer_id, hired_on)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
create or replace view stg_placements as

with source as (
    select * from raw.placements
),

final as (
    select
        learner_id,
        employer_id,
        trade_code,
        region_code,
        hired_on,
        contract,
        source_file,
        source_line,
        loaded_at
    from source
)

select * from final;

comment on view stg_placements is 'Staging view of the placements landing table: a trained learner hired by an employer on a date. Read fact_placement instead for analysis.';
comment on column stg_placements.learner_id is 'Pseudonymous learner identifier, the same as in the enrolments.';
comment on column stg_placements.employer_id is 'Identifier of the hiring employer.';
comment on column stg_placements.trade_code is 'Trade of the position the learner was hired into; see dim_trade.';
comment on column stg_placements.region_code is 'INSEE code of the region of the position, as text; see dim_region.';
comment on column stg_placements.hired_on is 'Date of hiring.';
comment on column stg_placements.contract is 'Contract type: cdi (permanent), cdd (fixed-term), interim or apprenticeship.';
comment on column stg_placements.source_file is 'File the current version of the row was loaded from.';
comment on column stg_placements.source_line is 'Line of that file, the header being line 1.';
comment on column stg_placements.loaded_at is 'When that file was loaded.';
