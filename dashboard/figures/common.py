"""The look shared by every chart: colour-blind-safe palettes, titles that carry units and as_of,
the language's number formats (separators, count and percentage ticks, the graph's locale), the
words shown when a filter leaves nothing, and how a provisional month or quarter is marked."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import fmt_date, fmt_pct, language, plotly_date_names, plotly_separators, t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PRIMARY, SECONDARY, TERTIARY = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]
MUTED = "#6c757d"
# Diverging scale for gaps (blue = supply covers demand, orange/brown = shortage), safe for colour-blind readers.
GAP_SCALE = "PuOr_r"
SEQUENTIAL_SCALE = "Cividis"


# Set once: a template passed to every update_layout costs plotly ~20 ms of validation per figure.
pio.templates.default = "plotly_white"

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


def base_layout(fig: go.Figure, title: str, as_of: date | None, lang: str, unit: str | None = None,
                height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": titled(title, as_of, lang, unit), "x": 0, "xanchor": "left", "font": {"size": 15}},
        separators=plotly_separators(lang),
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": -0.25, "x": 0},
        hoverlabel={"namelength": -1},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        colorway=list(OKABE_ITO),
    )
    return fig


def empty_figure(title: str, lang: str, as_of: date | None = None) -> go.Figure:
    """No axes, just the words: a filter that leaves nothing says so."""
    fig = go.Figure()
    base_layout(fig, title, as_of, lang)
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False})
    fig.add_annotation(text=f"{t('no_data', lang)}<br><span style='font-size:12px'>{t('no_data.hint', lang)}</span>",
                       x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16, "color": MUTED})
    return fig


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


def mark_provisional(fig: go.Figure, periods: list[date], flags: list[bool], lang: str, grain: str = "month",
                     label_key: str = "provisional.mark") -> go.Figure:
    """Shade the provisional periods (after the last complete one) and say so in words; nothing when none."""
    if True not in flags:
        return fig
    half = timedelta(days=HALF_PERIOD_DAYS[grain])
    first = periods[flags.index(True)]
    fig.add_vrect(x0=first - half, x1=periods[-1] + half, fillcolor=PROVISIONAL_BAND, line_width=0, layer="below",
                  annotation_text=t(label_key, lang), annotation_position="top left",
                  annotation_font={"size": 11, "color": MUTED})
    return fig


def add_line(fig: go.Figure, x: Any, y: Any, flags: list[bool], lang: str,
             hovers: list[str] | None = None, **trace: Any) -> go.Figure:
    """One series as a line: whole when no period is provisional; else solid up to the last complete period
    and continued faded over the provisional ones, whose hovers say "(provisoire)"."""
    if True not in flags:
        return fig.add_scatter(x=x, y=y, customdata=hovers, **trace)
    complete, provisional = split_at_provisional(list(y), flags)
    fig.add_scatter(x=x, y=complete, customdata=hovers, **trace)
    marked = None if hovers is None else [
        f"{hover} ({t('provisional.mark', lang)})" if flag else hover for hover, flag in zip(hovers, flags)]
    return fig.add_scatter(x=x, y=provisional, customdata=marked, opacity=PROVISIONAL_OPACITY, showlegend=False,
                           **trace)
