"""Every chart's and table's data as CSV or XLSX: one registry of card id -> question, one callback,
and the data URLs.

A page registers the question behind each of its cards (``register("gaps-heatmap", fn)``,
fn(ctx) -> DataFrame, asked through the door like the card itself); the card's two buttons ask
for it by id. The file holds what the card shows, withheld cells in words as on screen.

The same cards live at stable addresses for Excel's "From Web" / Power Query and scripts:
``/data/gaps-table.csv?trade=QC&region=11`` takes the page's query-string filters and answers under
the same roles and protection as the screen (a signed-in session, or an analyst's API token
``Authorization: Bearer ...``). ``/data/`` lists the cards. Every file is in the audit log.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Callable

import flask
import polars as pl
from dash import ALL, Input, Output, State, ctx as dash_ctx, dcc
from dash.exceptions import PreventUpdate

from dashboard import audit, ids
from dashboard.access import Forbidden, current_viewer
from dashboard.door import Context, context
from dashboard.filters import Filters
from dashboard.i18n import language
from dashboard.privacy import withheld_text
from dashboard.protection import PROTECTED, visible_columns
from dashboard.requests import filtered_callback

CardQuery = Callable[[Context], pl.DataFrame]
_CARDS: dict[str, CardQuery] = {}
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def register(card_id: str, card_query: CardQuery) -> str:
    """Declare the data behind a card; called once per card when its page module is imported."""
    if _CARDS.get(card_id, card_query) is not card_query:
        raise ValueError(f"card id {card_id!r} is registered twice")
    _CARDS[card_id] = card_query
    return card_id


def card_data(card_id: str, ctx: Context) -> pl.DataFrame:
    """What the card shows, as a frame for a file: withheld cells as their words, companions dropped."""
    frame = _CARDS[card_id](ctx)
    withheld = [name for name in visible_columns(frame) if name + PROTECTED in frame.columns
                and frame[name + PROTECTED].is_not_null().any()]
    return frame.with_columns(
        pl.when(pl.col(name + PROTECTED).is_null()).then(pl.col(name).cast(pl.String))
        .otherwise(pl.col(name + PROTECTED).replace_strict(
            {reason: withheld_text(reason, ctx.lang) for reason in ("small", "secret")}, default=None))
        .alias(name)
        for name in withheld
    ).select(visible_columns(frame))


def to_bytes(frame: pl.DataFrame, file_format: str) -> bytes:
    buffer = io.BytesIO()
    if file_format == "csv":
        frame.write_csv(buffer)
        return "\ufeff".encode("utf-8") + buffer.getvalue()  # BOM: Excel opens accents right
    if file_format == "xlsx":
        frame.write_excel(buffer, autofit=True)
        return buffer.getvalue()
    raise ValueError(f"unknown format {file_format!r}; use one of {FORMATS}")


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
        frame = card_data(trigger["card"], ctx)
    except Forbidden:
        raise PreventUpdate from None
    audit.record("export", ctx.viewer.label, {"card": trigger["card"], "format": trigger["format"],
                                              "filters": ctx.filters.query_args(), "rows": frame.height})
    return dcc.send_bytes(to_bytes(frame, trigger["format"]), file_name(trigger["card"], trigger["format"]))


def file_name(card_id: str, file_format: str) -> str:
    return f"{card_id}-{date.today().isoformat()}.{file_format}"


def _data_url(card_id: str, file_format: str):
    if card_id not in _CARDS or file_format not in FORMATS:
        return flask.jsonify(error=f"no card {card_id!r} in {file_format!r}; /data/ lists them"), 404
    viewer = current_viewer()
    ctx = context(Filters.from_query(flask.request.args), language(flask.request.args.get("lang")), viewer)
    try:
        frame = card_data(card_id, ctx)
    except Forbidden:
        return flask.jsonify(error=f"the {viewer.role} role may not read {card_id}"), 403
    audit.record("data_url", viewer.label, {"card": card_id, "format": file_format, "rows": frame.height,
                                            "filters": ctx.filters.query_args()},
                 flask.request.headers.get("X-Forwarded-For", flask.request.remote_addr))
    return flask.Response(to_bytes(frame, file_format), mimetype=MEDIA_TYPES[file_format], headers={
        "Content-Disposition": f'attachment; filename="{file_name(card_id, file_format)}"',
        "Cache-Control": "no-store"})


def _data_index():
    return flask.jsonify(cards=sorted(_CARDS), formats=list(FORMATS),
                         example="/data/gaps-table.csv?trade=QC&region=11&from=2025Q1&to=2026Q2&lang=fr")


def install(server: flask.Flask) -> None:
    """The data URLs, on the app's server."""
    server.add_url_rule("/data/", "data_index", _data_index)
    server.add_url_rule("/data/<card_id>.<file_format>", "data_url", _data_url)
