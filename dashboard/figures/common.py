"""The look shared by every chart: colour-blind-safe palettes, titles that carry units and as_of,
the language's number formats (separators, count and percentage ticks, the graph's locale), the
words shown when a filter leaves nothing, and how a provisional month or quarter is marked."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard.i18n import fmt_date, fmt_pct, language, plotly_date_names, plotly_separators, t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PRIMARY, SECONDARY, TERTIARY = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]
MUTED = "#6c757d"


def colour_scale(name: str) -> list[list[Any]]:
    """A named plotly colour scale as the [position, colour] pairs plotly writes for it."""
    return go.Heatmap(colorscale=name).to_plotly_json()["colorscale"]


# Diverging scale for gaps (blue = supply covers demand, orange/brown = shortage), safe for colour-blind readers.
GAP_SCALE = colour_scale("PuOr_r")
SEQUENTIAL_SCALE = colour_scale("Cividis")


# Set once: a template passed to every update_layout costs plotly ~20 ms of validation per figure.
pio.templates.default = "plotly_white"
# The same template as plotly writes it, for the figures built as data (``figure``).
TEMPLATE: dict[str, Any] = pio.templates["plotly_white"].to_plotly_json()

# Ticks of counts: every digit with the language's grouping ("10 000", "−2 000"), never plotly's SI
# prefixes ("10k"); "~" drops the zeros plotly's own tick steps would leave ("0,5", not "0,500000").
COUNT_TICKS = {"tickformat": ",~f"}


def percent_ticks(lang: str, most: float = 1.0) -> dict[str, Any]:
    """Ticks of a ratio (0 to `most`) as whole percentages, written as fmt_pct writes them: d3 writes
    "80%", so where the language writes it otherwise ("80 %") each label plotly can draw is aliased."""
    ticks: dict[str, Any] = {"tickformat": ".0%"}
    # Past 200 % plotly's steps are multiples of 10 % at least: no need to alias 201 % to 3 000 % one by one.
    labels = {f"{percent}%": fmt_pct(percent / 100, lang, 0) for percent in range(math.ceil(most * 100) + 1)
              if percent <= 200 or percent % 10 == 0}
    aliases = {drawn: shown for drawn, shown in labels.items() if drawn != shown}
    if aliases:
        ticks["labelalias"] = aliases
    return ticks


def graph_config(lang: str) -> dict[str, Any]:
    """The config of every dcc.Graph: plotly's own words (mode bar, hover) in the page's language from the
    locale bundle served from assets/ (plotly-locale-fr.js, plotly.js's own), CLDR's month and day names
    on date axes ("janv. 2026", as fmt_month writes "janvier 2026"), no plotly logo, and no "Share chart"
    button: it uploads the chart's data to Plotly's cloud, and nothing here leaves the observatory."""
    lang = language(lang)
    return {"locale": lang, "locales": {lang: {"format": plotly_date_names(lang)}}, "displaylogo": False,
            "modeBarButtonsToRemove": ["sendChartToCloud"]}


def titled(title: str, as_of: date | None, lang: str, unit: str | None = None) -> str:
    """A chart title that says what it shows, its unit and the data date."""
    parts = [f"<b>{title}</b>"]
    detail = " · ".join(part for part in (unit, t("as_of", lang, date=fmt_date(as_of, lang)) if as_of else None) if part)
    if detail:
        parts.append(f"<span style='font-size:12px;color:{MUTED}'>{detail}</span>")
    return "<br>".join(parts)


def base_layout_properties(title: str, as_of: date | None, lang: str, unit: str | None = None,
                           height: int = 380) -> dict[str, Any]:
    """The layout every chart shares: its title with unit and data date, the language's separators, the
    palette, the legend below."""
    return {
        "title": {"text": titled(title, as_of, lang, unit), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "separators": plotly_separators(lang),
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 70, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": -0.25, "x": 0},
        "hoverlabel": {"namelength": -1},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        "colorway": list(OKABE_ITO),
    }


def merged(base: dict[str, Any], *updates: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated as plotly's update_layout updates a layout: nested dicts merged key by key, any
    other value replaced."""
    result = dict(base)
    for update in updates:
        for key, value in update.items():
            both_dicts = isinstance(value, dict) and isinstance(result.get(key), dict)
            result[key] = merged(result[key], value) if both_dicts else value
    return result


def figure(data: list[dict[str, Any]], layout: dict[str, Any], *updates: dict[str, Any]) -> go.Figure:
    """A figure from its traces and layout written as data, as plotly writes them (tests/unit/
    test_figures_as_data.py: plotly's validation changes nothing in them), the layout ``merged`` with
    the chart's own ``updates``. Building a figure with plotly's methods validates every property of
    every call (add_scatter, update_layout, add_hline): 20 ms for one of the overview's charts, against
    2 ms this way."""
    return go.Figure({"data": data, "layout": {"template": TEMPLATE, **merged(layout, *updates)}}, _validate=False)


def horizontal_line(y: float) -> dict[str, Any]:
    """A thin line across the plot at ``y`` (a target, 100 %), as plotly's add_hline writes it."""
    return {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": y, "y1": y, "yref": "y",
            "line": {"color": MUTED, "width": 1}}


def values(column: Any) -> Any:
    """A column of a trace as plotly writes it: numbers as a typed array, anything else as a list."""
    if isinstance(column, pl.Series):
        return column.to_numpy() if column.dtype.is_numeric() else column.to_list()
    return column


def empty_figure(title: str, lang: str, as_of: date | None = None) -> go.Figure:
    """No axes, just the words: a filter that leaves nothing says so."""
    words = {"text": f"{t('no_data', lang)}<br><span style='font-size:12px'>{t('no_data.hint', lang)}</span>",
             "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
             "font": {"size": 16, "color": MUTED}}
    return figure([], {**base_layout_properties(title, as_of, lang), "xaxis": {"visible": False},
                       "yaxis": {"visible": False}, "annotations": [words]})


# --- provisional periods (docs/metrics.md): a shaded band, the word, and a faded end of each line ---------

PROVISIONAL_BAND = "rgba(108,117,125,0.12)"
PROVISIONAL_OPACITY = 0.45
HALF_PERIOD_DAYS = {"month": 15, "quarter": 45}


def provisional_flags(frame: Any, column: str = "is_provisional") -> list[bool]:
    """The frame's provisional flag per row (no flag column: none provisional)."""
    if column not in frame.columns:
        return [False] * frame.height
    return [bool(flag) for flag in frame[column].to_list()]


def split_at_provisional(values: list[Any], flags: list[bool]) -> tuple[list[Any], list[Any]]:
    """A series cut in two lines that meet at the last complete period: the complete part (None where
    provisional) and the provisional part (None before the last complete period)."""
    first = flags.index(True) if True in flags else len(flags)
    complete = [value if index < first else None for index, value in enumerate(values)]
    joined_from = max(first - 1, 0)
    provisional = [value if index >= joined_from else None for index, value in enumerate(values)]
    return complete, provisional


def provisional_marks(periods: list[date], flags: list[bool], lang: str, grain: str = "month",
                      label_key: str = "provisional.mark") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The shaded band over the provisional periods (after the last complete one) and the word that names
    it, as a layout's shapes and annotations (what plotly's add_vrect writes); none when none."""
    if True not in flags:
        return [], []
    half = timedelta(days=HALF_PERIOD_DAYS[grain])
    start, end = periods[flags.index(True)] - half, periods[-1] + half
    band = {"type": "rect", "x0": start, "x1": end, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
            "fillcolor": PROVISIONAL_BAND, "layer": "below", "line": {"width": 0}}
    word = {"text": t(label_key, lang), "x": start, "xref": "x", "xanchor": "left", "y": 1, "yref": "y domain",
            "yanchor": "top", "showarrow": False, "font": {"size": 11, "color": MUTED}}
    return [band], [word]


def line_traces(x: Any, y: Any, flags: list[bool], lang: str, hovers: list[str] | None = None,
                **trace: Any) -> list[dict[str, Any]]:
    """One series as a line, as scatter traces: whole when no period is provisional; else solid up to the
    last complete period and continued faded over the provisional ones, whose hovers say "(provisoire)"."""
    def scatter(values_y: Any, customdata: list[str] | None, **more: Any) -> dict[str, Any]:
        drawn = {"type": "scatter", "x": values(x), "y": values(values_y), **trace, **more}
        return drawn if customdata is None else {**drawn, "customdata": customdata}

    if True not in flags:
        return [scatter(y, hovers)]
    complete, provisional = split_at_provisional(list(y), flags)
    marked = None if hovers is None else [
        f"{hover} ({t('provisional.mark', lang)})" if flag else hover for hover, flag in zip(hovers, flags)]
    return [scatter(complete, hovers), scatter(provisional, marked, opacity=PROVISIONAL_OPACITY, showlegend=False)]

