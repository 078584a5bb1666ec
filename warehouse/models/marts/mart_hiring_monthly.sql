-- grain: one row per trade x region x month with hiring reported (key: trade_code, region_code, month)
create or replace table mart_hiring_monthly as

with hiring as (
    select
        trade_code,
        region_code,
        month,
        quarter_start,
        year,
        employer_id,
        openings,
        hires,
        jobs_created,
        hires_from_campus,
        open_vacancies
    from fact_hiring
),

monthly as (
    select
        trade_code,
        region_code,
        month,
        quarter_start,
        year,
        sum(openings)::bigint as openings,
        sum(hires)::bigint as hires,
        sum(jobs_created)::bigint as jobs_created,
        sum(hires_from_campus)::bigint as hires_from_campus,
        sum(open_vacancies)::bigint as open_vacancies,
        count(distinct employer_id) as employers_reporting
    from hiring
    group by trade_code, region_code, month, quarter_start, year
),

final as (
    select
        monthly.trade_code,
        monthly.region_code,
        monthly.month,
        monthly.quarter_start,
        monthly.year,
        monthly.openings,
        monthly.hires,
        monthly.jobs_created,
        monthly.hires_from_campus,
        monthly.open_vacancies,
        monthly.employers_reporting,
        campus_share(monthly.hires_from_campus, monthly.hires) as campus_share,
        fact_reporting_month.is_provisional
    from monthly
    inner join fact_reporting_month
        on fact_reporting_month.month = monthly.month
)

select * from final
order by month, trade_code, region_code;

comment on table mart_hiring_monthly is 'What employers reported, summed by trade, region and month: positions opened, hires, jobs created, hires from the campus and positions still vacant.';
comment on column mart_hiring_monthly.trade_code is 'The trade; see dim_trade.';
comment on column mart_hiring_monthly.region_code is 'INSEE code of the region of the positions, as text.';
comment on column mart_hiring_monthly.month is 'The month, as its first day.';
comment on column mart_hiring_monthly.quarter_start is 'First day of the calendar quarter of the month.';
comment on column mart_hiring_monthly.year is 'Calendar year of the month.';
comment on column mart_hiring_monthly.openings is 'Positions opened in the month.';
comment on column mart_hiring_monthly.hires is 'People hired in the month.';
comment on column mart_hiring_monthly.jobs_created is 'Hires into newly created positions in the month.';
comment on column mart_hiring_monthly.hires_from_campus is 'Hires of people trained by the campus in the month.';
comment on column mart_hiring_monthly.open_vacancies is 'Positions still unfilled at the end of the month (a stock: add it up over regions or trades, never over months).';
comment on column mart_hiring_monthly.employers_reporting is 'Distinct employers that reported for this trade, region and month.';
comment on column mart_hiring_monthly.campus_share is 'hires_from_campus / hires, between 0 and 1; null when there were no hires. [ratio of hires_from_campus, hires]';
comment on column mart_hiring_monthly.is_provisional is 'True when the month is provisional (fact_reporting_month, docs/metrics.md): not over when loaded, or reported by fewer employers than usual, or after such a month; the same for every trade and region of the month. Its figures will still grow.';
