"""Hostile and careless input files (issue 9): each case a real file, each answered with a rejected row or a
refusal that names the file and says why, never a whole file lost for one value, never file contents quoted."""

from __future__ import annotations

import gzip
from datetime import date

import duckdb
import openpyxl
import pytest

from pipelines.ingest import ingest_files, scan
from tests.file_factory import GOOD_ROWS, write_bytes, write_csv, write_source_file
from warehouse.build import build, ensure_schema

TODAY = date(2025, 6, 15)
OTHER = {"enrolments": {"learner_id": "L002"}, "hiring": {"employer_id": "E02"},
         "placements": {"learner_id": "L002"}, "assessments": {"learner_id": "L002"},
         "bmo": {"Code métier BMO": "J0Z61"}}


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def load(con, *paths, **options):
    reports = ingest_files(con, list(paths), today=TODAY, **options)
    rejected = con.execute("select line, column_name, value, reason, reason_key from rejected_rows "
                           "order by load_id, line").fetchall()
    return reports, rejected


# --- plausibility: one bad value rejects its row, never the file ---------------------------

IMPLAUSIBLE = [
    ("enrolments", {"status": "en_cours", "end_date": "2099-12-31", "certified": None}, "end_date", "2099-12-31",
     "end_date '2099-12-31' is more than 3 years after today (at the latest 2028-06-15, "
     "WORKFORCE_PLANNED_END_YEARS); fix the date", "value.date_beyond_plans"),
    ("enrolments", {"end_date": "2099-12-31"}, "end_date", "2099-12-31",
     "end_date '2099-12-31' is more than 3 years after today (at the latest 2028-06-15, "
     "WORKFORCE_PLANNED_END_YEARS); fix the date", "value.date_beyond_plans"),
    ("enrolments", {"end_date": "2025-09-30"}, "end_date", "2025-09-30",
     "end_date '2025-09-30' is in the future (today is 2025-06-15) but the enrolment has ended (status "
     "'completed'); fix the date or the status", "rule.end_date_in_future_once_ended"),
    ("enrolments", {"start_date": "1900-01-01", "status": "en_cours", "end_date": None, "certified": None},
     "start_date", "1900-01-01",
     "start_date '1900-01-01' is before 2015-01-01, the start of the programme window (WORKFORCE_EARLIEST_DATE); "
     "fix the date", "value.date_too_early"),
    ("enrolments", {"start_date": "2025-07-01", "status": "en_cours", "end_date": None, "certified": None},
     "start_date", "2025-07-01", "start_date '2025-07-01' is in the future (today is 2025-06-15); fix the date",
     "value.date_in_future"),
    ("hiring", {"month": "1900-01"}, "month", "1900-01",
     "month '1900-01' is before 2015-01, the start of the programme window (WORKFORCE_EARLIEST_DATE); fix the month",
     "value.month_too_early"),
    ("hiring", {"openings": "99999999999999999999"}, "openings", "99999999999999999999",
     "openings '99999999999999999999' is more than 100000, the most one row can plausibly count "
     "(WORKFORCE_COUNT_MAX); check the value, or raise the setting if it is real", "value.count_too_large"),
    ("hiring", {"openings": "-99999999999999999999"}, "openings", "-99999999999999999999",
     "openings '-99999999999999999999' is negative; counts are 0 or more", "value.negative_count"),
    ("hiring", {"openings": "3000000000"}, "openings", "3000000000",
     "openings '3000000000' is more than 100000, the most one row can plausibly count (WORKFORCE_COUNT_MAX); "
     "check the value, or raise the setting if it is real", "value.count_too_large"),
    ("hiring", {"openings": "3,000,000,000"}, "openings", "3,000,000,000",
     "openings '3,000,000,000' is not a whole number; write a count such as 3", "value.not_a_whole_number"),
    ("hiring", {"open_vacancies": "1e400"}, "open_vacancies", "1e400",
     "open_vacancies '1e400' is not a whole number; write a count such as 3", "value.not_a_whole_number"),
    ("assessments", {"assessed_on": "1900-03-15"}, "assessed_on", "1900-03-15",
     "assessed_on '1900-03-15' is before 2015-01-01, the start of the programme window (WORKFORCE_EARLIEST_DATE); "
     "fix the date", "value.date_too_early"),
    ("bmo", {"annee": "99999999999999999999"}, "year", "99999999999999999999",
     "year '99999999999999999999' is too large for a whole number here (at most 2147483647 in absolute value); "
     "check the value", "value.number_too_large"),
    ("bmo", {"met": "3000000000"}, "met", "3000000000",
     "met '3000000000' is more than 100000, the most one row can plausibly count (WORKFORCE_COUNT_MAX); "
     "check the value, or raise the setting if it is real", "value.count_too_large"),
    ("placements", {"hired_on": "2099-01-01"}, "hired_on", "2099-01-01",
     "hired_on '2099-01-01' is in the future (today is 2025-06-15); fix the date", "value.date_in_future"),
]


