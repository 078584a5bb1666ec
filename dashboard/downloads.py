"""Every chart's and table's data as CSV or XLSX: one registry of card id -> question, one callback.

A page registers the question behind each of its cards (``register("gaps-heatmap", fn)``,
fn(ctx) -> DataFrame, asked through the door like the card itself); the card's two buttons ask
for it by id. The file holds what the card shows, withheld cells in words as on screen.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Callable

import polars as pl
from dash import ALL, Input, Output, State, ctx as dash_ctx, dcc
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.door import Context
from dashboard.privacy import withheld_text
from dashboard.protection import PROTECTED, visible_columns
from dashboard.requests import filtered_callback

CardQuery = Callable[[Context], pl.DataFrame]
_CARDS: dict[str, CardQuery] = {}
FORMATS = ("csv", "xlsx")


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
    frame = card_data(trigger["card"], ctx)
    file_name = f"{trigger['card']}-{date.today().isoformat()}.{trigger['format']}"
    return dcc.send_bytes(to_bytes(frame, trigger["format"]), file_name)
