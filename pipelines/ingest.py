"""Loading files into the landing tables: validate, quarantine, upsert, and log every file.

For each file: its sha256 (a file already loaded with the same content is
skipped whole); read it (pipelines.reading), recognise its source from the
headers unless told, check it against the contract (pipelines.sources); then,
in one transaction, upsert its valid rows into ``raw.<source>``, write its
``load_log`` row and its ``rejected_rows``. A file refused whole (unreadable,
unknown source, missing column) gets a ``failed`` load_log row and one
rejected_rows row without a line; it never stops the other files.

The upsert is set-based: rows whose natural key is new are inserted, rows whose
key is loaded with other values are updated (a correction: the row takes the
new file's lineage), rows identical to what is loaded are left untouched
(unchanged). The landing tables carry no primary-key index (maintaining one
costs 10 to 20 times the load itself on millions of rows): the natural key stays
unique because a file's duplicates are rejected and loaded keys are updated.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import polars as pl

from pipelines.reading import LINE, ReadError, read_table
from pipelines.sources import (REJECTED_SCHEMA, Checked, Context, FileRefused, Source, assessments, bmo, check,
                               detect_source, enrolments, hiring, placements)
from warehouse.reference import load_reference, reference_dir

SOURCES: dict[str, Source] = {
    module.SOURCE.name: module.SOURCE for module in (enrolments, assessments, hiring, placements, bmo)
}
INPUT_SUFFIXES = (".csv", ".txt", ".xlsx", ".parquet")
DEMO_MANIFEST = "demo-manifest.json"

# progress(event, **details): "start" (total=number of files), "file" (path=), "done" (path=, report=)
Progress = Callable[..., None]


@dataclass(frozen=True)
class FileReport:
    path: Path
    source: str | None
    status: str                  # loaded, skipped or failed
    rows_read: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    message: str = ""
    load_id: int | None = None   # its load_log row; its rejects: rejected_rows where load_id = ...
    sha256: str = ""
    is_demo: bool = False


def input_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, and the CSV/TXT/XLSX/Parquet files inside folders (sorted, README and manifest left out)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        files += sorted(
            inside for inside in path.rglob("*")
            if inside.is_file() and inside.suffix.lower() in INPUT_SUFFIXES and not inside.name.startswith(".")
            and inside.name != DEMO_MANIFEST and not inside.name.lower().startswith("readme"))
    return files


def ingest_files(con: duckdb.DuckDBPyConnection, paths: Iterable[Path | str], source: str | None = None,
                 today: date | None = None, progress: Progress | None = None) -> list[FileReport]:
    """Load files (or folders of files) into the landing tables; one report per file, in order.

    ``source`` forces the source of every file (else recognised from its headers);
    ``today`` is the day the 'not in the future' rules use (default: today).
    Each file is loaded in its own transaction, so ``con`` must not be in one.
    """
    if source is not None and source not in SOURCES:
        raise ValueError(f"{source!r} is not a source; use one of {', '.join(SOURCES)}.")
    context = Context(load_reference(), reference_dir(), today or date.today())
    files = input_files(paths)
    notify = progress or (lambda event, **details: None)
    notify("start", total=len(files))
    reports = []
    for path in files:
        notify("file", path=path)
        report = _ingest_file(con, path, SOURCES.get(source), context)
        notify("done", path=path, report=report)
        reports.append(report)
    return reports


def _ingest_file(con: duckdb.DuckDBPyConnection, path: Path, source: Source | None, context: Context) -> FileReport:
    started_at = datetime.now()
    try:
        content = path.read_bytes()
    except OSError as error:
        return _refuse(con, path, "", None, started_at, f"{path} cannot be read ({error.strerror}); "
                       "check the path and its permissions.", rows_read=0, is_demo=False)
    sha256 = hashlib.sha256(content).hexdigest()
    is_demo = _is_demo(path, sha256)
    earlier = con.execute("select load_id, file_path, source, finished_at from load_log "
                          "where sha256 = ? and status = 'loaded' order by load_id limit 1", [sha256]).fetchall()
    if earlier:
        load_id, file_path, loaded_source, finished_at = earlier[0]
        message = (f"already loaded (same content as {file_path}, load {load_id} of {finished_at:%Y-%m-%d %H:%M}); "
                   "skipped")
        return _log(con, FileReport(path, loaded_source, "skipped", message=message, load_id=_next_load_id(con),
                                    sha256=sha256, is_demo=is_demo), started_at)

    rows_read = 0
    try:
        table = read_table(path, content=content)
        del content  # a big file's bytes, no longer needed: keep the peak memory down
        rows_read = table.height
        source = source or detect_source(table.columns, SOURCES.values())
        checked = check(source, table, context)
        del table
    except ReadError as error:
        return _refuse(con, path, sha256, source, started_at, str(error), rows_read, is_demo)
    except FileRefused as error:
        return _refuse(con, path, sha256, source, started_at, f"{path} refused: {error}", rows_read, is_demo)
    except Exception as error:  # a fault of ours, not of the file: say so, and go on with the other files
        return _refuse(con, path, sha256, source, started_at, _fault(path, error), rows_read, is_demo)

    con.begin()
    try:
        load_id = _next_load_id(con)
        inserted, updated, unchanged = _upsert(con, source, checked.valid, path, started_at)
        if checked.rows_read != inserted + updated + unchanged + checked.rows_rejected:
            raise RuntimeError(f"rows do not add up: {checked.rows_read} read, {inserted} inserted, {updated} "
                               f"updated, {unchanged} unchanged, {checked.rows_rejected} rejected")
        report = _log(con, FileReport(
            path, source.name, "loaded", rows_read=checked.rows_read, rows_inserted=inserted,
            rows_updated=updated, rows_unchanged=unchanged, rows_rejected=checked.rows_rejected,
            message=_loaded_message(checked, load_id), load_id=load_id, sha256=sha256, is_demo=is_demo), started_at)
        _write_rejected(con, report, checked.rejected)
        con.commit()
        return report
    except Exception as error:  # nothing of the file is kept; the other files still load
        con.rollback()
        return _refuse(con, path, sha256, source, started_at, _fault(path, error), rows_read, is_demo)


def _fault(path: Path, error: Exception) -> str:
    return (f"{path} could not be loaded ({type(error).__name__}: {error}); nothing of it was kept. "
            "This is a fault of the pipeline, not of the file: report it with the file.")


def _loaded_message(checked: Checked, load_id: int) -> str:
    notes = []
    if checked.rows_rejected:
        notes.append(f"{checked.rows_rejected} row(s) rejected: see rejected_rows where load_id = {load_id}")
    if checked.extra_columns:
        notes.append(f"ignored column(s) not in the contract: {', '.join(checked.extra_columns)}")
    return "; ".join(notes)


def _is_demo(path: Path, sha256: str) -> bool:
    """Unmodified demonstration data: the manifest beside the file lists it with this content."""
    try:
        manifest = json.loads((path.parent / DEMO_MANIFEST).read_text(encoding="utf-8"))
        return manifest["files"].get(path.name) == sha256
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _upsert(con: duckdb.DuckDBPyConnection, source: Source, valid: pl.DataFrame, path: Path,
            loaded_at: datetime) -> tuple[int, int, int]:
    """Update the loaded keys whose values changed, insert the new keys; (inserted, updated, unchanged)."""
    columns = source.value_columns
    values = [column for column in columns if column not in source.natural_key]
    same_key = " and ".join(f"target.{column} = incoming.{column}" for column in source.natural_key)
    same_values = " and ".join(f"target.{column} is not distinct from incoming.{column}" for column in values)
    incoming = valid.lazy().select(*columns, pl.col(LINE).alias("source_line")).collect()
    con.register("ingest_incoming", incoming.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        [(updated,)] = con.execute(
            f"update {source.table} as target set "
            + ", ".join(f"{column} = incoming.{column}" for column in values)
            + ", source_file = ?, source_line = incoming.source_line, loaded_at = ? "
            f"from ingest_incoming as incoming where {same_key} and not ({same_values})",
            [str(path), loaded_at]).fetchall()
        [(inserted,)] = con.execute(
            f"insert into {source.table} ({', '.join(columns)}, source_file, source_line, loaded_at) "
            f"select {', '.join(columns)}, ?, source_line, ? from ingest_incoming as incoming "
            f"where not exists (select 1 from {source.table} as target where {same_key})",
            [str(path), loaded_at]).fetchall()
    finally:
        con.unregister("ingest_incoming")
    return inserted, updated, incoming.height - inserted - updated


def _log(con: duckdb.DuckDBPyConnection, report: FileReport, started_at: datetime) -> FileReport:
    con.execute(
        "insert into load_log (load_id, file_path, sha256, source, status, rows_read, rows_inserted, rows_updated, "
        "rows_unchanged, rows_rejected, started_at, finished_at, message, is_demo) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [report.load_id, str(report.path), report.sha256, report.source, report.status, report.rows_read,
         report.rows_inserted, report.rows_updated, report.rows_unchanged, report.rows_rejected, started_at,
         datetime.now(), report.message, report.is_demo])
    return report


def _next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    [(load_id,)] = con.execute("select nextval('load_id_seq')").fetchall()
    return load_id


def _write_rejected(con: duckdb.DuckDBPyConnection, report: FileReport, rejected: pl.DataFrame) -> None:
    if rejected.height == 0:
        return
    rows = rejected.select(pl.lit(report.load_id, pl.Int64).alias("load_id"),
                           pl.lit(str(report.path)).alias("file_path"), pl.lit(report.source).alias("source"),
                           "line", "column_name", "value", "reason")
    con.register("ingest_rejected", rows.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        con.execute("insert into rejected_rows (load_id, file_path, source, line, column_name, value, reason) "
                    "select load_id, file_path, source, line, column_name, value, reason from ingest_rejected")
    finally:
        con.unregister("ingest_rejected")


def _refuse(con: duckdb.DuckDBPyConnection, path: Path, sha256: str, source: Source | None, started_at: datetime,
            message: str, rows_read: int, is_demo: bool) -> FileReport:
    """A file refused whole: a failed load_log row, and one rejected_rows row without a line giving the reason.

    None of its rows is loaded, so all count as rejected (rows_read = rows_rejected)."""
    report = _log(con, FileReport(path, source.name if source else None, "failed", rows_read=rows_read,
                                  rows_rejected=rows_read, message=message, load_id=_next_load_id(con),
                                  sha256=sha256, is_demo=is_demo), started_at)
    whole_file = {"line": [None], "column_name": [None], "value": [None], "reason": [message]}
    _write_rejected(con, report, pl.DataFrame(whole_file, schema=REJECTED_SCHEMA))
    return report
