"""Analysts' SQL: one read statement per run, in a worker process of its own, hard-limited and logged.

The web console (/sql) and ``workforce sql`` both call ``run_sql(sql, who=...)``. It
returns a ``SqlResult`` (a polars frame of at most ``row_cap`` rows, ``truncated``
when there were more) or raises ``SandboxError`` (``kind``, ``code``, ``args`` and
the English ``message``; sandbox_messages.py renders any of them in French or
English), never a DuckDB or Python error.

Nothing of the analyst's text is parsed or run in the calling process. run_sql
refuses a text longer than ``sql_max_query_chars``, then hands it to a small pool
of long-lived worker processes (sandbox_pool.py), where the fences of
sandbox_worker.py check it, run it and cap its result, which comes back as Arrow
IPC bytes, already capped in rows and bytes. Each worker has its own DuckDB thread
and memory caps, an OS memory cap (RLIMIT_DATA), a lower CPU priority, and is
killed and replaced when it outlives the time limit by ``sql_grace_s``; past
``sql_queue`` waiting queries a query is refused at once ("the console is busy").
So a runaway query costs one niced, capped worker: the dashboard's own queries
(connect.py) keep their pace, a huge result never reaches a web worker's memory,
and a crash or a panic inside DuckDB ends one worker, not the site.

One pool per process, created from the settings at the first query (sql_workers,
sql_queue, sql_worker_memory, sql_worker_nice, sql_grace_s) and shared by its
threads; ``close_pool()`` stops it and the next query starts a new one. The
command line goes through the same pool rather than running the query in its own
process: an analyst's ``workforce sql`` on the app's server must not slow the
dashboard either, a runaway allocation must end in a message rather than the
command being killed, and one path is simpler to trust than two. It costs the
start of one worker per command (a fresh interpreter importing DuckDB and Arrow:
0.3 to 0.5 s on the 2-core machine); a warm worker adds about 1 ms a query.

Every run, refused ones included, appends one JSON line to the SQL log: who,
when, duration_ms, rows, truncated, status, the SQL (cut past
``sql_log_sql_chars``) and its full length ``sql_chars``, and for a failure its
code and message. Past ``sql_log_max_bytes`` the log is rotated (``<log>.1``,
``.2``..., ``sql_log_backups`` kept), under a file lock, so the app's processes and
the command line never mix or lose lines.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pyarrow as pa

from warehouse import settings
from warehouse.connect import resolve_db_path
from warehouse.sandbox_messages import READ_FORMS, Kind, SandboxError
from warehouse.sandbox_pool import PoolBusy, WorkerCaps, WorkerPool, WorkerStartFailed, WorkerStopped, WorkerTimeout
from warehouse.sandbox_worker import Limits

__all__ = ["READ_FORMS", "Kind", "Limits", "SandboxError", "SqlResult", "close_pool", "flat_frame", "json_frame",
           "run_sql", "sql_log_path", "worker_pool"]

LOG_SUFFIX = ".sql-log.jsonl"


@dataclass(frozen=True)
class SqlResult:
    """The rows of one query, at most ``row_cap`` of them; ``truncated`` when there were more."""

    columns: list[str]
    frame: pl.DataFrame
    truncated: bool
    duration_ms: float
    row_cap: int

    @property
    def rows(self) -> int:
        return self.frame.height


def sql_log_path(db_path: Path) -> Path:
    """The SQL log: the sql_log_path setting, else ``<warehouse file>.sql-log.jsonl`` beside it."""
    configured = settings.get("sql_log_path")
    return Path(configured).expanduser().absolute() if configured else db_path.with_name(db_path.name + LOG_SUFFIX)


def run_sql(sql: str, *, who: str, db: str | os.PathLike | None = None, limits: Limits | None = None,
            log_path: Path | None = None) -> SqlResult:
    """Run one read statement of an analyst on the published warehouse, within the limits; log it.

    ``who`` identifies the caller in the log (the OS user on the command line,
    ``web <address>`` in the app). Raises ``SandboxError``, never a DuckDB error.
    """
    limits = limits or Limits.from_settings()
    db_path = resolve_db_path(db)
    started = time.perf_counter()
    outcome: SqlResult | SandboxError
    try:
        outcome = _run(sql, db_path, limits, started)
    except SandboxError as error:
        outcome = error
    _log(log_path or sql_log_path(db_path), who, sql, started, outcome)
    if isinstance(outcome, SandboxError):
        raise outcome
    return outcome


def _run(sql: str, db_path: Path, limits: Limits, started: float) -> SqlResult:
    if len(sql) > limits.query_max_chars:
        raise SandboxError.of("too_long", chars=len(sql), cap=limits.query_max_chars)
    try:
        sql.encode("utf-8")
    except UnicodeEncodeError as error:  # bytes that were not UTF-8, in a command-line argument or a piped file
        raise SandboxError.of("not_text", position=error.start + 1) from None
    pool = worker_pool()
    request = {"sql": sql, "db": str(db_path), "limits": asdict(limits)}
    try:
        # Arrow IPC adds alignment and a schema to the bytes the worker measured.
        reply, arrow_ipc = pool.run(request, limits.time_limit_s,
                                    max_payload_bytes=2 * limits.result_max_bytes + 2**20)
    except PoolBusy as busy:
        raise SandboxError.of("busy", running=busy.running, waiting=busy.waiting) from None
    except WorkerTimeout:
        raise SandboxError.of("unanswered", seconds=limits.time_limit_s + pool.grace_s) from None
    except WorkerStopped as stopped:
        raise SandboxError.of("worker_stopped", reason=stopped.reason) from None
    except WorkerStartFailed as failed:
        raise SandboxError.of("cannot_start", detail=str(failed)) from None
    if reply.get("status") != "ok":
        raise _reported_error(reply)
    frame = _frame(arrow_ipc)
    return SqlResult(columns=frame.columns, frame=frame, truncated=bool(reply.get("truncated")),
                     duration_ms=_elapsed_ms(started), row_cap=limits.row_cap)


def _reported_error(reply: dict) -> SandboxError:
    try:
        return SandboxError.of(reply["code"], **reply["args"])
    except (KeyError, TypeError, ValueError):  # a worker is ours, but it ran hostile SQL: its words are checked
        return SandboxError.of("internal", detail="the worker's answer could not be read")


def _frame(arrow_ipc: bytes | None) -> pl.DataFrame:
    try:
        table = pa.ipc.open_stream(arrow_ipc).read_all()
    except (TypeError, pa.ArrowException) as error:
        raise SandboxError.of("internal", detail=str(error).splitlines()[0]) from None
    try:
        return pl.from_arrow(table)
    except (pa.ArrowException, pl.exceptions.PolarsError, pl.exceptions.PanicException) as error:
        raise SandboxError.of("unshowable", detail=str(error).splitlines()[0]) from None


# --- the pool -----------------------------------------------------------------------------------

_POOL: WorkerPool | None = None
_POOL_LOCK = threading.Lock()


def worker_pool() -> WorkerPool:
    """This process's pool of workers (``pids`` lists them), made from the settings at the first query, and again
    in a process forked from this one."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL.owner_pid != os.getpid():
            workers, queue = settings.get("sql_workers"), settings.get("sql_queue")
            if workers < 1 or queue < 0:
                raise SandboxError.of("cannot_start", detail=f"WORKFORCE_SQL_WORKERS={workers} and "
                                      f"WORKFORCE_SQL_QUEUE={queue}: at least 1 worker and a queue of 0 or more")
            # Arrow's default allocator (mimalloc) reserves a gigabyte of address space at its first allocation,
            # which RLIMIT_DATA counts; the system allocator takes what it uses.
            _POOL = WorkerPool("warehouse.sandbox_worker:execute", size=workers, queue=queue,
                               grace_s=settings.get("sql_grace_s"),
                               caps=WorkerCaps(memory_bytes=settings.get("sql_worker_memory"),
                                               nice=settings.get("sql_worker_nice")),
                               environment={"ARROW_DEFAULT_MEMORY_POOL": "system"})
        return _POOL


