"""`workforce export --format parquet`: facts by year (hive style), one file per dimension and mart, README."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.warehouse_factory import make_warehouse_file
from warehouse.connect import query
from warehouse.export import export_parquet
from warehouse.publish import rebuilding


@pytest.fixture(autouse=True)
def no_db_setting(monkeypatch):
    monkeypatch.delenv("WORKFORCE_DB", raising=False)


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    return make_warehouse_file(
        tmp_path_factory.mktemp("real"),
        hiring=[{"month": "2023-06-01", "openings": 4, "hires": 2, "jobs_created": 2},
                {"month": "2024-03-01", "openings": 10, "hires": 5, "jobs_created": 3},
                {"month": "2024-04-01", "region_code": "84", "openings": 1}],
        enrolments=[{"learner_id": "L1", "status": "completed", "start_date": "2023-09-01",
                     "end_date": "2024-03-31"},
                    {"learner_id": "L2", "start_date": "2024-09-01"}],
        assessments=[{"learner_id": "L1", "assessed_on": "2024-03-01", "score": 85.0}],
    )


def read_back(path: Path) -> int:
    """Rows of an exported table, read the way the README says."""
    source = f"read_parquet('{path}/**/*.parquet', hive_partitioning = true)" if path.is_dir() else f"'{path}'"
    return duckdb.sql(f"select count(*) from {source}").fetchall()[0][0]


def test_export_reads_back_with_the_same_counts(real_db, tmp_path):
    out = tmp_path / "export"
    exported = export_parquet(out, db=real_db)
    names = {item.table.name for item in exported}
    assert {"dim_region", "trade_skill_requirement", "fact_hiring", "fact_enrolment", "mart_talent_gap",
            "mart_goal_progress", "warehouse_info"} <= names
    assert not names & {"load_log", "rejected_rows", "stg_hiring", "raw.hiring"}
    for item in exported:
        if item.rows:  # an empty fact writes an empty folder, which read_parquet cannot glob
            warehouse_rows = query(f"select count(*) as n from {item.table.name}", db=real_db)["n"][0]
            assert read_back(item.path) == item.rows == warehouse_rows, item.table.name


def test_facts_are_partitioned_by_year_hive_style(real_db, tmp_path):
    out = tmp_path / "export"
    exported = {item.table.name: item for item in export_parquet(out, db=real_db)}
    assert sorted(path.name for path in (out / "fact_hiring").iterdir()) == ["year=2023", "year=2024"]
    assert list((out / "fact_hiring" / "year=2024").glob("*.parquet"))
    assert exported["fact_hiring"].year_from == "year"
    assert exported["fact_enrolment"].year_from == "start_date"  # no year column: the year of its first date
    enrolment_years = pl.scan_parquet(out / "fact_enrolment" / "**" / "*.parquet", hive_partitioning=True) \
        .select("learner_id", "year").collect().sort("learner_id")
    assert enrolment_years.rows() == [("L1", 2023), ("L2", 2024)]


def test_dimensions_and_marts_are_one_file_each(real_db, tmp_path):
    out = tmp_path / "export"
    export_parquet(out, db=real_db)
    assert (out / "dim_region.parquet").is_file()
    assert (out / "mart_talent_gap.parquet").is_file()
    regions = pl.read_parquet(out / "dim_region.parquet")
    assert regions.filter(pl.col("region_code") == "01")["region_name"].to_list() == ["Guadeloupe"]


def test_readme_describes_the_tables_and_four_readers(real_db, tmp_path):
    out = tmp_path / "export"
    export_parquet(out, db=real_db)
    readme = (out / "README.md").read_text(encoding="utf-8")
    for reader in ("DuckDB", "polars", "Spark", "Trino"):
        assert reader in readme
    assert "hive_partitioning = true" in readme
    assert "| [`fact_hiring`](#fact_hiring) | Facts | 3 | `fact_hiring/year=*/*.parquet` |" in readme
    assert "(year of `start_date`)" in readme
    assert "### `mart_talent_gap`" in readme
    assert "| `demand` |" in readme


def test_exporting_again_replaces_the_tables_not_other_files(real_db, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    export_parquet(out, db=real_db)
    export_parquet(out, db=real_db)
    assert read_back(out / "fact_hiring") == 3
    assert (out / "notes.txt").read_text() == "mine"
    assert not list(out.glob(".*.partial"))


def test_an_export_does_not_block_a_rebuild(tmp_path):
    db = tmp_path / "w.duckdb"
    with rebuilding(db) as con:
        con.execute("create table fact_sale as select range as sale_id, date '2024-01-01' + range::integer "
                    "as sold_on from range(400)")
    out = tmp_path / "export"
    exported = export_parquet(out, db=db)
    with rebuilding(db, wait=False) as con:  # the export's read-only attachment holds no lock
        con.execute("delete from fact_sale where sale_id >= 100")
    assert [(item.table.name, item.rows, item.year_from) for item in exported] == [("fact_sale", 400, "sold_on")]
    assert read_back(out / "fact_sale") == 400
    assert export_parquet(out, db=db)[0].rows == read_back(out / "fact_sale") == 100


def test_export_command(real_db, tmp_path):
    out = tmp_path / "export"
    result = CliRunner().invoke(app, ["export", "--format", "parquet", "--out", str(out), "--db", str(real_db)])
    assert result.exit_code == 0, result.output
    assert "README.md" in " ".join(result.stdout.split())
    assert (out / "fact_hiring").is_dir()


@pytest.mark.parametrize("args, code", [
    (["--format", "csv", "--out", "{out}"], 2),
    (["--format", "parquet"], 2),
])
def test_export_command_usage_errors(real_db, tmp_path, args, code):
    arguments = [arg.format(out=tmp_path / "export") for arg in args]
    result = CliRunner().invoke(app, ["export", *arguments, "--db", str(real_db)])
    assert result.exit_code == code


def test_export_command_on_a_missing_warehouse(tmp_path):
    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "export"),
                                      "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "No warehouse at" in result.stderr
    assert not (tmp_path / "export").exists()
