"""Small warehouses for tests: a few rows per source, landed in the raw tables, then built.

    con = duckdb.connect()
    make_warehouse(con, enrolments=[{"learner_id": "L1", "status": "completed", "end_date": "2024-06-30"}])
    con.sql("select * from mart_training_funnel").pl()

Every column except the learner id has a default, so a row only says what the
test is about. Dates may be given as ISO strings. Lineage columns default to
``factory/<source>.csv``, the row's position + 2 as line (the header is line 1)
and a fixed load time. One ``load_log`` row per source given is written too
(``is_demo`` set from ``demo``), unless ``load_log`` rows are given explicitly.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

import duckdb

from warehouse.build import BuildSummary, build, ensure_schema
from warehouse.publish import rebuilding

LOADED_AT = datetime(2025, 1, 1, 9, 0, 0)

ROW_DEFAULTS: dict[str, dict[str, Any]] = {
    "enrolments": {
        "learner_id": None, "programme_code": "P-USP-TECH", "region_code": "11",
        "start_date": date(2023, 9, 1), "end_date": None, "status": "enrolled",
        "certified": None, "pathway": None,
    },
    "assessments": {
        "learner_id": None, "skill_code": "GMP", "assessed_on": date(2024, 1, 15),
        "score": 70.0, "method": "practical",
    },
    "hiring": {
        "employer_id": "EMP-1", "region_code": "11", "trade_code": "USP", "month": date(2024, 1, 1),
        "openings": 0, "hires": 0, "jobs_created": 0, "hires_from_campus": 0, "open_vacancies": 0,
    },
    "placements": {
        "learner_id": None, "employer_id": "EMP-1", "trade_code": "USP", "region_code": "11",
        "hired_on": date(2024, 6, 1), "contract": "cdi",
    },
    "bmo": {
        "year": 2024, "bmo_code": "E2Z70", "bmo_label": "Techniciens des industries de process",
        "family_code": "I", "family_label": "Industrie", "region_code": "11",
        "region_name": "Île-de-France", "department_code": "94", "department_name": "Val-de-Marne",
        "employment_area_code": "1101", "employment_area_name": "Créteil",
        "met": 100, "xmet": 50, "smet": 0,
        "met_masked": False, "xmet_masked": False, "smet_masked": False,
    },
}
REQUIRED = {"enrolments": ("learner_id",), "assessments": ("learner_id",), "placements": ("learner_id",)}
DATE_COLUMNS = {"start_date", "end_date", "assessed_on", "month", "hired_on"}

LOAD_LOG_DEFAULTS: dict[str, Any] = {
    "file_path": None, "sha256": "0" * 64, "source": None, "status": "loaded",
    "rows_read": 0, "rows_inserted": 0, "rows_updated": 0, "rows_unchanged": 0, "rows_rejected": 0,
    "started_at": LOADED_AT, "finished_at": LOADED_AT, "message": None, "is_demo": False,
}


def _complete(source: str, position: int, row: Mapping[str, Any]) -> dict[str, Any]:
    defaults = ROW_DEFAULTS[source]
    unknown = set(row) - set(defaults) - {"source_file", "source_line", "loaded_at"}
    if unknown:
        raise ValueError(f"{source} row {position}: unknown column(s) {sorted(unknown)}; known: {list(defaults)}")
    missing = [name for name in REQUIRED.get(source, ()) if row.get(name) is None]
    if missing:
        raise ValueError(f"{source} row {position}: {missing} required")
    values = {**defaults, **row}
    for name in DATE_COLUMNS & values.keys():
        if isinstance(values[name], str):
            values[name] = date.fromisoformat(values[name])
    values.setdefault("source_file", f"factory/{source}.csv")
    values.setdefault("source_line", position + 2)
    values.setdefault("loaded_at", LOADED_AT)
    return values


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    con.executemany(
        f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
        [[row[column] for column in columns] for row in rows],
    )


def land_rows(con: duckdb.DuckDBPyConnection, *, demo: bool = False,
              load_log: Iterable[Mapping[str, Any]] | None = None,
              **rows_by_source: Iterable[Mapping[str, Any]]) -> None:
    """Insert rows into the raw tables (and load_log) of a connection, without building."""
    ensure_schema(con)
    unknown = set(rows_by_source) - set(ROW_DEFAULTS)
    if unknown:
        raise ValueError(f"Unknown source(s) {sorted(unknown)}; known: {list(ROW_DEFAULTS)}")
    log_rows = []
    for source, rows in rows_by_source.items():
        completed = [_complete(source, position, row) for position, row in enumerate(rows)]
        _insert(con, f"raw.{source}", completed)
        if completed and load_log is None:
            log_rows.append({**LOAD_LOG_DEFAULTS, "file_path": f"factory/{source}.csv", "source": source,
                             "rows_read": len(completed), "rows_inserted": len(completed), "is_demo": demo})
    if load_log is not None:
        log_rows = [{**LOAD_LOG_DEFAULTS, **row} for row in load_log]
    _insert(con, "load_log", log_rows)


def make_warehouse(target: duckdb.DuckDBPyConnection | str | Path, *,
                   enrolments: Iterable[Mapping[str, Any]] = (),
                   assessments: Iterable[Mapping[str, Any]] = (),
                   hiring: Iterable[Mapping[str, Any]] = (),
                   placements: Iterable[Mapping[str, Any]] = (),
                   bmo: Iterable[Mapping[str, Any]] = (),
                   demo: bool = False,
                   load_log: Iterable[Mapping[str, Any]] | None = None,
                   reference_dir: Path | None = None) -> BuildSummary:
    """Land the rows given in the raw tables, then build every model; return the build's summary.

    ``target`` is an open connection (left open, for the test to query) or a
    database path (opened, built, closed).
    """
    if not isinstance(target, duckdb.DuckDBPyConnection):
        with duckdb.connect(str(target)) as con:
            return make_warehouse(con, enrolments=enrolments, assessments=assessments, hiring=hiring,
                                  placements=placements, bmo=bmo, demo=demo, load_log=load_log,
                                  reference_dir=reference_dir)
    land_rows(target, demo=demo, load_log=load_log, enrolments=enrolments, assessments=assessments,
              hiring=hiring, placements=placements, bmo=bmo)
    return build(target, reference_dir=reference_dir)


def make_warehouse_file(directory: str | Path, name: str = "workforce.duckdb", **rows: Any) -> Path:
    """A published warehouse file in ``directory`` (through publish.rebuilding), for readers' tests.

    Takes the same keyword arguments as make_warehouse; returns the file's path.
    """
    path = Path(directory) / name
    with rebuilding(path) as con:
        make_warehouse(con, **rows)
    return path