@pytest.mark.parametrize("source, override, column, value, reason, key", IMPLAUSIBLE,
                         ids=[f"{case[0]}-{case[2]}-{case[3]}" for case in IMPLAUSIBLE])
def test_an_implausible_value_rejects_its_row_not_the_file(tmp_path, con, source, override, column, value, reason,
                                                           key):
    path = write_source_file(tmp_path, source, [{}, {**OTHER[source], **override}])
    [report], rejected = load(con, path)
    assert rejected == [(3, column, value, reason, key)]
    assert (report.status, report.rows_inserted, report.rows_rejected) == ("loaded", 1, 1)
    for internal in ("polars", "strict_cast", "Exception", "f64", "i64", "duckdb"):
        assert internal not in reason


def test_an_enrolment_ending_in_2099_cannot_move_as_of_into_the_future(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{}, {"learner_id": "L002", "status": "en_cours",
                                                           "end_date": "2099-12-31", "certified": None}])
    load(con, path)
    summary = build(con)
    assert summary.as_of == date(2024, 6, 28)


def test_a_count_from_a_spreadsheet_cell_is_bounded_too(tmp_path, con):
    rows = [dict(GOOD_ROWS["hiring"]), {**GOOD_ROWS["hiring"], "employer_id": "E02"}]
    header = list(rows[0])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    sheet.append([rows[0][name] for name in header])
    sheet.append([3_000_000_000 if name == "openings" else rows[1][name] for name in header])
    workbook.save(tmp_path / "hiring.xlsx")
    [report], rejected = load(con, tmp_path / "hiring.xlsx")
    assert (report.rows_inserted, [(line, column, key) for line, column, _, _, key in rejected]) == (
        1, [(3, "openings", "value.count_too_large")])


# --- identities ----------------------------------------------------------------------------

def test_learner_ids_are_one_learner_whatever_the_case_and_invisible_characters(tmp_path, con):
    spellings = ["L0000007", "l0000007", "L0000007\u200b", "\ufeffL0000007\u00a0", "\u200eL0000007\u2060",
                 "Ｌ0000007"]
    path = write_source_file(tmp_path, "assessments", [
        {"learner_id": spelling, "assessed_on": f"2024-05-{day:02d}"} for day, spelling in enumerate(spellings, 1)])
    [report], rejected = load(con, path)
    assert (report.rows_inserted, rejected) == (len(spellings), [])
    assert con.execute("select distinct learner_id from raw.assessments").fetchall() == [("L0000007",)]


def test_the_same_learner_spelled_twice_in_one_file_is_a_duplicate(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{"learner_id": "L0000007"}, {"learner_id": "l0000007\u200b"}])
    [report], rejected = load(con, path)
    assert (report.rows_inserted, rejected[0][4], rejected[0][3]) == (
        1, "rule.duplicate_key", "duplicate of line 2 (same learner_id, programme_code, start_date)")


def test_a_ten_megabyte_employer_id_rejects_its_row_and_is_not_stored_whole(tmp_path, con):
    huge = "E" * 10_000_000
    path = write_source_file(tmp_path, "hiring", [{}, {"employer_id": huge}])
    [report], [(line, column, value, reason, key)] = load(con, path)
    assert (report.rows_inserted, line, column, key) == (1, 3, "employer_id", "value.too_long")
    assert value == "E" * 199 + "…"
    assert reason == (f"employer_id '{'E' * 199}…' is 10000000 characters long, more than the 64 allowed "
                      "(WORKFORCE_ID_MAX_CHARS); check the column")


# --- line endings, sheets ------------------------------------------------------------------

def test_bare_carriage_returns_end_lines(tmp_path, con):
    header = list(GOOD_ROWS["placements"])
    path = write_csv(tmp_path / "placements.csv", header,
                     [list(GOOD_ROWS["placements"].values()), ["L002", *list(GOOD_ROWS["placements"].values())[1:]]],
                     line_end="\r")
    assert b"\n" not in path.read_bytes()
    [report], rejected = load(con, path)
    assert (report.status, report.rows_inserted, rejected) == ("loaded", 2, [])


