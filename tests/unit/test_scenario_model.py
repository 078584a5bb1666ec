"""The scenario planner's model on hand-computed cases: the flow from extra places to coverage, the
baseline past the data, the solver, the edge cases and the assumptions' sentences."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import date

import pytest

from dashboard.i18n import LABELS
from dashboard.scenario_model import (
    ABOVE_BOUND, ALREADY_MET, NO_COMPLETION_BY_TARGET_YEAR, NO_DEMAND, SOLVED, Baseline,
    BaselineQuarter, ObservedDuration, ObservedQuarter, ObservedRate, Rates, Scenario, add_quarters, assumptions,
    describe_assumptions, describe_closing, describe_solution, extend_baseline, project, solve_extra_enrolments,
)

Q = {f"{year}Q{quarter}": date(year, 3 * quarter - 2, 1) for year in range(2025, 2032) for quarter in (1, 2, 3, 4)}

# 2026: openings 40, 50, 30, 40 (mean 40); job-ready graduates 20, 30, 40, 10 (mean 25).
HISTORY = [ObservedQuarter(Q["2026Q1"], 40, 20), ObservedQuarter(Q["2026Q2"], 50, 30),
           ObservedQuarter(Q["2026Q3"], 30, 40), ObservedQuarter(Q["2026Q4"], 40, 10),
           ObservedQuarter(Q["2025Q4"], 999, 999)]  # older than the four quarters averaged


def rates(completion=0.8, job_readiness=0.5, placement=0.6, duration_months=6.0) -> Rates:
    return Rates(ObservedRate(completion, 120), ObservedRate(job_readiness, 90), ObservedRate(placement, 70),
                 ObservedDuration(duration_months, 96))


@pytest.fixture
def baseline() -> Baseline:
    return extend_baseline(HISTORY, last_observed_quarter=Q["2026Q4"], last_quarter=Q["2030Q4"])


def scenario(extra=100.0, start="2027Q1", **rate_values) -> Scenario:
    return Scenario(extra, Q[start], rates(**rate_values), trades=("QC",), regions=("11",), pathway="initial")


# --- The baseline ---------------------------------------------------------------------------

def test_the_baseline_is_the_mean_of_the_last_four_quarters_until_the_last_quarter(baseline):
    assert [row.quarter_start for row in baseline.quarters] == [add_quarters(Q["2027Q1"], k) for k in range(16)]
    assert {(row.openings, row.job_ready_graduates) for row in baseline.quarters} == {(40, 25)}
    assert (baseline.window_first_quarter, baseline.window_last_quarter) == (Q["2026Q1"], Q["2026Q4"])


def test_a_quarter_missing_from_the_history_counts_as_zero():
    only_one = extend_baseline([ObservedQuarter(Q["2026Q3"], 40, 8)], last_observed_quarter=Q["2026Q4"],
                               last_quarter=Q["2027Q2"])
    assert [(row.quarter_start, row.openings, row.job_ready_graduates) for row in only_one.quarters] == [
        (Q["2027Q1"], 10, 2), (Q["2027Q2"], 10, 2)]


def test_the_baseline_refuses_what_it_cannot_project():
    with pytest.raises(ValueError, match="Nothing to project: the last quarter \\(Q4 2026\\) is not after"):
        extend_baseline(HISTORY, last_observed_quarter=Q["2026Q4"], last_quarter=Q["2026Q4"])
    with pytest.raises(ValueError, match="last_observed_quarter must be the first day of a quarter"):
        extend_baseline(HISTORY, last_observed_quarter=date(2026, 11, 1), last_quarter=Q["2030Q4"])


# --- The projection, by hand ----------------------------------------------------------------

def test_the_flow_from_extra_places_to_coverage(baseline):
    # 100 a year from 2027Q1: 25 start each quarter; 6 months = 2 quarters, so 25 x 0.8 = 20 complete
    # from 2027Q3 on; 20 x 0.5 = 10 are job-ready and 20 x 0.6 = 12 placed within six months.
    projection = project(scenario(), baseline)
    rows = [(row.quarter_start, row.extra_enrolments_starting, row.extra_completions, row.extra_job_ready_graduates,
             row.extra_placed_6m) for row in projection.quarters[:4]]
    assert rows == [(Q["2027Q1"], 25, 0, 0, 0), (Q["2027Q2"], 25, 0, 0, 0),
                    (Q["2027Q3"], 25, 20, 10, 12), (Q["2027Q4"], 25, 20, 10, 12)]
    first, third = projection.quarters[0], projection.quarters[2]
    # Without: 25 job-ready for 40 openings, coverage 0.625, gap 15. With, from 2027Q3: 35, 0.875, 5.
    assert (first.openings, first.supply_baseline, first.supply_with_scenario) == (40, 25, 25)
    assert (first.coverage_baseline, first.coverage_with_scenario, first.gap_baseline, first.gap_with_scenario) == (
        0.625, 0.625, 15, 15)
    assert (third.supply_with_scenario, third.coverage_with_scenario, third.gap_with_scenario) == (35, 0.875, 5)
    assert third.coverage_baseline == 0.625
    # 14 quarters of completions, 2027Q3 to 2030Q4: 280 completions, 140 job-ready, 168 placed.
    assert (projection.extra_completions, projection.extra_job_ready_graduates, projection.extra_placed_6m) == (
        pytest.approx(280), pytest.approx(140), pytest.approx(168))
    assert projection.first_quarter_closed_baseline is None
    assert projection.first_quarter_closed_with_scenario is None  # 35 < 40 to the end: not before 2031


def test_enough_places_close_the_gap_the_quarter_they_complete(baseline):
    # 200 a year: 50 start a quarter, 40 complete, 20 job-ready: 45 for 40 openings from 2027Q3.
    projection = project(scenario(extra=200), baseline)
    third = projection.quarters[2]
    assert (third.supply_with_scenario, third.coverage_with_scenario, third.gap_with_scenario) == (45, 1.125, -5)
    assert projection.first_quarter_closed_with_scenario == Q["2027Q3"]


def test_a_duration_between_quarters_splits_the_completions(baseline):
    # 120 a year (30 a quarter), everyone completes and is job-ready; 10 months = 3 1/3 quarters: starts
    # spread evenly over a quarter end 3 quarters later for 2/3 of them, 4 quarters later for 1/3.
    projection = project(scenario(extra=120, completion=1.0, job_readiness=1.0, duration_months=10), baseline)
    completions = [row.extra_completions for row in projection.quarters[:6]]
    assert completions == pytest.approx([0, 0, 0, 20, 30, 30])


def test_a_later_start_shifts_everything(baseline):
    projection = project(scenario(start="2028Q3"), baseline)
    starting = {row.quarter_start: row.extra_enrolments_starting for row in projection.quarters}
    completing = {row.quarter_start: row.extra_completions for row in projection.quarters}
    assert starting[Q["2028Q2"]] == 0 and starting[Q["2028Q3"]] == 25
    assert completing[Q["2028Q4"]] == 0 and completing[Q["2029Q1"]] == 20


# --- Edge cases -----------------------------------------------------------------------------

def test_a_rate_of_zero_adds_nothing(baseline):
    for rate in ("completion", "job_readiness"):
        projection = project(scenario(**{rate: 0.0}), baseline)
        assert projection.extra_job_ready_graduates == 0, rate
        assert all(row.coverage_with_scenario == row.coverage_baseline for row in projection.quarters)
    placed = project(scenario(placement=0.0), baseline)
    assert placed.extra_placed_6m == 0 and placed.extra_job_ready_graduates == pytest.approx(140)


def test_a_duration_of_zero_completes_in_the_quarter_it_starts(baseline):
    projection = project(scenario(duration_months=0), baseline)
    first = projection.quarters[0]
    assert (first.extra_enrolments_starting, first.extra_completions, first.extra_job_ready_graduates) == (25, 20, 10)


def test_a_start_after_2030_changes_nothing(baseline):
    projection = project(scenario(start="2031Q1"), baseline)
    assert all(row.extra_enrolments_starting == 0 and row.gap_with_scenario == row.gap_baseline
               for row in projection.quarters)
    assert projection.first_quarter_closed_with_scenario is None


def test_a_start_before_the_projection_is_refused(baseline):
    with pytest.raises(ValueError, match="starts in Q3 2026, before the first projected quarter \\(Q1 2027\\)"):
        project(scenario(start="2026Q3"), baseline)


def test_no_openings_means_no_coverage_and_no_gap():
    baseline = Baseline((BaselineQuarter(Q["2027Q1"], 0, 3), BaselineQuarter(Q["2027Q2"], 0, 3)),
                        Q["2026Q1"], Q["2026Q4"])
    projection = project(scenario(), baseline)
    assert [row.coverage_baseline for row in projection.quarters] == [None, None]
    assert projection.first_quarter_closed_baseline == Q["2027Q1"]  # 3 job-ready for 0 openings: no shortage


@pytest.mark.parametrize("bad, message", [
    (dict(completion=1.2), "completion rate must lie between 0 and 1"),
    (dict(job_readiness=-0.1), "job-readiness rate must lie between 0 and 1"),
    (dict(completion=None), "completion rate is unknown for this selection .* enter one"),
    (dict(duration_months=-3), "duration cannot be negative"),
    (dict(duration_months=None), "duration is unknown for this selection"),
])
def test_unusable_rates_are_refused_with_what_to_do(baseline, bad, message):
    with pytest.raises(ValueError, match=message):
        project(scenario(**bad), baseline)


def test_a_bad_scenario_is_refused_when_made():
    with pytest.raises(ValueError, match="extra_enrolments_per_year must be a number of 0 or more"):
        scenario(extra=-5)
    with pytest.raises(ValueError, match="start_quarter must be the first day of a quarter"):
        Scenario(10, date(2027, 2, 1), rates())
    with pytest.raises(ValueError, match="Unknown pathway 'evening'"):
        Scenario(10, Q["2027Q1"], rates(), pathway="evening")


# --- The solver -----------------------------------------------------------------------------

def test_the_solver_by_hand(baseline):
    # Each extra enrolment a year gives 1/4 x 0.8 x 0.5 = 0.1 job-ready a quarter from 2027Q3: 0.4 in
    # 2028. 2028 has 160 openings and 100 job-ready: 60 missing, so 60 / 0.4 = 150 a year.
    solution = solve_extra_enrolments(scenario(), baseline, target_coverage=1.0, target_year=2028)
    assert (solution.extra_enrolments_per_year, solution.reason) == (150, SOLVED)
    assert solution.projection.scenario.extra_enrolments_per_year == 150
    in_2028 = [row for row in solution.projection.quarters if row.quarter_start.year == 2028]
    assert [row.coverage_with_scenario for row in in_2028] == pytest.approx([1.0] * 4)
    # 2027 gets only 2027Q3 and 2027Q4: 0.2 a year per enrolment, 60 / 0.2 = 300.
    assert solve_extra_enrolments(scenario(), baseline, target_coverage=1.0,
                                  target_year=2027).extra_enrolments_per_year == 300


def test_the_solver_rounds_up_to_whole_enrolments_but_not_for_floating_point_dust(baseline):
    # 0.67 x 160 - 100 = 7.2 missing, 7.2 / 0.4 = 18 exactly (in floating point, 18.000000000000007).
    assert solve_extra_enrolments(scenario(), baseline, target_coverage=0.67,
                                  target_year=2028).extra_enrolments_per_year == 18
    # Completion 0.7: 0.0875 a quarter, 0.35 a year: 60 / 0.35 = 171.4, so 172 (171 x 0.35 = 59.85 < 60).
    assert solve_extra_enrolments(scenario(completion=0.7), baseline, target_coverage=1.0,
                                  target_year=2028).extra_enrolments_per_year == 172


def test_a_target_already_met_needs_nothing(baseline):
    solution = solve_extra_enrolments(scenario(), baseline, target_coverage=0.6, target_year=2028)  # 0.625 already
    assert (solution.extra_enrolments_per_year, solution.reason) == (0, ALREADY_MET)
    assert solution.projection.extra_job_ready_graduates == 0


@pytest.mark.parametrize("changes, target_year, reason", [
    (dict(start="2030Q3", duration_months=12), 2030, NO_COMPLETION_BY_TARGET_YEAR),  # completes in 2031
    (dict(job_readiness=0.0), 2028, NO_COMPLETION_BY_TARGET_YEAR),
])
def test_an_unreachable_target_says_why(baseline, changes, target_year, reason):
    solution = solve_extra_enrolments(scenario(**changes), baseline, target_coverage=1.0, target_year=target_year)
    assert (solution.extra_enrolments_per_year, solution.reason, solution.projection) == (None, reason, None)


def test_a_target_beyond_the_bound_is_unreachable(baseline):
    # Coverage 3 in 2028: 480 - 100 = 380 missing, 380 / 0.4 = 950 a year, above a bound of 900.
    assert solve_extra_enrolments(scenario(), baseline, target_coverage=3.0, target_year=2028,
                                  max_extra_enrolments_per_year=900).reason == ABOVE_BOUND
    assert solve_extra_enrolments(scenario(), baseline, target_coverage=3.0, target_year=2028,
                                  max_extra_enrolments_per_year=950).extra_enrolments_per_year == 950


def test_no_openings_in_the_target_year_has_no_coverage_to_reach():
    baseline = Baseline((BaselineQuarter(Q["2027Q1"], 0, 3),), Q["2026Q1"], Q["2026Q4"])
    assert solve_extra_enrolments(scenario(), baseline, target_coverage=1.0, target_year=2027).reason == NO_DEMAND


def test_the_solver_refuses_a_target_it_cannot_read(baseline):
    with pytest.raises(ValueError, match="target year 2031 is outside the projection \\(Q1 2027 to Q4 2030\\)"):
        solve_extra_enrolments(scenario(), baseline, target_coverage=1.0, target_year=2031)
    with pytest.raises(ValueError, match="target_coverage must be more than 0"):
        solve_extra_enrolments(scenario(), baseline, target_coverage=0, target_year=2028)


# --- Assumptions ----------------------------------------------------------------------------

def test_the_assumptions_in_english(baseline):
    names = {"QC": "Quality control", "11": "Île-de-France", "initial": "initial training"}
    assert describe_assumptions(assumptions(scenario(), baseline), "en", names) == [
        "Selection: trades: Quality control; regions: Île-de-France; pathway: initial training.",
        "100 extra enrolments a year from Q1 2027, that is 25 a quarter, spread evenly over the quarter.",
        "Completion rate 80.0% (completed / (completed + withdrawn)), observed on 120 people.",
        "Job-ready rate 50.0% (at the required level in every skill of the trade), observed on 90 graduates.",
        "Placement rate within six months 60.0%, observed on 70 graduates; placements are counted in the quarter "
        "the programme ends.",
        "Programme duration 6 months (median of 96 completed enrolments).",
        "A start completes 2 quarter(s) later.",
        "Without the scenario, openings and job-ready graduates stay until Q4 2030 at the mean of the last 4 known "
        "quarters (Q1 2026 to Q4 2026): 40 openings and 25 job-ready graduates a quarter.",
        "Coverage = job-ready graduates / openings of the same quarter; the gap closes when job-ready graduates "
        "reach openings (coverage >= 100%).",
        "The extra places change neither the observed rates, nor other enrolments, nor openings.",
    ]


def test_the_assumptions_in_french_say_which_figures_were_entered_by_hand(baseline):
    edited = Scenario(90, Q["2027Q3"], Rates(ObservedRate(0.75), ObservedRate(0.5, 90), ObservedRate(0.6, 70),
                                             ObservedDuration(10)))
    lines = describe_assumptions(assumptions(edited, baseline), "fr")
    assert lines[0] == "Sélection : métiers : tous ; régions : toutes ; voie : toutes."
    assert lines[1] == ("90 inscriptions supplémentaires par an à partir du T3 2027, soit 22,5 par trimestre, "
                        "réparties également sur le trimestre.")
    assert lines[2] == "Taux d'achèvement 75,0\u202f% (diplômés / (diplômés + abandons)), saisi à la main."
    assert lines[5] == "Durée de formation 10 mois, saisie à la main."
    assert lines[6] == ("Les entrées étant réparties sur le trimestre, 67\u202f% d'entre elles s'achèvent "
                        "3 trimestre(s) plus tard et 33\u202f% 4 trimestres plus tard.")


def test_the_outcomes_in_words(baseline):
    closing = project(scenario(extra=200), baseline)
    assert describe_closing(closing, "fr") == "L'écart se referme au T3 2027."
    assert describe_closing(closing, "en", with_scenario=False) == "The gap does not close before 2031."
    solved = solve_extra_enrolments(scenario(), baseline, target_coverage=1.0, target_year=2028)
    assert describe_solution(solved, scenario(), target_coverage=1.0, target_year=2028, lang="en") == (
        "150 extra enrolments a year from Q1 2027 bring coverage to 100.0% in 2028.")
    assert describe_solution(solved, scenario(), target_coverage=1.0, target_year=2028, lang="fr") == (
        "150 inscriptions supplémentaires par an à partir du T1 2027 portent la couverture à 100,0\u202f% en 2028.")
    late = solve_extra_enrolments(scenario(), baseline, target_coverage=3.0, target_year=2028,
                                  max_extra_enrolments_per_year=900)
    assert describe_solution(late, scenario(), target_coverage=3.0, target_year=2028, lang="en",
                             max_extra_enrolments_per_year=900) == (
        "Reaching 300.0% in 2028 would take more than 900 extra enrolments a year.")


def test_every_sentence_has_both_languages_with_the_same_placeholders(baseline):
    produced = {item.key for item in assumptions(scenario(), baseline)}
    produced |= {item.key for item in assumptions(replace(scenario(), rates=Rates(
        ObservedRate(0.8), ObservedRate(0.5), ObservedRate(0.6), ObservedDuration(10))), baseline)}
    outcomes = {"scenario.closes", "scenario.not_before"} | {
        f"scenario.solution.{reason}" for reason in (SOLVED, ALREADY_MET, NO_DEMAND, NO_COMPLETION_BY_TARGET_YEAR,
                                                     ABOVE_BOUND)}
    model_labels = {key: texts for key, texts in LABELS.items() if key.startswith("scenario.")}
    assert produced | outcomes == set(model_labels)
    for key, texts in model_labels.items():
        fields = {language: {name for _, name, _, _ in string.Formatter().parse(text) if name}
                  for language, text in texts.items()}
        assert set(fields) == {"fr", "en"} and fields["fr"] == fields["en"], key
