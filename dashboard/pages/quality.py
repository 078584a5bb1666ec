"""/quality — can the figures be trusted: how fresh each source is, what each file load did, and every
rejected value with its file and line, every message in the page's language. Files are named relative
to the folder that was ingested; admins see the full path beside. The filter bar does not apply here."""

from __future__ import annotations

from datetime import datetime

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import downloads
from dashboard.door import Context
from dashboard.figures import quality as quality_figures
from dashboard.figures.common import graph_config
from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.layout import card, grid, page_shell
from dashboard.queries import quality as quality_queries
from dashboard.requests import kept_layout, page_context

dash.register_page(__name__, path="/quality", name="quality", order=6,
                   title="Qualité des données · Observatoire bioproduction")

PREFIX = "quality-"
AS_OF_STATEMENT = PREFIX + "as-of"
FRESHNESS = PREFIX + "freshness-list"
REASONS = PREFIX + "reasons-graph"
REJECTED_GRID = PREFIX + "rejected-grid"
REJECTED_DOWNLOAD = PREFIX + "rejected-download"
LOAD_LOG_GRID = PREFIX + "load-log-grid"
# Line numbers and load ids: numbers to sort and filter, written without thousands separators.
IDENTIFIER = {"type": "rightAligned", "filter": "agNumberColumnFilter", "minWidth": 100}
# Timestamps as 2026-11-26 20:20:07 in both languages (sortable, unambiguous).
TIMESTAMP_FORMATTER = {"function": "params.value ? params.value.replace('T', ' ').slice(0, 19) : '–'"}

CARD_FRESHNESS = downloads.register("quality-freshness", quality_queries.freshness)
CARD_REASONS = downloads.register("quality-reasons", quality_queries.rejections_by_reason)
CARD_REJECTED = downloads.register("quality-rejected-rows", quality_queries.rejected_rows)
CARD_LOAD_LOG = downloads.register("quality-load-log", quality_queries.load_log)
CARD_BMO_CODES = downloads.register("quality-bmo-missing-codes", quality_queries.bmo_missing_codes)
BMO_CODES_GRID = PREFIX + "bmo-codes-grid"


def _column(field: str, lang: str, kind: str | None = None, **extra) -> dict:
    sizing = {"minWidth": 120} if kind else {}
    return {"field": field, "headerName": t(f"quality.col.{field}", lang), **sizing, **({"kind": kind} if kind else {}), **extra}


def file_columns(frame, lang: str) -> list[dict]:
    """The file as people know it; its sheet when a row has one; the full path when the viewer may see it (the
    query leaves it out otherwise)."""
    columns = [_column("file_name", lang, minWidth=180, flex=2)]
    if frame["sheet"].is_not_null().any():
        columns.append(_column("sheet", lang, minWidth=120))
    if "file_path" in frame.columns:
        columns.append(_column("file_path", lang, minWidth=240, flex=2))
    return columns


def load_log_columns(frame, lang: str) -> list[dict]:
    return [
        _column("load_id", lang, maxWidth=150, **IDENTIFIER),
        _column("started_at", lang, valueFormatter=TIMESTAMP_FORMATTER, minWidth=170, sort="desc"),
        _column("source", lang, minWidth=130),
        *file_columns(frame, lang),
        _column("status", lang, minWidth=120),
        _column("rows_read", lang, "int"),
        _column("rows_inserted", lang, "int"),
        _column("rows_updated", lang, "int"),
        _column("rows_unchanged", lang, "int"),
        _column("rows_rejected", lang, "int"),
        _column("message", lang, minWidth=260, flex=3),
        _column("finished_at", lang, valueFormatter=TIMESTAMP_FORMATTER, minWidth=170),
    ]


def rejected_columns(frame, lang: str) -> list[dict]:
    return [
        _column("source", lang, minWidth=130),
        *file_columns(frame, lang),
        _column("line", lang, maxWidth=110, **IDENTIFIER),
        _column("column_name", lang, minWidth=140),
        _column("value", lang, minWidth=110),
        _column("reason", lang, minWidth=320, flex=4),
        _column("load_id", lang, maxWidth=150, **IDENTIFIER),
    ]


def as_of_statement(info: dict, lang: str) -> str:
    built = info["built_at"]
    built_at = f"{fmt_date(built.date(), lang)} {built:%H:%M} UTC" if built else "–"
    return t("quality.as_of", lang, as_of=fmt_date(info["as_of"], lang), built_at=built_at)


