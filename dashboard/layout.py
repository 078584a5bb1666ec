"""The shell every page shares: navigation, language switch, demo banner, filter bar, cards.

Pages call `page_shell(...)` from their layout function with the query-string
arguments they received, so a shared link restores the same view. The filter
bar writes its state back to the address bar (history.replaceState: no reload)
and into every navigation link, so moving between pages keeps the filters.
"""

from __future__ import annotations

from typing import Any, Sequence

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import polars as pl
from dash import ALL, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import ids
from dashboard.door import Context
from dashboard.figures.common import graph_config
from dashboard.filters import PATHWAYS, Filters, quarter_label
from dashboard.i18n import dropdown_labels, fmt_quarter, grid_locale_text, t
from dashboard.privacy import grid_rows, threshold
from dashboard.protection import companion
from dashboard.queries import common as common_queries
from dashboard.requests import FILTER_INPUTS

NAV_PAGES = ("/", "/scenarios", "/gaps", "/skills", "/training", "/hiring", "/trade", "/market", "/quality", "/sql",
             "/audit")
NAV_KEYS = {"/": "nav.overview", "/scenarios": "nav.scenarios", "/gaps": "nav.gaps", "/skills": "nav.skills",
            "/training": "nav.training", "/hiring": "nav.hiring", "/trade": "nav.trade", "/market": "nav.market",
            "/quality": "nav.quality", "/sql": "nav.sql", "/audit": "nav.audit"}


def _href(path: str, search: str) -> str:
    return f"{path}{search}"


# A page a role may not open is not in its navigation (and refuses it too: see each page).
NAV_ACTIONS = {"/sql": "sql", "/audit": "audit"}


def navbar(active_path: str, ctx: Context, switch_href: str | None = None) -> dbc.Navbar:
    """The top bar; ``switch_href`` is the language switch's link for a page that does not know its own address
    (the 404 page), else it is the active path in the other language."""
    filters, lang, viewer = ctx.filters, ctx.lang, ctx.viewer
    search = filters.to_search(lang)
    registered = {page["path"] for page in dash.page_registry.values()}
    links = [
        dbc.NavItem(dbc.NavLink(t(NAV_KEYS[path], lang), href=_href(path, search), active=path == active_path,
                                id={"type": ids.NAV_LINK, "page": path}))
        for path in NAV_PAGES if path in registered and viewer.may(NAV_ACTIONS.get(path, "dashboards"))
    ]
    other = "en" if lang == "fr" else "fr"
    switch = html.A(t("lang.switch", lang), href=switch_href or _href(active_path, filters.to_search(other)),
                    id=ids.LANG_SWITCH,
                    className="btn btn-outline-light btn-sm ms-lg-3", title=t("lang.switch_title", lang),
                    lang=other)
    account = []
    if viewer.name:
        account = [html.Span(t("nav.signed_in", lang, name=viewer.name, role=t(f"role.{viewer.role}", lang)),
                             className="navbar-text small ms-lg-3", id="signed-in"),
                   html.A(t("nav.sign_out", lang), href="/logout", className="btn btn-outline-light btn-sm ms-2",
                          id="sign-out")]
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand(t("app.brand", lang), href=_href("/", search)),
            dbc.Nav(links, navbar=True, className="me-auto flex-wrap"),
            switch,
            *account,
        ], fluid=True),
        color="primary", dark=True, className="mb-3", expand="lg",
    )


def demo_banner(info: dict[str, Any] | None, lang: str) -> html.Div | None:
    if info is None:
        return dbc.Alert(t("banner.no_warehouse", lang), color="warning", className="mb-3")
    if info.get("data_mode") == "demo":
        return dbc.Alert([html.Strong(t("banner.demo", lang)), " — ", t("banner.demo_detail", lang)],
                         color="warning", className="py-2 mb-3", id="demo-banner")
    return None


