"""The cards' files as a French HR team opens them: a sheet named for the card, French headers,
numbers as numbers with Excel formats, percentages, withheld counts as text only where withheld,
no internal columns, a second sheet with title, filters, data date, source and protection rule;
the French CSV in French Excel's dialect; and no cell that runs, on every export path."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from dashboard.downloads import card_file, cards, file_columns, file_name, header
from dashboard.filters import Filters
from dashboard.sql_console import result_file
from tests.contexts import admin, analyst, steering
from tests.warehouse_factory import make_warehouse
from warehouse.publish import rebuilding

INJECTIONS = ['=HYPERLINK("http://evil.example","clic")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3"]


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("card_files") / "workforce.duckdb"
    with rebuilding(path) as con:
        make_warehouse(
            con,
            enrolments=[{"learner_id": f"L{n}", "programme_code": "P-QC-MICRO", "region_code": region,
                         "start_date": "2024-09-02", "end_date": "2025-02-28", "status": "completed"}
                        for n, region in enumerate(["11"] * 3 + ["84"] * 12)],
            hiring=[{"employer_id": employer, "trade_code": "QC", "region_code": region, "month": "2025-02-01",
                     "openings": 40, "hires": 10, "jobs_created": 4, "hires_from_campus": 2}
                    for employer in ("E0001", INJECTIONS[0]) for region in ("11", "84")],
            load_log=[{"load_id": 1, "file_path": "in/hiring.csv", "source": "hiring", "rows_read": 5,
                       "rows_rejected": 4}],
        )
        con.executemany("insert into rejected_rows (load_id, file_path, source, line, column_name, value, reason) "
                        "values (1, 'in/hiring.csv', 'hiring', ?, 'employer_id', ?, 'a reason')",
                        [[line, value] for line, value in enumerate(INJECTIONS, start=2)])
    return path


@pytest.fixture(autouse=True)
def warehouse(warehouse_file, monkeypatch):
    import app as app_module

    monkeypatch.setenv("WORKFORCE_DB", str(warehouse_file))
    monkeypatch.setenv("WORKFORCE_AUDIT_PATH", str(warehouse_file.with_name("audit.sqlite")))
    app_module.create_app()  # the pages register their cards


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_every_card_has_a_title_and_a_header_for_each_column_in_both_languages():
    for card in cards():
        for lang in ("fr", "en"):
            content, _ = card_file(card, admin(Filters(), lang), "xlsx")
            assert workbook(content).sheetnames[1] in ("Informations", "About")


def test_an_xlsx_of_gaps_for_steering(warehouse_file):
    content, rows = card_file("gaps-table", steering(Filters(trades=("QC",)), "fr"), "xlsx")
    book = workbook(content)
    data, about = book.worksheets
    assert data.title == "Tensions par métier et région"
    headers = [cell.value for cell in data[1]]
    assert headers[:4] == ["Code métier", "Métier", "Code région (INSEE)", "Région"]
    assert "tile_col" not in headers and "iso_code" not in headers
    assert "Postes ouverts (demande)" in headers and "Couverture (offre / demande)" in headers
    by_region = {row[2].value: row for row in data.iter_rows(min_row=2)}
    small, large = by_region["11"], by_region["84"]
    supply = headers.index("Diplômés prêts à l'emploi (offre)")
    demand = headers.index("Postes ouverts (demande)")
    assert large[demand].data_type == "n" and large[demand].value == 80 and large[demand].number_format == "#,##0"
    assert small[supply].value == "< 5" and small[supply].data_type == "s"  # withheld: text, only there
    coverage = headers.index("Couverture (offre / demande)")
    assert small[coverage].value == "s"
    about_rows = {row[0].value: row[1].value for row in about.iter_rows(min_row=1) if row[0].value}
    assert about_rows["Filtres"] == "Métiers : QC"
    assert "« < 5 »" in about_rows["Secret statistique"]
    assert about_rows["Données au"] and about_rows["Source"].startswith("Observatoire")
    assert rows == 2


def test_a_ratio_is_a_percentage_cell():
    content, _ = card_file("hiring-trade-region", analyst(Filters(), "fr"), "xlsx")
    data = workbook(content).worksheets[0]
    headers = [cell.value for cell in data[1]]
    share = data.cell(row=2, column=headers.index("Part du campus dans les embauches") + 1)
    assert share.value == pytest.approx(0.2) and "%" in share.number_format


def test_the_french_csv_opens_in_french_excel_and_the_english_one_in_the_plain_dialect():
    french, _ = card_file("gaps-by-trade", analyst(Filters(), "fr"), "csv")
    text = french.decode("utf-8-sig")
    [header_line, line] = text.splitlines()[:2]
    assert header_line.startswith("Code métier;Métier;Postes ouverts (demande);")
    assert "Couverture (offre / demande) (%)" in header_line and ",0;" in line or ",5;" in line
    english, _ = card_file("gaps-by-trade", analyst(Filters(), "en"), "csv")
    assert english.decode("utf-8-sig").splitlines()[0].startswith("Trade code,Trade,Openings (demand),")
    assert file_name("gaps-by-trade", "csv", "fr").endswith("-fr.csv")


@pytest.mark.parametrize("card, column, planted", [
    ("hiring-employers", "employer_id", INJECTIONS[:1]),   # an employer id as a formula
    ("quality-rejected-rows", "value", INJECTIONS),        # the values a hostile file had
])
def test_no_cell_of_a_card_file_runs_in_a_spreadsheet(card, column, planted):
    ctx = analyst(Filters(), "fr")
    content, _ = card_file(card, ctx, "xlsx")
    data = workbook(content).worksheets[0]
    position = [cell.value for cell in data[1]].index(header(column, "fr"))
    cells = [row[position] for row in data.iter_rows(min_row=2)]
    shown = {cell.value for cell in cells}
    for value in planted:
        if value == "-2+3":  # a formula too: neutralised
            assert "'-2+3" in shown
        else:
            assert value not in shown and "'" + value in shown
    assert all(cell.data_type != "f" for cell in cells)
    text, _ = card_file(card, ctx, "csv")
    fields = [row[position] for row in csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";")][1:]
    assert fields and not any(field.startswith(("=", "+", "@", "-2")) for field in fields)


def test_the_sql_consoles_files_are_neutralised_too():
    frame = pl.DataFrame({"value": INJECTIONS, "n": [-3, 1, 2, 3]})
    text = result_file(frame, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n'+cmd" in text and ",-3" in text
    sheet = workbook(result_file(frame, "xlsx")).worksheets[0]
    assert sheet["A2"].value.startswith("'=") and sheet["B2"].value == -3


def test_a_data_url_serves_the_same_file(warehouse_file, tmp_path, monkeypatch):
    import app as app_module

    server = app_module.create_app().server
    response = server.test_client().get("/data/gaps-table.xlsx?trade=QC&lang=fr")
    assert response.status_code == 200
    data = workbook(response.get_data()).worksheets[0]
    assert data.title == "Tensions par métier et région" and data["A2"].value == "QC"


def test_a_card_bigger_than_the_cap_says_it_holds_the_first_rows(monkeypatch):
    monkeypatch.setenv("WORKFORCE_DOWNLOAD_MAX_ROWS", "1")
    content, rows = card_file("quality-rejected-rows", analyst(Filters(), "en"), "xlsx")
    about = {row[0].value: row[1].value for row in workbook(content).worksheets[1].iter_rows() if row[0].value}
    assert rows == 1 and "The first 1 rows of 4" in str(list(about.values()))


def test_file_columns_type_each_column():
    frame = pl.DataFrame({"quarter_start": [None], "latest_month": [None], "cohort_year": [2024], "mean_score": [7.5],
                          "coverage": [0.5], "demand": [3]},
                         schema_overrides={"quarter_start": pl.Date, "latest_month": pl.Date})
    kinds = {column.name: (column.kind, column.decimals) for column in file_columns(frame, "en")}
    assert kinds == {"quarter_start": ("quarter", None), "latest_month": ("month", None), "cohort_year": ("year", None),
                     "mean_score": ("number", 1), "coverage": ("pct", 1), "demand": ("int", None)}
