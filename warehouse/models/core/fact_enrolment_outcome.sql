-- grain: one row per enrolment (learner x programme x start date), with its outcome (key: learner_id, programme_code, start_date)
create or replace table fact_enrolment_outcome as

-- What became of each enrolment, for the training funnels: the six-month placement
-- rules of METRICS.md (eligible_6m, placed_6m) are defined here and only here.

with enrolments as (
    select
        learner_id,
        programme_code,
        trade_code,
        pathway,
        region_code,
        cohort_year,
        start_date,
        end_date,
        status,
        certified
    from fact_enrolment
),

warehouse_as_of as (
    select as_of from warehouse_info
),

eligible_enrolments as (
    select
        enrolments.learner_id,
        enrolments.programme_code,
        enrolments.start_date,
        enrolments.end_date
    from enrolments
    cross join warehouse_as_of
    where enrolments.status = 'completed'
        and enrolments.end_date + 183 <= warehouse_as_of.as_of
),

placed_enrolments as (
    select distinct
        eligible_enrolments.learner_id,
        eligible_enrolments.programme_code,
        eligible_enrolments.start_date
    from eligible_enrolments
    inner join fact_placement
        on fact_placement.learner_id = eligible_enrolments.learner_id
        and fact_placement.hired_on between eligible_enrolments.start_date and eligible_enrolments.end_date + 183
),

final as (
    select
        enrolments.learner_id,
        enrolments.programme_code,
        enrolments.start_date,
        enrolments.trade_code,
        enrolments.pathway,
        enrolments.region_code,
        enrolments.cohort_year,
        enrolments.status,
        enrolments.certified,
        eligible_enrolments.learner_id is not null as eligible_6m,
        placed_enrolments.learner_id is not null as placed_6m
    from enrolments
    left join eligible_enrolments
        on eligible_enrolments.learner_id = enrolments.learner_id
        and eligible_enrolments.programme_code = enrolments.programme_code
        and eligible_enrolments.start_date = enrolments.start_date
    left join placed_enrolments
        on placed_enrolments.learner_id = enrolments.learner_id
        and placed_enrolments.programme_code = enrolments.programme_code
        and placed_enrolments.start_date = enrolments.start_date
)

select * from final;

comment on table fact_enrolment_outcome is 'What became of each enrolment: its status and certification, whether it is old enough for its six-month placement to be known (eligible_6m) and whether the learner was placed within six months (placed_6m). mart_training_funnel and mart_training_pathway count these rows.';
comment on column fact_enrolment_outcome.learner_id is 'Pseudonymous learner id.';
comment on column fact_enrolment_outcome.programme_code is 'The programme; see dim_programme.';
comment on column fact_enrolment_outcome.start_date is 'Start of the enrolment (with learner_id and programme_code, the natural key).';
comment on column fact_enrolment_outcome.trade_code is 'Trade the programme trains for.';
comment on column fact_enrolment_outcome.pathway is 'Pathway of the enrolment: initial, continuing or apprenticeship (as given in the file, else the programme''s default).';
comment on column fact_enrolment_outcome.region_code is 'INSEE code of the region of the training site, as text.';
comment on column fact_enrolment_outcome.cohort_year is 'Calendar year of start_date.';
comment on column fact_enrolment_outcome.status is 'enrolled (in training), completed or withdrawn.';
comment on column fact_enrolment_outcome.certified is 'True when the learner obtained the certification (only for completed enrolments); null when the file did not say.';
comment on column fact_enrolment_outcome.eligible_6m is 'Completed, with end_date + 183 days on or before warehouse_info.as_of: old enough for the six-month placement to be known.';
comment on column fact_enrolment_outcome.placed_6m is 'Eligible, and the learner has a placement (any employer, trade or region) with hired_on between start_date and end_date + 183 days inclusive.';
