"""Hiring: openings, hires, jobs created, campus hires and open vacancies, for the filter bar.

Flows (openings, hires, jobs created, campus hires) add up over months; open vacancies are a stock
counted at each month's end, so over a period they are taken at its latest month, never summed over
months. The campus share is the ratio of the sums, in SQL, as mart_hiring_monthly defines it. The
period filter selects months, from the first month of the first quarter to the last month of the last.
The pathway filter does not apply to hiring.
"""

from __future__ import annotations

import polars as pl

from dashboard.door import Context, ask, where
from dashboard.queries.common import label_column

FLOWS = ("openings", "hires", "jobs_created", "hires_from_campus")
EMPLOYER_GRID_ROWS = 500


def _flow_sums(table: str) -> str:
    return ", ".join(f"sum({table}.{flow})::bigint as {flow}" for flow in FLOWS)


def _campus_share(table: str) -> str:
    return f"campus_share(sum({table}.hires_from_campus), sum({table}.hires)) as campus_share"


def monthly(ctx: Context) -> pl.DataFrame:
    """One row per month of the selection: the flows summed over trades and regions, the campus share, the
    open vacancies at the month's end, and whether the month is provisional (docs/metrics.md)."""
    return ask(ctx, f"""
        select
            mart_hiring_monthly.month,
            {_flow_sums("mart_hiring_monthly")},
            {_campus_share("mart_hiring_monthly")},
            sum(mart_hiring_monthly.open_vacancies)::bigint as open_vacancies,
            bool_or(mart_hiring_monthly.is_provisional) as is_provisional
        from mart_hiring_monthly {where("mart_hiring_monthly")}
        group by mart_hiring_monthly.month
        order by mart_hiring_monthly.month
        """, by=("month",))


def totals(ctx: Context) -> pl.DataFrame:
    """One row over the selection: the flows, the campus share, and the open vacancies at the end of its
    latest month (``latest_month``); no row when the selection is empty."""
    return ask(ctx, f"""
        with selection as (
            select * from mart_hiring_monthly {where("mart_hiring_monthly")}
        ),

        latest as (
            select max(month) as latest_month from selection
        )

        select
            {_flow_sums("selection")},
            {_campus_share("selection")},
            (sum(selection.open_vacancies) filter (where selection.month = latest.latest_month))::bigint
                as open_vacancies,
            latest.latest_month
        from selection
        cross join latest
        group by latest.latest_month
        """)


def by_trade_region(ctx: Context) -> pl.DataFrame:
    """One row per trade x region of the selection: the flows over the period, the campus share, and the
    open vacancies of the latest month that trade and region reported (``latest_month``)."""
    return ask(ctx, f"""
        with by_pair as (
            select
                mart_hiring_monthly.trade_code,
                mart_hiring_monthly.region_code,
                {_flow_sums("mart_hiring_monthly")},
                {_campus_share("mart_hiring_monthly")},
                arg_max(mart_hiring_monthly.open_vacancies, mart_hiring_monthly.month)::bigint as open_vacancies,
                max(mart_hiring_monthly.month) as latest_month
            from mart_hiring_monthly {where("mart_hiring_monthly")}
            group by mart_hiring_monthly.trade_code, mart_hiring_monthly.region_code
        )
        select
            by_pair.trade_code,
            dim_trade.{label_column(ctx.lang)} as trade,
            by_pair.region_code,
            dim_region.region_name as region,
            by_pair.* exclude (trade_code, region_code)
        from by_pair
        left join dim_trade on dim_trade.trade_code = by_pair.trade_code
        left join dim_region on dim_region.region_code = by_pair.region_code
        order by by_pair.openings desc, by_pair.trade_code, by_pair.region_code
        """, by=("trade_code", "region_code"))


def employers(ctx: Context, limit: int | None = None) -> pl.DataFrame:
    """One row per employer x trade x region of the selection (from fact_hiring): openings, hires, jobs
    created and campus hires over the period, the open vacancies of the latest month it reported
    (``latest_month``) and the months it reported; most openings first, the first ``limit`` rows only
    when given. Employer-level rows: the door keeps an hr viewer to its own employer and refuses the
    steering role (Forbidden)."""
    limit_clause = "" if limit is None else "limit $limit"
    return ask(ctx, f"""
        with by_employer as (
            select
                fact_hiring.employer_id,
                fact_hiring.trade_code,
                fact_hiring.region_code,
                {_flow_sums("fact_hiring")},
                arg_max(fact_hiring.open_vacancies, fact_hiring.month)::bigint as open_vacancies,
                max(fact_hiring.month) as latest_month,
                count(*) as months_reported
            from fact_hiring {where("fact_hiring")}
            group by fact_hiring.employer_id, fact_hiring.trade_code, fact_hiring.region_code
        )
        select
            by_employer.employer_id,
            by_employer.trade_code,
            dim_trade.{label_column(ctx.lang)} as trade,
            by_employer.region_code,
            dim_region.region_name as region,
            by_employer.* exclude (employer_id, trade_code, region_code)
        from by_employer
        left join dim_trade on dim_trade.trade_code = by_employer.trade_code
        left join dim_region on dim_region.region_code = by_employer.region_code
        order by by_employer.openings desc, by_employer.employer_id, by_employer.trade_code, by_employer.region_code
        {limit_clause}
        """, by=("employer_id", "trade_code", "region_code"), params={} if limit is None else {"limit": limit},
        unprotected=("months_reported",))
