"""The reference data (regions, trades, skills, requirements, programmes, goal, the BMO mapping).

The product ships its own copy in warehouse/reference/; users may point the
``reference_dir`` setting at an edited copy. Every code is read as text so that
``region_code = '01'`` keeps its leading zero.

``bmo_trades.csv`` maps France Travail's BMO métier codes to the trades (or trade families) they
feed (docs/bmo.md); ``load_reference`` checks it against ``trades.csv`` and refuses a mapping a
person would misread: a row naming both or neither of a trade and a family, an unknown trade or
family, a share outside (0, 1], the same target twice for a code, or a code whose shares do not
add up to 1.
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
    "bmo_trades": "bmo_trades.csv",
}

_NUMERIC_COLUMNS = {
    "tile_col": pl.Int32, "tile_row": pl.Int32, "required_level": pl.Int32,
    "duration_hours": pl.Int32, "target_jobs": pl.Int32, "share": pl.Float64,
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
    bmo_trades: pl.DataFrame
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
    frames["bmo_trades"] = _checked_bmo_trades(frames["bmo_trades"], frames["trades"],
                                               directory / REFERENCE_FILES["bmo_trades"])
    return Reference(**frames, version=digest.hexdigest()[:12])


BMO_TRADES_COLUMNS = ("bmo_code", "bmo_label", "trade_code", "family", "share")
SHARE_TOLERANCE = 1e-6  # shares written with a few decimals (0.333) still add up to 1


def _checked_bmo_trades(mapping: pl.DataFrame, trades: pl.DataFrame, path: Path) -> pl.DataFrame:
    """The mapping with codes stripped and upper-cased, empty cells null; a ReferenceError naming the line
    (the header being line 1) and what to write when a row cannot be read one way only."""
    missing = [name for name in BMO_TRADES_COLUMNS if name not in mapping.columns]
    if missing:
        raise ReferenceError(f"Reference file {path} lacks the column(s) {', '.join(missing)}; its header must "
                             f"hold {', '.join(BMO_TRADES_COLUMNS)} (see docs/bmo.md).")
    if "why" not in mapping.columns:  # the explanation is for people; a mapping without it still works
        mapping = mapping.with_columns(pl.lit(None, pl.String).alias("why"))
    mapping = mapping.select(*BMO_TRADES_COLUMNS, "why").with_columns(
        pl.col("bmo_code").str.strip_chars().str.to_uppercase(),
        pl.col("trade_code").str.strip_chars().str.to_uppercase().replace("", None),
        pl.col("family").str.strip_chars().replace("", None),
    )
    known_trades = set(trades["trade_code"].to_list())
    known_families = set(trades["family"].to_list())
    problems = []
    for line, row in enumerate(mapping.iter_rows(named=True), start=2):
        code, trade, family, share = row["bmo_code"], row["trade_code"], row["family"], row["share"]
        if not code:
            problems.append(f"line {line}: bmo_code is empty; write the BMO métier code (E2Z70)")
        if (trade is None) == (family is None):
            problems.append(f"line {line} ({code}): give either a trade_code or a family, not "
                            f"{'both' if trade else 'neither'}")
        elif trade is not None and trade not in known_trades:
            problems.append(f"line {line} ({code}): trade_code {trade!r} is not in trades.csv "
                            f"({', '.join(sorted(known_trades))})")
        elif family is not None and family not in known_families:
            problems.append(f"line {line} ({code}): family {family!r} is not a family of trades.csv "
                            f"({', '.join(sorted(known_families))})")
        if share is None or not 0 < share <= 1:
            problems.append(f"line {line} ({code}): share {share!r} must be a number above 0 and at most 1")
    targets = mapping.with_columns(pl.coalesce("trade_code", "family").alias("target"))
    for code, target in targets.filter(pl.struct("bmo_code", "target").is_duplicated()).select(
            "bmo_code", "target").unique(maintain_order=True).iter_rows():
        problems.append(f"{code} maps to {target} twice; keep one row and put the whole share on it")
    for code, total in targets.group_by("bmo_code", maintain_order=True).agg(pl.col("share").sum()).iter_rows():
        if code and total is not None and abs(total - 1) > SHARE_TOLERANCE:
            problems.append(f"the shares of {code} add up to {total:g}, not 1: they split the métier's hiring "
                            "projects between the trades it feeds")
    if problems:
        raise ReferenceError(f"Reference file {path} has {len(problems)} problem(s): " + "; ".join(problems)
                             + ". Fix the file (docs/bmo.md explains each column), or point WORKFORCE_REFERENCE_DIR "
                             "at a folder holding a correct copy.")
    return mapping
