"""Public demand charts: France Travail's BMO hiring projects and difficulty rate beside employers' reported
openings, by trade, by region and by year. Each takes the frame of a ``dashboard.queries.market`` function.

A BMO count published masked (``*``) is never drawn as a number: where every cell of a bar was masked the
bar is absent and the word "masqué" stands in its place, as in the tables. Openings of a year employers
have not finished reporting are drawn faded and named provisional.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, MUTED, PRIMARY, PROVISIONAL_OPACITY, SECONDARY,
                                      base_layout_properties, empty_figure, figure, percent_ticks)
from dashboard.figures.gaps import BOTTOM_LEGEND, CATEGORY_HOVER, hover_lines
from dashboard.i18n import fmt_number, fmt_pct, t

DIFFICULTY = "#D55E00"  # Okabe-Ito vermilion: the difficulty rate, apart from the counts' colours


def masked_or(value: Any, masked_cells: int | None, lang: str, kind: str = "count") -> str:
    """A BMO measure as shown: the number, "masqué" when it is missing because its cells were masked."""
    if value is None and masked_cells:
        return t("market.masked", lang)
    return fmt_pct(value, lang) if kind == "pct" else fmt_number(value, lang)


def _openings_text(row: dict[str, Any], lang: str) -> str:
    text = fmt_number(row.get("reported_openings"), lang)
    return f"{text} ({t('provisional.mark', lang)})" if row.get("reported_openings_provisional") else text


def market_hover(row: dict[str, Any], lang: str) -> str:
    """Projects, difficult projects, difficulty rate, seasonal projects and reported openings of one row."""
    return hover_lines([
        (t("measure.bmo_projects", lang), masked_or(row["met"], row["masked_met_cells"], lang)),
        (t("measure.bmo_difficult", lang), masked_or(row["xmet"], row["masked_xmet_cells"], lang)),
        (t("measure.difficulty_rate", lang), masked_or(row["difficulty_rate"], row["masked_xmet_cells"], lang, "pct")),
        (t("measure.bmo_seasonal", lang), masked_or(row["smet"], row["masked_smet_cells"], lang)),
        (t("measure.masked_cells", lang), f"{fmt_number(row['masked_met_cells'], lang)} / "
                                          f"{fmt_number(row['cells'], lang)}"),
        (t("measure.reported_openings", lang), _openings_text(row, lang)),
    ], lang)


def summary_items(summary: pl.DataFrame, lang: str) -> list[dict[str, str]]:
    """The headline numbers of a market.summary row as the page shows them: key, label, value, detail; none
    when the selection holds no survey year."""
    if summary.is_empty():
        return []
    row = summary.row(0, named=True)
    openings_detail = t("market.kpi.openings_provisional" if row["reported_openings_provisional"]
                        else "market.kpi.openings_detail", lang, year=row["year"])
    return [
        {"key": "projects", "label": t("measure.bmo_projects", lang),
         "value": masked_or(row["met"], row["masked_met_cells"], lang),
         "detail": t("market.kpi.projects_detail", lang, masked=fmt_number(row["masked_met_cells"], lang),
                     cells=fmt_number(row["cells"], lang))},
        {"key": "difficulty", "label": t("measure.difficulty_rate", lang),
         "value": masked_or(row["difficulty_rate"], row["masked_xmet_cells"], lang, "pct"),
         "detail": t("market.kpi.difficulty_detail", lang, difficult=masked_or(row["xmet"], row["masked_xmet_cells"],
                                                                               lang))},
        {"key": "seasonal", "label": t("measure.bmo_seasonal", lang),
         "value": masked_or(row["smet"], row["masked_smet_cells"], lang), "detail": t("market.kpi.seasonal_detail",
                                                                                      lang)},
        {"key": "openings", "label": t("measure.reported_openings", lang),
         "value": fmt_number(row["reported_openings"], lang), "detail": openings_detail},
    ]


def year_sentences(year: int | None, years: list[int], provisional: bool, lang: str) -> list[str]:
    """Which year the page shows, whether its openings are provisional, and the other years loaded."""
    if year is None:
        return [t("market.none", lang)]
    sentences = [t("market.year", lang, year=year)]
    if provisional:
        sentences.append(t("market.year_provisional", lang, year=year))
    others = [str(other) for other in years if other != year]
    if others:
        sentences.append(t("market.year_others", lang, years=", ".join(others)))
    return sentences


def _masked_labels(rows: list[dict[str, Any]], lang: str) -> list[str]:
    return [t("market.masked", lang) if row["met"] is None and row["masked_met_cells"] else "" for row in rows]


def by_target_bars(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """BMO hiring projects against the sector's reported openings, a pair of horizontal bars per trade or
    family, the most projects first; the difficulty rate in the hover and as a label."""
    title = t("market.by_target.title", lang)
    rows = frame.to_dicts()
    if not rows:
        return empty_figure(title, lang, as_of)
    labels = [row["target_label"] for row in rows]
    hovers = [market_hover(row, lang) for row in rows]
    bars = [
        {"type": "bar", "y": labels, "x": [row["met"] for row in rows], "name": t("measure.bmo_projects", lang),
         "orientation": "h", "marker": {"color": SECONDARY}, "customdata": hovers, "hovertemplate": CATEGORY_HOVER,
         "text": [f"{masked_or(row['difficulty_rate'], row['masked_xmet_cells'], lang, 'pct')} "
                  f"{t('market.difficult_short', lang)}" if row["met"] is not None else masked
                  for row, masked in zip(rows, _masked_labels(rows, lang))],
         "textposition": "outside", "cliponaxis": False},
        {"type": "bar", "y": labels, "x": [row["reported_openings"] for row in rows],
         "name": t("measure.reported_openings", lang), "orientation": "h", "customdata": hovers,
         "hovertemplate": CATEGORY_HOVER,
         "marker": {"color": PRIMARY, "opacity": [PROVISIONAL_OPACITY if row["reported_openings_provisional"] else 1
                                                  for row in rows]}},
    ]
    layout = base_layout_properties(title, as_of, lang, unit=t("market.unit.projects", lang),
                                    height=max(340, 150 + 52 * len(rows)))
    return figure(bars, layout, {
        "barmode": "group", "bargap": 0.25, "legend": BOTTOM_LEGEND, "margin": {"b": 60, "r": 90},
        "yaxis": {"autorange": "reversed", "automargin": True}, "xaxis": {"rangemode": "tozero", **COUNT_TICKS}})


def by_region_bars(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """The difficulty rate of each region with BMO cells, highest first; a region whose cells were all masked
    shows the word instead of a bar."""
    title = t("market.by_region.title", lang)
    rows = [row for row in frame.to_dicts() if row["cells"]]
    if not rows:
        return empty_figure(title, lang, as_of)
    traces = [{"type": "bar", "y": [row["region_name"] for row in rows], "x": [row["difficulty_rate"] for row in rows],
               "orientation": "h", "marker": {"color": DIFFICULTY}, "name": t("measure.difficulty_rate", lang),
               "text": [masked_or(row["difficulty_rate"], row["masked_xmet_cells"], lang, "pct") for row in rows],
               "textposition": "outside", "cliponaxis": False,
               "customdata": [market_hover(row, lang) for row in rows], "hovertemplate": CATEGORY_HOVER}]
    masked = [row for row in rows if row["difficulty_rate"] is None and row["masked_xmet_cells"]]
    if masked:  # no bar to label: the word stands where the bar would start
        traces.append({"type": "scatter", "y": [row["region_name"] for row in masked], "x": [0.01] * len(masked),
                       "mode": "text", "text": [t("market.masked", lang)] * len(masked),
                       "textposition": "middle right", "textfont": {"color": MUTED}, "hoverinfo": "skip",
                       "showlegend": False})
    layout = base_layout_properties(title, as_of, lang, unit=t("market.unit.rate", lang),
                                    height=max(340, 130 + 30 * len(rows)))
    return figure(traces, layout, {
        "showlegend": False, "margin": {"r": 60}, "yaxis": {"autorange": "reversed", "automargin": True},
        "xaxis": {"range": [0, 1.08], **percent_ticks(lang)}})


def trend_chart(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Per survey year: BMO hiring projects and reported openings as bars (a provisional year's openings
    faded), the difficulty rate as a line on its own axis."""
    title = t("market.trend.title", lang)
    rows = frame.to_dicts()
    if not rows:
        return empty_figure(title, lang, as_of)
    years = [str(row["year"]) for row in rows]
    hovers = [market_hover(row, lang) for row in rows]
    hover = "<b>%{x}</b><br>%{customdata}<extra></extra>"
    traces = [
        {"type": "bar", "x": years, "y": [row["met"] for row in rows], "name": t("measure.bmo_projects", lang),
         "marker": {"color": SECONDARY}, "customdata": hovers, "hovertemplate": hover,
         "text": _masked_labels(rows, lang), "textposition": "outside"},
        {"type": "bar", "x": years, "y": [row["reported_openings"] for row in rows],
         "name": t("measure.reported_openings", lang), "customdata": hovers, "hovertemplate": hover,
         "marker": {"color": PRIMARY, "opacity": [PROVISIONAL_OPACITY if row["reported_openings_provisional"] else 1
                                                  for row in rows]},
         "text": [t("provisional.mark", lang) if row["reported_openings_provisional"] else "" for row in rows],
         "textposition": "outside"},
        {"type": "scatter", "x": years, "y": [row["difficulty_rate"] for row in rows],
         "name": t("measure.difficulty_rate", lang), "mode": "lines+markers",
         "line": {"color": DIFFICULTY, "width": 2.5}, "yaxis": "y2", "customdata": hovers, "hovertemplate": hover},
    ]
    layout = base_layout_properties(title, as_of, lang, unit=t("market.unit.projects", lang), height=400)
    return figure(traces, layout, {
        "barmode": "group", "legend": BOTTOM_LEGEND, "margin": {"b": 80},
        "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 1], "dtick": 0.25, "showgrid": False,
                   "title": {"text": t("measure.difficulty_rate", lang), "font": {"color": MUTED}},
                   **percent_ticks(lang)},
        "yaxis": {"rangemode": "tozero", **COUNT_TICKS}, "xaxis": {"type": "category"}})
