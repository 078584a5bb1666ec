-- grain: one row per goal of the reference goal.csv (one: 10,000 jobs created from 2021 to 2030) (key: goal_code)
create or replace table dim_goal as

with goals as (
    select * from ref_goal
),

final as (
    select
        goal_code,
        label_fr,
        label_en,
        target_jobs,
        start_month,
        end_month,
        date_diff('month', start_month, end_month) + 1 as months_in_window
    from goals
)

select * from final
order by goal_code;

comment on table dim_goal is 'The sector''s jobs goal (reference goal.csv, editable): how many bioproduction jobs are to be created between its first and last month. The goal marts read its single row.';
comment on column dim_goal.goal_code is 'Goal code.';
comment on column dim_goal.label_fr is 'Goal stated in French.';
comment on column dim_goal.label_en is 'Goal stated in English.';
comment on column dim_goal.target_jobs is 'Jobs to create over the window (10,000).';
comment on column dim_goal.start_month is 'First month of the window, as its first day (2021-01-01); hiring reported before it does not count.';
comment on column dim_goal.end_month is 'Last month of the window, as its first day (2030-12-01), included.';
comment on column dim_goal.months_in_window is 'Months from start_month to end_month inclusive (120), the N of the linear target trajectory.';
