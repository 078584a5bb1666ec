"""Figures are written as plain dicts and not validated per request (dashboard.figures.common.figure):
each one must be exactly what plotly's own validation would make of it, or a typo in a property
name, a colour scale by name or a value of the wrong shape would reach the browser unchecked."""

from __future__ import annotations

import json
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pytest

from dashboard.figures import gaps, goal, hiring, quality, skills, training
from dashboard.figures.common import GAP_SCALE, TEMPLATE, empty_figure
from tests.unit import test_figures_gaps_skills as gs
from tests.unit import test_figures_training_hiring_quality as thq

PATH = pl.DataFrame({
    "month": [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)],
    "target_cumulative": [100, 200, 300],
    "jobs_created_cumulative": [90, 180, None],
    "projected_cumulative": [None, 180, 260],
})

FIGURES = {
    "demand_supply_bars": lambda lang: gaps.demand_supply_bars(gs.BY_TRADE, "trade_label", "Title", gs.AS_OF, lang),
    "gap_heatmap": lambda lang: gaps.gap_heatmap(gs.PAIRS, gs.AS_OF, lang),
    "gap_tile_map gap": lambda lang: gaps.gap_tile_map(gs.REGIONS, "gap", gs.AS_OF, lang),
    "gap_tile_map coverage": lambda lang: gaps.gap_tile_map(gs.REGIONS, "coverage", gs.AS_OF, lang),
    "gap_trend_chart": lambda lang: gaps.gap_trend_chart(gs.TREND, gs.AS_OF, lang),
    "skill_levels_chart": lambda lang: skills.skill_levels_chart(gs.LEVELS, gs.AS_OF, lang),
    "proficiency_heatmap": lambda lang: skills.proficiency_heatmap(gs.LEVELS, gs.AS_OF, lang),
    "blocking_chart": lambda lang: skills.blocking_chart(gs.BLOCKING, gs.AS_OF, lang),
    "funnel": lambda lang: training.funnel(thq.FUNNEL, thq.AS_OF, lang),
    "by_cohort": lambda lang: training.by_cohort(thq.COHORTS, thq.AS_OF, lang),
    "compared": lambda lang: training.compared(thq.COHORTS.with_columns(label=pl.col("cohort_year").cast(pl.String)),
                                               "pathway", thq.AS_OF, lang),
    "flows": lambda lang: hiring.flows(thq.MONTHLY, thq.AS_OF, lang),
    "campus_share": lambda lang: hiring.campus_share(thq.MONTHLY, thq.AS_OF, lang),
    "vacancies": lambda lang: hiring.vacancies(thq.MONTHLY, thq.AS_OF, lang),
    "reasons": lambda lang: quality.reasons(thq.REJECTIONS, thq.AS_OF, lang),
    "goal_curve": lambda lang: goal.goal_curve(PATH, 10_000, date(2026, 9, 30), lang),
    "empty_figure": lambda lang: empty_figure("Title", lang, gs.AS_OF),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_plotly_validation_changes_nothing(name, lang):
    fig = FIGURES[name](lang)
    assert fig.data or name == "empty_figure", "the sample frames must draw something"
    written = json.loads(pio.to_json(fig))
    assert json.loads(pio.to_json(go.Figure(written))) == written


def test_every_figure_carries_the_template_and_resolved_scales():
    fig = gaps.gap_heatmap(gs.PAIRS, gs.AS_OF, "fr")
    assert fig.layout.template.to_plotly_json() == pio.templates["plotly_white"].to_plotly_json() == TEMPLATE
    assert [list(step) for step in fig.data[0].colorscale] == GAP_SCALE
    assert GAP_SCALE[0] == [0.0, "rgb(45,0,75)"] and GAP_SCALE[-1] == [1.0, "rgb(127,59,8)"]  # PuOr_r's ends
