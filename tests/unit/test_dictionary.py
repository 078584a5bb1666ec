"""The data dictionary, the worked examples and `workforce docs`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.warehouse_factory import make_warehouse_file
from warehouse import dictionary
from warehouse.dictionary import Column, Table, render_markdown, schema_catalog, star_schema_mermaid, table_role
from warehouse.examples import EXAMPLES, Example, failing_examples
from warehouse.publish import rebuilding
from warehouse.sandbox import Limits, run_sql

ROOMY = Limits(time_limit_s=30.0, row_cap=10_000, memory_limit="512MB", threads=2)


@pytest.fixture(autouse=True)
def no_sql_settings(monkeypatch):
    for name in ("DB", "SQL_TIME_LIMIT_S", "SQL_ROW_CAP", "SQL_MEMORY_LIMIT", "SQL_THREADS", "SQL_LOG_PATH"):
        monkeypatch.delenv(f"WORKFORCE_{name}", raising=False)


@pytest.fixture
def small_db(tmp_path) -> Path:
    """A hand-made star: one dimension, one fact, a view and a landing table, all commented."""
    path = tmp_path / "small.duckdb"
    with rebuilding(path) as con:
        con.execute("create table dim_region (region_code varchar, region_name varchar)")
        con.execute("comment on table dim_region is 'The regions. One row per region; the key every fact uses.'")
        con.execute("comment on column dim_region.region_code is 'INSEE code | as text'")
        con.execute("comment on column dim_region.region_name is 'Name in French.'")
        con.execute("create table fact_visit (region_code varchar, visited_on date, visitors integer)")
        con.execute("comment on table fact_visit is 'Visits: one row per region x day, as reported.'")
        con.execute("comment on column fact_visit.visitors is 'People who came.'")
        con.execute("create table mart_visits as select region_code, sum(visitors) as visitors "
                    "from fact_visit group by region_code")
        con.execute("create view stg_visit as select * from fact_visit")
        con.execute("create schema raw")
        con.execute("create table raw.visits (region_code varchar)")
        con.execute("comment on table raw.visits is 'Landing: one row per file line'")
    return path


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    """A warehouse built by the real models from a few rows, enough for every example to return rows."""
    return make_warehouse_file(
        tmp_path_factory.mktemp("real"),
        hiring=[{"region_code": "11", "month": "2024-03-01", "openings": 10, "hires": 5, "jobs_created": 3},
                {"region_code": "84", "employer_id": "EMP-2", "month": "2023-06-01", "openings": 4, "hires": 2,
                 "jobs_created": 2}],
        enrolments=[{"learner_id": "L1", "status": "completed", "start_date": "2023-09-01",
                     "end_date": "2024-03-31", "certified": True},
                    {"learner_id": "L2", "status": "completed", "region_code": "84", "start_date": "2023-09-01",
                     "end_date": "2024-03-31"}],
        assessments=[{"learner_id": "L1", "skill_code": "GMP", "assessed_on": "2024-03-01", "score": 85.0}],
        placements=[{"learner_id": "L1", "hired_on": "2024-05-01"}],
    )


def by_name(tables: list[Table]) -> dict[str, Table]:
    return {table.name: table for table in tables}


# --- schema_catalog ------------------------------------------------------------------------

def test_catalog_reads_table_and_column_comments(small_db):
    tables = by_name(schema_catalog(small_db))
    region = tables["dim_region"]
    assert region.comment == "The regions. One row per region; the key every fact uses."
    assert region.columns == [Column("region_code", "VARCHAR", "INSEE code | as text"),
                              Column("region_name", "VARCHAR", "Name in French.")]
    assert tables["fact_visit"].columns[1] == Column("visited_on", "DATE", None)


def test_catalog_lists_views_and_other_schemas_by_role(small_db):
    tables = schema_catalog(small_db)
    assert [(table.name, table.role, table.kind) for table in tables] == [
        ("dim_region", "dimension", "table"),
        ("fact_visit", "fact", "table"),
        ("mart_visits", "mart", "table"),
        ("stg_visit", "staging", "view"),
        ("raw.visits", "landing", "table"),
    ]


@pytest.mark.parametrize("name, role", [
    ("dim_trade", "dimension"),
    ("trade_skill_requirement", "dimension"),
    ("fact_hiring", "fact"),
    ("mart_talent_gap", "mart"),
    ("load_log", "operations"),
    ("warehouse_info", "operations"),
    ("stg_hiring", "staging"),
    ("raw.hiring", "landing"),
    ("scratch", "other"),
])
def test_table_role(name, role):
    assert table_role(name) == role


def test_grain_comes_from_the_comment(small_db, tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary, "MODELS_DIR", tmp_path / "no-models")  # dim_region.sql would win
    tables = by_name(schema_catalog(small_db))
    assert tables["dim_region"].grain == "One row per region"
    assert tables["fact_visit"].grain == "one row per region x day"
    assert tables["raw.visits"].grain == "one row per file line"
    assert tables["mart_visits"].grain is None


def test_grain_comes_from_the_model_file_first_line(small_db, tmp_path, monkeypatch):
    models = tmp_path / "models"
    (models / "marts").mkdir(parents=True)
    (models / "marts" / "mart_visits.sql").write_text(
        "-- grain: one row per region\ncreate or replace table mart_visits as select 1\n")
    (models / "core").mkdir()
    (models / "core" / "fact_visit.sql").write_text("-- visits, no grain stated here\nselect 1\n")
    monkeypatch.setattr(dictionary, "MODELS_DIR", models)
    tables = by_name(schema_catalog(small_db))
    assert tables["mart_visits"].grain == "one row per region"
    assert tables["fact_visit"].grain == "one row per region x day"  # no grain line: the comment's


def test_real_warehouse_tables_all_state_a_grain(real_db):
    tables = by_name(schema_catalog(real_db))
    assert tables["mart_talent_gap"].grain.startswith("one row per trade x region x quarter")
    assert tables["mart_talent_gap"].role == "mart"
    assert tables["dim_region"].key == "region_code"
    assert all(table.grain for table in tables.values() if table.role in ("dimension", "fact", "mart"))


# --- markdown --------------------------------------------------------------------------------

def test_star_schema_links_facts_to_dimension_keys(small_db):
    diagram = star_schema_mermaid(schema_catalog(small_db))
    assert diagram.splitlines()[0] == "erDiagram"
    assert "    dim_region ||--o{ fact_visit : region_code" in diagram
    assert "        VARCHAR region_code PK" in diagram
    assert "        VARCHAR region_code FK" in diagram
    assert "mart_visits" not in diagram  # marts are computed, not part of the star


def test_markdown_has_schema_grain_columns_and_examples(small_db):
    example = Example("visits_by_region", "Visits by region", "Where do people go?",
                      "select region_code, visitors from mart_visits")
    markdown = render_markdown(schema_catalog(small_db), [example])
    assert "```mermaid\nerDiagram" in markdown
    assert "#### `fact_visit` (table)" in markdown
    assert "**Grain:** one row per region x day." in markdown
    assert "| `region_code` | VARCHAR | INSEE code \\| as text |" in markdown
    assert "### Visits by region\n\nWhere do people go?\n\n```sql\nselect region_code, visitors from mart_visits\n```" \
        in markdown


# --- the worked examples ------------------------------------------------------------------

def test_examples_have_distinct_names_and_one_statement_each():
    assert len({example.name for example in EXAMPLES}) == len(EXAMPLES) == 4
    assert all(";" not in example.sql for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_each_example_runs_in_the_sandbox_on_a_real_warehouse(real_db, tmp_path, example):
    result = run_sql(example.sql, who="tester", db=real_db, limits=ROOMY, log_path=tmp_path / "log.jsonl")
    assert result.rows > 0
    assert not result.truncated


def test_failing_examples_reports_none_on_a_real_warehouse(real_db):
    assert failing_examples(real_db, limits=ROOMY) == []


def test_failing_examples_reports_what_failed(small_db):
    failures = failing_examples(small_db, limits=ROOMY)
    assert [example.name for example, _ in failures] == [example.name for example in EXAMPLES]
    assert all(error.kind == "error" and "does not exist" in error.message for _, error in failures)


# --- workforce docs ---------------------------------------------------------------------------

def test_docs_command_writes_the_dictionary(real_db, tmp_path):
    out = tmp_path / "docs" / "warehouse.md"
    result = CliRunner().invoke(app, ["docs", "--db", str(real_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    markdown = out.read_text(encoding="utf-8")
    assert "dim_region ||--o{ fact_hiring : region_code" in markdown
    assert "#### `mart_talent_gap` (table)" in markdown
    assert "**Grain:** one row per trade x region x quarter" in markdown
    assert all(f"### {example.title}" in markdown for example in EXAMPLES)


def test_docs_command_refuses_to_write_when_an_example_fails(small_db, tmp_path):
    out = tmp_path / "warehouse.md"
    result = CliRunner().invoke(app, ["docs", "--db", str(small_db), "--out", str(out)])
    assert result.exit_code == 1
    assert "example query(ies) of warehouse/examples.py failed" in " ".join(result.stderr.split())
    assert not out.exists()


def test_docs_command_on_a_missing_warehouse(tmp_path):
    result = CliRunner().invoke(app, ["docs", "--db", str(tmp_path / "none.duckdb"), "--out",
                                      str(tmp_path / "warehouse.md")])
    assert result.exit_code == 1
    assert "No warehouse at" in result.stderr
