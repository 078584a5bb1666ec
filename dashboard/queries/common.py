"""Reference lists for the filter bar and the data date: the trades, regions and quarters there are."""

from __future__ import annotations

import polars as pl

from dashboard.door import Context, ask


def label_column(lang: str) -> str:
    """The column of a dimension's name in the language (dim_trade.label_fr, dim_skill.label_en...)."""
    return "label_en" if lang == "en" else "label_fr"


def trades(ctx: Context) -> pl.DataFrame:
    return ask(ctx, f"select trade_code, {label_column(ctx.lang)} as label from dim_trade order by trade_code")


def regions(ctx: Context) -> pl.DataFrame:
    return ask(ctx, "select region_code, region_name as label from dim_region order by region_name")


def quarters(ctx: Context) -> pl.DataFrame:
    """Every quarter with data in the talent-gap or hiring marts, oldest first."""
    return ask(ctx,
               "select distinct quarter_start from ("
               "select quarter_start from mart_talent_gap "
               "union all select quarter_start from mart_hiring_monthly) "
               "order by quarter_start")
