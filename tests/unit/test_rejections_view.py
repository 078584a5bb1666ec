"""mart_rejections_by_reason: the one definition of "rejected rows by reason", read by workforce status."""

from __future__ import annotations

from datetime import date

import duckdb
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.ingest import ingest_files
from tests.file_factory import write_bytes, write_source_file
from warehouse.build import build, ensure_schema


def test_one_row_per_source_column_and_rule_whatever_the_values(tmp_path):
    db_path = tmp_path / "w.duckdb"
    with duckdb.connect(str(db_path)) as con:
        ensure_schema(con)
        ingest_files(con, [
            write_source_file(tmp_path, "assessments", [
                {"learner_id": "L1", "score": "120"}, {"learner_id": "L2", "score": "130"},
                {"learner_id": "L3", "score": "-5"}, {"learner_id": "L4", "skill_code": "XYZ"},
                {"learner_id": "L5", "skill_code": "ABC", "score": "101"}, {"learner_id": "L5", "skill_code": "ABC"}],
                name="a.csv"),
            write_source_file(tmp_path, "assessments", [{"learner_id": "L9", "score": "200"}], name="b.csv"),
            write_bytes(tmp_path / "empty.csv", b""),
        ], today=date(2025, 6, 15))
        build(con)
        rows = con.sql("select source, column_name, reason_key, reason, values_rejected, loads, rank "
                       "from mart_rejections_by_reason order by rank").fetchall()
    assert rows == [
        ("assessments", "score", "rule.score_from_0_to_100",
         "score '…' is not between 0 and 100; give the score out of 100", 5, 2, 1),
        ("assessments", "skill_code", "value.not_in_reference",
         "skill_code '…' is not in the skills reference (warehouse/reference/skills.csv); fix the code or add the skill",
         3, 1, 2),
        (None, None, "file.empty",
         f"{tmp_path}/empty.csv is empty; export the data again with a header line and at least one row.", 1, 1, 3),
    ]
    result = CliRunner().invoke(app, ["status", "--db", str(db_path)], env={}, catch_exceptions=False)
    assert result.exit_code == 0
    reasons = result.output[result.output.index("Rejected rows by reason"):]
    assert reasons.index("score '…' is not between 0 and 100") < reasons.index("skill_code '…' is not in")
