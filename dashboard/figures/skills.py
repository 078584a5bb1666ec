"""Skills charts: proficiency across trades, required against reached level for one trade, the skills
that block job-readiness, and results by assessment method. Each takes the DataFrame of a
dashboard.queries.skills function; learner counts in hovers below the threshold read "< N"."""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, MUTED, OKABE_ITO, PRIMARY, SECONDARY, SEQUENTIAL_SCALE,
                                      base_layout_properties, empty_figure, figure, percent_ticks)
from dashboard.figures.gaps import (BOTTOM_LEGEND, CATEGORY_HOVER, HEATMAP_AXES, category_heatmap, hover_lines,
                                    ordered)
from dashboard.i18n import fmt_number, t
from dashboard.privacy import shown, threshold

LEVELS = (1, 2, 3, 4)
METHODS = ("practical", "written", "vr", "ar", "digital_twin", "serious_game", "unknown")
REQUIRED_COLOUR = "#000000"
NEVER_ASSESSED_COLOUR = OKABE_ITO[3]  # reddish purple, beside the orange of "below level"
TRADE_TITLE_MARGIN = 95  # a one-trade chart's title takes a second line for the trade


def focus_sentence(selected_trades: tuple[str, ...], trade: pl.DataFrame, lang: str) -> str:
    """Which trade a one-trade view shows (`trade` is its trade_identity row), and why when the
    filter bar did not pick exactly one."""
    label = trade["label"][0] if trade.height else "–"
    case = "one" if len(selected_trades) == 1 else "several" if selected_trades else "none"
    return t(f"skills.focus.{case}", lang, trade=label)


def _trade_title(key: str, frame: pl.DataFrame, lang: str) -> str:
    """The title, then the trade on its own line (a long trade label would not fit beside it)."""
    trade = frame["trade_label"][0] if frame.height and "trade_label" in frame.columns else "–"
    return f"{t(key, lang)}<br>{trade}"


def _share_colourbar(title_key: str, lang: str) -> dict[str, Any]:
    """The colour bar of a share from 0 to 1, in whole percentages."""
    return {**percent_ticks(lang), "thickness": 14, "title": {"text": t(title_key, lang), "side": "right"}}


def _wrapped(labels: list[str], width: int = 30) -> list[str]:
    """Long axis labels on two or more lines, so the plot keeps its width on a narrow page."""
    return ["<br>".join(textwrap.wrap(label, width)) or label for label in labels]


def level_hover(row: dict[str, Any], lang: str) -> str:
    """Required and reached level, score and learners of one trade x skill row."""
    proficient = f"{shown(row, 'proficient_learners', lang, 'count')} ({shown(row, 'proficient_share', lang, 'pct')})"
    return hover_lines([
        (t("skills.required_level", lang), fmt_number(row["required_level"], lang)),
        (t("skills.mean_level", lang), shown(row, "mean_level", lang, "num1")),
        (t("skills.mean_score", lang), shown(row, "mean_score", lang, "num1")),
        (t("skills.assessed_learners", lang), shown(row, "assessed_learners", lang, "count")),
        (t("skills.proficient_learners", lang), proficient),
    ], lang)


