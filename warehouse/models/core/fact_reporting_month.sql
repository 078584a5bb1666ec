-- grain: one row per month from the first to the latest month with any hiring row: how completely employers reported it (key: month)
create or replace table fact_reporting_month as

-- The provisional-month rule (docs/metrics.md, "Provisional months"): a month is complete when its
-- data was loaded after it ended and at least 80 % of the usual number of employers reported it,
-- "usual" being the median of employers_reporting over the 6 months before it (months without a row
-- count 0; fewer months early on; no usual for the first month). Every month after the last complete
-- month is provisional: the current month, or late returns at the end of the history. A thin month
-- in the middle of the history stays what it is, reported history.

with hiring as (
    select month, employer_id, loaded_at from fact_hiring
),

span as (
    select min(month) as first_month, max(month) as last_month from hiring
),

months as (
    select unnest(generate_series(span.first_month, span.last_month, interval 1 month))::date as month
    from span
    where span.first_month is not null
),

reported as (
    select
        month,
        count(distinct employer_id) as employers_reporting,
        -- loaded before the month was over: the export could not hold the whole month
        bool_or(loaded_at < month + interval 1 month) as loaded_before_month_end
    from hiring
    group by month
),

counted as (
    select
        months.month,
        coalesce(reported.employers_reporting, 0) as employers_reporting,
        coalesce(reported.loaded_before_month_end, false) as loaded_before_month_end
    from months
    left join reported
        on reported.month = months.month
),

with_usual as (
    select
        month,
        employers_reporting,
        loaded_before_month_end,
        median(employers_reporting) over (
            order by month rows between 6 preceding and 1 preceding
        ) as usual_employers_reporting
    from counted
),

judged as (
    select
        month,
        employers_reporting,
        usual_employers_reporting,
        loaded_before_month_end,
        coalesce(employers_reporting < 0.8 * usual_employers_reporting, false) as fewer_employers_than_usual
    from with_usual
),

last_complete as (
    select max(month) as month
    from judged
    where not loaded_before_month_end and not fewer_employers_than_usual
),

final as (
    select
        judged.month,
        judged.employers_reporting,
        judged.usual_employers_reporting,
        judged.loaded_before_month_end,
        judged.fewer_employers_than_usual,
        not judged.loaded_before_month_end and not judged.fewer_employers_than_usual as is_complete,
        judged.month > coalesce(last_complete.month, date '0001-01-01') as is_provisional,
        last_complete.month as last_complete_month
    from judged
    cross join last_complete
)

select * from final
order by month;

comment on table fact_reporting_month is 'How completely employers reported each month, and whether its figures are provisional (docs/metrics.md, "Provisional months"): one row per month from the first to the latest month with any hiring row. A month is complete when it was loaded after it ended and at least 80 % of the usual number of employers reported it; every month after the last complete month is provisional, shown as such on the charts and left out of run rates.';
comment on column fact_reporting_month.month is 'The month, as its first day.';
comment on column fact_reporting_month.employers_reporting is 'Distinct employers with at least one hiring row for the month (all trades and regions); 0 for a month no one reported.';
comment on column fact_reporting_month.usual_employers_reporting is 'The usual number: the median of employers_reporting over the 6 months before (fewer at the start of the history); null for the first month.';
comment on column fact_reporting_month.loaded_before_month_end is 'True when some hiring row of the month was loaded before the month was over (its load time is before the first day of the next month): the current month of an export.';
comment on column fact_reporting_month.fewer_employers_than_usual is 'True when employers_reporting is below 80 % of usual_employers_reporting: returns still missing.';
comment on column fact_reporting_month.is_complete is 'Neither loaded before it ended nor reported by fewer employers than usual.';
comment on column fact_reporting_month.is_provisional is 'True for every month after the last complete month (all months when none is complete): its figures will still grow as late returns arrive.';
comment on column fact_reporting_month.last_complete_month is 'The latest complete month of the history, the same on every row; null when no month is complete.';
