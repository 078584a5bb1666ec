"""The data contract, one case a line: each bad value is rejected with its line, column, value and exact reason;
each tolerated spelling lands in canonical form; headers and sources are recognised or the file is refused."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines.ingest import ingest_files
from tests.file_factory import GOOD_ROWS, write_source_file
from warehouse.build import ensure_schema

TODAY = date(2025, 6, 15)
PROGRAMMES = "warehouse/reference/programmes.csv"
REGION_PROBLEM = ("is not a region code or name of the regions reference (warehouse/reference/regions.csv); "
                  "use an INSEE code such as 11 or a name such as Île-de-France")
DATE_PROBLEM = "is not a date; write 2024-03-15 or 15/03/2024"
OTHER_KEY = {"enrolments": {"learner_id": "L002"}, "assessments": {"learner_id": "L002"},
             "hiring": {"employer_id": "E02"}, "placements": {"learner_id": "L002"},
             "bmo": {"Code métier BMO": "J0Z61"}}


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def load(con, path, source=None):
    [report] = ingest_files(con, [path], source=source, today=TODAY)
    rejected = con.execute("select line, column_name, value, reason from rejected_rows where load_id = ? "
                           "order by line", [report.load_id]).fetchall()
    return report, rejected


REJECTED = [
    ("enrolments", {"programme_code": "P-XYZ"}, "programme_code", "P-XYZ",
     f"programme_code 'P-XYZ' is not in the programmes reference ({PROGRAMMES}); fix the code or add the programme"),
    ("enrolments", {"region_code": "Atlantis"}, "region_code", "Atlantis", f"region_code 'Atlantis' {REGION_PROBLEM}"),
    ("enrolments", {"region_code": "99"}, "region_code", "99", f"region_code '99' {REGION_PROBLEM}"),
    ("enrolments", {"start_date": "32/01/2024"}, "start_date", "32/01/2024", f"start_date '32/01/2024' {DATE_PROBLEM}"),
    ("enrolments", {"status": "fini"}, "status", "fini",
     "status 'fini' is not a known status; use enrolled, completed or withdrawn "
     "(in French: en_cours, termine, abandon)"),
    ("enrolments", {"status": None}, "status", None, "status is empty but required; fill it in"),
    ("enrolments", {"learner_id": None}, "learner_id", None, "learner_id is empty but required; fill it in"),
    ("enrolments", {"learner_id": "   "}, "learner_id", "   ", "learner_id is empty but required; fill it in"),
    ("enrolments", {"certified": "peut-être"}, "certified", "peut-être",
     "certified 'peut-être' is not a yes/no value; write true/false, oui/non, vrai/faux or 1/0"),
    ("enrolments", {"end_date": None}, "end_date", None,
     "end_date is empty but the enrolment is completed (status 'completed'); give the end date or change the status"),
    ("enrolments", {"end_date": "31/12/2023"}, "end_date", "31/12/2023",
     "end_date '31/12/2023' is before start_date '2024-01-08'; fix one of the dates"),
    ("enrolments", {"status": "en_cours", "end_date": None, "certified": "oui"}, "certified", "oui",
     "certified is 'oui' but status is 'en_cours', not completed; only a completed enrolment can be certified"),
    ("enrolments", {"pathway": "stage"}, "pathway", "stage",
     "pathway 'stage' is not a known pathway; use initial, continuing or apprenticeship "
     "(in French: initiale, continue, apprentissage)"),
    ("assessments", {"skill_code": "XYZ"}, "skill_code", "XYZ",
     "skill_code 'XYZ' is not in the skills reference (warehouse/reference/skills.csv); fix the code or add the skill"),
    ("assessments", {"assessed_on": "16/06/2025"}, "assessed_on", "16/06/2025",
     "assessed_on '16/06/2025' is in the future (today is 2025-06-15); fix the date"),
    ("assessments", {"score": "100,5"}, "score", "100,5",
     "score '100,5' is not between 0 and 100; give the score out of 100"),
    ("assessments", {"score": "-1"}, "score", "-1", "score '-1' is not between 0 and 100; give the score out of 100"),
    ("assessments", {"score": "72 %"}, "score", "72 %",
     "score '72 %' is not a number; write it like 72.5 or 72,5, without thousands separator"),
    ("assessments", {"method": "hologramme"}, "method", "hologramme",
     "method 'hologramme' is not a known method; use vr, ar, digital_twin, serious_game, practical or written "
     "(in French: realite_virtuelle, realite_augmentee, jumeau_numerique, jeu_serieux, pratique, ecrit)"),
    ("hiring", {"trade_code": "ZZZ"}, "trade_code", "ZZZ",
     "trade_code 'ZZZ' is neither a code of the trades reference (warehouse/reference/trades.csv) nor a ROME code "
     "of one of its trades; fix the code or add the trade"),
    ("hiring", {"trade_code": "H2301"}, "trade_code", "H2301",
     "trade_code 'H2301' is a ROME code shared by several trades (DSP, FILL, USP); give the trade code"),
    ("hiring", {"month": "2025-07"}, "month", "2025-07",
     "month '2025-07' is after the current month (2025-06); report months that have begun"),
    ("hiring", {"month": "2024-03-15"}, "month", "2024-03-15",
     "month '2024-03-15' is a date, not a month; write the month as 2024-03"),
    ("hiring", {"month": "Q1 2024"}, "month", "Q1 2024",
     "month 'Q1 2024' is not a month; write 2024-03, 03/2024, 2024-03-01 or mars 2024"),
    ("hiring", {"hires": "2,5"}, "hires", "2,5", "hires '2,5' is not a whole number; write a count such as 3"),
    ("hiring", {"openings": "-1"}, "openings", "-1", "openings '-1' is negative; counts are 0 or more"),
    ("hiring", {"open_vacancies": None}, "open_vacancies", None, "open_vacancies is empty but required; fill it in"),
    ("hiring", {"jobs_created": "5"}, "jobs_created", "5",
     "jobs_created '5' is more than hires '4'; jobs created count hires into new positions, so at most hires"),
    ("hiring", {"hires_from_campus": "9"}, "hires_from_campus", "9",
     "hires_from_campus '9' is more than hires '4'; campus hires are some of the hires"),
    ("placements", {"contract": "stage"}, "contract", "stage",
     "contract 'stage' is not a known contract; use cdi, cdd, interim or apprenticeship (in French: apprentissage)"),
    ("placements", {"hired_on": "2025-06-16"}, "hired_on", "2025-06-16",
     "hired_on '2025-06-16' is in the future (today is 2025-06-15); fix the date"),
    ("placements", {"trade_code": "H1503"}, "trade_code", "H1503",
     "trade_code 'H1503' is not in the trades reference (warehouse/reference/trades.csv); "
     "fix the code or add the trade"),
    ("bmo", {"met": "12a"}, "met", "12a", "met '12a' is not a whole number nor * (masked); write a count such as 3"),
    ("bmo", {"xmet": None}, "xmet", None, "xmet is empty; BMO publishes a count or * (masked) in every row"),
    ("bmo", {"annee": "1999"}, "year", "1999",
     "year '1999' is not a BMO survey year (2000 to next year); fix the annee column"),
]


@pytest.mark.parametrize("source, override, column, value, reason", REJECTED,
                         ids=[f"{case[0]}-{case[2]}-{case[3]}" for case in REJECTED])
def test_a_bad_value_is_rejected_with_its_line_and_reason(tmp_path, con, source, override, column, value, reason):
    path = write_source_file(tmp_path, source, [{}, {**OTHER_KEY[source], **override}])
    report, rejected = load(con, path)
    assert rejected == [(3, column, value, reason)]
    assert (report.status, report.rows_read, report.rows_inserted, report.rows_rejected) == ("loaded", 2, 1, 1)


ACCEPTED = [
    ("enrolments", {"status": "Terminé"}, "status", "completed"),
    ("enrolments", {"status": "TERMINE"}, "status", "completed"),
    ("enrolments", {"status": "en cours", "end_date": None, "certified": None}, "status", "enrolled"),
    ("enrolments", {"status": "Abandon", "certified": "non"}, "status", "withdrawn"),
    ("enrolments", {"pathway": "Apprentissage"}, "pathway", "apprenticeship"),
    ("enrolments", {"pathway": None}, "pathway", None),
    ("enrolments", {"certified": "oui"}, "certified", True),
    ("enrolments", {"certified": "VRAI"}, "certified", True),
    ("enrolments", {"certified": "1"}, "certified", True),
    ("enrolments", {"certified": "non"}, "certified", False),
    ("enrolments", {"certified": None}, "certified", None),
    ("enrolments", {"region_code": "Île-de-France"}, "region_code", "11"),
    ("enrolments", {"region_code": "ile de france"}, "region_code", "11"),
    ("enrolments", {"region_code": "AUVERGNE RHONE ALPES"}, "region_code", "84"),
    ("enrolments", {"region_code": "1"}, "region_code", "01"),
    ("enrolments", {"region_code": "01"}, "region_code", "01"),
    ("enrolments", {"region_code": "FR-ARA"}, "region_code", "84"),
    ("enrolments", {"programme_code": "p-usp-tech"}, "programme_code", "P-USP-TECH"),
    ("enrolments", {"start_date": "08/01/2024"}, "start_date", date(2024, 1, 8)),
    ("enrolments", {"learner_id": " L001 "}, "learner_id", "L001"),
    ("assessments", {"score": "72,5"}, "score", 72.5),
    ("assessments", {"score": "100"}, "score", 100.0),
    ("assessments", {"method": "Réalité virtuelle"}, "method", "vr"),
    ("assessments", {"method": "jumeau numérique"}, "method", "digital_twin"),
    ("assessments", {"method": "ÉCRIT"}, "method", "written"),
    ("assessments", {"skill_code": "gmp"}, "skill_code", "GMP"),
    ("assessments", {"assessed_on": "15/06/2025"}, "assessed_on", date(2025, 6, 15)),
    ("hiring", {"month": "03/2024"}, "month", date(2024, 3, 1)),
    ("hiring", {"month": "mars 2024"}, "month", date(2024, 3, 1)),
    ("hiring", {"month": "janv. 2024"}, "month", date(2024, 1, 1)),
    ("hiring", {"month": "2024-03-01"}, "month", date(2024, 3, 1)),
    ("hiring", {"month": "2025-06"}, "month", date(2025, 6, 1)),
    ("hiring", {"trade_code": "H1503"}, "trade_code", "QC"),
    ("hiring", {"hires": "4,0"}, "hires", 4),
    ("placements", {"contract": "CDI"}, "contract", "cdi"),
    ("placements", {"contract": "Intérim"}, "contract", "interim"),
    ("placements", {"contract": "alternance"}, "contract", "apprenticeship"),
    ("bmo", {"met": "*"}, "met", None),
    ("bmo", {"met": "*"}, "met_masked", True),
    ("bmo", {"smet": "*"}, "smet_masked", True),
    ("bmo", {"smet": "3"}, "smet_masked", False),
    ("bmo", {"Dept": "1"}, "department_code", "01"),
    ("bmo", {"Dept": "2A"}, "department_code", "2A"),
    ("bmo", {"REG": "Auvergne-Rhône-Alpes"}, "region_code", "84"),
]


@pytest.mark.parametrize("source, override, column, stored", ACCEPTED,
                         ids=[f"{case[0]}-{case[2]}-{list(case[1].values())[0]}" for case in ACCEPTED])
def test_a_tolerated_spelling_lands_in_canonical_form(tmp_path, con, source, override, column, stored):
    report, rejected = load(con, write_source_file(tmp_path, source, [override]))
    assert rejected == []
    assert con.execute(f"select {column} from raw.{source}").fetchall() == [(stored,)]


def test_several_bad_values_of_a_row_count_it_once(tmp_path, con):
    path = write_source_file(tmp_path, "assessments", [{"skill_code": "XYZ", "score": "120", "method": "?"}])
    report, rejected = load(con, path)
    assert [(line, column) for line, column, _, _ in rejected] == [(2, "skill_code"), (2, "score"), (2, "method")]
    assert (report.rows_read, report.rows_inserted, report.rows_rejected) == (1, 0, 1)


def test_a_value_that_does_not_parse_is_not_also_reported_by_the_rules(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{"end_date": "demain"}])
    assert load(con, path)[1] == [(2, "end_date", "demain", f"end_date 'demain' {DATE_PROBLEM}")]


@pytest.mark.parametrize("source, second_row, key, value", [
    ("enrolments", {}, "learner_id, programme_code, start_date", "L001, P-USP-TECH, 2024-01-08"),
    ("enrolments", {"start_date": "08/01/2024", "programme_code": "p-usp-tech"},
     "learner_id, programme_code, start_date", "L001, p-usp-tech, 08/01/2024"),
    ("assessments", {"score": "80"}, "learner_id, skill_code, assessed_on", "L001, GMP, 2024-05-02"),
    ("hiring", {"month": "03/2024", "region_code": "Île-de-France"}, "employer_id, region_code, trade_code, month",
     "E01, Île-de-France, USP, 03/2024"),
    ("placements", {"contract": "cdd"}, "learner_id, employer_id, hired_on", "L001, E01, 2024-07-15"),
])
def test_a_duplicate_key_in_a_file_keeps_the_first_row(tmp_path, con, source, second_row, key, value):
    path = write_source_file(tmp_path, source, [{}, OTHER_KEY[source], second_row])
    report, rejected = load(con, path)
    assert rejected == [(4, key, value, f"duplicate of line 2 (same {key})")]
    assert (report.rows_inserted, report.rows_rejected) == (2, 1)
    assert con.execute(f"select min(source_line) from raw.{source}").fetchall() == [(2,)]


def test_french_headers_with_accents_case_and_spaces(tmp_path, con):
    rename = {"learner_id": "Identifiant Apprenant", "programme_code": "CODE-FORMATION", "region_code": " Région ",
              "start_date": "Date début", "end_date": "date_fin", "status": "Statut", "certified": "Certifié",
              "pathway": "Voie"}
    path = write_source_file(tmp_path, "enrolments", [{}], rename=rename, delimiter=";", encoding="cp1252")
    report, rejected = load(con, path)
    assert (report.source, report.rows_inserted, rejected) == ("enrolments", 1, [])


@pytest.mark.parametrize("source", list(GOOD_ROWS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_each_source_is_recognised_from_its_headers_in_every_format(tmp_path, con, source, fmt):
    report, rejected = load(con, write_source_file(tmp_path, source, [{}], fmt=fmt))
    assert (report.source, report.status, report.rows_inserted, rejected) == (source, "loaded", 1, [])


def test_a_file_matching_no_source_is_refused_listing_what_each_needs(tmp_path, con):
    path = tmp_path / "notes.csv"
    path.write_text("nom;commentaire\nDupont;ok\n", encoding="utf-8")
    report, rejected = load(con, path)
    message = (
        f"{path} refused: its columns match no source. Its columns: nom, commentaire. "
        "enrolments needs learner_id (identifiant_apprenant), programme_code (code_formation), "
        "region_code (region, code_region), start_date (date_debut), status (statut); "
        "assessments needs learner_id (identifiant_apprenant), skill_code (code_competence), "
        "assessed_on (date_evaluation), score (note); "
        "hiring needs employer_id (identifiant_employeur), region_code (region, code_region), "
        "trade_code (code_metier), month (mois), openings (postes_ouverts), hires (embauches), "
        "jobs_created (emplois_crees), hires_from_campus (embauches_campus), open_vacancies (postes_vacants); "
        "placements needs learner_id (identifiant_apprenant), employer_id (identifiant_employeur), "
        "trade_code (code_metier), region_code (region, code_region), hired_on (date_embauche), contract (contrat); "
        "bmo needs year (annee), bmo_code (code_metier_bmo), department_code (dept), employment_area_code (BE24), "
        "met, xmet, smet. Fix the headers or name the source explicitly.")
    assert (report.status, report.source, report.message) == ("failed", None, message)
    assert rejected == [(None, None, None, message)]


def test_a_file_fitting_two_sources_is_refused(tmp_path, con):
    rows = [{**GOOD_ROWS["enrolments"], **GOOD_ROWS["assessments"]}]
    path = tmp_path / "both.csv"
    path.write_text(",".join(rows[0]) + "\n" + ",".join(rows[0].values()) + "\n", encoding="utf-8")
    report, _ = load(con, path)
    assert report.status == "failed"
    assert report.message.startswith(f"{path} refused: its columns fit both enrolments and assessments. Its columns: ")
    assert report.message.endswith("Split the file by source, or name the source explicitly.")


def test_naming_the_source_settles_it(tmp_path, con):
    rows = {**GOOD_ROWS["enrolments"], **GOOD_ROWS["assessments"]}
    path = tmp_path / "both.csv"
    path.write_text(",".join(rows) + "\n" + ",".join(rows.values()) + "\n", encoding="utf-8")
    report, _ = load(con, path, source="assessments")
    assert (report.source, report.rows_inserted) == ("assessments", 1)
    assert "ignored column(s) not in the contract: programme_code, region_code, start_date, end_date" in report.message


def test_a_missing_required_column_refuses_the_file_naming_missing_and_found(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{}], drop=["status", "start_date"])
    report, rejected = load(con, path)
    message = (f"{path} refused: missing required column(s) for enrolments: start_date (date_debut), "
               "status (statut). Found columns: learner_id, programme_code, region_code, end_date, certified, "
               "pathway. Add the missing column(s) and load the file again.")
    assert (report.status, report.source, report.message) == ("failed", "enrolments", message)
    assert (report.rows_read, report.rows_rejected) == (1, 1)
    assert rejected == [(None, None, None, message)]


def test_an_optional_column_may_be_absent(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{}], drop=["certified", "pathway"])
    report, rejected = load(con, path)
    assert (report.rows_inserted, report.message, rejected) == (1, "", [])


def test_extra_columns_are_ignored_and_reported(tmp_path, con):
    path = write_source_file(tmp_path, "placements", [{"commentaire": "ok", "nom": "x"}])
    report, rejected = load(con, path)
    assert (report.rows_inserted, rejected) == (1, [])
    assert report.message == "ignored column(s) not in the contract: commentaire, nom"


def test_two_headers_for_one_column_refuse_the_file(tmp_path, con):
    path = write_source_file(tmp_path, "enrolments", [{"code_region": "11"}])
    report, _ = load(con, path)
    assert report.message == (f"{path} refused: columns 'region_code' and 'code_region' both give region_code; "
                              "keep only one of them.")


def test_bmo_as_published_with_another_survey_year(tmp_path, con):
    rename = {"BE24": "BE23", "NOMBE24": "NOMBE23"}
    path = write_source_file(tmp_path, "bmo", [{"annee": "2023", "met": "*", "xmet": "*"}], rename=rename,
                             delimiter=";", encoding="cp1252")
    report, rejected = load(con, path)
    assert rejected == []
    assert con.execute("select year, employment_area_code, employment_area_name, met, met_masked, xmet, "
                       "xmet_masked, smet, smet_masked from raw.bmo").fetchall() == [
        (2023, "8213", "Lyon", None, True, None, True, None, True)]
