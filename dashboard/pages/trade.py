"""/trade — one trade's profile for an HR team (`/trade?trade=QC`), on one page to print or export: demand
and job-ready graduates by region and over time, required skills against the level reached, the
programmes that prepare for it with their placement, and hiring. The trade is the filter bar's; with
none or several selected the page shows the first and says so.

It reuses the queries and figures of /gaps, /skills, /training and /hiring, narrowed to the trade."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, clientside_callback, html

from dashboard import downloads, public_demand
from dashboard.door import Context
from dashboard.figures import gaps as gaps_figures
from dashboard.figures import hiring as hiring_figures
from dashboard.figures import skills as skills_figures
from dashboard.i18n import LABELS, t
from dashboard.layout import card, graph, grid, kpi, masked_note, no_data, page_shell
from dashboard.queries import gaps as gaps_queries
from dashboard.queries import hiring as hiring_queries
from dashboard.queries import market as market_queries
from dashboard.queries import skills as skills_queries
from dashboard.queries import training as training_queries
from dashboard.requests import filtered_callback, kept_layout, page_context

dash.register_page(__name__, path="/trade", name="trade", order=5, title="Fiche métier · Observatoire bioproduction")

PREFIX = "trade-"
TITLE = PREFIX + "title"
SUBTITLE = PREFIX + "subtitle"
NOTICE = PREFIX + "notice"
PRINT = PREFIX + "print"
KPIS = PREFIX + "kpis"
REGIONS = PREFIX + "regions-graph"
TREND = PREFIX + "trend-graph"
SKILLS = PREFIX + "skills-graph"
BLOCKING = PREFIX + "blocking-graph"
PROGRAMMES = PREFIX + "programmes"
HIRING = PREFIX + "hiring-graph"
PUBLIC_DEMAND = PREFIX + "public-demand"


def _focused(question):
    """A card's question narrowed to the trade the page shows."""
    return lambda ctx: question(skills_queries.focused(ctx))


CARD_REGIONS = downloads.register("trade-regions", _focused(gaps_queries.gap_by_region))
CARD_TREND = downloads.register("trade-trend", _focused(gaps_queries.gap_trend))
CARD_SKILLS = downloads.register("trade-skills", _focused(skills_queries.skill_levels))
CARD_BLOCKING = downloads.register("trade-blocking", _focused(skills_queries.blocking_skills))
CARD_PROGRAMMES = downloads.register("trade-programmes", _focused(training_queries.by_programme))
CARD_HIRING = downloads.register("trade-hiring", _focused(hiring_queries.monthly))
CARD_PUBLIC_DEMAND = downloads.register("trade-public-demand", _focused(market_queries.by_target))


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, "/trade")
    print_button = dbc.Button(t("trade.print", lang), id=PRINT, color="primary", outline=True, size="sm",
                              title=t("trade.print_title", lang), className="ms-3 flex-shrink-0")
    return page_shell(
        ctx, "/trade",
        html.Div([
            html.Div([html.H1(id=TITLE, className="h3 mb-1"), html.P(id=SUBTITLE, className="text-muted mb-1")],
                     className="flex-grow-1"),
            print_button,
        ], className="d-flex align-items-start"),
        html.P(t("trade.intro", lang), className="small text-muted mb-2"),
        dbc.Alert(id=NOTICE, color="info", is_open=False, className="mb-3"),
        html.Div(id=KPIS),
        html.H2(t("trade.section.demand", lang), className="h5 mt-2"),
        dbc.Row([
            dbc.Col(card(CARD_REGIONS, lang, graph(REGIONS, lang)), lg=6, className="mb-3 print-half"),
            dbc.Col(card(CARD_TREND, lang, graph(TREND, lang)), lg=6, className="mb-3 print-half"),
        ], className="g-3"),
        html.H2(t("trade.section.skills", lang), className="h5 mt-2"),
        card(CARD_SKILLS, lang, graph(SKILLS, lang)),
        card(CARD_BLOCKING, lang, graph(BLOCKING, lang)),
        html.H2(t("trade.section.training", lang), className="h5 mt-2"),
        card(CARD_PROGRAMMES, lang, html.Div(id=PROGRAMMES), title=t("trade.programmes.title", lang)),
        html.H2(t("trade.section.hiring", lang), className="h5 mt-2"),
        card(CARD_HIRING, lang, graph(HIRING, lang)),
        masked_note(lang),
        card(CARD_PUBLIC_DEMAND, lang, html.Div(id=PUBLIC_DEMAND), title=t("market.block.title", lang)),
    )


def family_label(family: str | None, lang: str) -> str:
    key = f"trade.family.{family}"
    return t(key, lang) if key in LABELS else (family or "–")


