"""/gaps — where employers' demand outruns the job-ready graduates: by trade, by region, both, over time."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, html

from dashboard import downloads, public_demand
from dashboard.door import Context
from dashboard.figures import gaps as gaps_figures
from dashboard.i18n import t
from dashboard.layout import card, graph, grid, kpi, masked_note, no_data, page_shell
from dashboard.queries import gaps as gaps_queries
from dashboard.queries import market as market_queries
from dashboard.requests import filtered_callback, kept_layout, page_context

dash.register_page(__name__, path="/gaps", name="gaps", order=1, title="Tensions · Observatoire bioproduction")

PREFIX = "gaps-"
KPIS = PREFIX + "kpis"
BY_TRADE = PREFIX + "by-trade-graph"
TILES = PREFIX + "tiles-graph"
TILE_MEASURE = PREFIX + "tile-measure"
HEATMAP = PREFIX + "heatmap-graph"
TREND = PREFIX + "trend-graph"
TABLE = PREFIX + "table"
PUBLIC_DEMAND = PREFIX + "public-demand"

CARD_BY_TRADE = downloads.register("gaps-by-trade", gaps_queries.gap_by_trade)
CARD_TILES = downloads.register("gaps-by-region", gaps_queries.gap_by_region)
CARD_HEATMAP = downloads.register("gaps-heatmap", gaps_queries.gap_by_trade_region)
CARD_TREND = downloads.register("gaps-trend", gaps_queries.gap_trend)
CARD_TABLE = downloads.register("gaps-table", gaps_queries.gap_by_trade_region)
CARD_PUBLIC_DEMAND = downloads.register("gaps-public-demand", market_queries.by_target)


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, "/gaps")
    measure_options = [{"value": measure, "label": t(f"gaps.tiles.option.{measure}", lang)}
                       for measure in gaps_figures.TILE_MEASURES]
    tile_toggle = html.Div([
        dbc.Label(t("gaps.tiles.measure", lang), html_for=TILE_MEASURE, className="small me-2 mb-0"),
        dbc.RadioItems(id=TILE_MEASURE, options=measure_options, value="gap", inline=True, className="small"),
    ], className="d-flex flex-wrap align-items-center mb-2")
    return page_shell(
        ctx, "/gaps",
        html.H1(t("gaps.title", lang), className="h3 mb-2"),
        html.P(t("gaps.intro", lang), className="text-muted mb-3"),
        html.Div(id=KPIS),
        dbc.Row([
            dbc.Col(card(CARD_BY_TRADE, lang, graph(BY_TRADE, lang)), lg=6, className="mb-3"),
            dbc.Col(card(CARD_TILES, lang, tile_toggle, graph(TILES, lang),
                         html.P(t("gaps.tiles.note", lang), className="small text-muted mb-0")),
                    lg=6, className="mb-3"),
        ], className="g-3"),
        card(CARD_HEATMAP, lang, graph(HEATMAP, lang)),
        card(CARD_TREND, lang, graph(TREND, lang)),
        card(CARD_TABLE, lang, html.Div(id=TABLE), title=t("gaps.table.title", lang)),
        card(CARD_PUBLIC_DEMAND, lang, html.Div(id=PUBLIC_DEMAND), title=t("market.block.title", lang)),
        show_pathway=False,
    )


def summary_kpis(summary: pl.DataFrame, lang: str) -> dbc.Row | dbc.Alert:
    cards = [kpi(item["label"], item["value"], item["detail"], kpi_id=PREFIX + item["key"])
             for item in gaps_figures.summary_items(summary, lang)]
    if not cards:
        return no_data(lang)
    return dbc.Row([dbc.Col(item, lg=True, md=4, sm=6, className="mb-3") for item in cards], className="g-3")


@filtered_callback(Output(KPIS, "children"))
def update_kpis(ctx: Context):
    return summary_kpis(gaps_queries.gap_summary(ctx), ctx.lang)


@filtered_callback(Output(BY_TRADE, "figure"))
def update_by_trade(ctx: Context):
    return gaps_figures.demand_supply_bars(gaps_queries.gap_by_trade(ctx), "trade_label",
                                           t("gaps.by_trade.title", ctx.lang), ctx.as_of, ctx.lang)


@filtered_callback(Output(TILES, "figure"), Input(TILE_MEASURE, "value"))
def update_tiles(ctx: Context, measure):
    return gaps_figures.gap_tile_map(gaps_queries.gap_by_region(ctx), measure, ctx.as_of, ctx.lang)


@filtered_callback(Output(HEATMAP, "figure"))
def update_heatmap(ctx: Context):
    return gaps_figures.gap_heatmap(gaps_queries.gap_by_trade_region(ctx), ctx.as_of, ctx.lang)


@filtered_callback(Output(TREND, "figure"))
def update_trend(ctx: Context):
    return gaps_figures.gap_trend_chart(gaps_queries.gap_trend(ctx), ctx.as_of, ctx.lang)


def table_columns(lang: str) -> list[dict]:
    return [
        {"field": "trade_label", "headerName": t("measure.trade", lang), "flex": 2, "minWidth": 200},
        {"field": "region_name", "headerName": t("measure.region", lang), "flex": 2, "minWidth": 160},
        {"field": "demand", "headerName": t("measure.demand", lang), "kind": "int"},
        {"field": "graduates", "headerName": t("measure.graduates", lang), "kind": "int"},
        {"field": "supply", "headerName": t("measure.supply", lang), "kind": "int"},
        {"field": "gap", "headerName": t("measure.gap", lang), "kind": "int", "sort": "desc"},
        {"field": "coverage", "headerName": t("measure.coverage", lang), "kind": "pct"},
        {"field": "job_ready_rate", "headerName": t("measure.job_ready_rate", lang), "kind": "pct"},
    ]


@filtered_callback(Output(TABLE, "children"))
def update_table(ctx: Context):
    return [grid(TABLE + "-grid", gaps_queries.gap_by_trade_region(ctx), table_columns(ctx.lang), ctx.lang),
            masked_note(ctx.lang)]


@filtered_callback(Output(PUBLIC_DEMAND, "children"))
def update_public_demand(ctx: Context):
    return public_demand.block_body(ctx, PUBLIC_DEMAND + "-grid")
