"""Talent-gap charts: demand against job-ready supply as bars, a trade x region heatmap, a tile map
of the regions and the quarterly trend. Each takes the DataFrame of a dashboard.queries.gaps function.

Hover texts are written here in the language's number format, learner counts below the privacy
threshold as "< N", so what a reader sees on hover is what a table or an export would show.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable, Sequence

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, GAP_SCALE, OKABE_ITO, PRIMARY, SECONDARY, SEQUENTIAL_SCALE,
                                      base_layout_properties, empty_figure, figure, line_traces, percent_ticks,
                                      provisional_flags, provisional_marks)
from dashboard.filters import quarter_end
from dashboard.i18n import fmt_number, fmt_quarter, plotly_quarter_format, t
from dashboard.privacy import count_text, shown
from dashboard.protection import companion, withheld

TILE_MEASURES = ("gap", "coverage")
NO_DATA_TILE = "#e9ecef"
LIGHT_PRIMARY = OKABE_ITO[4]  # sky blue: all graduates, beside the job-ready ones in PRIMARY blue
# A legend under the plot whatever the figure's height, and the hover of a bar or point of a category.
BOTTOM_LEGEND = {"yref": "container", "y": 0, "yanchor": "bottom"}
CATEGORY_HOVER = "<b>%{y}</b><br>%{customdata}<extra></extra>"


def hover_lines(pairs: Sequence[tuple[str, str]], lang: str) -> str:
    """'Name : value' lines of a hover, in the language's typography."""
    return "<br>".join(t("hover.value", lang, name=name, value=value) for name, value in pairs)


def gap_hover(row: dict[str, Any], lang: str) -> str:
    """Demand, graduates, job-ready supply, gap and coverage of one row, one per line."""
    return hover_lines([
        (t("measure.demand", lang), fmt_number(row["demand"], lang)),
        (t("measure.graduates", lang), shown(row, "graduates", lang, "count")),
        (t("measure.supply", lang), shown(row, "supply", lang, "count")),
        (t("measure.gap", lang), shown(row, "gap", lang)),
        (t("measure.coverage", lang), shown(row, "coverage", lang, "pct")),
    ], lang)


def summary_items(summary: pl.DataFrame, lang: str) -> list[dict[str, str]]:
    """The headline numbers of a gap_summary row as the page shows them: key, label, value, detail;
    none when the selection holds neither demand nor graduates."""
    row = summary.to_dicts()[0]
    if row["demand"] is None:
        return []
    graduates = shown(row, "graduates", lang, "count")
    return [
        {"key": "demand", "label": t("measure.demand", lang), "value": fmt_number(row["demand"], lang), "detail": ""},
        {"key": "supply", "label": t("measure.supply", lang),
         "value": shown(row, "supply", lang, "count"),
         "detail": t("gaps.kpi.of_graduates", lang, graduates=graduates)},
        {"key": "gap", "label": t("measure.gap", lang), "value": shown(row, "gap", lang), "detail": ""},
        {"key": "coverage", "label": t("measure.coverage", lang), "value": shown(row, "coverage", lang, "pct"),
         "detail": ""},
        {"key": "job-ready", "label": t("measure.job_ready_rate", lang),
         "value": shown(row, "job_ready_rate", lang, "pct"), "detail": ""},
    ]


def demand_supply_bars(frame: pl.DataFrame, label_column: str, title: str, as_of: date | None,
                       lang: str) -> go.Figure:
    """Openings against job-ready graduates, one pair of horizontal bars per row of `frame` (by trade
    or by region), in the frame's order from the top; rows without any measure are left out."""
    rows = frame.filter(pl.col("demand").is_not_null()).to_dicts()
    if not rows:
        return empty_figure(title, lang, as_of)
    labels = [row[label_column] for row in rows]
    hovers = [gap_hover(row, lang) for row in rows]
    series = (("demand", "measure.demand", SECONDARY), ("supply", "measure.supply", PRIMARY))
    bars = [{"type": "bar", "y": labels, "x": [row[column] for row in rows], "name": t(label, lang),
             "orientation": "h", "marker": {"color": colour}, "customdata": hovers, "hovertemplate": CATEGORY_HOVER}
            for column, label, colour in series]
    layout = base_layout_properties(title, as_of, lang, unit=t("unit.openings_people", lang),
                                    height=max(320, 150 + 44 * len(rows)))
    return figure(bars, layout, {
        "barmode": "group", "bargap": 0.25, "legend": BOTTOM_LEGEND, "margin": {"b": 60},
        "yaxis": {"autorange": "reversed", "automargin": True}, "xaxis": {"rangemode": "tozero", **COUNT_TICKS}})


