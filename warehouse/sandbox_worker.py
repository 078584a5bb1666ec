"""What runs inside a sandbox worker process: an analyst's SQL text in, a capped result as Arrow IPC bytes out.

``execute(request)`` is the handler of the worker pool (sandbox_pool.py); the
parent (sandbox.py) never parses, binds or runs the analyst's text itself. Four
fences, each with tests of the escapes it stops:

1. statements: an allow-list of statement types, read from DuckDB's own parser
   (``extract_statements``, never a regex): SELECT and its spellings (WITH, FROM
   first, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE) and EXPLAIN of one of them;
   exactly one statement per run;
2. references: the statement's syntax tree (DuckDB's ``json_serialize_sql``) is
   walked for what it calls: table functions only from an allow-list (generators
   and the catalog's; ``query()``, ``enable_profiling()``, file readers and the
   rest are refused), ``current_setting`` only for a quoted name that holds no
   path, and the two catalog functions that show paths (``duckdb_databases``,
   ``duckdb_settings``) only unqualified, where they resolve to the sandbox's
   own versions with the paths masked (the system views built on them, such as
   ``pg_settings`` and ``pragma_database_list``, resolve to those too);
3. the connection: an in-memory DuckDB that attaches the warehouse READ_ONLY
   (through connect.py, so it follows each publish), then detaches its writable
   in-memory catalog, disables the local file system (so not even the
   warehouse's own file, which DuckDB would otherwise allow, can be read by
   ``read_blob``, ``glob`` or a ``from 'file'`` scan), turns external access off
   (no file, URL, extension or Python object) and locks its configuration;
4. limits: time (``interrupt()`` from a timer thread; the pool also kills a
   worker that outlives the limit plus a grace period), rows (the cap, with
   truncation known and reported), bytes (the Arrow batches are measured as they
   stream and the result refused past the cap, before anything is serialised),
   memory and threads (nothing spills to disk: DuckDB's memory limit is a hard
   one, and the worker's RLIMIT_DATA catches what DuckDB does not count).

Results are made showable here, where a failure costs only this worker: types
that polars, CSV or JSON cannot hold (BIGNUM, BIT, GEOMETRY, VARIANT, TIME WITH
TIME ZONE, UHUGEINT, UNION, and dates, times, intervals or blobs inside lists
and structs) are cast to text by DuckDB before the query runs; intervals and
dates Python cannot hold ('infinity', year 12000) become text after. Errors are
scrubbed of the warehouse's folder, the home and working directories and the
Python installation's path. After an internal DuckDB error (its database is then
invalidated), running out of the worker's memory or any unexpected failure, the
worker retires and the pool starts a fresh one.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from warehouse import settings
from warehouse.connect import ReaderCache, WarehouseMissing, attach_read_only
from warehouse.sandbox_messages import SandboxError

_Type = duckdb.StatementType
_WHY_REFUSED = {
    _Type.INSERT: "writes",
    _Type.UPDATE: "writes",
    _Type.DELETE: "writes",
    _Type.MERGE_INTO: "writes",
    _Type.CREATE: "creates",
    _Type.DROP: "drops",
    _Type.ALTER: "alters",
    _Type.COPY: "copies",
    _Type.EXPORT: "exports",
    _Type.COPY_DATABASE: "copies_database",
    _Type.ATTACH: "attaches",
    _Type.DETACH: "detaches",
    _Type.SET: "sets",
    _Type.VARIABLE_SET: "sets_variable",
    _Type.PRAGMA: "pragma",
    _Type.LOAD: "loads_extension",
    _Type.EXTENSION: "extensions",
    _Type.CALL: "calls",
    _Type.TRANSACTION: "transaction",
    _Type.PREPARE: "prepares",
    _Type.EXECUTE: "executes",
    _Type.VACUUM: "maintains",
    _Type.MULTI: "multi",
}
# Table functions a query may call: generators and the catalog's, none that reads a file, runs SQL given as
# text, or changes the connection (enable_profiling, enable_logging, checkpoint...). The warehouse's own table
# macros are allowed too.
TABLE_FUNCTIONS = frozenset({
    "range", "generate_series", "unnest", "repeat", "repeat_row", "json_each", "json_tree",
    "duckdb_columns", "duckdb_constraints", "duckdb_databases", "duckdb_dependencies", "duckdb_functions",
    "duckdb_indexes", "duckdb_keywords", "duckdb_memory", "duckdb_optimizers", "duckdb_schemas",
    "duckdb_sequences", "duckdb_settings", "duckdb_tables", "duckdb_types", "duckdb_views",
    "duckdb_approx_database_count",
    "pragma_table_info", "pragma_show", "pragma_storage_info", "pragma_database_size", "pragma_metadata_info",
    "pragma_version", "pragma_platform", "pragma_collations", "pragma_user_agent",
    "pg_timezone_names", "icu_calendar_names", "test_all_types", "test_vector_types",
})
# Settings whose value is or may be a path (allowed_paths, secret_directory, profile_output...), by name: masked
# in duckdb_settings(), refused in current_setting() and SHOW.
_PATH_SETTING = "path|director|repositor|output"
_PATH_SETTING_NAME = re.compile(_PATH_SETTING)
_UNLESS_PATH = f"case when regexp_matches(lower(name), '{_PATH_SETTING}') then null else {{column}} end as {{column}}"
# The sandbox's versions of the two catalog functions that show paths; unqualified calls, and the system views
# built on them (pg_settings, pragma_database_list, duckdb_databases), resolve to these temporary macros first.
_MASKED = {
    "duckdb_databases": "select * replace (null::varchar as path) from system.main.duckdb_databases()",
    "duckdb_settings": (f"select * replace ({_UNLESS_PATH.format(column='value')}, "
                        f"{_UNLESS_PATH.format(column='typed_value')}) from system.main.duckdb_settings()"),
}
# How DuckDB writes 'infinity' and '-infinity' dates (int32) and timestamps (int64) to Arrow.
_INFINITIES = {2**31 - 1: "infinity", -(2**31 - 1): "-infinity", 2**63 - 1: "infinity", -(2**63 - 1): "-infinity"}
# DuckDB types polars, CSV and JSON hold as they are, at the top of a column or inside a list or struct.
_PLAIN = frozenset({
    "boolean", "tinyint", "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint", "uinteger",
    "ubigint", "float", "double", "decimal", "varchar", "uuid", "null",
})
# ...and those that hold at the top of a column only (nested, polars cannot write them or panics on them).
_PLAIN_AT_TOP = frozenset({
    "date", "time", "time_ns", "timestamp", "timestamp_s", "timestamp_ms", "timestamp_ns",
    "timestamp with time zone", "timestamptz_ns", "interval", "blob", "enum",
})
_BATCH_ROWS = 2048  # one DuckDB vector: the result is measured against the byte cap at least this often
_WORD = re.compile(r"\w+")
_MISSING_TABLE = re.compile(r"Table with name (\S+) does not exist")
_LOOKS_LIKE_FILE = re.compile(r"[/\\:]|\.\w+$")
_DUCKDB_ERROR_KIND = re.compile(r"([A-Za-z ]+?) Error: ")  # DuckDB's messages start with their kind
# How DuckDB reports an allocation the OS refused (its own limit says "could not allocate ... (x/y used)").
_OS_REFUSED_MEMORY = re.compile(r"bad[ _]alloc|Allocation failure|ArrowBuffer", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """What one query may use; ``from_settings()`` reads the sql_* settings (the last two default to them)."""

    time_limit_s: float
    row_cap: int
    memory_limit: str
    threads: int
    result_max_bytes: int = field(default_factory=partial(settings.get, "sql_result_max_bytes"))
    query_max_chars: int = field(default_factory=partial(settings.get, "sql_max_query_chars"))

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            time_limit_s=settings.get("sql_time_limit_s"),
            row_cap=settings.get("sql_row_cap"),
            memory_limit=settings.get("sql_memory_limit"),
            threads=settings.get("sql_threads"),
        )


# --- the request ---------------------------------------------------------------------------

def execute(request: dict) -> tuple[dict, bytes | None, bool]:
    """Run one analyst's query: the reply, the result as Arrow IPC bytes, and whether the worker must retire.

    ``request`` is ``{"sql", "db", "limits"}``; the reply is ``{"status": "ok",
    "truncated"}`` or ``{"status": "error", "code", "args"}``. Never raises:
    whatever happens becomes an error reply for this query, and the worker
    retires after an internal error, running out of its memory or past half of it,
    or any unexpected failure.
    """
    db_path = Path(request["db"])
    # Each failure is answered inside its except block: an error kept past it would hold, through its traceback,
    # the frames that hold the DuckDB connection, which would outlive its replacement (threads, memory).
    try:
        arrow_ipc, truncated = _result(request["sql"], db_path, Limits(**request["limits"]))
        return {"status": "ok", "truncated": truncated}, arrow_ipc, _swollen()
    except SandboxError as error:
        return _error_reply(error, db_path), None, error.code in ("internal", "worker_memory") or _swollen()
    except MemoryError:
        return _error_reply(SandboxError.of("worker_memory", cap_bytes=_data_cap()), db_path), None, True
    except Exception as error:  # noqa: BLE001 -- a bug here must cost this query, not the worker's next ones
        return _error_reply(SandboxError.of("internal", detail=_first_line(error)), db_path), None, True


def _error_reply(error: SandboxError, db_path: Path) -> dict:
    return {"status": "error", "code": error.code, "args": _scrubbed(error.args, db_path)}


def _result(sql: str, db_path: Path, limits: Limits) -> tuple[bytes, bool]:
    # The connection itself, not a cursor: a worker runs one query at a time, and the masked catalog functions are
    # temporary macros, which only the connection that made them sees.
    connection = _sandbox(db_path, limits)
    statement = _single_read_statement(connection, sql)
    table, truncated = _fetch(connection, statement, limits)
    table = _text_for_python(table.rename_columns(_distinct_names(table.column_names)))
    if table.nbytes > limits.result_max_bytes:  # text made of intervals or dates can grow a little
        raise SandboxError.of("result_too_big", cap_bytes=limits.result_max_bytes)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes(), truncated


def _data_cap() -> int:
    return resource.getrlimit(resource.RLIMIT_DATA)[0]


def _swollen() -> bool:
    """Whether this worker's data segment passed half its cap. DuckDB's allocator keeps the address space of freed
    memory, which RLIMIT_DATA counts, so after a big query a fresh worker serves the next one better."""
    cap = _data_cap()
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: the worker retires when it runs out of memory only
        return False
    data_kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmData:")), 0)
    return cap != resource.RLIM_INFINITY and data_kib * 1024 > cap / 2


def _first_line(error: BaseException) -> str:
    """An error's message without DuckDB's stack trace (it names the installation's files)."""
    text = str(error).split("\n\nStack Trace", 1)[0].strip()
    return text.splitlines()[0] if text else type(error).__name__


def _scrubbed(args: dict[str, Any], db_path: Path) -> dict[str, Any]:
    """The arguments with the warehouse's folder, home, working directory and Python's prefix taken out."""
    secrets = {str(db_path): db_path.name, str(db_path.parent): "<warehouse folder>", os.path.expanduser("~"): "~",
               os.getcwd(): "<working folder>", sys.prefix: "<python>", sys.base_prefix: "<python>"}
    ordered = sorted((secret for secret in secrets if len(secret) > 1), key=len, reverse=True)

    def scrub(text: str) -> str:
        for secret in ordered:
            text = text.replace(secret, secrets[secret])
        return text

    return {name: scrub(value) if isinstance(value, str) else value for name, value in args.items()}


# --- fence 1: the statement allow-list -------------------------------------------------------

def _statements(connection: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[duckdb.StatementType, str]]:
    """(type, text) of each statement of sql, by DuckDB's own parser."""
    try:
        return [(statement.type, statement.query) for statement in connection.extract_statements(sql)]
    except duckdb.ParserException as error:
        raise SandboxError.of("syntax", detail=str(error)) from None
    except ValueError:  # a statement the Python client has no type for (UPDATE EXTENSIONS)
        raise SandboxError.of("statement.not_read", keyword=_keyword(sql)) from None


def _single_read_statement(connection: duckdb.DuckDBPyConnection, sql: str) -> str:
    statements = _statements(connection, sql)
    if not statements:
        raise SandboxError.of("empty")
    if len(statements) > 1:
        raise SandboxError.of("several_statements", count=len(statements))
    statement_type, text = statements[0]
    _check_read_only(connection, statement_type, text)
    return text


def _check_read_only(connection: duckdb.DuckDBPyConnection, statement_type: duckdb.StatementType, text: str) -> None:
    if statement_type == _Type.SELECT:
        _check_references(connection, text)
        return
    if statement_type == _Type.EXPLAIN:
        # EXPLAIN ANALYZE runs what it explains: what it explains must be a read too.
        explained = _statements(connection, _explained_text(text))
        if len(explained) == 1:
            _check_read_only(connection, *explained[0])
            return
    raise SandboxError.of(f"statement.{_WHY_REFUSED.get(statement_type, 'not_read')}", keyword=_keyword(text))


def _words(text: str) -> list[tuple[int, str]]:
    """(position, text) of each token but comments: keywords and names as words, operators as characters."""
    tokens = []
    for position, token_type in duckdb.tokenize(text):
        if token_type != duckdb.token_type.comment:
            word = _WORD.match(text, position)
            tokens.append((position, word.group() if word else text[position]))
    return tokens


def _keyword(text: str) -> str:
    words = _words(text)
    return words[0][1].upper() if words else "This statement"


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


# --- fence 2: what the statement calls ---------------------------------------------------------

def _check_references(connection: duckdb.DuckDBPyConnection, text: str) -> None:
    """Refuse table functions off the allow-list, the masked catalog functions qualified (which would reach the
    system's own), and reading a setting that holds paths (current_setting('x'), SHOW x)."""
    for node in _nodes(_syntax_tree(connection, text)):
        if node.get("type") == "TABLE_FUNCTION":
            call = node.get("function") or {}
            name = str(call.get("function_name", "")).lower()
            if name in _MASKED and (call.get("schema") or call.get("catalog")):
                raise SandboxError.of("qualified_catalog_function", name=name)
            if name not in TABLE_FUNCTIONS and not _warehouse_macro(connection, name):
                raise SandboxError.of("table_function", name=name)
        elif node.get("type") == "SHOW_REF" and node.get("show_type") == "SHOW" and not node.get("query"):
            _check_setting(connection, str(node.get("table_name", "")))
        elif node.get("class") == "FUNCTION" and str(node.get("function_name", "")).lower() == "current_setting":
            _check_setting(connection, _setting_name(node.get("arguments") or []))


def _syntax_tree(connection: duckdb.DuckDBPyConnection, text: str) -> dict:
    [(serialised,)] = connection.execute("select json_serialize_sql($1)", [text]).fetchall()
    try:
        tree = json.loads(serialised)
    except RecursionError:
        raise SandboxError.of("uncheckable", detail="nested too deeply") from None
    if tree.get("error"):
        raise SandboxError.of("uncheckable", detail=tree.get("error_message", "no syntax tree"))
    return tree


def _nodes(tree: dict) -> list[dict]:
    """Every object of the syntax tree, however deep (without recursion: a tree can be a thousand levels deep)."""
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            found.append(node)
            stack.extend(node.values())
    return found


def _warehouse_macro(connection: duckdb.DuckDBPyConnection, name: str) -> bool:
    [(count,)] = connection.execute(
        "select count(*) from duckdb_functions() where database_name = current_database() "
        "and function_type = 'table_macro' and lower(function_name) = $1", [name]).fetchall()
    return count > 0


def _setting_name(arguments: list[dict]) -> str:
    """The name current_setting() is given, which must be a quoted text (an expression could spell any name)."""
    expression = arguments[0].get("expression", {}) if arguments else {}
    literal = expression.get("literal") or {}
    if expression.get("class") != "CONSTANT" or literal.get("kind") != "STRING":
        raise SandboxError.of("setting_name")
    return str(literal.get("text", ""))


def _check_setting(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    if not _PATH_SETTING_NAME.search(name.lower()):
        return
    [(count,)] = connection.execute(
        "select count(*) from duckdb_settings() where lower(name) = $1 or list_contains(aliases, $1)",
        [name.lower()]).fetchall()
    if count:
        raise SandboxError.of("hidden_setting", name=name)


# --- fence 3: the locked-down connection -------------------------------------------------------

def _open_sandbox(path: Path, memory_limit: str, threads: int) -> duckdb.DuckDBPyConnection:
    connection = attach_read_only(path, config={
        "memory_limit": memory_limit,
        "threads": threads,
        "temp_directory": "",  # no spilling: the memory limit is a hard one and no file is written
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "python_enable_replacements": False,  # `from some_dataframe` would read the worker's Python objects
    })
    # Detaching the in-memory catalog leaves nothing writable but the temp catalog, which holds only the masked
    # catalog functions. The file system goes off only now: attaching the warehouse opened its file, and the
    # attached database keeps reading through that open handle.
    statements = ["detach memory",
                  *(f"create temp macro {name}() as table {body}" for name, body in _MASKED.items()),
                  "set enable_external_access = false",
                  "set disabled_filesystems = 'LocalFileSystem'",
                  "set lock_configuration = true"]
    for statement in statements:
        connection.execute(statement)
    return connection


_current: tuple[tuple[Path, str, int], ReaderCache] | None = None


def _sandbox(db_path: Path, limits: Limits) -> duckdb.DuckDBPyConnection:
    """The locked-down connection for this warehouse file and these memory and thread caps.

    A worker keeps one: a DuckDB instance per file or caps it once served would hold its threads and memory for
    good, and a worker's memory is capped. The ReaderCache renews it after each publish."""
    global _current
    key = (db_path, limits.memory_limit, limits.threads)
    if _current is None or _current[0] != key:
        _current = None  # the previous connection closes before the next one opens
        _current = key, ReaderCache(partial(_open_sandbox, memory_limit=limits.memory_limit, threads=limits.threads))
    readers = _current[1]
    try:
        return readers.connection(db_path)
    except WarehouseMissing:
        raise SandboxError.of("no_warehouse", name=str(db_path)) from None
    except duckdb.Error as error:
        raise SandboxError.of("cannot_open", name=str(db_path), detail=_first_line(error)) from None


# --- fence 4: running, within the limits -----------------------------------------------------

def _fetch(connection: duckdb.DuckDBPyConnection, statement: str, limits: Limits) -> tuple[pa.Table, bool]:
    """Stream the result until it ends or reaches the row or byte cap; interrupt it at the time limit."""
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        try:
            connection.interrupt()
        except duckdb.Error:  # the query ended as the timer fired
            pass

    timer = threading.Timer(limits.time_limit_s, stop)
    timer.daemon = True
    timer.start()
    try:
        with _showable(connection.sql(statement)).to_arrow_reader(batch_size=_BATCH_ROWS) as reader:
            batches, rows, size, truncated = [], 0, 0, False
            for batch in reader:
                room = limits.row_cap - rows
                if batch.num_rows > room:
                    batch, truncated = batch.slice(0, room), True
                size += batch.nbytes
                if size > limits.result_max_bytes:
                    raise SandboxError.of("result_too_big", cap_bytes=limits.result_max_bytes)
                batches.append(batch)
                rows += batch.num_rows
                if truncated:
                    break
            return pa.Table.from_batches(batches, schema=reader.schema), truncated
    except (duckdb.Error, pa.ArrowException, OSError) as error:
        raise _failure(error, timed_out.is_set(), limits) from None
    finally:
        timer.cancel()


def _showable(relation: duckdb.DuckDBPyRelation | None) -> duckdb.DuckDBPyRelation:
    """The relation with every column polars, CSV or JSON cannot hold cast to text (or to a nest of text)."""
    if relation is None:  # a statement without a result
        raise SandboxError.of("statement.not_read", keyword="This statement")
    targets = [_shown_type(column_type) for column_type in relation.types]
    if all(target is None for target in targets):
        return relation
    columns = [f"#{position}" if target is None else f"cast(#{position} as {target})"
               for position, target in enumerate(targets, start=1)]
    return relation.project(", ".join(f"{column} as {_quoted(name)}"
                                      for column, name in zip(columns, relation.columns)))


def _shown_type(column_type: duckdb.typing.DuckDBPyType, nested: bool = False) -> str | None:
    """The SQL type to cast a column of this type to, or None when it is shown as it is."""
    kind = column_type.id
    children = dict(column_type.children) if kind in ("list", "array", "struct", "map") else {}
    if kind in ("list", "array"):
        child = children["child"]
        target = _shown_type(child, nested=True)
        if target is None:
            return None
        return f"{target}[]" if kind == "list" else f"{target}[{children['size']}]"
    if kind == "map":
        key, value = (_shown_type(children[part], nested=True) for part in ("key", "value"))
        if key is None and value is None:
            return None
        return f"map({key or children['key']}, {value or children['value']})"
    if kind == "struct":
        if not children:
            return "varchar"  # an empty struct: polars has no such column
        fields = {name: _shown_type(child, nested=True) for name, child in children.items()}
        if all(target is None for target in fields.values()):
            return None
        return "struct(" + ", ".join(f"{_quoted(name)} {target or children[name]}"
                                     for name, target in fields.items()) + ")"
    if kind in _PLAIN or (kind in _PLAIN_AT_TOP and not nested):
        return None
    return "varchar"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _failure(error: Exception, timed_out: bool, limits: Limits) -> SandboxError:
    """A user-facing SandboxError for what DuckDB raised, as a DuckDB exception or, once the result streams,
    through Arrow as an OSError carrying DuckDB's message ("Out of Memory Error: ...")."""
    message = str(error)
    kind = _DUCKDB_ERROR_KIND.match(message)
    kind = kind.group(1).lower() if kind else ""
    if timed_out and (isinstance(error, duckdb.InterruptException) or kind == "interrupt"):
        return SandboxError.of("timeout", seconds=limits.time_limit_s)
    if isinstance(error, duckdb.OutOfMemoryException) or kind == "out of memory":
        if _OS_REFUSED_MEMORY.search(message):  # the worker's RLIMIT_DATA, not DuckDB's own limit, stopped it
            return SandboxError.of("worker_memory", cap_bytes=_data_cap())
        return SandboxError.of("memory", limit=limits.memory_limit)
    if isinstance(error, (duckdb.InternalException, duckdb.FatalException)) or kind in ("internal", "fatal"):
        return SandboxError.of("internal", detail=_first_line(error))
    if isinstance(error, duckdb.PermissionException) or kind == "permission":
        return SandboxError.of("outside", detail=message.splitlines()[0])
    missing = _MISSING_TABLE.search(message)
    if missing and _LOOKS_LIKE_FILE.search(missing.group(1)):
        return SandboxError.of("file_table", name=missing.group(1))
    if "read-only mode" in message:
        return SandboxError.of("read_only")
    if isinstance(error, duckdb.ParserException) or kind == "parser":
        return SandboxError.of("syntax", detail=message)
    return SandboxError.of("failed", detail=message)


# --- the result as Python can hold it --------------------------------------------------------

def _text_for_python(table: pa.Table) -> pa.Table:
    """The table with intervals, and dates Python cannot hold (before year 1, after 9999, 'infinity'), as text.

    Polars is not imported here: its allocator reserves a gigabyte of address space at the first frame, which the
    worker's RLIMIT_DATA would count. The parent turns the table into a frame."""
    for index, arrow_field in enumerate(table.schema):
        column = table.column(index)
        if pa.types.is_interval(arrow_field.type):
            as_text = [_interval_text(value) for value in column.to_pylist()]
        elif _beyond_python_dates(arrow_field.type, column):
            as_text = _dates_as_text(arrow_field.type, column)
        else:
            continue
        table = table.set_column(index, arrow_field.name, pa.array(as_text, type=pa.string()))
    return table


def _interval_text(value: pa.MonthDayNano | None) -> str | None:
    if value is None:
        return None
    months, days, nanoseconds = value
    seconds, _ = divmod(nanoseconds, 1_000_000_000)
    return f"{months} months {days} days {seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


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
