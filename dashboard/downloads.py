"""Every chart's and table's data as CSV or XLSX: one registry of card id -> query, one callback.

A page registers the query behind each of its cards (`register("gaps-heatmap", fn)`,
fn(filters, lang) -> DataFrame); the card's two buttons ask for it by id. The
file holds what the card shows, learner counts masked as on screen.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Callable

import polars as pl
from dash import ALL, Input, Output, State, callback, ctx, dcc
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.filters import Filters
from dashboard.layout import FILTER_STATES
from dashboard.privacy import mask_learner_counts

CardQuery = Callable[[Filters, str], pl.DataFrame]
_CARDS: dict[str, CardQuery] = {}
FORMATS = ("csv", "xlsx")


def register(card_id: str, card_query: CardQuery) -> str:
    """Declare the data behind a card; called once per card when its page module is imported."""
    if _CARDS.get(card_id, card_query) is not card_query:
        raise ValueError(f"card id {card_id!r} is registered twice")
    _CARDS[card_id] = card_query
    return card_id


def card_data(card_id: str, filters: Filters, lang: str) -> pl.DataFrame:
    return mask_learner_counts(_CARDS[card_id](filters, lang))


def to_bytes(frame: pl.DataFrame, file_format: str) -> bytes:
    buffer = io.BytesIO()
    if file_format == "csv":
        frame.write_csv(buffer)
        return "\ufeff".encode("utf-8") + buffer.getvalue()  # BOM: Excel opens accents right
    if file_format == "xlsx":
        frame.write_excel(buffer, autofit=True)
        return buffer.getvalue()
    raise ValueError(f"unknown format {file_format!r}; use one of {FORMATS}")


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input({"type": ids.DOWNLOAD_BUTTON, "card": ALL, "format": ALL}, "n_clicks"),
    FILTER_STATES,
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def download(_clicks, trades, regions, quarter_from, quarter_to, pathway, lang):
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    frame = card_data(trigger["card"], filters, lang)
    file_name = f"{trigger['card']}-{date.today().isoformat()}.{trigger['format']}"
    return dcc.send_bytes(to_bytes(frame, trigger["format"]), file_name)
