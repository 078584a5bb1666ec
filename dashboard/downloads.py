"""Every chart's and table's data as CSV or XLSX: one registry of card id -> question, one callback,
and the data URLs.

A page registers the question behind each of its cards (``register("gaps-heatmap", fn)``,
fn(ctx) -> DataFrame, asked through the door like the card itself); the card's two buttons ask
for it by id. The file holds what the card shows, written by warehouse/files.py: headers in the
page's language (``column.*``, ``measure.*``... labels), numbers as numbers with Excel formats,
ratios as percentages, withheld cells as their words only where withheld, no internal columns, and
a second sheet with the card's title, filters, data date, source and the protection rule applied.
The French CSV is French Excel's dialect (``;``, decimal comma), the English one the plain one; the
file name ends in ``-fr.csv`` or ``-en.csv`` to say which. Beyond WORKFORCE_DOWNLOAD_MAX_ROWS rows a
file holds the first ones and says so.

The same cards live at stable addresses for Excel's "From Web" / Power Query and scripts:
``/data/gaps-table.csv?trade=QC&region=11`` takes the page's query-string filters (and ``lang``)
and answers under the same roles and protection as the screen (a signed-in session, or an analyst's
API token ``Authorization: Bearer ...``). ``/data/`` lists the cards. Every file is in the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

import flask
import polars as pl
from dash import ALL, Input, Output, State, ctx as dash_ctx, dcc
from dash.exceptions import PreventUpdate

from dashboard import audit, ids
from dashboard.access import Forbidden, current_viewer
from dashboard.door import Context, context, rules
from dashboard.filters import Filters
from dashboard.i18n import LABELS, fmt_date, fmt_number, fmt_quarter, language, t
from dashboard.privacy import threshold, withheld_text
from dashboard.protection import PROTECTED, visible_columns
from dashboard.requests import filtered_callback
from warehouse import files, settings

CardQuery = Callable[[Context], pl.DataFrame]
_CARDS: dict[str, CardQuery] = {}
_PERCENTS: dict[str, frozenset[str]] = {}  # computed ratio columns of a card (the warehouse's own are known)
FORMATS = files.FORMATS
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# Columns a card's query needs (a tile's position, a code a chart sorts by) that mean nothing in a file.
INTERNAL_COLUMNS = frozenset({"tile_col", "tile_row", "iso_code", "period_grain", "is_demo"})
_HEADER_PREFIXES = ("column", "measure", "skills", "quality.col")
_MONTH_COLUMNS = frozenset({"month", "latest_month", "as_of_month", "projected_goal_month", "start_month",
                            "end_month"})


def register(card_id: str, card_query: CardQuery, percent: tuple[str, ...] = ()) -> str:
    """Declare the data behind a card; called once per card when its page module is imported.
    ``percent`` names columns the card computes that are ratios 0..1 (files show them as percentages;
    the warehouse's own ratio columns are known from its dictionary)."""
    if _CARDS.get(card_id, card_query) is not card_query:
        raise ValueError(f"card id {card_id!r} is registered twice")
    _CARDS[card_id] = card_query
    _PERCENTS[card_id] = frozenset(percent)
    return card_id


def cards() -> list[str]:
    return sorted(_CARDS)


def card_answer(card_id: str, ctx: Context) -> pl.DataFrame:
    """What the card shows, as the door answers it (withheld cells null, with their companions)."""
    return _CARDS[card_id](ctx)


def header_names(lang: str) -> dict[str, str]:
    """Each header a file may carry, back to its column name (the first one that has it)."""
    names: dict[str, str] = {}
    for key in LABELS:
        prefix, _, column = key.rpartition(".")
        if prefix in _HEADER_PREFIXES:
            names.setdefault(t(key, lang), column)
    return names


def header(column: str, lang: str) -> str:
    """A column's header in the language: its ``column.*`` label, else the measure, skill or quality one."""
    for prefix in _HEADER_PREFIXES:
        if f"{prefix}.{column}" in LABELS:
            return t(f"{prefix}.{column}", lang)
    raise KeyError(f"no header label for column {column!r}: add column.{column} to dashboard/i18n.py LABELS")


def _kind(name: str, dtype: pl.DataType, fractions: frozenset[str]) -> tuple[str, int | None]:
    if name in fractions:
        return "pct", 1
    if dtype == pl.Date:
        return ("quarter" if name.endswith(("quarter", "quarter_start")) else "month" if name in _MONTH_COLUMNS
                else "date"), None
    if isinstance(dtype, pl.Datetime):
        return "datetime", None
    if dtype.is_integer():
        return ("year" if name in ("year", "cohort_year") else "int"), None
    if dtype.is_numeric():
        return "number", 1 if name.startswith("mean_") else 0
    return "text", None


def file_columns(frame: pl.DataFrame, lang: str, percent: frozenset[str] = frozenset()) -> list[files.Column]:
    """The columns a file shows, in order: typed by the warehouse's dictionary and their dtype."""
    other_language = "trade_en" if lang != "en" else "trade_fr"
    fractions = rules().fractions | percent
    columns = []
    for name in visible_columns(frame):
        if name in INTERNAL_COLUMNS or name == other_language:
            continue
        kind, decimals = _kind(name, frame.schema[name], fractions)
        columns.append(files.Column(name, header(name, lang), kind, decimals))
    return columns


def _filters_text(ctx: Context) -> str:
    filters, lang = ctx.filters, ctx.lang
    parts = []
    if filters.trades:
        parts.append(f"{t('filter.trade', lang)} : " if lang == "fr" else f"{t('filter.trade', lang)}: ")
        parts[-1] += ", ".join(filters.trades)
    if filters.regions:
        parts.append(f"{t('filter.region', lang)}{' :' if lang == 'fr' else ':'} {', '.join(filters.regions)}")
    if filters.quarter_from or filters.quarter_to:
        parts.append(f"{t('export.period', lang)}{' :' if lang == 'fr' else ':'} "
                     f"{fmt_quarter(filters.quarter_from, lang)} – {fmt_quarter(filters.quarter_to, lang)}")
    if filters.pathway:
        parts.append(f"{t('filter.pathway', lang)}{' :' if lang == 'fr' else ':'} "
                     f"{t(f'pathway.{filters.pathway}', lang)}")
    return " ; ".join(parts) if parts else t("export.filters.none", lang)


def file_table(card_id: str, frame: pl.DataFrame, ctx: Context, total_rows: int | None = None) -> files.Table:
    """The spec of a card's file: its title and sheet, typed columns, and the metadata sheet."""
    lang, info = ctx.lang, ctx.info or {}
    title = t(f"card.{card_id}", lang)
    protection = (t("masked.note", lang, n=threshold()) if ctx.viewer.protected
                  else t("export.unprotected", lang, role=t(f"role.{ctx.viewer.role}", lang)))
    built_at = info.get("built_at")
    metadata = [
        (t("export.filters", lang), _filters_text(ctx)),
        (t("export.as_of", lang), fmt_date(info.get("as_of"), lang)),
        (t("export.source", lang), t("export.source.value", lang, mode=t(f"export.mode.{info.get('data_mode', 'real')}",
                                                                            lang),
                                     built_at=fmt_date(built_at.date() if built_at else None, lang))),
        (t("export.protection", lang), protection),
        (t("export.rows", lang), t("export.truncated", lang, shown=fmt_number(frame.height, lang),
                                   total=fmt_number(total_rows, lang))
         if total_rows is not None and total_rows > frame.height else fmt_number(frame.height, lang)),
        (t("export.exported_at", lang), fmt_date(date.today(), lang)),
        (t("export.data_url", lang), f"/data/{card_id}.xlsx{ctx.filters.to_search(lang)}"),
    ]
    return files.Table(title=title, sheet=title, about_sheet=t("export.sheet.about", lang),
                       columns=file_columns(frame, lang, _PERCENTS.get(card_id, frozenset())), metadata=metadata,
                       lang=lang)


def card_file(card_id: str, ctx: Context, file_format: str) -> tuple[bytes, int]:
    """The card's data as a file in the format, and how many rows it holds."""
    frame = card_answer(card_id, ctx)
    if not frame.columns:  # a question with nothing to ask for these filters (no survey loaded, say)
        frame = pl.DataFrame({"message": [t("no_data", ctx.lang)]})
    total = frame.height
    frame = frame.head(settings.get("download_max_rows"))
    # yes and no in the language; the door's reasons (small, secret) become the words a reader sees
    frame = frame.with_columns(
        pl.col(name).replace_strict({True: t("value.yes", ctx.lang), False: t("value.no", ctx.lang)},
                                    default=None, return_dtype=pl.String)
        for name, dtype in frame.schema.items() if dtype == pl.Boolean)
    frame = frame.with_columns(
        pl.col(name).cast(pl.String).replace_strict(
            {reason: withheld_text(reason, ctx.lang) for reason in ("small", "secret")}, default=None,
            return_dtype=pl.String)
        for name in frame.columns if name.endswith(PROTECTED))
    return files.write(file_table(card_id, frame, ctx, total), frame, file_format), frame.height


def file_name(card_id: str, file_format: str, lang: str) -> str:
    return files.file_name(card_id, file_format, lang, date.today())


@filtered_callback(
    Output(ids.DOWNLOAD, "data"),
    Input({"type": ids.DOWNLOAD_BUTTON, "card": ALL, "format": ALL}, "n_clicks"),
    filters_as=State,
    prevent_initial_call=True,
)
def download(ctx: Context, _clicks):
    trigger = dash_ctx.triggered_id
    if not trigger or not dash_ctx.triggered[0]["value"]:
        raise PreventUpdate
    try:
        content, rows = card_file(trigger["card"], ctx, trigger["format"])
    except Forbidden:
        raise PreventUpdate from None
    audit.record("export", ctx.viewer.label, {"card": trigger["card"], "format": trigger["format"],
                                              "filters": ctx.filters.query_args(), "rows": rows})
    return dcc.send_bytes(content, file_name(trigger["card"], trigger["format"], ctx.lang))


def _data_url(card_id: str, file_format: str):
    if card_id not in _CARDS or file_format not in FORMATS:
        return flask.jsonify(error=f"no card {card_id!r} in {file_format!r}; /data/ lists them"), 404
    viewer = current_viewer()
    ctx = context(Filters.from_query(flask.request.args), language(flask.request.args.get("lang")), viewer)
    try:
        content, rows = card_file(card_id, ctx, file_format)
    except Forbidden:
        return flask.jsonify(error=f"the {viewer.role} role may not read {card_id}"), 403
    audit.record("data_url", viewer.label, {"card": card_id, "format": file_format, "rows": rows,
                                            "filters": ctx.filters.query_args()},
                 flask.request.headers.get("X-Forwarded-For", flask.request.remote_addr))
    return flask.Response(content, mimetype=MEDIA_TYPES[file_format], headers={
        "Content-Disposition": f'attachment; filename="{file_name(card_id, file_format, ctx.lang)}"',
        "Cache-Control": "no-store"})


def _data_index():
    return flask.jsonify(cards=cards(), formats=list(FORMATS),
                         example="/data/gaps-table.csv?trade=QC&region=11&from=2025Q1&to=2026Q2&lang=fr")


def install(server: flask.Flask) -> None:
    """The data URLs, on the app's server."""
    server.add_url_rule("/data/", "data_index", _data_index)
    server.add_url_rule("/data/<card_id>.<file_format>", "data_url", _data_url)
