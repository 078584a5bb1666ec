-- grain: one row per trade x skill it requires x region x year (key: trade_code, skill_code, region_code, year)
create or replace table mart_skill_gap as

with requirements as (
    select trade_code, skill_code, required_level from trade_skill_requirement
),

trade_region_learners as (
    select distinct learner_id, trade_code, region_code
    from fact_enrolment
    where trade_code is not null
),

-- Each learner's latest assessment of each skill within each calendar year: the greatest
-- recency_key, that is the greatest assessed_on, ties broken by the higher score (see fact_assessment).
-- Its level is the level of its score, reckoned once per group rather than aggregated too.
latest_in_year as (
    select
        learner_id,
        skill_code,
        year,
        arg_max(score, recency_key) as latest_score
    from fact_assessment
    group by learner_id, skill_code, year
),

-- Materialized so that the latest assessments meet each learner's trades and regions first
-- (a join on learner_id alone) and only then the requirements: left to itself the optimizer
-- builds a hash table of every learner x required skill instead, which is slower.
learner_latest_by_trade as materialized (
    select
        trade_region_learners.trade_code,
        trade_region_learners.region_code,
        latest_in_year.skill_code,
        latest_in_year.year,
        latest_in_year.latest_score,
        skill_level(latest_in_year.latest_score) as latest_level
    from latest_in_year
    inner join trade_region_learners
        on trade_region_learners.learner_id = latest_in_year.learner_id
),

assessed as (
    select
        requirements.trade_code,
        requirements.skill_code,
        learner_latest_by_trade.region_code,
        learner_latest_by_trade.year,
        count(*) as assessed_learners,
        avg(learner_latest_by_trade.latest_score) as mean_score,
        avg(learner_latest_by_trade.latest_level) as mean_level,
        count(*) filter (where learner_latest_by_trade.latest_level >= requirements.required_level)
            as proficient_learners
    from learner_latest_by_trade
    inner join requirements
        on requirements.trade_code = learner_latest_by_trade.trade_code
        and requirements.skill_code = learner_latest_by_trade.skill_code
    group by
        requirements.trade_code,
        requirements.skill_code,
        learner_latest_by_trade.region_code,
        learner_latest_by_trade.year
),

blocking as (
    select
        trade_code,
        skill_code,
        region_code,
        year(end_date)::integer as year,
        count(distinct learner_id) as blocking_learners
    from fact_job_readiness_skill
    where not meets_requirement
    group by trade_code, skill_code, region_code, year(end_date)
),

combined as (
    select
        coalesce(assessed.trade_code, blocking.trade_code) as trade_code,
        coalesce(assessed.skill_code, blocking.skill_code) as skill_code,
        coalesce(assessed.region_code, blocking.region_code) as region_code,
        coalesce(assessed.year, blocking.year) as year,
        coalesce(assessed.assessed_learners, 0) as assessed_learners,
        assessed.mean_score,
        assessed.mean_level,
        coalesce(assessed.proficient_learners, 0) as proficient_learners,
        coalesce(blocking.blocking_learners, 0) as blocking_learners
    from assessed
    full outer join blocking
        on blocking.trade_code = assessed.trade_code
        and blocking.skill_code = assessed.skill_code
        and blocking.region_code = assessed.region_code
        and blocking.year = assessed.year
),

final as (
    select
        combined.trade_code,
        combined.skill_code,
        combined.region_code,
        combined.year,
        requirements.required_level,
        combined.assessed_learners,
        combined.mean_score,
        combined.mean_level,
        combined.proficient_learners,
        proficient_share(combined.proficient_learners, combined.assessed_learners) as proficient_share,
        combined.blocking_learners
    from combined
    inner join requirements
        on requirements.trade_code = combined.trade_code
        and requirements.skill_code = combined.skill_code
)

select * from final
order by year, trade_code, skill_code, region_code;

comment on table mart_skill_gap is 'Which skills are short, by trade, region and year: for each skill a trade requires, the learners of that trade''s programmes in that region assessed on it during the year, how they score and how many reach the required level, and how many graduates of the year it kept from being job-ready.';
comment on column mart_skill_gap.trade_code is 'The trade; see dim_trade.';
comment on column mart_skill_gap.skill_code is 'A skill the trade requires; see dim_skill.';
comment on column mart_skill_gap.region_code is 'INSEE code of the region of the learners'' training site, as text.';
comment on column mart_skill_gap.year is 'Calendar year: of the assessments for the assessed columns, of the enrolment''s end_date for blocking_learners.';
comment on column mart_skill_gap.required_level is 'Level the trade requires on the skill, 1 to 4.';
comment on column mart_skill_gap.assessed_learners is 'Learners with an enrolment (any status) in a programme of the trade in the region who were assessed on the skill during the year; each counts once, with their latest assessment of the year. [learner count]';
comment on column mart_skill_gap.mean_score is 'Mean score, 0 to 100, of those latest assessments; null when nobody was assessed. [follows assessed_learners]';
comment on column mart_skill_gap.mean_level is 'Mean level, 1 to 4, of those latest assessments; null when nobody was assessed. [follows assessed_learners]';
comment on column mart_skill_gap.proficient_learners is 'Assessed learners whose latest level of the year is at or above required_level. [learner count]';
comment on column mart_skill_gap.proficient_share is 'proficient_learners / assessed_learners, between 0 and 1; null when nobody was assessed. [ratio of proficient_learners, assessed_learners]';
comment on column mart_skill_gap.blocking_learners is 'Learners who completed a programme of the trade in the region during the year (end_date) and are not job-ready because of this skill: their latest assessment of it by end_date is below the required level, or they were never assessed on it. [learner count]';
