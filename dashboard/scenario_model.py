"""The scenario planner's model: extra training places -> extra job-ready graduates -> coverage, quarter by quarter.

Pure functions on dataclasses (no Dash, no SQL), so that every number the /scenarios page shows
can be computed by hand. The page reads the observed rates and the quarterly history of its
selection from the warehouse, lets the user edit them, and calls:

    baseline = extend_baseline(history, last_observed_quarter=date(2026, 10, 1), last_quarter=date(2030, 10, 1))
    projection = project(scenario, baseline)            # quarter by quarter to the last quarter
    needed = solve_extra_enrolments(scenario, baseline, target_coverage=1.0, target_year=2029)
    lines = describe_assumptions(assumptions(scenario, baseline), lang="fr")

The flow of one quarter q, for ``extra_enrolments_per_year`` = E from ``start_quarter`` on:
extra starting = E / 4; extra completions = completion rate x the starts of the quarters
``duration_months`` earlier (starts are spread evenly over their quarter, so a duration of 10 months
sends 2/3 of a quarter's starts 3 quarters later and 1/3 4 quarters later); extra job-ready
graduates = job-readiness rate x extra completions; extra placed within six months = placement
rate x extra completions, counted in the quarter they complete. Supply with the scenario =
baseline supply + extra job-ready graduates; coverage = supply / demand; gap = demand - supply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from dashboard.filters import PATHWAYS
from dashboard.i18n import fmt_number, fmt_pct, fmt_quarter, language, t

MONTHS_PER_QUARTER = 3
QUARTERS_PER_YEAR = 4
DEFAULT_BASELINE_WINDOW_QUARTERS = 4
# The solver's stated bound: more extra enrolments a year than the goal's 10,000 jobs is not a plan.
DEFAULT_MAX_EXTRA_ENROLMENTS_PER_YEAR = 10_000


# --- Quarters -------------------------------------------------------------------------------

def is_quarter_start(value: date) -> bool:
    return value.day == 1 and value.month in (1, 4, 7, 10)


def add_quarters(quarter_start: date, count: int) -> date:
    index = quarter_start.year * 4 + (quarter_start.month - 1) // 3 + count
    return date(index // 4, 3 * (index % 4) + 1, 1)


def quarters_between(first: date, last: date) -> int:
    """How many quarters ``last`` is after ``first`` (0 for the same quarter)."""
    return (last.year - first.year) * 4 + (last.month - first.month) // 3


def _require_quarter(name: str, value: date) -> None:
    if not is_quarter_start(value):
        raise ValueError(f"{name} must be the first day of a quarter (1 January, April, July or October); "
                         f"got {value.isoformat()}.")


# --- Inputs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ObservedRate:
    """A ratio between 0 and 1 and the number of people it was observed on (None: entered by the user)."""

    value: float | None
    people: int | None = None

    def checked(self, name: str) -> float:
        if self.value is None:
            raise ValueError(f"The {name} is unknown for this selection (no one to observe it on): enter one "
                             "between 0 and 100 %.")
        if not 0 <= self.value <= 1:
            raise ValueError(f"The {name} must lie between 0 and 1 (0 and 100 %); got {self.value}.")
        return float(self.value)


@dataclass(frozen=True)
class ObservedDuration:
    """Months from the start of a programme to its end (e.g. the median over completed enrolments)."""

    duration_months: float | None
    people: int | None = None

    def checked(self) -> float:
        if self.duration_months is None:
            raise ValueError("The programme duration is unknown for this selection (no completed enrolment): "
                             "enter one, in months.")
        if self.duration_months < 0:
            raise ValueError(f"The programme duration cannot be negative; got {self.duration_months} months.")
        return float(self.duration_months)


@dataclass(frozen=True)
class Rates:
    """The selection's observed rates, as the warehouse defines them (METRICS.md)."""

    completion: ObservedRate  # completed / (completed + withdrawn)
    job_readiness: ObservedRate  # job-ready graduates / graduates
    placement_6m: ObservedRate  # placed within six months / completed enrolments eligible
    duration: ObservedDuration


