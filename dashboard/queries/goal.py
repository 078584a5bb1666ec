"""The 10,000-job goal: progress, forecast, and the headline training figures of the overview.

The goal is national: the filter bar does not apply to it (the page says so). The training headline
reads the same marts, columns and filters as /training and /gaps, so the three pages agree.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.door import Context, ask, where
from dashboard.protection import SMALL, companion, keep
from dashboard.queries.gaps import MEASURES as GAP_MEASURES
from dashboard.queries.training import FUNNEL_MEASURES
from warehouse import settings


def goal(ctx: Context) -> dict[str, Any]:
    return ask(ctx, "select goal_code, label_fr, label_en, target_jobs, start_month, end_month from dim_goal"
               ).to_dicts()[0]


def goal_path(ctx: Context) -> pl.DataFrame:
    """mart_goal_path, one row per month of the goal window, with mart_goal_progress's is_provisional (false for
    the months to come)."""
    return ask(ctx, "select mart_goal_path.month, mart_goal_path.target_cumulative, "
                    "mart_goal_path.jobs_created_cumulative, mart_goal_path.projected_cumulative, "
                    "coalesce(mart_goal_progress.is_provisional, false) as is_provisional "
                    "from mart_goal_path left join mart_goal_progress using (month) order by mart_goal_path.month")


def goal_forecast(ctx: Context) -> dict[str, Any] | None:
    rows = ask(ctx,
               "select mart_goal_forecast.as_of_month, mart_goal_forecast.jobs_created_cumulative, run_rate_12m, "
               "months_remaining, projected_at_end, required_run_rate, on_track, projected_goal_month, "
               "mart_goal_path.share_of_target_path "
               "from mart_goal_forecast "
               "left join mart_goal_path on mart_goal_path.month = mart_goal_forecast.as_of_month").to_dicts()
    return rows[0] if rows else None


def training_headline(ctx: Context) -> dict[str, Any]:
    """Enrolments, graduates, job-ready rate and placement rate at 6 months for the filters: /training's
    funnel totals and /gaps' summary, the same measures over the same filters."""
    headline = ask(ctx, f"""
        with funnel as (
            select {FUNNEL_MEASURES}
            from mart_training_pathway {where("mart_training_pathway")}
        ),
        gaps as (
            select {GAP_MEASURES}
            from mart_talent_gap {where("mart_talent_gap")}
        )
        select funnel.enrolled, gaps.graduates, gaps.supply, gaps.job_ready_rate,
               funnel.placed_6m, funnel.eligible_6m, funnel.placement_rate_6m
        from funnel, gaps
        """)
    return keep(headline, "enrolled", "graduates", "job_ready_rate", "placement_rate_6m").to_dicts()[0]


def largest_shortages(ctx: Context, limit: int = 10) -> pl.DataFrame:
    """Trade x region pairs with the largest positive gap over the selected period.

    The ranking happens after protection, on what the viewer may see: a withheld gap ranks at its
    highest possible value (demand when supply is below the threshold, demand less the threshold
    when it was withheld only to protect another cell), so the order reveals nothing more.
    """
    pairs = ask(ctx, f"""
        with by_pair as (
            select mart_talent_gap.trade_code, mart_talent_gap.region_code, {GAP_MEASURES}
            from mart_talent_gap {where("mart_talent_gap")}
            group by mart_talent_gap.trade_code, mart_talent_gap.region_code
        )
        select by_pair.trade_code, dim_trade.label_fr as trade_fr, dim_trade.label_en as trade_en,
               by_pair.region_code, dim_region.region_name, by_pair.demand, by_pair.supply, by_pair.gap,
               by_pair.coverage
        from by_pair
        join dim_trade using (trade_code)
        join dim_region using (region_code)
        order by by_pair.trade_code, by_pair.region_code
        """, by=("trade_code", "region_code"))
    ranking = _highest_possible_gap(pairs)
    return (pairs.with_columns(ranking.alias("ranking")).filter(pl.col("ranking") > 0)
            .sort("ranking", "trade_code", "region_code", descending=[True, False, False])
            .head(limit).drop("ranking"))


def _highest_possible_gap(pairs: pl.DataFrame) -> pl.Expr:
    if companion("supply") not in pairs.columns:
        return pl.col("gap")
    return (pl.when(pl.col("gap").is_not_null()).then(pl.col("gap"))
            .when(pl.col(companion("supply")) == SMALL).then(pl.col("demand"))
            .otherwise(pl.col("demand") - settings.get("privacy_threshold")))


# --- The statistical forecast (warehouse/forecast.py, docs/forecast.md): national, counts jobs, not learners ---

def forecast_summary(ctx: Context) -> dict[str, Any] | None:
    """mart_goal_forecast_summary's one row (forecast_status first), or None before any hiring is reported."""
    rows = ask(ctx, """
        select forecast_status, as_of_month, origin_month, months_fitted, provisional_months,
               jobs_created_cumulative, target_jobs, end_month, jobs_created_cumulative_p10_at_end,
               jobs_created_cumulative_p50_at_end, jobs_created_cumulative_p90_at_end,
               probability_reaching_target, parameters ->> '$.simulations' as simulations
        from mart_goal_forecast_summary
        """, unprotected=("simulations",)).with_columns(pl.col("simulations").cast(pl.Int64)).to_dicts()
    return rows[0] if rows else None


def forecast_band(ctx: Context) -> pl.DataFrame:
    """One row per month of the goal window: the target path, what was reported, the official straight
    line (mart_goal_path) and the forecast's p10 / p50 / p90 cumulative paths (mart_goal_forecast_band,
    null before the forecast starts)."""
    return ask(ctx, """
        select mart_goal_path.month, mart_goal_path.target_cumulative, mart_goal_path.jobs_created_cumulative,
               mart_goal_path.projected_cumulative, band.jobs_created_cumulative_p10,
               band.jobs_created_cumulative_p50, band.jobs_created_cumulative_p90
        from mart_goal_path
        left join mart_goal_forecast_band as band on band.month = mart_goal_path.month
        order by mart_goal_path.month
        """)


def forecast_backtest(ctx: Context) -> pl.DataFrame:
    """One row per backtest (the forecast made 12 and 24 months before the last complete month): its
    origin, the month it is judged at, its band there against what was reported, and its errors."""
    return ask(ctx, """
        select backtest_months, origin_month, last_month, months_fitted, actual_cumulative_at_end,
               jobs_created_cumulative_p10_at_end, jobs_created_cumulative_p50_at_end,
               jobs_created_cumulative_p90_at_end, error_at_end, pct_error_at_end, actual_since_origin,
               error_share_of_jobs_since_origin, mean_abs_error, mean_abs_pct_error, months_within_band,
               share_within_band, within_band_at_end
        from mart_goal_forecast_backtest
        order by backtest_months
        """)


def forecast_backtest_path(ctx: Context) -> pl.DataFrame:
    """One row per backtest x month after its origin: the band of the forecast made then, and what was reported."""
    return ask(ctx, """
        select backtest_months, month, months_ahead, actual_cumulative, jobs_created_cumulative_p10,
               jobs_created_cumulative_p50, jobs_created_cumulative_p90, within_band
        from mart_goal_forecast_backtest_path
        order by backtest_months, month
        """)
