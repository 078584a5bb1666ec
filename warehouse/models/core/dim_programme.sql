-- grain: one row per training programme of the reference programmes.csv (key: programme_code)
create or replace table dim_programme as

with programmes as (
    select * from ref_programmes
),

final as (
    select
        programme_code,
        title_fr,
        title_en,
        trade_code,
        pathway,
        modality,
        duration_hours
    from programmes
)

select * from final
order by programme_code;

comment on table dim_programme is 'The training programmes (reference programmes.csv, editable), each aimed at one trade, with its default pathway, modality and duration.';
comment on column dim_programme.programme_code is 'Programme code, the key of the enrolments.';
comment on column dim_programme.title_fr is 'Programme title in French.';
comment on column dim_programme.title_en is 'Programme title in English.';
comment on column dim_programme.trade_code is 'The trade the programme trains for; its learners are measured against that trade''s skill requirements.';
comment on column dim_programme.pathway is 'Default pathway: initial, continuing or apprenticeship; applies to an enrolment whose file did not give one.';
comment on column dim_programme.modality is 'How it is taught: in_person, blended, digital or immersive.';
comment on column dim_programme.duration_hours is 'Duration of the programme in hours.';
