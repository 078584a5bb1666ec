"""The goal: its cumulative curve against the target path with the official straight-line projection,
the statistical forecast's fan chart and its backtest, and the sentences that say what they mean."""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Mapping

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, MUTED, PRIMARY, SECONDARY, base_layout_properties, empty_figure,
                                      figure, horizontal_line, line_traces, merged, provisional_flags,
                                      provisional_marks, values)
from dashboard.figures.gaps import BOTTOM_LEGEND
from dashboard.i18n import fmt_month, fmt_number, fmt_pct, plotly_date_names, t

BAND_FILL = "rgba(230, 159, 0, 0.22)"  # SECONDARY, light: the p10-p90 band under its median
QUANTILES = ("p10", "p50", "p90")
BACKTEST_HORIZONS = (12, 24)


def goal_curve(path: pl.DataFrame, target_jobs: int, as_of: date | None, lang: str) -> go.Figure:
    """`path` is mart_goal_path: month, target_cumulative, jobs_created_cumulative, projected_cumulative, and the
    month's is_provisional (mart_goal_progress) when given: provisional months are shaded and named."""
    title = t("overview.curve.title", lang)
    if path.is_empty() or path["jobs_created_cumulative"].is_null().all():
        return empty_figure(title, lang, as_of)
    hover = _hover(t("unit.jobs", lang))
    traces, shapes, annotations = [], [], []
    series = (
        ("target_cumulative", "measure.target_cumulative", {"color": MUTED, "dash": "dot"}),
        ("jobs_created_cumulative", "measure.jobs_created_cumulative", {"color": PRIMARY, "width": 3}),
        ("projected_cumulative", "measure.forecast", {"color": SECONDARY, "dash": "dash"}),
    )
    for column, label, line in series:
        points = path.filter(pl.col(column).is_not_null())
        # the months reported provisional (docs/metrics.md): the cumulative line goes on faded over them
        flags = provisional_flags(points) if column == "jobs_created_cumulative" else [False] * points.height
        traces += line_traces(points["month"], points[column], flags, lang, hovertemplate=hover, line=line,
                              name=t(label, lang))
        if column == "jobs_created_cumulative":
            shapes, annotations = provisional_marks(points["month"].to_list(), flags, lang)
    layout = _goal_layout(title, target_jobs, as_of, lang, shapes)
    return figure(traces, {**layout, "annotations": annotations} if annotations else layout)


def _hover(unit: str) -> str:
    return "%{x|%B %Y} : %{y:,.0f} " + unit + "<extra>%{fullData.name}</extra>"


def _goal_layout(title: str, target_jobs: float, as_of: date | None, lang: str, shapes: list[dict] = (),
                 height: int = 420, **extra: Any) -> dict[str, Any]:
    """The layout of a chart of cumulative jobs: the target as a line across, jobs from zero up."""
    unit = t("unit.jobs", lang)
    return merged(base_layout_properties(title, as_of, lang, unit=unit, height=height), {
        "shapes": [*shapes, horizontal_line(target_jobs)],
        "xaxis": {"hoverformat": "%B %Y"},
        "yaxis": {"title": {"text": unit}, "rangemode": "tozero", **COUNT_TICKS},
    }, extra)


def _band(frame: pl.DataFrame, lang: str, hover: str, show_legend: bool = True, **subplot) -> list[dict]:
    """The p10-p90 band (filled between its edges) and the median of a forecast's cumulative paths."""
    low, middle, high = (f"jobs_created_cumulative_{name}" for name in QUANTILES)
    band_name = t("goal.forecast.band", lang)
    months = values(frame["month"])
    return [
        {"type": "scatter", "x": months, "y": values(frame[high]), "mode": "lines", "line": {"width": 0},
         "name": band_name, "legendgroup": "band", "showlegend": False,
         "hovertemplate": hover.replace("%{fullData.name}", "p90"), **subplot},
        {"type": "scatter", "x": months, "y": values(frame[low]), "mode": "lines", "line": {"width": 0},
         "fill": "tonexty", "fillcolor": BAND_FILL, "name": band_name, "legendgroup": "band",
         "showlegend": show_legend, "hovertemplate": hover.replace("%{fullData.name}", "p10"), **subplot},
        {"type": "scatter", "x": months, "y": values(frame[middle]), "mode": "lines",
         "line": {"color": SECONDARY, "width": 2}, "name": t("goal.forecast.median", lang), "legendgroup": "median",
         "showlegend": show_legend, "hovertemplate": hover, **subplot},
    ]


