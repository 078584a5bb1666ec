"""Data quality: how fresh each source is, what each file load did, and the rows that were rejected.

These read the operations tables (load_log, rejected_rows) and the facts' latest dates; the filter bar
does not apply to them. Tables for people (load log, rejected rows) name sources and statuses in the
language; freshness and the counts by reason keep the codes (the figures name them).
"""

from __future__ import annotations

import polars as pl

from dashboard.door import Context, ask
from dashboard.queries.training import labels

SOURCES = ("enrolments", "assessments", "hiring", "placements", "bmo")
STATUSES = ("loaded", "skipped", "failed")
REJECTED_GRID_ROWS = 2000


def freshness(ctx: Context) -> pl.DataFrame:
    """One row per source: the latest date of its fact (``period_grain`` says whether it is a day, a month
    or a year), the last time a file of it was loaded, the files loaded and the rows they rejected."""
    return ask(ctx, """
        with latest_dates as (
            select 'enrolments' as source,
                   -- a planned end of an enrolment in progress is no data yet (docs/metrics.md, as_of)
                   max(greatest(start_date, coalesce(case when status <> 'enrolled' then end_date end, start_date)))
                       as latest_date,
                   'date' as period_grain
            from fact_enrolment
            union all
            select 'assessments', max(assessed_on), 'date' from fact_assessment
            union all
            select 'hiring', max(month), 'month' from mart_hiring_monthly
            union all
            select 'placements', max(hired_on), 'date' from fact_placement
            union all
            select 'bmo', make_date(max(year), 1, 1), 'year' from fact_bmo
        ),

        loads as (
            select
                source,
                max(finished_at) filter (where status = 'loaded') as last_loaded_at,
                count(*) filter (where status = 'loaded') as files_loaded,
                count(*) filter (where status = 'failed') as files_failed,
                coalesce(sum(rows_rejected) filter (where status = 'loaded'), 0)::bigint as rows_rejected
            from load_log
            group by source
        )

        select
            latest_dates.source,
            latest_dates.latest_date,
            latest_dates.period_grain,
            loads.last_loaded_at,
            coalesce(loads.files_loaded, 0) as files_loaded,
            coalesce(loads.files_failed, 0) as files_failed,
            coalesce(loads.rows_rejected, 0) as rows_rejected
        from latest_dates
        left join loads on loads.source = latest_dates.source
        order by list_position($sources, latest_dates.source)
        """, params={"sources": list(SOURCES)}, unprotected=("files_loaded", "files_failed"))


def load_log(ctx: Context) -> pl.DataFrame:
    """Every file seen, latest first, its source and status named in the language."""
    return ask(ctx, """
        select load_id, started_at, finished_at, source, file_path, status, rows_read, rows_inserted,
               rows_updated, rows_unchanged, rows_rejected, message, is_demo
        from load_log
        order by started_at desc, load_id desc
        """).with_columns(labels("source", SOURCES, "quality.source", ctx.lang),
                          labels("status", STATUSES, "quality.status", ctx.lang))


def rejections_by_reason(ctx: Context) -> pl.DataFrame:
    """Rejected values counted by source, column and reason, most frequent first.

    Reasons quote the offending values (``jobs_created '3' is more than hires '0'``); the quoted values
    are replaced by ``…`` so that one rule is one reason whatever the values.
    """
    return ask(ctx, """
        with reasons as (
            select source, column_name, regexp_replace(reason, '''[^'']*''', '…', 'g') as reason
            from rejected_rows
        )
        select source, column_name, reason, count(*) as rejected
        from reasons
        group by source, column_name, reason
        order by rejected desc, source, column_name, reason
        """, unprotected=("rejected",))


def rejected_rows(ctx: Context, limit: int | None = None) -> pl.DataFrame:
    """Every rejected value with its file, line, column and reason, latest load first (the first ``limit``
    rows only when given); the source named in the language."""
    limit_clause = "" if limit is None else "limit $limit"
    return ask(ctx, f"""
        select rejected_rows.load_id, load_log.started_at as loaded_at, rejected_rows.source,
               rejected_rows.file_path, rejected_rows.line, rejected_rows.column_name, rejected_rows.value,
               rejected_rows.reason
        from rejected_rows
        left join load_log on load_log.load_id = rejected_rows.load_id
        order by rejected_rows.load_id desc, rejected_rows.file_path, rejected_rows.line, rejected_rows.column_name
        {limit_clause}
        """, params={} if limit is None else {"limit": limit}
    ).with_columns(labels("source", SOURCES, "quality.source", ctx.lang))


def rejected_count(ctx: Context) -> int:
    return ask(ctx, "select count(*) as rows from rejected_rows", unprotected=("rows",))["rows"][0]


def bmo_missing_codes(ctx: Context) -> pl.DataFrame:
    """The BMO métier codes of the mapping (bmo_trades.csv) a loaded survey year lacks, by year and code: most
    likely renamed by France Travail, to update in the mapping (docs/bmo.md)."""
    return ask(ctx, """
        select year, bmo_code, bmo_label, mapped_to, source_files
        from mart_bmo_missing_codes
        order by year, bmo_code
        """, by=("year", "bmo_code"))
