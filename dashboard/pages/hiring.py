"""/hiring — what employers report: openings, hires, jobs created, campus share of hires and open vacancies
over time, by trade and region, down to each employer. The pathway describes enrolments, not employers'
returns, so its filter is hidden here and the hiring queries ignore it."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Output, State, callback, dcc, html

from dashboard import downloads, ids
from dashboard.figures import hiring as hiring_figures
from dashboard.filters import Filters
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, language, t
from dashboard.layout import FILTER_INPUTS, card, graph, grid, grid_height, kpi, no_data, page_shell
from dashboard.queries import common as common_queries
from dashboard.queries import hiring as hiring_queries

dash.register_page(__name__, path="/hiring", name="hiring", order=4, title="Recrutement · Observatoire bioproduction")

PREFIX = "hiring-"
AS_OF = PREFIX + "as-of"
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

CARD_FLOWS = downloads.register("hiring-monthly", lambda filters, lang: hiring_queries.monthly(filters))
CARD_CAMPUS = downloads.register("hiring-campus-share", lambda filters, lang: hiring_queries.monthly(filters).select(
    "month", "hires", "hires_from_campus", "campus_share"))
CARD_VACANCIES = downloads.register("hiring-vacancies", lambda filters, lang: hiring_queries.monthly(filters).select(
    "month", "open_vacancies"))
CARD_PAIRS = downloads.register("hiring-trade-region", hiring_queries.by_trade_region)
CARD_EMPLOYERS = downloads.register("hiring-employers", lambda filters, lang: hiring_queries.employers(filters, lang))


def layout(lang: str | None = None, **query_args):
    lang = language(lang)
    info = common_queries.warehouse_info()
    if info is None:
        return page_shell("/hiring", lang, query_args)
    return page_shell(
        "/hiring", lang, query_args,
        dcc.Store(id=AS_OF, data=info["as_of"].isoformat() if info["as_of"] else None),
        html.H1(t("hiring.title", lang), className="h3 mb-1"),
        html.P(t("hiring.intro", lang), className="text-muted small mb-3"),
        html.Div(id=KPIS, className="mb-3"),
        card(CARD_FLOWS, lang, graph(FLOWS)),
        dbc.Row([
            dbc.Col(card(CARD_CAMPUS, lang, graph(CAMPUS)), lg=6, className="mb-3"),
            dbc.Col(card(CARD_VACANCIES, lang, graph(VACANCIES)), lg=6, className="mb-3"),
        ], className="g-3 mt-0"),
        card(CARD_PAIRS, lang, html.Div(id=PAIRS), title=t("hiring.pairs.title", lang)),
        card(CARD_EMPLOYERS, lang, html.Div(id=EMPLOYERS), title=t("hiring.employers.title", lang)),
        show_pathway=False,
    )


def _as_of(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


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


@callback(Output(KPIS, "children"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_kpis(trades, regions, quarter_from, quarter_to, pathway, lang):
    totals = hiring_queries.totals(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    return no_data(lang) if totals.is_empty() else hiring_kpis(totals.row(0, named=True), lang)


@callback(Output(FLOWS, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"), State(AS_OF, "data"))
def update_flows(trades, regions, quarter_from, quarter_to, pathway, lang, as_of):
    monthly = hiring_queries.monthly(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    return hiring_figures.flows(monthly, _as_of(as_of), lang)


@callback(Output(CAMPUS, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"), State(AS_OF, "data"))
def update_campus(trades, regions, quarter_from, quarter_to, pathway, lang, as_of):
    monthly = hiring_queries.monthly(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    return hiring_figures.campus_share(monthly, _as_of(as_of), lang)


@callback(Output(VACANCIES, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"), State(AS_OF, "data"))
def update_vacancies(trades, regions, quarter_from, quarter_to, pathway, lang, as_of):
    monthly = hiring_queries.monthly(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    return hiring_figures.vacancies(monthly, _as_of(as_of), lang)


def _column(field: str, key: str, lang: str, kind: str | None = None, **extra) -> dict:
    sizing = {"minWidth": 120} if kind else {}
    return {"field": field, "headerName": t(key, lang), "wrapHeaderText": True, "autoHeaderHeight": True,
            **sizing, **({"kind": kind} if kind else {}), **extra}


def _flow_columns(lang: str) -> list[dict]:
    return [
        _column("openings", "measure.openings", lang, "int", sort="desc"),
        _column("hires", "measure.hires", lang, "int"),
        _column("jobs_created", "measure.jobs_created", lang, "int"),
        _column("hires_from_campus", "measure.hires_from_campus", lang, "int"),
    ]


def _place_columns(lang: str) -> list[dict]:
    return [
        _column("trade", "measure.trade", lang, flex=2, minWidth=200, tooltipField="trade"),
        _column("region", "measure.region", lang, flex=2, minWidth=170, tooltipField="region"),
    ]


def pair_columns(lang: str) -> list[dict]:
    return [
        *_place_columns(lang),
        *_flow_columns(lang),
        _column("campus_share", "measure.campus_share", lang, "pct"),
        _column("open_vacancies", "hiring.col.open_vacancies_latest", lang, "int"),
        _column("latest_month", "hiring.col.latest_month", lang, valueFormatter=MONTH_FORMATTER),
    ]


@callback(Output(PAIRS, "children"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_pairs(trades, regions, quarter_from, quarter_to, pathway, lang):
    pairs = hiring_queries.by_trade_region(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway), lang)
    return grid(PAIRS_GRID, pairs, pair_columns(lang), lang)


def employer_columns(lang: str) -> list[dict]:
    return [
        _column("employer_id", "hiring.col.employer", lang, minWidth=120, pinned="left"),
        *_place_columns(lang),
        *_flow_columns(lang),
        _column("open_vacancies", "hiring.col.open_vacancies_latest", lang, "int"),
        _column("latest_month", "hiring.col.latest_month", lang, valueFormatter=MONTH_FORMATTER),
        _column("months_reported", "hiring.col.months_reported", lang, "int"),
    ]


@callback(Output(EMPLOYERS, "children"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_employers(trades, regions, quarter_from, quarter_to, pathway, lang):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    employers = hiring_queries.employers(filters, lang)
    if employers.is_empty():
        return no_data(lang)
    shown = employers.head(hiring_queries.EMPLOYER_GRID_ROWS)
    total = fmt_number(employers.height, lang)
    note = (t("hiring.employers.capped", lang, shown=fmt_number(shown.height, lang), total=total)
            if employers.height > shown.height else t("hiring.employers.all", lang, total=total))
    return [html.P(note, className="small text-muted mb-2", id=EMPLOYERS_NOTE),
            grid(EMPLOYERS_GRID, shown, employer_columns(lang), lang, height=grid_height(shown.height, 480))]
