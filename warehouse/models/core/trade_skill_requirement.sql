-- grain: one row per trade x skill the trade requires (reference trade_skills.csv) (key: trade_code, skill_code)
create or replace table trade_skill_requirement as

with trade_skills as (
    select * from ref_trade_skills
),

final as (
    select
        trade_code,
        skill_code,
        required_level
    from trade_skills
)

select * from final
order by trade_code, skill_code;

comment on table trade_skill_requirement is 'The skills each trade requires and the level required (reference trade_skills.csv, editable). A graduate is job-ready when assessed at or above the required level on every skill of the trade.';
comment on column trade_skill_requirement.trade_code is 'The trade; see dim_trade.';
comment on column trade_skill_requirement.skill_code is 'A skill the trade requires; see dim_skill.';
comment on column trade_skill_requirement.required_level is 'Level required, 1 to 4 (1 notions, 2 application, 3 maîtrise, 4 expertise); see fact_assessment.level.';
