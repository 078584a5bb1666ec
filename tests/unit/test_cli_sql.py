"""`workforce sql`: the sandbox from the command line, its formats, exit codes and notices."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from warehouse.publish import rebuilding
from warehouse.sandbox import sql_log_path


@pytest.fixture(autouse=True)
def no_sql_settings(monkeypatch):
    for name in [name for name in os.environ if name == "WORKFORCE_DB" or name.startswith("WORKFORCE_SQL_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "workforce.duckdb"
    with rebuilding(path) as con:
        con.execute("create table regions (region_code varchar, region_name varchar)")
        con.execute("insert into regions values ('11', 'Île-de-France'), ('84', 'Auvergne-Rhône-Alpes'), "
                    "('93', 'Provence-Alpes-Côte d''Azur')")
    return path


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["sql", *args], input=stdin, env=env)


def flat(text: str) -> str:
    """Rich wraps long messages at the terminal width; compare them as one line."""
    return " ".join(text.split())


def test_table_format_is_the_default(db):
    result = invoke("select region_code, region_name from regions order by region_code", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "region_name" in result.stdout and "Île-de-France" in result.stdout
    assert "3 row(s)" in result.stderr


def test_csv_format_writes_only_the_rows_to_stdout(db):
    result = invoke("select region_code from regions order by region_code", "--format", "csv", "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout == "region_code\n11\n84\n93\n"


def test_csv_format_writes_nested_values_as_json(db):
    result = invoke("select [1, 2] as codes, {'a': 1} as pair", "--format", "csv", "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == '"[1, 2]","{""a"": 1}"'


def test_csv_format_neutralises_formulas_and_keeps_negative_numbers(db):
    result = invoke("select '=HYPERLINK(\"http://x\")' as link, '@SUM(A1)' as at, '-2+3' as sum, -3 as n, "
                    "'-3' as text_n", "--format", "csv", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.stdout == 'link,at,sum,n,text_n\n"\'=HYPERLINK(""http://x"")",\'@SUM(A1),\'-2+3,-3,-3\n'


def test_json_format_is_an_array_of_rows(db):
    result = invoke("select region_code, region_name from regions where region_code = '84'",
                    "--format", "json", "--db", str(db))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"region_code": "84", "region_name": "Auvergne-Rhône-Alpes"}]


def test_dash_reads_the_query_from_stdin(db):
    result = invoke("-", "--format", "csv", "--db", str(db), stdin="select count(*) as regions\nfrom regions\n")
    assert result.exit_code == 0
    assert result.stdout == "regions\n3\n"


def test_truncation_notice_goes_to_stderr(db):
    result = invoke("select region_code from regions order by region_code", "--format", "csv", "--db", str(db),
                    env={"WORKFORCE_SQL_ROW_CAP": "2"})
    assert result.exit_code == 0
    assert result.stdout == "region_code\n11\n84\n"
    assert "Truncated: only the first 2 rows are shown" in flat(result.stderr)


@pytest.mark.parametrize("query, fragment", [
    ("drop table regions", "Refused: DROP drops an object"),
    ("select * from read_csv('/etc/passwd')", "files, URLs and extensions are out of reach"),
    ("select 1; select 2", "one statement per run"),
    ("selec 1", 'syntax error at or near "selec"'),
    ("select * from nowhere", "Table with name nowhere does not exist"),
])
def test_refusals_and_errors_exit_1_with_the_message(db, query, fragment):
    result = invoke(query, "--db", str(db))
    assert result.exit_code == 1
    assert fragment in flat(result.stderr)
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_timeout_exits_1(db):
    result = invoke("select count(*) from range(100000000) as a, range(1000000) as b", "--db", str(db),
                    env={"WORKFORCE_SQL_TIME_LIMIT_S": "0.3"})
    assert result.exit_code == 1
    assert "Stopped at the time limit of 0.3 s" in flat(result.stderr)


@pytest.mark.parametrize("args, stdin", [
    (["", "--db", "{db}"], None),
    (["-", "--db", "{db}"], "   \n"),
    (["select 1", "--format", "xml", "--db", "{db}"], None),
    ([], None),
])
def test_usage_errors_exit_2(db, args, stdin):
    result = invoke(*(arg.format(db=db) for arg in args), stdin=stdin)
    assert result.exit_code == 2


def test_a_missing_warehouse_exits_1(tmp_path):
    result = invoke("select 1", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "No warehouse at" in flat(result.stderr)


def test_queries_are_logged_with_the_os_user(db, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "analyst42")
    invoke("select 1", "--db", str(db))
    invoke("drop table regions", "--db", str(db))
    entries = [json.loads(line) for line in sql_log_path(db).read_text().splitlines()]
    assert [(entry["who"], entry["status"]) for entry in entries] == [("analyst42", "ok"),
                                                                        ("analyst42", "refused")]


@pytest.mark.parametrize("output_format", ["csv", "json", "table"])
@pytest.mark.parametrize("query, rows", [("select * from test_all_types()", 3),
                                         ("select * from pragma_storage_info('regions')", 4)])
def test_every_duckdb_type_writes_in_every_format(db, query, rows, output_format):
    # Issue 9: test_all_types() and pragma_storage_info() ended in a traceback as CSV and JSON.
    result = invoke(query, "--format", output_format, "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "panicked" not in result.output
    assert f"{rows} row(s)" in result.stderr
    if output_format == "json":
        assert len(json.loads(result.stdout)) == rows
    elif output_format == "csv":
        assert pl.read_csv(result.stdout.encode(), infer_schema=False).height == rows


def test_binary_values_are_text_in_json(db):
    result = invoke("select 'caf\\xC3\\xA9 \\xFF'::blob as raw", "--format", "json", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"raw": "café \\xff"}]


def test_a_result_a_format_cannot_hold_is_a_message(db, monkeypatch):
    def refuse(*_: object, **__: object) -> None:
        raise pl.exceptions.ComputeError("datatype ext[some.new.type] cannot be written to CSV")

    monkeypatch.setattr("warehouse.files.plain_csv", refuse)
    result = invoke("select 1 as one", "--format", "csv", "--db", str(db))
    assert result.exit_code == 1
    assert "The result could not be written as csv (datatype ext[some.new.type] cannot be written to CSV)" \
        in flat(result.stderr)
    assert "Traceback" not in result.output


def test_a_query_text_past_the_cap_exits_1(db):
    result = invoke("-", "--db", str(db), stdin="select 1 -- " + "x" * 200_000)
    assert result.exit_code == 1
    assert "Refused: the query is 200,012 characters long and the sandbox takes at most 100,000" in flat(result.stderr)


def test_messages_show_no_folder(tmp_path):
    result = invoke("select 1", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "No warehouse at none.duckdb" in flat(result.stderr) and str(tmp_path) not in result.stderr


def test_brackets_in_a_message_are_kept(db):
    result = invoke('select "[red]price" from regions', "--db", str(db))
    assert result.exit_code == 1
    assert 'Referenced column "[red]price" not found' in flat(result.stderr)


def test_a_setting_that_does_not_parse_exits_2(db):
    result = invoke("select 1", "--db", str(db), env={"WORKFORCE_SQL_RESULT_MAX_BYTES": "lots"})
    assert result.exit_code == 2
    assert "WORKFORCE_SQL_RESULT_MAX_BYTES='lots' is not valid: it takes a size" in flat(result.stderr)


def test_a_query_that_is_not_utf8_is_refused_with_where(db):
    result = invoke("select 'caf\udce9' as x", "--db", str(db))  # how Python reads the bytes caf\xe9 of Latin-1
    assert result.exit_code == 1
    assert "Refused: the query is not UTF-8 text (character 12 is not a character)" in flat(result.stderr)
