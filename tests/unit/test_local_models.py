"""A model that says it is local to a column ("-- local to learner_id: ...", see warehouse/build.py) keeps
its promise: run on only some learners' rows of what it reads, it gives exactly its rows of those learners.
That is what lets a load rerun it for the learners it names only, so every model that says so is checked
here, on the demonstration data, whatever the load."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.runs import bootstrap_demo
from warehouse.build import (MODELS_DIR, _model_names_read, landing_tables, load_reference_tables, local_to,
                             model_files)

LOCAL = [path for path in model_files() if local_to(path)]


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("local") / "demo.duckdb"
    bootstrap_demo(path, scale=0.05, until=date(2026, 10, 1))
    return path


def test_the_models_job_readiness_loads_rely_on_say_they_are_local():
    assert {path.stem for path in LOCAL} >= {"fact_enrolment", "fact_assessment", "fact_job_readiness_skill",
                                            "fact_job_readiness"}
    assert {local_to(path) for path in LOCAL} == {"learner_id"}
    assert local_to(MODELS_DIR / "marts" / "mart_skill_gap.sql") is None


@pytest.mark.parametrize("path", LOCAL, ids=lambda path: path.stem)
def test_a_local_model_run_on_some_learners_gives_its_rows_of_them(path, demo_warehouse, tmp_path):
    column = local_to(path)
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_warehouse, copy)
    con = duckdb.connect(str(copy))
    load_reference_tables(con)
    [(database,)] = con.sql("select current_database()").fetchall()
    # a third of the learners, and one who is not there at all
    con.execute(f"create temp table some_learners as select distinct {column} from raw.enrolments "
                f"where hash({column}) % 3 = 0 union all select 'L-nobody'")
    [(some, everyone)] = con.sql(f"select (select count(*) from some_learners), count(distinct {column}) "
                                 "from raw.enrolments").fetchall()
    assert 10 < some < everyone
    expected = con.sql(f'select * from main."{path.stem}" '
                       f"where {column} in (select {column} from some_learners)").pl()
    assert expected.height > 0

    sql = path.read_text(encoding="utf-8")
    known = {model.stem for model in model_files()} | landing_tables()
    for name in sorted(_model_names_read(sql, known - {path.stem})):
        schema, _, table = name.rpartition(".")
        [(has_column,)] = con.sql("select count(*) > 0 from duckdb_columns() where database_name = ? and "
                                  "schema_name = ? and table_name = ? and column_name = ?",
                                  params=[database, schema or "main", table, column]).fetchall()
        if not has_column:
            continue  # a reference table: every learner's rows read it whole
        shadow = f"some_{table}" if schema else table  # a landing table is named by its schema: read another
        con.execute(f'create temp view "{shadow}" as select * from "{database}".{schema or "main"}."{table}" '
                    f"where {column} in (select {column} from some_learners)")
        if schema:
            sql = re.sub(rf"\b{re.escape(name)}\b", shadow, sql)
    statement = duckdb.extract_statements(sql)[0].query
    actual = con.sql(re.split(r"\bcreate\s+or\s+replace\s+\w+\s+\w+\s+as\b", statement, maxsplit=1)[1]).pl()

    assert actual.columns == expected.columns
    key = list(expected.columns)
    assert actual.sort(key, nulls_last=True).equals(expected.sort(key, nulls_last=True)), path.stem
    con.close()
