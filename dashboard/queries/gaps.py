"""Talent gaps: employers' demand against job-ready graduates, from mart_talent_gap.

Every function sums the mart's counts over the filter bar's selection and takes the
ratios as sum / sum in SQL, so a selection of several quarters, trades or regions
gives the same coverage the mart would give for that whole selection. The pathway
does not apply here: demand has no training pathway.
"""

from __future__ import annotations

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.common import where
from warehouse.connect import query

# The mart's counts summed over the selection, and its ratios rebuilt from those sums.
MEASURES = """
    sum(demand)::bigint as demand,
    sum(graduates)::bigint as graduates,
    sum(supply)::bigint as supply,
    (sum(demand) - sum(supply))::bigint as gap,
    sum(supply) / nullif(sum(demand), 0) as coverage,
    sum(supply) / nullif(sum(graduates), 0) as job_ready_rate
"""
MEASURE_COLUMNS = ("demand", "graduates", "supply", "gap", "coverage", "job_ready_rate")


def _label(lang: str) -> str:
    return "label_en" if lang == "en" else "label_fr"


def gap_summary(filters: Filters) -> pl.DataFrame:
    """One row: demand, graduates, supply, gap, coverage and job-ready rate of the selection."""
    clause, params = where(filters, period="quarter_start")
    return query(f"select {MEASURES} from mart_talent_gap {clause}", params)


def gap_by_trade(filters: Filters, lang: str) -> pl.DataFrame:
    """One row per trade with demand or graduates in the selection, the largest demand first."""
    clause, params = where(filters, period="quarter_start")
    return query(
        f"""
        with by_trade as (
            select trade_code, {MEASURES}
            from mart_talent_gap
            {clause}
            group by trade_code
        )
        select by_trade.trade_code, dim_trade.{_label(lang)} as trade_label,
               {', '.join(f'by_trade.{name}' for name in MEASURE_COLUMNS)}
        from by_trade
        join dim_trade using (trade_code)
        order by by_trade.demand desc, by_trade.trade_code
        """,
        params,
    )


def gap_by_region(filters: Filters) -> pl.DataFrame:
    """Every region of dim_region with its tile position, the largest demand first; the measures are
    null where the selection has nothing (a region outside the region filter, or without demand and
    graduates)."""
    clause, params = where(filters, period="quarter_start")
    return query(
        f"""
        with by_region as (
            select region_code, {MEASURES}
            from mart_talent_gap
            {clause}
            group by region_code
        )
        select dim_region.region_code, dim_region.region_name, dim_region.iso_code,
               dim_region.tile_col, dim_region.tile_row,
               {', '.join(f'by_region.{name}' for name in MEASURE_COLUMNS)}
        from dim_region
        left join by_region using (region_code)
        order by by_region.demand desc nulls last, dim_region.region_name
        """,
        params,
    )


def gap_by_trade_region(filters: Filters, lang: str) -> pl.DataFrame:
    """One row per trade x region with demand or graduates in the selection, the largest gap first."""
    clause, params = where(filters, period="quarter_start")
    return query(
        f"""
        with by_pair as (
            select trade_code, region_code, {MEASURES}
            from mart_talent_gap
            {clause}
            group by trade_code, region_code
        )
        select by_pair.trade_code, dim_trade.{_label(lang)} as trade_label,
               by_pair.region_code, dim_region.region_name,
               {', '.join(f'by_pair.{name}' for name in MEASURE_COLUMNS)}
        from by_pair
        join dim_trade using (trade_code)
        join dim_region using (region_code)
        order by by_pair.gap desc, by_pair.trade_code, by_pair.region_code
        """,
        params,
    )


def gap_trend(filters: Filters) -> pl.DataFrame:
    """One row per quarter of the selection: demand, graduates, supply, gap, coverage, job-ready rate."""
    clause, params = where(filters, period="quarter_start")
    return query(
        f"""
        select quarter_start, {MEASURES}
        from mart_talent_gap
        {clause}
        group by quarter_start
        order by quarter_start
        """,
        params,
    )