@dataclass(frozen=True)
class Scenario:
    """Extra enrolments a year in a selection from a start quarter on, with the rates they follow."""

    extra_enrolments_per_year: float
    start_quarter: date
    rates: Rates
    trades: tuple[str, ...] = ()  # empty: every trade
    regions: tuple[str, ...] = ()  # empty: every region
    pathway: str | None = None  # None: every pathway

    def __post_init__(self) -> None:
        if self.extra_enrolments_per_year < 0 or not math.isfinite(self.extra_enrolments_per_year):
            raise ValueError("extra_enrolments_per_year must be a number of 0 or more; "
                             f"got {self.extra_enrolments_per_year}.")
        _require_quarter("start_quarter", self.start_quarter)
        if self.pathway is not None and self.pathway not in PATHWAYS:
            raise ValueError(f"Unknown pathway {self.pathway!r}; known: {', '.join(PATHWAYS)} (or None for all).")


@dataclass(frozen=True)
class ObservedQuarter:
    """A quarter of the selection's history: openings (demand) and job-ready graduates (supply)."""

    quarter_start: date
    openings: float
    job_ready_graduates: float


@dataclass(frozen=True)
class BaselineQuarter:
    """A projected quarter without the scenario."""

    quarter_start: date
    openings: float
    job_ready_graduates: float


@dataclass(frozen=True)
class Baseline:
    """Projected demand and supply without the scenario, one quarter after another to the last quarter."""

    quarters: tuple[BaselineQuarter, ...]
    window_first_quarter: date  # the observed quarters averaged, first and last
    window_last_quarter: date

    @property
    def first_quarter(self) -> date:
        return self.quarters[0].quarter_start

    @property
    def last_quarter(self) -> date:
        return self.quarters[-1].quarter_start


def extend_baseline(history: Iterable[ObservedQuarter], *, last_observed_quarter: date, last_quarter: date,
                    window_quarters: int = DEFAULT_BASELINE_WINDOW_QUARTERS) -> Baseline:
    """Each quarter after ``last_observed_quarter`` up to ``last_quarter``: the mean of the last
    ``window_quarters`` observed quarters, for openings and for job-ready graduates alike.

    ``last_observed_quarter`` is the last complete quarter (leave a provisional one out); a quarter
    of the window missing from ``history`` had neither openings nor graduates and counts as 0.
    """
    _require_quarter("last_observed_quarter", last_observed_quarter)
    _require_quarter("last_quarter", last_quarter)
    if window_quarters < 1:
        raise ValueError(f"window_quarters must be 1 or more; got {window_quarters}.")
    if last_quarter <= last_observed_quarter:
        raise ValueError(f"Nothing to project: the last quarter ({fmt_quarter(last_quarter, 'en')}) is not after "
                         f"the last observed one ({fmt_quarter(last_observed_quarter, 'en')}).")
    by_quarter = {row.quarter_start: row for row in history}
    window = [add_quarters(last_observed_quarter, -offset) for offset in reversed(range(window_quarters))]
    observed = [by_quarter.get(quarter, ObservedQuarter(quarter, 0.0, 0.0)) for quarter in window]
    openings = sum(row.openings for row in observed) / window_quarters
    supply = sum(row.job_ready_graduates for row in observed) / window_quarters
    future = range(1, quarters_between(last_observed_quarter, last_quarter) + 1)
    return Baseline(
        quarters=tuple(BaselineQuarter(add_quarters(last_observed_quarter, offset), openings, supply)
                       for offset in future),
        window_first_quarter=window[0],
        window_last_quarter=window[-1],
    )


