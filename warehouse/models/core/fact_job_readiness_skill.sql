-- grain: one row per completed enrolment x skill its programme's trade requires (key: learner_id, programme_code, start_date, skill_code)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
create or replace table fact_job_readiness_skill as

-- Each completed enrolment and each requirement is numbered, so that the latest assessments
-- are grouped and joined back on two integers rather than on the learner, the skill and the
-- date (0.15-0.25 s of 1.7 s at demo scale 20). Materialized, and the requirements
-- numbered in their key's order: both readings of enrolment_requirements see the same numbers.
with completed_enrolments as materialized (
    select
        learner_id,
        programme_code,
        start_date,
        trade_code,
        region_code,
        end_date,
        row_number() over () as enrolment_number
    from fact_enrolment
    where status = 'completed'
        and end_date is not null
),

required_skills as (
    select
        trade_code,
        skill_code,
        required_level,
        row_number() over (order by trade_code, skill_code) as requirement_number
    from trade_skill_requirement
),

-- Read twice (to find the latest assessments, then to join them back). Not materialized:
-- repeating this cheap join is faster than storing its rows (measured at demo scale 20).
enrolment_requirements as not materialized (
    select
        completed_enrolments.learner_id,
        completed_enrolments.programme_code,
        completed_enrolments.start_date,
        completed_enrolments.trade_code,
        completed_enrolments.region_code,
        completed_enrolments.end_date,
        required_skills.skill_code,
        required_skills.required_level,
        completed_enrolments.enrolment_number,
        required_skills.requirement_number
    from completed_enrolments
    inner join required_skills
        on required_skills.trade_code = completed_enrolments.trade_code
),

-- The latest assessment up to end_date: the greatest recency_key, that is the greatest
-- assessed_on, ties broken by the higher score (see fact_assessment). It is grouped by the
-- enrolment's and the requirement's numbers (a learner, an end_date and a skill) and joined
-- back below; a skill never assessed by end_date has no row.
-- Its level is the level of its score, reckoned once per group rather than aggregated too.
latest_assessment as (
    select
        enrolment_requirements.enrolment_number,
        enrolment_requirements.requirement_number,
        max(fact_assessment.assessed_on) as assessed_on,
        arg_max(fact_assessment.score, fact_assessment.recency_key) as score
    from enrolment_requirements
    inner join fact_assessment
        on fact_assessment.learner_id = enrolment_requirements.learner_id
        and fact_assessment.skill_code = enrolment_requirements.skill_code
        and fact_assessment.assessed_on <= enrolment_requirements.end_date
    group by
        enrolment_requirements.enrolment_number,
        enrolment_requirements.requirement_number
),

final as (
    select
        enrolment_requirements.learner_id,
        enrolment_requirements.programme_code,
        enrolment_requirements.start_date,
        enrolment_requirements.trade_code,
        enrolment_requirements.region_code,
        enrolment_requirements.end_date,
        enrolment_requirements.skill_code,
        enrolment_requirements.required_level,
        latest_assessment.assessed_on as latest_assessed_on,
        latest_assessment.score as latest_score,
        skill_level(latest_assessment.score) as latest_level,
        latest_assessment.assessed_on is not null as assessed,
        coalesce(skill_level(latest_assessment.score) >= enrolment_requirements.required_level, false)
            as meets_requirement
    from enrolment_requirements
    left join latest_assessment
        on latest_assessment.enrolment_number = enrolment_requirements.enrolment_number
        and latest_assessment.requirement_number = enrolment_requirements.requirement_number
)

select * from final;

comment on table fact_job_readiness_skill is 'For every completed enrolment, each skill its programme''s trade requires and whether the learner''s latest assessment of it on or before the enrolment''s end_date reaches the required level. The detail behind fact_job_readiness: the rows with meets_requirement false are the skills that block job-readiness.';
comment on column fact_job_readiness_skill.learner_id is 'Pseudonymous learner identifier; with programme_code and start_date, the enrolment (fact_enrolment).';
comment on column fact_job_readiness_skill.programme_code is 'Programme of the enrolment.';
comment on column fact_job_readiness_skill.start_date is 'Start date of the enrolment.';
comment on column fact_job_readiness_skill.trade_code is 'Trade the programme trains for, whose requirements apply.';
comment on column fact_job_readiness_skill.region_code is 'INSEE code of the region of the training site, as text.';
comment on column fact_job_readiness_skill.end_date is 'End date of the enrolment: assessments after it are not taken into account.';
comment on column fact_job_readiness_skill.skill_code is 'A skill the trade requires; see dim_skill.';
comment on column fact_job_readiness_skill.required_level is 'Level the trade requires on the skill, 1 to 4.';
comment on column fact_job_readiness_skill.latest_assessed_on is 'Date of the learner''s latest assessment of the skill on or before end_date (greatest date, ties broken by the higher score); null when never assessed by then.';
comment on column fact_job_readiness_skill.latest_score is 'Score, 0 to 100, of that latest assessment; null when never assessed.';
comment on column fact_job_readiness_skill.latest_level is 'Level, 1 to 4, of that latest assessment; null when never assessed.';
comment on column fact_job_readiness_skill.assessed is 'True when the learner was assessed on the skill on or before end_date.';
comment on column fact_job_readiness_skill.meets_requirement is 'True when latest_level >= required_level; false when below it or never assessed.';
