"""The scenario planner between the warehouse and the model: the link format, the observed inputs of
a selection, each scenario's projection (dashboard/scenario_model.py) and the frames of /scenarios' cards.

A scenario is a link. The filter bar's keys give the selection (``trade``, ``region``; ``from`` and
``to`` choose the cohorts the rates are observed on; ``lang``); each scenario is one key, ``s1`` to
``s3`` (scenarios A to C), whose value is comma-separated ``key:value`` items::

    /scenarios?trade=QC&region=11&s1=e:60,q:2027Q1&s2=e:60,q:2027Q1,p:apprenticeship&s3=cov:25,y:2030

=========  ====================================================================  ==========================
key        value                                                                 when absent
=========  ====================================================================  ==========================
e          extra enrolments a year, 0 to 10,000                                  50
cov, y     target coverage in % (above 0, at most 1,000) and its year: the       (places given by e)
           enrolments needed are solved for, e is then ignored
q          start quarter, YYYYQn, from the first quarter without data on         that first quarter
p          pathway: initial, continuing or apprenticeship                        every pathway
rc rj rp   completion, job-readiness, placement within six months, in % (0-100)  the observed rate
rd         programme duration in months (0 to 120)                               the observed median
rs         job-ready graduates a quarter without the scenario (0 to 100,000)     the last 4 quarters' mean
=========  ====================================================================  ==========================

Decimals take a point in a link (a comma separates items; the page's fields read both). A value that
cannot be read or is out of range, an
unknown key, or a scenario key other than s1-s3 falls back to its default, and the page says which.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Callable, Iterable, Mapping, Sequence

import polars as pl

from dashboard.door import Context
from dashboard.filters import PATHWAYS, parse_quarter, quarter_label
from dashboard.protection import companion
from dashboard.queries import goal as goal_queries
from dashboard.queries import scenarios as scenario_queries
from dashboard.scenario_model import (
    DEFAULT_BASELINE_WINDOW_QUARTERS, DEFAULT_MAX_EXTRA_ENROLMENTS_PER_YEAR, Baseline, ObservedDuration,
    ObservedQuarter, ObservedRate, Projection, Rates, Scenario, Solution, add_quarters, extend_baseline, project,
    quarters_between, solve_extra_enrolments,
)

MAX_SCENARIOS = 3
SLOT_LETTERS = "ABC"
# A round number to start from: the page calls it an example, and the link keeps whatever is typed instead.
DEFAULT_EXTRA_ENROLMENTS_PER_YEAR = 50.0
_SLOT_KEY = re.compile(r"^s(\d+)$")


# --- The link format --------------------------------------------------------------------------

class FieldError(ValueError):
    """A value that cannot be used; ``reason`` names its message (scenarios.problem.<reason>)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_number(text: Any) -> float:
    """A number as people type it: '60', '78,5', '78.5 %', ' 1 200 '; FieldError('number') otherwise."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        cleaned = re.sub(r"[\s\u00a0\u202f%]", "", str(text or "")).replace(",", ".")
        try:
            value = float(cleaned)
        except ValueError:
            raise FieldError("number") from None
    if not math.isfinite(value):
        raise FieldError("number")
    return value


def _bounded(low: float, high: float, *, above_low: bool = False, scale: float = 1.0) -> Callable[[Any], float]:
    def read(text: Any) -> float:
        value = read_number(text)
        if value > high or value < low or (above_low and value == low):
            raise FieldError("range")
        return value / scale
    return read


def _quarter(text: Any) -> date:
    value = parse_quarter(str(text or ""))
    if value is None:
        raise FieldError("quarter")
    return value


def _year(text: Any) -> int:
    value = read_number(text)
    if not value.is_integer():
        raise FieldError("year")
    return int(value)


def _pathway(text: Any) -> str:
    if text not in PATHWAYS:
        raise FieldError("pathway")
    return str(text)


@dataclass(frozen=True)
class LinkField:
    """One key of a scenario's value: the ScenarioInput attribute it sets, how it is read, how written."""

    key: str
    attribute: str
    read: Callable[[Any], Any]
    scale: float = 1.0  # the link and the page write ratios in %

    def write(self, value: Any) -> str:
        if isinstance(value, date):
            return quarter_label(value)
        if isinstance(value, str):
            return value
        return _plain(value * self.scale)


def _plain(number: float) -> str:
    """60, 78.5, 12.25: a point for decimals, no trailing zeros, never an exponent."""
    return format(round(float(number), 6), "f").rstrip("0").rstrip(".")


