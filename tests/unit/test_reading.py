"""reading: bytes -> text table (encodings, delimiters, XLSX, Parquet, line numbers), and text -> typed values."""

from __future__ import annotations

import codecs
import random
from datetime import date

import polars as pl
import pytest

from pipelines.reading import (LINE, ReadError, normalise, parse_booleans, parse_counts, parse_dates, parse_months,
                               parse_numbers, read_table)
from tests.file_factory import write_bytes, write_csv, write_parquet, write_xlsx

HEADER = ["Région", "Date début", "note"]
ROWS = [["Île-de-France", "15/03/2024", "72,5"], ["Auvergne-Rhône-Alpes", "2024-03-16", "80"]]


def records(table: pl.DataFrame) -> list[tuple]:
    return table.rows()


@pytest.mark.parametrize("options", [
    {"delimiter": ","},
    {"delimiter": ";"},
    {"delimiter": "\t"},
    {"delimiter": ";", "encoding": "cp1252"},
    {"delimiter": ";", "encoding": "latin-1"},
    {"delimiter": ",", "bom": True},
    {"delimiter": ";", "line_end": "\r\n"},
], ids=["comma", "semicolon", "tab", "cp1252", "latin-1", "utf8-bom", "crlf"])
def test_csv_dialects_read_the_same(tmp_path, options):
    table = read_table(write_csv(tmp_path / "f.csv", HEADER, ROWS, **options))
    assert table.columns == [LINE, *HEADER]
    assert records(table) == [(2, *ROWS[0]), (3, *ROWS[1])]


def test_delimiter_sniffing_ignores_delimiters_inside_quotes(tmp_path):
    path = write_bytes(tmp_path / "f.csv", b'"nom; prenom",code,"a;b;c"\n"x;y",1,z\n')
    assert records(read_table(path)) == [(2, "x;y", "1", "z")]
    assert read_table(path).columns == [LINE, "nom; prenom", "code", "a;b;c"]


def test_an_accent_byte_outside_cp1252_never_crashes(tmp_path):
    path = write_bytes(tmp_path / "f.csv", b"code;label\nA;\x81\xe9t\xe9\n")  # 0x81: undefined in cp1252
    assert records(read_table(path)) == [(2, "A", "\x81été")]


def test_a_cp1252_byte_after_a_plain_ascii_start_is_still_read_as_cp1252(tmp_path):
    path = write_bytes(tmp_path / "f.csv", b"label\n" + b"ok\n" * 70_000 + "Île\n".encode("cp1252"))
    assert read_table(path)["label"][-1] == "Île"


def test_utf8_accents_are_not_mistaken_for_cp1252(tmp_path):
    path = write_bytes(tmp_path / "f.csv", "label\nÎle\nTerminé\n".encode("utf-8"))
    assert read_table(path)["label"].to_list() == ["Île", "Terminé"]


def test_line_numbers_count_line_breaks_inside_quotes_and_blank_lines(tmp_path):
    path = write_bytes(tmp_path / "f.csv", b'a,b\n"x\ny",1\n\n2,3\n"p\r\nq\nr",4\n5,6')
    assert records(read_table(path)) == [(2, "x\ny", "1"), (5, "2", "3"), (6, "p\r\nq\nr", "4"), (9, "5", "6")]


def test_values_keep_their_text_and_empty_cells_are_null(tmp_path):
    path = write_bytes(tmp_path / "f.csv", b"a;b;c\n 007 ;;x\n")
    assert records(read_table(path)) == [(2, " 007 ", None, "x")]


def test_xlsx_first_sheet_all_as_text(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", ["Date début", "note", "n", "code"],
                      [[date(2024, 3, 15), 72.5, 3, "01"], [None, None, None, None], ["15/03/2024", "72,5", 3.0, 1]],
                      sheets={"other": [["x"], ["y"]]})
    assert records(read_table(path)) == [(2, "2024-03-15 00:00:00", "72.5", "3", "01"),
                                         (4, "15/03/2024", "72,5", "3", "1")]


