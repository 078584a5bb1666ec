"""Running the warehouse's SQL: the landing schema, then the models layer by layer."""

from __future__ import annotations

from pathlib import Path

import duckdb

MODELS_DIR = Path(__file__).resolve().parent / "models"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the landing tables, load_log and rejected_rows when missing (idempotent)."""
    con.execute((MODELS_DIR / "raw" / "raw_tables.sql").read_text(encoding="utf-8"))
