-- grain: one row per trade x region x quarter with demand or graduates (key: trade_code, region_code, quarter_start)
create or replace table mart_talent_gap as

with demand as (
    select
        trade_code,
        region_code,
        quarter_start,
        sum(openings)::bigint as demand,
        sum(hires)::bigint as hires,
        sum(jobs_created)::bigint as jobs_created,
        sum(hires_from_campus)::bigint as hires_from_campus
    from fact_hiring
    group by trade_code, region_code, quarter_start
),

graduates as (
    select
        trade_code,
        region_code,
        end_quarter_start as quarter_start,
        count(distinct learner_id) as graduates,
        count(distinct learner_id) filter (where job_ready) as supply
    from fact_job_readiness
    group by trade_code, region_code, end_quarter_start
),

demand_and_supply as (
    select
        coalesce(demand.trade_code, graduates.trade_code) as trade_code,
        coalesce(demand.region_code, graduates.region_code) as region_code,
        coalesce(demand.quarter_start, graduates.quarter_start) as quarter_start,
        coalesce(demand.demand, 0) as demand,
        coalesce(graduates.graduates, 0) as graduates,
        coalesce(graduates.supply, 0) as supply,
        coalesce(demand.hires, 0) as hires,
        coalesce(demand.jobs_created, 0) as jobs_created,
        coalesce(demand.hires_from_campus, 0) as hires_from_campus
    from demand
    full outer join graduates
        on graduates.trade_code = demand.trade_code
        and graduates.region_code = demand.region_code
        and graduates.quarter_start = demand.quarter_start
),

-- A quarter is provisional when employers' returns do not cover it yet: it ends after the last complete
-- month (docs/metrics.md), because it holds a provisional month or has months still to come.
reporting as (
    select
        max(last_complete_month) as last_complete_month,
        count(*) > 0 as has_hiring
    from fact_reporting_month
),

final as (
    select
        demand_and_supply.trade_code,
        demand_and_supply.region_code,
        demand_and_supply.quarter_start,
        year(demand_and_supply.quarter_start)::integer as year,
        demand_and_supply.demand,
        demand_and_supply.graduates,
        demand_and_supply.supply,
        talent_gap(demand_and_supply.demand, demand_and_supply.supply) as gap,
        coverage(demand_and_supply.supply, demand_and_supply.demand) as coverage,
        job_ready_rate(demand_and_supply.supply, demand_and_supply.graduates) as job_ready_rate,
        demand_and_supply.hires,
        demand_and_supply.jobs_created,
        demand_and_supply.hires_from_campus,
        reporting.has_hiring and (
            reporting.last_complete_month is null
            or demand_and_supply.quarter_start + interval 2 month > reporting.last_complete_month
        ) as is_provisional
    from demand_and_supply
    cross join reporting
)

select * from final
order by quarter_start, trade_code, region_code;

comment on table mart_talent_gap is 'Talent gap by trade, region and quarter: employers'' demand (positions opened) against the supply of job-ready graduates of the programmes training for that trade in that region. A row exists for every trade x region x quarter with demand or graduates.';
comment on column mart_talent_gap.trade_code is 'The trade; see dim_trade.';
comment on column mart_talent_gap.region_code is 'INSEE code of the region (of the positions for demand, of the training site for graduates), as text.';
comment on column mart_talent_gap.quarter_start is 'First day of the calendar quarter: of the hiring month for demand, of the enrolment''s end_date for graduates.';
comment on column mart_talent_gap.year is 'Calendar year of the quarter.';
comment on column mart_talent_gap.demand is 'Positions opened: sum of fact_hiring.openings of the trade, region and quarter.';
comment on column mart_talent_gap.graduates is 'Distinct learners with a completed enrolment in a programme of the trade, in the region, whose end_date falls in the quarter. [learner count]';
comment on column mart_talent_gap.supply is 'The same learners counting the job-ready ones only (fact_job_readiness.job_ready). [learner count]';
comment on column mart_talent_gap.gap is 'demand - supply: positive is a shortage of job-ready graduates, negative a surplus. [follows supply]';
comment on column mart_talent_gap.coverage is 'supply / demand, between 0 and 1 when short (can exceed 1 in surplus); null when demand is 0. [ratio of supply, demand]';
comment on column mart_talent_gap.job_ready_rate is 'supply / graduates, between 0 and 1; null when there are no graduates. [ratio of supply, graduates]';
comment on column mart_talent_gap.hires is 'People hired: sum of fact_hiring.hires of the trade, region and quarter.';
comment on column mart_talent_gap.jobs_created is 'Hires into newly created positions: sum of fact_hiring.jobs_created of the trade, region and quarter.';
comment on column mart_talent_gap.hires_from_campus is 'Hires of people trained by the campus: sum of fact_hiring.hires_from_campus of the trade, region and quarter.';
comment on column mart_talent_gap.is_provisional is 'True when employers'' returns do not cover the whole quarter yet: its last month is after the last complete month (fact_reporting_month, docs/metrics.md), because the quarter holds a provisional month or has months still to come. Its demand will still grow; false for every quarter while no hiring is loaded.';
