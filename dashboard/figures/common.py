"""The look shared by every chart: colour-blind-safe palettes, titles that carry units and as_of,
the language's number separators, and the words shown when a filter leaves nothing."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import fmt_date, plotly_separators, t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PRIMARY, SECONDARY, TERTIARY = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]
MUTED = "#6c757d"
# Diverging scale for gaps (blue = supply covers demand, orange/brown = shortage), safe for colour-blind readers.
GAP_SCALE = "PuOr_r"
SEQUENTIAL_SCALE = "Cividis"


# Set once: a template passed to every update_layout costs plotly ~20 ms of validation per figure.
pio.templates.default = "plotly_white"


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