LINK_FIELDS: tuple[LinkField, ...] = (
    LinkField("e", "extra", _bounded(0, DEFAULT_MAX_EXTRA_ENROLMENTS_PER_YEAR)),
    LinkField("cov", "target_coverage", _bounded(0, 1000, above_low=True, scale=100), scale=100),
    LinkField("y", "target_year", _year),
    LinkField("q", "start", _quarter),
    LinkField("p", "pathway", _pathway),
    LinkField("rc", "completion", _bounded(0, 100, scale=100), scale=100),
    LinkField("rj", "job_readiness", _bounded(0, 100, scale=100), scale=100),
    LinkField("rp", "placement", _bounded(0, 100, scale=100), scale=100),
    LinkField("rd", "duration_months", _bounded(0, 120)),
    LinkField("rs", "baseline_supply", _bounded(0, 100_000)),
)
BY_KEY = {item.key: item for item in LINK_FIELDS}
BY_ATTRIBUTE = {item.attribute: item for item in LINK_FIELDS}


@dataclass(frozen=True)
class ScenarioInput:
    """What a person asked for in one scenario; None: the default (see the module's table)."""

    slot: int  # 0, 1, 2: scenario A, B, C, the link's s1, s2, s3
    extra: float | None = None
    target_coverage: float | None = None  # a ratio: 1 = as many job-ready graduates as openings
    target_year: int | None = None
    start: date | None = None
    pathway: str | None = None
    completion: float | None = None
    job_readiness: float | None = None
    placement: float | None = None
    duration_months: float | None = None
    baseline_supply: float | None = None

    @property
    def letter(self) -> str:
        return SLOT_LETTERS[self.slot]

    @property
    def solves(self) -> bool:
        """Whether the enrolments are solved for a target coverage rather than given."""
        return self.target_coverage is not None and self.target_year is not None


@dataclass(frozen=True)
class Problem:
    """A value of the link or of the page that was not used: where, what, why (and so the default)."""

    letter: str | None  # the scenario, None for a key outside any
    key: str
    value: str
    reason: str  # scenarios.problem.<reason>


def parse_link(args: Mapping[str, Any], default_pathway: str | None = None
               ) -> tuple[list[ScenarioInput], list[Problem]]:
    """The scenarios of a query string (s1-s3), and the values it could not use; one default
    scenario when it names none."""
    inputs: list[ScenarioInput] = []
    problems: list[Problem] = []
    for key in sorted(args):
        match = _SLOT_KEY.match(key)
        if not match:
            continue
        slot = int(match.group(1)) - 1
        if not 0 <= slot < MAX_SCENARIOS:
            problems.append(Problem(None, key, str(args[key]), "slot"))
            continue
        values, found = read_items(str(args[key]), SLOT_LETTERS[slot])
        problems += found
        inputs.append(ScenarioInput(slot, **values))
    if not inputs:
        inputs = [ScenarioInput(0, pathway=default_pathway)]
    return sorted(inputs, key=lambda item: item.slot), problems


def read_items(text: str, letter: str) -> tuple[dict[str, Any], list[Problem]]:
    """A scenario's ``key:value,key:value`` items as ScenarioInput attributes, and the ones not read."""
    values: dict[str, Any] = {}
    problems = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, raw = item.partition(":")
        key = key.strip().lower()
        if key not in BY_KEY:
            problems.append(Problem(letter, key, raw, "key"))
            continue
        try:
            values[BY_KEY[key].attribute] = BY_KEY[key].read(raw.strip())
        except FieldError as error:
            problems.append(Problem(letter, key, raw, error.reason))
    return values, problems


def encode(inputs: Iterable[ScenarioInput]) -> dict[str, str]:
    """The query-string keys of the scenarios, the inverse of parse_link."""
    encoded = {}
    for item in inputs:
        parts = [f"{spec.key}:{spec.write(getattr(item, spec.attribute))}" for spec in LINK_FIELDS
                 if getattr(item, spec.attribute) is not None]
        encoded[f"s{item.slot + 1}"] = ",".join(parts)
    return encoded


def scenario_args(args: Mapping[str, Any]) -> dict[str, str]:
    """The scenario keys of a query string (what a data URL adds to the filter bar's)."""
    return {key: str(value) for key, value in args.items() if _SLOT_KEY.match(key)}


# --- The plan ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Horizon:
    """The quarters a plan spans: after the last complete quarter of data, to the goal's last quarter."""

    last_observed: date
    last: date

    @property
    def first(self) -> date:
        return add_quarters(self.last_observed, 1)

    @property
    def quarters(self) -> list[date]:
        return [add_quarters(self.first, step) for step in range(quarters_between(self.first, self.last) + 1)]

    @property
    def years(self) -> list[int]:
        return sorted({quarter.year for quarter in self.quarters})

    @property
    def window(self) -> tuple[date, date]:
        """The observed quarters the baseline is the mean of."""
        return add_quarters(self.last_observed, 1 - DEFAULT_BASELINE_WINDOW_QUARTERS), self.last_observed


