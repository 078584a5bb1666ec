"""The goal's cumulative curve against the target path, with the forecast to the end of the window."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, MUTED, PRIMARY, SECONDARY, add_line, base_layout, empty_figure,
                                      mark_provisional, provisional_flags)
from dashboard.i18n import t


def goal_curve(path: pl.DataFrame, target_jobs: int, as_of: date | None, lang: str) -> go.Figure:
    """`path` is mart_goal_path: month, target_cumulative, jobs_created_cumulative, projected_cumulative, and the
    month's is_provisional (mart_goal_progress) when given: provisional months are shaded and named."""
    title = t("overview.curve.title", lang)
    if path.is_empty() or path["jobs_created_cumulative"].is_null().all():
        return empty_figure(title, lang, as_of)
    unit = t("unit.jobs", lang)
    hover = "%{x|%B %Y} : %{y:,.0f} " + unit + "<extra>%{fullData.name}</extra>"
    fig = go.Figure()
    series = (
        ("target_cumulative", "measure.target_cumulative", {"color": MUTED, "dash": "dot"}),
        ("jobs_created_cumulative", "measure.jobs_created_cumulative", {"color": PRIMARY, "width": 3}),
        ("projected_cumulative", "measure.forecast", {"color": SECONDARY, "dash": "dash"}),
    )
    for column, label, line in series:
        points = path.filter(pl.col(column).is_not_null())
        # the months reported provisional (docs/metrics.md): the cumulative line goes on faded over them
        flags = provisional_flags(points) if column == "jobs_created_cumulative" else [False] * points.height
        add_line(fig, points["month"], points[column], flags, lang, name=t(label, lang), line=line,
                 hovertemplate=hover)
        if column == "jobs_created_cumulative":
            mark_provisional(fig, points["month"].to_list(), flags, lang)
    fig.add_hline(y=target_jobs, line={"color": MUTED, "width": 1})
    base_layout(fig, title, as_of, lang, unit=unit, height=420)
    fig.update_yaxes(title=unit, rangemode="tozero", **COUNT_TICKS)
    fig.update_xaxes(hoverformat="%B %Y")
    return fig
