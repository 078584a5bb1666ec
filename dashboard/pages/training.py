"""/training — is the training paying off: the funnel enrolled -> completed -> certified -> placed within
6 months, by programme, cohort, pathway and modality, for the filter bar's selection."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Output, html

from dashboard import downloads
from dashboard.door import Context
from dashboard.figures import training as training_figures
from dashboard.i18n import t
from dashboard.layout import card, graph, grid, kpi, masked_note, no_data, page_shell
from dashboard.privacy import shown
from dashboard.queries import training as training_queries
from dashboard.requests import filtered_callback, kept_layout, page_context

dash.register_page(__name__, path="/training", name="training", order=3, title="Formation · Observatoire bioproduction")

PREFIX = "training-"
KPIS = PREFIX + "kpis"
FUNNEL = PREFIX + "funnel-graph"
FUNNEL_NOTE = PREFIX + "funnel-note"
COHORTS = PREFIX + "cohorts-graph"
PATHWAYS = PREFIX + "pathways-graph"
MODALITIES = PREFIX + "modalities-graph"
PROGRAMMES = PREFIX + "programmes"
PROGRAMMES_GRID = PREFIX + "programmes-grid"

CARD_FUNNEL = downloads.register("training-funnel", training_queries.funnel_totals)
CARD_COHORTS = downloads.register("training-cohorts", training_queries.by_cohort)
CARD_PATHWAYS = downloads.register("training-pathways", lambda ctx: training_queries.by_dimension(ctx, "pathway"))
CARD_MODALITIES = downloads.register("training-modalities",
                                     lambda ctx: training_queries.by_dimension(ctx, "modality"))
CARD_PROGRAMMES = downloads.register("training-programmes", training_queries.by_programme)


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, "/training")
    return page_shell(
        ctx, "/training",
        html.H1(t("training.title", lang), className="h3 mb-1"),
        html.P(t("training.intro", lang), className="text-muted small mb-3"),
        html.Div(id=KPIS, className="mb-3"),
        dbc.Row([
            dbc.Col(card(CARD_FUNNEL, lang, graph(FUNNEL, lang), html.P(id=FUNNEL_NOTE, className="small text-muted mb-0"),
                         masked_note(lang)), lg=6, className="mb-3"),
            dbc.Col(card(CARD_COHORTS, lang, graph(COHORTS, lang),
                         html.P(t("training.cohorts.note", lang), className="small text-muted mb-0")),
                    lg=6, className="mb-3"),
        ], className="g-3"),
        dbc.Row([
            dbc.Col(card(CARD_PATHWAYS, lang, graph(PATHWAYS, lang)), lg=6, className="mb-3"),
            dbc.Col(card(CARD_MODALITIES, lang, graph(MODALITIES, lang)), lg=6, className="mb-3"),
        ], className="g-3"),
        card(CARD_PROGRAMMES, lang, html.Div(id=PROGRAMMES), title=t("training.programmes.title", lang)),
    )


def funnel_kpis(totals: dict, lang: str) -> dbc.Row:
    def count(column: str) -> str:
        return shown(totals, column, lang, "count")

    def rate(column: str) -> str:
        return shown(totals, column, lang, "pct")

    cards = [
        kpi(t("training.kpi.enrolled", lang), count("enrolled"),
            t("training.kpi.enrolled_detail", lang, in_progress=count("in_progress")), kpi_id=PREFIX + "enrolled"),
        kpi(t("measure.completion_rate", lang), rate("completion_rate"),
            t("training.kpi.completion_detail", lang, completed=count("completed"), withdrawn=count("withdrawn")),
            kpi_id=PREFIX + "completion"),
        kpi(t("measure.certification_rate", lang), rate("certification_rate"),
            t("training.kpi.certification_detail", lang, certified=count("certified"), completed=count("completed")),
            kpi_id=PREFIX + "certification"),
        kpi(t("measure.placement_rate_6m", lang), rate("placement_rate_6m"),
            t("training.kpi.placement_detail", lang, placed=count("placed_6m"), eligible=count("eligible_6m")),
            kpi_id=PREFIX + "placement"),
    ]
    return dbc.Row([dbc.Col(item, md=3, sm=6, className="mb-2") for item in cards], className="g-3")


@filtered_callback(Output(FUNNEL, "figure"), Output(KPIS, "children"), Output(FUNNEL_NOTE, "children"))
def update_funnel(ctx: Context):
    totals = training_queries.funnel_totals(ctx)
    figure = training_figures.funnel(totals, ctx.as_of, ctx.lang)
    if totals.is_empty():
        return figure, no_data(ctx.lang), ""
    row = totals.row(0, named=True)
    note = t("training.funnel.note", ctx.lang, eligible=shown(row, "eligible_6m", ctx.lang, "count"))
    return figure, funnel_kpis(row, ctx.lang), note


@filtered_callback(Output(COHORTS, "figure"))
def update_cohorts(ctx: Context):
    return training_figures.by_cohort(training_queries.by_cohort(ctx), ctx.as_of, ctx.lang)


@filtered_callback(Output(PATHWAYS, "figure"))
def update_pathways(ctx: Context):
    return training_figures.compared(training_queries.by_dimension(ctx, "pathway"), "pathway", ctx.as_of, ctx.lang)


@filtered_callback(Output(MODALITIES, "figure"))
def update_modalities(ctx: Context):
    return training_figures.compared(training_queries.by_dimension(ctx, "modality"), "modality", ctx.as_of,
                                     ctx.lang)


def _column(field: str, key: str, lang: str, kind: str | None = None, **extra) -> dict:
    sizing = {"minWidth": 120} if kind else {}
    return {"field": field, "headerName": t(key, lang), **sizing, **({"kind": kind} if kind else {}), **extra}



def programme_columns(lang: str) -> list[dict]:
    return [
        _column("programme", "measure.programme", lang, flex=3, minWidth=220, pinned="left"),
        _column("trade", "measure.trade", lang, flex=2, minWidth=150),
        _column("modality", "training.col.modality", lang, minWidth=110),
        _column("enrolled", "measure.enrolled", lang, "int", sort="desc"),
        _column("completed", "measure.completed", lang, "int"),
        _column("certified", "measure.certified", lang, "int"),
        _column("eligible_6m", "training.col.eligible_6m", lang, "int"),
        _column("placed_6m", "measure.placed_6m", lang, "int"),
        _column("completion_rate", "measure.completion_rate", lang, "pct"),
        _column("certification_rate", "measure.certification_rate", lang, "pct"),
        _column("placement_rate_6m", "measure.placement_rate_6m", lang, "pct"),
    ]


@filtered_callback(Output(PROGRAMMES, "children"))
def update_programmes(ctx: Context):
    programmes = training_queries.by_programme(ctx)
    return [grid(PROGRAMMES_GRID, programmes, programme_columns(ctx.lang), ctx.lang, height=460),
            masked_note(ctx.lang)]
