"""The /gaps and /skills queries on a small warehouse whose figures were worked out by hand.

Trades: SUP (P-SUP-LEAD), which the shipped trade_skills.csv requires at GMP >= 3, LEAD >= 3,
DEVCAPA >= 2, RISK >= 2 (level 2 from score 40, 3 from 60, 4 from 80), and MAINT for demand only.

- L1, region 11, completed 2024-03-15, every skill at level: job-ready. Assessed in virtual reality,
  LEAD twice (40 on 2024-02-01, then 70: the latest counts).
- L2, region 11, completed 2024-03-20, LEAD at 50 (level 2 < 3): not job-ready, LEAD alone blocks.
  Assessed in writing.
- L3, region 84, completed 2024-05-10, RISK never assessed: not job-ready, RISK alone blocks.
  Assessed in a practical situation.
- Openings: SUP 11 in 2024Q1 10 + 5, SUP 84 in 2024Q2 8, MAINT 11 in 2024Q2 20.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard.filters import Filters
from dashboard.queries import gaps, skills
from tests.contexts import analyst
from tests.warehouse_factory import make_warehouse_file


def assessed(learner_id: str, on: str, method: str, **scores: float) -> list[dict]:
    return [{"learner_id": learner_id, "skill_code": skill, "assessed_on": on, "score": score, "method": method}
            for skill, score in scores.items()]


def sup_enrolment(learner_id: str, end: str, region: str) -> dict:
    return {"learner_id": learner_id, "programme_code": "P-SUP-LEAD", "region_code": region,
            "start_date": "2023-09-01", "end_date": end, "status": "completed"}


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    return make_warehouse_file(
        tmp_path_factory.mktemp("gaps_skills"),
        enrolments=[
            sup_enrolment("L1", "2024-03-15", "11"),
            sup_enrolment("L2", "2024-03-20", "11"),
            sup_enrolment("L3", "2024-05-10", "84"),
        ],
        assessments=[
            *assessed("L1", "2024-02-01", "vr", LEAD=40),
            *assessed("L1", "2024-03-01", "vr", GMP=70, LEAD=70, DEVCAPA=50, RISK=50),
            *assessed("L2", "2024-03-01", "written", GMP=70, LEAD=50, DEVCAPA=50, RISK=50),
            *assessed("L3", "2024-05-01", "practical", GMP=85, LEAD=65, DEVCAPA=45),
        ],
        hiring=[
            {"employer_id": "E1", "trade_code": "SUP", "region_code": "11", "month": "2024-01-01", "openings": 10},
            {"employer_id": "E1", "trade_code": "SUP", "region_code": "11", "month": "2024-02-01", "openings": 5},
            {"employer_id": "E2", "trade_code": "SUP", "region_code": "84", "month": "2024-04-01", "openings": 8},
            {"employer_id": "E1", "trade_code": "MAINT", "region_code": "11", "month": "2024-05-01", "openings": 20},
        ],
    )


@pytest.fixture(autouse=True)
def warehouse(warehouse_file, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB", str(warehouse_file))


NOTHING = Filters(trades=("QC",))


# --- gaps ---------------------------------------------------------------------------------------

def test_gap_summary_sums_the_selection_and_takes_ratios_of_the_sums():
    assert gaps.gap_summary(analyst(Filters())).to_dicts() == [{
        "demand": 43, "graduates": 3, "supply": 1, "gap": 42,
        "coverage": pytest.approx(1 / 43), "job_ready_rate": pytest.approx(1 / 3),
    }]


def test_gap_summary_of_an_empty_selection_is_one_row_of_nulls():
    assert gaps.gap_summary(analyst(NOTHING)).to_dicts() == [
        {"demand": None, "graduates": None, "supply": None, "gap": None, "coverage": None, "job_ready_rate": None}]


def test_gap_by_trade_labels_in_the_language_largest_demand_first():
    rows = gaps.gap_by_trade(analyst(Filters(), "en")).to_dicts()
    assert rows == [
        {"trade_code": "SUP", "trade_label": "Production team leader", "demand": 23, "graduates": 3, "supply": 1,
         "gap": 22, "coverage": pytest.approx(1 / 23), "job_ready_rate": pytest.approx(1 / 3)},
        {"trade_code": "MAINT", "trade_label": "Biopharmaceutical maintenance technician", "demand": 20,
         "graduates": 0, "supply": 0, "gap": 20, "coverage": 0.0, "job_ready_rate": None},
    ]
    assert gaps.gap_by_trade(analyst(Filters(), "fr"))["trade_label"].to_list()[0] == "Chef·fe d'équipe de production"
    assert gaps.gap_by_trade(analyst(NOTHING, "fr")).is_empty()


def test_gap_by_region_keeps_every_region_with_nulls_outside_the_selection():
    frame = gaps.gap_by_region(analyst(Filters(regions=("84",))))
    assert frame.height == 18
    first = frame.row(0, named=True)
    assert (first["region_code"], first["iso_code"], first["tile_col"], first["tile_row"]) == ("84", "FR-ARA", 2, 3)
    assert (first["demand"], first["graduates"], first["supply"], first["gap"]) == (8, 1, 0, 8)
    assert frame.filter(frame["region_code"] != "84")["demand"].null_count() == 17


def test_gap_by_trade_region_applies_the_period_largest_gap_first():
    rows = gaps.gap_by_trade_region(analyst(Filters.from_query({"from": "2024Q2"}), "fr")).to_dicts()
    assert [(row["trade_code"], row["region_name"], row["demand"], row["supply"], row["gap"]) for row in rows] == [
        ("MAINT", "Île-de-France", 20, 0, 20),
        ("SUP", "Auvergne-Rhône-Alpes", 8, 0, 8),
    ]


def test_gap_trend_is_one_row_per_quarter():
    rows = gaps.gap_trend(analyst(Filters(trades=("SUP",)))).to_dicts()
    assert [(row["quarter_start"], row["demand"], row["graduates"], row["supply"]) for row in rows] == [
        (date(2024, 1, 1), 15, 2, 1),
        (date(2024, 4, 1), 8, 1, 0),
    ]
    assert gaps.gap_trend(analyst(Filters.from_query({"to": "2023Q4"}))).is_empty()


# --- skills -------------------------------------------------------------------------------------

def test_focus_trade_is_the_first_selected_else_the_first_of_the_list():
    assert skills.focus_trade(analyst(Filters(trades=("SUP", "USP")))) == "SUP"
    assert skills.focus_trade(analyst(Filters())) == "AUTO"
    assert skills.focused(analyst(Filters(regions=("11",)))).filters == Filters(trades=("AUTO",), regions=("11",))


def test_trade_identity():
    assert skills.trade_identity(analyst(lang="en"), "QC").to_dicts() == [
        {"trade_code": "QC", "label": "Quality control technician", "family": "quality", "rome_code": "H1503"}]
    assert skills.trade_identity(analyst(lang="fr"), "NOPE").is_empty()


def test_skill_levels_weights_the_means_by_learners_weakest_skill_first():
    rows = skills.skill_levels(analyst(Filters(trades=("SUP",)), "en")).to_dicts()
    assert [row["skill_code"] for row in rows] == ["LEAD", "DEVCAPA", "GMP", "RISK"]
    lead, devcapa, gmp, risk = rows
    assert lead["skill_label"] == "Team leadership and safety"
    assert (lead["required_level"], lead["assessed_learners"], lead["proficient_learners"]) == (3, 3, 2)
    assert lead["proficient_share"] == pytest.approx(2 / 3)
    assert lead["mean_score"] == pytest.approx((70 + 50 + 65) / 3)   # L1's latest LEAD is 70, not 40
    assert lead["mean_level"] == pytest.approx((3 + 2 + 3) / 3)
    assert lead["blocking_learners"] == 1
    assert (gmp["assessed_learners"], gmp["proficient_share"]) == (3, 1.0)
    assert gmp["mean_level"] == pytest.approx((3 + 3 + 4) / 3)
    assert (risk["assessed_learners"], risk["proficient_learners"], risk["blocking_learners"]) == (2, 2, 1)
    assert devcapa["proficient_learners"] == 3


def test_skill_levels_lists_every_required_skill_with_nulls_when_nobody_was_assessed():
    in_2025 = skills.skill_levels(analyst(Filters(trades=("SUP",), quarter_from=date(2025, 1, 1)), "fr"))
    assert sorted(in_2025["skill_code"].to_list()) == ["DEVCAPA", "GMP", "LEAD", "RISK"]
    assert in_2025["assessed_learners"].null_count() == 4
    every_trade = skills.skill_levels(analyst(Filters(), "fr"))
    assert every_trade.height == 46  # every trade x skill of trade_skills.csv
    assert every_trade.filter(every_trade["assessed_learners"].is_not_null())["trade_code"].unique().to_list() == [
        "SUP"]


def test_skill_levels_in_one_region():
    rows = skills.skill_levels(analyst(Filters(trades=("SUP",), regions=("84",)), "fr")).to_dicts()
    by_skill = {row["skill_code"]: row for row in rows}
    assert by_skill["LEAD"]["mean_score"] == 65.0
    # RISK: nobody assessed in 84, but L3 was blocked by it there.
    risk = by_skill["RISK"]
    assert (risk["assessed_learners"], risk["proficient_share"], risk["mean_level"], risk["blocking_learners"]) == (
        0, None, None, 1)


def test_blocking_skills_most_blocking_first():
    rows = skills.blocking_skills(analyst(Filters(trades=("SUP",)), "en")).to_dicts()
    assert [(row["skill_code"], row["completed_enrolments"], row["not_job_ready_enrolments"],
             row["blocked_enrolments"], row["blocked_below_level"], row["blocked_never_assessed"],
             row["sole_blocker_enrolments"], row["blocked_share"]) for row in rows] == [
        ("LEAD", 3, 2, 1, 1, 0, 1, 0.5),
        ("RISK", 3, 2, 1, 0, 1, 1, 0.5),
        ("DEVCAPA", 3, 2, 0, 0, 0, 0, 0.0),
        ("GMP", 3, 2, 0, 0, 0, 0, 0.0),
    ]
    assert skills.blocking_skills(analyst(NOTHING, "en")).is_empty()


def test_blocking_breakdown_by_region_and_by_year():
    by_region = skills.blocking_breakdown(analyst(Filters(trades=("SUP",)), "fr"), "region").filter(
        pl.col("skill_code") == "LEAD").to_dicts()
    assert [(row["breakdown_key"], row["breakdown_label"], row["not_job_ready_enrolments"],
             row["blocked_enrolments"], row["blocked_share"]) for row in by_region] == [
        ("11", "Île-de-France", 1, 1, 1.0),
        ("84", "Auvergne-Rhône-Alpes", 1, 0, 0.0),
    ]
    by_year = skills.blocking_breakdown(analyst(Filters(trades=("SUP",)), "fr"), "year").filter(
        pl.col("skill_code") == "RISK").to_dicts()
    assert [(row["breakdown_label"], row["not_job_ready_enrolments"], row["blocked_share"]) for row in by_year] == [
        ("2024", 2, 0.5)]
    both = skills.blocking_breakdowns(analyst(Filters(trades=("SUP",)), "fr"))
    assert both.group_by("breakdown").len().sort("breakdown").rows() == [("region", 8), ("year", 4)]
    with pytest.raises(ValueError, match="by must be one of"):
        skills.blocking_breakdown(analyst(Filters(), "fr"), "trade; drop table dim_trade")


def test_skill_by_method_counts_every_assessment():
    rows = skills.skill_by_method(analyst(Filters(trades=("SUP",)), "en")).filter(
        pl.col("skill_code") == "LEAD").to_dicts()
    assert [(row["method"], row["assessments"], row["proficient_assessments"], row["proficient_share"],
             row["mean_score"]) for row in rows] == [
        ("practical", 1, 1, 1.0, 65.0),
        ("vr", 2, 1, 0.5, 55.0),        # 40 then 70: both count here
        ("written", 1, 0, 0.0, 50.0),
    ]
    region_ignored = skills.skill_by_method(analyst(Filters(trades=("SUP",), regions=("84",)), "en"))
    assert region_ignored.height == skills.skill_by_method(analyst(Filters(trades=("SUP",)), "en")).height
