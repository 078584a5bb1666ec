"""The committee report's own questions: the month's moves in hiring, and public BMO demand.

Everything else in the report is asked with the screens' own functions (goal, gaps, skills,
training), so that its numbers are theirs. Hiring counts positions and people hired, not learners;
BMO counts hiring projects.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.queries import market as market_queries
from dashboard.door import Context, and_where, ask
from dashboard.filters import Filters
from dashboard.queries.common import label_column

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


def public_demand(ctx: Context) -> pl.DataFrame:
    """/market's BMO card by trade or family for the report's selection (its latest survey year within the
    period): the same question as the page, so the report's figures are the screen's; empty before a
    survey is loaded."""
    return market_queries.by_target(ctx)