def ordered(rows: Sequence[dict[str, Any]], key: str, weight: str) -> list[str]:
    """The distinct values of `key`, the largest total `weight` first (ties by value)."""
    totals: dict[str, float] = {}
    for row in rows:
        totals[row[key]] = totals.get(row[key], 0) + (row[weight] or 0)
    return sorted(totals, key=lambda value: (-totals[value], value))


def category_heatmap(rows: Sequence[dict[str, Any]], x: str, y: str, z: str, x_order: Sequence[str],
                     y_order: Sequence[str], text: Callable[[dict], str], hover: Callable[[dict], str],
                     **style: Any) -> dict[str, Any]:
    """A heatmap trace of long rows: one cell per (x, y) present, blank elsewhere; `text` writes a cell's
    label and `hover` its hover lines (with `y` and `x` above them)."""
    cells = {(row[y], row[x]): row for row in rows}

    def matrix(value: Callable[[dict], Any], missing: Any) -> list[list[Any]]:
        return [[value(cells[(line, column)]) if (line, column) in cells else missing for column in x_order]
                for line in y_order]

    return {
        "type": "heatmap", "z": matrix(lambda row: row[z], None), "x": list(x_order), "y": list(y_order),
        "text": matrix(text, ""), "texttemplate": "%{text}", "textfont": {"size": 11},
        "customdata": matrix(hover, ""), "hovertemplate": "<b>%{y}</b><br>%{x}<br>%{customdata}<extra></extra>",
        "hoverongaps": False, "xgap": 2, "ygap": 2, **style,
    }


# The axes of a heatmap of categories: the first row on top, no grid lines across the cells.
HEATMAP_AXES = {"xaxis": {"automargin": True, "showgrid": False},
                "yaxis": {"autorange": "reversed", "automargin": True, "showgrid": False}}


