-- grain: one row per programme x pathway x region x cohort year (key: programme_code, pathway, region_code, cohort_year)
create or replace table mart_training_pathway as

-- The training funnel at its finest grain: split by the pathway of each enrolment (a programme's
-- learners may follow it in initial training, continuing training or apprenticeship).
-- mart_training_funnel is this mart summed over pathway, so the two can never disagree.

with enrolment_outcomes as (
    select
        programme_code,
        trade_code,
        pathway,
        region_code,
        cohort_year,
        status,
        certified,
        eligible_6m,
        placed_6m
    from fact_enrolment_outcome
),

funnel as (
    select
        programme_code,
        trade_code,
        pathway,
        region_code,
        cohort_year,
        count(*) as enrolled,
        count(*) filter (where status = 'enrolled') as in_progress,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'withdrawn') as withdrawn,
        count(*) filter (where status = 'completed' and certified) as certified,
        count(*) filter (where eligible_6m) as eligible_6m,
        count(*) filter (where placed_6m) as placed_6m
    from enrolment_outcomes
    group by programme_code, trade_code, pathway, region_code, cohort_year
),

final as (
    select
        programme_code,
        trade_code,
        pathway,
        region_code,
        cohort_year,
        enrolled,
        in_progress,
        completed,
        withdrawn,
        certified,
        completion_rate(completed, withdrawn) as completion_rate,
        certification_rate(certified, completed) as certification_rate,
        eligible_6m,
        placed_6m,
        placement_rate(placed_6m, eligible_6m) as placement_rate_6m
    from funnel
)

select * from final
order by cohort_year, programme_code, pathway, region_code;

comment on table mart_training_pathway is 'The training funnel split by the pathway of each enrolment (initial, continuing, apprenticeship), to compare pathways and, through dim_programme.modality, modalities. mart_training_funnel is this mart summed over pathway. Counts are of enrolments.';
comment on column mart_training_pathway.programme_code is 'The programme; see dim_programme (title, modality, duration).';
comment on column mart_training_pathway.trade_code is 'Trade the programme trains for.';
comment on column mart_training_pathway.pathway is 'Pathway of the enrolments: initial, continuing or apprenticeship (fact_enrolment.pathway: as given in the file, else the programme''s default).';
comment on column mart_training_pathway.region_code is 'INSEE code of the region of the training site, as text.';
comment on column mart_training_pathway.cohort_year is 'Cohort year: the calendar year of the enrolments'' start_date.';
comment on column mart_training_pathway.enrolled is 'Enrolments of the cohort on this pathway, whatever their status: in_progress + completed + withdrawn. [learner count: in_progress + completed + withdrawn]';
comment on column mart_training_pathway.in_progress is 'Enrolments still in training (status enrolled). [learner count]';
comment on column mart_training_pathway.completed is 'Enrolments completed. [learner count]';
comment on column mart_training_pathway.withdrawn is 'Enrolments abandoned (status withdrawn). [learner count]';
comment on column mart_training_pathway.certified is 'Completed enrolments whose learner obtained the certification. [learner count]';
comment on column mart_training_pathway.completion_rate is 'completed / (completed + withdrawn), between 0 and 1: enrolments still in training are left out; null when none has finished. [ratio of completed, withdrawn]';
comment on column mart_training_pathway.certification_rate is 'certified / completed, between 0 and 1; null when none completed. [ratio of certified, completed]';
comment on column mart_training_pathway.eligible_6m is 'Completed enrolments whose end_date + 183 days is on or before warehouse_info.as_of: old enough for their six-month placement to be known. [learner count]';
comment on column mart_training_pathway.placed_6m is 'Eligible enrolments whose learner has a placement (any employer, trade or region) with hired_on between the enrolment''s start_date and end_date + 183 days inclusive. [learner count]';
comment on column mart_training_pathway.placement_rate_6m is 'placed_6m / eligible_6m, between 0 and 1; null when no enrolment is eligible yet. [ratio of placed_6m, eligible_6m]';
