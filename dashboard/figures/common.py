"""The look shared by every chart: colour-blind-safe palettes, titles that carry units and as_of,
the language's number formats (separators, count and percentage ticks, the graph's locale), and the
words shown when a filter leaves nothing."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import fmt_date, fmt_pct, language, plotly_date_names, plotly_separators, t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PRIMARY, SECONDARY, TERTIARY = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]
MUTED = "#6c757d"
# The template and colour scales resolved once, as plotly writes them into every figure: building each
# figure with plotly's methods (update_layout validating the template, the scales and every property
# again) was half of a figure callback's time. The default, for any figure built the usual way.
pio.templates.default = "plotly_white"
TEMPLATE: dict[str, Any] = pio.templates["plotly_white"].to_plotly_json()


def colour_scale(name: str) -> list[list[Any]]:
    """A named plotly colour scale as the [position, colour] pairs plotly writes for it."""
    return go.Heatmap(colorscale=name).to_plotly_json()["colorscale"]


# Diverging scale for gaps (blue = supply covers demand, orange/brown = shortage), safe for colour-blind readers.
GAP_SCALE = colour_scale("PuOr_r")
SEQUENTIAL_SCALE = colour_scale("Cividis")

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


def merged(base: dict[str, Any], *updates: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated as plotly's update_layout would: nested dicts merged key by key, other values replaced."""
    result = dict(base)
    for update in updates:
        for key, value in update.items():
            result[key] = merged(result[key], value) if isinstance(value, dict) and isinstance(result.get(key), dict) \
                else value
    return result


def layout(title: str, as_of: date | None, lang: str, unit: str | None = None, height: int = 380,
           **extra: Any) -> dict[str, Any]:
    """The layout every chart shares (title with unit and data date, the language's separators, the
    palette), merged with the chart's own ``extra`` properties."""
    return merged({
        "title": {"text": titled(title, as_of, lang, unit), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "separators": plotly_separators(lang),
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 70, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": -0.25, "x": 0},
        "hoverlabel": {"namelength": -1},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        "colorway": list(OKABE_ITO),
    }, extra)


def figure(data: list[dict[str, Any]], figure_layout: dict[str, Any]) -> go.Figure:
    """A figure from traces and a layout written as plotly writes them (tests/unit check that plotly's
    validation would change nothing), without validating every property again on each request."""
    return go.Figure({"data": data, "layout": {"template": TEMPLATE, **figure_layout}}, _validate=False)


def empty_figure(title: str, lang: str, as_of: date | None = None) -> go.Figure:
    """No axes, just the words: a filter that leaves nothing says so."""
    words = f"{t('no_data', lang)}<br><span style='font-size:12px'>{t('no_data.hint', lang)}</span>"
    return figure([], layout(title, as_of, lang, xaxis={"visible": False}, yaxis={"visible": False}, annotations=[
        {"text": words, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
         "font": {"size": 16, "color": MUTED}}]))