# --- The projection -------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectedQuarter:
    quarter_start: date
    extra_enrolments_starting: float
    extra_completions: float
    extra_job_ready_graduates: float
    extra_placed_6m: float
    openings: float  # demand, the same with or without the scenario
    supply_baseline: float
    supply_with_scenario: float
    coverage_baseline: float | None  # supply / openings; None when there are no openings
    coverage_with_scenario: float | None
    gap_baseline: float  # openings - supply: positive is a shortage
    gap_with_scenario: float


@dataclass(frozen=True)
class Projection:
    scenario: Scenario
    quarters: tuple[ProjectedQuarter, ...]
    # First quarter whose supply reaches its demand (coverage >= 1, or no openings at all);
    # None: not before the quarter after the last one projected (for a 2030Q4 horizon, "not before 2031").
    first_quarter_closed_baseline: date | None
    first_quarter_closed_with_scenario: date | None

    @property
    def extra_completions(self) -> float:
        return sum(quarter.extra_completions for quarter in self.quarters)

    @property
    def extra_job_ready_graduates(self) -> float:
        return sum(quarter.extra_job_ready_graduates for quarter in self.quarters)

    @property
    def extra_placed_6m(self) -> float:
        return sum(quarter.extra_placed_6m for quarter in self.quarters)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _completion_shift(duration_months: float) -> tuple[int, float]:
    """Quarters from start to completion: (q, share) means 1 - share after q quarters, share after q + 1."""
    quarters = duration_months / MONTHS_PER_QUARTER
    whole = math.floor(quarters)
    return whole, quarters - whole


def project(scenario: Scenario, baseline: Baseline) -> Projection:
    """The scenario quarter by quarter over the baseline's quarters, with and without it."""
    completion = scenario.rates.completion.checked("completion rate")
    job_readiness = scenario.rates.job_readiness.checked("job-readiness rate")
    placement = scenario.rates.placement_6m.checked("placement rate within six months")
    duration_months = scenario.rates.duration.checked()
    if scenario.start_quarter < baseline.first_quarter:
        raise ValueError(f"The scenario starts in {fmt_quarter(scenario.start_quarter, 'en')}, before the first "
                         f"projected quarter ({fmt_quarter(baseline.first_quarter, 'en')}): it can only add places "
                         "from a quarter without data on.")
    per_quarter = scenario.extra_enrolments_per_year / QUARTERS_PER_YEAR
    starts = [per_quarter if row.quarter_start >= scenario.start_quarter else 0.0 for row in baseline.quarters]
    shift, later_share = _completion_shift(duration_months)

    def started(index: int) -> float:
        return starts[index] if index >= 0 else 0.0

    quarters = []
    for index, row in enumerate(baseline.quarters):
        completions = completion * ((1 - later_share) * started(index - shift)
                                    + later_share * started(index - shift - 1))
        job_ready = job_readiness * completions
        supply = row.job_ready_graduates + job_ready
        quarters.append(ProjectedQuarter(
            quarter_start=row.quarter_start,
            extra_enrolments_starting=starts[index],
            extra_completions=completions,
            extra_job_ready_graduates=job_ready,
            extra_placed_6m=placement * completions,
            openings=row.openings,
            supply_baseline=row.job_ready_graduates,
            supply_with_scenario=supply,
            coverage_baseline=_ratio(row.job_ready_graduates, row.openings),
            coverage_with_scenario=_ratio(supply, row.openings),
            gap_baseline=row.openings - row.job_ready_graduates,
            gap_with_scenario=row.openings - supply,
        ))
    return Projection(
        scenario=scenario,
        quarters=tuple(quarters),
        first_quarter_closed_baseline=next(
            (quarter.quarter_start for quarter in quarters if quarter.gap_baseline <= 0), None),
        first_quarter_closed_with_scenario=next(
            (quarter.quarter_start for quarter in quarters if quarter.gap_with_scenario <= 0), None),
    )


# --- The solver -----------------------------------------------------------------------------

SOLVED = "solved"
ALREADY_MET = "already_met"
NO_DEMAND = "no_demand"
NO_COMPLETION_BY_TARGET_YEAR = "no_completion_by_target_year"
ABOVE_BOUND = "above_bound"


