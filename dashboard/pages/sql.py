"""/sql — the analysts' SQL console: the schema at hand, the worked examples, one read query at a time.

Every query goes through ``warehouse.sandbox.run_sql`` (the same sandbox as
``workforce sql``: read-only, time-limited, row-capped, logged as ``web <address>``).
The results are the warehouse's true values, not masked: the page says so.
The SQL travels in the address (``/sql?q=...``), so a query is a link; opening
the link fills the editor and never runs it (a link must not make a visitor run a
heavy query). Analysts and admins only: the page and its callbacks refuse other roles. Ctrl+Enter, inserting schema names at
the cursor and the address bar live in assets/sql_console.js.
"""

from __future__ import annotations

from datetime import datetime

import dash
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import audit, ids
from dashboard.access import current_viewer
from dashboard.i18n import fmt_number, fmt_size, t
from dashboard.layout import forbidden, page_shell
from dashboard.privacy import threshold
from dashboard.requests import page_context
from dashboard.sql_console import (FORMATS, PREFIX, download_name, error_alert, identifier, requester, result_file,
                                   run_state, run_view)
from warehouse.dictionary import Table, schema_catalog
from warehouse.examples import EXAMPLES
from warehouse.sandbox import Limits, SandboxError, run_sql

dash.register_page(__name__, path="/sql", name="sql", order=7, title="SQL · Observatoire bioproduction")

# assets/sql_console.js refers to EDITOR and RUN by these names; the results' own ids are in sql_console.
EDITOR = PREFIX + "editor"
RUN = PREFIX + "run"
LIMITS = PREFIX + "limits"
RESULTS = PREFIX + "results"
RUN_STATE = PREFIX + "run-state"  # the last run: {"sql", "search" (its link), "switch" (the other language's), "ok"}
LINK = PREFIX + "link"
LINK_COPY = PREFIX + "link-copy"
DOWNLOAD = PREFIX + "download"
DOWNLOAD_ERROR = PREFIX + "download-error"
DOWNLOAD_ERROR_ALERT = PREFIX + "download-error-alert"
SCHEMA = PREFIX + "schema"
INSERT = PREFIX + "insert"  # pattern-matching: {"type": INSERT, "table", "column" ("" for the table), "text"}
EXAMPLE = PREFIX + "example"  # pattern-matching: {"type": EXAMPLE, "name": example name}
DOWNLOAD_BUTTON = PREFIX + "download-button"  # pattern-matching: {"type": ..., "format": csv|xlsx|parquet}

ROLES = ("fact", "dimension", "mart", "operations")
PLACEHOLDER = "select *\nfrom mart_talent_gap\nlimit 10"
EXAMPLES_BY_NAME = {example.name: example for example in EXAMPLES}


# --- the page ---------------------------------------------------------------------------------

def _insert_button(text: str, lang: str, table: str, column: str = "") -> html.Button:
    return html.Button(text, id={"type": INSERT, "table": table, "column": column, "text": identifier(text)},
                       className="btn btn-link btn-sm p-0 font-monospace text-start sql-insert",
                       title=t("sql.insert.title", lang, name=text))


def table_entry(table: Table, lang: str) -> html.Details:
    """A table in the schema panel: its name and grain; opened, its description and columns."""
    columns = [
        html.Li([
            _insert_button(column.name, lang, table.name, column.name),
            html.Span(column.type, className="ms-2 small text-muted font-monospace"),
            html.Div(column.comment or "", className="small text-muted"),
        ], className="mb-1")
        for column in table.columns
    ]
    return html.Details([
        html.Summary([_insert_button(table.name, lang, table.name),
                      html.Div(table.grain or "", className="small text-muted ms-3")],
                     title=table.comment or ""),
        html.Div([html.P(table.comment or "", className="small mb-1"),
                  html.Ul(columns, className="list-unstyled small mb-0")], className="ms-3 mt-1"),
    ], className="mb-2 sql-table")


