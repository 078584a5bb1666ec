"""Read-only access to the published warehouse, following each atomic swap.

Readers never open the warehouse file as a DuckDB database of their own: DuckDB
caches one database instance per path in a process, so a reader that kept the
path open would keep seeing the file that was replaced. Instead each reader is
an in-memory DuckDB that ATTACHes the file READ_ONLY; when the file's identity
(inode, modification time) changes after a publish, the next query attaches the
new file, while queries already running finish on the old one (its inode lives
until they close it). The writer never touches the published file in place
(see publish.py), so readers never block a rebuild and never see half of one.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import duckdb
import polars as pl

from warehouse import settings

CATALOG = "wh"


class WarehouseMissing(FileNotFoundError):
    """No warehouse has been built at that path yet."""


class WarehouseUnreadable(RuntimeError):
    """The warehouse file is there but cannot be read (damaged, truncated, not a warehouse, no permission);
    the message says what to do and names no path (pages and /healthz show it)."""


def resolve_db_path(db: str | os.PathLike | None = None) -> Path:
    """The warehouse path: the one given, else WORKFORCE_DB, else the documented default."""
    return Path(db if db else settings.get("db_path")).expanduser().absolute()


def file_identity(path: Path) -> tuple[int, int, int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise WarehouseMissing(
            f"No warehouse at {path}. Build one with `workforce demo --out DIR` then "
            f"`workforce ingest DIR`, or start the app once to load the demonstration data."
        ) from None
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, os.getpid())


def attach_read_only(path: Path, config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory connection with the warehouse attached read-only as the default catalog."""
    connection = duckdb.connect(":memory:", config=config or {})
    escaped = str(path).replace("'", "''")
    connection.execute(f"attach '{escaped}' as {CATALOG} (read_only)")
    connection.execute(f"use {CATALOG}")
    return connection


@dataclass
class _Attached:
    identity: tuple[int, int, int, int]
    connection: duckdb.DuckDBPyConnection


class ReaderCache:
    """One attached connection per warehouse path and process, renewed after each publish.

    This is per-process plumbing, not browser state: every worker keeps its own
    and each one is checked against the file on every query. ``open_connection``
    makes a connection for a path: a plain read-only one by default, a locked-down
    one for the analysts' sandbox (sandbox.py).
    """

    def __init__(self, open_connection: Callable[[Path], duckdb.DuckDBPyConnection] = attach_read_only) -> None:
        self._open_connection = open_connection
        self._lock = threading.Lock()
        self._attached: dict[Path, _Attached] = {}

    def connection(self, path: Path) -> duckdb.DuckDBPyConnection:
        identity = file_identity(path)
        with self._lock:
            current = self._attached.get(path)
            if current is None or current.identity != identity:
                current = _Attached(identity, self._open_connection(path))
                self._attached[path] = current
            return current.connection


_READERS = ReaderCache()


@contextmanager
def reading(db: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only cursor on the latest published warehouse, for one unit of work; WarehouseMissing or
    WarehouseUnreadable when there is none to read."""
    path = resolve_db_path(db)
    try:
        cursor = _READERS.connection(path).cursor()
    except duckdb.Error as error:
        from warehouse.integrity import damaged

        raise WarehouseUnreadable(damaged(error)) from None
    try:
        cursor.execute(f"use {CATALOG}")
        yield cursor
    finally:
        cursor.close()


def query(sql: str, params: Sequence[Any] | dict[str, Any] | None = None,
          db: str | os.PathLike | None = None) -> pl.DataFrame:
    """Run one parameterised read query on the published warehouse and return a polars DataFrame."""
    with reading(db) as cursor:
        return cursor.sql(sql, params=params).pl()
