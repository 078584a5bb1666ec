-- grain: one row per completed enrolment (learner x programme x start date) (key: learner_id, programme_code, start_date)
-- local to learner_id: a learner's rows come only from that learner's rows of what it reads
create or replace table fact_job_readiness as

with completed_enrolments as (
    select
        learner_id,
        programme_code,
        start_date,
        trade_code,
        region_code,
        end_date
    from fact_enrolment
    where status = 'completed'
        and end_date is not null
),

skills_by_enrolment as (
    select
        learner_id,
        programme_code,
        start_date,
        count(*) as required_skills,
        count(*) filter (where meets_requirement) as skills_met,
        count(*) filter (where assessed and not meets_requirement) as skills_below_level,
        count(*) filter (where not assessed) as skills_never_assessed
    from fact_job_readiness_skill
    group by learner_id, programme_code, start_date
),

final as (
    select
        completed_enrolments.learner_id,
        completed_enrolments.programme_code,
        completed_enrolments.start_date,
        completed_enrolments.trade_code,
        completed_enrolments.region_code,
        completed_enrolments.end_date,
        date_trunc('quarter', completed_enrolments.end_date)::date as end_quarter_start,
        year(completed_enrolments.end_date)::integer as end_year,
        coalesce(skills_by_enrolment.required_skills, 0) as required_skills,
        coalesce(skills_by_enrolment.skills_met, 0) as skills_met,
        coalesce(skills_by_enrolment.skills_below_level, 0) as skills_below_level,
        coalesce(skills_by_enrolment.skills_never_assessed, 0) as skills_never_assessed,
        coalesce(skills_by_enrolment.skills_below_level + skills_by_enrolment.skills_never_assessed, 0)
            as skills_missing,
        coalesce(skills_by_enrolment.skills_met = skills_by_enrolment.required_skills, true) as job_ready
    from completed_enrolments
    left join skills_by_enrolment
        on skills_by_enrolment.learner_id = completed_enrolments.learner_id
        and skills_by_enrolment.programme_code = completed_enrolments.programme_code
        and skills_by_enrolment.start_date = completed_enrolments.start_date
)

select * from final;

comment on table fact_job_readiness is 'Job-readiness of every completed enrolment: job-ready when, for every skill the programme''s trade requires, the learner''s latest assessment on or before the enrolment''s end_date is at or above the required level (a required skill never assessed means not job-ready). Feeds the supply side of mart_talent_gap; fact_job_readiness_skill has the skill-by-skill detail.';
comment on column fact_job_readiness.learner_id is 'Pseudonymous learner identifier; with programme_code and start_date, the enrolment (fact_enrolment).';
comment on column fact_job_readiness.programme_code is 'Programme of the enrolment.';
comment on column fact_job_readiness.start_date is 'Start date of the enrolment.';
comment on column fact_job_readiness.trade_code is 'Trade the programme trains for.';
comment on column fact_job_readiness.region_code is 'INSEE code of the region of the training site, as text.';
comment on column fact_job_readiness.end_date is 'End date of the enrolment, when the learner graduated.';
comment on column fact_job_readiness.end_quarter_start is 'First day of the calendar quarter of end_date: the quarter the graduate joins the supply of mart_talent_gap.';
comment on column fact_job_readiness.end_year is 'Calendar year of end_date.';
comment on column fact_job_readiness.required_skills is 'Skills the trade requires (trade_skill_requirement).';
comment on column fact_job_readiness.skills_met is 'Required skills whose latest assessment by end_date reaches the required level.';
comment on column fact_job_readiness.skills_below_level is 'Required skills assessed by end_date whose latest assessment is below the required level.';
comment on column fact_job_readiness.skills_never_assessed is 'Required skills never assessed on or before end_date.';
comment on column fact_job_readiness.skills_missing is 'Required skills not met: skills_below_level + skills_never_assessed.';
comment on column fact_job_readiness.job_ready is 'True when every required skill is met (skills_missing = 0).';
