"""Hiring charts over time: the monthly flows (openings, hires, jobs created), the campus share of hires and
the open vacancies at each month's end. Each takes the frame of ``dashboard.queries.hiring.monthly``; its
provisional months (``is_provisional``, docs/metrics.md) are shaded, named, and their lines faded."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, OKABE_ITO, add_line, base_layout, empty_figure, mark_provisional,
                                      percent_ticks, provisional_flags)
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, t

FLOW_SERIES = (
    ("openings", "measure.openings", OKABE_ITO[0], "solid"),
    ("hires", "measure.hires", OKABE_ITO[1], "dash"),
    ("jobs_created", "measure.jobs_created", OKABE_ITO[2], "dot"),
)


def _month_labels(monthly: pl.DataFrame, lang: str) -> list[str]:
    return [fmt_month(month, lang) for month in monthly["month"].to_list()]


def _time_axis(fig: go.Figure) -> go.Figure:
    fig.update_xaxes(title=None, hoverformat="%B %Y")
    fig.update_yaxes(rangemode="tozero", **COUNT_TICKS)
    return fig


def flows(monthly: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Openings, hires and jobs created per month, one line each (line styles differ as well as colours)."""
    title = t("hiring.flows.title", lang)
    if monthly.is_empty():
        return empty_figure(title, lang, as_of)
    months = _month_labels(monthly, lang)
    flags = provisional_flags(monthly)
    fig = go.Figure()
    for column, name_key, colour, dash in FLOW_SERIES:
        name = t(name_key, lang)
        hovers = [f"<b>{month}</b><br>{t('hover.value', lang, name=name, value=fmt_number(value, lang))}"
                  for month, value in zip(months, monthly[column].to_list())]
        add_line(fig, monthly["month"], monthly[column], flags, lang, hovers, name=name,
                 mode="lines", line={"color": colour, "dash": dash, "width": 2.5},
                 hovertemplate="%{customdata}<extra></extra>")
    base_layout(fig, title, as_of, lang, unit=t("hiring.unit.per_month", lang), height=400)
    mark_provisional(fig, monthly["month"].to_list(), flags, lang)
    return _time_axis(fig)


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
    fig = go.Figure()
    add_line(fig, monthly["month"], monthly["campus_share"], flags, lang, hovers,
             name=t("measure.campus_share", lang), mode="lines", line={"color": OKABE_ITO[3], "width": 2.5},
             hovertemplate="%{customdata}<extra></extra>", connectgaps=False)
    base_layout(fig, title, as_of, lang, unit=t("hiring.unit.share", lang), height=360)
    mark_provisional(fig, monthly["month"].to_list(), flags, lang)
    _time_axis(fig)
    fig.update_yaxes(**percent_ticks(lang), range=[0, 1])
    fig.update_layout(showlegend=False)
    return fig


def vacancies(monthly: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Positions still unfilled at each month's end (a stock, so one point per month, never summed)."""
    title = t("hiring.vacancies.title", lang)
    if monthly.is_empty():
        return empty_figure(title, lang, as_of)
    name = t("measure.open_vacancies", lang)
    hovers = [f"<b>{month}</b><br>{t('hover.value', lang, name=name, value=fmt_number(value, lang))}"
              for month, value in zip(_month_labels(monthly, lang), monthly["open_vacancies"].to_list())]
    flags = provisional_flags(monthly)
    fig = go.Figure()
    add_line(fig, monthly["month"], monthly["open_vacancies"], flags, lang, hovers, name=name,
             mode="lines", line={"color": OKABE_ITO[5], "width": 2.5}, fill="tozeroy",
             fillcolor="rgba(213,94,0,0.12)", hovertemplate="%{customdata}<extra></extra>")
    base_layout(fig, title, as_of, lang, unit=t("hiring.unit.positions", lang), height=360)
    mark_provisional(fig, monthly["month"].to_list(), flags, lang)
    fig.update_layout(showlegend=False)
    return _time_axis(fig)