def proficiency_heatmap(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Share of assessed learners at the required level, per required skill (rows; those required by
    the most trades first) and trade (columns)."""
    title = t("skills.overview.title", lang)
    rows = [{**row, "trades": 1} for row in frame.to_dicts() if row["assessed_learners"]]
    if not rows:
        return empty_figure(title, lang, as_of)
    skills = ordered(rows, "skill_label", "trades")
    heatmap = category_heatmap(
        rows, "trade_label", "skill_label", "proficient_share", sorted({row["trade_label"] for row in rows}),
        skills, text=lambda row: shown(row, "proficient_share", lang, "pct", 0),
        hover=lambda row: level_hover(row, lang),
        colorscale=SEQUENTIAL_SCALE, zmin=0, zmax=1,
        colorbar=_share_colourbar("skills.colorbar.proficient", lang),
    )
    layout = base_layout_properties(title, as_of, lang, unit=t("skills.unit.proficient_share", lang),
                                    height=max(380, 330 + 30 * len(skills)))
    return figure([heatmap], layout, HEATMAP_AXES, {"plot_bgcolor": "#ffffff", "margin": {"b": 150},
                                                           "xaxis": {"tickangle": -35}})


def skill_levels_chart(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """For one trade: the required level against the mean level reached per skill (left) and the share
    of learners at the required level (right); the weakest skill at the top."""
    title = _trade_title("skills.levels.title", frame, lang)
    rows = frame.to_dicts()
    if not any(row["assessed_learners"] for row in rows):
        return empty_figure(title, lang, as_of)
    skills = _wrapped([row["skill_label"] for row in rows])
    hovers = [level_hover(row, lang) for row in rows]
    # two panels on one y axis: levels on x, shares on x2
    links_x: list[Any] = []
    links_y: list[Any] = []
    for row, skill in zip(rows, skills):
        if row["mean_level"] is not None:
            links_x += [row["required_level"], row["mean_level"], None]
            links_y += [skill, skill, None]
    traces = [
        {"type": "scatter", "x": links_x, "y": links_y, "mode": "lines", "line": {"color": "#adb5bd", "width": 3},
         "hoverinfo": "skip", "showlegend": False},
        {"type": "scatter", "x": [row["required_level"] for row in rows], "y": skills, "mode": "markers",
         "name": t("skills.required_level", lang), "customdata": hovers,
         "marker": {"symbol": "line-ns", "size": 22, "line": {"width": 4, "color": REQUIRED_COLOUR}},
         "hovertemplate": CATEGORY_HOVER},
        {"type": "scatter", "x": [row["mean_level"] for row in rows], "y": skills, "mode": "markers",
         "name": t("skills.mean_level", lang), "customdata": hovers,
         "marker": {"symbol": "circle", "size": 13, "color": PRIMARY}, "hovertemplate": CATEGORY_HOVER},
        {"type": "bar", "x": [row["proficient_share"] for row in rows], "y": skills, "orientation": "h",
         "name": t("skills.proficient_share", lang), "marker": {"color": OKABE_ITO[2]}, "customdata": hovers,
         "text": [shown(row, "proficient_share", lang, "pct", 0) if row["proficient_share"] is not None else ""
                  for row in rows],
         "textposition": "outside", "cliponaxis": False, "xaxis": "x2", "hovertemplate": CATEGORY_HOVER},
    ]
    layout = base_layout_properties(title, as_of, lang, unit=t("skills.unit.levels", lang),
                                    height=max(320, 190 + 46 * len(rows)))
    return figure(traces, layout, {
        "legend": BOTTOM_LEGEND, "margin": {"t": TRADE_TITLE_MARGIN, "b": 100},
        "bargap": 0.35, "yaxis": {"autorange": "reversed", "automargin": True},
        "xaxis": {"domain": [0, 0.56], "range": [0.5, 4.5], "tickvals": list(LEVELS),
                  "title": {"text": t("skills.axis.level", lang)},
                  "ticktext": [t(f"skills.level.{level}", lang).replace(" ", "<br>", 1) for level in LEVELS]},
        "xaxis2": {"domain": [0.6, 0.95], "anchor": "y", "range": [0, 1], **percent_ticks(lang),
                   "title": {"text": t("skills.proficient_share", lang)}},
    })


def blocking_hover(row: dict[str, Any], lang: str) -> str:
    """How many not-job-ready graduates one skill kept back, and how."""
    return hover_lines([
        (t("skills.blocked", lang), shown(row, "blocked_enrolments", lang, "count")),
        (t("skills.blocked_below_level", lang), shown(row, "blocked_below_level", lang, "count")),
        (t("skills.blocked_never_assessed", lang), shown(row, "blocked_never_assessed", lang, "count")),
        (t("skills.sole_blocker", lang), shown(row, "sole_blocker_enrolments", lang, "count")),
        (t("skills.not_job_ready", lang), shown(row, "not_job_ready_enrolments", lang, "count")),
        (t("skills.blocked_share", lang), shown(row, "blocked_share", lang, "pct")),
    ], lang)


def blocking_chart(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """For one trade: per skill, the not-job-ready graduates who fell short on it, below the required
    level or never assessed, stacked; the most blocking skill at the top."""
    title = _trade_title("skills.blocking.title", frame, lang)
    rows = frame.to_dicts()
    if not rows:
        return empty_figure(title, lang, as_of)
    skills = _wrapped([row["skill_label"] for row in rows])
    hovers = [blocking_hover(row, lang) for row in rows]
    bars = [{"type": "bar", "x": [row[column] for row in rows], "y": skills, "orientation": "h",
             "name": t(label, lang), "marker": {"color": colour}, "customdata": hovers, "hovertemplate": CATEGORY_HOVER}
            for column, label, colour in (
                ("blocked_below_level", "skills.blocked_below_level", SECONDARY),
                ("blocked_never_assessed", "skills.blocked_never_assessed", NEVER_ASSESSED_COLOUR))]
    layout = base_layout_properties(title, as_of, lang, unit=t("skills.unit.enrolments", lang),
                                    height=max(320, 170 + 40 * len(rows)))
    words = {}
    if all(row[column] is None for row in rows for column in ("blocked_below_level", "blocked_never_assessed")):
        # every bar withheld: an empty frame of axes would read as "nobody", say why instead
        words = {"annotations": [{"text": t("masked.all_bars", lang, n=threshold()), "x": 0.5, "y": 0.5,
                                  "xref": "paper", "yref": "paper", "showarrow": False,
                                  "font": {"size": 13, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.85)"}]}
    return figure(bars, layout, {
        "barmode": "stack", "bargap": 0.3, "legend": BOTTOM_LEGEND, "margin": {"t": TRADE_TITLE_MARGIN, "b": 70},
        "yaxis": {"autorange": "reversed", "automargin": True}, "xaxis": {"rangemode": "tozero", **COUNT_TICKS}}, words)


def blocking_heatmap(frame: pl.DataFrame, by: str, as_of: date | None, lang: str) -> go.Figure:
    """Share of the not-job-ready graduates who fell short on each skill (rows), by region or by year
    of graduation (columns)."""
    title = _trade_title(f"skills.breakdown.title.{by}", frame, lang)
    rows = frame.filter(pl.col("not_job_ready_enrolments") > 0).to_dicts()
    if not rows:
        return empty_figure(title, lang, as_of)
    columns = (sorted({row["breakdown_label"] for row in rows}) if by == "year"
               else ordered(rows, "breakdown_label", "not_job_ready_enrolments"))

    def hover(row: dict[str, Any]) -> str:
        return hover_lines([
            (t("skills.blocked", lang), shown(row, "blocked_enrolments", lang, "count")),
            (t("skills.not_job_ready", lang), shown(row, "not_job_ready_enrolments", lang, "count")),
            (t("skills.blocked_share", lang), shown(row, "blocked_share", lang, "pct")),
        ], lang)

    skills = ordered(rows, "skill_label", "blocked_enrolments")
    heatmap = category_heatmap(
        rows, "breakdown_label", "skill_label", "blocked_share", columns, skills,
        text=lambda row: shown(row, "blocked_share", lang, "pct", 0), hover=hover,
        colorscale=SEQUENTIAL_SCALE, zmin=0, zmax=1,
        colorbar=_share_colourbar("skills.colorbar.blocked", lang),
    )
    layout = base_layout_properties(title, as_of, lang, unit=t("skills.unit.blocked_share", lang),
                                    height=max(340, 220 + 40 * len(skills)))
    return figure([heatmap], layout, HEATMAP_AXES, {
        "plot_bgcolor": "#ffffff", "margin": {"t": TRADE_TITLE_MARGIN, "b": 110 if by == "region" else 60},
        "xaxis": {"tickangle": -35 if by == "region" else 0, "type": "category"}})


def method_heatmap(frame: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Share of assessments at the required level per skill (rows) and assessment method (columns)."""
    title = _trade_title("skills.methods.title", frame, lang)
    rows = [{**row, "method_label": t(f"method.{row['method']}", lang)}
            for row in frame.to_dicts() if row["assessments"]]
    if not rows:
        return empty_figure(title, lang, as_of)
    present = {row["method"] for row in rows}
    methods = [t(f"method.{method}", lang) for method in METHODS if method in present]

    def hover(row: dict[str, Any]) -> str:
        return hover_lines([
            (t("skills.assessments", lang), shown(row, "assessments", lang)),
            (t("skills.proficient_share_assessments", lang), shown(row, "proficient_share", lang, "pct")),
            (t("skills.mean_score", lang), shown(row, "mean_score", lang, "num1")),
            (t("skills.mean_level", lang), shown(row, "mean_level", lang, "num1")),
        ], lang)

    skills = sorted({row["skill_label"] for row in rows})
    heatmap = category_heatmap(
        rows, "method_label", "skill_label", "proficient_share", methods, skills,
        text=lambda row: shown(row, "proficient_share", lang, "pct", 0), hover=hover,
        colorscale=SEQUENTIAL_SCALE, zmin=0, zmax=1,
        colorbar=_share_colourbar("skills.colorbar.proficient", lang),
    )
    layout = base_layout_properties(title, as_of, lang, unit=t("skills.unit.assessments_share", lang),
                                    height=max(320, 200 + 40 * len(skills)))
    return figure([heatmap], layout, HEATMAP_AXES, {"plot_bgcolor": "#ffffff",
                                                           "margin": {"t": TRADE_TITLE_MARGIN}})
