"""Every mart on a small dataset whose expected figures were worked out by hand.

The expected numbers are written literally; the trade used for job-readiness is
SUP (P-SUP-LEAD), which the shipped trade_skills.csv requires at GMP >= 3,
LEAD >= 3, DEVCAPA >= 2 and RISK >= 2 (level 2 from score 40, level 3 from 60,
level 4 from 80).
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.warehouse_factory import LOADED_AT, make_warehouse


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def rows(con, sql: str, params: list | None = None) -> list[dict]:
    return con.sql(sql, params=params).pl().to_dicts()


def assessed(learner_id: str, on: str, method: str = "practical", **scores: float) -> list[dict]:
    """One assessment row per skill=score given, all on the same date."""
    return [
        {"learner_id": learner_id, "skill_code": skill, "assessed_on": on, "score": score, "method": method}
        for skill, score in scores.items()
    ]


def sup_enrolment(learner_id: str, status: str = "completed", start: str = "2023-09-01",
                  end: str | None = None, region: str = "11", **extra) -> dict:
    return {"learner_id": learner_id, "programme_code": "P-SUP-LEAD", "region_code": region,
            "start_date": start, "end_date": end, "status": status, **extra}


# --- facts ------------------------------------------------------------------------------------

def test_assessment_level_boundaries(con):
    scores = [0, 39.9, 40, 59.99, 60, 79.9, 80, 100]
    make_warehouse(con, assessments=[
        {"learner_id": f"L{index}", "skill_code": "GMP", "assessed_on": "2024-01-10", "score": score}
        for index, score in enumerate(scores)
    ])
    levels = rows(con, "select score, level from fact_assessment order by score")
    assert [row["level"] for row in levels] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_assessment_recency_key_orders_by_date_then_score(con):
    make_warehouse(con, assessments=[
        {"learner_id": "L1", "assessed_on": "2024-01-11", "score": 0},
        {"learner_id": "L2", "assessed_on": "2024-01-10", "score": 100},
        {"learner_id": "L3", "assessed_on": "2024-01-10", "score": 40.000001},
        {"learner_id": "L4", "assessed_on": "2024-01-10", "score": 40},
        {"learner_id": "L5", "assessed_on": "1969-12-31", "score": 100},
    ])
    ordered = rows(con, "select learner_id from fact_assessment order by recency_key desc")
    assert [row["learner_id"] for row in ordered] == ["L1", "L2", "L3", "L4", "L5"]


def test_enrolment_pathway_and_trade_come_from_the_programme(con):
    make_warehouse(con, enrolments=[
        {"learner_id": "L1", "programme_code": "P-MAINT-BIO", "pathway": None},
        {"learner_id": "L2", "programme_code": "P-MAINT-BIO", "pathway": "continuing"},
    ])
    assert rows(con, "select learner_id, trade_code, pathway, pathway_from_programme, cohort_year, "
                     "source_file, source_line from fact_enrolment order by learner_id") == [
        {"learner_id": "L1", "trade_code": "MAINT", "pathway": "apprenticeship", "pathway_from_programme": True,
         "cohort_year": 2023, "source_file": "factory/enrolments.csv", "source_line": 2},
        {"learner_id": "L2", "trade_code": "MAINT", "pathway": "continuing", "pathway_from_programme": False,
         "cohort_year": 2023, "source_file": "factory/enrolments.csv", "source_line": 3},
    ]


def test_bmo_difficulty_rate_is_null_when_masked_or_zero(con):
    make_warehouse(con, bmo=[
        {"employment_area_code": "A", "met": 40, "xmet": 10},
        {"employment_area_code": "B", "met": None, "xmet": None, "met_masked": True, "xmet_masked": True},
        {"employment_area_code": "C", "met": 30, "xmet": None, "xmet_masked": True},
        {"employment_area_code": "D", "met": 0, "xmet": 0},
    ])
    assert rows(con, "select employment_area_code, met_masked, xmet_masked, difficulty_rate "
                     "from fact_bmo order by employment_area_code") == [
        {"employment_area_code": "A", "met_masked": False, "xmet_masked": False, "difficulty_rate": 0.25},
        {"employment_area_code": "B", "met_masked": True, "xmet_masked": True, "difficulty_rate": None},
        {"employment_area_code": "C", "met_masked": False, "xmet_masked": True, "difficulty_rate": None},
        {"employment_area_code": "D", "met_masked": False, "xmet_masked": False, "difficulty_rate": None},
    ]


# --- mart_goal_progress -------------------------------------------------------------------------

GOAL_HIRING = [
    {"employer_id": "E1", "month": "2020-12-01", "jobs_created": 50, "hires": 50},  # before start_month
    {"employer_id": "E1", "month": "2021-01-01", "jobs_created": 10, "hires": 12},
    {"employer_id": "E2", "month": "2021-01-01", "jobs_created": 5, "hires": 5},
    # 2021-02: nothing reported
    {"employer_id": "E1", "month": "2021-03-01", "jobs_created": 30, "hires": 30},
]


def test_goal_progress_fills_missing_months_and_ignores_months_before_start(con):
    make_warehouse(con, hiring=GOAL_HIRING)
    progress = rows(con, "select month, goal_month_index, jobs_created, jobs_created_cumulative, "
                         "target_cumulative, gap_to_target, pct_of_goal from mart_goal_progress order by month")
    assert [row["month"] for row in progress] == [date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)]
    assert [row["goal_month_index"] for row in progress] == [1, 2, 3]
    assert [row["jobs_created"] for row in progress] == [15, 0, 30]
    assert [row["jobs_created_cumulative"] for row in progress] == [15, 15, 45]
    assert [row["target_cumulative"] for row in progress] == pytest.approx([83.333333, 166.666667, 250.0])
    assert [row["gap_to_target"] for row in progress] == pytest.approx([68.333333, 151.666667, 205.0])
    assert [row["pct_of_goal"] for row in progress] == pytest.approx([0.0015, 0.0015, 0.0045])


def test_goal_progress_and_forecast_are_empty_without_hiring_since_start(con):
    make_warehouse(con, hiring=[{"month": "2020-11-01", "jobs_created": 7, "hires": 7}])
    assert rows(con, "select * from mart_goal_progress") == []
    assert rows(con, "select * from mart_goal_forecast") == []


# --- mart_goal_forecast -------------------------------------------------------------------------

def test_forecast_with_fewer_than_12_months_averages_the_months_since_start(con):
    make_warehouse(con, hiring=GOAL_HIRING)
    [forecast] = rows(con, "select * from mart_goal_forecast")
    assert forecast["as_of_month"] == date(2021, 3, 1)
    assert forecast["jobs_created_cumulative"] == 45
    assert forecast["run_rate_months"] == 3
    assert forecast["run_rate_12m"] == pytest.approx(15.0)      # (15 + 0 + 30) / 3
    assert forecast["months_remaining"] == 117                  # 2021-04 .. 2030-12
    assert forecast["projected_at_end"] == pytest.approx(1800.0)  # 45 + 15 x 117
    assert forecast["required_run_rate"] == pytest.approx(85.085470)  # 9955 / 117
    assert forecast["on_track"] is False
    assert forecast["projected_goal_month"] == date(2076, 7, 1)  # ceil(9955 / 15) = 664 months after 2021-03


def test_forecast_run_rate_uses_the_12_months_ending_at_as_of_month(con):
    make_warehouse(con, hiring=[
        {"month": "2021-01-01", "jobs_created": 100, "hires": 100},
        {"month": "2021-02-01", "jobs_created": 100, "hires": 100},  # 13 and 14 months back: outside the window
        {"month": "2022-02-01", "jobs_created": 1200, "hires": 1200},
    ])
    [forecast] = rows(con, "select * from mart_goal_forecast")
    assert forecast["as_of_month"] == date(2022, 2, 1)
    assert forecast["jobs_created_cumulative"] == 1400
    assert forecast["run_rate_months"] == 12
    assert forecast["run_rate_12m"] == pytest.approx(100.0)     # 1200 / 12 (2021-03 .. 2022-02)
    assert forecast["months_remaining"] == 106
    assert forecast["projected_at_end"] == pytest.approx(12000.0)
    assert forecast["required_run_rate"] == pytest.approx(81.132075)  # 8600 / 106
    assert forecast["on_track"] is True
    assert forecast["projected_goal_month"] == date(2029, 4, 1)  # 8600 / 100 = 86 months after 2022-02


def test_forecast_with_zero_run_rate_has_no_projected_goal_month(con):
    make_warehouse(con, hiring=[{"month": "2021-01-01", "openings": 5}])
    [forecast] = rows(con, "select * from mart_goal_forecast")
    assert forecast["run_rate_12m"] == 0.0
    assert forecast["months_remaining"] == 119
    assert forecast["projected_at_end"] == 0.0
    assert forecast["required_run_rate"] == pytest.approx(84.033613)  # 10000 / 119
    assert forecast["on_track"] is False
    assert forecast["projected_goal_month"] is None


def test_forecast_once_the_goal_is_reached_gives_the_month_it_was(con):
    make_warehouse(con, hiring=[
        {"month": "2021-01-01", "jobs_created": 6000, "hires": 6000},
        {"month": "2021-02-01", "jobs_created": 4000, "hires": 4000},
        {"month": "2021-03-01", "openings": 1},
    ])
    [forecast] = rows(con, "select * from mart_goal_forecast")
    assert forecast["jobs_created_cumulative"] == 10000
    assert forecast["required_run_rate"] == 0.0
    assert forecast["on_track"] is True
    assert forecast["projected_goal_month"] == date(2021, 2, 1)


# --- mart_talent_gap ----------------------------------------------------------------------------

TALENT_ENROLMENTS = [
    sup_enrolment("L1", end="2024-03-15"),
    sup_enrolment("L1", start="2023-01-01", end="2024-01-31"),  # same learner again: counted once
    sup_enrolment("L2", end="2024-02-20"),
    sup_enrolment("L3", end="2024-03-30"),
    sup_enrolment("L4", end="2024-03-10"),
    sup_enrolment("L5", status="withdrawn", end="2024-02-01"),
    sup_enrolment("L6", status="enrolled"),
    sup_enrolment("L7", end="2024-02-28"),
    sup_enrolment("L8", end="2024-05-15", region="84"),
]
TALENT_ASSESSMENTS = [
    # L1: everything at level, assessed after the first enrolment's end but before the second's.
    *assessed("L1", "2024-03-01", GMP=70, LEAD=70, DEVCAPA=50, RISK=50),
    # L2: GMP below level at first, re-assessed at level before end_date: job-ready.
    *assessed("L2", "2024-01-10", GMP=50, LEAD=60, DEVCAPA=40, RISK=45),
    *assessed("L2", "2024-02-10", GMP=65),
    # L3: GMP below level by end_date; the passing re-assessment comes after it and does not count.
    *assessed("L3", "2024-03-01", GMP=45, LEAD=70, DEVCAPA=50, RISK=50),
    *assessed("L3", "2024-04-05", GMP=90),
    # L4: RISK never assessed.
    *assessed("L4", "2024-03-01", GMP=80, LEAD=80, DEVCAPA=80),
    # L7: the latest GMP (55) counts, not the best (85).
    *assessed("L7", "2024-01-05", GMP=85, LEAD=70, DEVCAPA=50, RISK=50),
    *assessed("L7", "2024-02-05", GMP=55),
    # L8: job-ready, in a region and quarter with no demand.
    *assessed("L8", "2024-05-01", GMP=60, LEAD=60, DEVCAPA=40, RISK=40),
]
TALENT_HIRING = [
    {"employer_id": "E1", "region_code": "11", "trade_code": "SUP", "month": "2024-01-01",
     "openings": 5, "hires": 3, "jobs_created": 2, "hires_from_campus": 1},
    {"employer_id": "E2", "region_code": "11", "trade_code": "SUP", "month": "2024-02-01",
     "openings": 3, "hires": 1, "jobs_created": 1, "hires_from_campus": 0},
    {"employer_id": "E1", "region_code": "11", "trade_code": "SUP", "month": "2024-04-01", "openings": 4},
]


def test_job_readiness_of_each_completed_enrolment(con):
    make_warehouse(con, enrolments=TALENT_ENROLMENTS, assessments=TALENT_ASSESSMENTS, hiring=TALENT_HIRING)
    assert rows(con, "select learner_id, end_date, required_skills, skills_met, skills_below_level, "
                     "skills_never_assessed, skills_missing, job_ready "
                     "from fact_job_readiness order by learner_id, end_date") == [
        {"learner_id": "L1", "end_date": date(2024, 1, 31), "required_skills": 4, "skills_met": 0,
         "skills_below_level": 0, "skills_never_assessed": 4, "skills_missing": 4, "job_ready": False},
        {"learner_id": "L1", "end_date": date(2024, 3, 15), "required_skills": 4, "skills_met": 4,
         "skills_below_level": 0, "skills_never_assessed": 0, "skills_missing": 0, "job_ready": True},
        {"learner_id": "L2", "end_date": date(2024, 2, 20), "required_skills": 4, "skills_met": 4,
         "skills_below_level": 0, "skills_never_assessed": 0, "skills_missing": 0, "job_ready": True},
        {"learner_id": "L3", "end_date": date(2024, 3, 30), "required_skills": 4, "skills_met": 3,
         "skills_below_level": 1, "skills_never_assessed": 0, "skills_missing": 1, "job_ready": False},
        {"learner_id": "L4", "end_date": date(2024, 3, 10), "required_skills": 4, "skills_met": 3,
         "skills_below_level": 0, "skills_never_assessed": 1, "skills_missing": 1, "job_ready": False},
        {"learner_id": "L7", "end_date": date(2024, 2, 28), "required_skills": 4, "skills_met": 3,
         "skills_below_level": 1, "skills_never_assessed": 0, "skills_missing": 1, "job_ready": False},
        {"learner_id": "L8", "end_date": date(2024, 5, 15), "required_skills": 4, "skills_met": 4,
         "skills_below_level": 0, "skills_never_assessed": 0, "skills_missing": 0, "job_ready": True},
    ]
    assert rows(con, "select learner_id, latest_assessed_on, latest_score, latest_level, meets_requirement "
                     "from fact_job_readiness_skill where skill_code = 'GMP' and learner_id in ('L2', 'L3', 'L7') "
                     "order by learner_id") == [
        {"learner_id": "L2", "latest_assessed_on": date(2024, 2, 10), "latest_score": 65.0, "latest_level": 3,
         "meets_requirement": True},
        {"learner_id": "L3", "latest_assessed_on": date(2024, 3, 1), "latest_score": 45.0, "latest_level": 2,
         "meets_requirement": False},
        {"learner_id": "L7", "latest_assessed_on": date(2024, 2, 5), "latest_score": 55.0, "latest_level": 2,
         "meets_requirement": False},
    ]


def test_talent_gap(con):
    make_warehouse(con, enrolments=TALENT_ENROLMENTS, assessments=TALENT_ASSESSMENTS, hiring=TALENT_HIRING)
    assert rows(con, "select * exclude (year, is_provisional) from mart_talent_gap order by region_code, quarter_start") == [
        # shortage: 5 graduates (L1 once, L2, L3, L4, L7), 2 job-ready (L1, L2) against 8 openings
        {"trade_code": "SUP", "region_code": "11", "quarter_start": date(2024, 1, 1), "demand": 8,
         "graduates": 5, "supply": 2, "gap": 6, "coverage": 0.25, "job_ready_rate": 0.4,
         "hires": 4, "jobs_created": 3, "hires_from_campus": 1},
        # demand but no graduates: job_ready_rate null
        {"trade_code": "SUP", "region_code": "11", "quarter_start": date(2024, 4, 1), "demand": 4,
         "graduates": 0, "supply": 0, "gap": 4, "coverage": 0.0, "job_ready_rate": None,
         "hires": 0, "jobs_created": 0, "hires_from_campus": 0},
        # graduates but no demand: coverage null
        {"trade_code": "SUP", "region_code": "84", "quarter_start": date(2024, 4, 1), "demand": 0,
         "graduates": 1, "supply": 1, "gap": -1, "coverage": None, "job_ready_rate": 1.0,
         "hires": 0, "jobs_created": 0, "hires_from_campus": 0},
    ]


# --- mart_skill_gap, mart_blocking_skills, mart_skill_by_method ----------------------------------

SKILL_ENROLMENTS = [
    sup_enrolment("L1", start="2024-01-08", end="2024-06-30"),
    sup_enrolment("L2", status="enrolled", start="2024-01-08"),
    {"learner_id": "L9", "programme_code": "P-QA-BPF", "region_code": "11", "start_date": "2024-01-08"},
]
SKILL_ASSESSMENTS = [
    {"learner_id": "L1", "skill_code": "GMP", "assessed_on": "2023-12-01", "score": 90, "method": "written"},
    {"learner_id": "L1", "skill_code": "GMP", "assessed_on": "2024-02-01", "score": 50, "method": "vr"},
    {"learner_id": "L1", "skill_code": "GMP", "assessed_on": "2024-06-01", "score": 72, "method": "practical"},
    {"learner_id": "L1", "skill_code": "LEAD", "assessed_on": "2024-06-01", "score": 65, "method": "practical"},
    {"learner_id": "L1", "skill_code": "DEVCAPA", "assessed_on": "2024-06-01", "score": 30, "method": "practical"},
    {"learner_id": "L2", "skill_code": "GMP", "assessed_on": "2024-03-01", "score": 40, "method": "vr"},
    {"learner_id": "L9", "skill_code": "GMP", "assessed_on": "2024-03-01", "score": 95, "method": "vr"},
]


def test_skill_gap_takes_each_learners_latest_assessment_in_the_year(con):
    make_warehouse(con, enrolments=SKILL_ENROLMENTS, assessments=SKILL_ASSESSMENTS)
    assert rows(con, "select * from mart_skill_gap order by trade_code desc, year, skill_code") == [
        {"trade_code": "SUP", "skill_code": "GMP", "region_code": "11", "year": 2023, "required_level": 3,
         "assessed_learners": 1, "mean_score": 90.0, "mean_level": 4.0, "proficient_learners": 1,
         "proficient_share": 1.0, "blocking_learners": 0},
        {"trade_code": "SUP", "skill_code": "DEVCAPA", "region_code": "11", "year": 2024, "required_level": 2,
         "assessed_learners": 1, "mean_score": 30.0, "mean_level": 1.0, "proficient_learners": 0,
         "proficient_share": 0.0, "blocking_learners": 1},
        # L1's latest of 2024 is 72 (not 50), L2 has 40: (72 + 40) / 2, levels (3 + 2) / 2
        {"trade_code": "SUP", "skill_code": "GMP", "region_code": "11", "year": 2024, "required_level": 3,
         "assessed_learners": 2, "mean_score": 56.0, "mean_level": 2.5, "proficient_learners": 1,
         "proficient_share": 0.5, "blocking_learners": 0},
        {"trade_code": "SUP", "skill_code": "LEAD", "region_code": "11", "year": 2024, "required_level": 3,
         "assessed_learners": 1, "mean_score": 65.0, "mean_level": 3.0, "proficient_learners": 1,
         "proficient_share": 1.0, "blocking_learners": 0},
        # never assessed, yet it keeps L1 from being job-ready
        {"trade_code": "SUP", "skill_code": "RISK", "region_code": "11", "year": 2024, "required_level": 2,
         "assessed_learners": 0, "mean_score": None, "mean_level": None, "proficient_learners": 0,
         "proficient_share": None, "blocking_learners": 1},
        # L9 is enrolled for QA only: counted there, never under SUP
        {"trade_code": "QA", "skill_code": "GMP", "region_code": "11", "year": 2024, "required_level": 4,
         "assessed_learners": 1, "mean_score": 95.0, "mean_level": 4.0, "proficient_learners": 1,
         "proficient_share": 1.0, "blocking_learners": 0},
    ]


def test_blocking_skills(con):
    make_warehouse(con, enrolments=SKILL_ENROLMENTS, assessments=SKILL_ASSESSMENTS)
    assert rows(con, "select * from mart_blocking_skills order by skill_code") == [
        {"trade_code": "SUP", "skill_code": "DEVCAPA", "region_code": "11", "year": 2024, "required_level": 2,
         "completed_enrolments": 1, "not_job_ready_enrolments": 1, "blocked_enrolments": 1,
         "blocked_never_assessed": 0, "blocked_below_level": 1, "sole_blocker_enrolments": 0,
         "blocked_share": 1.0},
        {"trade_code": "SUP", "skill_code": "GMP", "region_code": "11", "year": 2024, "required_level": 3,
         "completed_enrolments": 1, "not_job_ready_enrolments": 1, "blocked_enrolments": 0,
         "blocked_never_assessed": 0, "blocked_below_level": 0, "sole_blocker_enrolments": 0,
         "blocked_share": 0.0},
        {"trade_code": "SUP", "skill_code": "LEAD", "region_code": "11", "year": 2024, "required_level": 3,
         "completed_enrolments": 1, "not_job_ready_enrolments": 1, "blocked_enrolments": 0,
         "blocked_never_assessed": 0, "blocked_below_level": 0, "sole_blocker_enrolments": 0,
         "blocked_share": 0.0},
        {"trade_code": "SUP", "skill_code": "RISK", "region_code": "11", "year": 2024, "required_level": 2,
         "completed_enrolments": 1, "not_job_ready_enrolments": 1, "blocked_enrolments": 1,
         "blocked_never_assessed": 1, "blocked_below_level": 0, "sole_blocker_enrolments": 0,
         "blocked_share": 1.0},
    ]


def test_blocking_skills_counts_a_sole_missing_skill(con):
    make_warehouse(con, enrolments=TALENT_ENROLMENTS, assessments=TALENT_ASSESSMENTS)
    assert rows(con, "select skill_code, completed_enrolments, not_job_ready_enrolments, blocked_enrolments, "
                     "blocked_never_assessed, blocked_below_level, sole_blocker_enrolments, blocked_share "
                     "from mart_blocking_skills where region_code = '11' order by skill_code") == [
        # 6 completed enrolments in 2024 (L1 twice); not ready: L1's first, L3, L4, L7
        {"skill_code": "DEVCAPA", "completed_enrolments": 6, "not_job_ready_enrolments": 4, "blocked_enrolments": 1,
         "blocked_never_assessed": 1, "blocked_below_level": 0, "sole_blocker_enrolments": 0,
         "blocked_share": 0.25},
        {"skill_code": "GMP", "completed_enrolments": 6, "not_job_ready_enrolments": 4, "blocked_enrolments": 3,
         "blocked_never_assessed": 1, "blocked_below_level": 2, "sole_blocker_enrolments": 2,
         "blocked_share": 0.75},
        {"skill_code": "LEAD", "completed_enrolments": 6, "not_job_ready_enrolments": 4, "blocked_enrolments": 1,
         "blocked_never_assessed": 1, "blocked_below_level": 0, "sole_blocker_enrolments": 0,
         "blocked_share": 0.25},
        {"skill_code": "RISK", "completed_enrolments": 6, "not_job_ready_enrolments": 4, "blocked_enrolments": 2,
         "blocked_never_assessed": 2, "blocked_below_level": 0, "sole_blocker_enrolments": 1,
         "blocked_share": 0.5},
    ]


def test_skill_by_method_counts_every_assessment(con):
    make_warehouse(con, enrolments=SKILL_ENROLMENTS, assessments=SKILL_ASSESSMENTS)
    assert rows(con, "select * from mart_skill_by_method where trade_code = 'SUP' and skill_code = 'GMP' "
                     "order by year, method") == [
        {"trade_code": "SUP", "skill_code": "GMP", "method": "written", "year": 2023, "required_level": 3,
         "assessments": 1, "mean_score": 90.0, "mean_level": 4.0, "proficient_assessments": 1,
         "proficient_share": 1.0},
        {"trade_code": "SUP", "skill_code": "GMP", "method": "practical", "year": 2024, "required_level": 3,
         "assessments": 1, "mean_score": 72.0, "mean_level": 3.0, "proficient_assessments": 1,
         "proficient_share": 1.0},
        # L1's 50 and L2's 40, both level 2
        {"trade_code": "SUP", "skill_code": "GMP", "method": "vr", "year": 2024, "required_level": 3,
         "assessments": 2, "mean_score": 45.0, "mean_level": 2.0, "proficient_assessments": 0,
         "proficient_share": 0.0},
    ]


# --- mart_training_funnel -----------------------------------------------------------------------

FUNNEL_ENROLMENTS = [
    sup_enrolment("F1", status="completed", start="2023-01-10", end="2023-06-30", certified=True),
    sup_enrolment("F2", status="completed", start="2023-02-01", end="2023-06-30", certified=False),
    sup_enrolment("F3", status="completed", start="2023-03-01", end="2024-06-30"),
    sup_enrolment("F4", status="completed", start="2023-04-01", end="2024-07-01"),
    sup_enrolment("F5", status="withdrawn", start="2023-05-01", end="2023-08-01"),
    sup_enrolment("F6", status="enrolled", start="2023-09-01"),
    sup_enrolment("F7", status="completed", start="2023-01-10", end="2023-06-30"),
    {"learner_id": "G1", "programme_code": "P-QA-BPF", "region_code": "84", "start_date": "2024-02-01",
     "status": "withdrawn", "end_date": "2024-03-01"},
    {"learner_id": "G2", "programme_code": "P-QA-BPF", "region_code": "84", "start_date": "2024-02-01",
     "status": "enrolled"},
]
FUNNEL_PLACEMENTS = [
    {"learner_id": "F1", "hired_on": "2023-12-30"},  # end_date + 183 days exactly: placed
    {"learner_id": "F2", "hired_on": "2023-12-31"},  # one day later: not placed
    {"learner_id": "F3", "hired_on": "2023-05-01"},  # during the training: placed
    {"learner_id": "F4", "hired_on": "2024-08-01"},  # not eligible yet
    {"learner_id": "F7", "hired_on": "2023-01-01"},  # before start_date: not placed
]


def test_training_funnel(con):
    # as_of = 2024-12-30 (F6's assessment): F3 (end 2024-06-30 + 183 = 2024-12-30) is eligible,
    # F4 (end 2024-07-01 + 183 = 2024-12-31) is not yet.
    summary = make_warehouse(con, enrolments=FUNNEL_ENROLMENTS, placements=FUNNEL_PLACEMENTS,
                             assessments=[{"learner_id": "F6", "assessed_on": "2024-12-30"}])
    assert summary.as_of == date(2024, 12, 30)
    assert rows(con, "select * from mart_training_funnel order by cohort_year") == [
        {"programme_code": "P-SUP-LEAD", "trade_code": "SUP", "region_code": "11", "cohort_year": 2023,
         "enrolled": 7, "in_progress": 1, "completed": 5, "withdrawn": 1, "certified": 1,
         "completion_rate": pytest.approx(5 / 6), "certification_rate": 0.2,
         "eligible_6m": 4, "placed_6m": 2, "placement_rate_6m": 0.5},
        {"programme_code": "P-QA-BPF", "trade_code": "QA", "region_code": "84", "cohort_year": 2024,
         "enrolled": 2, "in_progress": 1, "completed": 0, "withdrawn": 1, "certified": 0,
         "completion_rate": 0.0, "certification_rate": None,
         "eligible_6m": 0, "placed_6m": 0, "placement_rate_6m": None},
    ]


# --- mart_hiring_monthly ------------------------------------------------------------------------

def test_hiring_monthly(con):
    make_warehouse(con, hiring=[
        {"employer_id": "E1", "trade_code": "USP", "region_code": "11", "month": "2024-01-01",
         "openings": 5, "hires": 4, "jobs_created": 2, "hires_from_campus": 1, "open_vacancies": 3},
        {"employer_id": "E2", "trade_code": "USP", "region_code": "11", "month": "2024-01-01",
         "openings": 2, "hires": 0, "jobs_created": 0, "hires_from_campus": 0, "open_vacancies": 1},
        {"employer_id": "E1", "trade_code": "USP", "region_code": "11", "month": "2024-02-01",
         "openings": 1, "hires": 0, "jobs_created": 0, "hires_from_campus": 0, "open_vacancies": 2},
        {"employer_id": "E1", "trade_code": "DSP", "region_code": "84", "month": "2024-01-01",
         "openings": 0, "hires": 2, "jobs_created": 1, "hires_from_campus": 2, "open_vacancies": 0},
    ])
    assert rows(con, "select * exclude (quarter_start, year, is_provisional) from mart_hiring_monthly "
                     "order by trade_code desc, month") == [
        {"trade_code": "USP", "region_code": "11", "month": date(2024, 1, 1), "openings": 7, "hires": 4,
         "jobs_created": 2, "hires_from_campus": 1, "open_vacancies": 4, "employers_reporting": 2,
         "campus_share": 0.25},
        {"trade_code": "USP", "region_code": "11", "month": date(2024, 2, 1), "openings": 1, "hires": 0,
         "jobs_created": 0, "hires_from_campus": 0, "open_vacancies": 2, "employers_reporting": 1,
         "campus_share": None},
        {"trade_code": "DSP", "region_code": "84", "month": date(2024, 1, 1), "openings": 0, "hires": 2,
         "jobs_created": 1, "hires_from_campus": 2, "open_vacancies": 0, "employers_reporting": 1,
         "campus_share": 1.0},
    ]


# --- warehouse_info -----------------------------------------------------------------------------

INFO_ROWS = {
    "enrolments": [sup_enrolment("L1", start="2024-01-01", end="2024-05-31")],
    "assessments": [{"learner_id": "L1", "assessed_on": "2024-06-10"}],
    "placements": [{"learner_id": "L1", "hired_on": "2024-06-20"}],
}


def test_as_of_is_the_latest_fact_date_including_the_last_day_of_hiring_months(con):
    summary = make_warehouse(con, hiring=[{"month": "2024-06-01"}], **INFO_ROWS)
    [info] = rows(con, "select as_of, data_mode, status from warehouse_info")
    assert info == {"as_of": date(2024, 6, 30), "data_mode": "real", "status": "ok"}
    assert summary.as_of == date(2024, 6, 30)


def test_as_of_without_hiring_is_the_latest_placement(con):
    make_warehouse(con, **INFO_ROWS)
    assert rows(con, "select as_of from warehouse_info") == [{"as_of": date(2024, 6, 20)}]


def test_data_mode_is_demo_when_a_loaded_file_is_demo(con):
    summary = make_warehouse(con, demo=True, **INFO_ROWS)
    assert summary.data_mode == "demo"
    assert rows(con, "select data_mode from warehouse_info") == [{"data_mode": "demo"}]


def test_data_mode_ignores_demo_files_that_were_not_loaded(con):
    make_warehouse(con, load_log=[
        {"file_path": "demo/enrolments.csv", "source": "enrolments", "status": "skipped", "is_demo": True},
        {"file_path": "demo/hiring.csv", "source": "hiring", "status": "failed", "is_demo": True},
        {"file_path": "mine/enrolments.csv", "source": "enrolments", "status": "loaded", "is_demo": False},
    ], **INFO_ROWS)
    assert rows(con, "select data_mode, enrolments_loaded_at, hiring_loaded_at from warehouse_info") == [
        {"data_mode": "real", "enrolments_loaded_at": LOADED_AT, "hiring_loaded_at": None}
    ]
