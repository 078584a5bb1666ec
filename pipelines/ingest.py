"""Loading files into the landing tables: validate, quarantine, upsert, and log every file.

The inputs (``scan``): files as given, and the files of folders. In a folder, CSV, TXT, XLSX
and Parquet files are loaded, compressed ones too (``.csv.gz``, ...: decompressed, up to a
size); other archives (``.zip``, ``.7z``, ...) are refused by name, never skipped silently;
a symbolic link whose target lies outside the folder is not followed (and refused, saying
so); other files (README, the demo manifest, hidden files, notes) are left out and listed.

For each file: its sha256 (a file already loaded with the same content is skipped whole);
read it (pipelines.reading), recognise its source from the headers unless told, check it
against the contract (pipelines.sources.checking); then, in one transaction, upsert its
valid rows into ``raw.<source>``, write its ``load_log`` row and its ``rejected_rows``. A
workbook loads each sheet that holds a source (or the one asked for), one load_log row per
sheet, and names the sheets it skipped and why. A file refused whole (unreadable, unknown
source, missing column) gets a ``failed`` load_log row and one rejected_rows row without a
line; it never stops the other files.

Every message is stored as a key of pipelines.messages with its arguments, beside its
English text; ``file_name`` is the file's path relative to the folder given (its name when
the file itself was given), what a screen shows.

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
import os
import zlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import polars as pl

from pipelines.messages import Message, notes
from pipelines.reading import LINE, ReadError, is_workbook, normalise, read_table, sheet_names
from pipelines.sources.checking import REJECTED_SCHEMA, Checked, check
from pipelines.sources.contract import FileRefused, Source, detect_source, match_columns
from pipelines.sources.kinds import Context, Limits
from pipelines.sources.registry import SOURCE_NAMES, sources
from warehouse import settings
from warehouse.integrity import is_disk_full
from warehouse.reference import load_reference, reference_dir

INPUT_SUFFIXES = (".csv", ".txt", ".xlsx", ".xls", ".parquet")
ARCHIVES = {".zip": "zip", ".7z": "7z", ".rar": "RAR", ".tar": "tar", ".tgz": "tar", ".bz2": "bzip2",
            ".xz": "xz", ".zst": "zstd"}
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
    sheet: str | None = None     # the sheet of a workbook this report is about
    file_name: str = ""          # path relative to the folder given, or the file's name
    message_key: str | None = None
    message_args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Input:
    """A file to load: where it is, what to call it, and why it is refused without being read (if it is)."""

    path: Path
    file_name: str
    refusal: Message | None = None


@dataclass(frozen=True)
class Scan:
    inputs: list[Input]
    left_out: list[tuple[Path, str]]   # files of the folders that are not loaded, and why


def scan(paths: Iterable[Path | str]) -> Scan:
    """The inputs of files and folders, in order (each folder's files sorted), and what was left out."""
    inputs: list[Input] = []
    left_out: list[tuple[Path, str]] = []
    for path in map(Path, paths):
        if not path.is_dir():
            inputs.append(Input(path, path.name))
            continue
        folder = path.resolve()
        for directory, subfolders, files in os.walk(path, followlinks=False):
            subfolders.sort()
            for name in sorted(subfolders):
                if Path(directory, name).is_symlink():
                    left_out.append((Path(directory, name), "a symbolic link to a folder, not followed"))
            for name in sorted(files):
                found = _input(Path(directory, name), path, folder)
                if isinstance(found, Input):
                    inputs.append(found)
                elif found:
                    left_out.append((Path(directory, name), found))
    return Scan(inputs, left_out)


def _input(file: Path, given: Path, folder: Path) -> Input | str | None:
    """A folder's file as an input, or why it is left out (None: left out without a word)."""
    name = file.name
    if name.startswith(".") or name == DEMO_MANIFEST or name.lower().startswith("readme"):
        return None
    file_name = file.relative_to(given).as_posix()
    suffixes = [suffix.lower() for suffix in file.suffixes]
    if not suffixes or (suffixes[-1] not in INPUT_SUFFIXES and suffixes[-1] != ".gz"
                        and suffixes[-1] not in ARCHIVES):
        return "not a data file (CSV, TXT, XLSX, Parquet, or one of them compressed as .gz)"
    if file.is_symlink():
        target = Path(os.path.realpath(file))
        if not target.is_relative_to(folder):
            return Input(file, file_name, Message("file.symlink_outside", {"path": str(file), "folder": str(given)}))
    return Input(file, file_name)


def input_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, and the files of folders that ingest reads or refuses by name (see ``scan``)."""
    return [found.path for found in scan(paths).inputs]


def ingest_files(con: duckdb.DuckDBPyConnection, paths: Iterable[Path | str], source: str | None = None,
                 today: date | None = None, progress: Progress | None = None,
                 sheet: str | None = None) -> list[FileReport]:
    """Load files (or folders of files) into the landing tables; one report per file (per sheet), in order.

    ``source`` forces the source of every file (else recognised from its headers);
    ``sheet`` loads only that sheet of each workbook (else every sheet that holds a source);
    ``today`` is the day the 'not in the future' rules use (default: today).
    Each file is loaded in its own transaction, so ``con`` must not be in one.
    """
    if source is not None and source not in SOURCE_NAMES:
        raise ValueError(f"{source!r} is not a source; use one of {', '.join(SOURCE_NAMES)}.")
    context = Context(load_reference(), reference_dir(), today or date.today(), Limits.from_settings())
    found = scan(paths).inputs
    notify = progress or (lambda event, **details: None)
    notify("start", total=len(found))
    reports = []
    for item in found:
        notify("file", path=item.path)
        file_reports = _ingest_file(con, item, sources().get(source), context, sheet)
        notify("done", path=item.path, report=file_reports[0])
        reports += file_reports
    return reports


# --- one file ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _File:
    """What every report of one file shares."""

    item: Input
    sha256: str
    is_demo: bool
    started_at: datetime

    @property
    def path(self) -> Path:
        return self.item.path

    def report(self, **fields) -> FileReport:
        return FileReport(self.path, sha256=self.sha256, is_demo=self.is_demo, file_name=self.item.file_name,
                          **fields)


def _ingest_file(con: duckdb.DuckDBPyConnection, item: Input, source: Source | None, context: Context,
                 sheet: str | None) -> list[FileReport]:
    started_at = datetime.now()
    path = item.path
    if item.refusal is not None:
        return [_refuse(con, _File(item, "", False, started_at), None, item.refusal, 0)]
    try:
        content = path.read_bytes()
    except OSError as error:
        return [_refuse(con, _File(item, "", False, started_at), None,
                        Message("file.unreadable", {"path": str(path), "error": error.strerror}), 0)]
    sha256 = hashlib.sha256(content).hexdigest()
    file = _File(item, sha256, _is_demo(path, sha256), started_at)
    earlier = con.execute("select load_id, file_path, source, finished_at from load_log "
                          "where sha256 = ? and status = 'loaded' order by load_id limit 1", [sha256]).fetchall()
    if earlier:
        load_id, file_path, loaded_source, finished_at = earlier[0]
        message = Message("file.already_loaded", {"earlier": file_path, "load_id": load_id,
                                                  "finished_at": f"{finished_at:%Y-%m-%d %H:%M}"})
        return [_log(con, file.report(source=loaded_source, status="skipped", load_id=_next_load_id(con)),
                     message, started_at)]
    try:
        content = _decompressed(path, content)
    except ReadError as error:
        return [_refuse(con, file, source, error.message, 0)]
    if not is_workbook(content):
        handed = [content]  # emptied by _load_table once read: kept here, a big file's bytes would outlive it
        del content
        return [_load_table(con, file, None, str(path), handed, source, context)]
    return _load_workbook(con, file, content, source, context, sheet)


def _decompressed(path: Path, content: bytes) -> bytes:
    """A .gz file's content (up to WORKFORCE_GZIP_MAX_MB); other archives are refused by name."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] in ARCHIVES or suffixes[-2:] == [".tar", ".gz"]:
        raise ReadError("file.archive", path=str(path), format=ARCHIVES.get(suffixes[-1], "tar"))
    if not suffixes or suffixes[-1] != ".gz":
        return content
    if len(suffixes) < 2 or suffixes[-2] not in INPUT_SUFFIXES:
        raise ReadError("file.gzip_inner_unknown", path=str(path))
    limit = settings.get("gzip_max_mb") * 1_000_000
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        data = decompressor.decompress(content, limit + 1)
    except zlib.error as error:
        raise ReadError("file.gzip_corrupt", path=str(path), error=str(error)) from None
    if len(data) > limit:
        raise ReadError("file.gzip_too_large", path=str(path), max=limit // 1_000_000,
                        setting=settings.env_var("gzip_max_mb"))
    if not decompressor.eof:
        raise ReadError("file.gzip_corrupt", path=str(path), error="it ends before its compressed data does")
    return data


def _load_workbook(con: duckdb.DuckDBPyConnection, file: _File, content: bytes, source: Source | None,
                   context: Context, sheet: str | None) -> list[FileReport]:
    """Each sheet that holds a source (or the one asked for); the others named, with why they were skipped."""
    path = file.path
    try:
        names = sheet_names(content, path)
    except ReadError as error:
        return [_refuse(con, file, source, error.message, 0)]
    if sheet is not None and sheet not in names:
        message = Message("file.no_such_sheet", {"path": str(path), "sheet": repr(sheet),
                                                 "sheets": [repr(name) for name in names]})
        return [_refuse(con, file, source, message, 0)]
    if len(names) == 1:
        return [_load_table(con, file, names[0], str(path), [content], source, context, one_sheet=True)]
    skipped: list[Message] = []
    loaded: list[tuple[str, pl.DataFrame, Source]] = []
    for name in names:
        label = Message("part.sheet", {"path": str(path), "sheet": repr(name)})
        if sheet is not None and name != sheet:
            skipped.append(Message("file.sheet_not_chosen", {"path": label.as_arg(), "chosen": repr(sheet)}))
            continue
        try:
            table = read_table(path, sheet=name, content=content, label=str(label))
            if source is not None:
                match_columns(source, table.columns)  # a sheet that does not fit the source named is skipped
            loaded.append((name, table, source or detect_source(table.columns, sources().values())))
        except ReadError as error:
            skipped.append(_about_sheet(error.message, label))
        except FileRefused as error:
            skipped.append(_sheet_refused(error.message, label))
    loaded, not_data = _data_sheets(loaded, path)
    skipped += not_data
    if not loaded:
        message = Message("file.no_sheet_loaded", {"path": str(path), "sheets": [note.as_arg() for note in skipped]})
        return [_refuse(con, file, source, message, 0)]
    reports = []
    for position, (name, table, sheet_source) in enumerate(loaded):
        label = Message("part.sheet", {"path": str(path), "sheet": repr(name)})
        reports.append(_load_table(con, file, name, str(label), [], sheet_source, context, table=table,
                                   skipped=skipped if position == 0 else []))
    return reports


def _data_sheets(loaded: list[tuple[str, pl.DataFrame, Source]], path: Path
                 ) -> tuple[list[tuple[str, pl.DataFrame, Source]], list[Message]]:
    """The sheets to load, and a note for each left out: a published workbook (BMO's) holds its data sheet
    beside summaries and notices whose headers look like the same source. A sheet that lacks required
    columns of its source is skipped when another sheet of the file has them all; alone, it is loaded and
    refused with the columns it misses, as a file would be."""
    def missing(table: pl.DataFrame, sheet_source: Source) -> list[str]:
        found = {column.name for column in sheet_source.columns for header in table.columns
                 if column.matches(normalise(header))}
        return [column.described() for column in sheet_source.required if column.name not in found]

    complete = {}
    for name, table, sheet_source in loaded:
        if not missing(table, sheet_source):
            complete.setdefault(sheet_source.name, name)
    kept, notes = [], []
    for name, table, sheet_source in loaded:
        lacking = missing(table, sheet_source)
        data_sheet = complete.get(sheet_source.name)
        if lacking and data_sheet is not None:
            label = Message("part.sheet", {"path": str(path), "sheet": repr(name)})
            notes.append(Message("file.sheet_not_data", {"path": label.as_arg(), "source": sheet_source.name,
                                                         "missing": lacking, "data_sheet": repr(data_sheet)}))
        else:
            kept.append((name, table, sheet_source))
    return kept, notes


def _about_sheet(message: Message, label: Message) -> Message:
    return Message(message.key, {**message.args, "path": label.as_arg()})


def _sheet_refused(message: Message, label: Message) -> Message:
    """A sheet that holds no source is skipped, said shortly (a notes sheet is not an error of the file)."""
    if message.key == "file.no_source":
        return Message("file.sheet_no_source", {"path": label.as_arg(), "columns": message.args["columns"]})
    if message.key == "file.not_a_table":
        return Message("file.sheet_not_a_table", {"path": label.as_arg()})
    return _about_sheet(message, label)


def _load_table(con: duckdb.DuckDBPyConnection, file: _File, sheet: str | None, label: str, handed: list[bytes],
                source: Source | None, context: Context, table: pl.DataFrame | None = None,
                skipped: list[Message] = (), one_sheet: bool = False) -> FileReport:
    """Read (unless read), check and load one table: a CSV or Parquet file, or one sheet of a workbook.

    ``handed``: the file's bytes (none when ``table`` is read), in a list this empties, so that a caller
    that keeps no other reference to them lets them go once they are parsed (200 MB at demo scale 20,
    which would otherwise add to the check's and the write's peak)."""
    path = file.path
    rows_read = 0 if table is None else table.height
    content = handed.pop() if handed else None
    try:
        if table is None:
            table = read_table(path, sheet=sheet, content=content, label=str(path) if one_sheet else label)
            rows_read = table.height
        del content  # no reference to a big file's bytes is left: keep the peak memory down
        source = source or detect_source(table.columns, sources().values())
        checked = check(source, table, context)
        del table
    except ReadError as error:
        return _refuse(con, file, source, error.message, rows_read, sheet)
    except FileRefused as error:
        return _refuse(con, file, source, Message(error.message.key, {**error.message.args, "path": label}),
                       rows_read, sheet)
    except Exception as error:  # a fault of ours, not of the file: say so, and go on with the other files
        return _refuse(con, file, source, _fault(path, error), rows_read, sheet)

    con.begin()
    try:
        load_id = _next_load_id(con)
        inserted, updated, unchanged = _upsert(con, source, checked.valid, path, file.started_at)
        if checked.rows_read != inserted + updated + unchanged + checked.rows_rejected:
            raise RuntimeError(f"rows do not add up: {checked.rows_read} read, {inserted} inserted, {updated} "
                               f"updated, {unchanged} unchanged, {checked.rows_rejected} rejected")
        report = _log(con, file.report(
            source=source.name, status="loaded", rows_read=checked.rows_read, rows_inserted=inserted,
            rows_updated=updated, rows_unchanged=unchanged, rows_rejected=checked.rows_rejected, load_id=load_id,
            sheet=sheet), notes(_loaded_notes(checked, load_id) + list(skipped)), file.started_at)
        _write_rejected(con, report, checked.rejected)
        con.commit()
        return report
    except Exception as error:  # nothing of the file is kept; the other files still load
        con.rollback()
        return _refuse(con, file, source, _fault(path, error), rows_read, sheet)


def _fault(path: Path, error: Exception) -> Message:
    if is_disk_full(error):
        return Message("file.disk_full", {"path": str(path)})
    return Message("file.fault", {"path": str(path), "error": f"{type(error).__name__}: {error}"})


def _loaded_notes(checked: Checked, load_id: int) -> list[Message]:
    found = []
    if checked.rows_rejected:
        found.append(Message("note.rows_rejected", {"count": checked.rows_rejected, "load_id": load_id}))
    if checked.extra_columns:
        found.append(Message("note.ignored_columns", {"columns": checked.extra_columns}))
    return found


def _is_demo(path: Path, sha256: str) -> bool:
    """Unmodified demonstration data: the manifest beside the file lists it with this content."""
    try:
        manifest = json.loads((path.parent / DEMO_MANIFEST).read_text(encoding="utf-8"))
        return manifest["files"].get(path.name) == sha256
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _upsert(con: duckdb.DuckDBPyConnection, source: Source, valid: pl.DataFrame, path: Path,
            loaded_at: datetime) -> tuple[int, int, int]:
    """Update the loaded keys whose values changed, insert the new keys; (inserted, updated, unchanged).

    Into an empty table (a source's first load) every row is inserted as it is, without looking for its key."""
    columns = source.value_columns
    values = [column for column in columns if column not in source.natural_key]
    same_key = " and ".join(f"target.{column} = incoming.{column}" for column in source.natural_key)
    same_values = " and ".join(f"target.{column} is not distinct from incoming.{column}" for column in values)
    incoming = valid.lazy().select(*columns, pl.col(LINE).alias("source_line")).collect()
    insert = (f"insert into {source.table} ({', '.join(columns)}, source_file, source_line, loaded_at) "
              f"select {', '.join(columns)}, ?, source_line, ? from ingest_incoming as incoming")
    con.register("ingest_incoming", incoming.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        [(loaded,)] = con.execute(f"select count(*) from {source.table}").fetchall()
        if not loaded:  # a source's first load: every key is new, so no key is compared (a third of its write)
            con.execute(insert, [str(path), loaded_at])
            return incoming.height, 0, 0
        [(updated,)] = con.execute(
            f"update {source.table} as target set "
            + ", ".join(f"{column} = incoming.{column}" for column in values)
            + ", source_file = ?, source_line = incoming.source_line, loaded_at = ? "
            f"from ingest_incoming as incoming where {same_key} and not ({same_values})",
            [str(path), loaded_at]).fetchall()
        [(inserted,)] = con.execute(
            f"{insert} where not exists (select 1 from {source.table} as target where {same_key})",
            [str(path), loaded_at]).fetchall()
    finally:
        con.unregister("ingest_incoming")
    return inserted, updated, incoming.height - inserted - updated


def _log(con: duckdb.DuckDBPyConnection, report: FileReport, message: Message | None,
         started_at: datetime) -> FileReport:
    report = replace(report, message=str(message) if message else "",
                     message_key=message.key if message else None,
                     message_args=dict(message.args) if message else {})
    con.execute(
        "insert into load_log (load_id, file_path, sha256, source, status, rows_read, rows_inserted, rows_updated, "
        "rows_unchanged, rows_rejected, started_at, finished_at, message, is_demo, file_name, sheet, message_key, "
        "message_args) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [report.load_id, str(report.path), report.sha256, report.source, report.status, report.rows_read,
         report.rows_inserted, report.rows_updated, report.rows_unchanged, report.rows_rejected, started_at,
         datetime.now(), report.message, report.is_demo, report.file_name, report.sheet, report.message_key,
         message.args_json() if message else None])
    return report


def _next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    [(load_id,)] = con.execute("select nextval('load_id_seq')").fetchall()
    return load_id


def _write_rejected(con: duckdb.DuckDBPyConnection, report: FileReport, rejected: pl.DataFrame) -> None:
    if rejected.height == 0:
        return
    rows = rejected.select(pl.lit(report.load_id, pl.Int64).alias("load_id"),
                           pl.lit(str(report.path)).alias("file_path"), pl.lit(report.source).alias("source"),
                           pl.lit(report.file_name).alias("file_name"), pl.lit(report.sheet, pl.String).alias("sheet"),
                           "line", "column_name", "value", "reason", "reason_key", "reason_args")
    con.register("ingest_rejected", rows.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        con.execute("insert into rejected_rows (load_id, file_path, source, file_name, sheet, line, column_name, "
                    "value, reason, reason_key, reason_args) select load_id, file_path, source, file_name, sheet, "
                    "line, column_name, value, reason, reason_key, reason_args from ingest_rejected")
    finally:
        con.unregister("ingest_rejected")


def _refuse(con: duckdb.DuckDBPyConnection, file: _File, source: Source | None, message: Message, rows_read: int,
            sheet: str | None = None) -> FileReport:
    """A file refused whole: a failed load_log row, and one rejected_rows row without a line giving the reason.

    None of its rows is loaded, so all count as rejected (rows_read = rows_rejected)."""
    report = _log(con, file.report(source=source.name if source else None, status="failed", rows_read=rows_read,
                                   rows_rejected=rows_read, load_id=_next_load_id(con), sheet=sheet),
                  message, file.started_at)
    whole_file = {"line": [None], "column_name": [None], "value": [None], "reason": [str(message)],
                  "reason_key": [message.key], "reason_args": [message.args_json()]}
    _write_rejected(con, report, pl.DataFrame(whole_file, schema=REJECTED_SCHEMA))
    return report
