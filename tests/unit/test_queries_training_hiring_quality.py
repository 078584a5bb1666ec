"""The /training, /hiring and /quality queries (and mart_training_pathway) on a small warehouse worked out by hand.

Programmes (shipped reference): P-USP-TECH trains USP, default pathway initial, blended; P-USP-CQP trains
USP, continuing, immersive; P-QA-BPF trains QA, continuing, digital. as_of is 2024-12-31 (the last day of
the latest hiring month), so a completed enrolment is eligible for the 6-month placement when it ended on
or before 2024-07-01.

    learner  programme   region start       end         status     certified pathway         placement
    A1       P-USP-TECH  11     2023-01-10  2023-06-30  completed  yes       (initial)       2023-09-01 placed
    A2       P-USP-TECH  11     2023-01-10  2023-06-30  completed  no        apprenticeship  2022-12-01 before start
    A3       P-USP-TECH  11     2023-02-01  2023-03-01  withdrawn            (initial)
    A4       P-USP-TECH  11     2023-09-01              enrolled             (initial)
    B1       P-USP-CQP   84     2024-01-15  2024-03-31  completed  yes       (continuing)    2024-05-01 placed
    B2       P-USP-CQP   84     2024-01-15  2024-08-31  completed  yes       (continuing)    not eligible yet
    C1       P-QA-BPF    11     2024-02-01  2024-02-15  withdrawn            continuing
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.queries import hiring, quality, training
from dashboard.access import Viewer
from tests.contexts import analyst, as_viewer
from tests.warehouse_factory import make_warehouse
from warehouse.publish import rebuilding

ENROLMENTS = [
    {"learner_id": "A1", "programme_code": "P-USP-TECH", "region_code": "11", "start_date": "2023-01-10",
     "end_date": "2023-06-30", "status": "completed", "certified": True},
    {"learner_id": "A2", "programme_code": "P-USP-TECH", "region_code": "11", "start_date": "2023-01-10",
     "end_date": "2023-06-30", "status": "completed", "certified": False, "pathway": "apprenticeship"},
    {"learner_id": "A3", "programme_code": "P-USP-TECH", "region_code": "11", "start_date": "2023-02-01",
     "end_date": "2023-03-01", "status": "withdrawn"},
    {"learner_id": "A4", "programme_code": "P-USP-TECH", "region_code": "11", "start_date": "2023-09-01",
     "status": "enrolled"},
    {"learner_id": "B1", "programme_code": "P-USP-CQP", "region_code": "84", "start_date": "2024-01-15",
     "end_date": "2024-03-31", "status": "completed", "certified": True},
    {"learner_id": "B2", "programme_code": "P-USP-CQP", "region_code": "84", "start_date": "2024-01-15",
     "end_date": "2024-08-31", "status": "completed", "certified": True},
    {"learner_id": "C1", "programme_code": "P-QA-BPF", "region_code": "11", "start_date": "2024-02-01",
     "end_date": "2024-02-15", "status": "withdrawn", "pathway": "continuing"},
]
PLACEMENTS = [
    {"learner_id": "A1", "hired_on": "2023-09-01"},
    {"learner_id": "A2", "hired_on": "2022-12-01"},
    {"learner_id": "B1", "hired_on": "2024-05-01"},
]
HIRING = [
    {"employer_id": "E1", "trade_code": "USP", "region_code": "11", "month": "2024-01-01",
     "openings": 5, "hires": 4, "jobs_created": 2, "hires_from_campus": 1, "open_vacancies": 3},
    {"employer_id": "E2", "trade_code": "USP", "region_code": "11", "month": "2024-01-01",
     "openings": 2, "hires": 0, "jobs_created": 0, "hires_from_campus": 0, "open_vacancies": 1},
    {"employer_id": "E1", "trade_code": "USP", "region_code": "11", "month": "2024-02-01",
     "openings": 1, "hires": 2, "jobs_created": 1, "hires_from_campus": 2, "open_vacancies": 2},
    {"employer_id": "E1", "trade_code": "QA", "region_code": "84", "month": "2024-04-01",
     "openings": 3, "hires": 1, "jobs_created": 1, "hires_from_campus": 0, "open_vacancies": 4},
    {"employer_id": "E3", "trade_code": "QA", "region_code": "84", "month": "2024-12-01",
     "openings": 0, "hires": 0, "jobs_created": 0, "hires_from_campus": 0, "open_vacancies": 5},
]
LOAD_LOG = [
    {"file_path": "in/enrolments.csv", "source": "enrolments", "status": "loaded", "rows_read": 10,
     "rows_inserted": 8, "rows_rejected": 2, "started_at": datetime(2024, 12, 1, 8, 0),
     "finished_at": datetime(2024, 12, 1, 8, 1)},
    {"file_path": "in/hiring.csv", "source": "hiring", "status": "loaded", "rows_read": 6, "rows_inserted": 5,
     "rows_rejected": 1, "started_at": datetime(2025, 1, 5, 9, 0), "finished_at": datetime(2025, 1, 5, 9, 2)},
    {"file_path": "in/hiring-bad.xlsx", "source": "hiring", "status": "failed", "message": "missing column month",
     "started_at": datetime(2025, 1, 6, 10, 0), "finished_at": datetime(2025, 1, 6, 10, 0)},
    {"file_path": "in/hiring.csv", "source": "hiring", "status": "skipped", "message": "already loaded",
     "started_at": datetime(2025, 1, 7, 11, 0), "finished_at": datetime(2025, 1, 7, 11, 0)},
]
REJECTED = [
    (1, "in/enrolments.csv", "enrolments", 7, "end_date", "19/12/2021",
     "end_date '19/12/2021' is before start_date '17/10/2022'; fix one of the dates"),
    (1, "in/enrolments.csv", "enrolments", 4, "end_date", "02/12/2020",
     "end_date '02/12/2020' is before start_date '08/11/2021'; fix one of the dates"),
    (2, "in/hiring.csv", "hiring", 3, "open_vacancies", "-1", "open_vacancies '-1' is negative; counts are 0 or more"),
]
COUNTS = ("enrolled", "in_progress", "completed", "withdrawn", "certified", "eligible_6m", "placed_6m")


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("queries") / "workforce.duckdb"
    with rebuilding(path) as con:
        make_warehouse(con, enrolments=ENROLMENTS, placements=PLACEMENTS, hiring=HIRING, load_log=LOAD_LOG)
        con.executemany("insert into rejected_rows (load_id, file_path, source, line, column_name, value, reason) "
                        "values (?, ?, ?, ?, ?, ?, ?)", REJECTED)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKFORCE_DB", str(path))
        yield path


def counts(row: dict) -> tuple:
    return tuple(row[name] for name in COUNTS)


def rates(row: dict) -> tuple:
    return row["completion_rate"], row["certification_rate"], row["placement_rate_6m"]


# --- mart_training_pathway ------------------------------------------------------------------------

def test_training_pathway_mart(warehouse_path):
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        rows = con.sql("select * from mart_training_pathway").pl().to_dicts()
        funnel = con.sql(f"select {', '.join(f'sum({name})::bigint' for name in COUNTS)} "
                         "from mart_training_funnel").fetchall()[0]
    assert [(row["programme_code"], row["trade_code"], row["pathway"], row["region_code"], row["cohort_year"],
             counts(row), rates(row)) for row in rows] == [
        ("P-USP-TECH", "USP", "apprenticeship", "11", 2023, (1, 0, 1, 0, 0, 1, 0), (1.0, 0.0, 0.0)),
        ("P-USP-TECH", "USP", "initial", "11", 2023, (3, 1, 1, 1, 1, 1, 1), (0.5, 1.0, 1.0)),
        ("P-QA-BPF", "QA", "continuing", "11", 2024, (1, 0, 0, 1, 0, 0, 0), (0.0, None, None)),
        ("P-USP-CQP", "USP", "continuing", "84", 2024, (2, 0, 2, 0, 2, 1, 1), (1.0, 1.0, 1.0)),
    ]
    # Summed over pathways, the same counts as mart_training_funnel.
    assert tuple(sum(row[name] for row in rows) for name in COUNTS) == funnel == (7, 1, 4, 2, 3, 3, 2)


# --- training -------------------------------------------------------------------------------------

def test_funnel_totals_over_everything(warehouse_path):
    [row] = training.funnel_totals(analyst(Filters())).to_dicts()
    assert counts(row) == (7, 1, 4, 2, 3, 3, 2)
    assert rates(row) == (pytest.approx(4 / 6), 0.75, pytest.approx(2 / 3))


@pytest.mark.parametrize("query, expected_counts, expected_rates", [
    ({"pathway": "initial"}, (3, 1, 1, 1, 1, 1, 1), (0.5, 1.0, 1.0)),
    ({"region": "84"}, (2, 0, 2, 0, 2, 1, 1), (1.0, 1.0, 1.0)),
    ({"trade": "QA"}, (1, 0, 0, 1, 0, 0, 0), (0.0, None, None)),
    ({"from": "2024Q2", "to": "2024Q4"}, (3, 0, 2, 1, 2, 1, 1), (pytest.approx(2 / 3), 1.0, 1.0)),
    ({"to": "2023Q1"}, (4, 1, 2, 1, 1, 2, 1), (pytest.approx(2 / 3), 0.5, 0.5)),
], ids=["pathway", "region", "trade", "period-cohort-2024", "period-cohort-2023"])
def test_funnel_totals_follow_the_filters(warehouse_path, query, expected_counts, expected_rates):
    [row] = training.funnel_totals(analyst(Filters.from_query(query))).to_dicts()
    assert counts(row) == expected_counts
    assert rates(row) == expected_rates


def test_training_queries_return_no_row_when_the_filters_leave_nothing(warehouse_path):
    nothing = Filters.from_query({"trade": "QC"})
    assert training.funnel_totals(analyst(nothing)).is_empty()
    assert training.by_programme(analyst(nothing, "fr")).is_empty()
    assert training.by_cohort(analyst(nothing)).is_empty()
    assert training.by_dimension(analyst(nothing, "fr"), "pathway").is_empty()


def test_by_programme_names_programmes_trades_and_modalities_in_the_language(warehouse_path):
    french = training.by_programme(analyst(Filters(), "fr")).to_dicts()
    assert [(row["programme_code"], row["modality"], counts(row)) for row in french] == [
        ("P-USP-TECH", "Hybride", (4, 1, 2, 1, 1, 2, 1)),
        ("P-USP-CQP", "Immersif (RV, jumeau numérique)", (2, 0, 2, 0, 2, 1, 1)),
        ("P-QA-BPF", "À distance (numérique)", (1, 0, 0, 1, 0, 0, 0)),
    ]
    assert french[0]["programme"] == "Technicien·ne de bioproduction amont"
    assert french[2]["trade"] == "Chargé·e d'assurance qualité"
    assert rates(french[0]) == (pytest.approx(2 / 3), 0.5, 0.5)
    english = training.by_programme(analyst(Filters(), "en")).to_dicts()
    assert (english[0]["programme"], english[0]["modality"]) == ("Upstream bioprocess technician", "Blended")


def test_by_cohort(warehouse_path):
    rows = training.by_cohort(analyst(Filters())).to_dicts()
    assert [(row["cohort_year"], counts(row)) for row in rows] == [
        (2023, (4, 1, 2, 1, 1, 2, 1)),
        (2024, (3, 0, 2, 1, 2, 1, 1)),
    ]
    assert rates(rows[1]) == (pytest.approx(2 / 3), 1.0, 1.0)


def test_by_pathway_in_the_apps_order(warehouse_path):
    rows = training.by_dimension(analyst(Filters(), "fr"), "pathway").to_dicts()
    assert [(row["pathway"], row["label"], counts(row), rates(row)) for row in rows] == [
        ("initial", "Formation initiale", (3, 1, 1, 1, 1, 1, 1), (0.5, 1.0, 1.0)),
        ("continuing", "Formation continue", (3, 0, 2, 1, 2, 1, 1), (pytest.approx(2 / 3), 1.0, 1.0)),
        ("apprenticeship", "Apprentissage", (1, 0, 1, 0, 0, 1, 0), (1.0, 0.0, 0.0)),
    ]


def test_by_modality_with_the_pathway_filter(warehouse_path):
    rows = training.by_dimension(analyst(Filters(), "en"), "modality").to_dicts()
    assert [(row["modality"], row["label"], counts(row)) for row in rows] == [
        ("blended", "Blended", (4, 1, 2, 1, 1, 2, 1)),
        ("digital", "Digital", (1, 0, 0, 1, 0, 0, 0)),
        ("immersive", "Immersive (VR, digital twin)", (2, 0, 2, 0, 2, 1, 1)),
    ]
    continuing = training.by_dimension(analyst(Filters(pathway="continuing"), "en"), "modality").to_dicts()
    assert [(row["modality"], row["enrolled"]) for row in continuing] == [("digital", 1), ("immersive", 2)]


def test_by_dimension_refuses_an_unknown_dimension(warehouse_path):
    with pytest.raises(ValueError, match="dimension must be one of"):
        training.by_dimension(analyst(Filters(), "fr"), "region")


# --- hiring ---------------------------------------------------------------------------------------

def test_monthly_sums_flows_and_vacancies_per_month(warehouse_path):
    rows = hiring.monthly(analyst(Filters())).to_dicts()
    assert [(row["month"], row["openings"], row["hires"], row["jobs_created"], row["hires_from_campus"],
             row["campus_share"], row["open_vacancies"]) for row in rows] == [
        (date(2024, 1, 1), 7, 4, 2, 1, 0.25, 4),
        (date(2024, 2, 1), 1, 2, 1, 2, 1.0, 2),
        (date(2024, 4, 1), 3, 1, 1, 0, 0.0, 4),
        (date(2024, 12, 1), 0, 0, 0, 0, None, 5),
    ]


def test_totals_take_vacancies_at_the_latest_month_never_summed(warehouse_path):
    assert hiring.totals(analyst(Filters())).to_dicts() == [
        {"openings": 11, "hires": 7, "jobs_created": 4, "hires_from_campus": 3, "campus_share": pytest.approx(3 / 7),
         "open_vacancies": 5, "latest_month": date(2024, 12, 1)},
    ]
    first_quarter = Filters.from_query({"from": "2024Q1", "to": "2024Q1"})
    assert hiring.totals(analyst(first_quarter)).to_dicts() == [
        {"openings": 8, "hires": 6, "jobs_created": 3, "hires_from_campus": 3, "campus_share": 0.5,
         "open_vacancies": 2, "latest_month": date(2024, 2, 1)},
    ]


def test_hiring_ignores_the_pathway_filter(warehouse_path):
    assert hiring.totals(analyst(Filters(pathway="initial"))).to_dicts() == hiring.totals(analyst(Filters())).to_dicts()


def test_by_trade_region(warehouse_path):
    rows = hiring.by_trade_region(analyst(Filters(), "fr")).to_dicts()
    assert rows == [
        {"trade_code": "USP", "trade": "Technicien·ne de bioproduction amont", "region_code": "11",
         "region": "Île-de-France", "openings": 8, "hires": 6, "jobs_created": 3, "hires_from_campus": 3,
         "campus_share": 0.5, "open_vacancies": 2, "latest_month": date(2024, 2, 1)},
        {"trade_code": "QA", "trade": "Chargé·e d'assurance qualité", "region_code": "84",
         "region": "Auvergne-Rhône-Alpes", "openings": 3, "hires": 1, "jobs_created": 1, "hires_from_campus": 0,
         "campus_share": 0.0, "open_vacancies": 5, "latest_month": date(2024, 12, 1)},
    ]


def test_employers_aggregate_fact_hiring_per_employer_trade_and_region(warehouse_path):
    rows = hiring.employers(analyst(Filters(), "en")).to_dicts()
    assert [(row["employer_id"], row["trade_code"], row["region_code"], row["openings"], row["hires"],
             row["jobs_created"], row["hires_from_campus"], row["open_vacancies"], row["latest_month"],
             row["months_reported"]) for row in rows] == [
        ("E1", "USP", "11", 6, 6, 3, 3, 2, date(2024, 2, 1), 2),
        ("E1", "QA", "84", 3, 1, 1, 0, 4, date(2024, 4, 1), 1),
        ("E2", "USP", "11", 2, 0, 0, 0, 1, date(2024, 1, 1), 1),
        ("E3", "QA", "84", 0, 0, 0, 0, 5, date(2024, 12, 1), 1),
    ]
    assert (rows[0]["trade"], rows[0]["region"]) == ("Upstream bioprocess technician", "Île-de-France")
    assert [row["employer_id"] for row in hiring.employers(analyst(Filters(), "en"), limit=2).to_dicts()] == ["E1", "E1"]
    january = hiring.employers(analyst(Filters.from_query({"trade": "USP", "to": "2023Q4"}), "en"))
    assert january.is_empty()


def test_hiring_queries_return_no_row_when_the_filters_leave_nothing(warehouse_path):
    nothing = Filters.from_query({"region": "52"})
    assert hiring.monthly(analyst(nothing)).is_empty()
    assert hiring.totals(analyst(nothing)).is_empty()
    assert hiring.by_trade_region(analyst(nothing, "fr")).is_empty()
    assert hiring.employers(analyst(nothing, "fr")).is_empty()


# --- quality --------------------------------------------------------------------------------------

def test_freshness_of_each_source(warehouse_path):
    assert quality.freshness(analyst()).to_dicts() == [
        {"source": "enrolments", "latest_date": date(2024, 8, 31), "period_grain": "date",
         "last_loaded_at": datetime(2024, 12, 1, 8, 1), "files_loaded": 1, "files_failed": 0, "rows_rejected": 2},
        {"source": "assessments", "latest_date": None, "period_grain": "date",
         "last_loaded_at": None, "files_loaded": 0, "files_failed": 0, "rows_rejected": 0},
        {"source": "hiring", "latest_date": date(2024, 12, 1), "period_grain": "month",
         "last_loaded_at": datetime(2025, 1, 5, 9, 2), "files_loaded": 1, "files_failed": 1, "rows_rejected": 1},
        {"source": "placements", "latest_date": date(2024, 5, 1), "period_grain": "date",
         "last_loaded_at": None, "files_loaded": 0, "files_failed": 0, "rows_rejected": 0},
        {"source": "bmo", "latest_date": None, "period_grain": "year",
         "last_loaded_at": None, "files_loaded": 0, "files_failed": 0, "rows_rejected": 0},
    ]


def test_load_log_latest_first_with_sources_and_statuses_named(warehouse_path):
    rows = quality.load_log(analyst(lang="en")).to_dicts()
    assert [(row["load_id"], row["source"], row["status"], row["message"]) for row in rows] == [
        (4, "Hiring", "skipped (already loaded)", "already loaded"),
        (3, "Hiring", "failed", "missing column month"),
        (2, "Hiring", "loaded", None),
        (1, "Enrolments", "loaded", None),
    ]
    assert quality.load_log(analyst(lang="fr"))["status"].to_list()[-1] == "chargé"


def test_rejections_by_reason_group_one_rule_whatever_the_values(warehouse_path):
    # Rows loaded before reason keys existed: mart_rejections_by_reason groups them by their wording, the quoted
    # values replaced by '…', and that English wording is the reason in either language.
    assert quality.rejections_by_reason(analyst()).to_dicts() == [
        {"source": "enrolments", "column_name": "end_date",
         "reason_key": "end_date '…' is before start_date '…'; fix one of the dates",
         "reason": "end_date '…' is before start_date '…'; fix one of the dates", "rejected": 2},
        {"source": "hiring", "column_name": "open_vacancies",
         "reason_key": "open_vacancies '…' is negative; counts are 0 or more",
         "reason": "open_vacancies '…' is negative; counts are 0 or more", "rejected": 1},
    ]


def test_rejected_rows_with_file_line_and_reason(warehouse_path):
    rows = quality.rejected_rows(as_viewer(Viewer("adam", "admin"), lang="fr")).to_dicts()  # admins see full paths
    assert [(row["load_id"], row["source"], row["file_path"], row["line"], row["column_name"], row["value"])
            for row in rows] == [
        (2, "Recrutements", "in/hiring.csv", 3, "open_vacancies", "-1"),
        (1, "Inscriptions", "in/enrolments.csv", 4, "end_date", "02/12/2020"),
        (1, "Inscriptions", "in/enrolments.csv", 7, "end_date", "19/12/2021"),
    ]
    # everyone else sees the file's name (rows of an earlier version have no file_name: the path's last part)
    assert [row["file_name"] for row in quality.rejected_rows(analyst(lang="fr")).to_dicts()] == [
        "hiring.csv", "enrolments.csv", "enrolments.csv"]
    assert "file_path" not in quality.rejected_rows(analyst(lang="fr")).columns
    assert rows[0]["loaded_at"] == datetime(2025, 1, 5, 9, 0)
    assert quality.rejected_rows(analyst(lang="fr"), limit=1).height == 1
    assert quality.rejected_count(analyst()) == 3
