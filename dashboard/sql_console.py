"""The SQL console's parts that need no page (the /sql page is dashboard/pages/sql.py): a query result
as an AG Grid, a sandbox error as an alert, the link that carries a query, the result as a file.

Results are the warehouse's true values: analysts' data, never masked here.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import flask
import polars as pl
from dash import html

from dashboard import audit
from warehouse import files
from dashboard.access import Viewer, current_viewer
from dashboard.i18n import fmt_number, grid_locale_text, stored_text, t
from warehouse.sandbox import SandboxError, SqlResult, flat_frame, run_sql

PREFIX = "sql-"
GRID = PREFIX + "grid"
SUMMARY = PREFIX + "summary"
TRUNCATED = PREFIX + "truncated"
ERROR = PREFIX + "error"

FORMATS = ("csv", "xlsx", "parquet")
ERROR_COLORS = {"refused": "warning", "syntax": "danger", "timeout": "warning", "error": "danger"}
_PLAIN_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_JS_SAFE_INTEGER = 2**53  # beyond it a browser's numbers lose digits: such columns are shown as text


def requester() -> str:
    """Who runs the query, for the SQL log: the signed-in person, and from where."""
    address = flask.request.headers.get("X-Forwarded-For", flask.request.remote_addr or "").split(",")[0].strip()
    return f"{current_viewer().label} (web {address})"


def identifier(name: str) -> str:
    """A table or column name as SQL can read it: double-quoted unless it is a plain lower-case name."""
    if _PLAIN_IDENTIFIER.fullmatch(name):
        return name
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


def share_search(sql: str, lang: str) -> str:
    """The query string of a link that opens this SQL in the console: ?q=<sql>[&lang=en]."""
    args = {"q": sql}
    if lang != "fr":
        args["lang"] = lang
    return "?" + urlencode(args)


# --- results ----------------------------------------------------------------------------------

def _as_number(series: pl.Series) -> bool:
    """Whether the browser shows this column's values exactly as numbers."""
    dtype = series.dtype
    if dtype.is_float() or (dtype.is_decimal() and dtype.scale > 0):
        return True
    if not (dtype.is_integer() or dtype.is_decimal()):
        return False
    largest = series.abs().max()
    return largest is None or largest < _JS_SAFE_INTEGER


def shown_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as the grid receives it: numbers as numbers (text when a browser would round them),
    dates and times as ISO text, nested values as JSON text."""
    flat = flat_frame(frame)
    columns = []
    for name, dtype in flat.schema.items():
        series = flat[name]
        if dtype.is_numeric() and not _as_number(series):
            series = series.cast(pl.String)
        elif dtype.is_decimal():
            series = series.cast(pl.Float64)
        elif dtype.is_temporal():
            series = series.cast(pl.String)
        columns.append(series)
    return pl.DataFrame(columns)


def _cell_type(series: pl.Series) -> str:
    if series.dtype.is_numeric():
        return "number" if _as_number(series) else "text"
    if series.dtype == pl.Boolean:
        return "boolean"
    if series.dtype == pl.Date:
        return "dateString"
    return "text"


def grid_columns(frame: pl.DataFrame, lang: str) -> list[dict]:
    """AG Grid columnDefs of a result: typed (numbers right-aligned, in the language's decimal mark,
    without thousands separators so years and codes read as such), the polars type on hover."""
    definitions = []
    for name, dtype in frame.schema.items():
        series = frame[name]
        definition = {"field": name, "headerName": name, "headerTooltip": str(dtype),
                      "cellDataType": _cell_type(series)}
        if definition["cellDataType"] == "number":
            definition.update(type="rightAligned", filter="agNumberColumnFilter",
                              valueFormatter={"function": f"sqlNumber(params.value, '{lang}')"})
        elif dtype.is_numeric():
            definition["type"] = "rightAligned"
        definitions.append(definition)
    return definitions


def result_grid(frame: pl.DataFrame, lang: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=GRID,
        rowData=shown_frame(frame).to_dicts(),
        columnDefs=grid_columns(frame, lang),
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "minWidth": 90},
        columnSize="autoSize",
        dashGridOptions={"animateRows": False, "suppressFieldDotNotation": True, "enableCellTextSelection": True,
                         "localeText": {**grid_locale_text(lang), "noRowsToShow": t("sql.no_rows", lang)}},
        style={"height": "460px"},
        className="ag-theme-alpine",
    )


def result_view(result: SqlResult, lang: str) -> list:
    """Row count and duration, the truncation notice when the row cap was hit, the grid."""
    summary = t("sql.summary", lang, rows=fmt_number(result.rows, lang), columns=fmt_number(len(result.columns), lang),
                duration=fmt_number(result.duration_ms, lang))
    view = [html.P(summary, id=SUMMARY, className="small text-muted mb-2")]
    if result.truncated:
        view.append(dbc.Alert([html.Strong(t("sql.truncated", lang, rows=fmt_number(result.row_cap, lang))), " ",
                               t("sql.truncated.hint", lang)], color="warning", id=TRUNCATED, className="py-2"))
    view.append(result_grid(result.frame, lang))
    return view


def error_alert(error: SandboxError, lang: str, alert_id: str = ERROR) -> dbc.Alert:
    """What went wrong, in words and in the page's language: the kind as a heading (a busy console has its own:
    nothing is wrong with the query), the sandbox's message (what to do) below it."""
    heading = "sql.error.busy" if error.code == "busy" else f"sql.error.{error.kind}"
    return dbc.Alert([
        html.H2(t(heading, lang), className="h6 alert-heading"),
        html.Pre(stored_text("sandbox", error.code, error.args, error.message, lang),
                 className="mb-0 sql-error-message", style={"whiteSpace": "pre-wrap", "fontSize": ".85rem"}),
    ], color=ERROR_COLORS[error.kind], id=alert_id, className="mb-0")


def run_state(sql: str, lang: str, ok: bool = False) -> dict:
    """The console's state for a query: the SQL, its links in this language and the other, whether it ran."""
    other = "en" if lang == "fr" else "fr"
    return {"sql": sql, "search": share_search(sql, lang), "switch": "/sql" + share_search(sql, other), "ok": ok}


def run_view(sql: str, lang: str, who: str, viewer: Viewer) -> tuple[list, dict]:
    """Run the SQL in the sandbox, for an analyst or admin only (a forged callback of another role gets
    nothing): what the results area shows, and the run's state. Every run is in the audit log."""
    viewer.require("sql")
    try:
        result = run_sql(sql, who=who)
    except SandboxError as error:
        audit.record("sql", viewer.label, {"sql": sql, "status": error.kind})
        return [error_alert(error, lang)], run_state(sql, lang)
    audit.record("sql", viewer.label, {"sql": sql, "status": "ok", "rows": result.rows})
    return result_view(result, lang), run_state(sql, lang, ok=True)


def result_file(frame: pl.DataFrame, file_format: str) -> bytes:
    """The result as a file: Parquet keeps every type; CSV and XLSX hold nested values as JSON text."""
    if file_format == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()
    flat = flat_frame(frame)
    table = files.Table(title="SQL", sheet="SQL", about_sheet="SQL", columns=files.infer_columns(flat), lang="en")
    return files.write(table, flat, file_format)


def download_name(file_format: str, now: datetime) -> str:
    return f"sql-result-{now:%Y-%m-%d-%H%M%S}.{file_format}"


