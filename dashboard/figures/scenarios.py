"""The scenario planner's charts: the selection's coverage by quarter with and without each scenario,
and the extra job-ready graduates each scenario adds. They take dashboard.planner's frames: the
projection (one row per scenario x quarter) and /gaps' quarterly trend of the selection."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, MUTED, OKABE_ITO, base_layout_properties, empty_figure, figure,
                                      horizontal_line, percent_ticks, values)
from dashboard.figures.gaps import BOTTOM_LEGEND
from dashboard.i18n import fmt_number, fmt_pct, fmt_quarter, plotly_quarter_format, t

SCENARIO_COLOURS = {"A": OKABE_ITO[0], "B": OKABE_ITO[1], "C": OKABE_ITO[2]}
OBSERVED_COLOUR = OKABE_ITO[7]


def _quarter_axis(lang: str) -> dict:
    """Quarters along x, a tick a year, named as fmt_quarter names them."""
    return {"tickformat": plotly_quarter_format(lang), "dtick": "M12", "ticklabelmode": "period"}


def _series(frame: pl.DataFrame, column: str, lang: str, kind: str) -> list[str]:
    values = frame[column].to_list()
    return [t("hover.value", lang, name=fmt_quarter(quarter, lang),
              value=fmt_pct(value, lang) if kind == "pct" else fmt_number(value, lang, 1))
            for quarter, value in zip(frame["quarter_start"].to_list(), values)]


def coverage_chart(history: pl.DataFrame, projection: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Coverage (job-ready graduates / openings) by quarter: observed (withheld quarters left out),
    then projected without a scenario and with each one, to the goal's last quarter."""
    title = t("scenarios.chart.coverage", lang)
    if projection.is_empty():
        return empty_figure(title, lang, as_of)
    traces = []
    hover = "%{customdata}<extra>%{fullData.name}</extra>"
    observed = history.filter(pl.col("coverage").is_not_null()) if "coverage" in history.columns else history
    if observed.height:
        traces.append({"type": "scatter", "x": values(observed["quarter_start"]), "y": values(observed["coverage"]),
                       "name": t("scenarios.chart.observed", lang), "mode": "lines+markers",
                       "line": {"color": OBSERVED_COLOUR, "width": 1.5}, "marker": {"size": 4},
                       "customdata": _series(observed, "coverage", lang, "pct"), "hovertemplate": hover})
    baselines: list[list[float]] = []
    for letter, rows in projection.group_by("scenario", maintain_order=True):
        baseline = rows["coverage_baseline"].to_list()
        if baseline not in baselines:  # the same "without" line once, unless a scenario typed its own supply
            name = t("scenarios.chart.baseline", lang) if not baselines else t(
                "scenarios.chart.baseline_of", lang, letter=letter[0])
            baselines.append(baseline)
            traces.append({"type": "scatter", "x": values(rows["quarter_start"]), "y": baseline, "name": name,
                           "mode": "lines", "line": {"color": MUTED, "dash": "dash", "width": 2},
                           "customdata": _series(rows, "coverage_baseline", lang, "pct"), "hovertemplate": hover})
    for letter, rows in projection.group_by("scenario", maintain_order=True):
        traces.append({"type": "scatter", "x": values(rows["quarter_start"]),
                       "y": values(rows["coverage_with_scenario"]),
                       "name": t("scenarios.letter", lang, letter=letter[0]), "mode": "lines+markers",
                       "line": {"color": SCENARIO_COLOURS[letter[0]], "width": 3}, "marker": {"size": 5},
                       "customdata": _series(rows, "coverage_with_scenario", lang, "pct"), "hovertemplate": hover})
    drawn = [value for trace in traces for value in trace["y"] if value is not None and value == value]  # not NaN
    highest = max([1.0, *drawn])
    layout = base_layout_properties(title, as_of, lang, unit=t("unit.coverage", lang), height=420)
    return figure(traces, layout, {
        "shapes": [horizontal_line(1)],  # 100 %: as many job-ready graduates as openings
        "legend": BOTTOM_LEGEND, "margin": {"b": 80},
        "yaxis": {"rangemode": "tozero", **percent_ticks(lang, highest)}, "xaxis": _quarter_axis(lang)})


def extra_graduates_chart(projection: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """The extra job-ready graduates each scenario adds, quarter by quarter."""
    title = t("scenarios.chart.extra", lang)
    if projection.is_empty():
        return empty_figure(title, lang, as_of)
    bars = [{"type": "bar", "x": values(rows["quarter_start"]), "y": values(rows["extra_job_ready_graduates"]),
             "name": t("scenarios.letter", lang, letter=letter[0]), "marker": {"color": SCENARIO_COLOURS[letter[0]]},
             "customdata": _series(rows, "extra_job_ready_graduates", lang, "num"),
             "hovertemplate": "%{customdata}<extra>%{fullData.name}</extra>"}
            for letter, rows in projection.group_by("scenario", maintain_order=True)]
    layout = base_layout_properties(title, as_of, lang, unit=t("scenarios.unit.extra", lang), height=360)
    return figure(bars, layout, {
        "legend": BOTTOM_LEGEND, "margin": {"b": 80}, "barmode": "group",
        "yaxis": {"rangemode": "tozero", **COUNT_TICKS}, "xaxis": _quarter_axis(lang)})
