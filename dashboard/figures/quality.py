"""Data-quality views: the rejected values counted by reason (a chart) and the freshness of each source
told in plain sentences ("Recrutements : données jusqu'à octobre 2026, chargées il y a 3 jours.")."""

from __future__ import annotations

from datetime import date, datetime

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.common import (COUNT_TICKS, MUTED, OKABE_ITO, base_layout_properties, empty_figure,
                                      figure)
from dashboard.i18n import fmt_date, fmt_month, fmt_number, t
from pipelines.sources.registry import SOURCE_NAMES

REASON_LABEL_CHARS = 60
SOURCE_COLOURS = dict(zip(SOURCE_NAMES, OKABE_ITO))


def source_name(source: str | None, lang: str) -> str:
    """The source's name in the language; a file whose source was not recognised has none."""
    if source is None:
        return t("quality.source.unknown", lang)
    return t(f"quality.source.{source}", lang) if source in SOURCE_NAMES else source


def _short(text: str, limit: int = REASON_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reasons(rejections: pl.DataFrame, as_of: date | None, lang: str) -> go.Figure:
    """Rejected values by source, column and reason (``rejections_by_reason``), one bar each in the frame's
    order (most first); colours tell the sources apart, the full reason is in the hover. Each bar's
    customdata is [hover text, source name, column name], so a click can filter the rejected rows."""
    title = t("quality.reasons.title", lang)
    if rejections.is_empty():
        return empty_figure(title, lang, as_of)
    unit = t("quality.unit.rejected", lang)
    bars = [
        {"source": source, "column": column,
         "where": f"{source_name(source, lang)} · {column}" if column else source_name(source, lang),
         "reason": reason, "count": count}
        for source, column, reason, count in rejections.select("source", "column_name", "reason", "rejected").iter_rows()
    ]
    for bar in bars:
        bar["label"] = t("hover.value", lang, name=source_name(bar["source"], lang), value=_short(bar["reason"]))
        bar["hover"] = f"<b>{bar['where']}</b><br>{bar['reason']}<br>{fmt_number(bar['count'], lang)} {unit}"
    traces = []
    for source in dict.fromkeys(bar["source"] for bar in bars):
        group = [bar for bar in bars if bar["source"] == source]
        traces.append({
            "type": "bar", "x": [bar["count"] for bar in group], "y": [bar["label"] for bar in group],
            "orientation": "h", "name": source_name(source, lang),
            "marker": {"color": SOURCE_COLOURS.get(source, MUTED)},
            "customdata": [[bar["hover"], source_name(source, lang), bar["column"]] for bar in group],
            "hovertemplate": "%{customdata[0]}<extra></extra>",
            "text": [fmt_number(bar["count"], lang) for bar in group],
            "textposition": "outside", "cliponaxis": False})
    layout = base_layout_properties(title, as_of, lang, unit=unit, height=max(320, 130 + 30 * len(bars)))
    return figure(traces, layout, {
        "yaxis": {"categoryorder": "array", "categoryarray": [bar["label"] for bar in bars], "autorange": "reversed",
                  "automargin": True},
        "xaxis": {"rangemode": "tozero", **COUNT_TICKS},
        "margin": {"l": 10, "r": 40}, "legend": {"y": -0.08, "yanchor": "top"},
    })


def ago(moment: datetime, now: datetime, lang: str) -> str:
    """'aujourd'hui', 'hier', 'il y a 3 jours' (calendar days, a clock running late counts as today)."""
    days = (now.date() - moment.date()).days
    if days <= 0:
        return t("quality.ago.today", lang)
    if days == 1:
        return t("quality.ago.yesterday", lang)
    return t("quality.ago.days", lang, n=fmt_number(days, lang))


def _until(latest: date, grain: str, lang: str) -> str:
    value = {"date": fmt_date(latest, lang), "month": fmt_month(latest, lang), "year": str(latest.year)}[grain]
    return t(f"quality.until.{grain}", lang, value=value)


def freshness_sentences(freshness: pl.DataFrame, now: datetime, lang: str) -> list[str]:
    """One sentence per source from ``freshness()``: how recent its data are and when it was last loaded."""
    sentences = []
    for row in freshness.iter_rows(named=True):
        source = source_name(row["source"], lang)
        if row["last_loaded_at"] is None:
            sentence = t("quality.fresh.never", lang, source=source)
        elif row["latest_date"] is None:
            sentence = t("quality.fresh.empty", lang, source=source, ago=ago(row["last_loaded_at"], now, lang))
        else:
            sentence = t("quality.fresh.sentence", lang, source=source,
                         until=_until(row["latest_date"], row["period_grain"], lang),
                         ago=ago(row["last_loaded_at"], now, lang))
        if row["files_failed"]:
            sentence = f"{sentence} {t('quality.fresh.failed', lang, n=row['files_failed'])}"
        sentences.append(sentence)
    return sentences
