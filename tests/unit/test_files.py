"""warehouse/files.py: every CSV and XLSX the product writes, opened as their readers open them
(openpyxl, polars, Python's csv module), cell by cell."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest

from warehouse import files

INJECTIONS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\tTAB", "\rCR"]
FRAME = pl.DataFrame({
    "trade_label": ["Technicien·ne QC", *INJECTIONS, "-3"],
    "quarter_start": [date(2021, 1, 1), date(2021, 5, 20), date(2021, 8, 1), date(2021, 12, 31)] * 2,
    "demand": [12345, -3, 0, 7, 8, 9, 10, 11],
    "graduates": [300, 3, 12, None, 4, 50, 60, 70],
    "coverage": [0.725, None, 1.25, 0.0049, 0.5, 0.5, 0.5, 0.5],
    "mean_score": [55.55, 60.0, 70.04, 80.0, 1.0, 2.0, 3.0, 4.0],
    "month": [date(2026, 3, 1)] * 8,
    "as_of": [date(2026, 12, 1)] * 8,
    "cohort_year": [2024] * 8,
    "loaded_at": [datetime(2026, 11, 30, 14, 5, 9)] * 8,
    "tile_col": [1] * 8,   # an internal column the spec leaves out
})
COLUMNS = [
    files.Column("trade_label", "Métier"),
    files.Column("quarter_start", "Trimestre", "quarter"),
    files.Column("demand", "Postes ouverts (demande)", "int"),
    files.Column("graduates", "Diplômés", "int"),
    files.Column("coverage", "Taux de couverture", "pct"),
    files.Column("mean_score", "Score moyen", "number", 1),
    files.Column("month", "Mois", "month"),
    files.Column("as_of", "Données au", "date"),
    files.Column("cohort_year", "Année", "year"),
    files.Column("loaded_at", "Chargé le", "datetime"),
]
METADATA = [("Filtres", "Métiers : QC"), ("Données au", "1er décembre 2026"), ("Source", "Observatoire"),
            ("Secret statistique", "Effectifs < 5 affichés « < 5 »"), ("Note", "=1+1")]


def table(lang: str = "fr", sheet: str = "Tensions / région : un nom de plus de trente et un caractères",
          columns=COLUMNS) -> files.Table:
    return files.Table(title="Tensions par métier", sheet=sheet, about_sheet="Informations", columns=columns,
                       metadata=METADATA, lang=lang)


def protected_frame() -> pl.DataFrame:
    return files.protect(FRAME, "graduates", pl.col("graduates") < 5, "< 5")


def open_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def excel_text(text: str) -> str:
    """A text as Excel shows it: the file escapes a carriage return as _x000D_, which openpyxl leaves as it is."""
    return text.replace("_x000D_", "\r")


def csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


# --- protection -------------------------------------------------------------------------------------

def test_protect_nulls_the_value_and_keeps_the_text_beside_it():
    frame = protected_frame()
    assert frame["graduates"].to_list() == [300, None, 12, None, None, 50, 60, 70]
    assert frame["graduates__protected"].to_list() == [None, "< 5", None, None, "< 5", None, None, None]
    again = files.protect(frame.with_columns(graduates=pl.lit(3)), "graduates", pl.col("graduates") == 3, "secret")
    assert again["graduates__protected"].to_list()[:2] == ["secret", "< 5"]  # the earlier text stays


# --- XLSX ---------------------------------------------------------------------------------------------

def test_xlsx_typed_cells_under_excel_number_formats():
    workbook = open_xlsx(files.xlsx_bytes(table(), protected_frame()))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]  # no tile_col
    first = {column.name: cell for column, cell in zip(COLUMNS, sheet[2])}
    assert (first["trade_label"].value, first["trade_label"].data_type) == ("Technicien·ne QC", "s")
    assert (first["demand"].value, first["demand"].number_format) == (12345, "#,##0")
    assert (first["coverage"].value, first["coverage"].number_format) == (0.725, "0.0 %")
    assert (first["mean_score"].value, first["mean_score"].number_format) == (55.55, "#,##0.0")
    assert first["as_of"].value == datetime(2026, 12, 1) and first["as_of"].number_format == "dd/mm/yyyy"
    assert first["as_of"].is_date
    assert first["month"].value == datetime(2026, 3, 1) and first["month"].number_format == "[$-40C]mmmm yyyy"
    assert first["quarter_start"].value == datetime(2021, 1, 1) and first["quarter_start"].number_format == '"T1 "yyyy'
    assert sheet["B3"].value == datetime(2021, 4, 1) and sheet["B3"].number_format == '"T2 "yyyy'  # 20 May: Q2
    assert (first["cohort_year"].value, first["cohort_year"].number_format) == (2024, "0")
    assert first["loaded_at"].value == datetime(2026, 11, 30, 14, 5, 9)
    assert first["loaded_at"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["C3"].value == -3 and sheet["C3"].data_type == "n"  # a negative number stays a number


def test_xlsx_protected_counts_are_text_only_where_protected():
    sheet = open_xlsx(files.xlsx_bytes(table(), protected_frame())).worksheets[0]
    graduates = [sheet.cell(row, 4) for row in range(2, 10)]
    assert [cell.value for cell in graduates] == [300, "< 5", 12, None, "< 5", 50, 60, 70]
    assert [cell.data_type for cell in graduates] == ["n", "s", "n", "n", "s", "n", "n", "n"]
    assert graduates[1].alignment.horizontal == "right"


def test_xlsx_sheet_header_row_widths_and_about_sheet():
    workbook = open_xlsx(files.xlsx_bytes(table(), protected_frame()))
    assert workbook.sheetnames == ["Tensions - région - un nom de…", "Informations"]  # cut between words
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J9"
    assert sheet.cell(1, 1).font.bold and sheet.cell(1, 3).alignment.wrap_text
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCEG"}
    assert widths["A"] >= len("+cmd|' /C calc'!A0") + 1   # the longest text (neutralised) fits
    assert widths["C"] >= len("Postes ouverts") and widths["E"] >= len("Taux de couverture") - 2
    assert widths["G"] >= len("septembre 2026")
    about = workbook["Informations"]
    assert about["A1"].value == "Tensions par métier" and about["A1"].font.bold
    assert [(about.cell(row, 1).value, about.cell(row, 2).value) for row in range(3, 8)] == [
        *METADATA[:4], ("Note", "'=1+1")]
    assert workbook.properties.title == "Tensions par métier"


def test_xlsx_in_english_names_months_in_english_and_dates_iso():
    sheet = open_xlsx(files.xlsx_bytes(table("en"), FRAME)).worksheets[0]
    assert sheet["G2"].number_format == "[$-809]mmmm yyyy" and sheet["H2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].number_format == '"Q1 "yyyy' and sheet["E2"].number_format == "0.0%"


def test_xlsx_never_holds_a_formula_and_neutralises_every_text():
    data = files.xlsx_bytes(table(), protected_frame())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    workbook = open_xlsx(data)
    assert all(cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)
    texts = [excel_text(workbook.worksheets[0].cell(row, 1).value) for row in range(2, 10)]
    assert texts == ["Technicien·ne QC", *("'" + text for text in INJECTIONS), "-3"]


def test_xlsx_read_back_by_polars_keeps_the_types():
    frame = pl.read_excel(io.BytesIO(files.xlsx_bytes(table(), FRAME)), sheet_id=1)
    assert frame.columns == [column.header for column in COLUMNS]
    assert frame["Postes ouverts (demande)"].to_list() == [12345, -3, 0, 7, 8, 9, 10, 11]
    assert frame["Taux de couverture"].dtype == pl.Float64 and frame["Taux de couverture"][0] == 0.725
    assert frame["Données au"].dtype in (pl.Date, pl.Datetime) and frame["Données au"][0].year == 2026
    assert frame["Métier"][2] == "'+cmd|' /C calc'!A0"


def test_xlsx_of_an_empty_frame_has_its_headers_and_about_sheet():
    workbook = open_xlsx(files.xlsx_bytes(table(), FRAME.clear()))
    sheet = workbook.worksheets[0]
    assert sheet.max_row == 1 and [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert workbook["Informations"]["A1"].value == "Tensions par métier"


def test_xlsx_refuses_what_excel_cannot_hold_and_cuts_an_overlong_text(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 7)
    with pytest.raises(ValueError, match="8 rows do not fit in an Excel sheet"):
        files.xlsx_bytes(table(), FRAME)
    monkeypatch.undo()
    long = pl.DataFrame({"note": ["x" * 40_000]})
    spec = files.Table("Notes", "Notes", "Informations", [files.Column("note", "Note")])
    cell = open_xlsx(files.xlsx_bytes(spec, long)).worksheets[0]["A2"].value
    assert len(cell) == files.MAX_CELL_CHARS and cell.endswith("…")
    assert len(files.csv_bytes(spec, long).decode("utf-8")) > 40_000  # the CSV keeps it whole


# --- CSV ----------------------------------------------------------------------------------------------

def test_french_csv_semicolons_decimal_commas_french_dates():
    rows = csv_rows(files.csv_bytes(table(), protected_frame()), ";")
    assert rows[0] == ["Métier", "Trimestre", "Postes ouverts (demande)", "Diplômés", "Taux de couverture (%)",
                       "Score moyen", "Mois", "Données au", "Année", "Chargé le"]
    assert rows[1] == ["Technicien·ne QC", "T1 2021", "12345", "300", "72,5", "55,6", "01/03/2026", "01/12/2026",
                       "2024", "30/11/2026 14:05:09"]
    assert rows[2][1:6] == ["T2 2021", "-3", "< 5", "", "60,0"]
    assert rows[4][3:5] == ["", "0,5"]   # a missing count is empty; 0.0049 is 0,5 %
    assert len(rows) == 1 + FRAME.height


def test_french_csv_read_by_polars_with_its_dialect_is_typed():
    frame = pl.read_csv(files.csv_bytes(table(), FRAME), separator=";", decimal_comma=True)
    assert frame["Postes ouverts (demande)"].dtype == pl.Int64
    assert frame["Taux de couverture (%)"].dtype == pl.Float64 and frame["Taux de couverture (%)"][0] == 72.5
    assert frame["Score moyen"].dtype == pl.Float64


def test_plain_csv_for_english_commas_points_iso_dates():
    data = files.csv_bytes(table("en"), protected_frame())
    rows = csv_rows(data, ",")
    assert rows[1] == ["Technicien·ne QC", "Q1 2021", "12345", "300", "72.5", "55.6", "2026-03-01", "2026-12-01",
                       "2024", "2026-11-30 14:05:09"]
    frame = pl.read_csv(data, try_parse_dates=True)
    assert frame["Données au"].dtype == pl.Date and frame["Mois"][0] == date(2026, 3, 1)
    assert frame["Postes ouverts (demande)"].dtype == pl.Int64 and frame["Score moyen"].dtype == pl.Float64


@pytest.mark.parametrize("lang, delimiter", [("fr", ";"), ("en", ",")])
def test_csv_neutralises_every_injection_and_keeps_negative_numbers(lang, delimiter):
    rows = csv_rows(files.csv_bytes(table(lang), FRAME), delimiter)
    assert [row[0] for row in rows[2:8]] == ["'" + text for text in INJECTIONS]
    assert rows[8][0] == "-3"          # a text that is a plain number runs nothing: left as it is
    assert rows[2][2] == "-3"          # the number -3 stays a number


def test_csv_of_an_empty_frame_is_its_header():
    assert csv_rows(files.csv_bytes(table(), FRAME.clear()), ";") == [[_csv_header(column) for column in COLUMNS]]


def _csv_header(column: files.Column) -> str:
    return column.header + (" (%)" if column.kind == "pct" else "")


def test_plain_csv_of_any_frame_for_programs():
    frame = pl.DataFrame({"formula": ["=1+1", "ok"], "n": [-3, 4], "x": [0.00001, float("nan")],
                          "day": [date(2026, 1, 2), None], "at": [datetime(2026, 1, 2, 3, 4, 5, 600), None],
                          "flag": [True, False]})
    assert files.plain_csv(frame) == ("formula,n,x,day,at,flag\n"
                                      "'=1+1,-3,0.00001,2026-01-02,2026-01-02 03:04:05.000600,true\n"
                                      "ok,4,nan,,,false\n")


# --- the spec and its errors ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Tensions / région", "Tensions - région"),
    ("[QC] a:b*c?", "(QC) a - b - c"),
    ("'Cité'", "Cité"),
    ("History", "History (1)"),
    ("x" * 40, "x" * 30 + "…"),
])
def test_sheet_names_excel_accepts(text, expected):
    assert files.sheet_name(text) == expected


def test_a_frame_that_does_not_fit_its_spec_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="the frame has no column 'quarter_start', 'demand', .*'loaded_at'; "
                                         "its columns are trade_label"):
        files.csv_bytes(table(), FRAME.select("trade_label"))
    as_text = FRAME.with_columns(pl.col("graduates").cast(pl.String))
    with pytest.raises(ValueError, match="'graduates' is declared int but holds String values: pass numbers"):
        files.xlsx_bytes(table(), as_text)
    with pytest.raises(ValueError, match="kind 'percent' is not one of"):
        files.Column("coverage", "Taux", "percent")
    with pytest.raises(ValueError, match="has no character Excel allows"):
        files.xlsx_bytes(table(sheet="///"), FRAME)


def test_file_names_say_the_dialect():
    assert files.file_name("gaps-heatmap", "csv", "fr", date(2026, 12, 1)) == "gaps-heatmap-2026-12-01-fr.csv"
    assert files.file_name("Tensions métier × région", "xlsx", "en", date(2026, 12, 1)) == \
        "tensions-metier-region-2026-12-01-en.xlsx"
    assert files.write(table("en"), FRAME, "csv") == files.csv_bytes(table("en"), FRAME)
    with pytest.raises(ValueError, match="unknown format 'ods'"):
        files.write(table(), FRAME, "ods")
