"""Statistical confidentiality: learner counts below the threshold are shown as "< N".

The warehouse keeps the true values for analysts; every screen and every
download meant for HR teams and the steering committee goes through here.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.i18n import fmt_number
from warehouse import settings

# Columns that count learners (or enrolments of learners) in the marts.
LEARNER_COUNT_COLUMNS = frozenset({
    "graduates", "supply", "job_ready", "enrolled", "in_progress", "completed", "withdrawn", "certified",
    "eligible_6m", "placed_6m", "assessed_learners", "proficient_learners", "blocking_learners",
    "learners", "not_job_ready", "placements", "completed_enrolments", "not_job_ready_enrolments",
    "blocked_enrolments", "blocked_never_assessed", "blocked_below_level", "sole_blocker_enrolments",
})


def threshold() -> int:
    return settings.get("privacy_threshold")


def mask_learner_counts(frame: pl.DataFrame, minimum: int | None = None) -> pl.DataFrame:
    """Learner-count columns as text, '< N' where the count is below N (the rest unchanged)."""
    minimum = threshold() if minimum is None else minimum
    columns = [name for name in frame.columns if name in LEARNER_COUNT_COLUMNS]
    return frame.with_columns(
        pl.when(pl.col(name) < minimum).then(pl.lit(f"< {minimum}"))
        .otherwise(pl.col(name).cast(pl.Int64).cast(pl.String)).alias(name)
        for name in columns
    )


def is_masked(value: int | None, minimum: int | None = None) -> bool:
    minimum = threshold() if minimum is None else minimum
    return value is not None and value < minimum


def count_text(value: int | None, lang: str) -> str:
    """A learner count as shown to HR and the committee: '< N' below the threshold, '–' when missing."""
    return f"< {threshold()}" if is_masked(value) else fmt_number(value, lang)


def masked_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows for a grid: learner counts stay numbers (they sort and format as numbers)
    except those below the threshold, which become the text '< N' before they leave the server."""
    minimum = threshold()
    columns = [name for name in frame.columns if name in LEARNER_COUNT_COLUMNS]
    rows = frame.to_dicts()
    for row in rows:
        for name in columns:
            if is_masked(row[name], minimum):
                row[name] = f"< {minimum}"
    return rows
