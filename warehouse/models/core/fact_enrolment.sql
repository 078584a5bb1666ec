-- grain: one row per enrolment (learner x programme x start date) (key: learner_id, programme_code, start_date)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
create or replace table fact_enrolment as

with enrolments as (
    select * from stg_enrolments
),

programmes as (
    select programme_code, trade_code, pathway from dim_programme
),

final as (
    select
        enrolments.learner_id,
        enrolments.programme_code,
        programmes.trade_code,
        enrolments.region_code,
        enrolments.start_date,
        enrolments.end_date,
        year(enrolments.start_date)::integer as cohort_year,
        enrolments.status,
        enrolments.certified,
        coalesce(enrolments.pathway_reported, programmes.pathway) as pathway,
        enrolments.pathway_reported is null as pathway_from_programme,
        enrolments.source_file,
        enrolments.source_line,
        enrolments.loaded_at
    from enrolments
    left join programmes
        on programmes.programme_code = enrolments.programme_code
)

select * from final;

comment on table fact_enrolment is 'Enrolments of learners in training programmes: one row per learner x programme x start date (the natural key of the enrolments files), with the trade the programme trains for and the line of the file it came from.';
comment on column fact_enrolment.learner_id is 'Pseudonymous learner identifier (no name, birth date or contact ever enters the warehouse). Counts of learners below 5 must be shown as "< 5" outside the analysts'' tools.';
comment on column fact_enrolment.programme_code is 'The programme; see dim_programme.';
comment on column fact_enrolment.trade_code is 'Trade the programme trains for (dim_programme.trade_code); null only if the programme has since been removed from the reference.';
comment on column fact_enrolment.region_code is 'INSEE code of the region of the training site, as text; see dim_region.';
comment on column fact_enrolment.start_date is 'First day of the enrolment.';
comment on column fact_enrolment.end_date is 'Last day of the enrolment; always set when completed, may be null for an enrolment in progress or withdrawn.';
comment on column fact_enrolment.cohort_year is 'Cohort year: the calendar year of start_date.';
comment on column fact_enrolment.status is 'enrolled (still in training), completed or withdrawn.';
comment on column fact_enrolment.certified is 'True when the learner obtained the certification (only ever for a completed enrolment); null when the file did not say, which counts as not certified.';
comment on column fact_enrolment.pathway is 'initial, continuing or apprenticeship: as given in the file, else the programme''s default pathway.';
comment on column fact_enrolment.pathway_from_programme is 'True when the file gave no pathway and pathway is the programme''s default.';
comment on column fact_enrolment.source_file is 'File the current version of the row was loaded from (lineage).';
comment on column fact_enrolment.source_line is 'Line of that file, the header being line 1 (lineage).';
comment on column fact_enrolment.loaded_at is 'When that file was loaded (lineage).';