@dataclass(frozen=True)
class Solution:
    """The smallest whole number of extra enrolments a year meeting the target; None when it cannot."""

    extra_enrolments_per_year: int | None
    reason: str  # SOLVED, ALREADY_MET, NO_DEMAND, NO_COMPLETION_BY_TARGET_YEAR or ABOVE_BOUND
    projection: Projection | None  # the scenario at that number (None when there is none)


def solve_extra_enrolments(scenario: Scenario, baseline: Baseline, *, target_coverage: float, target_year: int,
                           max_extra_enrolments_per_year: float = DEFAULT_MAX_EXTRA_ENROLMENTS_PER_YEAR
                           ) -> Solution:
    """Extra enrolments a year, from the scenario's start quarter, for the target year's coverage
    (its job-ready graduates over its openings, summed over its projected quarters) to reach
    ``target_coverage``. Closed form: the year's extra supply is proportional to the enrolments.

    None with ABOVE_BOUND when more than ``max_extra_enrolments_per_year`` would be needed; with
    NO_COMPLETION_BY_TARGET_YEAR when no extra learner can be job-ready within the year (a rate of 0,
    or a start too late for the duration).
    """
    if not target_coverage > 0:
        raise ValueError(f"target_coverage must be more than 0 (1 = as many job-ready graduates as openings); "
                         f"got {target_coverage}.")
    in_year = [index for index, row in enumerate(baseline.quarters) if row.quarter_start.year == target_year]
    if not in_year:
        raise ValueError(f"The target year {target_year} is outside the projection "
                         f"({fmt_quarter(baseline.first_quarter, 'en')} to {fmt_quarter(baseline.last_quarter, 'en')}).")
    unit = project(replace(scenario, extra_enrolments_per_year=1.0), baseline)
    openings = sum(baseline.quarters[index].openings for index in in_year)
    supply = sum(baseline.quarters[index].job_ready_graduates for index in in_year)
    job_ready_per_enrolment = sum(unit.quarters[index].extra_job_ready_graduates for index in in_year)

    def at(extra: int) -> Projection:
        return project(replace(scenario, extra_enrolments_per_year=float(extra)), baseline)

    if openings == 0:
        return Solution(None, NO_DEMAND, None)
    missing = target_coverage * openings - supply
    if missing <= 0:
        return Solution(0, ALREADY_MET, at(0))
    if job_ready_per_enrolment == 0:
        return Solution(None, NO_COMPLETION_BY_TARGET_YEAR, None)
    # A hair below the exact value, so that floating-point dust never adds an enrolment.
    needed = math.ceil(missing / job_ready_per_enrolment - 1e-9)
    if needed > max_extra_enrolments_per_year:
        return Solution(None, ABOVE_BOUND, None)
    return Solution(needed, SOLVED, at(needed))


# --- Assumptions, as the page writes them -----------------------------------------------------

@dataclass(frozen=True)
class Assumption:
    """One assumption: a key of dashboard.i18n.LABELS and the values its sentence needs (unformatted)."""

    key: str
    values: dict[str, Any]