def gap_heatmap(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Gap (openings - job-ready graduates) per trade (rows) and region (columns), shortages in
    orange and surpluses in purple; the largest shortages top left."""
    title = t("gaps.heatmap.title", lang)
    if frame.is_empty():
        return empty_figure(title, lang, as_of)
    rows = frame.to_dicts()
    trades = ordered(rows, "trade_label", "gap")
    heatmap = category_heatmap(
        rows, "region_name", "trade_label", "gap", ordered(rows, "region_name", "gap"), trades,
        text=lambda row: shown(row, "gap", lang), hover=lambda row: gap_hover(row, lang),
        colorscale=GAP_SCALE, zmid=0,
        colorbar={"title": {"text": t("gaps.colorbar.gap", lang), "side": "right"}, "thickness": 14, **COUNT_TICKS},
    )
    layout = base_layout_properties(title, as_of, lang, unit=t("unit.gap", lang),
                                    height=max(380, 190 + 38 * len(trades)))
    return figure([heatmap], layout, HEATMAP_AXES, {"plot_bgcolor": "#ffffff", "margin": {"b": 120},
                                                           "xaxis": {"tickangle": -35}})


def _tile_label(iso_code: str) -> str:
    return iso_code.split("-", 1)[-1]


def gap_tile_map(frame: pl.DataFrame, measure: str, as_of: date | None, lang: str) -> go.Figure:
    """Every region as a square of the same size at its tile_col / tile_row, coloured by gap or
    coverage; a region without that measure in the selection stays grey (its hover says why: no data,
    or no demand to cover)."""
    if measure not in TILE_MEASURES:
        raise ValueError(f"measure must be one of {TILE_MEASURES}, not {measure!r}")
    title = t(f"gaps.tiles.title.{measure}", lang)
    regions = frame.to_dicts()
    if not regions or all(region[measure] is None for region in regions):
        return empty_figure(title, lang, as_of)
    columns = max(region["tile_col"] for region in regions) + 1
    lines = max(region["tile_row"] for region in regions) + 1

    def grid(value, empty: Any = None) -> list[list[Any]]:
        cells: list[list[Any]] = [[empty] * columns for _ in range(lines)]
        for region in regions:
            cells[region["tile_row"]][region["tile_col"]] = value(region)
        return cells

    def tile_value(region) -> str:
        return shown(region, measure, lang) if measure == "gap" else shown(region, measure, lang, "pct", 0)

    has_data = [region for region in regions if region[measure] is not None]
    background = {
        "type": "heatmap", "z": grid(lambda region: 0),
        "text": grid(lambda region: "" if region[measure] is not None else
                     _tile_label(region["iso_code"]) + (f"<br>{tile_value(region)}" if region.get(companion(measure))
                                                        else ""), ""),
        "texttemplate": "%{text}", "textfont": {"color": "#495057", "size": 12},
        "customdata": grid(lambda region: f"<b>{region['region_name']}</b><br>"
                           + (t("no_data", lang) if region["demand"] is None else gap_hover(region, lang)), ""),
        "hovertemplate": "%{customdata}<extra></extra>", "hoverongaps": False,
        "colorscale": [[0, NO_DATA_TILE], [1, NO_DATA_TILE]], "showscale": False, "xgap": 4, "ygap": 4,
    }
    if measure == "gap":
        scale: dict[str, Any] = {"colorscale": GAP_SCALE, "zmid": 0}
        ticks = COUNT_TICKS
    else:
        top = max(1.0, max(region["coverage"] for region in has_data))
        scale = {"colorscale": SEQUENTIAL_SCALE, "zmin": 0, "zmax": top}
        ticks = percent_ticks(lang, top)
    data = {
        "type": "heatmap", "z": grid(lambda region: region[measure]),
        "text": grid(lambda region: f"<b>{_tile_label(region['iso_code'])}</b><br>{tile_value(region)}"
                     if region[measure] is not None else "", ""),
        "texttemplate": "%{text}", "textfont": {"size": 12},
        "customdata": grid(lambda region: f"<b>{region['region_name']}</b><br>{gap_hover(region, lang)}", ""),
        "hovertemplate": "%{customdata}<extra></extra>", "hoverongaps": False, "xgap": 4, "ygap": 4,
        "colorbar": {"title": {"text": t(f"gaps.colorbar.{measure}", lang), "side": "right"}, "thickness": 14,
                     **ticks},
        **scale,
    }
    layout = base_layout_properties(title, as_of, lang, unit=t(f"unit.{measure}", lang), height=520)
    return figure([background, data], layout, {
        "plot_bgcolor": "#ffffff", "margin": {"l": 20, "r": 20, "b": 20},
        "xaxis": {"visible": False, "constrain": "domain"},
        "yaxis": {"visible": False, "autorange": "reversed", "scaleanchor": "x", "scaleratio": 1,
                  "constrain": "domain"}})


def gap_trend_chart(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Openings, graduates and job-ready graduates per quarter of the selection; an incomplete last quarter
    (``is_provisional``, or the data stop inside it) is shaded, named and its lines faded."""
    title = t("gaps.trend.title", lang)
    if frame.is_empty():
        return empty_figure(title, lang, as_of)
    quarters = frame["quarter_start"].to_list()
    series = (
        ("demand", "measure.demand", {"color": SECONDARY, "width": 3}, False),
        ("graduates", "measure.graduates", {"color": LIGHT_PRIMARY, "dash": "dash", "width": 2}, True),
        ("supply", "measure.supply", {"color": PRIMARY, "width": 3}, True),
    )
    # A quarter is incomplete when the mart flags it provisional (docs/metrics.md), or when the data stop
    # inside it (a frame without the flag).
    flags = provisional_flags(frame)
    if as_of is not None and quarter_end(quarters[-1]) > as_of.replace(day=1):
        flags[-1] = True
    traces = []
    for column, label, line, learners in series:
        values = frame[column].to_list()
        texts = [count_text(value, lang, reason) if learners else fmt_number(value, lang)
                 for value, reason in zip(values, withheld(frame, column))]
        name = t(label, lang)
        traces += line_traces(quarters, values, flags, lang,
                              [f"{fmt_quarter(quarter, lang)} · {t('hover.value', lang, name=name, value=value)}"
                               for quarter, value in zip(quarters, texts)],
                              name=name, mode="lines+markers", line=line, marker={"size": 5},
                              hovertemplate="%{customdata}<extra></extra>")
    shapes, annotations = provisional_marks(quarters, flags, lang, grain="quarter", label_key="gaps.trend.partial")
    # One tick per quarter (per half-year or year when there are many), named as fmt_quarter names it.
    months_per_tick = 3 if len(quarters) <= 12 else 6 if len(quarters) <= 24 else 12
    layout = base_layout_properties(title, as_of, lang, unit=t("unit.openings_people_per_quarter", lang), height=400)
    return figure(traces, layout, {
        "legend": BOTTOM_LEGEND, "margin": {"b": 80},
        "yaxis": {"title": {"text": t("unit.openings_people", lang)}, "rangemode": "tozero", **COUNT_TICKS},
        # the axis ends with the data (the provisional band's words would otherwise stretch it a year on)
        "xaxis": {"tickformat": plotly_quarter_format(lang), "dtick": f"M{months_per_tick}", "tick0": quarters[0],
                  "range": [quarters[0] - timedelta(days=45), quarters[-1] + timedelta(days=45)]},
    }, {"shapes": shapes, "annotations": annotations} if shapes else {})