def sign_in_banner(ctx: Context) -> dbc.Alert | None:
    """Without a users file, say so: the view is the steering role's."""
    from dashboard.auth import users_path

    if users_path() is not None:
        return None
    return dbc.Alert(t("banner.no_sign_in", lang=ctx.lang), color="info", className="py-2 mb-3", id="no-sign-in")


def forbidden(ctx: Context, path: str, reason_key: str) -> html.Div:
    """The page a role may not open: navigation, and why."""
    return html.Div([navbar(path, ctx), dbc.Container(dbc.Alert([
        html.H1(t("forbidden.title", ctx.lang), className="h5"), html.P(t(reason_key, ctx.lang), className="mb-0"),
    ], color="secondary", id="forbidden"), fluid=True)], lang=ctx.lang)


def _options(frame: pl.DataFrame, value_column: str, label_column: str) -> list[dict[str, str]]:
    return [{"value": row[value_column], "label": row[label_column]} for row in frame.iter_rows(named=True)]


def filter_bar(ctx: Context, show_pathway: bool = True) -> dbc.Card:
    filters, lang = ctx.filters, ctx.lang
    # A quarter reads "T1 2021" in French and "Q1 2021" in English; its value, which the address keeps, is 2021Q1.
    quarter_options = [{"value": quarter_label(value), "label": fmt_quarter(value, lang)}
                       for value in common_queries.quarters(ctx)["quarter_start"].to_list()]

    def labelled(key: str, control, width: int) -> dbc.Col:
        return dbc.Col([dbc.Label(t(key, lang), html_for=control.id, className="small mb-1"), control], md=width)

    def dropdown(control_id: str, options: list[dict], value, placeholder: str, multi: bool = False) -> dcc.Dropdown:
        return dcc.Dropdown(id=control_id, options=options, value=value, multi=multi, placeholder=placeholder,
                            labels=dropdown_labels(lang))

    pathway_options = [{"value": value, "label": t(f"pathway.{value}", lang)} for value in PATHWAYS]
    trade_options = _options(common_queries.trades(ctx), "trade_code", "label")
    region_options = _options(common_queries.regions(ctx), "region_code", "label")
    # A link's code the warehouse does not know is not applied (it would empty every block, or a one-trade
    # page would show another trade): the bar says so and lists the codes it knows.
    known = {key: {option["value"] for option in options}
             for key, options in (("trade", trade_options), ("region", region_options))}
    known_trades = [code for code in filters.trades if code in known["trade"]]
    known_regions = [code for code in filters.regions if code in known["region"]]
    unknown = [(key, code, options) for key, codes, options in (("trade", filters.trades, trade_options),
                                                                 ("region", filters.regions, region_options))
               for code in codes if code not in known[key]]
    columns = [
        labelled("filter.trade", dropdown(ids.FILTER_TRADE, trade_options, known_trades, t("filter.all", lang),
                                          multi=True), 3),
        labelled("filter.region", dropdown(ids.FILTER_REGION, region_options, known_regions,
                                           t("filter.all_f", lang), multi=True), 3),
        labelled("filter.from", dropdown(ids.FILTER_FROM, quarter_options, quarter_label(filters.quarter_from),
                                         "–"), True),
        labelled("filter.to", dropdown(ids.FILTER_TO, quarter_options, quarter_label(filters.quarter_to), "–"), True),
        labelled("filter.pathway", dropdown(ids.FILTER_PATHWAY, pathway_options, filters.pathway,
                                            t("filter.all_f", lang)), True),
        dbc.Col(dbc.Button(t("filter.reset", lang), id=ids.FILTER_RESET, color="secondary", outline=True, size="sm",
                           title=t("filter.reset_title", lang)), width="auto", className="d-flex align-items-end"),
    ]
    if not show_pathway:
        columns[-2].style = {"display": "none"}
    body = [dbc.Row(columns, className="g-2")]
    for key, code, options in unknown:
        listed = ", ".join(f"{option['value']} ({option['label']})" if key == "trade" else option["label"]
                           for option in options)
        body.append(dbc.Alert(t(f"filter.unknown_{key}", lang, code=code[:40], known=listed), color="warning",
                              className="small mt-2 mb-0 filter-unknown"))
    return dbc.Card(dbc.CardBody(body), className="mb-3 filter-bar", id="filter-bar")


