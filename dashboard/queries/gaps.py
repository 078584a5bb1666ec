"""Talent gaps: employers' demand against job-ready graduates, from mart_talent_gap.

Every function sums the mart's counts over the filter bar's selection and applies the mart's own
ratio macros to the sums (coverage(sum(supply), sum(demand))), so a selection of several quarters,
trades or regions gives the coverage the mart would give for that whole selection. The pathway
does not apply here: demand has no training pathway.
"""

from __future__ import annotations

import polars as pl

from dashboard.door import Context, ask, where
from dashboard.queries.common import label_column

MEASURES = """
    sum(mart_talent_gap.demand)::bigint as demand,
    sum(mart_talent_gap.graduates)::bigint as graduates,
    sum(mart_talent_gap.supply)::bigint as supply,
    talent_gap(sum(mart_talent_gap.demand), sum(mart_talent_gap.supply))::bigint as gap,
    coverage(sum(mart_talent_gap.supply), sum(mart_talent_gap.demand)) as coverage,
    job_ready_rate(sum(mart_talent_gap.supply), sum(mart_talent_gap.graduates)) as job_ready_rate
"""
MEASURE_COLUMNS = ("demand", "graduates", "supply", "gap", "coverage", "job_ready_rate")
SELECTION = f"mart_talent_gap {where('mart_talent_gap')}"


def _measures_of(relation: str) -> str:
    return ", ".join(f"{relation}.{name}" for name in MEASURE_COLUMNS)


def gap_summary(ctx: Context) -> pl.DataFrame:
    """One row: demand, graduates, supply, gap, coverage and job-ready rate of the selection."""
    return ask(ctx, f"select {MEASURES} from {SELECTION}")


def gap_by_trade(ctx: Context) -> pl.DataFrame:
    """One row per trade with demand or graduates in the selection, the largest demand first."""
    return ask(ctx, f"""
        with by_trade as (
            select mart_talent_gap.trade_code, {MEASURES}
            from {SELECTION}
            group by mart_talent_gap.trade_code
        )
        select by_trade.trade_code, dim_trade.{label_column(ctx.lang)} as trade_label, {_measures_of("by_trade")}
        from by_trade
        join dim_trade using (trade_code)
        order by by_trade.demand desc, by_trade.trade_code
        """, by=("trade_code",))


def gap_by_region(ctx: Context) -> pl.DataFrame:
    """Every region of dim_region, the largest demand first; the measures are null where the selection
    has nothing (a region outside the region filter, or without demand and graduates)."""
    return ask(ctx, f"""
        with by_region as (
            select mart_talent_gap.region_code, {MEASURES}
            from {SELECTION}
            group by mart_talent_gap.region_code
        )
        select dim_region.region_code, dim_region.region_name, dim_region.iso_code,
               dim_region.tile_col, dim_region.tile_row, {_measures_of("by_region")}
        from dim_region
        left join by_region using (region_code)
        order by by_region.demand desc nulls last, dim_region.region_name
        """, by=("region_code",))


def gap_by_trade_region(ctx: Context) -> pl.DataFrame:
    """One row per trade x region with demand or graduates in the selection, the largest demand first."""
    return ask(ctx, f"""
        with by_pair as (
            select mart_talent_gap.trade_code, mart_talent_gap.region_code, {MEASURES}
            from {SELECTION}
            group by mart_talent_gap.trade_code, mart_talent_gap.region_code
        )
        select by_pair.trade_code, dim_trade.{label_column(ctx.lang)} as trade_label,
               by_pair.region_code, dim_region.region_name, {_measures_of("by_pair")}
        from by_pair
        join dim_trade using (trade_code)
        join dim_region using (region_code)
        order by by_pair.demand desc, by_pair.trade_code, by_pair.region_code
        """, by=("trade_code", "region_code"))


def gap_trend(ctx: Context) -> pl.DataFrame:
    """One row per quarter of the selection: demand, graduates, supply, gap, coverage, job-ready rate, and
    whether employers' returns do not cover the quarter yet (``is_provisional``, docs/metrics.md)."""
    return ask(ctx, f"""
        select mart_talent_gap.quarter_start, {MEASURES},
               bool_or(mart_talent_gap.is_provisional) as is_provisional
        from {SELECTION}
        group by mart_talent_gap.quarter_start
        order by mart_talent_gap.quarter_start
        """, by=("quarter_start",))
