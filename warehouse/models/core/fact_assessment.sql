-- grain: one row per skill assessment (learner x skill x assessment date) (key: learner_id, skill_code, assessed_on)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
-- A view, not a table: it is the largest fact (millions of rows) and adds only
-- year, level and recency_key to each landing row, so copying it would double the file
-- and the build time for no faster read.
create or replace view fact_assessment as

with assessments as (
    select * from stg_assessments
),

final as (
    select
        learner_id,
        skill_code,
        assessed_on,
        year(assessed_on)::integer as year,
        score,
        skill_level(score) as level,
        -- The latest-assessment rule as one number, so that readers take arg_max(..., recency_key)
        -- rather than comparing dates then scores: days since 1970 above the nine low digits,
        -- the score (0 to 100) in millionths below them.
        (assessed_on - date '1970-01-01')::bigint * 1000000000 + round(score * 1000000)::bigint as recency_key,
        method,
        source_file,
        source_line,
        loaded_at
    from assessments
)

select * from final;

comment on view fact_assessment is 'Skill assessments of learners: one row per learner x skill x date (the natural key of the assessments files), with the level the score reaches and the line of the file it came from.';
comment on column fact_assessment.learner_id is 'Pseudonymous learner identifier, the same as in fact_enrolment.';
comment on column fact_assessment.skill_code is 'The skill assessed; see dim_skill.';
comment on column fact_assessment.assessed_on is 'Date of the assessment. A learner''s latest assessment of a skill up to a date is the one with the greatest assessed_on on or before it, ties broken by the higher score.';
comment on column fact_assessment.year is 'Calendar year of assessed_on.';
comment on column fact_assessment.score is 'Score from 0 to 100.';
comment on column fact_assessment.level is 'Skill level the score reaches: 1 below 40 (notions), 2 from 40 to below 60 (application), 3 from 60 to below 80 (maîtrise), 4 from 80 (expertise); compared with trade_skill_requirement.required_level.';
comment on column fact_assessment.recency_key is 'Orders a learner''s assessments of a skill from the earliest to the latest: among those on or before a date, the one with the greatest recency_key is the latest assessment (greatest assessed_on, ties broken by the higher score), so arg_max(score, recency_key) is its score. Days since 1970-01-01 times 10^9 plus the score in millionths.';
comment on column fact_assessment.method is 'How the skill was assessed: vr (virtual reality), ar (augmented reality), digital_twin, serious_game, practical or written; null when the file did not say.';
comment on column fact_assessment.source_file is 'File the current version of the row was loaded from (lineage).';
comment on column fact_assessment.source_line is 'Line of that file, the header being line 1 (lineage).';
comment on column fact_assessment.loaded_at is 'When that file was loaded (lineage).';