@callback(
    Output(ids.FILTER_TRADE, "value"), Output(ids.FILTER_REGION, "value"), Output(ids.FILTER_FROM, "value"),
    Output(ids.FILTER_TO, "value"), Output(ids.FILTER_PATHWAY, "value"),
    Input(ids.FILTER_RESET, "n_clicks"),
    prevent_initial_call=True,
)
def reset_filters(_clicks):
    """Every trade, every region, the whole period, every pathway: the page as it opens without a link."""
    return [], [], None, None, None


def page_shell(ctx: Context, path: str, *content, show_filters: bool = True,
               show_pathway: bool = True) -> html.Div:
    """The whole page: navigation, banner, filter bar (hidden where it does not apply) and the content."""
    lang, info = ctx.lang, ctx.info
    if info is None:
        banner = (dbc.Alert(t("banner.unreadable", lang, reason=ctx.problem), color="danger", id="warehouse-problem")
                  if ctx.problem else demo_banner(info, lang))
        return html.Div([navbar(path, ctx), dbc.Container(banner, fluid=True)], lang=lang)
    bar = filter_bar(ctx, show_pathway)
    if not show_filters:
        bar.style = {"display": "none"}
    return html.Div([
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.FILTER_SEARCH),
        dcc.Download(id=ids.DOWNLOAD),
        navbar(path, ctx),
        dbc.Container([sign_in_banner(ctx), demo_banner(info, lang), bar, *content], fluid=True, className="pb-5"),
    ], lang=lang)


def download_buttons(card_id: str, lang: str) -> html.Div:
    return html.Div([
        dbc.Button(t(f"download.{file_format}", lang), size="sm", color="secondary", outline=True,
                   className="ms-1", title=t("download.title", lang),
                   id={"type": ids.DOWNLOAD_BUTTON, "card": card_id, "format": file_format})
        for file_format in ("csv", "xlsx")
    ], className="text-end")


def card(card_id: str, lang: str, *body, title: str | None = None) -> dbc.Card:
    """A block of a page (chart or table) with its data's download buttons."""
    header = [html.H2(title, className="h6 mb-0 flex-grow-1")] if title else [html.Div(className="flex-grow-1")]
    return dbc.Card([
        dbc.CardHeader(html.Div([*header, download_buttons(card_id, lang)], className="d-flex align-items-center")),
        dbc.CardBody(list(body)),
    ], className="mb-3 h-100", id=f"card-{card_id}")


def graph(graph_id: str, lang: str) -> dcc.Loading:
    return dcc.Loading(dcc.Graph(id=graph_id, config=graph_config(lang),
                                 style={"minHeight": "380px"}), type="dot")


def kpi(label: str, value: str, detail: str | None = None, kpi_id: str | None = None) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.Div(label, className="text-muted small"),
        html.Div(value, className="fs-3 fw-semibold kpi-value", id=kpi_id or ""),
        html.Div(detail or "", className="small text-muted"),
    ]), className="h-100 kpi")


def no_data(lang: str) -> dbc.Alert:
    return dbc.Alert([html.Strong(t("no_data", lang)), html.Br(), t("no_data.hint", lang)],
                     color="light", className="no-data text-center my-3")


def grid_height(rows: int, most: int = 420) -> int:
    """Pixels for a grid of that many rows (a wrapped header, then a row each), never more than ``most``."""
    return min(most, 110 + 42 * rows)


# Up to this many rows a grid is as tall as its rows (AG Grid's autoHeight): nothing to scroll, no row cut
# by the card's bottom, and the whole table on paper; longer ones scroll within a fixed height.
WHOLE_GRID_ROWS = 15


