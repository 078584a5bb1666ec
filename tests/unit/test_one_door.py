"""The one door to the warehouse: pages that show the same figure for the same filters agree, each
table's filter columns and grain are declared once and checked against the warehouse, and the door
refuses questions it could not scope or protect."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from dashboard.access import Forbidden
from dashboard.door import TABLES, DoorError, ask, resolve, where
from dashboard.filters import Filters
from dashboard.queries import gaps, goal, hiring, skills, training
from tests.contexts import analyst, hr, steering
from tests.warehouse_factory import make_warehouse_file

SKILLS = {"USP": ("GMP", "ASEPTIC", "CELLCULT", "BIOREACT", "SINGLEUSE", "DIGTWIN"),
          "QC": ("GMP", "MICROQC", "BIOANA", "ENVMON")}
PROGRAMMES = {"USP": ("P-USP-TECH", "P-USP-CQP"), "QC": ("P-QC-MICRO", "P-QC-BIOANA")}


def _rich_rows() -> dict[str, list[dict]]:
    """Two trades, two regions, cohorts from 2024 to 2026, every status, job-ready and not, placed and
    not, and monthly hiring from January 2024 to June 2026: enough for every page to show something."""
    enrolments, assessments, placements, hiring_rows = [], [], [], []
    number = 0
    for trade, programmes in PROGRAMMES.items():
        for region in ("11", "84"):
            for programme in programmes:
                for month_index in range(0, 30, 2):
                    number += 1
                    learner = f"L{number:04d}"
                    start = date(2024, 1, 1) + timedelta(days=30 * month_index)
                    status = ("completed", "completed", "withdrawn", "enrolled")[number % 4]
                    end = start + timedelta(days=150) if status != "enrolled" else None
                    enrolments.append({"learner_id": learner, "programme_code": programme, "region_code": region,
                                       "start_date": start, "end_date": end, "status": status,
                                       "certified": status == "completed" and number % 3 != 0,
                                       "pathway": ("initial", "continuing", "apprenticeship")[number % 3]})
                    if status == "completed":
                        score = 85 if number % 5 else 30  # one in five falls short on every skill
                        assessments += [{"learner_id": learner, "skill_code": skill, "assessed_on": start + timedelta(days=100),
                                         "score": score, "method": "practical"} for skill in SKILLS[trade]]
                        if number % 2:
                            placements.append({"learner_id": learner, "trade_code": trade, "region_code": region,
                                               "hired_on": end + timedelta(days=60)})
            for month_index in range(30):
                month = date(2024 + month_index // 12, month_index % 12 + 1, 1)
                for employer in ("E1", "E2"):
                    openings = 3 + (month_index * 7 + len(region) + len(employer)) % 9
                    hires = openings - 1
                    hiring_rows.append({"employer_id": employer, "trade_code": trade, "region_code": region,
                                        "month": month, "openings": openings, "hires": hires,
                                        "jobs_created": hires // 2, "hires_from_campus": hires // 3,
                                        "open_vacancies": 1})
    return {"enrolments": enrolments, "assessments": assessments, "placements": placements, "hiring": hiring_rows}


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    return make_warehouse_file(tmp_path_factory.mktemp("one_door"), **_rich_rows())


@pytest.fixture(autouse=True)
def warehouse(warehouse_file, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB", str(warehouse_file))


SELECTIONS = [
    {},
    {"from": "2025Q2", "to": "2026Q1"},
    {"trade": "QC"},
    {"trade": "USP", "region": "84", "from": "2025Q1"},
    {"region": "53"},  # Bretagne: no data at all
    {"pathway": "apprenticeship", "to": "2025Q4"},
    {"trade": "QC,USP", "region": "11", "from": "2024Q3", "to": "2024Q4"},
]


@pytest.mark.parametrize("query", SELECTIONS, ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items()) or "all")
def test_pages_that_show_the_same_figure_agree(query):
    filters = Filters.from_query(query)
    ctx = analyst(filters)
    headline = goal.training_headline(ctx)
    funnel = training.funnel_totals(ctx).to_dicts()
    summary = gaps.gap_summary(ctx).row(0, named=True)
    # the overview's training block and /training
    assert headline["enrolled"] == (funnel[0]["enrolled"] if funnel else None)
    assert headline["placement_rate_6m"] == (funnel[0]["placement_rate_6m"] if funnel else None)
    # the overview's training block and /gaps
    assert (headline["graduates"], headline["job_ready_rate"]) == (summary["graduates"], summary["job_ready_rate"])
    # the overview's largest shortages and the /gaps table, pair by pair
    table = {(row["trade_code"], row["region_code"]): row for row in gaps.gap_by_trade_region(ctx).to_dicts()}
    for shortage in goal.largest_shortages(ctx).to_dicts():
        pair = table[(shortage["trade_code"], shortage["region_code"])]
        assert (shortage["demand"], shortage["supply"], shortage["gap"]) == (pair["demand"], pair["supply"], pair["gap"])
    # /hiring's openings and /gaps' demand: two marts at two grains (months, quarters), one filter
    totals = hiring.totals(ctx).to_dicts()
    assert (totals[0]["openings"] if totals else None) == summary["demand"]
    # /gaps and /trade for one trade: the profile narrows the same questions to its trade
    if len(filters.trades) == 1:
        profile = skills.focused(ctx)
        assert gaps.gap_summary(profile).to_dicts() == gaps.gap_summary(ctx).to_dicts()
        assert gaps.gap_by_region(profile).to_dicts() == gaps.gap_by_region(ctx).to_dicts()
        assert training.by_programme(profile).to_dicts() == training.by_programme(ctx).to_dicts()
    # /gaps' pieces add up to its headline
    by_trade = gaps.gap_by_trade(ctx)
    assert by_trade["demand"].sum() == (summary["demand"] or 0)
    assert by_trade["supply"].sum() == (summary["supply"] or 0)


def test_the_selections_above_are_not_all_empty():
    counted = [training.funnel_totals(analyst(Filters.from_query(query))).height for query in SELECTIONS]
    assert sum(counted) >= len(SELECTIONS) - 2 and counted[4] == 0


def test_the_example_of_the_issue_counts_cohorts_by_year_on_both_pages():
    """from=2025Q2&to=2026Q1 selects the cohorts of 2025 and 2026 on the overview as on /training."""
    ctx = analyst(Filters.from_query({"from": "2025Q2", "to": "2026Q1"}))
    cohorts = training.by_cohort(ctx)["cohort_year"].to_list()
    assert cohorts == [2025, 2026]
    assert goal.training_headline(ctx)["enrolled"] == training.funnel_totals(ctx)["enrolled"][0]


def test_every_declared_period_column_exists_with_the_type_of_its_grain():
    ctx = analyst()
    for table, declared in TABLES.items():
        columns = dict(ask(ctx, "select column_name, data_type from information_schema.columns "
                                "where table_name = $table", params={"table": table}).iter_rows())
        for column in (declared.trade, declared.region, declared.pathway, declared.employer):
            assert column is None or column in columns, f"{table}.{column}"
        if declared.period:
            expected = "INTEGER" if declared.grain == "year" else "DATE"
            assert columns[declared.period] == expected, f"{table}.{declared.period}"


def test_a_quarter_grain_and_a_month_grain_select_the_same_months():
    ctx = analyst(Filters.from_query({"from": "2024Q2", "to": "2024Q3"}))
    text, params = resolve(f"select 1 from mart_hiring_monthly {where('mart_hiring_monthly')}", ctx)
    assert params == {"p0": date(2024, 4, 1), "p1": date(2024, 9, 1)}
    text, params = resolve(f"select 1 from mart_training_pathway {where('mart_training_pathway')}", ctx)
    assert params == {"p0": 2024, "p1": 2024} and "cohort_year >= $p0" in text


def test_employer_level_rows_are_scoped_or_refused():
    everyone = hiring.employers(analyst())
    own = hiring.employers(hr("E1"))
    assert set(everyone["employer_id"]) == {"E1", "E2"}
    assert set(own["employer_id"]) == {"E1"} and own.height == everyone.filter(pl.col("employer_id") == "E1").height
    with pytest.raises(Forbidden):
        hiring.employers(steering())


def test_an_employer_level_table_read_without_its_clause_is_refused():
    with pytest.raises(DoorError, match="fact_hiring holds employer-level rows"):
        ask(hr("E1"), "select sum(openings) as openings from fact_hiring")


def test_the_door_checks_the_grain_it_is_told():
    with pytest.raises(DoorError, match="several rows for the same trade_code"):
        ask(analyst(), "select trade_code, region_code, supply from mart_talent_gap", by=("trade_code",))
    with pytest.raises(DoorError, match="must say its grain"):
        ask(steering(), "select trade_code, supply from mart_talent_gap")


def test_a_numeric_column_the_warehouse_does_not_document_is_refused():
    with pytest.raises(DoorError, match=r"\['learners'\] are not columns of the warehouse"):
        ask(steering(), "select count(distinct learner_id) as learners from fact_enrolment")
    assert ask(steering(), "select count(*) as months from mart_goal_progress", unprotected=("months",)).height == 1