def workbook(path, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def rows_of(source, *overrides):
    header = list(GOOD_ROWS[source])
    return [header, *([{**GOOD_ROWS[source], **override}[name] for name in header] for override in overrides)]


def test_every_sheet_that_holds_a_source_loads_and_the_others_are_named(tmp_path, con):
    path = workbook(tmp_path / "rh.xlsx", {
        "Notes": [["Lisez-moi : export du SIRH, mars 2025"], ["Ne pas modifier"]],
        "Recrutements": rows_of("hiring", {}, {"employer_id": "E02"}),
        "Placements": rows_of("placements", {}),
        "Feuil3": [],
    })
    reports, rejected = load(con, path)
    assert [(report.sheet, report.source, report.status, report.rows_inserted) for report in reports] == [
        ("Recrutements", "hiring", "loaded", 2), ("Placements", "placements", "loaded", 1)]
    assert reports[0].message == (
        f"{path}, sheet 'Notes' skipped: it has a single column, so it is not a table of a source; "
        f"{path}, sheet 'Feuil3': the sheet 'Feuil3' is empty; put the header in row 1 and the data below it")
    assert "Lisez-moi" not in reports[0].message
    assert con.execute("select sheet, file_name from load_log order by load_id").fetchall() == [
        ("Recrutements", "rh.xlsx"), ("Placements", "rh.xlsx")]


def test_a_sheet_can_be_chosen(tmp_path, con):
    path = workbook(tmp_path / "rh.xlsx", {"Recrutements": rows_of("hiring", {}),
                                            "Placements": rows_of("placements", {})})
    reports, _ = load(con, path, sheet="Placements")
    assert [(report.sheet, report.source) for report in reports] == [("Placements", "placements")]
    assert reports[0].message == f"{path}, sheet 'Recrutements' skipped: not the sheet asked for (--sheet 'Placements')"
    [refused], _ = load(con, workbook(tmp_path / "other.xlsx", {"A": rows_of("hiring", {}), "B": [["x"]]}),
                        sheet="C")
    assert (refused.status, refused.message) == ("failed", f"{tmp_path}/other.xlsx has no sheet 'C'; its sheets "
                                                            "are 'A', 'B'.")


def test_a_workbook_without_any_source_is_refused_naming_each_sheet(tmp_path, con):
    path = workbook(tmp_path / "notes.xlsx", {"Notes": [["texte"], ["suite"]], "Budget": [["poste", "montant"],
                                                                                      ["a", "1"]]})
    [report], _ = load(con, path)
    assert report.status == "failed"
    assert report.message == (f"{path} refused: none of its sheets holds a source ({path}, sheet 'Notes' "
                                     "skipped: it has a single column, so it is not a table of a source; "
                                     f"{path}, sheet 'Budget' skipped: its columns match no source (its columns: "
                                     "poste, montant)).")


def test_a_header_below_title_rows_is_found_and_lines_are_the_sheets(tmp_path, con):
    path = workbook(tmp_path / "hiring.xlsx", {"Export": [
        ["Recrutements déclarés — export du 15/06/2025"], [], *rows_of("hiring", {}, {"employer_id": "E02",
                                                                                        "hires": "x"})]})
    [report], rejected = load(con, path)
    assert (report.source, report.rows_inserted) == ("hiring", 1)
    assert [(line, column) for line, column, *_ in rejected] == [(5, "hires")]


# --- files the reader can't take --------------------------------------------------------------

def test_a_folder_of_gzipped_csv_loads_them(tmp_path, con):
    plain = write_source_file(tmp_path, "placements", [{}, {"learner_id": "L002"}])
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "placements.csv.gz").write_bytes(gzip.compress(plain.read_bytes()))
    [report], rejected = load(con, folder)
    assert (report.status, report.source, report.rows_inserted, report.file_name) == (
        "loaded", "placements", 2, "placements.csv.gz")


@pytest.mark.parametrize("name, data, message", [
    ("export.zip", b"PK\x03\x04" + b"\x00" * 40, "{path} is a zip archive; extract the files it holds and load them."),
    ("export.csv.bz2", b"BZh91AY&SY", "{path} is a bzip2 archive; extract the files it holds and load them."),
    ("export.tar.gz", gzip.compress(b"x"), "{path} is a tar archive; extract the files it holds and load them."),
    ("export.gz", gzip.compress(b"a,b\n1,2\n"),
     "{path} is compressed but its name does not say what it holds; name it like data.csv.gz, data.xlsx.gz or "
     "data.parquet.gz."),
    ("broken.csv.gz", gzip.compress(b"a,b\n1,2\n" * 100)[:30],
     "{path} is not a valid gzip file (it ends before its compressed data does); compress it again or give the "
     "uncompressed file."),
    ("garbage.csv.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 40,
     "{path} is not a valid gzip file (Error -3 while decompressing data: invalid block type); compress it again "
     "or give the uncompressed file."),
], ids=["zip", "bz2", "tar.gz", "gz-without-inner-suffix", "truncated-gz", "garbage-gz"])
def test_compressed_files_are_read_or_refused_by_name(tmp_path, con, name, data, message):
    folder = tmp_path / "exports"
    folder.mkdir()
    path = write_bytes(folder / name, data)
    assert scan([folder]).inputs[0].path == path
    [report], [(_, _, _, reason, key)] = load(con, folder)
    assert (report.status, report.message, reason) == ("failed", message.format(path=path), message.format(path=path))


