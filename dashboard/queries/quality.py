"""Data quality: how fresh each source is, what each file load did, and the rows that were rejected.

These read the operations tables (load_log, rejected_rows, and the view mart_rejections_by_reason that
``workforce status`` reads too) and the facts' latest dates; the filter bar does not apply to them.
Tables for people (load log, rejected rows) name sources and statuses in the language; freshness and
the counts by reason keep the source codes (the figures name them).

What ingest stored as a key and its arguments (``reason_key``/``reason_args``,
``message_key``/``message_args``) is rendered in the context's language; the English text stored
beside it stands in for rows loaded before keys existed. A file is named as people know it:
``file_name``, its path relative to the folder that was ingested (``sheet`` apart), and every mention
of its full path in a message becomes that name. The full ``file_path`` is for the viewers who may see
file paths (admins): it names the server's folders, often a temporary one that no longer exists.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import PurePath
from typing import Any

import polars as pl

from dashboard.door import Context, ask
from dashboard.i18n import stored_text, t
from dashboard.queries.training import labels
from pipelines import messages as ingest_messages
from pipelines.sources.registry import SOURCE_NAMES

STATUSES = ("loaded", "skipped", "failed")
REJECTED_GRID_ROWS = 2000
# Arguments that hold a path other than the file's own: the file an earlier load read, the folder given.
OTHER_PATHS = ("earlier", "folder")
# A placeholder a template quotes: 'value' in English, « value » in French.
_QUOTED = re.compile(r"(?:'|«\s*)\{(\w+)[^}]*\}(?:'|\s*»)")
ELLIPSIS = "…"


def _shown_file(table: str) -> str:
    """The file as people know it; rows of an earlier version, which have no file_name, by the last part of
    their path."""
    return f"coalesce({table}.file_name, regexp_extract({table}.file_path, '[^/\\\\]+$'))"


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
        """, params={"sources": list(SOURCE_NAMES)}, unprotected=("files_loaded", "files_failed"))


# --- messages in the language ----------------------------------------------------------------------

def quoted_arguments(key: str) -> set[str]:
    """The arguments a message quotes (the values as in the file): a value problem's ``value``, and those its
    templates put in quotes. Masked, they make one wording of a rule whatever the values."""
    templates = ingest_messages.MESSAGES.get(key, {})
    quoted = {name for template in templates.values() for name in _QUOTED.findall(template)}
    return quoted | ({"value"} if key.startswith("value.") else set())


def _without_paths(value: Any, file_path: str, file_name: str, name: str | None = None) -> Any:
    """An argument with the file's full path replaced by its name, and other paths by their last part."""
    if isinstance(value, str):
        if name in OTHER_PATHS:
            return PurePath(value).name
        return value.replace(file_path, file_name) if file_path else value
    if isinstance(value, list):
        return [_without_paths(item, file_path, file_name) for item in value]
    if isinstance(value, dict):
        return {key: _without_paths(item, file_path, file_name, key) for key, item in value.items()}
    return value


def _texts(frame: pl.DataFrame, key: str, args: str, english: str, ctx: Context, masked: bool = False) -> pl.Series:
    """The stored messages of the frame in the context's language, as the ``english`` column: one text per row
    from its ``key`` and ``args`` columns (the English text where there is no key); full paths hidden from who
    may not see them, quoted values replaced by … when ``masked``."""
    show_paths = ctx.viewer.may("file_paths")

    @functools.cache
    def text(message_key: str | None, message_args: str | None, english_text: str | None, file_path: str | None,
             file_name: str | None) -> str | None:
        try:
            values = json.loads(message_args) if message_args else {}
        except ValueError:
            values = None
        if not isinstance(values, dict):  # unreadable arguments: the English text stands
            message_key, values = None, {}
        if not show_paths:
            values = _without_paths(values, file_path or "", file_name or "")
            english_text = _without_paths(english_text, file_path or "", file_name or "")
        if masked and message_key:
            values.update({name: ELLIPSIS for name in quoted_arguments(message_key) if name in values})
        return stored_text("ingest", message_key, values, english_text, ctx.lang)

    rows = frame.select(key, args, english, "file_path", "file_name").iter_rows()
    return pl.Series(english, [text(*row) for row in rows], dtype=pl.String)


