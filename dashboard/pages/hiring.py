"""/hiring — what employers report: openings, hires, jobs created, campus share of hires and open vacancies
over time, by trade and region, down to each employer. The pathway describes enrolments, not employers'
returns, so its filter is hidden here and the hiring queries ignore it."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Output, html

from dashboard import downloads
from dashboard.access import Forbidden
from dashboard.door import Context
from dashboard.figures import hiring as hiring_figures
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, t
from dashboard.layout import card, graph, grid, grid_height, kpi, no_data, page_shell
from dashboard.queries import hiring as hiring_queries
from dashboard.requests import filtered_callback, kept_layout, page_context

dash.register_page(__name__, path="/hiring", name="hiring", order=4, title="Recrutement · Observatoire bioproduction")

PREFIX = "hiring-"
KPIS = PREFIX + "kpis"
FLOWS = PREFIX + "flows-graph"
CAMPUS = PREFIX + "campus-graph"
VACANCIES = PREFIX + "vacancies-graph"
PAIRS = PREFIX + "pairs"
PAIRS_GRID = PREFIX + "pairs-grid"
EMPLOYERS = PREFIX + "employers"
EMPLOYERS_GRID = PREFIX + "employers-grid"
EMPLOYERS_NOTE = PREFIX + "employers-note"
# The month a date column holds, as 2026-10 (ISO, sorts and filters as text in both languages).
MONTH_FORMATTER = {"function": "params.value ? params.value.slice(0, 7) : '–'"}

CARD_FLOWS = downloads.register("hiring-monthly", hiring_queries.monthly)
CARD_CAMPUS = downloads.register("hiring-campus-share", lambda ctx: hiring_queries.monthly(ctx).select(
    "month", "hires", "hires_from_campus", "campus_share"))
CARD_VACANCIES = downloads.register("hiring-vacancies", lambda ctx: hiring_queries.monthly(ctx).select(
    "month", "open_vacancies"))
CARD_PAIRS = downloads.register("hiring-trade-region", hiring_queries.by_trade_region)
CARD_EMPLOYERS = downloads.register("hiring-employers", hiring_queries.employers)


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, "/hiring")
    return page_shell(
        ctx, "/hiring",
        html.H1(t("hiring.title", lang), className="h3 mb-1"),
        html.P(t("hiring.intro", lang), className="text-muted small mb-3"),
        html.Div(id=KPIS, className="mb-3"),
        card(CARD_FLOWS, lang, graph(FLOWS, lang)),
        dbc.Row([
            dbc.Col(card(CARD_CAMPUS, lang, graph(CAMPUS, lang)), lg=6, className="mb-3"),
            dbc.Col(card(CARD_VACANCIES, lang, graph(VACANCIES, lang)), lg=6, className="mb-3"),
        ], className="g-3 mt-0"),
        card(CARD_PAIRS, lang, html.Div(id=PAIRS), title=t("hiring.pairs.title", lang)),
        card(CARD_EMPLOYERS, lang, html.Div(id=EMPLOYERS), title=t("hiring.employers.title", lang)),
        show_pathway=False,
    )


def hiring_kpis(totals: dict, lang: str) -> dbc.Row:
    period = t("hiring.kpi.period", lang)
    cards = [
        kpi(t("measure.openings", lang), fmt_number(totals["openings"], lang), period, kpi_id=PREFIX + "openings"),
        kpi(t("measure.hires", lang), fmt_number(totals["hires"], lang), period, kpi_id=PREFIX + "hires"),
        kpi(t("measure.jobs_created", lang), fmt_number(totals["jobs_created"], lang), period,
            kpi_id=PREFIX + "jobs-created"),
        kpi(t("measure.campus_share", lang), fmt_pct(totals["campus_share"], lang),
            t("hiring.kpi.campus_detail", lang, n=fmt_number(totals["hires_from_campus"], lang)),
            kpi_id=PREFIX + "campus-share"),
        kpi(t("measure.open_vacancies", lang), fmt_number(totals["open_vacancies"], lang),
            t("hiring.kpi.vacancies_detail", lang, month=fmt_month(totals["latest_month"], lang)),
            kpi_id=PREFIX + "open-vacancies"),
    ]
    return dbc.Row([dbc.Col(item, lg=True, md=4, sm=6, className="mb-2") for item in cards], className="g-3")


@filtered_callback(Output(KPIS, "children"))
def update_kpis(ctx: Context):
    totals = hiring_queries.totals(ctx)
    return no_data(ctx.lang) if totals.is_empty() else hiring_kpis(totals.row(0, named=True), ctx.lang)


@filtered_callback(Output(FLOWS, "figure"))
def update_flows(ctx: Context):
    return hiring_figures.flows(hiring_queries.monthly(ctx), ctx.as_of, ctx.lang)


@filtered_callback(Output(CAMPUS, "figure"))
def update_campus(ctx: Context):
    return hiring_figures.campus_share(hiring_queries.monthly(ctx), ctx.as_of, ctx.lang)


@filtered_callback(Output(VACANCIES, "figure"))
def update_vacancies(ctx: Context):
    return hiring_figures.vacancies(hiring_queries.monthly(ctx), ctx.as_of, ctx.lang)


def _column(field: str, key: str, lang: str, kind: str | None = None, **extra) -> dict:
    sizing = {"minWidth": 120} if kind else {}
    return {"field": field, "headerName": t(key, lang), **sizing, **({"kind": kind} if kind else {}), **extra}


def _flow_columns(lang: str) -> list[dict]:
    return [
        _column("openings", "measure.openings", lang, "int", sort="desc"),
        _column("hires", "measure.hires", lang, "int"),
        _column("jobs_created", "measure.jobs_created", lang, "int"),
        _column("hires_from_campus", "measure.hires_from_campus", lang, "int"),
    ]


def _place_columns(lang: str) -> list[dict]:
    return [
        _column("trade", "measure.trade", lang, flex=2, minWidth=200),
        _column("region", "measure.region", lang, flex=2, minWidth=170),
    ]


def pair_columns(lang: str) -> list[dict]:
    return [
        *_place_columns(lang),
        *_flow_columns(lang),
        _column("campus_share", "measure.campus_share", lang, "pct"),
        _column("open_vacancies", "hiring.col.open_vacancies_latest", lang, "int"),
        _column("latest_month", "hiring.col.latest_month", lang, valueFormatter=MONTH_FORMATTER),
    ]


@filtered_callback(Output(PAIRS, "children"))
def update_pairs(ctx: Context):
    return grid(PAIRS_GRID, hiring_queries.by_trade_region(ctx), pair_columns(ctx.lang), ctx.lang)


def employer_columns(lang: str) -> list[dict]:
    return [
        _column("employer_id", "hiring.col.employer", lang, minWidth=120, pinned="left"),
        *_place_columns(lang),
        *_flow_columns(lang),
        _column("open_vacancies", "hiring.col.open_vacancies_latest", lang, "int"),
        _column("latest_month", "hiring.col.latest_month", lang, valueFormatter=MONTH_FORMATTER),
        _column("months_reported", "hiring.col.months_reported", lang, "int"),
    ]


@filtered_callback(Output(EMPLOYERS, "children"))
def update_employers(ctx: Context):
    lang = ctx.lang
    try:
        employers = hiring_queries.employers(ctx)
    except Forbidden:
        return dbc.Alert(t("hiring.employers.forbidden", lang), color="secondary", className="mb-0",
                         id=EMPLOYERS_NOTE)
    if employers.is_empty():
        return no_data(lang)
    shown = employers.head(hiring_queries.EMPLOYER_GRID_ROWS)
    total = fmt_number(employers.height, lang)
    note = (t("hiring.employers.capped", lang, shown=fmt_number(shown.height, lang), total=total)
            if employers.height > shown.height else t("hiring.employers.all", lang, total=total))
    if ctx.viewer.role == "hr":
        note = t("hiring.employers.own", lang, employer=ctx.viewer.employer) + " " + note
    return [html.P(note, className="small text-muted mb-2", id=EMPLOYERS_NOTE),
            grid(EMPLOYERS_GRID, shown, employer_columns(lang), lang, height=grid_height(shown.height, 480))]
