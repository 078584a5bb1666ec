"""France Travail's BMO survey: the published files whatever the year (column names, XLSX title block and
sheets), the shipped mapping to the trades and its checks, mart_public_demand's numbers worked out by hand,
the mapped codes a survey year lacks, and the demonstration file."""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from pipelines.demo import BMO_MASKED_BELOW, MANIFEST_NAME, PUBLIC_FOLDER, bmo_survey_years, write_public_demo
from pipelines.ingest import ingest_files
from tests.warehouse_factory import make_warehouse
from warehouse.build import build, ensure_schema
from warehouse.reference import ReferenceError, load_reference
from warehouse.settings import SHIPPED_REFERENCE_DIR

TODAY = date(2026, 6, 15)
HEADER_2024 = ["annee", "Code métier BMO", "Nom métier BMO", "Famille_met", "Lbl_fam_met", "REG", "NOM_REG",
               "Dept", "NomDept", "BE24", "NOMBE24", "met", "xmet", "smet"]


def published_rows(year: int) -> list[list[str]]:
    """Three cells of one survey year, as France Travail writes them: a masked count, a masked xmet."""
    return [
        [str(year), "E1Z46", "Agents qualifiés de laboratoire", "I", "Ouvriers des secteurs de l'industrie", "84",
         "Auvergne-Rhône-Alpes", "69", "Rhône", "8213", "Lyon", "40", "10", "4"],
        [str(year), "E1Z46", "Agents qualifiés de laboratoire", "I", "Ouvriers des secteurs de l'industrie", "84",
         "Auvergne-Rhône-Alpes", "38", "Isère", "8202", "Grenoble", "*", "*", "*"],
        [str(year), "E2Z70", "Techniciens des industries de process", "T", "Autres techniciens et employés", "11",
         "Île-de-France", "94", "Val-de-Marne", "1104", "Créteil", "20", "*", "0"],
    ]


def write_published_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def raw_bmo(con) -> list[tuple]:
    return con.execute("select year, bmo_code, department_code, employment_area_code, employment_area_name, met, "
                       "met_masked, xmet, xmet_masked, smet, smet_masked from raw.bmo "
                       "order by year, department_code").fetchall()


# --- the published files, whatever the year ---------------------------------------------------------


def test_two_survey_years_with_their_own_area_columns_load_side_by_side(tmp_path, con):
    header_2025 = [{"BE24": "BE25", "NOMBE24": "NOMBE25"}.get(name, name) for name in HEADER_2024]
    files = [write_published_csv(tmp_path / "Base_open_data_BMO_2024.csv", HEADER_2024, published_rows(2024)),
             write_published_csv(tmp_path / "Base_open_data_BMO_2025.csv", header_2025, published_rows(2025))]
    reports = ingest_files(con, files, today=TODAY)
    assert [(report.source, report.status, report.rows_inserted, report.rows_rejected) for report in reports] == [
        ("bmo", "loaded", 3, 0), ("bmo", "loaded", 3, 0)]
    assert raw_bmo(con) == [
        (2024, "E1Z46", "38", "8202", "Grenoble", None, True, None, True, None, True),
        (2024, "E1Z46", "69", "8213", "Lyon", 40, False, 10, False, 4, False),
        (2024, "E2Z70", "94", "1104", "Créteil", 20, False, None, True, 0, False),
        (2025, "E1Z46", "38", "8202", "Grenoble", None, True, None, True, None, True),
        (2025, "E1Z46", "69", "8213", "Lyon", 40, False, 10, False, 4, False),
        (2025, "E2Z70", "94", "1104", "Créteil", 20, False, None, True, 0, False),
    ]


def test_the_names_of_earlier_years_are_recognised(tmp_path, con):
    """Headers of older files: Famille_metier, 'Libellé de famille de métier', 'nom_metier BMO', four-digit
    area years, departments named Nom_Dept, in capitals and with accents."""
    older = ["Année", "code métier BMO", "nom_metier BMO", "Famille_metier", "Libellé de famille de métier", "REG",
             "NOM_REG", "DEPT", "Nom_Dept", "BE2019", "NOMBE2019", "met", "xmet", "smet"]
    path = write_published_csv(tmp_path / "bmo_2019.csv", older, published_rows(2019))
    [report] = ingest_files(con, [path], today=TODAY)
    assert (report.source, report.status, report.rows_inserted, report.message) == ("bmo", "loaded", 3, "")
    assert con.execute("select distinct family_label, department_name from raw.bmo where department_code = '69'"
                       ).fetchall() == [("Ouvriers des secteurs de l'industrie", "Rhône")]