def schema_panel(tables: list[Table], lang: str) -> dbc.Card:
    sections = []
    for role in ROLES:
        members = [table for table in tables if table.role == role]
        if members:
            sections += [html.H3(t(f"sql.role.{role}", lang), className="h6 mt-3 mb-2 text-uppercase small"),
                         *[table_entry(table, lang) for table in members]]
    return dbc.Card([
        dbc.CardHeader(html.H2(t("sql.schema.title", lang), className="h6 mb-0")),
        dbc.CardBody([html.P(t("sql.schema.hint", lang), className="small text-muted mb-0"), *sections],
                     style={"maxHeight": "calc(100vh - 140px)", "overflowY": "auto"}),
    ], id=SCHEMA, className="mb-3")


def examples_card(lang: str) -> dbc.Card:
    items = [
        dbc.ListGroupItem([
            dbc.Button(t(f"sql.example.{example.name}.title", lang), color="link",
                       className="p-0 fw-semibold text-start", id={"type": EXAMPLE, "name": example.name}),
            dcc.Markdown(t(f"sql.example.{example.name}.question", lang), className="small text-muted sql-question"),
        ], className="py-2")
        for example in EXAMPLES
    ]
    return dbc.Card([
        dbc.CardHeader(html.H2(t("sql.examples.title", lang), className="h6 mb-0")),
        dbc.ListGroup(items, flush=True),
    ], className="mb-3")


def editor_card(sql: str, lang: str) -> dbc.Card:
    limits = Limits.from_settings()
    return dbc.Card(dbc.CardBody([
        dbc.Label(t("sql.editor.label", lang), html_for=EDITOR, className="fw-semibold"),
        dcc.Textarea(id=EDITOR, value=sql, placeholder=PLACEHOLDER, spellCheck=False, rows=8,
                     className="form-control font-monospace", style={"fontSize": ".9rem", "width": "100%"}),
        html.Div([
            dbc.Button(t("sql.run", lang), id=RUN, color="primary", className="me-2"),
            html.Span(t("sql.shortcut", lang), className="small text-muted"),
        ], className="d-flex align-items-center mt-2"),
        html.P(t("sql.limits", lang, seconds=fmt_number(limits.time_limit_s, lang),
                 rows=fmt_number(limits.row_cap, lang), size=fmt_size(limits.result_max_bytes, lang)),
               className="small text-muted mt-2 mb-0", id=LIMITS),
    ]), className="mb-3")


def results_card(children: list, state: dict | None, lang: str) -> dbc.Card:
    buttons = [
        dbc.Button(t(f"sql.download.{file_format}", lang), id={"type": DOWNLOAD_BUTTON, "format": file_format},
                   size="sm", color="secondary", outline=True, className="ms-1", title=t("sql.download.title", lang),
                   disabled=not (state and state["ok"]))
        for file_format in FORMATS
    ]
    return dbc.Card([
        dbc.CardHeader(html.Div([html.H2(t("sql.results.title", lang), className="h6 mb-0 flex-grow-1"),
                                 html.Div(buttons)], className="d-flex align-items-center")),
        dbc.CardBody([
            html.Div(id=DOWNLOAD_ERROR),
            dcc.Loading(html.Div(children, id=RESULTS), type="dot"),
            html.P(t("sql.unmasked", lang, n=threshold()), className="small text-muted mt-2 mb-0"),
        ]),
    ], className="mb-3")


def link_field(lang: str) -> html.Div:
    return html.Div([
        dbc.Label(t("sql.link.label", lang), html_for=LINK, className="small mb-1"),
        dbc.InputGroup([
            dbc.Input(id=LINK, readonly=True, className="font-monospace small", value=""),
            dbc.InputGroupText(dcc.Clipboard(target_id=LINK, id=LINK_COPY, title=t("sql.link.copy", lang))),
        ], size="sm"),
    ], className="mb-3")


