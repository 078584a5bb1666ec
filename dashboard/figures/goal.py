"""The goal's cumulative curve against the target path, with the forecast to the end of the window."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import COUNT_TICKS, MUTED, PRIMARY, SECONDARY, empty_figure, figure, layout
from dashboard.i18n import t


def goal_curve(path: pl.DataFrame, target_jobs: int, as_of: date | None, lang: str) -> go.Figure:
    """`path` is mart_goal_path: month, target_cumulative, jobs_created_cumulative, projected_cumulative."""
    title = t("overview.curve.title", lang)
    if path.is_empty() or path["jobs_created_cumulative"].is_null().all():
        return empty_figure(title, lang, as_of)
    unit = t("unit.jobs", lang)
    hover = "%{x|%B %Y} : %{y:,.0f} " + unit + "<extra>%{fullData.name}</extra>"
    series = (
        ("target_cumulative", "measure.target_cumulative", {"color": MUTED, "dash": "dot"}),
        ("jobs_created_cumulative", "measure.jobs_created_cumulative", {"color": PRIMARY, "width": 3}),
        ("projected_cumulative", "measure.forecast", {"color": SECONDARY, "dash": "dash"}),
    )
    traces = []
    for column, label, line in series:
        points = path.filter(pl.col(column).is_not_null())
        traces.append({"type": "scatter", "x": points["month"].to_list(), "y": points[column].to_numpy(),
                       "name": t(label, lang), "line": line, "hovertemplate": hover})
    target = {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": target_jobs, "y1": target_jobs, "yref": "y",
              "line": {"color": MUTED, "width": 1}}
    return figure(traces, layout(title, as_of, lang, unit=unit, height=420, shapes=[target],
                                 yaxis={"title": {"text": unit}, "rangemode": "tozero", **COUNT_TICKS},
                                 xaxis={"hoverformat": "%B %Y"}))