def test_the_published_workbook_title_block_and_sheets_find_the_data_sheet(tmp_path, con):
    """The XLSX as published: a notice first, a national summary that looks like BMO but has no
    département nor employment area, then the data under a title block of three rows."""
    workbook = openpyxl.Workbook()
    notice = workbook.active
    notice.title = "Lisez-moi"
    for line in (["Enquête Besoins en Main-d'Œuvre 2025"], ["met : projets de recrutement"],
                 ["xmet : projets jugés difficiles"], ["smet : projets saisonniers"]):
        notice.append(line)
    summary = workbook.create_sheet("Synthèse nationale")
    summary.append(["annee", "Code métier BMO", "Nom métier BMO", "met", "xmet", "smet"])
    summary.append(["2025", "E1Z46", "Agents qualifiés de laboratoire", "40", "10", "4"])
    data = workbook.create_sheet("BMO_2025_open_data")
    data.append(["Besoins en Main-d'Œuvre 2025 : projets de recrutement par bassin d'emploi"])
    data.append(["Source : France Travail, enquête BMO 2025"])
    data.append([])
    data.append([{"BE24": "BE25", "NOMBE24": "NOMBE25"}.get(name, name) for name in HEADER_2024])
    for row in published_rows(2025):
        data.append([int(value) if value.isdigit() and position >= 11 else value
                     for position, value in enumerate(row)])  # counts as numbers, as the sheet stores them
    path = tmp_path / "Base_open_data_BMO_2025.xlsx"
    workbook.save(path)

    [report] = ingest_files(con, [path], today=TODAY)
    assert (report.source, report.status, report.sheet, report.rows_inserted, report.rows_rejected) == (
        "bmo", "loaded", "BMO_2025_open_data", 3, 0)
    assert "'Lisez-moi' skipped" in report.message
    assert "'Synthèse nationale' skipped: it looks like bmo but lacks department_code (dept" in report.message
    assert "employment_area_code (BE24), which the sheet 'BMO_2025_open_data' has" in report.message
    assert [row[:6] for row in raw_bmo(con)] == [
        (2025, "E1Z46", "38", "8202", "Grenoble", None), (2025, "E1Z46", "69", "8213", "Lyon", 40),
        (2025, "E2Z70", "94", "1104", "Créteil", 20)]
    # the header is on row 4 of the sheet: the first data row is line 5
    assert con.execute("select min(source_line) from raw.bmo").fetchall() == [(5,)]


def test_a_summary_sheet_alone_is_refused_with_the_columns_it_lacks(tmp_path, con):
    workbook = openpyxl.Workbook()
    workbook.active.append(["annee", "Code métier BMO", "met", "xmet", "smet"])
    workbook.active.append(["2025", "E1Z46", "40", "10", "4"])
    workbook.create_sheet("Notes").append(["Source : France Travail"])
    path = tmp_path / "synthese.xlsx"
    workbook.save(path)
    [report] = ingest_files(con, [path], today=TODAY)
    assert report.status == "failed"
    assert "missing required column(s) for bmo: department_code (dept" in report.message


# --- the mapping -------------------------------------------------------------------------------------


