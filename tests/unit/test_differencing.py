"""The differencing test: from every value the steering role receives for a view, no protected count
can be recomputed.

An attacker takes everything a page sends for one selection (its cards' answers through the door, as
the steering role) and writes down every exact relation between those values: each total equals
the sum of its parts (the headline and each breakdown, each trade across regions, each modality
across its programmes, enrolled = in progress + completed + withdrawn), a gap is demand - supply, a
rate times its denominator is its numerator. The withheld cells are the unknowns of that linear
system; a withheld cell is recovered when its unit vector lies in the row space of the system. The
test asserts that no cell withheld for being below the threshold is ever recovered, on a
demonstration warehouse small enough to have many such cells, for several selections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pytest

from dashboard.filters import Filters
from dashboard.protection import SMALL, companion
from dashboard.queries import gaps, skills, training
from pipelines.runs import bootstrap_demo
from tests.contexts import analyst, steering

SELECTIONS = [{}, {"trade": "QC"}, {"region": "84"}, {"from": "2025Q1", "to": "2025Q4"},
              {"trade": "QC", "region": "11"}, {"trade": "MAINT,AUTO"}, {"pathway": "apprenticeship"}]


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("differencing") / "workforce.duckdb"
    bootstrap_demo(path, scale=0.1, until=date(2026, 10, 1))
    return path


@pytest.fixture(autouse=True)
def warehouse(warehouse_file, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB", str(warehouse_file))


@dataclass
class Attacker:
    """What an attacker knows of a view: shown values, the withheld cells as unknowns, and exact
    relations between them. Cells are (frame, row key, column)."""

    shown: dict[tuple, float] = field(default_factory=dict)
    unknown: dict[tuple, int] = field(default_factory=dict)  # cell -> its column in the system
    small: set[tuple] = field(default_factory=set)           # unknowns withheld for being small
    equations: list[tuple[dict[tuple, float], float]] = field(default_factory=list)

    def receive(self, name: str, frame, keys: tuple[str, ...], columns: tuple[str, ...]) -> None:
        for row in frame.to_dicts():
            key = tuple(row[column] for column in keys)
            for column in columns:
                cell = (name, key, column)
                reason = row.get(companion(column))
                if reason:
                    self.unknown.setdefault(cell, len(self.unknown))
                    if reason == SMALL:
                        self.small.add(cell)
                elif row[column] is not None:
                    self.shown[cell] = float(row[column])

    def knows(self, cell: tuple) -> bool:
        return cell in self.shown or cell in self.unknown

    def relate(self, terms: dict[tuple, float]) -> None:
        """sum(coefficient x cell) = 0, written down when every cell of it was received."""
        if not all(self.knows(cell) for cell in terms):
            return
        unknowns = {cell: coefficient for cell, coefficient in terms.items() if cell in self.unknown}
        constant = -sum(coefficient * self.shown[cell] for cell, coefficient in terms.items() if cell in self.shown)
        if unknowns:
            self.equations.append((unknowns, constant))

    def total(self, whole: tuple, parts: list[tuple]) -> None:
        self.relate({whole: 1.0, **{part: -1.0 for part in parts}})

    def recovered_small_cells(self) -> list[tuple]:
        if not self.equations:
            return []
        matrix = np.zeros((len(self.equations), len(self.unknown)))
        for line, (terms, _) in enumerate(self.equations):
            for cell, coefficient in terms.items():
                matrix[line, self.unknown[cell]] += coefficient
        rank = np.linalg.matrix_rank(matrix)
        recovered = []
        for cell in self.small:
            unit = np.zeros(len(self.unknown))
            unit[self.unknown[cell]] = 1.0
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                recovered.append(cell)
        return recovered


GAP_COUNTS = ("demand", "graduates", "supply")


def gaps_view(ctx) -> Attacker:
    """What /gaps sends: the headline, by trade, by region, by trade x region, by quarter."""
    attacker = Attacker()
    answers = {"summary": (gaps.gap_summary(ctx), ()), "trade": (gaps.gap_by_trade(ctx), ("trade_code",)),
               "region": (gaps.gap_by_region(ctx), ("region_code",)),
               "pair": (gaps.gap_by_trade_region(ctx), ("trade_code", "region_code")),
               "quarter": (gaps.gap_trend(ctx), ("quarter_start",))}
    for name, (frame, keys) in answers.items():
        attacker.receive(name, frame, keys, (*GAP_COUNTS, "gap", "coverage", "job_ready_rate"))
    pairs = answers["pair"][0].to_dicts()
    for measure in GAP_COUNTS:
        for name, (frame, keys) in answers.items():
            if name != "summary":
                attacker.total(("summary", (), measure),
                               [(name, tuple(row[key] for key in keys), measure) for row in frame.to_dicts()
                                if row["demand"] is not None or row.get(companion(measure))])
        for trade in {row["trade_code"] for row in pairs}:
            attacker.total(("trade", (trade,), measure), [("pair", (row["trade_code"], row["region_code"]), measure)
                                                        for row in pairs if row["trade_code"] == trade])
        for region in {row["region_code"] for row in pairs}:
            attacker.total(("region", (region,), measure), [("pair", (row["trade_code"], row["region_code"]), measure)
                                                          for row in pairs if row["region_code"] == region])
    for name, (frame, keys) in answers.items():
        for row in frame.to_dicts():
            key = tuple(row[column] for column in keys)
            cell = lambda column: (name, key, column)  # noqa: E731
            attacker.relate({cell("gap"): 1.0, cell("demand"): -1.0, cell("supply"): 1.0})
            if row["coverage"] is not None:
                attacker.relate({cell("supply"): 1.0, cell("demand"): -row["coverage"]})
            if row["job_ready_rate"] is not None:
                attacker.relate({cell("supply"): 1.0, cell("graduates"): -row["job_ready_rate"]})
    return attacker


FUNNEL_COUNTS = ("enrolled", "in_progress", "completed", "withdrawn", "certified", "eligible_6m", "placed_6m")


def training_view(ctx) -> Attacker:
    """What /training sends: the funnel, by programme (with its modality and trade), by cohort, by
    pathway, by modality."""
    attacker = Attacker()
    programmes = training.by_programme(ctx)
    answers = {"total": (training.funnel_totals(ctx), ()), "programme": (programmes, ("programme_code",)),
               "cohort": (training.by_cohort(ctx), ("cohort_year",)),
               "pathway": (training.by_dimension(ctx, "pathway"), ("pathway",)),
               "modality": (training.by_dimension(ctx, "modality"), ("label",))}
    rates = ("completion_rate", "certification_rate", "placement_rate_6m")
    for name, (frame, keys) in answers.items():
        attacker.receive(name, frame, keys, (*FUNNEL_COUNTS, *rates))
    for measure in FUNNEL_COUNTS:
        for name, (frame, keys) in answers.items():
            if name != "total":
                attacker.total(("total", (), measure),
                               [(name, tuple(row[key] for key in keys), measure) for row in frame.to_dicts()])
        for modality in set(programmes["modality"]):
            attacker.total(("modality", (modality,), measure),
                           [("programme", (row["programme_code"],), measure) for row in programmes.to_dicts()
                            if row["modality"] == modality])
    for name, (frame, keys) in answers.items():
        for row in frame.to_dicts():
            key = tuple(row[column] for column in keys)
            cell = lambda column: (name, key, column)  # noqa: E731
            attacker.total(cell("enrolled"), [cell("in_progress"), cell("completed"), cell("withdrawn")])
            if row["completion_rate"] is not None:
                rate = row["completion_rate"]
                attacker.relate({cell("completed"): 1.0 - rate, cell("withdrawn"): -rate})
            if row["certification_rate"] is not None:
                attacker.relate({cell("certified"): 1.0, cell("completed"): -row["certification_rate"]})
            if row["placement_rate_6m"] is not None:
                attacker.relate({cell("placed_6m"): 1.0, cell("eligible_6m"): -row["placement_rate_6m"]})
    return attacker


BLOCKING = ("not_job_ready_enrolments", "blocked_enrolments", "blocked_below_level", "blocked_never_assessed")


def skills_view(ctx) -> Attacker:
    """What /skills sends about blocking skills: by skill, and by skill and region."""
    attacker = Attacker()
    focused = skills.focused(ctx)
    by_skill = skills.blocking_skills(focused)
    by_region = skills.blocking_breakdown(focused, "region")
    attacker.receive("skill", by_skill, ("trade_code", "skill_code"), (*BLOCKING, "blocked_share"))
    attacker.receive("region", by_region, ("trade_code", "skill_code", "breakdown_key"),
                     ("not_job_ready_enrolments", "blocked_enrolments", "blocked_share"))
    for row in by_skill.to_dicts():
        key = (row["trade_code"], row["skill_code"])
        attacker.total(("skill", key, "blocked_enrolments"),
                       [("skill", key, "blocked_below_level"), ("skill", key, "blocked_never_assessed")])
        for measure in ("not_job_ready_enrolments", "blocked_enrolments"):
            attacker.total(("skill", key, measure), [("region", (*key, region["breakdown_key"]), measure)
                                                     for region in by_region.to_dicts()
                                                     if (region["trade_code"], region["skill_code"]) == key])
        if row["blocked_share"] is not None:
            attacker.relate({("skill", key, "blocked_enrolments"): 1.0,
                             ("skill", key, "not_job_ready_enrolments"): -row["blocked_share"]})
    return attacker


@pytest.mark.parametrize("view", [gaps_view, training_view, skills_view], ids=lambda view: view.__name__)
@pytest.mark.parametrize("query", SELECTIONS, ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items()) or "all")
def test_no_protected_count_can_be_recomputed_from_what_the_steering_role_receives(view, query):
    attacker = view(steering(Filters.from_query(query)))
    assert attacker.recovered_small_cells() == []


def test_the_attacker_would_recover_them_without_the_protection(warehouse_file):
    """The same views without complementary suppression give cells away: the test can fail."""
    from dashboard import door

    def primary_only(frame, rules, by, threshold, summed_over=None, nested_in=()):
        return original(frame, rules, (), threshold, (), ())

    original = door.protect
    door.clear_cache()
    door.protect = primary_only
    try:
        recovered = [cell for query in SELECTIONS for cell in gaps_view(steering(Filters.from_query(query)))
                     .recovered_small_cells()]
    finally:
        door.protect = original
        door.clear_cache()
    assert recovered, "primary suppression alone should leave small counts recoverable by difference"


def test_the_views_have_small_counts_to_protect():
    attacker = gaps_view(steering(Filters.from_query({"trade": "QC"})))
    assert len(attacker.small) >= 3
    truth = gaps.gap_by_trade_region(analyst(Filters.from_query({"trade": "QC"})))
    assert truth.filter(truth["supply"] < 5).height >= 1