def close_pool() -> None:
    """Stop this process's workers; the next query starts a pool from the settings of that moment."""
    global _POOL
    with _POOL_LOCK:
        pool, _POOL = _POOL, None
    if pool is not None and pool.owner_pid == os.getpid():
        pool.close()


atexit.register(close_pool)


# --- the log ----------------------------------------------------------------------------------

_LOG_LOCK = threading.Lock()


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _log(path: Path, who: str, sql: str, started: float, outcome: SqlResult | SandboxError) -> None:
    """Append one JSON line, rotating the log first when the line would take it past its size cap."""
    failed = isinstance(outcome, SandboxError)
    kept_chars = settings.get("sql_log_sql_chars")
    record = {
        "when": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "who": who,
        "status": outcome.kind if failed else "ok",
        "duration_ms": _elapsed_ms(started) if failed else outcome.duration_ms,
        "rows": 0 if failed else outcome.rows,
        "truncated": False if failed else outcome.truncated,
        "sql": sql[:kept_chars],
        "sql_chars": len(sql),
    }
    if failed:
        record["code"] = outcome.code
        record["message"] = outcome.message[:kept_chars]
    # A command-line argument that is not UTF-8 reaches Python as lone surrogates: kept as JSON escapes.
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
    try:
        _append(path, line, settings.get("sql_log_max_bytes"), settings.get("sql_log_backups"))
    except OSError as error:
        raise SandboxError.of("log_unwritable", name=path.name, reason=error.strerror or str(error)) from None


def _append(path: Path, line: bytes, max_bytes: int, backups: int) -> None:
    """One write() of an O_APPEND file, under an exclusive lock (a thread lock and flock on ``<log>.lock``) so
    that processes neither interleave lines nor rotate the same file twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOG_LOCK, open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists() and path.stat().st_size + len(line) > max_bytes:
                _rotate(path, backups)
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(descriptor, line)
            finally:
                os.close(descriptor)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _rotate(path: Path, backups: int) -> None:
    """<log> becomes <log>.1, <log>.1 becomes <log>.2 ..., and the one past ``backups`` is dropped."""
    if backups < 1:
        path.unlink()
        return
    for generation in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{generation}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{generation + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


def _binary_as_text(series: pl.Series) -> pl.Series:
    """Bytes that are not UTF-8 as \\xff, the way DuckDB prints them."""
    return pl.Series(series.name, [None if value is None else value.decode("utf-8", "backslashreplace")
                                   for value in series], dtype=pl.String)


def _flat(series: pl.Series) -> pl.Series:
    if series.dtype.is_nested():
        return pl.Series(series.name, [None if value is None else json.dumps(value, default=str)
                                       for value in series.to_list()], dtype=pl.String)
    if series.dtype == pl.Binary:
        return _binary_as_text(series)
    if isinstance(series.dtype, pl.Datetime) and series.dtype.time_zone:  # Excel has no time zones
        return series.cast(pl.String)
    return series


def flat_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with nested values as JSON text, binary and zoned timestamps as text: what CSV and XLSX hold."""
    return frame.with_columns(_flat(frame[name]) for name in frame.columns)


def json_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with binary columns as text, which JSON cannot hold otherwise (lists and structs it holds)."""
    return frame.with_columns(_binary_as_text(frame[name]) for name in frame.columns
                              if frame.schema[name] == pl.Binary)
