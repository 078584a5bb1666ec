"""/audit — for admins: who signed in (or failed to), ran SQL, downloaded a card or read a data URL,
and when, latest first. The audit log is a file of its own (dashboard/audit.py) that survives
rebuilds; `workforce audit` prints the same."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import dash
import polars as pl
from dash import html

from dashboard import audit, downloads
from dashboard.door import Context
from dashboard.i18n import fmt_number, t
from dashboard.layout import card, forbidden, grid, page_shell
from dashboard.requests import page_context

dash.register_page(__name__, path="/audit", name="audit", order=8, title="Audit · Observatoire bioproduction")

PREFIX = "audit-"
GRID = PREFIX + "grid"
DAYS_SHOWN = 30
ROWS_SHOWN = 5000
TIMESTAMP_FORMATTER = {"function": "params.value ? params.value.replace('T', ' ').slice(0, 19) : '–'"}


def events(ctx: Context) -> pl.DataFrame:
    """The audit log's events of the last 30 days, latest first, for admins only."""
    ctx.viewer.require("audit")
    since = datetime.now(timezone.utc) - timedelta(days=DAYS_SHOWN)
    rows = list(audit.events(since=since, limit=ROWS_SHOWN))
    schema = {"at": pl.Datetime("ms", "UTC"), "event": pl.String, "who": pl.String, "address": pl.String,
              "detail": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row").with_columns(pl.col("at").dt.replace_time_zone(None))


CARD_EVENTS = downloads.register("audit-log", events)


def columns(lang: str) -> list[dict]:
    return [
        {"field": "at", "headerName": t("column.at", lang), "valueFormatter": TIMESTAMP_FORMATTER, "minWidth": 170,
         "sort": "desc"},
        {"field": "event", "headerName": t("column.event", lang), "minWidth": 130},
        {"field": "who", "headerName": t("column.who", lang), "minWidth": 140},
        {"field": "address", "headerName": t("column.address", lang), "minWidth": 120},
        {"field": "detail", "headerName": t("column.detail", lang), "flex": 3, "minWidth": 300},
    ]


def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    if not ctx.viewer.may("audit"):
        return forbidden(ctx, "/audit", "forbidden.audit")
    frame = events(ctx)
    return page_shell(
        ctx, "/audit",
        html.H1(t("audit.title", ctx.lang), className="h3 mb-1"),
        html.P(t("audit.intro", ctx.lang, days=DAYS_SHOWN, shown=fmt_number(frame.height, ctx.lang)),
               className="text-muted mb-3"),
        card(CARD_EVENTS, ctx.lang, grid(GRID, frame, columns(ctx.lang), ctx.lang, height=560)),
        show_filters=False,
    )
