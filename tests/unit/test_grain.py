"""Each model's stated grain holds: no two rows of a built warehouse share the key its first line names."""

from __future__ import annotations

import duckdb
import pytest

from tests.warehouse_factory import make_warehouse
from warehouse.build import grain_key, model_files

# Rows for every source, with what could break a grain: two employers of one trade, region and month,
# a learner enrolled twice, reassessed, placed twice, two pathways of one programme, a refused file.
ENROLMENTS = [
    {"learner_id": "L1", "status": "completed", "end_date": "2024-06-28", "certified": True},
    {"learner_id": "L1", "programme_code": "P-QC-TECH", "start_date": "2024-09-02", "status": "completed",
     "end_date": "2025-03-28"},
    {"learner_id": "L2", "status": "completed", "end_date": "2024-06-28", "pathway": "apprenticeship"},
    {"learner_id": "L3", "region_code": "84", "status": "withdrawn", "end_date": "2024-01-15"},
    {"learner_id": "L4", "start_date": "2025-01-06"},
]
ASSESSMENTS = [
    {"learner_id": "L1", "skill_code": "GMP", "assessed_on": "2024-05-02", "score": 55.0},
    {"learner_id": "L1", "skill_code": "GMP", "assessed_on": "2024-06-10", "score": 82.0, "method": "vr"},
    {"learner_id": "L1", "skill_code": "ASEPTIC", "assessed_on": "2024-06-11", "score": 75.0},
    {"learner_id": "L2", "skill_code": "GMP", "assessed_on": "2024-06-01", "score": 90.0, "method": "written"},
]
HIRING = [
    {"employer_id": "EMP-1", "month": "2024-06-01", "openings": 5, "hires": 3, "jobs_created": 2,
     "hires_from_campus": 1},
    {"employer_id": "EMP-2", "month": "2024-06-01", "openings": 2, "hires": 1, "jobs_created": 1},
    {"employer_id": "EMP-1", "month": "2024-07-01", "region_code": "84", "trade_code": "QC", "openings": 4},
]
PLACEMENTS = [
    {"learner_id": "L1", "hired_on": "2024-07-15"},
    {"learner_id": "L2", "employer_id": "EMP-2", "hired_on": "2024-08-01", "contract": "cdd"},
    {"learner_id": "L2", "employer_id": "EMP-1", "hired_on": "2025-01-06"},
]
BMO = [{}, {"department_code": "69", "region_code": "84", "employment_area_code": "8213", "met": None,
            "met_masked": True}]
LOAD_LOG = [{"file_path": f"factory/{source}.csv", "source": source} for source in
            ("enrolments", "assessments", "hiring", "placements", "bmo")] + [
    {"file_path": "factory/notes.csv", "status": "failed", "message": "refused"}]

MODELS = [path for path in model_files() if grain_key(path) is not None]


@pytest.fixture(scope="module")
def warehouse():
    connection = duckdb.connect()
    make_warehouse(connection, enrolments=ENROLMENTS, assessments=ASSESSMENTS, hiring=HIRING,
                   placements=PLACEMENTS, bmo=BMO, load_log=LOAD_LOG)
    connection.execute(
        "insert into rejected_rows (load_id, file_path, source, line, column_name, value, reason, reason_key) values "
        "(1, 'a.csv', 'hiring', 2, 'hires', '-1', 'hires ''-1'' is negative', 'value.negative_count'), "
        "(1, 'a.csv', 'hiring', 3, 'hires', '-2', 'hires ''-2'' is negative', 'value.negative_count'), "
        "(2, 'b.csv', null, null, null, null, 'b.csv refused: its columns match no source', 'file.no_source'), "
        "(3, 'c.csv', null, null, null, null, 'c.csv is empty', null)")
    yield connection
    connection.close()


def test_every_model_that_creates_a_relation_states_its_key():
    stating = {path.stem for path in MODELS}
    assert {path.stem for path in model_files() if not path.stem.endswith("_comments")} == stating


@pytest.mark.parametrize("path", MODELS, ids=[path.stem for path in MODELS])
def test_no_two_rows_share_the_grain_key(warehouse, path):
    key = grain_key(path)
    rows = warehouse.sql(f"select count(*) from {path.stem}").fetchall()[0][0]
    assert rows > 0 or path.stem in ("mart_goal_forecast",), f"{path.stem} is empty: the test proves nothing"
    if not key:
        assert rows <= 1
        return
    columns = {name for (name,) in warehouse.sql(
        "select column_name from duckdb_columns() where table_name = ?", params=[path.stem]).fetchall()}
    assert set(key) <= columns, f"{path.stem} has no column(s) {set(key) - columns}"
    repeated = warehouse.sql(f"select {', '.join(key)}, count(*) as rows from {path.stem} "
                             f"group by all having count(*) > 1").fetchall()
    assert repeated == [], f"{path.stem}: rows sharing ({', '.join(key)})"


def test_a_repeated_key_is_caught(warehouse):
    """The check itself bites: a relation whose rows repeat its key fails it."""
    warehouse.execute("create temp table doubled as select * from fact_hiring union all select * from fact_hiring")
    assert warehouse.sql("select employer_id, region_code, trade_code, month from doubled "
                         "group by all having count(*) > 1").fetchall()
