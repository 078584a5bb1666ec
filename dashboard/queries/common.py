"""Shared query helpers: the WHERE clause of the filter bar, reference lists, warehouse_info."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from dashboard.filters import Filters, quarter_end
from warehouse.connect import WarehouseMissing, query

PERIOD_GRAINS = ("quarter", "month", "year", "date")


def where(filters: Filters, *, trade: str | None = "trade_code", region: str | None = "region_code",
          period: str | None = None, grain: str = "quarter", pathway: str | None = None,
          prefix: str = "where") -> tuple[str, list[Any]]:
    """The filter bar as a parameterised WHERE clause over the named columns (None: not filterable)."""
    if grain not in PERIOD_GRAINS:
        raise ValueError(f"grain must be one of {PERIOD_GRAINS}")
    clauses: list[str] = []
    params: list[Any] = []
    if trade and filters.trades:
        clauses.append(f"{trade} in (select unnest(?::varchar[]))")
        params.append(list(filters.trades))
    if region and filters.regions:
        clauses.append(f"{region} in (select unnest(?::varchar[]))")
        params.append(list(filters.regions))
    if period and filters.quarter_from:
        clauses.append(f"{period} >= ?")
        params.append(filters.quarter_from.year if grain == "year" else filters.quarter_from)
    if period and filters.quarter_to:
        if grain == "year":
            clauses.append(f"{period} <= ?")
            params.append(filters.quarter_to.year)
        elif grain == "date":
            clauses.append(f"{period} < ?")
            end = quarter_end(filters.quarter_to)
            params.append(date(end.year + (end.month == 12), end.month % 12 + 1, 1))
        else:
            clauses.append(f"{period} <= ?")
            params.append(filters.quarter_to if grain == "quarter" else quarter_end(filters.quarter_to))
    if pathway and filters.pathway:
        clauses.append(f"{pathway} = ?")
        params.append(filters.pathway)
    if not clauses:
        return "", []
    return f"{prefix} " + " and ".join(clauses), params


def warehouse_info() -> dict[str, Any] | None:
    """The one row of warehouse_info, or None when no warehouse has been built yet."""
    try:
        rows = query("select * from warehouse_info").to_dicts()
    except WarehouseMissing:
        return None
    return rows[0] if rows else None


def trades(lang: str) -> pl.DataFrame:
    return query(f"select trade_code, label_{_lang(lang)} as label from dim_trade order by trade_code")


def regions() -> pl.DataFrame:
    return query("select region_code, region_name as label, tile_col, tile_row from dim_region order by region_name")


def quarters() -> pl.DataFrame:
    """Every quarter with data in the talent-gap or hiring marts, oldest first."""
    return query(
        "select distinct quarter_start from ("
        "select quarter_start from mart_talent_gap "
        "union all select date_trunc('quarter', month)::date from mart_hiring_monthly) "
        "order by quarter_start"
    )


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "fr"
