"""/market — public demand: France Travail's BMO survey (hiring projects of every employer, by métier) beside
the openings the sector's employers reported the same year, by trade and family, by region and by year, with
the difficulty rate employers themselves give. The pathway describes enrolments, so its filter is hidden."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Output, html

from dashboard import downloads
from dashboard.door import Context
from dashboard.figures import market as market_figures
from dashboard.i18n import t
from dashboard.layout import card, graph, grid, kpi, no_data, page_shell
from dashboard.public_demand import measure_column
from dashboard.queries import market as market_queries
from dashboard.requests import filtered_callback, kept_layout, page_context

dash.register_page(__name__, path="/market", name="market", order=8,
                   title="Marché du travail · Observatoire bioproduction")

PREFIX = "market-"
YEAR = PREFIX + "year"
KPIS = PREFIX + "kpis"
BY_TARGET = PREFIX + "by-target-graph"
BY_REGION = PREFIX + "by-region-graph"
TREND = PREFIX + "trend-graph"
TABLE = PREFIX + "table"

CARD_BY_TARGET = downloads.register("market-by-trade", market_queries.by_target)
CARD_BY_REGION = downloads.register("market-by-region", market_queries.by_region)
CARD_TREND = downloads.register("market-trend", market_queries.trend)
CARD_TABLE = downloads.register("market-table", market_queries.detail)


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, "/market")
    return page_shell(
        ctx, "/market",
        html.H1(t("market.title", lang), className="h3 mb-2"),
        html.P(t("market.intro", lang), className="text-muted mb-2"),
        html.Div(id=YEAR, className="mb-3"),
        html.Div(id=KPIS),
        dbc.Row([
            dbc.Col(card(CARD_BY_TARGET, lang, graph(BY_TARGET, lang)), lg=7, className="mb-3"),
            dbc.Col(card(CARD_BY_REGION, lang, graph(BY_REGION, lang)), lg=5, className="mb-3"),
        ], className="g-3"),
        card(CARD_TREND, lang, graph(TREND, lang)),
        card(CARD_TABLE, lang, html.Div(id=TABLE), title=t("market.table.title", lang)),
        show_pathway=False,
    )


@filtered_callback(Output(YEAR, "children"))
def update_year(ctx: Context):
    summary = market_queries.summary(ctx)
    provisional = bool(summary.height and summary["reported_openings_provisional"][0])
    sentences = market_figures.year_sentences(market_queries.shown_year(ctx), market_queries.years(ctx),
                                              provisional, ctx.lang)
    return [html.P(sentence, className="mb-1" + (" fw-semibold" if position == 0 else " small text-muted"))
            for position, sentence in enumerate(sentences)]


@filtered_callback(Output(KPIS, "children"))
def update_kpis(ctx: Context):
    items = market_figures.summary_items(market_queries.summary(ctx), ctx.lang)
    if not items:
        return no_data(ctx.lang)
    return dbc.Row([dbc.Col(kpi(item["label"], item["value"], item["detail"], kpi_id=PREFIX + item["key"]),
                            lg=True, md=6, sm=6, className="mb-3") for item in items], className="g-3")


@filtered_callback(Output(BY_TARGET, "figure"))
def update_by_target(ctx: Context):
    return market_figures.by_target_bars(market_queries.by_target(ctx), ctx.as_of, ctx.lang)


@filtered_callback(Output(BY_REGION, "figure"))
def update_by_region(ctx: Context):
    return market_figures.by_region_bars(market_queries.by_region(ctx), ctx.as_of, ctx.lang)


@filtered_callback(Output(TREND, "figure"))
def update_trend(ctx: Context):
    return market_figures.trend_chart(market_queries.trend(ctx), ctx.as_of, ctx.lang)


def table_columns(lang: str) -> list[dict]:
    return [
        {"field": "target_label", "headerName": t("measure.trade", lang), "flex": 2, "minWidth": 220},
        {"field": "region_name", "headerName": t("measure.region", lang), "flex": 2, "minWidth": 160},
        {"field": "bmo_codes", "headerName": t("measure.bmo_codes", lang), "minWidth": 110},
        measure_column("met", "measure.bmo_projects", lang, "masked_met_cells", sort="desc"),
        measure_column("xmet", "measure.bmo_difficult", lang, "masked_xmet_cells"),
        measure_column("difficulty_rate", "measure.difficulty_rate", lang, "masked_xmet_cells", percent=True),
        measure_column("smet", "measure.bmo_seasonal", lang, "masked_smet_cells"),
        {"field": "masked_met_cells", "headerName": t("measure.masked_cells", lang), "minWidth": 100,
         "type": "rightAligned"},
        measure_column("reported_openings", "measure.reported_openings", lang),
    ]


@filtered_callback(Output(TABLE, "children"))
def update_table(ctx: Context):
    return [grid(TABLE + "-grid", market_queries.detail(ctx), table_columns(ctx.lang), ctx.lang),
            html.P(t("market.note", ctx.lang), className="small text-muted mt-2 mb-0")]
