"""The `workforce` command as a user meets it: exit codes, summaries, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pipelines.cli import app

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env or {}, catch_exceptions=False)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


HIRING_OK = ("employer_id,region_code,trade_code,month,openings,hires,jobs_created,hires_from_campus,open_vacancies\n"
             "E1,84,QC,2024-03,5,3,2,1,2\n")


def test_demo_then_ingest_then_status(tmp_path):
    demo_dir, db_path = tmp_path / "demo", tmp_path / "w.duckdb"
    result = invoke("demo", "--scale", "0.05", "--until", "2025-06", "--out", str(demo_dir))
    assert result.exit_code == 0, result.output
    assert "workforce ingest" in result.output

    result = invoke("ingest", str(demo_dir), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "Published" in result.output and "rejected row(s)" in result.output

    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select data_mode from warehouse_info").fetchone() == ("demo",)
        # the four sources' exports and the two latest BMO surveys (france-travail/)
        assert con.execute("select count(*) from load_log where status = 'loaded'").fetchone() == (6,)

    result = invoke("status", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    for expected in ("warehouse_info", "demo", "Last loads", "Rejected rows by reason"):
        assert expected in result.output


def test_the_same_files_twice_are_skipped(tmp_path):
    db_path = tmp_path / "w.duckdb"
    hiring = write(tmp_path / "hiring.csv", HIRING_OK)
    assert invoke("ingest", str(hiring), "--db", str(db_path)).exit_code == 0
    result = invoke("ingest", str(hiring), "--db", str(db_path))
    assert result.exit_code == 0
    assert "skipped" in result.output


def test_a_refused_file_exits_1_and_the_other_files_still_load(tmp_path):
    db_path = tmp_path / "w.duckdb"
    good = write(tmp_path / "hiring.csv", HIRING_OK)
    refused = write(tmp_path / "broken.csv", "employer_id,month\nE1,2024-03\n")
    result = invoke("ingest", "--source", "hiring", str(good), str(refused), "--db", str(db_path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select count(*) from fact_hiring").fetchone() == (1,)
        assert con.execute("select status from load_log order by load_id").fetchall() == [("loaded",), ("failed",)]


def test_usage_errors_exit_2(tmp_path):
    assert invoke("ingest", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "w.duckdb")).exit_code == 2
    assert invoke("ingest", "--source", "salaries", str(tmp_path), "--db", str(tmp_path / "w.duckdb")).exit_code == 2
    assert invoke("demo", "--out", str(tmp_path), "--until", "March").exit_code == 2


def test_status_and_build_without_a_warehouse_say_what_to_do(tmp_path):
    result = invoke("status", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "workforce ingest" in result.output
    result = invoke("build", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "workforce ingest" in result.output


def test_a_mistyped_setting_is_refused_at_start_up(tmp_path):
    result = invoke("status", "--db", str(tmp_path / "w.duckdb"), env={"WORKFORCE_SQL_ROWCAP": "3"})
    assert result.exit_code == 2
    assert "Unknown setting(s) WORKFORCE_SQL_ROWCAP" in result.output


def test_build_recomputes_and_publishes(tmp_path):
    db_path = tmp_path / "w.duckdb"
    invoke("ingest", str(write(tmp_path / "hiring.csv", HIRING_OK)), "--db", str(db_path))
    result = invoke("build", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select openings from mart_hiring_monthly").fetchall() == [(5,)]


def test_a_bad_setting_value_stops_start_up_saying_what_it_takes(tmp_path):
    result = invoke("status", "--db", str(tmp_path / "w.duckdb"), env={"WORKFORCE_PRIVACY_THRESHOLD": "abc"})
    assert result.exit_code == 2
    assert "WORKFORCE_PRIVACY_THRESHOLD='abc' is not valid: it takes a whole number of 1 or more" in result.output


def test_status_piped_at_80_columns_never_cuts_a_number(tmp_path):
    from tests.warehouse_factory import make_warehouse_file

    db_path = make_warehouse_file(tmp_path, load_log=[{"file_path": "/a/very/long/path/to/an/export/folder/of/"
                                                       "the/training/centre/assessments-2026.csv",
                                                       "source": "assessments", "rows_read": 5_118_427,
                                                       "rows_inserted": 5_118_427}])
    result = runner.invoke(app, ["status", "--db", str(db_path)], env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "5,118,427" in result.output and "5,118,…" not in result.output and "…" not in result.output.replace(
        "'…'", "")
    assert "assessments-2026.csv" in result.output


def test_a_folder_of_gzipped_files_loads_and_a_folder_with_no_data_file_exits_1(tmp_path):
    import gzip

    db_path = tmp_path / "w.duckdb"
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "hiring.csv.gz").write_bytes(gzip.compress(HIRING_OK.encode()))
    result = invoke("ingest", str(exports), "--db", str(db_path))
    assert result.exit_code == 0 and "Published" in result.output
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select count(*) from fact_hiring").fetchone() == (1,)

    notes = tmp_path / "notes"
    notes.mkdir()
    write(notes / "notes.json", "{}")
    result = invoke("ingest", str(notes), "--db", str(db_path))
    assert result.exit_code == 1 and "Published" not in result.output
    assert " ".join(result.output.split()) == (
        f"Error: No file to load in {notes}: no CSV, TXT, XLSX or Parquet file (nor .gz of one) (left out: "
        "notes.json: not a data file (CSV, TXT, XLSX, Parquet, or one of them compressed as .gz)). Nothing was "
        "published.")


def test_a_zip_in_a_folder_is_refused_by_name_and_exits_1(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    write(exports / "exports.zip", "PK")
    result = invoke("ingest", str(exports), "--db", str(tmp_path / "w.duckdb"))
    assert result.exit_code == 1
    assert "exports.zip is a zip archive; extract the files it holds and load them." in " ".join(result.output.split())


def test_check_is_documented_with_the_exit_codes():
    result = invoke("--help")
    assert "check" in result.output and "Exit codes: 0 success; 1" in " ".join(result.output.split())


def test_a_warehouse_of_an_earlier_version_keeps_working_once_rebuilt(tmp_path):
    db_path = tmp_path / "w.duckdb"
    assert invoke("ingest", str(write(tmp_path / "hiring.csv", HIRING_OK)), "--db", str(db_path)).exit_code == 0
    with duckdb.connect(str(db_path)) as con:  # as the first release left it
        con.execute("drop view mart_rejections_by_reason")
        for table, column in [("load_log", "file_name"), ("load_log", "sheet"), ("load_log", "message_key"),
                              ("load_log", "message_args"), ("rejected_rows", "file_name"), ("rejected_rows", "sheet"),
                              ("rejected_rows", "reason_key"), ("rejected_rows", "reason_args")]:
            con.execute(f"alter table {table} drop column {column}")
    result = invoke("status", "--db", str(db_path))
    assert result.exit_code == 1 and "built by an earlier version" in result.output and "workforce build" in result.output
    assert invoke("build", "--db", str(db_path)).exit_code == 0
    result = invoke("ingest", str(write(tmp_path / "broken.csv", "employer_id,month\nE1,2024-03\n")),
                    "--source", "hiring", "--db", str(db_path))
    assert result.exit_code == 1
    result = invoke("status", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select file_name, message_key from load_log order by load_id").fetchall() == [
            (None, None), ("broken.csv", "file.missing_columns")]
