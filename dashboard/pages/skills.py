"""/skills — which skills are short: required against reached level across trades and for one trade,
the skills that keep graduates from being job-ready, and results by assessment method."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, html

from dashboard import downloads
from dashboard.door import Context
from dashboard.figures import skills as skills_figures
from dashboard.i18n import t
from dashboard.layout import card, graph, masked_note, page_shell
from dashboard.queries import skills as skills_queries
from dashboard.queries.skills import focused
from dashboard.requests import filtered_callback, kept_layout, page_context

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

CARD_OVERVIEW = downloads.register("skills-overview", skills_queries.skill_levels)
CARD_LEVELS = downloads.register("skills-levels", lambda ctx: skills_queries.skill_levels(focused(ctx)))
CARD_BLOCKING = downloads.register("skills-blocking", lambda ctx: skills_queries.blocking_skills(focused(ctx)))
CARD_BREAKDOWN = downloads.register("skills-blocking-breakdown",
                                    lambda ctx: skills_queries.blocking_breakdowns(focused(ctx)))
CARD_METHODS = downloads.register("skills-methods", lambda ctx: skills_queries.skill_by_method(focused(ctx)))


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, "/skills")
    breakdown_options = [{"value": by, "label": t(f"skills.breakdown.option.{by}", lang)}
                         for by in skills_queries.BREAKDOWNS]
    breakdown_toggle = html.Div([
        dbc.Label(t("skills.breakdown.by", lang), html_for=BREAKDOWN_BY, className="small me-2 mb-0"),
        dbc.RadioItems(id=BREAKDOWN_BY, options=breakdown_options, value="region", inline=True, className="small"),
    ], className="d-flex flex-wrap align-items-center mb-2")
    return page_shell(
        ctx, "/skills",
        html.H1(t("skills.title", lang), className="h3 mb-2"),
        html.P(t("skills.intro", lang), className="text-muted mb-3"),
        card(CARD_OVERVIEW, lang, graph(OVERVIEW, lang)),
        dbc.Alert(id=FOCUS, color="info", className="mb-3"),
        card(CARD_LEVELS, lang, graph(LEVELS, lang)),
        card(CARD_BLOCKING, lang, graph(BLOCKING, lang)),
        card(CARD_BREAKDOWN, lang, breakdown_toggle, graph(BREAKDOWN, lang)),
        card(CARD_METHODS, lang, graph(METHODS, lang), html.P(t("skills.methods.note", lang), className="small text-muted")),
        masked_note(lang),
        show_pathway=False,
    )


@filtered_callback(Output(FOCUS, "children"))
def update_focus(ctx: Context):
    trade = skills_queries.trade_identity(ctx, skills_queries.focus_trade(ctx))
    return skills_figures.focus_sentence(ctx.filters.trades, trade, ctx.lang)


@filtered_callback(Output(OVERVIEW, "figure"))
def update_overview(ctx: Context):
    return skills_figures.proficiency_heatmap(skills_queries.skill_levels(ctx), ctx.as_of, ctx.lang)


@filtered_callback(Output(LEVELS, "figure"))
def update_levels(ctx: Context):
    return skills_figures.skill_levels_chart(skills_queries.skill_levels(focused(ctx)), ctx.as_of, ctx.lang)


@filtered_callback(Output(BLOCKING, "figure"))
def update_blocking(ctx: Context):
    return skills_figures.blocking_chart(skills_queries.blocking_skills(focused(ctx)), ctx.as_of, ctx.lang)


@filtered_callback(Output(BREAKDOWN, "figure"), Input(BREAKDOWN_BY, "value"))
def update_breakdown(ctx: Context, by):
    return skills_figures.blocking_heatmap(skills_queries.blocking_breakdown(focused(ctx), by), by, ctx.as_of,
                                           ctx.lang)


@filtered_callback(Output(METHODS, "figure"))
def update_methods(ctx: Context):
    return skills_figures.method_heatmap(skills_queries.skill_by_method(focused(ctx)), ctx.as_of, ctx.lang)