def test_the_shipped_mapping_names_real_trades_and_shares_that_add_up():
    reference = load_reference()
    mapping = reference.bmo_trades
    trades = set(reference.trades["trade_code"])
    families = set(reference.trades["family"])
    assert set(mapping.filter(pl.col("trade_code").is_not_null())["trade_code"]) <= trades
    assert set(mapping.filter(pl.col("family").is_not_null())["family"]) <= families
    assert mapping.group_by("bmo_code").agg(pl.col("share").sum()).filter(
        (pl.col("share") - 1).abs() > 1e-9).height == 0
    # the bioproduction métiers the issue names: process workers and technicians, laboratory, maintenance,
    # production and quality engineers and managers (FAP 2009 codes, docs/bmo.md)
    assert set(mapping["bmo_code"]) == {"E1Z40", "E1Z41", "E1Z46", "E2Z70", "E2Z80", "G1Z70", "H0Z90", "H0Z92"}
    assert mapping.filter(pl.col("bmo_code") == "E2Z70").select("family", "share").rows() == [
        ("production", 0.5), ("quality", 0.5)]


MAPPING_HEADER = "bmo_code,bmo_label,trade_code,family,share,why\n"


@pytest.mark.parametrize("rows, expected", [
    ("E1Z46,Labo,QC,quality,1,\n", "line 2 (E1Z46): give either a trade_code or a family, not both"),
    ("E1Z46,Labo,,,1,\n", "line 2 (E1Z46): give either a trade_code or a family, not neither"),
    ("E1Z46,Labo,QCX,,1,\n", "line 2 (E1Z46): trade_code 'QCX' is not in trades.csv"),
    ("E2Z70,Tech,,qualite,1,\n", "line 2 (E2Z70): family 'qualite' is not a family of trades.csv"),
    ("E1Z46,Labo,QC,,0,\n", "line 2 (E1Z46): share 0.0 must be a number above 0 and at most 1"),
    ("E1Z46,Labo,QC,,0.5,\nE1Z46,Labo,QA,,0.4,\n", "the shares of E1Z46 add up to 0.9, not 1"),
    ("E1Z46,Labo,QC,,0.5,\nE1Z46,Labo,qc,,0.5,\n", "E1Z46 maps to QC twice; keep one row"),
    (",Labo,QC,,1,\n", "line 2: bmo_code is empty; write the BMO métier code (E2Z70)"),
])
def test_a_mapping_a_person_would_misread_is_refused_with_the_line_and_what_to_write(tmp_path, rows, expected):
    folder = tmp_path / "reference"
    shutil.copytree(SHIPPED_REFERENCE_DIR, folder)
    (folder / "bmo_trades.csv").write_text(MAPPING_HEADER + rows, encoding="utf-8")
    with pytest.raises(ReferenceError) as refused:
        load_reference(folder)
    assert expected in str(refused.value)
    assert str(folder / "bmo_trades.csv") in str(refused.value)


