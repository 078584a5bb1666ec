-- grain: one row per month of the goal's window, start_month to end_month (the goal chart's three lines) (key: month)
create or replace table mart_goal_path as

with window_months as (
    select dim_month.month, dim_month.goal_month_index, dim_month.target_cumulative
    from dim_month
    where dim_month.in_goal_window
),

forecast as (
    select as_of_month, jobs_created_cumulative, run_rate_12m
    from mart_goal_forecast
),

final as (
    select
        window_months.month,
        window_months.goal_month_index,
        window_months.target_cumulative,
        mart_goal_progress.jobs_created_cumulative,
        ratio(mart_goal_progress.jobs_created_cumulative, window_months.target_cumulative) as share_of_target_path,
        case
            when window_months.month >= forecast.as_of_month
                then forecast.jobs_created_cumulative
                    + forecast.run_rate_12m * date_diff('month', forecast.as_of_month, window_months.month)
        end as projected_cumulative
    from window_months
    left join mart_goal_progress
        on mart_goal_progress.month = window_months.month
    left join forecast
        on true
)

select * from final
order by month;

comment on table mart_goal_path is 'The goal chart month by month over the whole window (start_month to end_month): the straight-line target, the jobs created so far, and the projection at the current run rate from the latest month with hiring data to end_month.';
comment on column mart_goal_path.month is 'Month of the goal window, as its first day.';
comment on column mart_goal_path.goal_month_index is 'Index of the month in the window, from 1 (start_month) to N (end_month).';
comment on column mart_goal_path.target_cumulative is 'Straight-line target: target_jobs x goal_month_index / N.';
comment on column mart_goal_path.jobs_created_cumulative is 'Jobs created from start_month to this month (mart_goal_progress); null after the latest month with hiring data.';
comment on column mart_goal_path.share_of_target_path is 'jobs_created_cumulative / target_cumulative: how much of the target path is achieved at this month; null after the latest month with hiring data.';
comment on column mart_goal_path.projected_cumulative is 'From the latest month with hiring data on: jobs_created_cumulative + run_rate_12m x months after it (mart_goal_forecast); null before.';
