"""Is the published warehouse whole? A real check (``workforce check``, the health endpoint), and the
faults of the file told in words.

``check_warehouse(path)`` opens the file read-only, as readers do, and reads every block of every
table: DuckDB verifies each block's checksum as it reads it, so a full scan finds a scribbled or
missing block anywhere in the file (a ``count(*)`` would not: it answers from metadata). Then
``warehouse_info`` must hold its one row with status ok, and every view must bind. The answer is
an ``Integrity``: ``ok`` and, when not, a one-line ``reason`` saying what is wrong and what to do,
with no path in it (a health endpoint shows it). It takes about a second per million rows.

``cached_check(path)`` answers from the last check of the same file (same device, inode, size and
modification time: a publish replaces the file, so it is checked again once), per process.

``explain(error, path)`` turns an error met while opening, reading or writing a warehouse into one
line for the command line: the disk is full, the file is damaged or is no warehouse.
"""

from __future__ import annotations

import errno
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connect import attach_read_only

_DAMAGE = re.compile(r"not a valid DuckDB database|checksum|Corrupt|IO Error|truncated|read past|"
                     r"Could not read|block", re.IGNORECASE)
REBUILD = ("move the file away (or restore a backup) and load the source files again with "
           "`workforce ingest PATH`")


@dataclass(frozen=True)
class Integrity:
    ok: bool
    reason: str = ""        # when not ok: what is wrong and what to do, one line, no path
    tables: int = 0         # tables read in full
    rows: int = 0           # rows read
    seconds: float = 0.0


def check_warehouse(path: str | os.PathLike) -> Integrity:
    """Read every table of the warehouse at ``path`` in full, read-only; see the module's docstring."""
    path = Path(path)
    started = time.perf_counter()
    if not path.exists():
        return Integrity(False, "there is no warehouse file yet; build one with `workforce ingest PATH` "
                                "(or start the app once to load the demonstration data)")
    try:
        connection = attach_read_only(path)
        connection.execute("set enable_progress_bar = false")
    except duckdb.Error as error:
        return Integrity(False, damaged(error))
    tables = rows = 0
    try:
        relations = connection.sql(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = current_database() and not temporary order by schema_name, table_name"
        ).fetchall()
        for schema, table in relations:
            columns = [name for (name,) in connection.sql(
                "select column_name from duckdb_columns() where database_name = current_database() "
                "and schema_name = ? and table_name = ?", params=[schema, table]).fetchall()]
            # hash() reads every value of every column, so every block is read and its checksum verified
            hashes = ", ".join(f'bit_xor(hash("{name}"))' for name in columns)
            try:
                [(count, *_)] = connection.sql(f'select count(*), {hashes} from "{schema}"."{table}"').fetchall()
            except duckdb.Error as error:
                return Integrity(False, damaged(error, f"{schema}.{table}" if schema != "main" else table),
                                 tables, rows, _since(started))
            tables, rows = tables + 1, rows + count
        if ("main", "warehouse_info") not in relations:
            return Integrity(False, "it has no warehouse_info table, so it is not a built warehouse; "
                                    "run `workforce build`, or " + REBUILD, tables, rows, _since(started))
        info = connection.sql("select status from warehouse_info").fetchall()
        if info != [("ok",)]:
            return Integrity(False, f"warehouse_info holds {len(info)} row(s) instead of one with status ok; "
                                    "run `workforce build`", tables, rows, _since(started))
        for schema, view in connection.sql(
                "select schema_name, view_name from duckdb_views() "
                "where database_name = current_database() and not internal and not temporary").fetchall():
            try:
                connection.sql(f'select * from "{schema}"."{view}" limit 0').fetchall()
            except duckdb.Error:
                return Integrity(False, f"the view {view} no longer reads its tables; run `workforce build`",
                                 tables, rows, _since(started))
    except duckdb.Error as error:
        return Integrity(False, damaged(error), tables, rows, _since(started))
    finally:
        connection.close()
    return Integrity(True, "", tables, rows, _since(started))


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def damaged(error: duckdb.Error, table: str | None = None) -> str:
    """What a DuckDB error met reading a warehouse says of the file, in one line with no path."""
    text = str(error)
    where = f"table {table}" if table else "the file"
    if "not a valid DuckDB database file" in text:
        return f"the file is not a DuckDB warehouse (or its first block is damaged); {REBUILD}"
    if "checksum" in text.lower():
        return f"{where} is damaged: a block fails its checksum; {REBUILD}"
    if "Permission denied" in text:
        return "the file cannot be read (permission denied); give the app's user read access to it"
    return f"{where} cannot be read, the file is damaged or truncated; {REBUILD}"


_CACHE: dict[Path, tuple[tuple[int, int, int, int], Integrity]] = {}
_CACHE_LOCK = threading.Lock()


def cached_check(path: str | os.PathLike) -> Integrity:
    """``check_warehouse``, done again only when the file changed (per process)."""
    path = Path(path).absolute()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return check_warehouse(path)
    identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _CACHE_LOCK:
        cached = _CACHE.get(path)
        if cached and cached[0] == identity:
            return cached[1]
    result = check_warehouse(path)
    with _CACHE_LOCK:
        _CACHE[path] = (identity, result)
    return result


def is_disk_full(error: BaseException) -> bool:
    """The disk (or the quota) ran out: the error of the file system, or DuckDB's report of it."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, duckdb.Error) and any(
        phrase in str(error) for phrase in ("No space left on device", "Disk quota exceeded"))


def explain(error: BaseException, path: Path) -> str | None:
    """One line for an error met on the warehouse at ``path``, or None when it is not a fault of the file."""
    if is_disk_full(error):
        return (f"the disk holding {path} is full: nothing was published, the warehouse is as it was. "
                "Free some space (or point WORKFORCE_DB at a larger disk) and run the command again.")
    if isinstance(error, duckdb.Error) and _DAMAGE.search(str(error)):
        return f"the warehouse {path} cannot be used: {damaged(error)}. `workforce check` tells more."
    if isinstance(error, duckdb.Error):  # not the file's fault: say what failed, in one line
        first_line = str(error).splitlines()[0][:200]
        return (f"the command failed on the warehouse {path} ({type(error).__name__}: {first_line}); run "
                "`workforce check`, and report it with the command if the warehouse is whole.")
    if isinstance(error, PermissionError):
        return f"{path} cannot be written or read ({error.strerror}); check its permissions."
    return None
