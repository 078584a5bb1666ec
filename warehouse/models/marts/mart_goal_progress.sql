-- grain: one row per month, from the goal's start_month to the latest month with any hiring row (key: month)
create or replace table mart_goal_progress as

with goal as (
    select target_jobs, start_month, end_month, months_in_window
    from dim_goal
    order by goal_code
    limit 1
),

latest_hiring_month as (
    select max(month) as month from fact_hiring
),

months as (
    select dim_month.month, dim_month.quarter_start, dim_month.goal_month_index, dim_month.target_cumulative
    from dim_month
    cross join goal
    cross join latest_hiring_month
    where dim_month.month between goal.start_month and latest_hiring_month.month
),

jobs_by_month as (
    select month, sum(jobs_created)::bigint as jobs_created
    from fact_hiring
    group by month
),

cumulated as (
    select
        months.month,
        months.quarter_start,
        months.goal_month_index,
        months.target_cumulative,
        coalesce(jobs_by_month.jobs_created, 0) as jobs_created,
        sum(coalesce(jobs_by_month.jobs_created, 0)) over (order by months.month)::bigint
            as jobs_created_cumulative
    from months
    left join jobs_by_month
        on jobs_by_month.month = months.month
),

final as (
    select
        cumulated.month,
        cumulated.quarter_start,
        cumulated.goal_month_index,
        cumulated.jobs_created,
        cumulated.jobs_created_cumulative,
        cumulated.target_cumulative,
        cumulated.target_cumulative - cumulated.jobs_created_cumulative as gap_to_target,
        ratio(cumulated.jobs_created_cumulative, goal.target_jobs) as pct_of_goal,
        coalesce(fact_reporting_month.is_provisional, false) as is_provisional
    from cumulated
    cross join goal
    left join fact_reporting_month
        on fact_reporting_month.month = cumulated.month
)

select * from final
order by month;

comment on table mart_goal_progress is 'Progress towards the 10,000-jobs goal, month by month: jobs created each month and cumulated from the goal''s start_month, against a straight-line target trajectory. Every month from start_month to the latest month with any hiring row is present, with zero when nothing was reported; hiring reported before start_month does not count.';
comment on column mart_goal_progress.month is 'The month, as its first day.';
comment on column mart_goal_progress.quarter_start is 'First day of the calendar quarter of the month.';
comment on column mart_goal_progress.goal_month_index is 'k: position of the month in the goal''s window, 1 for start_month.';
comment on column mart_goal_progress.jobs_created is 'Jobs created in the month: sum of fact_hiring.jobs_created over every employer, trade and region; 0 when nothing was reported.';
comment on column mart_goal_progress.jobs_created_cumulative is 'Running sum of jobs_created from start_month to this month included.';
comment on column mart_goal_progress.target_cumulative is 'Where a straight line to the goal would be: target_jobs x k / N, k being goal_month_index and N the months of the window (120).';
comment on column mart_goal_progress.gap_to_target is 'target_cumulative - jobs_created_cumulative: positive when behind the trajectory, negative when ahead.';
comment on column mart_goal_progress.pct_of_goal is 'jobs_created_cumulative / target_jobs, a ratio between 0 and 1 (1 = goal reached).';
comment on column mart_goal_progress.is_provisional is 'True when the month is provisional (fact_reporting_month, docs/metrics.md): its jobs_created will still grow as late returns arrive; mart_goal_forecast''s run rate leaves it out.';