def test_a_gzip_bomb_is_refused_past_the_setting(tmp_path, con, monkeypatch):
    monkeypatch.setenv("WORKFORCE_GZIP_MAX_MB", "1")
    path = write_bytes(tmp_path / "bomb.csv.gz", gzip.compress(b"a,b\n" + b"1,2\n" * 1_000_000))
    [report], _ = load(con, path)
    assert report.message == (f"{path} decompresses to more than 1 MB (WORKFORCE_GZIP_MAX_MB); decompress it and "
                              "load the file, or raise the setting.")


def test_a_symlink_leaving_the_folder_is_not_followed_and_its_target_never_quoted(tmp_path, con):
    outside = write_bytes(tmp_path / "secret.txt", b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/sbin/nologin\n")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    (folder / "secret.csv").symlink_to(outside)
    write_source_file(folder, "placements")
    (folder / "inside.csv").symlink_to(folder / "placements.csv")
    reports, _ = load(con, folder)
    assert [(report.file_name, report.status) for report in reports] == [
        ("inside.csv", "skipped"), ("passwd.csv", "failed"), ("placements.csv", "loaded"), ("secret.csv", "failed")] \
        or [(report.file_name, report.status) for report in reports] == [
        ("inside.csv", "loaded"), ("passwd.csv", "failed"), ("placements.csv", "skipped"), ("secret.csv", "failed")]
    assert reports[1].message == (f"{folder}/passwd.csv is a symbolic link to a file outside the folder {folder}; "
                                  "not followed. Copy the file into the folder to load it.")
    logged = " ".join(message for (message,) in con.execute("select message from load_log").fetchall())
    reasons = " ".join(reason for (reason,) in con.execute("select reason from rejected_rows").fetchall())
    for text in (logged, reasons):
        assert "root:" not in text and "daemon" not in text


def test_a_file_that_is_not_a_table_is_refused_without_quoting_it(tmp_path, con):
    path = write_bytes(tmp_path / "notes.txt", b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/sbin/nologin\n")
    [report], [(_, _, _, reason, key)] = load(con, path)
    assert (report.status, key) == ("failed", "file.not_a_table")
    assert "/bin/bash" not in report.message and "/bin/bash" not in reason and "daemon" not in reason


def test_headers_quoted_in_a_refusal_are_cut_short(tmp_path, con):
    path = write_bytes(tmp_path / "wide.csv", (",".join(f"colonne_{n}_{'x' * 100}" for n in range(100)) + "\n"
                                               + ",".join("1" for _ in range(100)) + "\n").encode())
    [report], _ = load(con, path)
    assert report.status == "failed" and len(report.message) < 5_000 and "and 70 more" in report.message


# --- bounded ----------------------------------------------------------------------------------

def test_rejected_values_are_capped_per_file_with_one_summary_row(tmp_path, con, monkeypatch):
    monkeypatch.setenv("WORKFORCE_REJECTED_ROWS_CAP", "5")
    path = write_source_file(tmp_path, "assessments", [{"learner_id": f"L{n}", "score": "120"} for n in range(20)])
    [report], rejected = load(con, path)
    assert (report.rows_read, report.rows_rejected, len(rejected)) == (20, 20, 6)
    assert [line for line, *_ in rejected[:5]] == [2, 3, 4, 5, 6]
    assert rejected[5] == (7, None, None, "15 more rejected value(s) of this file are not listed: at most 5 are kept "
                           "per file (WORKFORCE_REJECTED_ROWS_CAP); fix the values listed and load the file again",
                           "rule.rejections_capped")
    build(con)
    assert con.execute("select values_rejected from mart_rejections_by_reason "
                       "where reason_key = 'rule.rejections_capped'").fetchall() == [(15,)]


def test_a_big_bad_workbook_writes_a_bounded_number_of_rejected_rows(tmp_path, con):
    import xlsxwriter

    path = tmp_path / "bad.xlsx"
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet()
    header = list(GOOD_ROWS["assessments"])
    sheet.write_row(0, 0, header)
    for row in range(1, 60_001):
        sheet.write_row(row, 0, [f"L{row}", "GMP", "2024-05-02", "120", "vr"])
    book.close()
    [report], _ = load(con, path)
    assert (report.rows_read, report.rows_rejected) == (60_000, 60_000)
    assert con.execute("select count(*) from rejected_rows").fetchall() == [(10_001,)]
