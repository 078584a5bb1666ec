"""/ — the steering committee's view: is the 10,000-job goal on course, and where are the shortages."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Output, html

from dashboard import downloads
from dashboard.door import Context
from dashboard.figures.common import graph_config
from dashboard.figures.goal import goal_curve
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, t
from dashboard.layout import card, grid, kpi, masked_note, page_shell
from dashboard.privacy import shown
from dashboard.queries import goal as goal_queries
from dashboard.requests import filtered_callback, page_context

dash.register_page(__name__, path="/", name="overview", order=0, title="Observatoire bioproduction")

PREFIX = "overview-"
GOAL_KPIS = PREFIX + "goal-kpis"
GOAL_SENTENCE = PREFIX + "goal-sentence"
GOAL_CURVE = PREFIX + "goal-curve"
TRAINING_KPIS = PREFIX + "training-kpis"
SHORTAGES = PREFIX + "shortages"

CARD_CURVE = downloads.register("goal-path", goal_queries.goal_path)
CARD_SHORTAGES = downloads.register("largest-shortages", goal_queries.largest_shortages)


def goal_sentence(forecast: dict, target: int, lang: str) -> str:
    values = {
        "run_rate": fmt_number(forecast["run_rate_12m"], lang),
        "target": fmt_number(target, lang),
        "projected": fmt_number(forecast["projected_at_end"], lang),
        "required": fmt_number(forecast["required_run_rate"], lang),
        "goal_month": fmt_month(forecast["projected_goal_month"], lang),
    }
    return t("overview.on_track" if forecast["on_track"] else "overview.off_track", lang, **values)


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
            goal_kpis(forecast, target, lang),
        ]
    return page_shell(
        ctx, "/",
        html.H1(t("overview.title", lang), className="h3 mb-3"),
        *headline,
        card(CARD_CURVE, lang, dash.dcc.Graph(id=GOAL_CURVE, figure=goal_curve(path, target, ctx.as_of, lang),
                                               config=graph_config(lang))),
        html.H2(t("overview.training.title", lang), className="h5 mt-4"),
        html.Div(id=TRAINING_KPIS),
        card(CARD_SHORTAGES, lang, html.Div(id=SHORTAGES), title=t("overview.shortages.title", lang)),
    )


def training_kpis(headline: dict, lang: str) -> dbc.Row:
    cards = [
        kpi(t("overview.kpi.enrolled", lang), shown(headline, "enrolled", lang, "count"), kpi_id=PREFIX + "enrolled"),
        kpi(t("overview.kpi.graduates", lang), shown(headline, "graduates", lang, "count"),
            kpi_id=PREFIX + "graduates"),
        kpi(t("overview.kpi.job_ready", lang), shown(headline, "job_ready_rate", lang, "pct"),
            kpi_id=PREFIX + "job-ready"),
        kpi(t("overview.kpi.placement", lang), shown(headline, "placement_rate_6m", lang, "pct"),
            kpi_id=PREFIX + "placement"),
    ]
    return dbc.Row([dbc.Col(item, md=3, sm=6, className="mb-3") for item in cards], className="g-3")


@filtered_callback(Output(TRAINING_KPIS, "children"), Output(SHORTAGES, "children"))
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
            [grid(SHORTAGES + "-grid", shortages, columns, lang, height=400), masked_note(lang)])
