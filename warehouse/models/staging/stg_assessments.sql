-- grain: one row per skill assessment (learner x skill x assessment date), as loaded (key: learner_id, skill_code, assessed_on)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
create or replace view stg_assessments as

with source as (
    select * from raw.assessments
),

final as (
    select
        learner_id,
        skill_code,
        assessed_on,
        score,
        method,
        source_file,
        source_line,
        loaded_at
    from source
)

select * from final;

comment on view stg_assessments is 'Staging view of the assessments landing table: one row per assessment of a learner on a skill on a date, values as validated by the pipeline. Read fact_assessment instead for analysis.';
comment on column stg_assessments.learner_id is 'Pseudonymous learner identifier, the same as in the enrolments.';
comment on column stg_assessments.skill_code is 'Skill assessed; see dim_skill.';
comment on column stg_assessments.assessed_on is 'Date of the assessment.';
comment on column stg_assessments.score is 'Score from 0 to 100.';
comment on column stg_assessments.method is 'How the skill was assessed: vr, ar, digital_twin, serious_game, practical or written; null when the file did not say.';
comment on column stg_assessments.source_file is 'File the current version of the row was loaded from.';
comment on column stg_assessments.source_line is 'Line of that file, the header being line 1.';
comment on column stg_assessments.loaded_at is 'When that file was loaded.';