def fan_chart(band: pl.DataFrame, target_jobs: float, as_of: date | None, lang: str) -> go.Figure:
    """`band` is dashboard.queries.goal.forecast_band: the target path, what was reported and the
    forecast's p10 / p50 / p90 cumulative paths to the end of the window."""
    title = t("goal.forecast.title", lang)
    forecast = band.filter(pl.col("jobs_created_cumulative_p50").is_not_null())
    if forecast.is_empty():
        return empty_figure(title, lang, as_of)
    reported = band.filter(pl.col("jobs_created_cumulative").is_not_null())
    # The band starts from the last reported month, so that it joins the reported curve.
    joined = pl.concat([reported.tail(1).with_columns(
        *(pl.col("jobs_created_cumulative").cast(pl.Float64).alias(f"jobs_created_cumulative_{name}")
          for name in QUANTILES)), forecast], how="vertical_relaxed")
    hover = _hover(t("unit.jobs", lang))
    traces = [
        {"type": "scatter", "x": values(band["month"]), "y": values(band["target_cumulative"]),
         "name": t("measure.target_cumulative", lang), "line": {"color": MUTED, "dash": "dot"},
         "hovertemplate": hover},
        *_band(joined, lang, hover),
        {"type": "scatter", "x": values(reported["month"]), "y": values(reported["jobs_created_cumulative"]),
         "name": t("measure.jobs_created_cumulative", lang), "line": {"color": PRIMARY, "width": 3},
         "hovertemplate": hover},
    ]
    return figure(traces, _goal_layout(title, target_jobs, as_of, lang, legend=BOTTOM_LEGEND, margin={"b": 90}))