def test_an_edited_mapping_is_what_the_warehouse_uses(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(SHIPPED_REFERENCE_DIR, folder)
    (folder / "bmo_trades.csv").write_text("bmo_code,bmo_label,trade_code,family,share\n"
                                           " e1z46 ,Labo, qc ,,1\n", encoding="utf-8")
    with duckdb.connect() as con:
        make_warehouse(con, bmo=[{"bmo_code": "E1Z46"}], reference_dir=folder)
        assert con.sql("select bmo_code, target_level, target_code, share, why from bmo_trade_mapping").fetchall() == [
            ("E1Z46", "trade", "QC", 1.0, None)]


# --- mart_public_demand, by hand --------------------------------------------------------------------

LOADED = datetime(2026, 1, 15, 8, 0)  # after the end of 2025: the year's returns are complete
BMO_2025 = [
    # QC in Auvergne-Rhône-Alpes: three cells of E1Z46, one masked whole, one with xmet masked
    {"year": 2025, "bmo_code": "E1Z46", "region_code": "84", "employment_area_code": "A", "met": 40, "xmet": 10,
     "smet": 4},
    {"year": 2025, "bmo_code": "E1Z46", "region_code": "84", "employment_area_code": "B", "met": None,
     "xmet": None, "smet": None, "met_masked": True, "xmet_masked": True, "smet_masked": True},
    {"year": 2025, "bmo_code": "E1Z46", "region_code": "84", "employment_area_code": "C", "met": 30, "xmet": None,
     "smet": 0, "xmet_masked": True},
    # E2Z70: half to the production family, half to the quality family
    {"year": 2025, "bmo_code": "E2Z70", "region_code": "84", "employment_area_code": "A", "met": 20, "xmet": 12,
     "smet": 2},
    # G1Z70: half MAINT, half AUTO; its smet masked
    {"year": 2025, "bmo_code": "G1Z70", "region_code": "84", "employment_area_code": "A", "met": 50, "xmet": 45,
     "smet": None, "smet_masked": True},
    # a métier the mapping leaves out counts nowhere
    {"year": 2025, "bmo_code": "J1Z40", "region_code": "84", "employment_area_code": "A", "met": 500,
     "xmet": 100, "smet": 50},
    {"year": 2025, "bmo_code": "E1Z46", "region_code": "11", "employment_area_code": "D", "met": 10, "xmet": 5,
     "smet": 1},
]
HIRING_2025 = [
    {"trade_code": "QC", "region_code": "84", "month": "2025-03-01", "openings": 7, "loaded_at": LOADED},
    {"trade_code": "QC", "region_code": "84", "month": "2025-06-01", "openings": 5, "loaded_at": LOADED},
    {"trade_code": "QC", "region_code": "84", "month": "2025-12-01", "openings": 0, "loaded_at": LOADED},
    {"trade_code": "USP", "region_code": "84", "month": "2025-03-01", "openings": 8, "loaded_at": LOADED},
    {"trade_code": "QC", "region_code": "84", "month": "2024-12-01", "openings": 100, "loaded_at": LOADED},
]


def test_public_demand_sums_each_metier_by_its_share_and_counts_masked_cells_apart():
    with duckdb.connect() as con:
        make_warehouse(con, bmo=BMO_2025, hiring=HIRING_2025)
        found = con.sql("""
            select target_level, target_code, trade_code, family, region_code, year, bmo_codes, met, xmet, smet,
                   rated_met, rated_xmet, difficulty_rate, cells, masked_met_cells, masked_xmet_cells,
                   masked_smet_cells, reported_openings, reported_openings_provisional
            from mart_public_demand order by region_code, target_level desc, target_code""").pl().to_dicts()
    columns = ("target_level", "target_code", "trade_code", "family", "region_code", "year", "bmo_codes", "met",
               "xmet", "smet", "rated_met", "rated_xmet", "difficulty_rate", "cells", "masked_met_cells",
               "masked_xmet_cells", "masked_smet_cells", "reported_openings", "reported_openings_provisional")
    expected = [
        # area D only: 5 difficult of 10
        ("trade", "QC", "QC", "quality", "11", 2025, "E1Z46", 10.0, 5.0, 1.0, 10.0, 5.0, 0.5, 1, 0, 0, 0, None,
         False),
        # G1Z70 x 0.5: 25 projects, 22.5 difficult (0.9); its only smet masked, so none
        ("trade", "AUTO", "AUTO", "digital", "84", 2025, "G1Z70", 25.0, 22.5, None, 25.0, 22.5, 0.9, 1, 0, 0, 1,
         None, False),
        ("trade", "MAINT", "MAINT", "support", "84", 2025, "G1Z70", 25.0, 22.5, None, 25.0, 22.5, 0.9, 1, 0, 0, 1,
         None, False),
        # A + C = 70 projects (B masked); 10 difficult of A's 40 (C's xmet masked): 0.25; openings 7 + 5 + 0
        ("trade", "QC", "QC", "quality", "84", 2025, "E1Z46", 70.0, 10.0, 4.0, 40.0, 10.0, 0.25, 3, 1, 2, 1, 12,
         False),
        # E2Z70 x 0.5 = 10 projects, 6 difficult; the family's openings: USP's 8
        ("family", "production", None, "production", "84", 2025, "E2Z70", 10.0, 6.0, 1.0, 10.0, 6.0, 0.6, 1, 0, 0,
         0, 8, False),
        # the quality family: QC's 12 openings (QA and VAL reported none)
        ("family", "quality", None, "quality", "84", 2025, "E2Z70", 10.0, 6.0, 1.0, 10.0, 6.0, 0.6, 1, 0, 0, 0, 12,
         False),
    ]
    assert found == [dict(zip(columns, row)) for row in expected]


def test_the_openings_of_a_year_employers_have_not_finished_reporting_are_provisional():
    with duckdb.connect() as con:
        make_warehouse(con, bmo=BMO_2025[:1], hiring=[{**row, "loaded_at": datetime(2025, 7, 2)}
                                                       for row in HIRING_2025 if row["month"] <= "2025-06-01"])
        assert con.sql("select reported_openings, reported_openings_provisional from mart_public_demand").fetchall() \
            == [(12, True)]


def test_mapped_codes_a_survey_year_lacks_are_listed_with_its_files():
    with duckdb.connect() as con:
        make_warehouse(con, bmo=[{**row, "source_file": "bmo_2025.csv"} for row in BMO_2025]
                       + [{"year": 2024, "bmo_code": code, "employment_area_code": code, "source_file": "bmo_2024.csv"}
                          for code in ("E1Z40", "E1Z41", "E1Z46", "E2Z70", "E2Z80", "G1Z70", "H0Z90")])
        assert con.sql("select year, bmo_code, mapped_to, source_files from mart_bmo_missing_codes").fetchall() == [
            (2024, "H0Z92", "PROC, QA", "bmo_2024.csv"),
            (2025, "E1Z40", "production", "bmo_2025.csv"),
            (2025, "E1Z41", "FILL", "bmo_2025.csv"),
            (2025, "E2Z80", "SUP", "bmo_2025.csv"),
            (2025, "H0Z90", "PROC", "bmo_2025.csv"),
            (2025, "H0Z92", "PROC, QA", "bmo_2025.csv"),
        ]


def test_status_lists_the_mapped_codes_a_loaded_year_lacks(tmp_path):
    from typer.testing import CliRunner

    from pipelines.cli import app
    from tests.warehouse_factory import make_warehouse_file

    db_path = make_warehouse_file(tmp_path, bmo=BMO_2025)
    result = CliRunner().invoke(app, ["status", "--db", str(db_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Mapped BMO codes a loaded survey year lacks" in result.output
    for code in ("E1Z40", "E1Z41", "E2Z80", "H0Z90", "H0Z92"):
        assert code in result.output


# --- the demonstration file --------------------------------------------------------------------------


def test_the_demo_writes_the_latest_surveys_as_published_with_masks(tmp_path):
    paths = write_public_demo(tmp_path, scale=0.2, until=date(2026, 10, 1))
    assert [path.relative_to(tmp_path).as_posix() for path in paths] == [
        f"{PUBLIC_FOLDER}/bmo_2025.csv", f"{PUBLIC_FOLDER}/bmo_2026.csv"]
    assert bmo_survey_years(date(2026, 3, 31)) == [2024, 2025]  # the 2026 survey comes out in April
    frame = pl.read_csv(paths[1], separator=";", infer_schema=False)
    assert frame.columns == [{"BE24": "BE26", "NOMBE24": "NOMBE26"}.get(name, name) for name in HEADER_2024]
    assert frame["annee"].unique().to_list() == ["2026"]
    masked = frame.filter(pl.col("met") == "*")
    assert masked.height > 0 and masked.filter((pl.col("xmet") != "*") | (pl.col("smet") != "*")).height == 0
    published = frame.filter(pl.col("met") != "*")["met"].cast(pl.Int64)
    assert published.min() >= BMO_MASKED_BELOW
    assert (tmp_path / PUBLIC_FOLDER / MANIFEST_NAME).exists()


def test_the_demo_surveys_load_without_a_reject_as_demonstration_data(tmp_path):
    paths = write_public_demo(tmp_path, scale=0.2, until=date(2026, 10, 1))
    with duckdb.connect() as con:
        ensure_schema(con)
        reports = ingest_files(con, [tmp_path], today=date(2026, 10, 15))
        build(con)
        assert [(report.file_name, report.status, report.rows_rejected, report.is_demo) for report in reports] == [
            (path.relative_to(tmp_path).as_posix(), "loaded", 0, True) for path in paths]
        assert con.sql("select count(distinct year), count(*) > 0 from mart_public_demand").fetchall() == [(2, True)]
        assert con.sql("select count(*) from mart_bmo_missing_codes").fetchall() == [(0,)]
