"""/ — the steering committee's view: is the 10,000-job goal on course, and where are the shortages."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Output, html

from dashboard import downloads
from dashboard.door import Context
from dashboard.figures.common import graph_config
from dashboard.figures.goal import (BACKTEST_COLUMNS, backtest_chart, backtest_rows, fan_chart, forecast_sentence,
                                    goal_curve, goal_sentence)
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, t
from dashboard.layout import card, grid, kpi, masked_note, page_shell
from dashboard.privacy import shown
from dashboard.queries import goal as goal_queries
from dashboard.requests import filtered_callback, kept_layout, page_context

dash.register_page(__name__, path="/", name="overview", order=0, title="Observatoire bioproduction")

PREFIX = "overview-"
GOAL_KPIS = PREFIX + "goal-kpis"
GOAL_SENTENCE = PREFIX + "goal-sentence"
GOAL_SCOPE = PREFIX + "goal-scope"
GOAL_CURVE = PREFIX + "goal-curve"
FORECAST_SENTENCE = PREFIX + "forecast-sentence"
FAN_CHART = PREFIX + "fan-chart"
BACKTEST_CHART = PREFIX + "backtest-chart"
BACKTEST_TABLE = PREFIX + "backtest-table"
REPORT_LINK = PREFIX + "report-link"
TRAINING_KPIS = PREFIX + "training-kpis"
SHORTAGES = PREFIX + "shortages"

CARD_CURVE = downloads.register("goal-path", goal_queries.goal_path)
CARD_SHORTAGES = downloads.register("largest-shortages", goal_queries.largest_shortages)
CARD_FAN = downloads.register("goal-forecast-band", goal_queries.forecast_band)
CARD_BACKTEST = downloads.register("goal-forecast-backtest", goal_queries.forecast_backtest_path)


def goal_kpis(forecast: dict, target: int, lang: str) -> dbc.Row:
    goal_month = (fmt_month(forecast["projected_goal_month"], lang) if forecast["projected_goal_month"]
                  else t("overview.kpi.goal_month_never", lang))
    cards = [
        kpi(t("overview.kpi.jobs", lang), fmt_number(forecast["jobs_created_cumulative"], lang),
            t("overview.kpi.jobs_of", lang, target=fmt_number(target, lang)), kpi_id=PREFIX + "jobs"),
        kpi(t("overview.kpi.path_share", lang).capitalize(), fmt_pct(forecast["share_of_target_path"], lang), None,
            kpi_id=PREFIX + "path-share"),
        kpi(t("overview.kpi.run_rate", lang), fmt_number(forecast["run_rate_12m"], lang, 0),
            t("overview.kpi.run_rate_unit", lang, required=fmt_number(forecast["required_run_rate"], lang)),
            kpi_id=PREFIX + "run-rate"),
        kpi(t("overview.kpi.projected", lang), fmt_number(forecast["projected_at_end"], lang), None,
            kpi_id=PREFIX + "projected"),
        kpi(t("overview.kpi.goal_month", lang), goal_month, None, kpi_id=PREFIX + "goal-month"),
    ]
    return dbc.Row([dbc.Col(item, lg=True, md=4, sm=6, className="mb-3") for item in cards], className="g-3")


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, "/")
    target = goal_queries.goal(ctx)["target_jobs"]
    forecast = goal_queries.goal_forecast(ctx)
    path = goal_queries.goal_path(ctx)
    headline = []
    if forecast is not None:
        headline = [
            dbc.Alert(goal_sentence(forecast, target, lang), color="success" if forecast["on_track"] else "danger",
                      id=GOAL_SENTENCE, className="fs-5"),
            dbc.Alert(forecast_sentence(goal_queries.forecast_summary(ctx), lang), color="info",
                      id=FORECAST_SENTENCE, className="fs-6"),
            goal_kpis(forecast, target, lang),
        ]
    return page_shell(
        ctx, "/",
        html.Div([
            html.H1(t("overview.title", lang), className="h3 mb-0 flex-grow-1"),
            html.A(t("report.button", lang), id=REPORT_LINK, href=report_href(ctx), className="btn btn-primary btn-sm",
                   title=t("report.button_title", lang), target="_blank", rel="noopener"),
        ], className="d-flex align-items-center mb-3 gap-2"),
        html.P(id=GOAL_SCOPE, className="small text-muted mb-2"),
        *headline,
        dbc.Row([
            dbc.Col(card(CARD_CURVE, lang, dash.dcc.Graph(id=GOAL_CURVE, figure=goal_curve(path, target, ctx.as_of, lang),
                                                          config=graph_config(lang))), lg=6, className="mb-3"),
            dbc.Col(card(CARD_FAN, lang, dash.dcc.Graph(
                id=FAN_CHART, figure=fan_chart(goal_queries.forecast_band(ctx), target, ctx.as_of, lang),
                config=graph_config(lang))), lg=6, className="mb-3"),
        ], className="g-3"),
        html.P(t("goal.forecast.how", lang), className="small text-muted"),
        backtest_card(ctx),
        html.H2(t("overview.training.title", lang), className="h5 mt-4"),
        html.Div(id=TRAINING_KPIS),
        card(CARD_SHORTAGES, lang, html.Div(id=SHORTAGES), title=t("overview.shortages.title", lang)),
    )


def backtest_card(ctx: Context) -> dbc.Card:
    """The forecast the method would have made 12 and 24 months ago, against what was reported since."""
    lang = ctx.lang
    backtests = goal_queries.forecast_backtest(ctx)
    if backtests.is_empty():
        return card(CARD_BACKTEST, lang, html.P(t("goal.backtest.none", lang), className="mb-0"),
                    title=t("goal.backtest.title", lang))
    header = html.Thead(html.Tr([html.Th(t(f"goal.backtest.col.{name}", lang)) for name in BACKTEST_COLUMNS]))
    body = html.Tbody([html.Tr([html.Td(row[name]) for name in BACKTEST_COLUMNS])
                       for row in backtest_rows(backtests, lang)])
    return card(
        CARD_BACKTEST, lang,
        html.P(t("goal.backtest.intro", lang), className="small text-muted"),
        dash.dcc.Graph(id=BACKTEST_CHART, config=graph_config(lang),
                       figure=backtest_chart(goal_queries.forecast_backtest_path(ctx), backtests, ctx.as_of, lang)),
        dbc.Table([header, body], id=BACKTEST_TABLE, size="sm", bordered=False, hover=True, responsive=True,
                  className="mb-0 mt-2"),
        title=t("goal.backtest.title", lang),
    )


def report_href(ctx: Context) -> str:
    """The committee's PDF report of the filters on screen, in the page's language."""
    return "/report.pdf" + ctx.filters.to_search(ctx.lang)


def training_kpis(headline: dict, lang: str) -> dbc.Row:
    cards = [
        kpi(t("overview.kpi.enrolled", lang), shown(headline, "enrolled", lang, "count"),
            t("overview.kpi.enrolled_detail", lang), kpi_id=PREFIX + "enrolled"),
        kpi(t("overview.kpi.graduates", lang), shown(headline, "graduates", lang, "count"),
            t("overview.kpi.graduates_detail", lang), kpi_id=PREFIX + "graduates"),
        kpi(t("overview.kpi.job_ready", lang), shown(headline, "job_ready_rate", lang, "pct"),
            kpi_id=PREFIX + "job-ready"),
        kpi(t("overview.kpi.placement", lang), shown(headline, "placement_rate_6m", lang, "pct"),
            kpi_id=PREFIX + "placement"),
    ]
    return dbc.Row([dbc.Col(item, md=3, sm=6, className="mb-3") for item in cards], className="g-3")


def goal_scope(ctx: Context) -> str:
    """The goal, its path and forecast count the sector's jobs nationally: with a filter set, say so there."""
    return t("overview.goal.national", ctx.lang) if ctx.filters.query_args() else ""


@filtered_callback(Output(TRAINING_KPIS, "children"), Output(SHORTAGES, "children"), Output(REPORT_LINK, "href"),
                   Output(GOAL_SCOPE, "children"))
def update(ctx: Context):
    lang = ctx.lang
    shortages = goal_queries.largest_shortages(ctx)
    label = "trade_en" if lang == "en" else "trade_fr"
    columns = [
        {"field": label, "headerName": t("measure.trade", lang), "flex": 2},
        {"field": "region_name", "headerName": t("measure.region", lang), "flex": 2},
        {"field": "demand", "headerName": t("measure.demand", lang), "kind": "int"},
        {"field": "supply", "headerName": t("measure.supply", lang), "kind": "int"},
        {"field": "gap", "headerName": t("measure.gap", lang), "kind": "int", "sort": "desc"},
        {"field": "coverage", "headerName": t("measure.coverage", lang), "kind": "pct"},
    ]
    return (training_kpis(goal_queries.training_headline(ctx), lang),
            [grid(SHORTAGES + "-grid", shortages, columns, lang, height=400), masked_note(lang)], report_href(ctx),
            goal_scope(ctx))
