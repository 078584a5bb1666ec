"""Analysts' SQL: one read statement per run, on a locked-down read-only connection to the warehouse.

The web console (/sql) and ``workforce sql`` both call ``run_sql``. Three fences,
each with tests of the escapes it stops:

1. an allow-list of statement types, read from DuckDB's own parser
   (``extract_statements``, never a regex): SELECT and its spellings (WITH, FROM
   first, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE) and EXPLAIN of one of them;
   exactly one statement per run;
2. the connection: an in-memory DuckDB that attaches the warehouse READ_ONLY
   (through connect.py, so it follows each publish), then detaches its own
   writable in-memory catalog, turns external access off (no file, URL,
   extension or Python object can be read) and locks its configuration, so a
   statement that slipped past the list could neither write nor read anything
   but the warehouse, nor lift a limit;
3. limits: time (``interrupt()`` from a timer thread), rows (the cap plus one
   row is fetched, so truncation is known and reported), memory and threads
   (nothing spills to disk: the memory limit is a hard one).

Every run, refused ones included, appends one JSON line to the SQL log: who,
when, duration_ms, rows, truncated, status and the SQL.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Literal

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from warehouse import settings
from warehouse.connect import ReaderCache, WarehouseMissing, attach_read_only, resolve_db_path

Kind = Literal["refused", "syntax", "timeout", "error"]

READ_FORMS = "SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN"
LOG_SUFFIX = ".sql-log.jsonl"

_Type = duckdb.StatementType
_WRITES = "writes data"
_WHY_REFUSED = {
    _Type.INSERT: _WRITES,
    _Type.UPDATE: _WRITES,
    _Type.DELETE: _WRITES,
    _Type.MERGE_INTO: _WRITES,
    _Type.CREATE: "creates an object (table, view, macro, secret; temporary ones too)",
    _Type.DROP: "drops an object",
    _Type.ALTER: "changes an object",
    _Type.COPY: "copies data to or from files",
    _Type.EXPORT: "writes files",
    _Type.COPY_DATABASE: "copies a database",
    _Type.ATTACH: "attaches a database",
    _Type.DETACH: "detaches a database",
    _Type.SET: "changes a setting, a variable or the current database (SET, RESET, USE)",
    _Type.VARIABLE_SET: "sets a variable",
    _Type.PRAGMA: ("runs a pragma, which can change settings or read files (IMPORT DATABASE is one); "
                   "to inspect a table use DESCRIBE t or SELECT * FROM pragma_table_info('t')"),
    _Type.LOAD: "installs or loads an extension",
    _Type.EXTENSION: "manages extensions",
    _Type.CALL: ("calls a procedure (CHECKPOINT is one); to read a table function write "
                 "SELECT * FROM f(...)"),
    _Type.TRANSACTION: "controls transactions, which the sandbox manages",
    _Type.PREPARE: "prepares a statement",
    _Type.EXECUTE: "runs a prepared statement",
    _Type.VACUUM: "maintains the database (VACUUM, ANALYZE)",
    _Type.MULTI: ("runs several statements behind the scenes (PIVOT without an IN list does); "
                  "list the values: PIVOT t ON column IN ('a', 'b') USING sum(x)"),
}
# How DuckDB writes 'infinity' and '-infinity' dates (int32) and timestamps (int64) to Arrow.
_INFINITIES = {2**31 - 1: "infinity", -(2**31 - 1): "-infinity", 2**63 - 1: "infinity", -(2**63 - 1): "-infinity"}
_WORD = re.compile(r"\w+")
_MISSING_TABLE = re.compile(r"Table with name (\S+) does not exist")
_LOOKS_LIKE_FILE = re.compile(r"[/\\:]|\.\w+$")


class SandboxError(Exception):
    """A query the sandbox refused or could not run, with a message for the person who wrote it.

    ``kind`` is ``refused`` (not a single read statement, or it reached for a
    file, URL, extension or setting), ``syntax``, ``timeout`` or ``error``.
    """

    def __init__(self, kind: Kind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Limits:
    """What one query may use; ``from_settings()`` reads the sql_* settings."""

    time_limit_s: float
    row_cap: int
    memory_limit: str
    threads: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            time_limit_s=settings.get("sql_time_limit_s"),
            row_cap=settings.get("sql_row_cap"),
            memory_limit=settings.get("sql_memory_limit"),
            threads=settings.get("sql_threads"),
        )


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
    cursor = _sandbox(db_path, limits).cursor()
    try:
        statement = _single_read_statement(cursor, sql)
        table = _fetch(cursor, statement, limits)
    finally:
        cursor.close()
    frame = _to_frame(table.slice(0, limits.row_cap).rename_columns(_distinct_names(table.column_names)))
    return SqlResult(columns=frame.columns, frame=frame, truncated=table.num_rows > limits.row_cap,
                     duration_ms=_elapsed_ms(started), row_cap=limits.row_cap)


def _to_frame(table: pa.Table) -> pl.DataFrame:
    """The rows as a DataFrame. Columns polars cannot hold (INTERVAL, UNION, or one inside) and dates
    Python cannot hold (before year 1, after 9999, 'infinity') come as text."""
    for index, field in enumerate(table.schema):
        column = table.column(index)
        if _unknown_to_polars(field.type):
            as_text = [_as_text(value) for value in column.to_pylist()]
        elif _beyond_python_dates(field.type, column):
            as_text = _dates_as_text(field.type, column)
        else:
            continue
        table = table.set_column(index, field.name, pa.array(as_text, type=pa.string()))
    try:
        return pl.from_arrow(table)
    except (pa.ArrowException, pl.exceptions.PolarsError) as error:
        raise SandboxError("error", f"A column of the result has a type that cannot be shown ({error}); "
                                    "cast it, e.g. column::varchar.") from None


def _unknown_to_polars(arrow_type: pa.DataType) -> bool:
    if pa.types.is_interval(arrow_type) or pa.types.is_union(arrow_type):
        return True
    return any(_unknown_to_polars(arrow_type.field(index).type) for index in range(arrow_type.num_fields))


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, pa.MonthDayNano):
        months, days, nanoseconds = value
        seconds, _ = divmod(nanoseconds, 1_000_000_000)
        clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        return f"{months} months {days} days {clock}"
    return str(value)


def _time_unit(arrow_type: pa.DataType) -> str | None:
    """numpy's unit of a date or timestamp column (D, s, ms, us, ns); None for other types."""
    if pa.types.is_date32(arrow_type):
        return "D"
    return arrow_type.unit if pa.types.is_timestamp(arrow_type) else None


