"""Writing the warehouse without ever showing half of it.

A rebuild works on a private copy of the published file and, only once it has
finished and checkpointed, swaps it in with one atomic rename. A failure or an
interruption leaves the published file exactly as it was; readers (connect.py)
go on reading it and pick the new one up at their next query. One writer at a
time: a lock file next to the warehouse serialises rebuilds.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

BUILDING_SUFFIX = ".building"


class WarehouseBusy(RuntimeError):
    """Another process is rebuilding this warehouse right now."""


@contextmanager
def _writer_lock(path: Path, wait: bool) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as lock_file:
        flags = fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB
        try:
            fcntl.flock(lock_file, flags)
        except BlockingIOError:
            raise WarehouseBusy(
                f"Another process is rebuilding {path}; wait for it to finish and try again."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _discard(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


@contextmanager
def rebuilding(path: Path, wait: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a write connection on a private copy of the warehouse; publish it on success.

    The copy starts from the published warehouse when there is one, so loads are
    incremental. On any exception (or KeyboardInterrupt) the copy is discarded
    and the exception propagates: the published warehouse is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path, wait):
        building = path.with_name(path.name + BUILDING_SUFFIX)
        _discard(building)  # what a killed rebuild may have left
        try:
            if path.exists():
                shutil.copyfile(path, building)
            connection = duckdb.connect(str(building))
        except BaseException:  # a full disk mid-copy, a damaged warehouse: leave no half copy behind
            _discard(building)
            raise
        # DuckDB's own progress bar would scribble over the command line's progress display.
        connection.execute("set enable_progress_bar = false")
        try:
            yield connection
            connection.execute("checkpoint")
            connection.close()
            with open(building, "rb") as finished:
                os.fsync(finished.fileno())
            os.replace(building, path)
        except BaseException:
            try:
                connection.close()  # may fail again (a full disk): the copy is discarded all the same
            except Exception:
                pass
            finally:
                _discard(building)
            raise