@filtered_callback(Output(TITLE, "children"), Output(SUBTITLE, "children"), Output(NOTICE, "children"),
                   Output(NOTICE, "is_open"))
def update_heading(ctx: Context):
    lang = ctx.lang
    trade = skills_queries.trade_identity(ctx, skills_queries.focus_trade(ctx))
    notice = skills_figures.focus_sentence(ctx.filters.trades, trade, lang)
    if trade.is_empty():
        return t("nav.trade", lang), "", notice, True
    row = trade.row(0, named=True)
    subtitle = t("trade.subtitle", lang, family=family_label(row["family"], lang), rome=row["rome_code"] or "–")
    return t("trade.title", lang, trade=row["label"]), subtitle, notice, len(ctx.filters.trades) != 1


@filtered_callback(Output(KPIS, "children"))
def update_kpis(ctx: Context):
    summary = gaps_queries.gap_summary(skills_queries.focused(ctx))
    cards = [kpi(item["label"], item["value"], item["detail"], kpi_id=PREFIX + item["key"])
             for item in gaps_figures.summary_items(summary, ctx.lang)]
    if not cards:
        return no_data(ctx.lang)
    return dbc.Row([dbc.Col(item, lg=True, md=4, sm=6, className="mb-3") for item in cards], className="g-3 print-fill")


@filtered_callback(Output(REGIONS, "figure"))
def update_regions(ctx: Context):
    return gaps_figures.demand_supply_bars(gaps_queries.gap_by_region(skills_queries.focused(ctx)), "region_name",
                                           t("gaps.by_region.title", ctx.lang), ctx.as_of, ctx.lang)


@filtered_callback(Output(TREND, "figure"))
def update_trend(ctx: Context):
    return gaps_figures.gap_trend_chart(gaps_queries.gap_trend(skills_queries.focused(ctx)), ctx.as_of, ctx.lang)


@filtered_callback(Output(SKILLS, "figure"))
def update_skills(ctx: Context):
    return skills_figures.skill_levels_chart(skills_queries.skill_levels(skills_queries.focused(ctx)), ctx.as_of,
                                             ctx.lang)


@filtered_callback(Output(BLOCKING, "figure"))
def update_blocking(ctx: Context):
    return skills_figures.blocking_chart(skills_queries.blocking_skills(skills_queries.focused(ctx)), ctx.as_of,
                                         ctx.lang)


def programme_columns(lang: str) -> list[dict]:
    """Few, narrow columns with wrapped headers, so the table fits an A4 portrait page."""
    def column(field: str, key: str, kind: str, **extra) -> dict:
        return {"field": field, "headerName": t(key, lang), "kind": kind, "minWidth": 110, "maxWidth": 160, **extra}

    return [
        {"field": "programme", "headerName": t("measure.programme", lang), "flex": 1, "minWidth": 150},
        column("enrolled", "measure.enrolled", "int", sort="desc"),
        column("completed", "measure.completed", "int"),
        column("placed_6m", "measure.placed_6m", "int"),
        column("completion_rate", "measure.completion_rate", "pct"),
        column("certification_rate", "measure.certification_rate", "pct"),
        column("placement_rate_6m", "measure.placement_rate_6m", "pct"),
    ]


@filtered_callback(Output(PROGRAMMES, "children"))
def update_programmes(ctx: Context):
    programmes = training_queries.by_programme(skills_queries.focused(ctx))
    return [grid(PROGRAMMES + "-grid", programmes, programme_columns(ctx.lang), ctx.lang,
                 height=min(420, 140 + 56 * programmes.height)),
            html.P(t("filter.pathway_note", ctx.lang), className="small text-muted mt-2 mb-0")]


@filtered_callback(Output(HIRING, "figure"))
def update_hiring(ctx: Context):
    return hiring_figures.flows(hiring_queries.monthly(skills_queries.focused(ctx)), ctx.as_of, ctx.lang)


# Printing is the browser's: assets/app.css's print stylesheet hides the navigation, filters and buttons,
# and assets/print.js lays the page out at an A4 page's width first (this button, or the browser's command).
clientside_callback(
    """
    function(clicks) {
        if (clicks && window.observatoryPrint) { window.observatoryPrint(); }
        return window.dash_clientside.no_update;
    }
    """,
    Output(PRINT, "title"),
    Input(PRINT, "n_clicks"),
)


@filtered_callback(Output(PUBLIC_DEMAND, "children"))
def update_public_demand(ctx: Context):
    return public_demand.block_body(skills_queries.focused(ctx), PUBLIC_DEMAND + "-grid")
