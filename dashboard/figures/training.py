"""Training charts: the funnel of the selection, the rates by cohort, and pathways or modalities compared.

Each takes a frame from dashboard.queries.training. Counts of enrolments below the privacy threshold are
written "< 5" in labels and hovers (the bar of a masked stage is not drawn).
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import OKABE_ITO, base_layout_properties, empty_figure, figure, percent_ticks
from dashboard.i18n import fmt_number, t
from dashboard.privacy import count_text, shown
from dashboard.protection import companion, withheld

# Each rate, the key of its name, and the counts it divides (numerator, denominator's terms).
RATES = (
    ("completion_rate", "measure.completion_rate", ("completed", "withdrawn")),
    ("certification_rate", "measure.certification_rate", ("completed",)),
    ("placement_rate_6m", "measure.placement_rate_6m", ("eligible_6m",)),
)
RATE_COLOURS = {"completion_rate": OKABE_ITO[0], "certification_rate": OKABE_ITO[1],
                "placement_rate_6m": OKABE_ITO[2]}
# The funnel's stages: the count, its name, and the rate that leads to it.
STAGES = (
    ("enrolled", "measure.enrolled", None),
    ("completed", "measure.completed", "completion_rate"),
    ("certified", "measure.certified", "certification_rate"),
    ("placed_6m", "measure.placed_6m", "placement_rate_6m"),
)
STAGE_COLOURS = (OKABE_ITO[0], OKABE_ITO[4], OKABE_ITO[1], OKABE_ITO[2])
# Text on each stage's colour with a contrast ratio of at least 4.5:1.
STAGE_TEXT_COLOURS = ("#ffffff", "#000000", "#000000", "#000000")


def _rate_line(row: dict, rate: str, lang: str) -> str:
    """'Taux d'achèvement : 89,1 % (sur 17 582)' for one row of counts and rates."""
    name_key, base_columns = next((key, columns) for column, key, columns in RATES if column == rate)
    hidden = next((row[companion(column)] for column in base_columns if row.get(companion(column))), None)
    base = count_text(sum(row[column] or 0 for column in base_columns), lang, hidden)
    value = f"{shown(row, rate, lang, 'pct')} ({t('training.hover.base', lang, n=base)})"
    return t("hover.value", lang, name=t(name_key, lang), value=value)


def funnel(totals: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """The funnel of the selection from ``funnel_totals``: enrolled, completed, certified, placed within 6 months."""
    title = t("training.funnel.title", lang)
    if totals.is_empty() or not (totals["enrolled"][0] or withheld(totals, "enrolled")[0]):
        return empty_figure(title, lang, as_of)
    row = totals.row(0, named=True)
    names, values, texts, hovers = [], [], [], []
    for column, name_key, rate in STAGES:
        text = shown(row, column, lang, "count")
        names.append(t(name_key, lang))
        values.append(0 if text != fmt_number(row[column], lang) else row[column])
        texts.append(text)
        hover = [f"<b>{t(name_key, lang)}</b>", t("training.hover.enrolled", lang, n=text)]
        if rate:
            hover.append(_rate_line(row, rate, lang))
        hovers.append("<br>".join(hover))
    funnel_trace = {
        "type": "funnel", "y": names, "x": values, "text": texts, "textinfo": "text", "textposition": "inside",
        "customdata": hovers, "hovertemplate": "%{customdata}<extra></extra>", "marker": {"color": list(STAGE_COLOURS)},
        "connector": {"fillcolor": "#e9ecef"}, "textfont": {"color": list(STAGE_TEXT_COLOURS), "size": 14},
    }
    layout = base_layout_properties(title, as_of, lang, unit=t("training.unit.enrolments", lang), height=380)
    return figure([funnel_trace], layout, {"margin": {"l": 200}})


def _rate_bars(frame: pl.DataFrame, categories: list[str], lang: str, orientation: str = "v") -> list[dict]:
    rows = frame.to_dicts()
    bars = []
    for rate, name_key, _ in RATES:
        hovers = [
            f"<b>{category}</b><br>{_rate_line(row, rate, lang)}<br>"
            f"{t('training.hover.enrolled', lang, n=shown(row, 'enrolled', lang, 'count'))}"
            for category, row in zip(categories, rows)
        ]
        values = frame[rate].to_list()
        axes = {"x": categories, "y": values} if orientation == "v" else {"x": values, "y": categories}
        bars.append({"type": "bar", **axes, "orientation": orientation, "name": t(name_key, lang),
                     "customdata": hovers, "marker": {"color": RATE_COLOURS[rate]},
                     "hovertemplate": "%{customdata}<extra></extra>",
                     "text": [shown(row, rate, lang, "pct", 0) for row in rows], "textposition": "outside",
                     "cliponaxis": False})
    return bars


def by_cohort(cohorts: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Completion, certification and 6-month placement rates of each cohort year, from ``by_cohort``."""
    title = t("training.cohorts.title", lang)
    if cohorts.is_empty():
        return empty_figure(title, lang, as_of)
    bars = _rate_bars(cohorts, [str(year) for year in cohorts["cohort_year"].to_list()], lang)
    layout = base_layout_properties(title, as_of, lang, unit=t("training.unit.rates", lang), height=400)
    return figure(bars, layout, {
        "barmode": "group", "bargroupgap": 0.05, "margin": {"b": 80}, "legend": {"y": -0.1, "yanchor": "top"},
        "yaxis": {**percent_ticks(lang, 1.1), "range": [0, 1.1]},
        "xaxis": {"type": "category"},
    })


def compared(groups: pl.DataFrame, dimension: str, as_of: date | None, lang: str) -> go.Figure:
    """The three rates of each pathway or modality, from ``by_dimension`` (``label`` names the group)."""
    title = t("training.pathways.title" if dimension == "pathway" else "training.modalities.title", lang)
    if groups.is_empty():
        return empty_figure(title, lang, as_of)
    bars = _rate_bars(groups, groups["label"].to_list(), lang, orientation="h")
    layout = base_layout_properties(title, as_of, lang, unit=t("training.unit.rates", lang), height=380)
    return figure(bars, layout, {
        "barmode": "group", "bargroupgap": 0.05, "margin": {"l": 10, "r": 40, "b": 90},
        "legend": {"y": -0.12, "yanchor": "top"},
        "xaxis": {**percent_ticks(lang, 1.15), "range": [0, 1.15]},
        "yaxis": {"autorange": "reversed", "automargin": True},
    })