def rejected_block(ctx: Context) -> list:
    lang = ctx.lang
    rejected = quality_queries.rejected_rows(ctx, limit=quality_queries.REJECTED_GRID_ROWS)
    if rejected.is_empty():
        return [dbc.Alert(t("quality.none_rejected", lang), color="success", className="mb-0")]
    total = quality_queries.rejected_count(ctx)
    blocks = [html.P(t("quality.rejected.hint", lang), className="small text-muted mb-2")]
    if total > rejected.height:
        blocks.append(html.P(t("quality.rejected.capped", lang, shown=fmt_number(rejected.height, lang),
                               total=fmt_number(total, lang)), className="small text-muted mb-2"))
    return [*blocks, grid(REJECTED_GRID, rejected, rejected_columns(rejected, lang), lang, height=460),
            html.P(t("quality.rejected.download", lang, total=fmt_number(total, lang)), id=REJECTED_DOWNLOAD,
                   className="small text-muted mt-2 mb-0")]


def reasons_block(ctx: Context) -> list:
    as_of, lang = ctx.as_of, ctx.lang
    rejections = quality_queries.rejections_by_reason(ctx)
    if rejections.is_empty():
        return [dbc.Alert(t("quality.none_rejected", lang), color="success", className="mb-0")]
    return [dcc.Graph(id=REASONS, figure=quality_figures.reasons(rejections, as_of, lang), config=graph_config(lang)),
            html.P(t("quality.reasons.hint", lang), className="small text-muted mb-0")]


def load_log_block(ctx: Context):
    lang = ctx.lang
    files = quality_queries.load_log(ctx)
    if files.is_empty():
        return dbc.Alert(t("quality.none_loaded", lang), color="warning", className="mb-0")
    return grid(LOAD_LOG_GRID, files, load_log_columns(files, lang), lang, height=320)


def bmo_codes_block(ctx: Context):
    """The mapped BMO codes a loaded survey year lacks, or that none is missing (nothing at all before a survey
    is loaded)."""
    lang = ctx.lang
    missing = quality_queries.bmo_missing_codes(ctx)
    if missing.is_empty():
        return dbc.Alert(t("quality.bmo_codes.none", lang), color="success", className="mb-0")
    columns = [
        _column("year", lang, maxWidth=110, **IDENTIFIER),
        _column("bmo_code", lang, minWidth=120),
        _column("bmo_label", lang, minWidth=240, flex=2),
        _column("mapped_to", lang, minWidth=160),
        _column("source_files", lang, minWidth=220, flex=2),
    ]
    return [html.P(t("quality.bmo_codes.hint", lang), className="small text-muted mb-2"),
            grid(BMO_CODES_GRID, missing, columns, lang)]


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang, info = ctx.lang, ctx.info
    if info is None:
        return page_shell(ctx, "/quality", show_filters=False)
    sentences = quality_figures.freshness_sentences(quality_queries.freshness(ctx), datetime.now(), lang)
    return page_shell(
        ctx, "/quality",
        html.H1(t("quality.title", lang), className="h3 mb-1"),
        html.P(as_of_statement(info, lang), className="mb-3", id=AS_OF_STATEMENT),
        card(CARD_FRESHNESS, lang, html.Ul([html.Li(sentence) for sentence in sentences], id=FRESHNESS,
                                           className="mb-0"), title=t("quality.freshness.title", lang)),
        card(CARD_REASONS, lang, *reasons_block(ctx)),
        card(CARD_REJECTED, lang, *rejected_block(ctx), title=t("quality.rejected.title", lang)),
        card(CARD_LOAD_LOG, lang, load_log_block(ctx), title=t("quality.load_log.title", lang)),
        card(CARD_BMO_CODES, lang, bmo_codes_block(ctx), title=t("quality.bmo_codes.title", lang)),
        show_filters=False,
    )


@callback(Output(REJECTED_GRID, "filterModel"), Input(REASONS, "clickData"), prevent_initial_call=True)
def filter_rejected_rows(click):
    """Clicking a reason's bar shows that source's and column's rejected rows in the grid."""
    if not click:
        raise PreventUpdate
    source, column = click["points"][0]["customdata"][1:3]
    return {"source": {"filterType": "text", "type": "equals", "filter": source},
            "column_name": {"filterType": "text", "type": "blank"} if column is None else
            {"filterType": "text", "type": "equals", "filter": column}}
