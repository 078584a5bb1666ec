"""How protected answers read: the words a withheld cell shows, on screens, hovers and files.

The door withholds cells before an answer leaves the server (dashboard/protection.py); here they
become "< 5" (a learner count below the threshold) or "s" (withheld so that no small count can be
derived from what is shown). A figure that is handed a raw count below the threshold shows it as
"< 5" too: what a reader sees never depends on which path a frame took.
"""

from __future__ import annotations

from typing import Any, Literal, Mapping

import polars as pl

from dashboard.access import current_viewer
from dashboard.i18n import fmt_number, fmt_pct, t
from dashboard.protection import SMALL, companion, visible_columns
from warehouse import settings

Kind = Literal["count", "int", "pct", "num1"]


def threshold() -> int:
    return settings.get("privacy_threshold")


def withheld_text(reason: str, lang: str) -> str:
    return f"< {threshold()}" if reason == SMALL else t("masked.secret", lang)


def count_text(value: int | None, lang: str, withheld: str | None = None) -> str:
    """A learner count as shown: its withheld words, or the number ('–' when missing). Below the
    threshold it reads '< N' for a viewer who must not see small counts even when the door did not
    withhold it (a frame handed to a figure by another path), never for one who may."""
    if withheld:
        return withheld_text(withheld, lang)
    if value is not None and value < threshold() and current_viewer().protected:
        return withheld_text(SMALL, lang)
    return fmt_number(value, lang)


def shown(row: Mapping[str, Any], column: str, lang: str, kind: Kind = "int", decimals: int | None = None) -> str:
    """A cell of an answer's row as people read it: withheld words, or the value in the language
    (``decimals`` overrides the kind's: 1 for a percentage, 0 for a number, 1 for num1)."""
    withheld = row.get(companion(column))
    if kind == "count":
        return count_text(row[column], lang, withheld)
    if withheld:
        return withheld_text(withheld, lang)
    if kind == "pct":
        return fmt_pct(row[column], lang, 1 if decimals is None else decimals)
    return fmt_number(row[column], lang, (1 if kind == "num1" else 0) if decimals is None else decimals)


def grid_rows(frame: pl.DataFrame, lang: str) -> list[dict[str, Any]]:
    """The rows of an answer for a grid: values stay numbers (they sort and format as numbers) but
    for the withheld ones, which are their words; the companions do not travel."""
    columns = visible_columns(frame)
    withheld = {name: frame[companion(name)].to_list() for name in columns if companion(name) in frame.columns}
    rows = frame.select(columns).to_dicts()
    # dates as the ISO text their JSON is: Dash's encoder would reach each through a chain of fallbacks
    for name in (name for name in columns if frame.schema[name] in (pl.Date, pl.Datetime)):
        for row in rows:
            if row[name] is not None:
                row[name] = row[name].isoformat()
    for name, reasons in withheld.items():
        for row, reason in zip(rows, reasons):
            if reason:
                row[name] = withheld_text(reason, lang)
    return rows
