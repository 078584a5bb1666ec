"""/training — is the training paying off: the funnel enrolled -> completed -> certified -> placed within
6 months, by programme, cohort, pathway and modality, for the filter bar's selection."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Output, State, callback, dcc, html

from dashboard import downloads, ids
from dashboard.figures import training as training_figures
from dashboard.filters import Filters
from dashboard.i18n import fmt_pct, language, t
from dashboard.layout import FILTER_INPUTS, card, graph, grid, kpi, masked_note, no_data, page_shell
from dashboard.privacy import count_text
from dashboard.queries import common as common_queries
from dashboard.queries import training as training_queries

dash.register_page(__name__, path="/training", name="training", order=3, title="Formation · Observatoire bioproduction")

PREFIX = "training-"
AS_OF = PREFIX + "as-of"
KPIS = PREFIX + "kpis"
FUNNEL = PREFIX + "funnel-graph"
FUNNEL_NOTE = PREFIX + "funnel-note"
COHORTS = PREFIX + "cohorts-graph"
PATHWAYS = PREFIX + "pathways-graph"
MODALITIES = PREFIX + "modalities-graph"
PROGRAMMES = PREFIX + "programmes"
PROGRAMMES_GRID = PREFIX + "programmes-grid"

CARD_FUNNEL = downloads.register("training-funnel", lambda filters, lang: training_queries.funnel_totals(filters))
CARD_COHORTS = downloads.register("training-cohorts", lambda filters, lang: training_queries.by_cohort(filters))
CARD_PATHWAYS = downloads.register(
    "training-pathways", lambda filters, lang: training_queries.by_dimension(filters, "pathway", lang))
CARD_MODALITIES = downloads.register(
    "training-modalities", lambda filters, lang: training_queries.by_dimension(filters, "modality", lang))
CARD_PROGRAMMES = downloads.register("training-programmes", training_queries.by_programme)


def layout(lang: str | None = None, **query_args):
    lang = language(lang)
    info = common_queries.warehouse_info()
    if info is None:
        return page_shell("/training", lang, query_args)
    return page_shell(
        "/training", lang, query_args,
        dcc.Store(id=AS_OF, data=info["as_of"].isoformat() if info["as_of"] else None),
        html.H1(t("training.title", lang), className="h3 mb-1"),
        html.P(t("training.intro", lang), className="text-muted small mb-3"),
        html.Div(id=KPIS, className="mb-3"),
        dbc.Row([
            dbc.Col(card(CARD_FUNNEL, lang, graph(FUNNEL), html.P(id=FUNNEL_NOTE, className="small text-muted mb-0"),
                         masked_note(lang)), lg=6, className="mb-3"),
            dbc.Col(card(CARD_COHORTS, lang, graph(COHORTS),
                         html.P(t("training.cohorts.note", lang), className="small text-muted mb-0")),
                    lg=6, className="mb-3"),
        ], className="g-3"),
        dbc.Row([
            dbc.Col(card(CARD_PATHWAYS, lang, graph(PATHWAYS)), lg=6, className="mb-3"),
            dbc.Col(card(CARD_MODALITIES, lang, graph(MODALITIES)), lg=6, className="mb-3"),
        ], className="g-3"),
        card(CARD_PROGRAMMES, lang, html.Div(id=PROGRAMMES), title=t("training.programmes.title", lang)),
    )


def _as_of(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def funnel_kpis(totals: dict, lang: str) -> dbc.Row:
    def count(column: str) -> str:
        return count_text(totals[column], lang)

    cards = [
        kpi(t("training.kpi.enrolled", lang), count("enrolled"),
            t("training.kpi.enrolled_detail", lang, in_progress=count("in_progress")), kpi_id=PREFIX + "enrolled"),
        kpi(t("measure.completion_rate", lang), fmt_pct(totals["completion_rate"], lang),
            t("training.kpi.completion_detail", lang, completed=count("completed"), withdrawn=count("withdrawn")),
            kpi_id=PREFIX + "completion"),
        kpi(t("measure.certification_rate", lang), fmt_pct(totals["certification_rate"], lang),
            t("training.kpi.certification_detail", lang, certified=count("certified"), completed=count("completed")),
            kpi_id=PREFIX + "certification"),
        kpi(t("measure.placement_rate_6m", lang), fmt_pct(totals["placement_rate_6m"], lang),
            t("training.kpi.placement_detail", lang, placed=count("placed_6m"), eligible=count("eligible_6m")),
            kpi_id=PREFIX + "placement"),
    ]
    return dbc.Row([dbc.Col(item, md=3, sm=6, className="mb-2") for item in cards], className="g-3")


@callback(
    Output(FUNNEL, "figure"),
    Output(KPIS, "children"),
    Output(FUNNEL_NOTE, "children"),
    *FILTER_INPUTS,
    State(ids.LANG, "data"),
    State(AS_OF, "data"),
)
def update_funnel(trades, regions, quarter_from, quarter_to, pathway, lang, as_of):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    totals = training_queries.funnel_totals(filters)
    figure = training_figures.funnel(totals, _as_of(as_of), lang)
    if totals.is_empty():
        return figure, no_data(lang), ""
    row = totals.row(0, named=True)
    note = t("training.funnel.note", lang, eligible=count_text(row["eligible_6m"], lang))
    return figure, funnel_kpis(row, lang), note


@callback(Output(COHORTS, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"), State(AS_OF, "data"))
def update_cohorts(trades, regions, quarter_from, quarter_to, pathway, lang, as_of):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    return training_figures.by_cohort(training_queries.by_cohort(filters), _as_of(as_of), lang)


@callback(Output(PATHWAYS, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"), State(AS_OF, "data"))
def update_pathways(trades, regions, quarter_from, quarter_to, pathway, lang, as_of):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    groups = training_queries.by_dimension(filters, "pathway", lang)
    return training_figures.compared(groups, "pathway", _as_of(as_of), lang)


@callback(Output(MODALITIES, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"), State(AS_OF, "data"))
def update_modalities(trades, regions, quarter_from, quarter_to, pathway, lang, as_of):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    groups = training_queries.by_dimension(filters, "modality", lang)
    return training_figures.compared(groups, "modality", _as_of(as_of), lang)


def _column(field: str, key: str, lang: str, kind: str | None = None, **extra) -> dict:
    sizing = {"minWidth": 120} if kind else {}
    return {"field": field, "headerName": t(key, lang), "wrapHeaderText": True, "autoHeaderHeight": True,
            **sizing, **({"kind": kind} if kind else {}), **extra}



def programme_columns(lang: str) -> list[dict]:
    return [
        _column("programme", "measure.programme", lang, flex=3, minWidth=220, tooltipField="programme", pinned="left"),
        _column("trade", "measure.trade", lang, flex=2, minWidth=150, tooltipField="trade"),
        _column("modality", "training.col.modality", lang, minWidth=110, tooltipField="modality"),
        _column("enrolled", "measure.enrolled", lang, "int", sort="desc"),
        _column("completed", "measure.completed", lang, "int"),
        _column("certified", "measure.certified", lang, "int"),
        _column("eligible_6m", "training.col.eligible_6m", lang, "int"),
        _column("placed_6m", "measure.placed_6m", lang, "int"),
        _column("completion_rate", "measure.completion_rate", lang, "pct"),
        _column("certification_rate", "measure.certification_rate", lang, "pct"),
        _column("placement_rate_6m", "measure.placement_rate_6m", lang, "pct"),
    ]


@callback(Output(PROGRAMMES, "children"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_programmes(trades, regions, quarter_from, quarter_to, pathway, lang):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    programmes = training_queries.by_programme(filters, lang)
    return [grid(PROGRAMMES_GRID, programmes, programme_columns(lang), lang, height=460), masked_note(lang)]
