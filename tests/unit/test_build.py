"""build(): runs on an empty warehouse, creates the contract's tables and columns, documents them, is idempotent."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from tests.warehouse_factory import make_warehouse, make_warehouse_file
from warehouse import build as build_module
from warehouse.build import LAYERS, ModelOrderError, build, data_dictionary, model_files

# METRICS.md, literally: every table analysts rely on and the columns it promises.
CONTRACT: dict[str, list[str]] = {
    "dim_region": ["region_code", "region_name", "iso_code", "tile_col", "tile_row"],
    "dim_trade": ["trade_code", "label_fr", "label_en", "family", "rome_code"],
    "dim_skill": ["skill_code", "label_fr", "label_en", "domain"],
    "dim_programme": ["programme_code", "title_fr", "title_en", "trade_code", "pathway", "modality",
                      "duration_hours"],
    "trade_skill_requirement": ["trade_code", "skill_code", "required_level"],
    "dim_goal": ["goal_code", "target_jobs", "start_month", "end_month"],
    "fact_enrolment": ["learner_id", "programme_code", "trade_code", "region_code", "start_date", "end_date",
                       "status", "certified", "pathway", "source_file", "source_line", "loaded_at"],
    "fact_assessment": ["learner_id", "skill_code", "assessed_on", "score", "level", "method",
                        "source_file", "source_line", "loaded_at"],
    "fact_hiring": ["employer_id", "region_code", "trade_code", "month", "openings", "hires", "jobs_created",
                    "hires_from_campus", "open_vacancies", "source_file", "source_line", "loaded_at"],
    "fact_placement": ["learner_id", "employer_id", "trade_code", "region_code", "hired_on", "contract",
                       "source_file", "source_line", "loaded_at"],
    "fact_bmo": ["year", "bmo_code", "region_code", "department_code", "employment_area_code", "met", "xmet",
                 "smet", "met_masked", "xmet_masked", "smet_masked", "difficulty_rate"],
    "load_log": ["file_path", "sha256", "source", "status", "rows_read", "rows_inserted", "rows_updated",
                 "rows_unchanged", "rows_rejected", "started_at", "finished_at", "message"],
    "rejected_rows": ["file_path", "line", "column_name", "value", "reason"],
    "warehouse_info": ["as_of", "built_at", "data_mode", "product_version", "reference_version"],
    "mart_goal_progress": ["month", "jobs_created", "jobs_created_cumulative", "target_cumulative",
                           "gap_to_target", "pct_of_goal"],
    "mart_goal_forecast": ["as_of_month", "jobs_created_cumulative", "run_rate_12m", "months_remaining",
                           "projected_at_end", "required_run_rate", "on_track", "projected_goal_month"],
    "mart_talent_gap": ["trade_code", "region_code", "quarter_start", "demand", "graduates", "supply", "gap",
                        "coverage", "job_ready_rate", "hires", "jobs_created", "hires_from_campus"],
    "mart_skill_gap": ["trade_code", "skill_code", "region_code", "year", "required_level",
                       "assessed_learners", "mean_score", "mean_level", "proficient_learners",
                       "proficient_share"],
    "mart_training_funnel": ["programme_code", "region_code", "cohort_year", "enrolled", "in_progress",
                             "completed", "withdrawn", "certified", "completion_rate", "certification_rate",
                             "eligible_6m", "placed_6m", "placement_rate_6m"],
    "mart_hiring_monthly": ["trade_code", "region_code", "month", "openings", "hires", "jobs_created",
                            "hires_from_campus", "open_vacancies", "employers_reporting", "campus_share"],
}
MARTS = [name for name in CONTRACT if name.startswith("mart_")]


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def columns_of(con, table: str) -> list[str]:
    return [name for (name,) in con.sql(
        "select column_name from duckdb_columns() where schema_name = 'main' and table_name = ? "
        "order by column_index", params=[table]).fetchall()]


def test_build_on_an_empty_warehouse(con):
    summary = build(con)
    assert summary.as_of is None
    assert summary.data_mode == "real"
    for mart in MARTS:
        assert summary.row_counts[mart] == 0, mart
    assert summary.row_counts["warehouse_info"] == 1
    assert summary.row_counts["dim_region"] == 18
    [(as_of, data_mode, status, reference_version)] = con.sql(
        "select as_of, data_mode, status, reference_version from warehouse_info").fetchall()
    assert (as_of, data_mode, status) == (None, "real", "ok")
    assert reference_version == summary.reference_version


@pytest.mark.parametrize("table", list(CONTRACT))
def test_contract_table_has_its_columns(con, table):
    build(con)
    present = columns_of(con, table)
    missing = [column for column in CONTRACT[table] if column not in present]
    assert not missing, f"{table} lacks {missing}"


def test_every_table_view_and_column_is_documented(con):
    build(con)
    dictionary = data_dictionary(con)
    undocumented = dictionary.filter(dictionary["comment"].is_null() | (dictionary["comment"].str.strip_chars() == ""))
    assert undocumented.height == 0, undocumented.select("schema_name", "table_name", "column_name").rows()
    documented = set(dictionary["table_name"])
    assert set(CONTRACT) <= documented
    assert {"stg_enrolments", "stg_assessments", "stg_hiring", "stg_placements", "stg_bmo"} <= documented


def test_rebuilding_twice_gives_the_same_warehouse(con):
    make_warehouse(con, enrolments=[{"learner_id": "L1", "status": "completed", "end_date": "2024-06-30"}],
                   assessments=[{"learner_id": "L1", "assessed_on": "2024-06-01"}],
                   hiring=[{"month": "2024-06-01", "openings": 3, "hires": 2, "jobs_created": 1}])
    def contents(table: str) -> list[tuple]:
        return sorted(con.sql(f"select * from {table}").fetchall(), key=repr)

    snapshot = {table: contents(table) for table in CONTRACT if table != "warehouse_info"}
    first = build(con)
    second = build(con)
    assert first.row_counts == second.row_counts
    assert second.as_of == date(2024, 6, 30)
    for table, before in snapshot.items():
        assert contents(table) == before, table


def test_every_model_file_states_its_grain_first():
    for path in model_files():
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("-- grain: "), path.name


def test_models_run_layer_by_layer_and_after_the_models_they_read():
    order = [path.stem for path in model_files()]
    layers = [path.parent.name for path in model_files()]
    assert layers == sorted(layers, key=LAYERS.index)
    assert order.index("trade_skill_requirement") < order.index("fact_job_readiness_skill")
    assert order.index("fact_job_readiness_skill") < order.index("fact_job_readiness")
    assert order.index("fact_hiring") < order.index("dim_month")
    assert order.index("mart_goal_progress") < order.index("mart_goal_forecast")


def test_models_that_read_each_other_in_a_circle_are_refused(tmp_path, monkeypatch):
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "core" / "alpha.sql").write_text("-- grain: x\ncreate table alpha as select * from beta;\n")
    (tmp_path / "core" / "beta.sql").write_text("-- grain: x\ncreate table beta as select * from alpha;\n")
    monkeypatch.setattr(build_module, "MODELS_DIR", tmp_path)
    with pytest.raises(ModelOrderError, match="alpha, beta"):
        model_files()


def test_a_model_name_in_a_comment_or_a_string_is_not_a_dependency(tmp_path, monkeypatch):
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "core" / "alpha.sql").write_text(
        "-- grain: x (see zeta)\ncreate table alpha as select 1 as x;\ncomment on table alpha is 'unlike zeta';\n")
    (tmp_path / "core" / "zeta.sql").write_text("-- grain: x\ncreate table zeta as select * from alpha;\n")
    monkeypatch.setattr(build_module, "MODELS_DIR", tmp_path)
    assert [path.stem for path in model_files()] == ["alpha", "zeta"]


def test_published_file_is_readable_read_only(tmp_path):
    path = make_warehouse_file(tmp_path, hiring=[{"month": "2024-06-01", "openings": 3}])
    with duckdb.connect(str(path), read_only=True) as reader:
        assert reader.sql("select demand from mart_talent_gap").fetchall() == [(3,)]
        assert reader.sql("select count(*) from stg_hiring").fetchall() == [(1,)]


def test_a_model_that_changed_kind_replaces_the_old_relation(con):
    build(con)
    con.execute("drop view fact_assessment")
    con.execute("create table fact_assessment as select 1 as x")  # as an earlier version built it
    build(con)
    assert con.sql("select table_type from information_schema.tables "
                   "where table_name = 'fact_assessment'").fetchall() == [("VIEW",)]


def test_a_failing_model_names_its_file(tmp_path, monkeypatch):
    for layer in ("raw", *LAYERS):
        (tmp_path / layer).mkdir()
    shutil.copy(build_module.MODELS_DIR / "raw" / "raw_tables.sql", tmp_path / "raw")
    (tmp_path / "core" / "broken.sql").write_text("-- grain: x\ncreate or replace table broken as select * from nowhere;\n")
    monkeypatch.setattr(build_module, "MODELS_DIR", tmp_path)
    with duckdb.connect() as connection, pytest.raises(duckdb.Error, match="Model core/broken.sql failed"):
        build(connection)