def assumptions(scenario: Scenario, baseline: Baseline) -> list[Assumption]:
    """What the projection assumes, in the order the page lists it."""
    rates = scenario.rates
    shift, later_share = _completion_shift(rates.duration.duration_months or 0.0)
    listed = [
        Assumption("scenario.assumption.selection", {
            "trades": scenario.trades, "regions": scenario.regions, "pathway": scenario.pathway}),
        Assumption("scenario.assumption.starts", {
            "extra_enrolments_per_year": scenario.extra_enrolments_per_year,
            "extra_enrolments_per_quarter": scenario.extra_enrolments_per_year / QUARTERS_PER_YEAR,
            "start_quarter": scenario.start_quarter}),
    ]
    for name, rate in (("completion", rates.completion), ("job_readiness", rates.job_readiness),
                       ("placement_6m", rates.placement_6m)):
        source = "observed" if rate.people is not None else "entered"
        listed.append(Assumption(f"scenario.assumption.{name}.{source}", {"rate": rate.value, "people": rate.people}))
    duration_source = "observed" if rates.duration.people is not None else "entered"
    listed.append(Assumption(f"scenario.assumption.duration.{duration_source}", {
        "duration_months": rates.duration.duration_months, "people": rates.duration.people}))
    if later_share:
        listed.append(Assumption("scenario.assumption.completion_quarter_split", {
            "share_first": 1 - later_share, "quarters_first": shift,
            "share_later": later_share, "quarters_later": shift + 1}))
    else:
        listed.append(Assumption("scenario.assumption.completion_quarter", {"quarters_later": shift}))
    listed += [
        Assumption("scenario.assumption.baseline", {
            "window_quarters": quarters_between(baseline.window_first_quarter, baseline.window_last_quarter) + 1,
            "window_first_quarter": baseline.window_first_quarter,
            "window_last_quarter": baseline.window_last_quarter,
            "openings": baseline.quarters[0].openings, "job_ready_graduates": baseline.quarters[0].job_ready_graduates,
            "last_quarter": baseline.last_quarter}),
        Assumption("scenario.assumption.coverage", {}),
        Assumption("scenario.assumption.independence", {}),
    ]
    return listed


# "All", as the filter bar says it, agreeing with what it stands for in French (tous métiers, toutes régions).
_EVERY = {"trades": "filter.all", "regions": "filter.all_f", "pathway": "filter.all_f"}


def _format(name: str, value: Any, lang: str, names: Mapping[str, str]) -> str:
    if isinstance(value, tuple):
        return ", ".join(names.get(code, code) for code in value) if value else t(_EVERY[name], lang).lower()
    if value is None:
        return t(_EVERY[name], lang).lower() if name in _EVERY else "–"
    if isinstance(value, date):
        return fmt_quarter(value, lang)
    if isinstance(value, str):
        return names.get(value, value)
    if name.startswith("share"):
        return fmt_pct(value, lang, decimals=0)
    if name in ("rate", "target_coverage"):
        return fmt_pct(value, lang)
    return fmt_number(value, lang, decimals=0 if float(value).is_integer() else 1)


def describe_closing(projection: Projection, lang: str, with_scenario: bool = True) -> str:
    """When the gap closes, or "not before" the year after the projection's last quarter."""
    closed = (projection.first_quarter_closed_with_scenario if with_scenario
              else projection.first_quarter_closed_baseline)
    if closed is not None:
        return t("scenario.closes", lang, quarter=fmt_quarter(closed, lang))
    after = add_quarters(projection.quarters[-1].quarter_start, 1)
    return t("scenario.not_before", lang, year=after.year)


def describe_solution(solution: Solution, scenario: Scenario, *, target_coverage: float, target_year: int,
                      lang: str, max_extra_enrolments_per_year: float = DEFAULT_MAX_EXTRA_ENROLMENTS_PER_YEAR) -> str:
    """The solver's answer as a sentence: how many, or why none."""
    lang = language(lang)
    values = {"extra_enrolments_per_year": solution.extra_enrolments_per_year,
              "start_quarter": scenario.start_quarter, "target_coverage": target_coverage,
              "target_year": str(target_year), "max_extra_enrolments_per_year": max_extra_enrolments_per_year}
    return t(f"scenario.solution.{solution.reason}", lang,
             **{name: _format(name, value, lang, {}) for name, value in values.items()})


def describe_assumptions(listed: Sequence[Assumption], lang: str, names: Mapping[str, str] | None = None) -> list[str]:
    """The assumptions as sentences in the language, numbers in its format; ``names`` turns codes
    (trades, regions, pathway) into the labels the page shows."""
    lang = language(lang)
    names = names or {}
    return [t(item.key, lang, **{name: _format(name, value, lang, names) for name, value in item.values.items()})
            for item in listed]
