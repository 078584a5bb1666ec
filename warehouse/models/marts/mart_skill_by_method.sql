-- grain: one row per trade x skill it requires x assessment method x year (key: trade_code, skill_code, method, year)
create or replace table mart_skill_by_method as

with requirements as (
    select trade_code, skill_code, required_level from trade_skill_requirement
),

trade_learners as (
    select distinct learner_id, trade_code
    from fact_enrolment
    where trade_code is not null
),

-- Materialized so that the assessments meet their learner's trades first (a join on
-- learner_id alone) and only then the requirements: left to itself the optimizer builds a
-- hash table of every learner x required skill instead, which is slower.
learner_assessments_by_trade as materialized (
    select
        trade_learners.trade_code,
        fact_assessment.skill_code,
        fact_assessment.method,
        fact_assessment.year,
        fact_assessment.score,
        fact_assessment.level
    from fact_assessment
    inner join trade_learners
        on trade_learners.learner_id = fact_assessment.learner_id
),

trade_assessments as (
    select
        requirements.trade_code,
        requirements.skill_code,
        requirements.required_level,
        learner_assessments_by_trade.method,
        learner_assessments_by_trade.year,
        learner_assessments_by_trade.score,
        learner_assessments_by_trade.level
    from learner_assessments_by_trade
    inner join requirements
        on requirements.trade_code = learner_assessments_by_trade.trade_code
        and requirements.skill_code = learner_assessments_by_trade.skill_code
),

by_method as (
    select
        trade_code,
        skill_code,
        method,
        year,
        required_level,
        count(*) as assessments,
        avg(score) as mean_score,
        avg(level) as mean_level,
        count(*) filter (where level >= required_level) as proficient_assessments
    from trade_assessments
    group by trade_code, skill_code, method, year, required_level
),

final as (
    select
        trade_code,
        skill_code,
        method,
        year,
        required_level,
        assessments,
        mean_score,
        mean_level,
        proficient_assessments,
        proficient_share(proficient_assessments, assessments) as proficient_share
    from by_method
)

select * from final
order by year, trade_code, skill_code, method;

comment on table mart_skill_by_method is 'How learners score on each skill their trade requires depending on how they were assessed (virtual or augmented reality, digital twin, serious game, practical, written), by year: every assessment counts, not only the latest, to compare the methods.';
comment on column mart_skill_by_method.trade_code is 'The trade of the learners'' programmes (a learner enrolled for two trades counts under each); see dim_trade.';
comment on column mart_skill_by_method.skill_code is 'A skill the trade requires; see dim_skill.';
comment on column mart_skill_by_method.method is 'Assessment method: vr, ar, digital_twin, serious_game, practical or written; null when the files did not say.';
comment on column mart_skill_by_method.year is 'Calendar year of the assessments.';
comment on column mart_skill_by_method.required_level is 'Level the trade requires on the skill, 1 to 4.';
comment on column mart_skill_by_method.assessments is 'Assessments of the skill with this method in the year by learners enrolled in a programme of the trade; an assessment is one learner''s, so it is protected like a learner count. [learner count]';
comment on column mart_skill_by_method.mean_score is 'Mean score of those assessments, 0 to 100. [follows assessments]';
comment on column mart_skill_by_method.mean_level is 'Mean level of those assessments, 1 to 4. [follows assessments]';
comment on column mart_skill_by_method.proficient_assessments is 'Assessments at or above required_level. [learner count]';
comment on column mart_skill_by_method.proficient_share is 'proficient_assessments / assessments, between 0 and 1. [ratio of proficient_assessments, assessments]';
