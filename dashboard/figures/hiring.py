"""Hiring charts over time: the monthly flows (openings, hires, jobs created), the campus share of hires and
the open vacancies at each month's end. Each takes the frame of ``dashboard.queries.hiring.monthly``."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import COUNT_TICKS, OKABE_ITO, empty_figure, figure, layout, percent_ticks
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, t

FLOW_SERIES = (
    ("openings", "measure.openings", OKABE_ITO[0], "solid"),
    ("hires", "measure.hires", OKABE_ITO[1], "dash"),
    ("jobs_created", "measure.jobs_created", OKABE_ITO[2], "dot"),
)


def _month_labels(monthly: pl.DataFrame, lang: str) -> list[str]:
    return [fmt_month(month, lang) for month in monthly["month"].to_list()]


# Axes of a monthly series: the hover names the month, counts start at zero.
TIME_AXES = {"xaxis": {"hoverformat": "%B %Y"}, "yaxis": {"rangemode": "tozero", **COUNT_TICKS}}


def flows(monthly: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Openings, hires and jobs created per month, one line each (line styles differ as well as colours)."""
    title = t("hiring.flows.title", lang)
    if monthly.is_empty():
        return empty_figure(title, lang, as_of)
    months = _month_labels(monthly, lang)
    traces = []
    for column, name_key, colour, dash in FLOW_SERIES:
        name = t(name_key, lang)
        hovers = [f"<b>{month}</b><br>{t('hover.value', lang, name=name, value=fmt_number(value, lang))}"
                  for month, value in zip(months, monthly[column].to_list())]
        traces.append({"type": "scatter", "x": monthly["month"].to_list(), "y": monthly[column].to_numpy(),
                       "name": name, "mode": "lines", "line": {"color": colour, "dash": dash, "width": 2.5},
                       "customdata": hovers, "hovertemplate": "%{customdata}<extra></extra>"})
    return figure(traces, layout(title, as_of, lang, unit=t("hiring.unit.per_month", lang), height=400,
                                 **TIME_AXES))


def campus_share(monthly: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """The share of each month's hires that came from the campus (hires from the campus / hires)."""
    title = t("hiring.campus.title", lang)
    if monthly.is_empty() or monthly["campus_share"].is_null().all():
        return empty_figure(title, lang, as_of)
    hovers = [
        f"<b>{month}</b><br>{t('hover.value', lang, name=t('measure.campus_share', lang), value=fmt_pct(share, lang))}"
        f"<br>{t('hover.value', lang, name=t('measure.hires_from_campus', lang), value=fmt_number(campus, lang))}"
        f"<br>{t('hover.value', lang, name=t('measure.hires', lang), value=fmt_number(hires, lang))}"
        for month, share, campus, hires in zip(_month_labels(monthly, lang), monthly["campus_share"].to_list(),
                                              monthly["hires_from_campus"].to_list(), monthly["hires"].to_list())
    ]
    share = {"type": "scatter", "x": monthly["month"].to_list(), "y": monthly["campus_share"].to_numpy(),
             "name": t("measure.campus_share", lang), "mode": "lines", "line": {"color": OKABE_ITO[3], "width": 2.5},
             "customdata": hovers, "hovertemplate": "%{customdata}<extra></extra>", "connectgaps": False}
    return figure([share], layout(title, as_of, lang, unit=t("hiring.unit.share", lang), height=360,
                                  xaxis=TIME_AXES["xaxis"], showlegend=False,
                                  yaxis={**TIME_AXES["yaxis"], **percent_ticks(lang), "range": [0, 1]}))


def vacancies(monthly: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Positions still unfilled at each month's end (a stock, so one point per month, never summed)."""
    title = t("hiring.vacancies.title", lang)
    if monthly.is_empty():
        return empty_figure(title, lang, as_of)
    name = t("measure.open_vacancies", lang)
    hovers = [f"<b>{month}</b><br>{t('hover.value', lang, name=name, value=fmt_number(value, lang))}"
              for month, value in zip(_month_labels(monthly, lang), monthly["open_vacancies"].to_list())]
    stock = {"type": "scatter", "x": monthly["month"].to_list(), "y": monthly["open_vacancies"].to_numpy(),
             "name": name, "mode": "lines", "line": {"color": OKABE_ITO[5], "width": 2.5}, "fill": "tozeroy",
             "fillcolor": "rgba(213,94,0,0.12)", "customdata": hovers, "hovertemplate": "%{customdata}<extra></extra>"}
    return figure([stock], layout(title, as_of, lang, unit=t("hiring.unit.positions", lang), height=360,
                                  showlegend=False, **TIME_AXES))
