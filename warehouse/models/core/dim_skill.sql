-- grain: one row per skill of the reference skills.csv (key: skill_code)
create or replace table dim_skill as

with skills as (
    select * from ref_skills
),

final as (
    select
        skill_code,
        label_fr,
        label_en,
        domain
    from skills
)

select * from final
order by skill_code;

comment on table dim_skill is 'The skills framework of bioproduction (reference skills.csv, editable): the skills assessed and required by trades.';
comment on column dim_skill.skill_code is 'Skill code (GMP, ASEPTIC, CHROMA, ...).';
comment on column dim_skill.label_fr is 'Skill name in French.';
comment on column dim_skill.label_en is 'Skill name in English.';
comment on column dim_skill.domain is 'Domain of the skill: quality, production, upstream, downstream, fill-finish, quality-control, validation, digital, maintenance, management.';
