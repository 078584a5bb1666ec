-- grain: one row per calendar month from the goal's first month (or the first hiring month, if earlier) to its last month (or the last hiring month, if later) (key: month)
create or replace table dim_month as

with goal as (
    select target_jobs, start_month, end_month, months_in_window
    from dim_goal
    order by goal_code
    limit 1
),

hiring_span as (
    select min(month) as first_hiring_month, max(month) as last_hiring_month
    from fact_hiring
),

calendar as (
    select
        unnest(generate_series(
            least(goal.start_month, coalesce(hiring_span.first_hiring_month, goal.start_month)),
            greatest(goal.end_month, coalesce(hiring_span.last_hiring_month, goal.end_month)),
            interval 1 month
        ))::date as month,
        goal.target_jobs,
        goal.start_month,
        goal.end_month,
        goal.months_in_window
    from goal
    cross join hiring_span
),

final as (
    select
        month,
        year(month)::integer as year,
        month(month)::integer as month_of_year,
        date_trunc('quarter', month)::date as quarter_start,
        date_diff('month', start_month, month) + 1 as goal_month_index,
        month between start_month and end_month as in_goal_window,
        case
            when month >= start_month
                then target_jobs * (date_diff('month', start_month, month) + 1) / months_in_window
        end as target_cumulative
    from calendar
)

select * from final
order by month;

comment on table dim_month is 'The calendar of months, covering the goal''s window and every month with hiring data, for charts that need every month even when nothing was reported.';
comment on column dim_month.month is 'The month, as its first day.';
comment on column dim_month.year is 'Calendar year.';
comment on column dim_month.month_of_year is 'Month number, 1 (January) to 12.';
comment on column dim_month.quarter_start is 'First day of the calendar quarter of the month.';
comment on column dim_month.goal_month_index is 'Position of the month in the goal''s window: 1 for the goal''s start_month, 120 for its end_month; 0 or less before the window.';
comment on column dim_month.target_cumulative is 'The goal''s straight-line target path at this month: target_jobs x goal_month_index / N, N the months of the window (120), from start_month on (above target_jobs after end_month); null before start_month. mart_goal_progress and mart_goal_path read it from here.';
comment on column dim_month.in_goal_window is 'True for months from the goal''s start_month to its end_month inclusive.';
