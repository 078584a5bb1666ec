"""Hiring charts over time: the monthly flows (openings, hires, jobs created), the campus share of hires and
the open vacancies at each month's end. Each takes the frame of ``dashboard.queries.hiring.monthly``; its
provisional months (``is_provisional``, docs/metrics.md) are shaded, named, and their lines faded."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, OKABE_ITO, base_layout_properties, empty_figure, figure, line_traces,
                                      percent_ticks, provisional_flags, provisional_marks)
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, t

FLOW_SERIES = (
    ("openings", "measure.openings", OKABE_ITO[0], "solid"),
    ("hires", "measure.hires", OKABE_ITO[1], "dash"),
    ("jobs_created", "measure.jobs_created", OKABE_ITO[2], "dot"),
)


def _month_labels(monthly: pl.DataFrame, lang: str) -> list[str]:
    return [fmt_month(month, lang) for month in monthly["month"].to_list()]


# Months along x, counts from zero up.
TIME_AXES = {"xaxis": {"hoverformat": "%B %Y"}, "yaxis": {"rangemode": "tozero", **COUNT_TICKS}}


def _over_time(title: str, as_of: date | None, lang: str, unit: str, height: int, traces: list[dict],
               months: list[date], flags: list[bool], **extra) -> go.Figure:
    """A chart of months: the shared look, the time axes, and the provisional months marked."""
    shapes, annotations = provisional_marks(months, flags, lang)
    marks = {"shapes": shapes, "annotations": annotations} if shapes else {}
    return figure(traces, base_layout_properties(title, as_of, lang, unit=unit, height=height), TIME_AXES, marks,
                  extra)


def flows(monthly: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Openings, hires and jobs created per month, one line each (line styles differ as well as colours)."""
    title = t("hiring.flows.title", lang)
    if monthly.is_empty():
        return empty_figure(title, lang, as_of)
    months = _month_labels(monthly, lang)
    flags = provisional_flags(monthly)
    traces = []
    for column, name_key, colour, dash in FLOW_SERIES:
        name = t(name_key, lang)
        hovers = [f"<b>{month}</b><br>{t('hover.value', lang, name=name, value=fmt_number(value, lang))}"
                  for month, value in zip(months, monthly[column].to_list())]
        traces += line_traces(monthly["month"], monthly[column], flags, lang, hovers, name=name,
                              mode="lines", line={"color": colour, "dash": dash, "width": 2.5},
                              hovertemplate="%{customdata}<extra></extra>")
    return _over_time(title, as_of, lang, t("hiring.unit.per_month", lang), 400, traces,
                      monthly["month"].to_list(), flags)


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
    flags = provisional_flags(monthly)
    traces = line_traces(monthly["month"], monthly["campus_share"], flags, lang, hovers,
                         name=t("measure.campus_share", lang), mode="lines",
                         line={"color": OKABE_ITO[3], "width": 2.5}, hovertemplate="%{customdata}<extra></extra>",
                         connectgaps=False)
    return _over_time(title, as_of, lang, t("hiring.unit.share", lang), 360, traces, monthly["month"].to_list(),
                      flags, yaxis={**percent_ticks(lang), "range": [0, 1]}, showlegend=False)


def vacancies(monthly: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Positions still unfilled at each month's end (a stock, so one point per month, never summed)."""
    title = t("hiring.vacancies.title", lang)
    if monthly.is_empty():
        return empty_figure(title, lang, as_of)
    name = t("measure.open_vacancies", lang)
    hovers = [f"<b>{month}</b><br>{t('hover.value', lang, name=name, value=fmt_number(value, lang))}"
              for month, value in zip(_month_labels(monthly, lang), monthly["open_vacancies"].to_list())]
    flags = provisional_flags(monthly)
    traces = line_traces(monthly["month"], monthly["open_vacancies"], flags, lang, hovers, name=name,
                         mode="lines", line={"color": OKABE_ITO[5], "width": 2.5}, fill="tozeroy",
                         fillcolor="rgba(213,94,0,0.12)", hovertemplate="%{customdata}<extra></extra>")
    return _over_time(title, as_of, lang, t("hiring.unit.positions", lang), 360, traces, monthly["month"].to_list(),
                      flags, showlegend=False)
