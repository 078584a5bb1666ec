"""The reference data (regions, trades, skills, requirements, programmes, goal).

The product ships its own copy in warehouse/reference/; users may point the
``reference_dir`` setting at an edited copy. Every code is read as text so that
``region_code = '01'`` keeps its leading zero.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from warehouse import settings

REFERENCE_FILES = {
    "regions": "regions.csv",
    "trades": "trades.csv",
    "skills": "skills.csv",
    "trade_skills": "trade_skills.csv",
    "programmes": "programmes.csv",
    "goal": "goal.csv",
}

_NUMERIC_COLUMNS = {
    "tile_col": pl.Int32, "tile_row": pl.Int32, "required_level": pl.Int32,
    "duration_hours": pl.Int32, "target_jobs": pl.Int32,
}
_DATE_COLUMNS = ("start_month", "end_month")


class ReferenceError(ValueError):
    """A reference file is missing or malformed."""


@dataclass(frozen=True)
class Reference:
    regions: pl.DataFrame
    trades: pl.DataFrame
    skills: pl.DataFrame
    trade_skills: pl.DataFrame
    programmes: pl.DataFrame
    goal: pl.DataFrame
    version: str  # short hash of the files' contents, recorded in warehouse_info


def reference_dir() -> Path:
    return Path(settings.get("reference_dir"))


def _read(path: Path) -> pl.DataFrame:
    if not path.exists():
        raise ReferenceError(f"Reference file {path} is missing; restore it from warehouse/reference/.")
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    casts = [pl.col(name).cast(dtype) for name, dtype in _NUMERIC_COLUMNS.items() if name in frame.columns]
    casts += [pl.col(name).str.to_date("%Y-%m-%d") for name in _DATE_COLUMNS if name in frame.columns]
    try:
        return frame.with_columns(casts)
    except pl.exceptions.PolarsError as error:
        raise ReferenceError(f"Reference file {path} has a malformed value: {error}") from None


def load_reference(directory: Path | None = None) -> Reference:
    directory = Path(directory) if directory else reference_dir()
    digest = hashlib.sha256()
    frames = {}
    for name, file_name in REFERENCE_FILES.items():
        path = directory / file_name
        frames[name] = _read(path)
        digest.update(path.read_bytes())
    return Reference(**frames, version=digest.hexdigest()[:12])
