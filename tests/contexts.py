"""Contexts for calling the door's questions directly in tests: who asks, with which filters.

    gaps.gap_summary(analyst(Filters(trades=("QC",)), "en"))

``analyst`` sees the warehouse's true values (the queries' hand-computed tests use it);
``steering`` and ``hr`` see what those roles see, small counts protected.
"""

from __future__ import annotations

from dashboard.access import Viewer
from dashboard.door import Context, context
from dashboard.filters import Filters


def as_viewer(viewer: Viewer, filters: Filters | None = None, lang: str = "fr") -> Context:
    return context(filters or Filters(), lang, viewer)


def analyst(filters: Filters | None = None, lang: str = "fr") -> Context:
    return as_viewer(Viewer("ana", "analyst"), filters, lang)


def steering(filters: Filters | None = None, lang: str = "fr") -> Context:
    return as_viewer(Viewer("stella", "steering"), filters, lang)


def hr(employer: str, filters: Filters | None = None, lang: str = "fr") -> Context:
    return as_viewer(Viewer("hugo", "hr", employer), filters, lang)


def admin(filters: Filters | None = None, lang: str = "fr") -> Context:
    return as_viewer(Viewer("adam", "admin"), filters, lang)
