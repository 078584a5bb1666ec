-- grain: one row per programme x region x cohort year (key: programme_code, region_code, cohort_year)
create or replace table mart_training_funnel as

-- mart_training_pathway summed over pathway: one model counts the funnel, so the two marts agree.
with funnel as (
    select
        programme_code,
        trade_code,
        region_code,
        cohort_year,
        sum(enrolled)::bigint as enrolled,
        sum(in_progress)::bigint as in_progress,
        sum(completed)::bigint as completed,
        sum(withdrawn)::bigint as withdrawn,
        sum(certified)::bigint as certified,
        sum(eligible_6m)::bigint as eligible_6m,
        sum(placed_6m)::bigint as placed_6m
    from mart_training_pathway
    group by programme_code, trade_code, region_code, cohort_year
),

final as (
    select
        programme_code,
        trade_code,
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
order by cohort_year, programme_code, region_code;

comment on table mart_training_funnel is 'The training funnel of each programme, region and cohort (the year enrolments started): how many enrolled, are still in training, completed, withdrew and were certified, and how many of those who completed at least six months before as_of were hired within six months. Counts are of enrolments; it is mart_training_pathway summed over pathway.';
comment on column mart_training_funnel.programme_code is 'The programme; see dim_programme.';
comment on column mart_training_funnel.trade_code is 'Trade the programme trains for.';
comment on column mart_training_funnel.region_code is 'INSEE code of the region of the training site, as text.';
comment on column mart_training_funnel.cohort_year is 'Cohort year: the calendar year of the enrolments'' start_date.';
comment on column mart_training_funnel.enrolled is 'Enrolments of the cohort, whatever their status (the top of the funnel): in_progress + completed + withdrawn. [learner count: in_progress + completed + withdrawn]';
comment on column mart_training_funnel.in_progress is 'Enrolments still in training (status enrolled). [learner count]';
comment on column mart_training_funnel.completed is 'Enrolments completed. [learner count]';
comment on column mart_training_funnel.withdrawn is 'Enrolments abandoned (status withdrawn). [learner count]';
comment on column mart_training_funnel.certified is 'Completed enrolments whose learner obtained the certification. [learner count]';
comment on column mart_training_funnel.completion_rate is 'completed / (completed + withdrawn), between 0 and 1: enrolments still in training are left out; null when none has finished. [ratio of completed, withdrawn]';
comment on column mart_training_funnel.certification_rate is 'certified / completed, between 0 and 1; null when none completed. [ratio of certified, completed]';
comment on column mart_training_funnel.eligible_6m is 'Completed enrolments whose end_date + 183 days is on or before warehouse_info.as_of: old enough for their six-month placement to be known. [learner count]';
comment on column mart_training_funnel.placed_6m is 'Eligible enrolments whose learner has a placement (any employer, trade or region) with hired_on between the enrolment''s start_date and end_date + 183 days inclusive. [learner count]';
comment on column mart_training_funnel.placement_rate_6m is 'placed_6m / eligible_6m, between 0 and 1; null when no enrolment is eligible yet. [ratio of placed_6m, eligible_6m]';
