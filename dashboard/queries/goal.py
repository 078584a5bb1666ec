"""The 10,000-job goal: progress, forecast, and the headline training figures of the overview."""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.common import where
from warehouse.connect import query


def goal() -> dict[str, Any]:
    return query("select goal_code, label_fr, label_en, target_jobs, start_month, end_month from dim_goal").to_dicts()[0]


def goal_path() -> pl.DataFrame:
    """mart_goal_path, one row per month of the goal window (national: the filter bar does not apply)."""
    return query(
        "select month, target_cumulative, jobs_created_cumulative, projected_cumulative "
        "from mart_goal_path order by month"
    )


def goal_forecast() -> dict[str, Any] | None:
    rows = query(
        "select mart_goal_forecast.as_of_month, mart_goal_forecast.jobs_created_cumulative, run_rate_12m, "
        "months_remaining, projected_at_end, required_run_rate, on_track, projected_goal_month, "
        "mart_goal_path.share_of_target_path "
        "from mart_goal_forecast left join mart_goal_path on mart_goal_path.month = mart_goal_forecast.as_of_month"
    ).to_dicts()
    return rows[0] if rows else None


def training_headline(filters: Filters) -> dict[str, Any]:
    """Learners enrolled, graduates, job-ready rate and placement rate at 6 months for the filters."""
    funnel_where, funnel_params = where(filters, period="make_date(cohort_year, 1, 1)", grain="date",
                                        pathway="pathway")
    gap_where, gap_params = where(filters, period="quarter_start")
    return query(
        f"""
        with funnel as (
            select sum(enrolled) as enrolled, sum(placed_6m) as placed_6m, sum(eligible_6m) as eligible_6m
            from mart_training_pathway
            {funnel_where}
        ),
        gaps as (
            select sum(graduates) as graduates, sum(supply) as job_ready
            from mart_talent_gap
            {gap_where}
        )
        select
            funnel.enrolled,
            gaps.graduates,
            gaps.job_ready / nullif(gaps.graduates, 0) as job_ready_rate,
            funnel.placed_6m / nullif(funnel.eligible_6m, 0) as placement_rate_6m
        from funnel, gaps
        """,
        funnel_params + gap_params,
    ).to_dicts()[0]


def largest_shortages(filters: Filters, limit: int = 10) -> pl.DataFrame:
    """Trade x region pairs with the largest positive gap over the selected period."""
    clause, params = where(filters, period="quarter_start")
    return query(
        f"""
        with by_pair as (
            select trade_code, region_code, sum(demand) as demand, sum(supply) as supply,
                   sum(demand) - sum(supply) as gap
            from mart_talent_gap
            {clause}
            group by trade_code, region_code
        )
        select by_pair.trade_code, dim_trade.label_fr as trade_fr, dim_trade.label_en as trade_en,
               by_pair.region_code, dim_region.region_name, by_pair.demand, by_pair.supply, by_pair.gap,
               by_pair.supply / nullif(by_pair.demand, 0) as coverage
        from by_pair
        join dim_trade using (trade_code)
        join dim_region using (region_code)
        where by_pair.gap > 0
        order by by_pair.gap desc, by_pair.trade_code, by_pair.region_code
        limit ?
        """,
        params + [limit],
    )