def backtest_chart(paths: pl.DataFrame, backtests: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """The forecasts made 12 and 24 months before the last complete month (one panel each): their band
    and median against the jobs reported since. `paths` is forecast_backtest_path, `backtests` forecast_backtest."""
    title = t("goal.backtest.title", lang)
    if paths.is_empty():
        return empty_figure(title, lang, as_of)
    hover = _hover(t("unit.jobs", lang))
    horizons = [months for months in BACKTEST_HORIZONS if months in paths["backtest_months"].to_list()]
    gap = 0.12
    width = (1 - gap * (len(horizons) - 1)) / len(horizons)
    origins = {row["backtest_months"]: row["origin_month"] for row in backtests.iter_rows(named=True)}
    traces, axes, annotations = [], {}, []
    for position, months in enumerate(horizons):
        axis = "" if position == 0 else str(position + 1)
        start = position * (width + gap)
        path = paths.filter(pl.col("backtest_months") == months)
        axes[f"xaxis{axis}"] = {"domain": [start, start + width], "anchor": f"y{axis}", "hoverformat": "%B %Y",
                                **_month_ticks(path["month"].to_list(), lang)}
        axes[f"yaxis{axis}"] = {"anchor": f"x{axis}", **COUNT_TICKS}
        subplot = {"xaxis": f"x{axis}", "yaxis": f"y{axis}"}
        traces += _band(path, lang, hover, show_legend=position == 0, **subplot)
        traces.append({"type": "scatter", "x": values(path["month"]), "y": values(path["actual_cumulative"]),
                       "name": t("measure.jobs_created_cumulative", lang), "mode": "lines",
                       "line": {"color": PRIMARY, "width": 3}, "legendgroup": "reported",
                       "showlegend": position == 0, "hovertemplate": hover, **subplot})
        annotations.append({"text": t("goal.backtest.panel", lang, months=months,
                                      origin=fmt_month(origins.get(months), lang)),
                            "x": start + width / 2, "y": 1.02, "xref": "paper", "yref": "paper", "xanchor": "center",
                            "yanchor": "bottom", "showarrow": False, "font": {"size": 12}})
    return figure(traces, base_layout_properties(title, as_of, lang, unit=t("unit.jobs", lang), height=400), axes,
                  {"annotations": annotations, "margin": {"t": 95, "b": 90}, "legend": BOTTOM_LEGEND})


def _month_ticks(months: list[date], lang: str) -> dict:
    """A tick every quarter (every half-year past 18 months), named in the language by CLDR ("juil. 2026"),
    so that the chart reads the same on screen and in the report's SVG, which has no plotly locale."""
    step = 3 if len(months) <= 18 else 6
    short = plotly_date_names(lang)["shortMonths"]
    ticks = [month for month in months if (month.month - 1) % step == 0]
    return {"tickvals": ticks, "ticktext": [f"{short[month.month - 1]} {month.year}" for month in ticks]}


def _error(row: Mapping[str, Any], lang: str) -> str:
    """The median's error at the month judged, signed (+: it said too many), and its share of the jobs it had to predict."""
    error = ("+" if row["error_at_end"] > 0 else "") + fmt_number(row["error_at_end"], lang)
    share = row["error_share_of_jobs_since_origin"]
    if share is None:
        return error
    return t("goal.backtest.error", lang, error=error, share=fmt_pct(abs(share), lang),
             since=fmt_number(row["actual_since_origin"], lang))


def goal_sentence(forecast: Mapping[str, Any], target: int, lang: str) -> str:
    """On course or not, at the official straight line's pace (METRICS.md's mart_goal_forecast)."""
    values = {
        "run_rate": fmt_number(forecast["run_rate_12m"], lang),
        "target": fmt_number(target, lang),
        "projected": fmt_number(forecast["projected_at_end"], lang),
        "required": fmt_number(forecast["required_run_rate"], lang),
        "goal_month": fmt_month(forecast["projected_goal_month"], lang),
    }
    return t("overview.on_track" if forecast["on_track"] else "overview.off_track", lang, **values)


def _chance(probability: float, simulations: int, lang: str) -> str:
    """'about 1 chance in 28', '7 chances in 10', or what 0 and 1 mean for a count of simulated futures."""
    if probability <= 0:
        return t("goal.forecast.chance_none", lang, simulations=fmt_number(simulations, lang))
    if probability >= 1:
        return t("goal.forecast.chance_all", lang, simulations=fmt_number(simulations, lang))
    if probability < 0.5:
        # the N whose "1 in N" is nearest the probability (40 %: 1 in 3, not 1 in 2)
        inverse = 1 / probability
        n = min((math.floor(inverse), math.ceil(inverse)), key=lambda candidate: abs(1 / candidate - probability))
        return t("goal.forecast.chance_one_in", lang, n=fmt_number(n, lang))
    return t("goal.forecast.chance_in_ten", lang, n=min(9, max(5, round(10 * probability))))


def forecast_sentence(summary: Mapping[str, Any] | None, lang: str) -> str:
    """One sentence on the statistical forecast: the chance of reaching the target by the end of the
    window at the current pace, and where eight futures in ten end; or why there is none."""
    if summary is None:
        return t("goal.forecast.none", lang)
    status = summary["forecast_status"]
    end_year = summary["end_month"].year
    if status == "too_short":
        return t("goal.forecast.too_short", lang, months=summary["months_fitted"])
    if status == "window_over":
        return t("goal.forecast.window_over" + (".reached" if summary["probability_reaching_target"] else ""),
                 lang, target=fmt_number(summary["target_jobs"], lang), year=end_year)
    probability = summary["probability_reaching_target"]
    return t("goal.forecast.sentence", lang,
             chance=_chance(probability, summary["simulations"], lang), pct=fmt_pct(probability, lang),
             target=fmt_number(summary["target_jobs"], lang), year=end_year,
             low=fmt_number(summary["jobs_created_cumulative_p10_at_end"], lang),
             high=fmt_number(summary["jobs_created_cumulative_p90_at_end"], lang),
             median=fmt_number(summary["jobs_created_cumulative_p50_at_end"], lang))


BACKTEST_COLUMNS = ("made", "judged", "forecast", "reported", "error", "band")


def backtest_rows(backtests: pl.DataFrame, lang: str) -> list[dict[str, str]]:
    """Each backtest as the cells of the overview's and the report's table (headers: goal.backtest.col.*)."""
    rows = []
    for row in backtests.iter_rows(named=True):
        rows.append({
            "made": t("goal.backtest.made", lang, months=row["backtest_months"], month=fmt_month(row["origin_month"], lang)),
            "judged": fmt_month(row["last_month"], lang),
            "forecast": t("goal.backtest.forecast", lang,
                          median=fmt_number(row["jobs_created_cumulative_p50_at_end"], lang),
                          low=fmt_number(row["jobs_created_cumulative_p10_at_end"], lang),
                          high=fmt_number(row["jobs_created_cumulative_p90_at_end"], lang)),
            "reported": fmt_number(row["actual_cumulative_at_end"], lang),
            "error": _error(row, lang),
            "band": t("goal.backtest.within" if row["within_band_at_end"] else "goal.backtest.outside", lang,
                      months=row["months_within_band"], of=row["backtest_months"]),
        })
    return rows
