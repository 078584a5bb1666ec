-- grain: one row per enrolment (learner x programme x start date), as loaded (key: learner_id, programme_code, start_date)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
create or replace view stg_enrolments as

with source as (
    select * from raw.enrolments
),

final as (
    select
        learner_id,
        programme_code,
        region_code,
        start_date,
        end_date,
        status,
        certified,
        pathway as pathway_reported,
        source_file,
        source_line,
        loaded_at
    from source
)

select * from final;

comment on view stg_enrolments is 'Staging view of the enrolments landing table: one row per learner enrolled in one programme on a start date, values as validated by the pipeline. Read fact_enrolment instead for analysis.';
comment on column stg_enrolments.learner_id is 'Pseudonymous learner identifier from the training centre (no name, birth date or contact ever enters the warehouse).';
comment on column stg_enrolments.programme_code is 'Programme the learner enrolled in; see dim_programme.';
comment on column stg_enrolments.region_code is 'INSEE code of the region of the training site, as text (''01'' keeps its leading zero); see dim_region.';
comment on column stg_enrolments.start_date is 'First day of the enrolment.';
comment on column stg_enrolments.end_date is 'Last day of the enrolment; always set when the status is completed, may be empty otherwise.';
comment on column stg_enrolments.status is 'enrolled (still in training), completed or withdrawn.';
comment on column stg_enrolments.certified is 'Whether the learner obtained the certification; only true for a completed enrolment; null when the file did not say.';
comment on column stg_enrolments.pathway_reported is 'Pathway given in the file (initial, continuing, apprenticeship); null when the file did not say and the programme''s pathway applies.';
comment on column stg_enrolments.source_file is 'File the current version of the row was loaded from.';
comment on column stg_enrolments.source_line is 'Line of that file, the header being line 1.';
comment on column stg_enrolments.loaded_at is 'When that file was loaded.';
