-- grain: one row: the goal's forecast at the latest month with hiring data (no row before any hiring since start_month) (key: none)
create or replace table mart_goal_forecast as

with goal as (
    select target_jobs, end_month
    from dim_goal
    order by goal_code
    limit 1
),

progress as (
    select month, jobs_created, jobs_created_cumulative, is_provisional from mart_goal_progress
),

as_of_month as (
    select max(month) as month from progress
),

latest_progress as (
    select
        progress.month as as_of_month,
        progress.jobs_created_cumulative
    from progress
    inner join as_of_month
        on as_of_month.month = progress.month
),

-- Provisional months (docs/metrics.md) would pull the pace down with returns still to come: the run
-- rate is the mean of the 12 months ending at the last complete month, or of the months since
-- start_month when fewer (months before the first report count as 0, as ever); no month averaged
-- (null run rate) when every month since start_month is provisional.
last_complete_month as (
    select
        max(month) filter (where not is_provisional) as month,
        count(*) filter (where is_provisional) as provisional_months
    from progress
),

run_rate_window as (
    select
        count(progress.month) as run_rate_months,
        coalesce(sum(progress.jobs_created), 0)::bigint as jobs_created_in_window
    from last_complete_month
    left join progress
        on progress.month <= last_complete_month.month
        and progress.month > last_complete_month.month - interval 12 month
),

forecast as (
    select
        latest_progress.as_of_month,
        latest_progress.jobs_created_cumulative,
        run_rate_window.run_rate_months,
        ratio(run_rate_window.jobs_created_in_window, run_rate_window.run_rate_months) as run_rate_12m,
        last_complete_month.month as last_complete_month,
        last_complete_month.provisional_months,
        greatest(date_diff('month', latest_progress.as_of_month, goal.end_month), 0) as months_remaining,
        goal.target_jobs,
        goal.end_month,
        goal.target_jobs - latest_progress.jobs_created_cumulative as jobs_still_needed,
        run_rate_window.jobs_created_in_window
    from latest_progress
    cross join run_rate_window
    cross join last_complete_month
    cross join goal
),

-- When the goal is already reached, the month the cumulative first reached it.
goal_reached as (
    select min(progress.month) as month
    from progress
    cross join goal
    where progress.jobs_created_cumulative >= goal.target_jobs
),

final as (
    select
        forecast.as_of_month,
        forecast.jobs_created_cumulative,
        forecast.run_rate_12m,
        forecast.run_rate_months,
        forecast.months_remaining,
        forecast.jobs_created_cumulative + forecast.run_rate_12m * forecast.months_remaining
            as projected_at_end,
        ratio(forecast.jobs_still_needed, forecast.months_remaining) as required_run_rate,
        forecast.jobs_created_cumulative + forecast.run_rate_12m * forecast.months_remaining
            >= forecast.target_jobs as on_track,
        case
            when forecast.jobs_still_needed <= 0 then goal_reached.month
            when forecast.jobs_created_in_window > 0 then
                -- months k = ceil(still needed / run rate), in integers so that no rounding error adds a month
                (forecast.as_of_month + to_months(
                    ((forecast.jobs_still_needed * forecast.run_rate_months + forecast.jobs_created_in_window - 1)
                        // forecast.jobs_created_in_window)::integer
                ))::date
        end as projected_goal_month,
        forecast.target_jobs,
        forecast.end_month,
        forecast.last_complete_month,
        forecast.provisional_months
    from forecast
    cross join goal_reached
)

select * from final;

comment on table mart_goal_forecast is 'Will the 10,000-jobs goal be reached? One row: where jobs created stand at the latest month with hiring data, the recent monthly pace, and where that pace leads by the end of the window. No row until some hiring is reported from the goal''s start_month.';
comment on column mart_goal_forecast.as_of_month is 'Latest month with hiring data (the last month of mart_goal_progress), as its first day.';
comment on column mart_goal_forecast.jobs_created_cumulative is 'Jobs created from start_month to as_of_month included.';
comment on column mart_goal_forecast.run_rate_12m is 'Mean monthly jobs created over the 12 months ending at last_complete_month (provisional months left out, docs/metrics.md), or over the months since start_month when fewer (months with no report count as 0); null when every month of mart_goal_progress is provisional.';
comment on column mart_goal_forecast.run_rate_months is 'Months averaged in run_rate_12m: 12, or fewer early in the window; 0 when every month is provisional.';
comment on column mart_goal_forecast.months_remaining is 'Months after as_of_month up to end_month included; 0 once as_of_month reaches end_month.';
comment on column mart_goal_forecast.projected_at_end is 'Jobs created by end_month if the run rate holds: jobs_created_cumulative + run_rate_12m x months_remaining.';
comment on column mart_goal_forecast.required_run_rate is 'Jobs per month needed from now on to reach the target by end_month: (target_jobs - jobs_created_cumulative) / months_remaining; null when no month remains; negative once the target is passed.';
comment on column mart_goal_forecast.on_track is 'True when projected_at_end >= target_jobs.';
comment on column mart_goal_forecast.projected_goal_month is 'First month at which jobs_created_cumulative + run_rate_12m x k reaches target_jobs, k months after as_of_month; may fall after end_month; the month the target was reached when it already is; null when the run rate is 0.';
comment on column mart_goal_forecast.target_jobs is 'The goal''s target (dim_goal.target_jobs).';
comment on column mart_goal_forecast.end_month is 'Last month of the goal''s window (dim_goal.end_month).';
comment on column mart_goal_forecast.last_complete_month is 'The latest month that is not provisional (mart_goal_progress.is_provisional): where the run rate''s 12 months end; null when every month of mart_goal_progress is provisional.';
comment on column mart_goal_forecast.provisional_months is 'Months of mart_goal_progress flagged provisional (after last_complete_month), left out of the run rate but counted in jobs_created_cumulative.';