def _source_named(ctx: Context) -> pl.Expr:
    """The source in the language; a file whose source was not recognised says so."""
    return labels("source", SOURCE_NAMES, "quality.source", ctx.lang).fill_null(t("quality.source.unknown", ctx.lang))


def _for_viewer(frame: pl.DataFrame, ctx: Context, stored: tuple[str, ...]) -> pl.DataFrame:
    """The frame without the stored keys and arguments, and without file_path unless the viewer may see it."""
    hidden = stored if ctx.viewer.may("file_paths") else (*stored, "file_path")
    return frame.drop(hidden)


# --- the questions -----------------------------------------------------------------------------------

def load_log(ctx: Context) -> pl.DataFrame:
    """Every file seen, latest first: its source and status named, its message in the language."""
    files = ask(ctx, f"""
        select load_id, started_at, finished_at, source, {_shown_file("load_log")} as file_name, sheet, file_path,
               status, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_rejected, message, message_key,
               message_args, is_demo
        from load_log
        order by started_at desc, load_id desc
        """)
    return _for_viewer(files.with_columns(_texts(files, "message_key", "message_args", "message", ctx))
                       .with_columns(_source_named(ctx), labels("status", STATUSES, "quality.status", ctx.lang)),
                       ctx, ("message_key", "message_args"))


def rejections_by_reason(ctx: Context) -> pl.DataFrame:
    """Rejected values counted by source, column and rule, most first (mart_rejections_by_reason, which
    ``workforce status`` reads too): the reason in the language, its quoted values replaced by …, so that a
    rule is one reason whatever the values. Values it does not quote (a date it compares with, a file) are
    those of one of the rule's rows, as in the view's English wording."""
    reasons = ask(ctx, f"""
        with example as (
            select source, column_name, reason_key, reason_args, file_path, {_shown_file("rejected_rows")} as file_name
            from rejected_rows
            where reason_key is not null
            qualify row_number() over (partition by source, column_name, reason_key
                                       order by reason, load_id, line) = 1
        )

        select
            mart_rejections_by_reason.source,
            mart_rejections_by_reason.column_name,
            mart_rejections_by_reason.reason_key,
            mart_rejections_by_reason.reason,
            mart_rejections_by_reason.values_rejected as rejected,
            example.reason_args,
            example.file_path,
            example.file_name
        from mart_rejections_by_reason
        left join example
            on example.source is not distinct from mart_rejections_by_reason.source
            and example.column_name is not distinct from mart_rejections_by_reason.column_name
            and example.reason_key = mart_rejections_by_reason.reason_key
        order by mart_rejections_by_reason.rank
        """, unprotected=("rejected",))
    return reasons.with_columns(_texts(reasons, "reason_key", "reason_args", "reason", ctx, masked=True)).select(
        "source", "column_name", "reason_key", "reason", "rejected")


def rejected_rows(ctx: Context, limit: int | None = None) -> pl.DataFrame:
    """Every rejected value with its file, line, column and reason in the language, latest load first (the
    first ``limit`` rows only when given); the source named in the language."""
    limit_clause = "" if limit is None else "limit $limit"
    rows = ask(ctx, f"""
        select rejected_rows.load_id, load_log.started_at as loaded_at, rejected_rows.source,
               {_shown_file("rejected_rows")} as file_name, rejected_rows.sheet, rejected_rows.file_path,
               rejected_rows.line, rejected_rows.column_name, rejected_rows.value, rejected_rows.reason,
               rejected_rows.reason_key, rejected_rows.reason_args
        from rejected_rows
        left join load_log on load_log.load_id = rejected_rows.load_id
        order by rejected_rows.load_id desc, rejected_rows.file_path, rejected_rows.line, rejected_rows.column_name
        {limit_clause}
        """, params={} if limit is None else {"limit": limit})
    return _for_viewer(rows.with_columns(_texts(rows, "reason_key", "reason_args", "reason", ctx))
                       .with_columns(_source_named(ctx)),
                       ctx, ("reason_key", "reason_args"))


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
