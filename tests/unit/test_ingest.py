"""ingest_files: skip what is loaded, upsert (inserted / updated / unchanged), log every file, refuse whole files
without stopping the others, mark demonstration data."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines.ingest import FileReport, ingest_files, input_files
from tests.file_factory import write_bytes, write_demo_manifest, write_source_file
from warehouse.build import ensure_schema

TODAY = date(2025, 6, 15)


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def ingest(con, *paths, **options) -> list[FileReport]:
    return ingest_files(con, list(paths), today=TODAY, **options)


def counts(report: FileReport) -> tuple:
    return (report.status, report.rows_read, report.rows_inserted, report.rows_updated, report.rows_unchanged,
            report.rows_rejected)


def load_log(con) -> list[tuple]:
    return con.execute("select file_path, source, status, rows_read, rows_inserted, rows_updated, rows_unchanged, "
                       "rows_rejected, message, is_demo from load_log order by load_id").fetchall()


def test_a_clean_file_is_inserted_with_its_lineage_and_logged(tmp_path, con):
    path = write_source_file(tmp_path, "assessments", [{}, {"skill_code": "ASEPTIC"}])
    [report] = ingest(con, path)
    assert counts(report) == ("loaded", 2, 2, 0, 0, 0)
    assert con.execute("select skill_code, source_file, source_line from raw.assessments order by source_line"
                       ).fetchall() == [("GMP", str(path), 2), ("ASEPTIC", str(path), 3)]
    assert load_log(con) == [(str(path), "assessments", "loaded", 2, 2, 0, 0, 0, "", False)]
    started, finished, sha = con.execute("select started_at, finished_at, sha256 from load_log").fetchall()[0]
    assert started <= finished and sha == report.sha256 and len(sha) == 64


def test_the_same_file_twice_is_skipped_and_says_so(tmp_path, con):
    path = write_source_file(tmp_path, "placements")
    first, second = ingest(con, path, path)
    assert (counts(second), second.source) == (("skipped", 0, 0, 0, 0, 0), "placements")
    assert second.message.startswith(f"already loaded (same content as {path}, load {first.load_id} of ")
    assert second.message.endswith("); skipped")
    assert [row[2] for row in load_log(con)] == ["loaded", "skipped"]
    assert con.execute("select count(*) from raw.placements").fetchall() == [(1,)]


def test_a_copy_under_another_name_is_skipped_too(tmp_path, con):
    path = write_source_file(tmp_path, "placements")
    copy = write_bytes(tmp_path / "copy.csv", path.read_bytes())
    assert [report.status for report in ingest(con, path, copy)] == ["loaded", "skipped"]


def test_a_correction_in_a_later_file_updates_the_row_and_its_lineage(tmp_path, con):
    first = write_source_file(tmp_path, "hiring", [{}, {"employer_id": "E02"}], name="march.csv")
    correction = write_source_file(tmp_path, "hiring", [{"hires": "5", "jobs_created": "3"}, {"employer_id": "E03"}],
                                   name="march-corrected.csv")
    reports = ingest(con, first, correction)
    assert [counts(report) for report in reports] == [("loaded", 2, 2, 0, 0, 0), ("loaded", 2, 1, 1, 0, 0)]
    assert con.execute("select employer_id, hires, jobs_created, source_file from raw.hiring order by employer_id"
                       ).fetchall() == [("E01", 5, 3, str(correction)), ("E02", 4, 2, str(first)),
                                        ("E03", 4, 2, str(correction))]


def test_the_same_rows_in_another_file_are_unchanged(tmp_path, con):
    first = write_source_file(tmp_path, "enrolments", [{}], name="a.csv")
    same_values = write_source_file(tmp_path, "enrolments", [{"status": "Terminé", "start_date": "08/01/2024"}],
                                    name="b.csv", delimiter=";", encoding="cp1252")
    reports = ingest(con, first, same_values)
    assert [counts(report) for report in reports] == [("loaded", 1, 1, 0, 0, 0), ("loaded", 1, 0, 0, 1, 0)]
    assert reports[0].sha256 != reports[1].sha256
    assert con.execute("select source_file from raw.enrolments").fetchall() == [(str(first),)]


def test_a_key_loaded_twice_stays_one_row(tmp_path, con):
    ingest(con, write_source_file(tmp_path, "bmo", [{"met": "*"}], name="a.csv"),
           write_source_file(tmp_path, "bmo", [{"met": "130"}], name="b.csv"),
           write_source_file(tmp_path, "bmo", [{"met": "130", "Nom métier BMO": "Techniciens"}], name="c.csv"))
    assert con.execute("select met, met_masked, bmo_label, source_file from raw.bmo").fetchall() == [
        (130, False, "Techniciens", str(tmp_path / "c.csv"))]


def test_rows_read_add_up_in_every_load(tmp_path, con):
    rows = [{}, {"learner_id": "L002", "score": "120"}, {"learner_id": "L003"}, {}, {"learner_id": "L004"}]
    ingest(con, write_source_file(tmp_path, "assessments", rows, name="a.csv"))
    ingest(con, write_source_file(tmp_path, "assessments", [{"score": "75"}, {"learner_id": "L003"},
                                                             {"learner_id": "L005", "method": "?"}], name="b.csv"))
    rows_logged = con.execute("select rows_read, rows_inserted, rows_updated, rows_unchanged, rows_rejected "
                              "from load_log order by load_id").fetchall()
    assert rows_logged == [(5, 3, 0, 0, 2), (3, 0, 1, 1, 1)]
    assert all(read == inserted + updated + unchanged + rejected
               for read, inserted, updated, unchanged, rejected in rows_logged)


def test_rejected_rows_are_stored_with_the_file_source_and_load(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{}, {"learner_id": "L002", "programme_code": "P-XYZ"}])
    [report] = ingest(con, path)
    assert report.message == "1 row(s) rejected: see rejected_rows where load_id = 1"
    assert con.execute("select load_id, file_path, source, line, column_name, value from rejected_rows").fetchall() == [
        (report.load_id, str(path), "enrolments", 3, "programme_code", "P-XYZ")]


@pytest.mark.parametrize("name, data, message", [
    ("empty.csv", b"", "empty.csv is empty; export the data again with a header line and at least one row."),
    ("garbage.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "garbage.csv is not a text table (it holds binary bytes); give a CSV, XLSX or Parquet file exported from "
     "the source system."),
    ("header.csv", b"learner_id;skill_code;assessed_on;score\n",
     "header.csv has a header line but no data rows; export the data again with its rows."),
])
def test_an_unreadable_file_fails_without_stopping_the_others(tmp_path, con, name, data, message):
    bad = write_bytes(tmp_path / name, data)
    good = write_source_file(tmp_path, "placements")
    failed, loaded = ingest(con, bad, good)
    assert (counts(failed), failed.message) == (("failed", 0, 0, 0, 0, 0), f"{tmp_path}/{message}")
    assert counts(loaded) == ("loaded", 1, 1, 0, 0, 0)
    assert con.execute("select file_path, line, column_name, value, reason from rejected_rows").fetchall() == [
        (str(bad), None, None, None, f"{tmp_path}/{message}")]


def test_a_missing_file_fails(tmp_path, con):
    [report] = ingest(con, tmp_path / "nope.csv")
    assert (report.status, report.message) == (
        "failed", f"{tmp_path}/nope.csv cannot be read (No such file or directory); "
                  "check the path and its permissions.")


def test_a_failed_file_can_be_loaded_once_fixed(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{}], drop=["status"])
    ingest(con, path)
    write_source_file(tmp_path, "enrolments", [{}])
    assert [report.status for report in ingest(con, path)] == ["loaded"]


def test_a_folder_loads_its_data_files_in_order_and_leaves_readme_and_manifest(tmp_path, con):
    write_source_file(tmp_path, "placements", name="b_placements.csv")
    write_source_file(tmp_path, "assessments", name="a_assessments.xlsx", fmt="xlsx")
    (tmp_path / "nested").mkdir()
    write_source_file(tmp_path / "nested", "bmo", name="bmo.parquet", fmt="parquet")
    write_bytes(tmp_path / "README.txt", b"learner_id\nnot data\n")
    write_bytes(tmp_path / "notes.json", b"{}")
    write_demo_manifest(tmp_path, [])
    assert input_files([tmp_path]) == [tmp_path / "a_assessments.xlsx", tmp_path / "b_placements.csv",
                                       tmp_path / "nested" / "bmo.parquet"]
    reports = ingest(con, tmp_path)
    assert [(report.path.name, report.source, report.status) for report in reports] == [
        ("a_assessments.xlsx", "assessments", "loaded"), ("b_placements.csv", "placements", "loaded"),
        ("bmo.parquet", "bmo", "loaded")]


def test_demo_files_are_marked_only_while_unmodified(tmp_path, con):
    demo = tmp_path / "demo"
    demo.mkdir()
    untouched = write_source_file(demo, "placements")
    edited = write_source_file(demo, "assessments")
    write_demo_manifest(demo, [untouched, edited])
    write_source_file(demo, "assessments", [{"score": "99"}])
    elsewhere = write_source_file(tmp_path, "enrolments")
    reports = ingest(con, demo, elsewhere)
    assert [(report.path.name, report.is_demo) for report in reports] == [
        ("assessments.csv", False), ("placements.csv", True), ("enrolments.csv", False)]
    assert [row[-1] for row in load_log(con)] == [False, True, False]


def test_a_malformed_manifest_means_not_demo(tmp_path, con):
    path = write_source_file(tmp_path, "placements")
    write_bytes(tmp_path / "demo-manifest.json", b"[not json")
    assert ingest(con, path)[0].is_demo is False


def test_progress_reports_start_each_file_and_done(tmp_path, con):
    paths = [write_source_file(tmp_path, "placements"), write_bytes(tmp_path / "empty.csv", b"")]
    events = []
    reports = ingest(con, *paths, progress=lambda event, **details: events.append((event, details)))
    assert events == [("start", {"total": 2}),
                      ("file", {"path": paths[0]}), ("done", {"path": paths[0], "report": reports[0]}),
                      ("file", {"path": paths[1]}), ("done", {"path": paths[1], "report": reports[1]})]


def test_an_unknown_source_name_is_a_usage_error(tmp_path, con):
    with pytest.raises(ValueError, match="'trainees' is not a source; use one of enrolments, assessments, hiring, "
                                         "placements, bmo."):
        ingest(con, tmp_path, source="trainees")


def test_a_file_read_into_a_database_file_survives_reopening(tmp_path):
    database = tmp_path / "w.duckdb"
    with duckdb.connect(str(database)) as con:
        ensure_schema(con)
        ingest(con, write_source_file(tmp_path, "hiring"))
    with duckdb.connect(str(database)) as con:
        assert con.execute("select count(*) from raw.hiring").fetchall() == [(1,)]
        assert con.execute("select status from load_log").fetchall() == [("loaded",)]


def test_a_fault_while_writing_keeps_nothing_of_the_file_and_loads_the_others(tmp_path, con, monkeypatch):
    from pipelines import ingest as ingest_module

    real_upsert = ingest_module._upsert

    def failing_upsert(con, source, valid, path, loaded_at):
        counts = real_upsert(con, source, valid, path, loaded_at)
        if source.name == "hiring":  # after its rows are written
            raise duckdb.IOException("disk full")
        return counts

    monkeypatch.setattr(ingest_module, "_upsert", failing_upsert)
    hiring = write_source_file(tmp_path, "hiring")
    placements = write_source_file(tmp_path, "placements")
    failed, _ = ingest(con, hiring, placements)
    assert (failed.status, failed.message) == ("failed", f"{hiring} could not be loaded (IOException: disk full); "
                                               "nothing of it was kept. This is a fault of the pipeline, not of "
                                               "the file: report it with the file.")
    assert con.execute("select count(*) from raw.hiring").fetchall() == [(0,)]
    assert con.execute("select count(*) from raw.placements").fetchall() == [(1,)]


def test_a_file_s_bytes_are_let_go_once_parsed(tmp_path, con, monkeypatch):
    """A 200 MB file must not hold its bytes while its rows are checked and written (the ingest's peak memory)."""
    import sys

    from pipelines import ingest as ingest_module

    parsed, references_while_checked = [], []
    real_read_table, real_check = ingest_module.read_table, ingest_module.check

    def read_table(path, content=None, **options):
        parsed.append(content)
        return real_read_table(path, content=content, **options)

    def check(source, table, context):
        references_while_checked.append(sys.getrefcount(parsed[0]))
        return real_check(source, table, context)

    monkeypatch.setattr(ingest_module, "read_table", read_table)
    monkeypatch.setattr(ingest_module, "check", check)
    [report] = ingest(con, write_source_file(tmp_path, "assessments", [{}]))
    assert report.status == "loaded"
    assert references_while_checked == [2]  # the test's own list and getrefcount's argument: nothing of ingest's
