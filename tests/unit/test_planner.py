"""The scenario planner's glue on a hand-computed warehouse: the link format (written, read back, bad
values falling back with a reason), the observed rates of a selection with the people they rest on,
their protection for the steering role, the baseline, the projection and the cards' data URLs.

The warehouse: QC in Île-de-France (11), programme P-QC-MICRO (initial), 9 enrolments started
2025-01-01: 6 completed, 2 withdrawn, 1 still in training.
- completion = 6 / (6 + 2) = 0.75, on 8 people;
- 3 of the 6 graduates (ended 2025-07-01, 181 days) pass QC's five required skills at level 3: the
  job-ready rate is 3 / 6 = 0.5; the other 3 ended 2025-10-01 (273 days) with no assessment;
- duration: the median of 181, 181, 181, 273, 273, 273 days = 227 days = 227 / 30.4375 = 7.4579 months;
- placement within six months: all 6 are eligible (2025-10-01 + 183 days <= as_of 2026-06-30), 4 placed: 4 / 6.
Hiring: 40 openings in the first month of each quarter from 2025Q3 to 2026Q2, the last row 2026-06: as_of
2026-06-30, the last complete quarter 2026Q2, the baseline window 2025Q3-2026Q2: 160 openings (40 a
quarter) and 3 job-ready graduates (0.75 a quarter; below 5, so withheld from the steering role).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard import planner
from dashboard.filters import Filters
from tests.contexts import analyst, steering
from tests.warehouse_factory import make_warehouse_file

QC_SKILLS = ("GMP", "MICROQC", "BIOANA", "ENVMON", "DATAINT")
SELECTION = Filters(trades=("QC",), regions=("11",))


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    enrolments, assessments, placements = [], [], []
    for number in range(9):
        learner = f"L{number}"
        status, end = ("completed", "2025-07-01") if number < 3 else ("completed", "2025-10-01") if number < 6 else (
            ("withdrawn", "2025-03-01") if number < 8 else ("enrolled", None))
        enrolments.append({"learner_id": learner, "programme_code": "P-QC-MICRO", "region_code": "11",
                           "start_date": "2025-01-01", "end_date": end, "status": status})
        if number < 3:
            assessments += [{"learner_id": learner, "skill_code": skill, "assessed_on": "2025-06-15", "score": 70.0}
                            for skill in QC_SKILLS]
        if number in (0, 1, 3, 4):
            placements.append({"learner_id": learner, "trade_code": "QC", "region_code": "11",
                               "hired_on": "2025-12-01"})
    # loaded after the last month ended, so that every month is complete (docs/metrics.md: provisional months)
    loaded = datetime(2026, 7, 15)
    hiring = [{"month": month, "trade_code": "QC", "region_code": "11", "openings": 40, "loaded_at": loaded}
              for month in ("2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01")]
    hiring.append({"month": "2026-06-01", "trade_code": "QC", "region_code": "11", "openings": 0, "loaded_at": loaded})
    path = make_warehouse_file(tmp_path, enrolments=enrolments, assessments=assessments, placements=placements,
                               hiring=hiring)
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    return path


# --- The link format ------------------------------------------------------------------------

def test_a_link_reads_back_what_it_wrote():
    requests, problems = planner.parse_link({
        "trade": "QC", "s1": "e:60,q:2027Q1", "s2": "e:60,q:2027Q1,p:apprenticeship,rc:80,rd:10.5",
        "s3": "cov:25,y:2030,q:2027Q3,rs:2.5"})
    assert problems == []
    assert requests == [
        planner.ScenarioInput(0, extra=60, start=date(2027, 1, 1)),
        planner.ScenarioInput(1, extra=60, start=date(2027, 1, 1), pathway="apprenticeship", completion=0.8,
                              duration_months=10.5),
        planner.ScenarioInput(2, target_coverage=0.25, target_year=2030, start=date(2027, 7, 1), baseline_supply=2.5),
    ]
    assert requests[2].solves and not requests[0].solves
    assert planner.encode(requests) == {"s1": "e:60,q:2027Q1", "s2": "e:60,q:2027Q1,p:apprenticeship,rc:80,rd:10.5",
                                        "s3": "cov:25,y:2030,q:2027Q3,rs:2.5"}
    assert planner.parse_link(planner.encode(requests))[0] == requests
    # A comma separates items: a decimal comma in a link is an item of its own, and said so.
    assert planner.parse_link({"s1": "rs:2,5"})[1] == [planner.Problem("A", "5", "", "key")]


def test_no_scenario_in_the_link_is_one_default_scenario_on_the_filter_bars_pathway():
    assert planner.parse_link({"trade": "QC"}, "apprenticeship") == (
        [planner.ScenarioInput(0, pathway="apprenticeship")], [])


@pytest.mark.parametrize("value, reason", [
    ("e:lots", "number"), ("e:-5", "range"), ("e:20000", "range"), ("cov:0", "range"), ("q:2027Q5", "quarter"),
    ("y:2029.5", "year"), ("p:evening", "pathway"), ("rc:120", "range"), ("rd:200", "range"), ("zz:1", "key"),
])
def test_a_bad_value_falls_back_to_its_default_and_says_why(value, reason):
    requests, problems = planner.parse_link({"s2": value})
    key, _, raw = value.partition(":")
    assert problems == [planner.Problem("B", key, raw, reason)]
    assert requests == [planner.ScenarioInput(1)]  # every input at its default


def test_more_than_three_scenarios_are_refused_by_name():
    requests, problems = planner.parse_link({"s1": "e:10", "s4": "e:20", "s0": "e:5"})
    assert [request.slot for request in requests] == [0]
    assert problems == [planner.Problem(None, "s0", "e:5", "slot"), planner.Problem(None, "s4", "e:20", "slot")]


def test_numbers_are_read_as_people_type_them():
    assert [planner.read_number(text) for text in ("60", "78,5", "78.5 %", " 1\u202f200 ")] == [60, 78.5, 78.5, 1200]


def test_the_last_complete_quarter():
    assert planner.last_complete_quarter(date(2026, 6, 30)) == date(2026, 4, 1)
    assert planner.last_complete_quarter(date(2026, 6, 29)) == date(2026, 1, 1)
    assert planner.last_complete_quarter(date(2026, 12, 31)) == date(2026, 10, 1)


# --- The observed inputs and the projection ---------------------------------------------------

def test_the_observed_rates_and_the_people_they_rest_on(warehouse):
    [outcome] = planner.plan(analyst(SELECTION), [planner.ScenarioInput(0, extra=40)]).outcomes
    used = outcome.used
    assert (used["completion"].value, used["completion"].people) == (0.75, 8)
    assert (used["job_readiness"].value, used["job_readiness"].people) == (0.5, 6)
    assert used["placement"].value == pytest.approx(4 / 6) and used["placement"].people == 6
    assert used["duration_months"].value == pytest.approx(227 / 30.4375) and used["duration_months"].people == 6
    assert (used["baseline_supply"].value, used["baseline_supply"].people) == (0.75, 3)
    assert not any(value.entered or value.missing for value in used.values())


def test_the_projection_by_hand(warehouse):
    result = planner.plan(analyst(SELECTION), [planner.ScenarioInput(0, extra=40)])
    assert (result.horizon.last_observed, result.horizon.first, result.horizon.last) == (
        date(2026, 4, 1), date(2026, 7, 1), date(2030, 10, 1))
    assert (result.window["demand"], result.window["supply"]) == (160, 3)
    quarters = result.outcomes[0].projection.quarters
    # 40 a year from 2026Q3: 10 start each quarter. 7.4579 months = 2.486 quarters: 51.4 % of a quarter's
    # starts complete 2 quarters later, 48.6 % 3 quarters later; 75 % complete, half of them job-ready.
    later = 227 / 30.4375 / 3 - 2
    assert [row.extra_enrolments_starting for row in quarters[:4]] == [10, 10, 10, 10]
    assert [row.extra_completions for row in quarters[:4]] == pytest.approx([0, 0, 0.75 * 10 * (1 - later), 7.5])
    assert quarters[3].extra_job_ready_graduates == pytest.approx(3.75)
    assert quarters[3].extra_placed_6m == pytest.approx(7.5 * 4 / 6)
    # Without: 0.75 job-ready for 40 openings a quarter (coverage 1.875 %); with: (0.75 + 3.75) / 40 = 11.25 %.
    assert (quarters[3].openings, quarters[3].supply_baseline, quarters[3].coverage_baseline) == (40, 0.75, 0.01875)
    assert quarters[3].coverage_with_scenario == pytest.approx(0.1125)
    assert result.outcomes[0].projection.first_quarter_closed_with_scenario is None


def test_typed_rates_replace_the_observed_ones(warehouse):
    request = planner.ScenarioInput(0, extra=40, completion=1.0, job_readiness=1.0, duration_months=6,
                                    baseline_supply=2)
    [outcome] = planner.plan(analyst(SELECTION), [request]).outcomes
    assert outcome.used["completion"] == planner.Used(1.0, entered=True)
    # 10 a quarter, all complete 2 quarters later, all job-ready: 2 + 10 = 12 for 40 openings from 2027Q1.
    third = outcome.projection.quarters[2]
    assert (third.quarter_start, third.supply_with_scenario, third.coverage_with_scenario) == (date(2027, 1, 1), 12, 0.3)


def test_the_solver_through_the_planner(warehouse):
    request = planner.ScenarioInput(0, target_coverage=0.5, target_year=2030, completion=1.0, job_readiness=1.0,
                                    duration_months=6, baseline_supply=0)
    [outcome] = planner.plan(analyst(SELECTION), [request]).outcomes
    # Coverage 50 % of 160 openings in 2030 = 80 job-ready a year; each enrolment a year gives one: 80.
    assert outcome.solution.extra_enrolments_per_year == 80
    assert outcome.projection.scenario.extra_enrolments_per_year == 80


def test_a_rate_resting_on_a_withheld_count_cannot_be_shown_and_must_be_typed(warehouse):
    # For the steering role: 2 withdrawn (< 5) withholds the completion rate, 3 job-ready graduates in the
    # window (< 5) the baseline supply; the job-ready rate rests on 6 graduates and 3 job-ready: withheld too.
    [outcome] = planner.plan(steering(SELECTION), [planner.ScenarioInput(0, extra=40)]).outcomes
    assert outcome.used["completion"] == planner.Used(None, missing=planner.WITHHELD)
    assert outcome.used["job_readiness"] == planner.Used(None, missing=planner.WITHHELD)
    assert outcome.used["baseline_supply"] == planner.Used(None, missing=planner.WITHHELD)
    assert outcome.projection is None and set(outcome.missing) >= {"completion", "job_readiness", "baseline_supply"}
    assert outcome.observed["completion_rate"] is None and outcome.observed["withdrawn"] is None
    typed = planner.ScenarioInput(0, extra=40, completion=0.7, job_readiness=0.5, placement=0.5, duration_months=6,
                                  baseline_supply=1)
    [typed_outcome] = planner.plan(steering(SELECTION), [typed]).outcomes
    assert typed_outcome.projection is not None and typed_outcome.missing == []


def test_no_one_to_observe_a_rate_on_asks_for_one(warehouse):
    [outcome] = planner.plan(analyst(SELECTION), [planner.ScenarioInput(0, pathway="apprenticeship")]).outcomes
    assert outcome.used["completion"] == planner.Used(None, people=0, missing=planner.UNOBSERVED)


def test_a_start_or_a_year_outside_the_projection_falls_back(warehouse):
    span = planner.horizon(analyst(SELECTION))
    request, problems = planner.checked(planner.ScenarioInput(1, start=date(2025, 1, 1), target_year=2035), span)
    assert (request.start, request.target_year) == (None, None)
    assert problems == [planner.Problem("B", "q", "2025Q1", "start"), planner.Problem("B", "y", "2035", "target_year")]


class _ByColumn(dict):
    def __getitem__(self, column: str) -> str:
        from dashboard.downloads import header

        return super().__getitem__(header(column, "en"))


def test_the_cards_data_urls_take_the_scenarios_of_their_query_string(warehouse):
    import csv

    from app import create_app

    client = create_app().server.test_client()

    def rows(address: str) -> list[dict[str, str]]:
        """The CSV's rows by column name (its headers are in English: header() says which is which)."""
        answer = client.get(address)
        assert answer.status_code == 200
        table = list(csv.reader(answer.data.decode("utf-8-sig").splitlines()))
        by_header = [{text.removesuffix(" (%)"): value for text, value in zip(table[0], row)} for row in table[1:]]
        return [_ByColumn(row) for row in by_header]

    # Without a users file the data URL answers as the steering role: every rate resting on a small count is
    # typed (rc, rj, rp), and so is the baseline supply (rs).
    projection = rows("/data/scenarios-projection.csv?trade=QC&region=11&s1=e:40,q:2026Q3,rc:100,rj:100,rp:50,"
                      "rd:6,rs:2&lang=en")
    assert len(projection) == 18  # 2026Q3 to 2030Q4
    # 2027Q1: 10 starting, the 10 of 2026Q3 complete, all job-ready, half placed; 2 + 10 for 40 openings.
    quarter = projection[2]
    assert (quarter["scenario"], quarter["quarter_start"]) == ("A", "Q1 2027")
    assert [quarter[column] for column in ("extra_enrolments_starting", "extra_completions",
                                           "extra_job_ready_graduates", "extra_placed_6m", "supply_baseline",
                                           "supply_with_scenario", "coverage_baseline", "coverage_with_scenario",
                                           "gap_baseline", "gap_with_scenario")] == [
        "10", "10", "10", "5", "2", "12", "5.0", "30.0", "38", "28"]
    [inputs] = rows("/data/scenarios-inputs.csv?trade=QC&region=11&s1=e:40&lang=en")
    assert inputs["withdrawn"] == "< 5" and inputs["completion_source"] == "withheld"
