-- grain: one row per trade x skill it requires x region x year of graduation, for trades with completed enrolments (key: trade_code, skill_code, region_code, year)
create or replace table mart_blocking_skills as

with enrolment_skills as (
    select
        fact_job_readiness_skill.trade_code,
        fact_job_readiness_skill.skill_code,
        fact_job_readiness_skill.region_code,
        fact_job_readiness.end_year as year,
        fact_job_readiness_skill.required_level,
        fact_job_readiness_skill.assessed,
        fact_job_readiness_skill.meets_requirement,
        fact_job_readiness.job_ready,
        fact_job_readiness.skills_missing
    from fact_job_readiness_skill
    inner join fact_job_readiness
        on fact_job_readiness.learner_id = fact_job_readiness_skill.learner_id
        and fact_job_readiness.programme_code = fact_job_readiness_skill.programme_code
        and fact_job_readiness.start_date = fact_job_readiness_skill.start_date
),

skill_outcomes as (
    select
        trade_code,
        skill_code,
        region_code,
        year,
        required_level,
        count(*) as completed_enrolments,
        count(*) filter (where not job_ready) as not_job_ready_enrolments,
        count(*) filter (where not meets_requirement) as blocked_enrolments,
        count(*) filter (where not assessed) as blocked_never_assessed,
        count(*) filter (where assessed and not meets_requirement) as blocked_below_level,
        count(*) filter (where not meets_requirement and skills_missing = 1) as sole_blocker_enrolments
    from enrolment_skills
    group by trade_code, skill_code, region_code, year, required_level
),

final as (
    select
        trade_code,
        skill_code,
        region_code,
        year,
        required_level,
        completed_enrolments,
        not_job_ready_enrolments,
        blocked_enrolments,
        blocked_never_assessed,
        blocked_below_level,
        sole_blocker_enrolments,
        blocked_share(blocked_enrolments, not_job_ready_enrolments) as blocked_share
    from skill_outcomes
)

select * from final
order by year, trade_code, skill_code, region_code;

comment on table mart_blocking_skills is 'The skills that keep graduates from being job-ready: for each trade, each skill it requires, region and year of graduation, how many completed enrolments were not job-ready and how many of them fell short on this skill (below the required level, or never assessed). An enrolment short on several skills counts under each.';
comment on column mart_blocking_skills.trade_code is 'The trade the programmes train for; see dim_trade.';
comment on column mart_blocking_skills.skill_code is 'A skill the trade requires; see dim_skill.';
comment on column mart_blocking_skills.region_code is 'INSEE code of the region of the training site, as text.';
comment on column mart_blocking_skills.year is 'Calendar year of the enrolments'' end_date.';
comment on column mart_blocking_skills.required_level is 'Level the trade requires on the skill, 1 to 4.';
comment on column mart_blocking_skills.completed_enrolments is 'Completed enrolments in programmes of the trade, in the region, ending in the year (the same on every skill of the trade). [learner count]';
comment on column mart_blocking_skills.not_job_ready_enrolments is 'Those of them that are not job-ready (the same on every skill of the trade). [learner count]';
comment on column mart_blocking_skills.blocked_enrolments is 'Not-job-ready enrolments whose learner falls short on this skill by end_date: blocked_never_assessed + blocked_below_level. [learner count: blocked_never_assessed + blocked_below_level]';
comment on column mart_blocking_skills.blocked_never_assessed is 'Of blocked_enrolments, those whose learner was never assessed on the skill by end_date. [learner count]';
comment on column mart_blocking_skills.blocked_below_level is 'Of blocked_enrolments, those whose latest assessment of the skill by end_date is below the required level. [learner count]';
comment on column mart_blocking_skills.sole_blocker_enrolments is 'Of blocked_enrolments, those for which this is the only skill missing: meeting it would have made them job-ready. [learner count]';
comment on column mart_blocking_skills.blocked_share is 'blocked_enrolments / not_job_ready_enrolments, between 0 and 1; null when every enrolment was job-ready. [ratio of blocked_enrolments, not_job_ready_enrolments]';