def _as_integers(arrow_type: pa.DataType, column: pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks().view(pa.int32() if pa.types.is_date32(arrow_type) else pa.int64())


def _beyond_python_dates(arrow_type: pa.DataType, column: pa.ChunkedArray) -> bool:
    unit = _time_unit(arrow_type)
    if unit is None or column.null_count == len(column):
        return False
    lowest, highest = (np.datetime64(bound, unit).astype(np.int64) for bound in ("0001-01-01", "9999-12-31"))
    extremes = pc.min_max(_as_integers(arrow_type, column))
    return extremes["min"].as_py() < lowest or extremes["max"].as_py() > highest


def _dates_as_text(arrow_type: pa.DataType, column: pa.ChunkedArray) -> list[str | None]:
    unit = _time_unit(arrow_type)
    return [None if value is None else _INFINITIES.get(value) or str(np.datetime64(value, unit))
            for value in _as_integers(arrow_type, column).to_pylist()]


def _distinct_names(names: list[str]) -> list[str]:
    """Column names made distinct the way DuckDB does it (id, id_1), as a DataFrame needs them."""
    seen: set[str] = set()
    distinct = []
    for name in names:
        candidate, suffix = name, 0
        while candidate in seen:
            suffix += 1
            candidate = f"{name}_{suffix}"
        seen.add(candidate)
        distinct.append(candidate)
    return distinct


# --- the statement allow-list -------------------------------------------------------------

def _statements(cursor: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[duckdb.StatementType, str]]:
    """(type, text) of each statement of sql, by DuckDB's own parser."""
    try:
        return [(statement.type, statement.query) for statement in cursor.extract_statements(sql)]
    except duckdb.ParserException as error:
        raise SandboxError("syntax", str(error)) from None
    except ValueError:  # a statement the Python client has no type for (UPDATE EXTENSIONS)
        raise SandboxError("refused", _refusal(sql, "is not a read query")) from None


def _single_read_statement(cursor: duckdb.DuckDBPyConnection, sql: str) -> str:
    statements = _statements(cursor, sql)
    if not statements:
        raise SandboxError("refused", "Nothing to run: write one read query, "
                                      "e.g. select * from mart_talent_gap limit 10.")
    if len(statements) > 1:
        raise SandboxError("refused", f"Refused: one statement per run, and this text holds {len(statements)} "
                                      "(separated by ';'). Run them one at a time.")
    statement_type, text = statements[0]
    _check_read_only(cursor, statement_type, text)
    return text


def _check_read_only(cursor: duckdb.DuckDBPyConnection, statement_type: duckdb.StatementType, text: str) -> None:
    if statement_type == _Type.SELECT:
        return
    if statement_type == _Type.EXPLAIN:
        # EXPLAIN ANALYZE runs what it explains: what it explains must be a read too.
        explained = _statements(cursor, _explained_text(text))
        if len(explained) == 1:
            _check_read_only(cursor, *explained[0])
            return
    raise SandboxError("refused", _refusal(text, _WHY_REFUSED.get(statement_type, "is not a read query")))


def _words(text: str) -> list[tuple[int, str]]:
    """(position, text) of each token but comments: keywords and names as words, operators as characters."""
    tokens = []
    for position, token_type in duckdb.tokenize(text):
        if token_type != duckdb.token_type.comment:
            word = _WORD.match(text, position)
            tokens.append((position, word.group() if word else text[position]))
    return tokens


def _explained_text(text: str) -> str:
    """The statement after ``EXPLAIN [ANALYZE]`` or ``EXPLAIN (options)``."""
    tokens = _words(text)[1:]
    if tokens and tokens[0][1] == "(":
        depth = 0
        for index, (_, token) in enumerate(tokens):
            depth += {"(": 1, ")": -1}.get(token, 0)
            if depth == 0:
                tokens = tokens[index + 1:]
                break
    if tokens and tokens[0][1].lower() in ("analyze", "analyse"):
        tokens = tokens[1:]
    return text[tokens[0][0]:] if tokens else ""


def _refusal(text: str, why: str) -> str:
    words = _words(text)
    keyword = words[0][1].upper() if words else "This statement"
    return f"Refused: {keyword} {why}. Only read queries run here ({READ_FORMS}), one at a time."


# --- the locked-down connection -------------------------------------------------------------

def _open_sandbox(path: Path, memory_limit: str, threads: int) -> duckdb.DuckDBPyConnection:
    connection = attach_read_only(path, config={
        "memory_limit": memory_limit,
        "threads": threads,
        "temp_directory": "",  # no spilling: the memory limit is a hard one and no file is written
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "python_enable_replacements": False,  # `from some_dataframe` would read the caller's Python objects
    })
    # External access goes off only now: attaching the warehouse reads a file. Detaching the in-memory
    # catalog leaves nothing writable but the (empty) temp catalog, which CREATE TEMP would need.
    for statement in ("detach memory", "set enable_external_access = false", "set lock_configuration = true"):
        connection.execute(statement)
    return connection


_SANDBOXES: dict[tuple[str, int], ReaderCache] = {}
_SANDBOXES_LOCK = threading.Lock()


def _sandbox(db_path: Path, limits: Limits) -> duckdb.DuckDBPyConnection:
    """The cached locked-down connection for this warehouse file and these memory and thread caps."""
    key = (limits.memory_limit, limits.threads)
    with _SANDBOXES_LOCK:
        readers = _SANDBOXES.get(key)
        if readers is None:
            readers = _SANDBOXES[key] = ReaderCache(
                partial(_open_sandbox, memory_limit=limits.memory_limit, threads=limits.threads))
    try:
        return readers.connection(db_path)
    except WarehouseMissing as error:
        raise SandboxError("error", str(error)) from None
    except duckdb.Error as error:
        raise SandboxError("error", f"The sandbox could not open {db_path} with memory limit "
                                    f"{limits.memory_limit!r} and {limits.threads} thread(s): {error}") from None


# --- running, within the limits ----------------------------------------------------------

def _fetch(cursor: duckdb.DuckDBPyConnection, statement: str, limits: Limits) -> pa.Table:
    """Stream the result until it ends or passes the row cap; interrupt it at the time limit."""
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        try:
            cursor.interrupt()
        except duckdb.Error:  # the query ended, and its cursor closed, as the timer fired
            pass

    timer = threading.Timer(limits.time_limit_s, stop)
    timer.daemon = True
    timer.start()
    try:
        with cursor.sql(statement).to_arrow_reader(batch_size=limits.row_cap + 1) as reader:
            batches, rows = [], 0
            for batch in reader:
                batches.append(batch)
                rows += batch.num_rows
                if rows > limits.row_cap:
                    break
            return pa.Table.from_batches(batches, schema=reader.schema)
    except duckdb.Error as error:
        raise _failure(error, timed_out.is_set(), limits) from None
    finally:
        timer.cancel()


def _failure(error: duckdb.Error, timed_out: bool, limits: Limits) -> SandboxError:
    """A user-facing SandboxError for what DuckDB raised."""
    message = str(error)
    if isinstance(error, duckdb.InterruptException) and timed_out:
        return SandboxError("timeout", f"Stopped at the time limit of {limits.time_limit_s:g} s. Filter or "
                                       "aggregate more, or add a LIMIT (the limit is WORKFORCE_SQL_TIME_LIMIT_S).")
    if isinstance(error, duckdb.OutOfMemoryException):
        return SandboxError("error", f"The query needs more memory than the sandbox's {limits.memory_limit}. "
                                     "Filter or aggregate earlier, or select fewer columns "
                                     "(the limit is WORKFORCE_SQL_MEMORY_LIMIT).")
    if isinstance(error, duckdb.PermissionException):
        return SandboxError("refused", "Refused: the sandbox reads the warehouse's tables only; files, URLs "
                                       f"and extensions are out of reach. ({message.splitlines()[0]})")
    missing = _MISSING_TABLE.search(message)
    if missing and _LOOKS_LIKE_FILE.search(missing.group(1)):
        return SandboxError("refused", "Refused: the sandbox reads the warehouse's tables only, not files or "
                                       f"URLs ({missing.group(1)}).")
    if "read-only mode" in message:
        return SandboxError("refused", "Refused: the warehouse is read-only here; a query cannot write "
                                       "(not even in a WITH ... INSERT).")
    if isinstance(error, duckdb.ParserException):
        return SandboxError("syntax", message)
    return SandboxError("error", message)


# --- the log ----------------------------------------------------------------------------------

_LOG_LOCK = threading.Lock()


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _log(path: Path, who: str, sql: str, started: float, outcome: SqlResult | SandboxError) -> None:
    """Append one JSON line; one write() of an O_APPEND file, so lines of concurrent workers never mix."""
    failed = isinstance(outcome, SandboxError)
    record = {
        "when": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "who": who,
        "status": outcome.kind if failed else "ok",
        "duration_ms": _elapsed_ms(started) if failed else outcome.duration_ms,
        "rows": 0 if failed else outcome.rows,
        "truncated": False if failed else outcome.truncated,
        "sql": sql,
    }
    if failed:
        record["message"] = outcome.message
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _LOG_LOCK:
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(descriptor, line)
            finally:
                os.close(descriptor)
    except OSError as error:
        raise SandboxError("error", f"Could not write the SQL log {path} ({error.strerror}); every query is "
                                    "logged, so none runs until it can be: set WORKFORCE_SQL_LOG_PATH to a "
                                    "writable file.") from None


def _flat(series: pl.Series) -> pl.Series:
    if series.dtype.is_nested():
        as_text = [None if value is None else json.dumps(value, default=str) for value in series.to_list()]
    elif series.dtype == pl.Binary:  # bytes that are not UTF-8 as \xff, the way DuckDB prints them
        as_text = [None if value is None else value.decode("utf-8", "backslashreplace") for value in series]
    elif isinstance(series.dtype, pl.Datetime) and series.dtype.time_zone:  # Excel has no time zones
        return series.cast(pl.String)
    else:
        return series
    return pl.Series(series.name, as_text, dtype=pl.String)


def flat_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with nested values as JSON text, binary and zoned timestamps as text: what CSV and XLSX hold."""
    return frame.with_columns(_flat(frame[name]) for name in frame.columns)
