"""The analysts' SQL sandbox: what it runs, what it refuses, and that each limit bites."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from warehouse.publish import rebuilding
from warehouse.sandbox import Limits, SandboxError, SqlResult, run_sql, sql_log_path

ROOMY = Limits(time_limit_s=30.0, row_cap=10_000, memory_limit="512MB", threads=2)
LONG_QUERY = "select count(*) from range(100000000) as left_side, range(1000000) as right_side"


def make_small_warehouse(path: Path, value: int = 1) -> Path:
    """A warehouse file of two documented tables, built without the models."""
    with rebuilding(path) as con:
        con.execute("create or replace table numbers as select range as n from range(100)")
        con.execute("create or replace table regions (region_code varchar, region_name varchar)")
        con.execute("insert into regions values ('11', 'Île-de-France'), ('84', 'Auvergne-Rhône-Alpes')")
        con.execute(f"create or replace table build as select {value} as value")
        con.execute("comment on table regions is 'one row per region'")
    return path


@pytest.fixture(autouse=True)
def no_sql_settings(monkeypatch):
    for name in ("SQL_TIME_LIMIT_S", "SQL_ROW_CAP", "SQL_MEMORY_LIMIT", "SQL_THREADS", "SQL_LOG_PATH"):
        monkeypatch.delenv(f"WORKFORCE_{name}", raising=False)


@pytest.fixture
def db(tmp_path) -> Path:
    return make_small_warehouse(tmp_path / "workforce.duckdb")


@pytest.fixture
def log_path(tmp_path) -> Path:
    return tmp_path / "sql-log.jsonl"


@pytest.fixture
def run(db, log_path):
    def run(sql: str, limits: Limits | None = ROOMY) -> SqlResult:
        return run_sql(sql, who="tester", db=db, limits=limits, log_path=log_path)
    return run


def refusal(run, sql: str) -> SandboxError:
    with pytest.raises(SandboxError) as caught:
        run(sql)
    return caught.value


# --- what runs ----------------------------------------------------------------------------

@pytest.mark.parametrize("sql, rows", [
    ("select n from numbers where n < 3", 3),
    ("with small as (select n from numbers where n < 5) select count(*) from small", 1),
    ("from numbers where n < 4", 4),
    ("from numbers select n where n < 2;", 2),
    ("values (1, 'a'), (2, 'b')", 2),
    ("table regions", 2),
    ("describe regions", 2),
    ("show tables", 3),
    ("summarize numbers", 1),
    ("explain select * from numbers", 1),
    ("explain analyze select count(*) from numbers", 1),
    ("select 1 as one -- a comment; drop table numbers", 1),
    ("select 1 as one /* ; drop table numbers */", 1),
    ("select region_name from regions where region_code = '11'", 1),
    ("select * from pragma_table_info('regions')", 2),
])
def test_read_statements_run(run, sql, rows):
    assert run(sql).rows == rows


def test_result_carries_columns_a_polars_frame_and_a_duration(run):
    result = run("select region_code, region_name from regions order by region_code")
    assert result.columns == ["region_code", "region_name"]
    assert isinstance(result.frame, pl.DataFrame)
    assert result.frame["region_code"].to_list() == ["11", "84"]
    assert result.truncated is False
    assert result.duration_ms > 0


def test_repeated_column_names_are_made_distinct(run):
    assert run("select 1 as n, 2 as n").columns == ["n", "n_1"]


def test_types_polars_cannot_hold_come_as_text(run):
    result = run("select interval 1 day as waited, 1::union(number integer, label varchar) as either")
    assert result.frame.row(0) == ("0 months 1 days 00:00:00", "1")


def test_dates_python_cannot_hold_come_as_text(run):
    result = run("select 'infinity'::date as open_ended, '-infinity'::timestamp as since_ever, "
                 "date '12000-01-01' as far, date '2024-03-01' as month")
    assert result.frame.row(0)[:3] == ("infinity", "-infinity", "12000-01-01")
    assert str(result.frame.row(0)[3]) == "2024-03-01"


# --- what is refused: the ways out of a sandbox --------------------------------------------

@pytest.mark.parametrize("sql, fragment", [
    # files
    ("select * from read_csv('/etc/passwd')", "files, URLs and extensions are out of reach"),
    ("select * from read_csv_auto('/etc/passwd')", "files, URLs and extensions are out of reach"),
    ("select * from read_parquet('/tmp/anything.parquet')", "files, URLs and extensions are out of reach"),
    ("select * from read_json('/etc/hosts')", "files, URLs and extensions are out of reach"),
    ("select * from read_text('/etc/passwd')", "files, URLs and extensions are out of reach"),
    ("select * from read_blob('/etc/passwd')", "files, URLs and extensions are out of reach"),
    ("select * from sniff_csv('/etc/passwd')", "files, URLs and extensions are out of reach"),
    ("from '/etc/passwd'", "not files or URLs"),
    ("select * from 'numbers.csv'", "files, URLs and extensions are out of reach"),
    # globbing
    ("select * from glob('*')", "files, URLs and extensions are out of reach"),
    ("select * from glob('/etc/*')", "files, URLs and extensions are out of reach"),
    ("select * from read_csv('/etc/*.conf')", "files, URLs and extensions are out of reach"),
    # network
    ("select * from 'https://example.com/data.csv'", "files, URLs and extensions are out of reach"),
    ("select * from read_parquet('s3://bucket/key.parquet')", "files, URLs and extensions are out of reach"),
    ("select * from read_csv('http://example.com/a.csv')", "files, URLs and extensions are out of reach"),
    # extensions
    ("install httpfs", "INSTALL installs or loads an extension"),
    ("force install httpfs", "FORCE installs or loads an extension"),
    ("load httpfs", "LOAD installs or loads an extension"),
    ("load '/tmp/evil.duckdb_extension'", "LOAD installs or loads an extension"),
    ("update extensions", "UPDATE is not a read query"),
    ("select * from duckdb_extensions()", "files, URLs and extensions are out of reach"),
    # settings
    ("set threads = 8", "SET changes a setting"),
    ("set memory_limit = '100GB'", "SET changes a setting"),
    ("set enable_external_access = true", "SET changes a setting"),
    ("set lock_configuration = false", "SET changes a setting"),
    ("reset threads", "RESET changes a setting"),
    ("set variable secret = 42", "SET changes a setting, a variable"),
    ("pragma threads = 8", "PRAGMA changes a setting"),
    ("pragma version", "PRAGMA runs a pragma"),
    # writes
    ("insert into numbers values (1000)", "INSERT writes data"),
    ("update numbers set n = 0", "UPDATE writes data"),
    ("delete from numbers", "DELETE writes data"),
    ("truncate numbers", "TRUNCATE writes data"),
    ("merge into numbers using regions on false when not matched then insert values (1)", "MERGE writes data"),
    ("create table copied as select * from numbers", "CREATE creates an object"),
    ("create view everything as select * from numbers", "CREATE creates an object"),
    ("create schema scratch", "CREATE creates an object"),
    ("drop table numbers", "DROP drops an object"),
    ("alter table numbers add column extra integer", "ALTER changes an object"),
    ("alter table numbers rename to figures", "ALTER changes an object"),
    ("comment on table numbers is 'mine'", "COMMENT changes an object"),
    ("copy numbers to '/tmp/numbers.csv'", "COPY copies data to or from files"),
    ("copy numbers from '/etc/passwd'", "COPY copies data to or from files"),
    ("copy (select * from numbers) to '/tmp/numbers.parquet' (format parquet)", "COPY copies data"),
    ("export database '/tmp/everything'", "EXPORT writes files"),
    ("import database '/tmp/everything'", "IMPORT runs a pragma"),
    ("with added as (insert into numbers values (1) returning n) select * from added", "read-only"),
    ("explain analyze insert into numbers values (1)", "INSERT writes data"),
    ("explain (format json) delete from numbers", "DELETE writes data"),
    ("checkpoint", "CHECKPOINT calls a procedure"),
    ("force checkpoint", "FORCE calls a procedure"),
    ("vacuum", "VACUUM maintains the database"),
    ("analyze", "ANALYZE maintains the database"),
    # temporary objects
    ("create temp table scratch as select 1", "CREATE creates an object"),
    ("create temporary view scratch as select 1", "CREATE creates an object"),
    ("create temp macro twice(x) as x * 2", "CREATE creates an object"),
    ("create or replace temp table numbers as select 1", "CREATE creates an object"),
    ("create temp sequence counter", "CREATE creates an object"),
    ("create secret (type s3, key_id 'a', secret 'b')", "CREATE creates an object"),
    # databases
    ("attach ':memory:' as scratch", "ATTACH attaches a database"),
    ("attach '/tmp/other.duckdb' as other", "ATTACH attaches a database"),
    ("detach wh", "DETACH detaches a database"),
    ("use memory", "USE changes a setting, a variable or the current database"),
    ("use system.main", "USE changes"),
    # procedures, transactions, prepared statements
    ("call pragma_version()", "CALL calls a procedure"),
    ("begin transaction", "BEGIN controls transactions"),
    ("commit", "COMMIT controls transactions"),
    ("prepare leak as select * from numbers", "PREPARE prepares a statement"),
    ("execute leak", "EXECUTE runs a prepared statement"),
    ("pivot numbers on n using count(*)", "PIVOT runs several statements"),
    # several statements in one run
    ("select 1; select 2", "one statement per run"),
    ("select 1; drop table numbers", "one statement per run"),
    ("select 1;\ninsert into numbers values (1);", "one statement per run"),
    # comments hiding a second statement
    ("select 1 -- just a comment\n; drop table numbers", "one statement per run"),
    ("select 1 /* harmless */; drop table numbers", "one statement per run"),
    ("/* select 1; */ drop table numbers", "DROP drops an object"),
    ("-- select 1\ndrop table numbers", "DROP drops an object"),
    # nothing
    ("", "Nothing to run"),
    ("   -- only a comment", "Nothing to run"),
])
def test_refused(run, sql, fragment):
    error = refusal(run, sql)
    assert error.kind == "refused"
    assert fragment in error.message


def test_refusals_name_what_runs(run):
    message = refusal(run, "drop table numbers").message
    assert "Only read queries run here (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)" \
        in message


def test_python_objects_of_the_caller_are_out_of_reach(run):
    caller_frame = pl.DataFrame({"secret": [42]})  # noqa: F841 (a replacement scan would find it by name)
    error = refusal(run, "select * from caller_frame")
    assert error.kind == "error"
    assert "caller_frame does not exist" in error.message


def test_nothing_was_changed_and_the_locks_hold_after_every_attempt(run, db):
    for attempt in ("drop table numbers", "set threads = 8", "create temp table scratch as select 1",
                    "attach ':memory:' as scratch", "select 1; drop table numbers"):
        with pytest.raises(SandboxError):
            run(attempt)
    assert run("select count(*) as rows from numbers").frame["rows"].to_list() == [100]
    settings = run("select name, value from duckdb_settings() where name in "
                   "('threads', 'enable_external_access', 'lock_configuration', 'autoload_known_extensions')")
    assert dict(settings.frame.iter_rows()) == {
        "threads": "2", "enable_external_access": "false", "lock_configuration": "true",
        "autoload_known_extensions": "false"}
    databases = run("select database_name from duckdb_databases() where not internal").frame
    assert databases["database_name"].to_list() == ["wh"]  # no writable in-memory catalog left


# --- clear messages for mistakes ---------------------------------------------------------

@pytest.mark.parametrize("sql, kind, fragment", [
    ("selec 1", "syntax", 'syntax error at or near "selec"'),
    ("select * frm numbers", "syntax", "syntax error"),
    ("select (1", "syntax", "syntax error"),
    ("select * from nowhere", "error", "Table with name nowhere does not exist"),
    ("select missing_column from numbers", "error", "missing_column"),
    ("select 1 / 'a'", "error", "Conversion Error"),
])
def test_mistakes_get_a_message_not_a_traceback(run, sql, kind, fragment):
    error = refusal(run, sql)
    assert (error.kind, fragment in error.message) == (kind, True)


def test_a_missing_warehouse_is_an_error_with_what_to_do(tmp_path, log_path):
    with pytest.raises(SandboxError) as caught:
        run_sql("select 1", who="tester", db=tmp_path / "none.duckdb", limits=ROOMY, log_path=log_path)
    assert caught.value.kind == "error"
    assert "No warehouse at" in caught.value.message


# --- each limit bites -----------------------------------------------------------------------

def test_time_limit_stops_a_long_query(run):
    started = time.perf_counter()
    error = refusal(lambda sql: run(sql, Limits(0.5, 10_000, "512MB", 2)), LONG_QUERY)
    assert error.kind == "timeout"
    assert "time limit of 0.5 s" in error.message
    assert time.perf_counter() - started < 5


def test_time_limit_comes_from_the_settings(db, log_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SQL_TIME_LIMIT_S", "0.3")
    with pytest.raises(SandboxError) as caught:
        run_sql(LONG_QUERY, who="tester", db=db, log_path=log_path)
    assert caught.value.kind == "timeout"


def test_a_timeout_leaves_other_queries_alone(run):
    outcomes: dict[str, object] = {}

    def long_one() -> None:
        try:
            run(LONG_QUERY, Limits(0.5, 10_000, "512MB", 2))
        except SandboxError as error:
            outcomes["long"] = error.kind

    worker = threading.Thread(target=long_one)
    worker.start()
    outcomes["short"] = run("select count(*) as rows from numbers").frame["rows"].to_list()
    worker.join()
    assert outcomes == {"long": "timeout", "short": [100]}
    assert run("select 1 as still_fine").rows == 1  # the interrupt did not leak into the next query


def test_row_cap_truncates_and_says_so(run):
    capped = Limits(30.0, 10, "512MB", 2)
    more = run("select n from numbers order by n", capped)
    assert (more.rows, more.truncated, more.row_cap) == (10, True, 10)
    assert more.frame["n"].to_list() == list(range(10))
    exactly = run("select n from numbers where n < 10", capped)
    assert (exactly.rows, exactly.truncated) == (10, False)


def test_row_cap_comes_from_the_settings_and_stops_a_huge_result_early(db, log_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SQL_ROW_CAP", "5")
    result = run_sql("select * from range(10000000000)", who="tester", db=db, log_path=log_path)
    assert (result.rows, result.truncated) == (5, True)


def test_memory_limit_fails_a_big_aggregation_clearly(run):
    error = refusal(lambda sql: run(sql, Limits(30.0, 10_000, "32MB", 1)),
                    "select count(distinct range::varchar) from range(20000000)")
    assert error.kind == "error"
    assert "more memory than the sandbox's 32MB" in error.message


def test_threads_are_capped(run):
    result = run("select current_setting('threads') as threads", Limits(30.0, 10, "512MB", 1))
    assert result.frame["threads"].to_list() == [1]


# --- the log -----------------------------------------------------------------------------------

def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_query_is_logged_as_one_json_line(run, log_path):
    run("select n from numbers", Limits(30.0, 10, "512MB", 2))
    with pytest.raises(SandboxError):
        run("drop table numbers")
    with pytest.raises(SandboxError):
        run("selec 1")
    ok, refused, syntax = read_log(log_path)
    assert set(ok) >= {"who", "when", "duration_ms", "rows", "truncated", "status", "sql"}
    assert (ok["who"], ok["status"], ok["rows"], ok["truncated"], ok["sql"]) == \
        ("tester", "ok", 10, True, "select n from numbers")
    assert (refused["status"], refused["rows"], refused["sql"]) == ("refused", 0, "drop table numbers")
    assert "DROP drops an object" in refused["message"]
    assert syntax["status"] == "syntax"


def test_the_log_goes_next_to_the_warehouse_by_default(db):
    run_sql("select 1", who="web 10.0.0.7", db=db, limits=ROOMY)
    assert sql_log_path(db) == db.with_name("workforce.duckdb.sql-log.jsonl")
    assert read_log(sql_log_path(db))[0]["who"] == "web 10.0.0.7"


def test_the_log_path_comes_from_the_settings(db, tmp_path, monkeypatch):
    configured = tmp_path / "logs" / "sql.jsonl"
    monkeypatch.setenv("WORKFORCE_SQL_LOG_PATH", str(configured))
    run_sql("select 1", who="tester", db=db, limits=ROOMY)
    assert read_log(configured)[0]["status"] == "ok"


def test_timeouts_are_logged(run, log_path):
    with pytest.raises(SandboxError):
        run(LONG_QUERY, Limits(0.3, 10, "512MB", 2))
    (entry,) = read_log(log_path)
    assert entry["status"] == "timeout"
    assert entry["duration_ms"] >= 300


# --- following the warehouse -------------------------------------------------------------

def test_the_sandbox_follows_a_publish(run, db):
    assert run("select value from build").frame["value"].to_list() == [1]
    time.sleep(0.01)  # a distinct modification time even on coarse file systems
    make_small_warehouse(db, value=2)
    assert run("select value from build").frame["value"].to_list() == [2]


def test_the_sandbox_never_locks_the_file_against_a_rebuild(run, db):
    run("select count(*) from numbers")
    with rebuilding(db) as con:  # would fail if the sandbox held a write lock on the published file
        con.execute("insert into numbers values (100)")
    assert run("select count(*) as rows from numbers").frame["rows"].to_list() == [101]
    assert duckdb.connect(str(db), read_only=True).sql("select count(*) from numbers").fetchall() == [(101,)]