def layout(lang: str | None = None, q: str | list[str] | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if not ctx.viewer.may("sql"):
        return forbidden(ctx, "/sql", "forbidden.sql")
    if ctx.info is None:
        return page_shell(ctx, "/sql", show_filters=False)
    sql = q[-1] if isinstance(q, list) else (q or "")
    results = [html.P(t("sql.results.ready" if sql.strip() else "sql.results.empty", lang),
                      className="text-muted mb-0")]
    state = run_state(sql, lang) if sql.strip() else None
    return page_shell(
        ctx, "/sql",
        dcc.Store(id=RUN_STATE, data=state),
        dcc.Download(id=DOWNLOAD),
        html.H1(t("sql.title", lang), className="h3 mb-1"),
        html.P(t("sql.intro", lang), className="mb-3"),
        dbc.Row([
            dbc.Col(schema_panel(schema_catalog(lang=lang), lang), lg=4, xl=3),
            dbc.Col([editor_card(sql, lang), results_card(results, state, lang), link_field(lang),
                     examples_card(lang)], lg=8, xl=9),
        ], className="g-3"),
        show_filters=False,
    )


# --- callbacks --------------------------------------------------------------------------------

@callback(
    Output(RESULTS, "children"),
    Output(RUN_STATE, "data"),
    Output({"type": DOWNLOAD_BUTTON, "format": ALL}, "disabled"),
    Output(EDITOR, "value", allow_duplicate=True),
    Output(DOWNLOAD_ERROR, "children", allow_duplicate=True),
    Input(RUN, "n_clicks"),
    Input({"type": EXAMPLE, "name": ALL}, "n_clicks"),
    State(EDITOR, "value"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def run(_run_clicks, _example_clicks, editor_sql, lang):
    """Run the editor's SQL, or load an example's into the editor and run it."""
    if not ctx.triggered[0]["value"] or not current_viewer().may("sql"):
        raise PreventUpdate
    example = EXAMPLES_BY_NAME[ctx.triggered_id["name"]] if ctx.triggered_id != RUN else None
    sql = example.sql if example else editor_sql or ""
    results, state = run_view(sql, lang, requester(), current_viewer())
    return results, state, [not state["ok"]] * len(FORMATS), sql if example else dash.no_update, None


@callback(
    Output(DOWNLOAD, "data"),
    Output(DOWNLOAD_ERROR, "children"),
    Input({"type": DOWNLOAD_BUTTON, "format": ALL}, "n_clicks"),
    State(RUN_STATE, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def download(_clicks, state, lang):
    """Run the last query again, in the same sandbox, and send its rows as a file."""
    if not ctx.triggered[0]["value"] or not state or not current_viewer().may("sql"):
        raise PreventUpdate
    file_format = ctx.triggered_id["format"]
    try:
        result = run_sql(state["sql"], who=requester())
    except SandboxError as error:
        return dash.no_update, error_alert(error, lang, DOWNLOAD_ERROR_ALERT)
    audit.record("export", current_viewer().label, {"what": "sql", "format": file_format, "rows": result.rows,
                                                    "sql": state["sql"]})
    return dcc.send_bytes(result_file(result.frame, file_format), download_name(file_format, datetime.now())), None


clientside_callback(
    ClientsideFunction("sql_console", "insert"),
    Output(EDITOR, "value", allow_duplicate=True),
    Input({"type": INSERT, "table": ALL, "column": ALL, "text": ALL}, "n_clicks"),
    State(EDITOR, "value"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction("sql_console", "share"),
    Output(LINK, "value"),
    Input(RUN_STATE, "data"),
)

# The language switch keeps the query (the shell's link knows only the filters); it follows the link field,
# which the run state sets on page load too.
clientside_callback(
    ClientsideFunction("sql_console", "switch_language"),
    Output(ids.LANG_SWITCH, "href", allow_duplicate=True),
    Input(LINK, "value"),
    State(RUN_STATE, "data"),
    prevent_initial_call=True,
)
