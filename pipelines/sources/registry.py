"""The sources, named once: the command line's choices, ingest's recognition, the /quality page.

Cheap to import (no pandera, no polars): ``SOURCE_NAMES`` is what a screen needs; ``sources()``
loads each source's module (its pandera model) for the pipeline.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.sources.contract import Source

SOURCE_NAMES: tuple[str, ...] = ("enrolments", "assessments", "hiring", "placements", "bmo")


@cache
def sources() -> dict[str, "Source"]:
    """Every source's contract, by name, in the order of SOURCE_NAMES."""
    return {name: import_module(f"pipelines.sources.{name}").SOURCE for name in SOURCE_NAMES}
