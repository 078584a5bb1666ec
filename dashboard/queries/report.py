"""The committee report's own questions: the month's moves in hiring, and public BMO demand.

Everything else in the report is asked with the screens' own functions (goal, gaps, skills,
training), so that its numbers are theirs. Hiring counts positions and people hired, not learners;
BMO counts hiring projects.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.door import Context, and_where, ask
from dashboard.filters import Filters
from dashboard.queries.common import label_column

PUBLIC_DEMAND = "mart_public_demand"  # France Travail's BMO mapped to the trades (issue 11), when it is built
PUBLIC_DEMAND_TRADE_COLUMNS = ("trade_code", "family_code", "trade_family", "family")
FLOWS = ("openings", "hires", "jobs_created")


def _without_period(ctx: Context) -> Context:
    return ctx.with_filters(Filters(trades=ctx.filters.trades, regions=ctx.filters.regions))


def latest_hiring_months(ctx: Context) -> tuple[date, date] | None:
    """The latest month with hiring reported in the selection's trades and regions, and the month before."""
    months = ask(_without_period(ctx), f"""
        select max(mart_hiring_monthly.month) as month from mart_hiring_monthly
        where mart_hiring_monthly.month is not null {and_where("mart_hiring_monthly")}
        """)["month"].to_list()
    if not months or months[0] is None:
        return None
    latest = months[0]
    return latest, date(latest.year - (latest.month == 1), 12 if latest.month == 1 else latest.month - 1, 1)


def hiring_moves(ctx: Context, latest: date, previous: date) -> pl.DataFrame:
    """One row per trade: openings, hires and jobs created in the latest month and the month before
    (``<flow>_previous``), over the selection's trades and regions, the largest move in openings first."""
    sums = ",\n".join(
        f"sum(mart_hiring_monthly.{flow}) filter (where mart_hiring_monthly.month = $latest)::bigint as {flow},\n"
        f"sum(mart_hiring_monthly.{flow}) filter (where mart_hiring_monthly.month = $previous)::bigint "
        f"as {flow}_previous" for flow in FLOWS)
    return ask(_without_period(ctx), f"""
        with by_trade as (
            select mart_hiring_monthly.trade_code, {sums}
            from mart_hiring_monthly
            where mart_hiring_monthly.month in ($latest, $previous) {and_where("mart_hiring_monthly")}
            group by mart_hiring_monthly.trade_code
        )
        select by_trade.trade_code, dim_trade.{label_column(ctx.lang)} as trade_label,
               {", ".join(f"coalesce(by_trade.{flow}, 0) as {flow}, coalesce(by_trade.{flow}_previous, 0) as {flow}_previous"
                          for flow in FLOWS)}
        from by_trade
        join dim_trade using (trade_code)
        order by abs(coalesce(by_trade.openings, 0) - coalesce(by_trade.openings_previous, 0)) desc, by_trade.trade_code
        """, by=("trade_code",), params={"latest": latest, "previous": previous},
        unprotected=tuple(f"{flow}_previous" for flow in FLOWS))


def public_demand_columns(ctx: Context) -> list[str]:
    """The columns of mart_public_demand; none when the warehouse has no such table (BMO not mapped yet)."""
    return ask(ctx, "select column_name from information_schema.columns where table_name = $table "
                    "order by ordinal_position", params={"table": PUBLIC_DEMAND})["column_name"].to_list()


def public_demand(ctx: Context, columns: list[str]) -> pl.DataFrame:
    """The latest year of mart_public_demand by trade (or family), for France as a whole: hiring projects
    (met), those judged difficult (xmet) and their share; empty when the table lacks a year, met, xmet or
    a trade column. National: the door declares no filter for this table yet (dashboard.door.TABLES)."""
    trade = next((name for name in PUBLIC_DEMAND_TRADE_COLUMNS if name in columns), None)
    if trade is None or not {"year", "met", "xmet"} <= set(columns):
        return pl.DataFrame()
    return ask(ctx, f"""
        with latest as (select max(year) as year from {PUBLIC_DEMAND})
        select {PUBLIC_DEMAND}.{trade} as trade_code, latest.year, sum(met)::bigint as met, sum(xmet)::bigint as xmet,
               ratio(sum(xmet), sum(met)) as difficulty_rate
        from {PUBLIC_DEMAND}
        join latest on latest.year = {PUBLIC_DEMAND}.year
        group by {PUBLIC_DEMAND}.{trade}, latest.year
        order by met desc nulls last, trade_code
        """, by=("trade_code",), unprotected=("met", "xmet", "difficulty_rate", "year"))