def last_complete_quarter(as_of: date) -> date:
    """The latest quarter whose every day is on or before the data's date."""
    start = date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    return start if add_quarters(start, 1) - timedelta(days=1) == as_of else add_quarters(start, -1)


def horizon(ctx: Context) -> Horizon | None:
    """None when there are no data, or no quarter left before the goal's end."""
    if ctx.as_of is None:
        return None
    end_month = goal_queries.goal(ctx)["end_month"]
    last = date(end_month.year, 3 * ((end_month.month - 1) // 3) + 1, 1)
    observed = last_complete_quarter(ctx.as_of)
    return Horizon(observed, last) if observed < last else None


# What a scenario follows: each rate of the model, the warehouse column it is observed as, and the
# counts its "people" are (the scenario_model sentences say "observed on N people").
RATES = (
    ("completion", "completion_rate", ("completed", "withdrawn")),
    ("job_readiness", "job_ready_rate", ("graduates",)),
    ("placement", "placement_rate_6m", ("eligible_6m",)),
    ("duration_months", "duration_months", ("graduates",)),
)
WITHHELD, UNOBSERVED = "withheld", "unobserved"


@dataclass(frozen=True)
class Used:
    """The value a scenario uses for one input: typed, observed (on ``people``), or missing (why)."""

    value: float | None
    people: int | None = None
    entered: bool = False
    missing: str | None = None  # WITHHELD (rests on a small count) or UNOBSERVED (no one to observe it on)


@dataclass(frozen=True)
class Outcome:
    """One scenario: what was asked, what it used, and its projection (None: see ``missing`` or the solution)."""

    request: ScenarioInput
    observed: Mapping[str, Any]  # the selection_rates row, companions included
    used: Mapping[str, Used]  # by ScenarioInput attribute: the four rates and baseline_supply
    scenario: Scenario | None = None
    baseline: Baseline | None = None
    projection: Projection | None = None
    solution: Solution | None = None

    @property
    def missing(self) -> list[str]:
        return [name for name, value in self.used.items() if value.missing]


@dataclass(frozen=True)
class Plan:
    """The page's whole answer: the quarters, the selection's demand and supply, and every scenario."""

    horizon: Horizon
    window: Mapping[str, Any]  # demand and supply over the baseline's window (/gaps' summary)
    history: pl.DataFrame  # /gaps' quarterly trend of the selection
    outcomes: tuple[Outcome, ...]
    problems: tuple[Problem, ...] = field(default=())


def _observed(row: Mapping[str, Any], column: str, counts: Sequence[str]) -> Used:
    if row.get(companion(column)):
        return Used(None, missing=WITHHELD)
    if row[column] is None:
        return Used(None, people=0, missing=UNOBSERVED)
    return Used(float(row[column]), people=sum(int(row[name]) for name in counts))


def _window_supply(window: Mapping[str, Any]) -> Used:
    if window.get(companion("supply")):
        return Used(None, missing=WITHHELD)
    if window.get("supply") is None:  # nothing in the window: no one to observe a supply on
        return Used(None, people=0, missing=UNOBSERVED)
    return Used(window["supply"] / DEFAULT_BASELINE_WINDOW_QUARTERS, people=int(window["supply"]))


def checked(request: ScenarioInput, span: Horizon) -> tuple[ScenarioInput, list[Problem]]:
    """The request with a start and a target year the projection can take; the others say why not."""
    problems = []
    if request.start is not None and not span.first <= request.start <= span.last:
        problems.append(Problem(request.letter, "q", quarter_label(request.start), "start"))
        request = replace(request, start=None)
    if request.target_year is not None and request.target_year not in span.years:
        problems.append(Problem(request.letter, "y", str(request.target_year), "target_year"))
        request = replace(request, target_year=None)
    return request, problems


def plan(ctx: Context, requests: Sequence[ScenarioInput], problems: Sequence[Problem] = ()) -> Plan | None:
    """Every scenario of the request projected to the goal's last quarter; None without a horizon."""
    span = horizon(ctx)
    if span is None:
        return None
    window = scenario_queries.demand_and_supply(ctx, *span.window)
    found = list(problems)
    outcomes = []
    for request in requests:
        request, wrong = checked(request, span)
        found += wrong
        outcomes.append(_outcome(ctx, request, span, window))
    return Plan(span, window, scenario_queries.coverage_history(ctx), tuple(outcomes), tuple(found))


def _outcome(ctx: Context, request: ScenarioInput, span: Horizon, window: Mapping[str, Any]) -> Outcome:
    selection = ctx.with_filters(replace(ctx.filters, pathway=request.pathway))
    observed = scenario_queries.selection_rates(selection).to_dicts()[0]
    used = {name: (Used(getattr(request, name), entered=True) if getattr(request, name) is not None
                   else _observed(observed, column, counts)) for name, column, counts in RATES}
    used["baseline_supply"] = (Used(request.baseline_supply, entered=True) if request.baseline_supply is not None
                               else _window_supply(window))
    outcome = Outcome(request, observed, used)
    if outcome.missing:
        return outcome
    first, last = span.window
    quarters = [add_quarters(first, step) for step in range(DEFAULT_BASELINE_WINDOW_QUARTERS)]
    # The baseline is the window's mean: its totals are all it needs (a quarter's own count may be
    # withheld where the year's is not), spread evenly over its quarters.
    openings = (window["demand"] or 0) / DEFAULT_BASELINE_WINDOW_QUARTERS
    baseline = extend_baseline([ObservedQuarter(quarter, openings, used["baseline_supply"].value) for quarter in quarters],
                               last_observed_quarter=last, last_quarter=span.last)

    def rate(name: str) -> ObservedRate:
        return ObservedRate(used[name].value, None if used[name].entered else used[name].people)

    duration = used["duration_months"]
    rates = Rates(rate("completion"), rate("job_readiness"), rate("placement"),
                  ObservedDuration(duration.value, None if duration.entered else duration.people))
    scenario = Scenario(
        extra_enrolments_per_year=0.0 if request.solves else
        (request.extra if request.extra is not None else DEFAULT_EXTRA_ENROLMENTS_PER_YEAR),
        start_quarter=request.start or span.first, rates=rates, trades=ctx.filters.trades,
        regions=ctx.filters.regions, pathway=request.pathway)
    if request.solves:
        solution = solve_extra_enrolments(scenario, baseline, target_coverage=request.target_coverage,
                                          target_year=request.target_year)
        return replace(outcome, scenario=scenario, baseline=baseline, solution=solution,
                       projection=solution.projection)
    return replace(outcome, scenario=scenario, baseline=baseline, projection=project(scenario, baseline))


# --- The cards' frames ------------------------------------------------------------------------

PROJECTION_CARD = "scenarios-projection"  # the charts
TABLE_CARD = "scenarios-table"  # the same projection as a table
INPUTS_CARD = "scenarios-inputs"  # the assumptions: observed counts and rates, and the values used
CARDS = (PROJECTION_CARD, TABLE_CARD, INPUTS_CARD)

PROJECTION_COLUMNS = ("extra_enrolments_starting", "extra_completions", "extra_job_ready_graduates",
                      "extra_placed_6m", "openings", "supply_baseline", "supply_with_scenario", "coverage_baseline",
                      "coverage_with_scenario", "gap_baseline", "gap_with_scenario")


def projection_frame(result: Plan | None) -> pl.DataFrame:
    """One row per scenario x projected quarter: the model's ProjectedQuarter (scenario_model.py)."""
    rows = [{"scenario": outcome.request.letter, "extra_enrolments_per_year": outcome.scenario.extra_enrolments_per_year
             if outcome.solution is None else outcome.solution.extra_enrolments_per_year,
             "start_quarter": outcome.scenario.start_quarter, "pathway": outcome.request.pathway,
             "quarter_start": quarter.quarter_start, **{name: getattr(quarter, name) for name in PROJECTION_COLUMNS}}
            for outcome in (result.outcomes if result else ()) if outcome.projection is not None
            for quarter in outcome.projection.quarters]
    schema = {"scenario": pl.String, "extra_enrolments_per_year": pl.Float64, "start_quarter": pl.Date,
              "pathway": pl.String, "quarter_start": pl.Date, **{name: pl.Float64 for name in PROJECTION_COLUMNS}}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def inputs_frame(result: Plan | None) -> pl.DataFrame:
    """One row per scenario: the selection's observed counts and rates (withheld ones with their
    companions) and the value each input of the projection used."""
    rows = []
    for outcome in result.outcomes if result else ():
        used = {f"{name}_used": value.value for name, value in outcome.used.items()}
        sources = {f"{name}_source": "entered" if value.entered else (value.missing or "observed")
                   for name, value in outcome.used.items()}
        rows.append({"scenario": outcome.request.letter, "pathway": outcome.request.pathway,
                     **outcome.observed, **used, **sources})
    return pl.DataFrame(rows) if rows else pl.DataFrame({"scenario": []}, schema={"scenario": pl.String})


def card_frame(card_id: str, ctx: Context, args: Mapping[str, Any]) -> pl.DataFrame:
    """A /scenarios card's data for the scenarios of a query string (the page's, or a data URL's)."""
    requests, problems = parse_link(args, ctx.filters.pathway)
    result = plan(ctx, requests, problems)
    return inputs_frame(result) if card_id == INPUTS_CARD else projection_frame(result)

