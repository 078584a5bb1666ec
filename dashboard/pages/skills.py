"""/skills — which skills are short: required against reached level across trades and for one trade,
the skills that keep graduates from being job-ready, and results by assessment method."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html

from dashboard import downloads, ids
from dashboard.figures import skills as skills_figures
from dashboard.filters import Filters
from dashboard.i18n import language, t
from dashboard.layout import FILTER_INPUTS, as_of, card, graph, masked_note, page_shell
from dashboard.queries import common as common_queries
from dashboard.queries import skills as skills_queries

dash.register_page(__name__, path="/skills", name="skills", order=2,
                   title="Compétences · Observatoire bioproduction")

PREFIX = "skills-"
FOCUS = PREFIX + "focus"
OVERVIEW = PREFIX + "overview-graph"
LEVELS = PREFIX + "levels-graph"
BLOCKING = PREFIX + "blocking-graph"
BREAKDOWN = PREFIX + "breakdown-graph"
BREAKDOWN_BY = PREFIX + "breakdown-by"
METHODS = PREFIX + "methods-graph"

CARD_OVERVIEW = downloads.register("skills-overview", lambda filters, lang: skills_queries.skill_levels(filters, lang))
CARD_LEVELS = downloads.register(
    "skills-levels", lambda filters, lang: skills_queries.skill_levels(skills_queries.focused(filters), lang))
CARD_BLOCKING = downloads.register(
    "skills-blocking", lambda filters, lang: skills_queries.blocking_skills(skills_queries.focused(filters), lang))
CARD_BREAKDOWN = downloads.register(
    "skills-blocking-breakdown",
    lambda filters, lang: skills_queries.blocking_breakdowns(skills_queries.focused(filters), lang))
CARD_METHODS = downloads.register(
    "skills-methods", lambda filters, lang: skills_queries.skill_by_method(skills_queries.focused(filters), lang))


def layout(lang: str | None = None, **query_args):
    lang = language(lang)
    if common_queries.warehouse_info() is None:
        return page_shell("/skills", lang, query_args)
    breakdown_options = [{"value": by, "label": t(f"skills.breakdown.option.{by}", lang)}
                         for by in skills_queries.BREAKDOWNS]
    breakdown_toggle = html.Div([
        dbc.Label(t("skills.breakdown.by", lang), html_for=BREAKDOWN_BY, className="small me-2 mb-0"),
        dbc.RadioItems(id=BREAKDOWN_BY, options=breakdown_options, value="region", inline=True, className="small"),
    ], className="d-flex flex-wrap align-items-center mb-2")
    return page_shell(
        "/skills", lang, query_args,
        html.H1(t("skills.title", lang), className="h3 mb-2"),
        html.P(t("skills.intro", lang), className="text-muted mb-3"),
        card(CARD_OVERVIEW, lang, graph(OVERVIEW)),
        dbc.Alert(id=FOCUS, color="info", className="mb-3"),
        card(CARD_LEVELS, lang, graph(LEVELS)),
        card(CARD_BLOCKING, lang, graph(BLOCKING)),
        card(CARD_BREAKDOWN, lang, breakdown_toggle, graph(BREAKDOWN)),
        card(CARD_METHODS, lang, graph(METHODS), html.P(t("skills.methods.note", lang), className="small text-muted")),
        masked_note(lang),
        show_pathway=False,
    )


@callback(Output(FOCUS, "children"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_focus(trades, regions, quarter_from, quarter_to, pathway, lang):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    trade = skills_queries.trade_identity(skills_queries.focus_trade(filters), lang)
    return skills_figures.focus_sentence(filters.trades, trade, lang)


@callback(Output(OVERVIEW, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_overview(trades, regions, quarter_from, quarter_to, pathway, lang):
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
    data_date = as_of(common_queries.warehouse_info())
    return skills_figures.proficiency_heatmap(skills_queries.skill_levels(filters, lang), data_date, lang)


@callback(Output(LEVELS, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_levels(trades, regions, quarter_from, quarter_to, pathway, lang):
    filters = skills_queries.focused(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    data_date = as_of(common_queries.warehouse_info())
    return skills_figures.skill_levels_chart(skills_queries.skill_levels(filters, lang), data_date, lang)


@callback(Output(BLOCKING, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_blocking(trades, regions, quarter_from, quarter_to, pathway, lang):
    filters = skills_queries.focused(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    data_date = as_of(common_queries.warehouse_info())
    return skills_figures.blocking_chart(skills_queries.blocking_skills(filters, lang), data_date, lang)


@callback(Output(BREAKDOWN, "figure"), *FILTER_INPUTS, Input(BREAKDOWN_BY, "value"), State(ids.LANG, "data"))
def update_breakdown(trades, regions, quarter_from, quarter_to, pathway, by, lang):
    filters = skills_queries.focused(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    data_date = as_of(common_queries.warehouse_info())
    return skills_figures.blocking_heatmap(skills_queries.blocking_breakdown(filters, lang, by), by, data_date, lang)


@callback(Output(METHODS, "figure"), *FILTER_INPUTS, State(ids.LANG, "data"))
def update_methods(trades, regions, quarter_from, quarter_to, pathway, lang):
    filters = skills_queries.focused(Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway))
    data_date = as_of(common_queries.warehouse_info())
    return skills_figures.method_heatmap(skills_queries.skill_by_method(filters, lang), data_date, lang)