def test_xlsx_sheet_by_name_or_position(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", ["a"], [["1"]], sheets={"other": [["b"], ["2"]]})
    assert records(read_table(path, sheet="other")) == [(2, "2")]
    assert records(read_table(path, sheet=1)) == [(2, "2")]


def test_parquet_values_become_text(tmp_path):
    path = write_parquet(tmp_path / "f.parquet", ["day", "score", "count"], [[date(2024, 3, 15), 72.5, 3]])
    assert records(read_table(path)) == [(2, "2024-03-15", "72.5", "3")]


UNREADABLE = [
    ("empty.csv", b"", "empty.csv is empty; export the data again with a header line and at least one row."),
    ("blank.csv", b"\n \r\n", "blank.csv is empty; export the data again with a header line and at least one row."),
    ("header.csv", b"learner_id;score\n",
     "header.csv has a header line but no data rows; export the data again with its rows."),
    ("blank_rows.csv", b"learner_id;score\n\n;\n",
     "blank_rows.csv has a header but every row is blank; export the data again with its rows."),
    ("garbage.csv", bytes(range(256)) * 4,
     "garbage.csv is not a text table (it holds binary bytes); give a CSV, XLSX or Parquet file exported "
     "from the source system."),
    # random bytes without a NUL among them (300 of them have none one time in three): their control bytes
    ("noise.csv", random.Random(13).randbytes(300).replace(b"\x00", b"\x01"),
     "noise.csv is not a text table (it holds binary bytes); give a CSV, XLSX or Parquet file exported "
     "from the source system."),
    ("utf16.csv", codecs.BOM_UTF16_LE + "a;b\n1;2\n".encode("utf-16-le"),
     "utf16.csv is encoded in UTF-16; save it again as CSV UTF-8 (or CSV with ; as separator)."),
    ("ragged.csv", b"a;b\n1;2\n1;2;3\n",
     "ragged.csv, line 3: 3 values for 2 columns in the header; check the separator (';') and the quotes on "
     "that line."),
    ("repeated.csv", b"score;note;score\n1;2;3\n",
     "repeated.csv: the header names 'score' twice (columns 1 and 3); rename or remove one of them."),
    ("fake.xlsx", b"PK\x03\x04" + b"\x01" * 64,
     "fake.xlsx could not be opened as a spreadsheet (calamine error: Cannot detect file format); "
     "save it again as XLSX, or export it as CSV."),
]


def test_a_few_control_bytes_in_a_text_export_are_not_binary(tmp_path):
    """Excel on a Mac writes a line break in a cell as a vertical tab; a stray control byte is a typing slip."""
    path = write_bytes(tmp_path / "mac.csv", b'learner_id;note\nL1;"first\x0bsecond"\nL2;o\x1fk\n')
    assert [row[1] for row in records(read_table(path))] == ["L1", "L2"]


@pytest.mark.parametrize("name, data, message", UNREADABLE, ids=[name for name, _, _ in UNREADABLE])
def test_unreadable_files_say_what_where_and_what_to_do(tmp_path, name, data, message):
    path = write_bytes(tmp_path / name, data)
    with pytest.raises(ReadError) as error:
        read_table(path)
    assert str(error.value) == f"{tmp_path}/{message}"


def test_header_only_xlsx_and_unknown_sheet(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", ["a", "b"], [])
    with pytest.raises(ReadError, match="f.xlsx has a header row but no data rows"):
        read_table(path)
    with pytest.raises(ReadError, match="f.xlsx has no sheet 'nope'; its sheets are 'data'"):
        read_table(path, sheet="nope")
    with pytest.raises(ReadError, match="f.xlsx has no sheet 3; its sheets are 'data'"):
        read_table(path, sheet=3)


def test_an_empty_sheet(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [], [])
    with pytest.raises(ReadError, match="f.xlsx: the sheet 'data' is empty; put the header in row 1"):
        read_table(path)


@pytest.mark.parametrize("text, normalised", [
    ("Date début", "date_debut"),
    ("  date_debut ", "date_debut"),
    ("DATE-DEBUT", "date_debut"),
    ("date  -  début", "date_debut"),
    ("Terminé", "termine"),
    ("TERMINE", "termine"),
    ("en cours", "en_cours"),
    ("Île-de-France", "ile_de_france"),
    ("ile de france", "ile_de_france"),
    ("Code métier BMO", "code_metier_bmo"),
    ("Main-d'Œuvre", "main_d_oeuvre"),
])
def test_normalise_ignores_case_accents_spaces_and_separators(text, normalised):
    assert normalise(text) == normalised


def parsed(parse, values):
    typed, problems = parse(pl.Series(values, dtype=pl.String))
    return list(zip(typed.to_list(), problems.to_list()))


DATE_PROBLEM = "is not a date; write 2024-03-15 or 15/03/2024"
MONTH_PROBLEM = "is not a month; write 2024-03, 03/2024, 2024-03-01 or mars 2024"


@pytest.mark.parametrize("parse, text, value, problem", [
    (parse_dates, "2024-03-15", date(2024, 3, 15), None),
    (parse_dates, "15/03/2024", date(2024, 3, 15), None),
    (parse_dates, "5/3/2024", date(2024, 3, 5), None),
    (parse_dates, "2024-03-15 00:00:00", date(2024, 3, 15), None),
    (parse_dates, "2024-03-15 00:00:00.000000", date(2024, 3, 15), None),
    (parse_dates, "2024-03-15 10:30:00", None, DATE_PROBLEM),
    (parse_dates, "31/02/2024", None, DATE_PROBLEM),
    (parse_dates, "15/03/24", None, DATE_PROBLEM),
    (parse_dates, "03/15/2024", None, DATE_PROBLEM),
    (parse_months, "2024-03", date(2024, 3, 1), None),
    (parse_months, "03/2024", date(2024, 3, 1), None),
    (parse_months, "3/2024", date(2024, 3, 1), None),
    (parse_months, "2024-03-01", date(2024, 3, 1), None),
    (parse_months, "01/03/2024", date(2024, 3, 1), None),
    (parse_months, "mars 2024", date(2024, 3, 1), None),
    (parse_months, "janv. 2024", date(2024, 1, 1), None),
    (parse_months, "Février 2024", date(2024, 2, 1), None),
    (parse_months, "2024-03-15", None, "is a date, not a month; write the month as 2024-03"),
    (parse_months, "2024-13", None, MONTH_PROBLEM),
    (parse_months, "march 2024", None, MONTH_PROBLEM),
    (parse_numbers, "72,5", 72.5, None),
    (parse_numbers, "72.5", 72.5, None),
    (parse_numbers, "-3", -3.0, None),
    (parse_numbers, "1 234,5", None, "is not a number; write it like 72.5 or 72,5, without thousands separator"),
    (parse_numbers, "1.234,5", None, "is not a number; write it like 72.5 or 72,5, without thousands separator"),
    (parse_numbers, "abc", None, "is not a number; write it like 72.5 or 72,5, without thousands separator"),
    (parse_counts, "3", 3, None),
    (parse_counts, "3,0", 3, None),
    (parse_counts, "3.0", 3, None),
    (parse_counts, "2,5", None, "is not a whole number; write a count such as 3"),
    (parse_booleans, "oui", True, None),
    (parse_booleans, "VRAI", True, None),
    (parse_booleans, "1", True, None),
    (parse_booleans, "Non", False, None),
    (parse_booleans, "faux", False, None),
    (parse_booleans, "0", False, None),
    (parse_booleans, "false", False, None),
    (parse_booleans, "peut-être", None, "is not a yes/no value; write true/false, oui/non, vrai/faux or 1/0"),
])
def test_typed_values_and_problems(parse, text, value, problem):
    assert parsed(parse, [text]) == [(value, problem)]