def grid(grid_id: str, frame: pl.DataFrame, columns: Sequence[dict[str, Any]], lang: str,
         height: int | None = None) -> dag.AgGrid | dbc.Alert:
    """An AG Grid of an answer, its withheld cells in words; `columns` are AG Grid columnDefs where
    `"kind": "int"|"pct"|"num1"` picks the language's number format. Headers wrap whole words and say
    their full name on hover; a text cell wraps rather than being cut, and says itself on hover. A short
    answer shows every row; a long one scrolls within ``height`` (by default, what fits the rows)."""
    if frame.is_empty():
        return no_data(lang)
    formatters = {
        "int": f"fmtNumber(params.value, '{lang}', 0)",
        "num1": f"fmtNumber(params.value, '{lang}', 1)",
        "pct": f"fmtPercent(params.value, '{lang}', 1)",
    }
    column_defs = []
    for column in columns:
        definition = {key: value for key, value in column.items() if key != "kind"}
        kind = column.get("kind")
        if companion(column.get("field", "")) in frame.columns:  # withheld words sort below the numbers
            kind = kind or "int"
            definition["comparator"] = {"function": "maskedCountComparator(valueA, valueB)"}
        if kind in formatters:
            definition["valueFormatter"] = {"function": formatters[kind]}
            definition.setdefault("type", "rightAligned")
        elif "field" in definition and not {"cellRenderer", "valueFormatter"} & definition.keys():
            # words: wrapped, whole on hover
            definition.setdefault("tooltipField", definition["field"])
            definition.setdefault("wrapText", True)
            definition.setdefault("autoHeight", True)
        if "headerName" in definition:
            definition.setdefault("headerTooltip", definition["headerName"])
        column_defs.append(definition)
    whole = frame.height <= WHOLE_GRID_ROWS
    return dag.AgGrid(
        id=grid_id,
        rowData=grid_rows(frame, lang),
        columnDefs=column_defs,
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "minWidth": 90,
                       "wrapHeaderText": True, "autoHeaderHeight": True, "cellStyle": {"lineHeight": "1.35",
                                                                                        "paddingTop": "6px",
                                                                                        "paddingBottom": "6px"}},
        columnSize="responsiveSizeToFit",
        dashGridOptions={"animateRows": False, "domLayout": "autoHeight" if whole else "normal",
                         "tooltipShowDelay": 400, "localeText": grid_locale_text(lang)},
        style={} if whole else {"height": f"{height or grid_height(frame.height)}px"},
        className="ag-theme-alpine",
    )


def masked_note(lang: str) -> html.P:
    return html.P(t("masked.note", lang, n=threshold()), className="small text-muted mt-2 mb-0")


@callback(
    Output(ids.FILTER_SEARCH, "data"),
    Output({"type": ids.NAV_LINK, "page": ALL}, "href"),
    Output(ids.LANG_SWITCH, "href"),
    FILTER_INPUTS,
    State({"type": ids.NAV_LINK, "page": ALL}, "id"),
    State(ids.LANG, "data"),
    State(ids.URL, "pathname"),
    prevent_initial_call=True,
)
def sync_filters_to_links(trades, regions, quarter_from, quarter_to, pathway, nav_ids, lang, pathname):
    # Builds links only, asks the warehouse nothing: the one callback that needs no Context.
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    search = filters.to_search(lang)
    other = "en" if lang == "fr" else "fr"
    return (search, [_href(nav["page"], search) for nav in nav_ids],
            _href(pathname or "/", filters.to_search(other)))


# The address bar follows the filters without a reload, so the view can be shared as a link.
clientside_callback(
    """
    function(search) {
        if (search === undefined || search === null) { return window.dash_clientside.no_update; }
        const url = window.location.pathname + search;
        if (url !== window.location.pathname + window.location.search) {
            window.history.replaceState(window.history.state, "", url);
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output(ids.FILTER_SEARCH, "id"),
    Input(ids.FILTER_SEARCH, "data"),
    prevent_initial_call=True,
)
