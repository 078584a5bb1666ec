"""Demonstration input files: what the campus's sources would export, January 2021 to a chosen month.

``write_demo`` writes one CSV per source, each in the export habits of the system that would
produce it (see ``EXPORTS``), and ``demo-manifest.json`` (file name -> sha256 of its bytes) that
the ingest reads to mark the warehouse's data as demonstration data.

The story the files tell, in the story tables below (keyed by reference codes; a code the
reference does not list is ignored, a reference code missing here takes the default, so an edited
reference still works): bioproduction concentrated in a few regions; a training network that
grows; jobs created rising but behind the linear path to the goal; QC, FILL, AUTO and VAL short
of job-ready graduates, partly because aseptic technique, data integrity and automation lag
behind the level their trades require.

Randomness comes from numpy generators seeded by (SEED, stream, month): the same scale and month
give byte-identical files, and a cohort's or a hiring month's rows do not depend on how many
later months are generated, so a later demo reads as the same systems' next export (an enrolment
completed since comes back as a correction of its natural key).

A handful of rows (``MISTAKE_RATE`` of each file, at least one of each kind) carry the realistic
mistakes that ``MISTAKES`` lists, so that the data-quality page has true rejects to show; every
other row follows DATA_CONTRACT.md.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from warehouse.reference import Reference, load_reference

GENERATOR = "workforce demo"
MANIFEST_NAME = "demo-manifest.json"
SEED = 20201215  # the day the campus was announced
MISTAKE_RATE = 0.0005

# Contract enumerations, in the canonical order the generator indexes them by.
STATUSES = ("enrolled", "completed", "withdrawn")
PATHWAYS = ("initial", "continuing", "apprenticeship")
METHODS = ("vr", "ar", "digital_twin", "serious_game", "practical", "written")
CONTRACTS = ("cdi", "cdd", "interim", "apprenticeship")
LEVEL_FLOOR = {1: 0.0, 2: 40.0, 3: 60.0, 4: 80.0}  # lowest score of each skill level

# --- The story -------------------------------------------------------------------------------

# Where bioproduction is: weight of each region in training places and employers' sites.
REGION_WEIGHTS = {
    "11": 24.0,   # Île-de-France
    "84": 18.0,   # Auvergne-Rhône-Alpes
    "24": 10.0,   # Centre-Val de Loire
    "28": 8.0,    # Normandie
    "32": 7.0,    # Hauts-de-France
    "76": 7.0,    # Occitanie
    "44": 6.5,    # Grand Est
    "75": 5.0,    # Nouvelle-Aquitaine
    "52": 4.5,    # Pays de la Loire
    "53": 3.5,    # Bretagne
    "93": 3.0,    # Provence-Alpes-Côte d'Azur
    "27": 2.5,    # Bourgogne-Franche-Comté
    "94": 0.10,   # Corse
    "04": 0.10,   # La Réunion
    "01": 0.05,   # Guadeloupe
    "02": 0.05,   # Martinique
}
DEFAULT_REGION_WEIGHT = 0.0  # Guyane, Mayotte, and any region added to the reference


@dataclass(frozen=True)
class ProgrammeStory:
    enrolment_weight: float  # share of the network's enrolments, relative
    placement_rate: float    # completers hired, before job-readiness shifts it
    score_shift: float       # points added to its learners' scores


PROGRAMMES = {
    "P-USP-TECH": ProgrammeStory(10, 0.66, 0),
    "P-USP-CQP": ProgrammeStory(9, 0.62, -1),
    "P-DSP-TECH": ProgrammeStory(9, 0.64, 0),
    "P-DSP-UPS": ProgrammeStory(9, 0.58, 1),
    "P-FILL-ASEP": ProgrammeStory(6, 0.74, 4),
    "P-QC-MICRO": ProgrammeStory(6, 0.76, -3),
    "P-QC-BIOANA": ProgrammeStory(5, 0.72, -3),
    "P-QA-BPF": ProgrammeStory(8, 0.60, 5),
    "P-VAL-CQV": ProgrammeStory(4, 0.72, -3),
    "P-MAINT-BIO": ProgrammeStory(6, 0.68, -3),
    "P-AUTO-MES": ProgrammeStory(4, 0.76, -2),
    "P-PROC-MSAT": ProgrammeStory(5, 0.66, 0),
    "P-SUP-LEAD": ProgrammeStory(7, 0.66, 1),
}
DEFAULT_PROGRAMME = ProgrammeStory(5, 0.65, 0)


@dataclass(frozen=True)
class TradeStory:
    employer_weight: float  # how often an employer has the trade
    other_hires: float      # non-campus hiring, relative: high where graduates are too few
    tension: float          # openings left unfilled per hire: the shortage


TRADES = {
    "USP": TradeStory(1.2, 0.5, 0.05),
    "DSP": TradeStory(1.0, 0.4, 0.05),
    "FILL": TradeStory(1.2, 1.6, 3.00),
    "QC": TradeStory(1.5, 1.8, 3.00),
    "QA": TradeStory(0.8, 0.3, 0.10),
    "VAL": TradeStory(0.8, 1.2, 2.50),
    "MAINT": TradeStory(0.7, 0.3, 0.10),
    "AUTO": TradeStory(0.8, 1.2, 2.50),
    "PROC": TradeStory(0.5, 0.2, 0.05),
    "SUP": TradeStory(0.4, 0.3, 0.05),
}
DEFAULT_TRADE = TradeStory(0.8, 1.0, 0.30)

# Mean final score of a skill; the weak ones sit around the level 3 floor (60) that most trades require.
SKILL_MEANS = {"ASEPTIC": 64.0, "DATAINT": 60.0, "AUTOMES": 58.0}
DEFAULT_SKILL_MEAN = 72.0

# Enrolments per month once the network is mature, at scale 1, and how fast it gets there.
ENROLMENTS_PER_MONTH = 380.0
RAMP_UP_MONTHS = 30.0
RAMP_UP_START = 0.3  # share of the mature volume in the first month
RETURNING_SHARE = 0.12  # continuing-programme places taken by a former completer
# Weekly training hours by pathway, which turn a programme's hours into calendar days.
HOURS_PER_WEEK = {"initial": 32.0, "continuing": 35.0, "apprenticeship": 16.0}
WITHDRAWAL_RATE = {"initial": 0.16, "continuing": 0.07, "apprenticeship": 0.14}
INITIAL_AS_APPRENTICESHIP = 0.2  # initial programmes followed as an apprenticeship (alternance)
# Share of a pathway's yearly starts in each calendar month (January first).
START_SEASON = {
    "initial": (6, 4, 2, 1, 1, 1, 1, 2, 50, 20, 8, 4),
    "apprenticeship": (5, 3, 2, 1, 1, 1, 2, 4, 45, 22, 10, 4),
    "continuing": (9, 9, 9, 8, 8, 8, 5, 2, 11, 12, 12, 7),
}
# Assessment methods by programme modality (METHODS order).
METHOD_MIX = {
    "immersive": (30, 20, 25, 10, 10, 5),
    "digital": (10, 5, 30, 30, 0, 25),
    "blended": (12, 8, 15, 10, 30, 25),
    "in_person": (3, 2, 5, 5, 50, 35),
}
CONTRACT_MIX = {  # CONTRACTS order, by the learner's pathway
    "initial": (40, 35, 15, 10),
    "apprenticeship": (60, 25, 5, 10),
    "continuing": (50, 30, 20, 0),
}

# Employers: how many per unit of scale, and the shape of their sites and trades.
EMPLOYERS_PER_SCALE = 40
# Non-campus hires per month at scale 1, flat: the campus share grows with the graduates.
OTHER_HIRES = 150.0
# Jobs created per month as a share of the goal's linear pace: a ramp-up that levels off, plus a
# slow rise. At scale 1: about 4,200-4,500 by November 2026 (the path: 5,917), and a 12-month run
# rate of 85-95 a month where about 110 would be needed, so the forecast is "not on track".
JOBS_PLATEAU = 0.8
JOBS_RAMP_MONTHS = 20.0
JOBS_GROWTH = 0.0035
VACANCY_CARRY_OVER = 0.45  # share of last month's vacancies still open

# --- How each source's system exports --------------------------------------------------------


@dataclass(frozen=True)
class Export:
    file_name: str
    columns: dict[str, str]  # canonical name -> header in the file, in file order
    separator: str
    encoding: str            # "utf-8-sig" (with BOM), "utf-8" or "cp1252"
    date_format: str
    line_terminator: str = "\n"
    values: tuple[tuple[str, dict[str, str]], ...] = ()  # column -> canonical value -> value in the file
    region_names: bool = False  # regions by name rather than INSEE code


EXPORTS = {
    # The training centres' management software: French, semicolons, BOM, French dates and values.
    "enrolments": Export(
        "enrolments.csv",
        {"learner_id": "identifiant_apprenant", "programme_code": "code_formation", "region_code": "region",
         "start_date": "date_debut", "end_date": "date_fin", "status": "statut", "certified": "certifie",
         "pathway": "voie"},
        ";", "utf-8-sig", "%d/%m/%Y",
        values=(("status", {"enrolled": "en_cours", "completed": "termine", "withdrawn": "abandon"}),
                ("certified", {"true": "oui", "false": "non"}),
                ("pathway", {"initial": "initiale", "continuing": "continue", "apprenticeship": "apprentissage"})),
        region_names=True),
    # The assessment platform: English, commas, ISO dates, decimal point.
    "assessments": Export(
        "assessments.csv",
        {name: name for name in ("learner_id", "skill_code", "assessed_on", "score", "method")},
        ",", "utf-8", "%Y-%m-%d"),
    # Employers' HR reporting, gathered in a spreadsheet: French headers as people write them, Windows-1252.
    "hiring": Export(
        "hiring.csv",
        {"employer_id": "Identifiant employeur", "region_code": "Code région", "trade_code": "Code métier",
         "month": "Mois", "openings": "Postes ouverts", "hires": "Embauches", "jobs_created": "Emplois créés",
         "hires_from_campus": "Embauches campus", "open_vacancies": "Postes vacants"},
        ";", "cp1252", "%Y-%m", line_terminator="\r\n"),
    # The campus's graduate follow-up: English, commas, ISO dates.
    "placements": Export(
        "placements.csv",
        {name: name for name in ("learner_id", "employer_id", "trade_code", "region_code", "hired_on", "contract")},
        ",", "utf-8", "%Y-%m-%d"),
}


@dataclass(frozen=True)
class Mistake:
    kind: str
    description: str    # what a person did, for the documentation and the data-quality story
    eligible: pl.Expr   # rows where the mistake makes sense
    edits: dict[str, pl.Expr]


# The deliberate mistakes, by source: each breaks one rule of DATA_CONTRACT.md, so the ingest
# rejects exactly these rows.
MISTAKES = {
    "enrolments": (
        Mistake("unknown_programme", "a pilot programme's code that the catalogue does not list",
                pl.lit(True), {"programme_code": pl.lit("P-BIO-PILOTE")}),
        Mistake("end_before_start", "an end date typed a year early, before the start date",
                pl.col("status") == "completed",
                {"end_date": pl.min_horizontal(pl.col("end_date").dt.offset_by("-1y"),
                                               pl.col("start_date") - pl.duration(days=1))}),
        Mistake("certified_withdrawn", "certifie = oui on a withdrawn (abandon) enrolment",
                pl.col("status") == "withdrawn", {"certified": pl.lit(True)}),
    ),
    "assessments": (
        Mistake("score_above_100", "a score of 105: bonus points added by hand",
                pl.lit(True), {"score": pl.lit(105.0)}),
        Mistake("unknown_skill", "BPF, the French acronym, typed instead of the skill code GMP",
                pl.col("skill_code") == "GMP", {"skill_code": pl.lit("BPF")}),
    ),
    "hiring": (
        Mistake("jobs_above_hires", "the month's openings typed as jobs created, more than the hires",
                pl.col("openings") > pl.col("hires"), {"jobs_created": pl.col("openings")}),
        Mistake("negative_vacancies", "open_vacancies = -1, the HR system's 'unknown'",
                pl.lit(True), {"open_vacancies": pl.lit(-1)}),
    ),
    "placements": (
        Mistake("internship", "contract = stage: an internship recorded as a hire",
                pl.lit(True), {"contract": pl.lit("stage")}),
        Mistake("missing_employer", "an empty employer id",
                pl.lit(True), {"employer_id": pl.lit(None, dtype=pl.String)}),
    ),
}

# Random streams: one generator per (SEED, stream, index).
_EMPLOYERS, _COHORT, _HIRING, _MISTAKES = 1, 2, 3, 4
_EPOCH = date(1970, 1, 1)


def write_demo(out_dir: Path, scale: float = 1.0, until: date | None = None) -> list[Path]:
    """Write the demonstration files for January 2021 (the goal's start) to ``until``'s month.

    ``until`` is any date of the last month to generate (default: today's month); dates never go
    past today, so only the current month's files change from one day to the next. Returns the
    four data files in the order enrolments, assessments, hiring, placements; ``demo-manifest.json``
    is written beside them, last.
    """
    scale = float(scale)
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number, got {scale!r}.")
    today = date.today()
    reference = load_reference()
    period = _Period.of(reference, until or today, today)
    world = _World.of(reference)
    employers = _Employers.draw(world, scale, np.random.default_rng([SEED, _EMPLOYERS]))
    learning = _draw_learning(world, period, scale)
    placements = _place(world, employers, learning)
    hiring = _hiring(world, period, employers, placements)
    frames = {
        "enrolments": _enrolment_frame(world, learning),
        "assessments": _assessment_frame(world, learning),
        "hiring": hiring,
        "placements": placements.drop("combo"),
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, digests = [], {}
    for index, (source, frame) in enumerate(frames.items()):
        frame = _with_mistakes(frame, MISTAKES[source], np.random.default_rng([SEED, _MISTAKES, index]))
        path = _write(frame, EXPORTS[source], out_dir, world)
        paths.append(path)
        digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {"generator": GENERATOR, "scale": scale, "until": f"{period.until_month:%Y-%m}",
                "files": dict(sorted(digests.items()))}
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return paths


# --- Calendar and reference as arrays --------------------------------------------------------


def _days(day: date) -> int:
    return (day - _EPOCH).days


def _month_start(first: date, months_after: int) -> date:
    month = first.month - 1 + months_after
    return date(first.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class _Period:
    start_month: date
    until_month: date
    n_months: int
    last_day: int      # days since epoch of the last day any date may take
    month_starts: np.ndarray  # days since epoch of each month's first day, plus the month after

    @classmethod
    def of(cls, reference: Reference, until: date, today: date) -> _Period:
        start_month = reference.goal["start_month"][0]
        until_month = date(until.year, until.month, 1)
        if until_month < start_month:
            raise ValueError(f"until ({until:%Y-%m}) is before the goal's start month ({start_month:%Y-%m}).")
        if until_month > date(today.year, today.month, 1):
            raise ValueError(f"until ({until:%Y-%m}) is after the current month: the sources cannot "
                             "export months that have not happened yet.")
        n_months = (until_month.year - start_month.year) * 12 + until_month.month - start_month.month + 1
        month_starts = np.array([_days(_month_start(start_month, k)) for k in range(n_months + 1)])
        last_day = min(int(month_starts[-1]) - 1, _days(today))
        return cls(start_month, until_month, n_months, last_day, month_starts)


@dataclass(frozen=True)
class _World:
    """The reference tables as arrays the generator indexes, with the story attached."""

    region_codes: list[str]
    region_names: list[str]
    region_weights: np.ndarray
    trade_codes: list[str]
    trade_stories: list[TradeStory]
    skill_codes: list[str]
    skill_means: np.ndarray
    required_level: np.ndarray   # trade x skill, 0 when not required
    programme_codes: list[str]
    programme_trade: np.ndarray
    programme_pathway: list[str]
    programme_modality: list[str]
    programme_hours: np.ndarray
    programme_stories: list[ProgrammeStory]
    jobs_per_month_on_path: float  # the goal's linear pace

    @classmethod
    def of(cls, reference: Reference) -> _World:
        regions, trades, skills = reference.regions, reference.trades, reference.skills
        programmes, goal = reference.programmes, reference.goal
        trade_codes = trades["trade_code"].to_list()
        skill_codes = skills["skill_code"].to_list()
        required = np.zeros((len(trade_codes), len(skill_codes)), dtype=np.int64)
        for trade, skill, level in reference.trade_skills.iter_rows():
            required[trade_codes.index(trade), skill_codes.index(skill)] = level
        goal_months = ((goal["end_month"][0].year - goal["start_month"][0].year) * 12
                       + goal["end_month"][0].month - goal["start_month"][0].month + 1)
        return cls(
            region_codes=regions["region_code"].to_list(),
            region_names=regions["region_name"].to_list(),
            region_weights=np.array([REGION_WEIGHTS.get(code, DEFAULT_REGION_WEIGHT)
                                     for code in regions["region_code"]]),
            trade_codes=trade_codes,
            trade_stories=[TRADES.get(code, DEFAULT_TRADE) for code in trade_codes],
            skill_codes=skill_codes,
            skill_means=np.array([SKILL_MEANS.get(code, DEFAULT_SKILL_MEAN) for code in skill_codes]),
            required_level=required,
            programme_codes=programmes["programme_code"].to_list(),
            programme_trade=np.array([trade_codes.index(code) for code in programmes["trade_code"]]),
            programme_pathway=programmes["pathway"].to_list(),
            programme_modality=programmes["modality"].to_list(),
            programme_hours=programmes["duration_hours"].to_numpy().astype(np.float64),
            programme_stories=[PROGRAMMES.get(code, DEFAULT_PROGRAMME) for code in programmes["programme_code"]],
            jobs_per_month_on_path=float(goal["target_jobs"][0]) / goal_months,
        )


def _pick(uniform: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    """For uniform draws, the indices of the probabilities whose running sum (ending at 1) is ``cumulative``."""
    return np.minimum(np.searchsorted(cumulative, uniform, side="right"), len(cumulative) - 1)


def _pick_per_row(uniform: np.ndarray, cumulative_rows: np.ndarray) -> np.ndarray:
    """``_pick`` with one distribution per row."""
    return np.minimum((uniform[:, None] >= cumulative_rows).sum(axis=1), cumulative_rows.shape[1] - 1)


def _cumulative(weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=np.float64)
    return np.cumsum(weights) / weights.sum()


def _top_k(rng: np.random.Generator, log_weights: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per row, a mask of ``counts[row]`` columns drawn without replacement by weight (Gumbel top-k)."""
    keys = log_weights + rng.gumbel(size=log_weights.shape)
    ranks = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return ranks < counts[:, None]


# --- Employers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Employers:
    count: int
    # One row per employer x site region x trade: the grain of the hiring file.
    combo_employer: np.ndarray
    combo_region: np.ndarray
    combo_trade: np.ndarray
    combo_weight: np.ndarray  # the row's share of its employer's hiring, before the trade's story

    @classmethod
    def draw(cls, world: _World, scale: float, rng: np.random.Generator) -> _Employers:
        count = max(2, round(EMPLOYERS_PER_SCALE * scale))
        n_trades = len(world.trade_codes)
        # Sizes from evenly spaced quantiles, so that totals grow in step with the scale.
        quantiles = (np.arange(count) + 0.5) / count
        size = quantiles ** -0.7  # Pareto: a few large groups, many small firms; E0001 the largest
        size_rank = 1 - quantiles  # near 1 for the largest
        # Home regions by systematic sampling: each region gets its share of employers, rounded.
        home = rng.permutation(_pick((rng.random() + np.arange(count)) / count, _cumulative(world.region_weights)))
        n_sites = 1 + np.floor(size_rank ** 1.5 * 5.5 + rng.random(count)).astype(np.int64)
        n_sites = np.minimum(n_sites, int((world.region_weights > 0).sum()))
        with np.errstate(divide="ignore"):  # a region of weight 0 never gets a site
            site_log_weights = np.tile(np.log(world.region_weights), (count, 1))
        site_log_weights[np.arange(count), home] = np.inf  # the home region is always a site
        sites = _top_k(rng, site_log_weights, n_sites)
        n_trades_of = np.minimum(2 + np.floor(size_rank * 5.0 + rng.random(count) * 2).astype(np.int64), n_trades)
        trade_weights = np.array([story.employer_weight for story in world.trade_stories])
        trades = _top_k(rng, np.tile(np.log(trade_weights), (count, 1)), n_trades_of)
        for trade in np.flatnonzero(~trades.any(axis=0)):  # every trade has an employer
            trades[trade % count, trade] = True
        employer, region, trade = np.nonzero(sites[:, :, None] & trades[:, None, :])
        site_share = np.where(region == home[employer], 1.0, 0.5)
        return cls(count, employer, region, trade, size[employer] * site_share)


# --- Learners: enrolments, assessments, and what happens after -------------------------------


@dataclass(frozen=True)
class _Learning:
    """Every enrolment and assessment as arrays, already cut at the period's last day."""

    learner: np.ndarray
    programme: np.ndarray
    region: np.ndarray
    pathway: np.ndarray      # index into PATHWAYS
    start: np.ndarray        # days since epoch
    end: np.ndarray          # days since epoch; -1 while enrolled
    status: np.ndarray       # index into STATUSES
    certified: np.ndarray
    job_ready: np.ndarray
    hired_on: np.ndarray     # days since epoch; -1 when not (yet) hired
    contract: np.ndarray     # index into CONTRACTS
    employer_draw: np.ndarray  # uniform draw that picks the hiring employer
    assessment_learner: np.ndarray
    assessment_skill: np.ndarray
    assessment_day: np.ndarray
    assessment_score: np.ndarray
    assessment_method: np.ndarray


def _draw_learning(world: _World, period: _Period, scale: float) -> _Learning:
    """One cohort per start month, each from its own generator; then everything cut at the last day."""
    pathway_of_programme = np.array([PATHWAYS.index(p) for p in world.programme_pathway])
    enrolment_share = np.array([story.enrolment_weight for story in world.programme_stories])
    enrolment_share = enrolment_share / enrolment_share.sum()
    season = np.array([START_SEASON[p] for p in PATHWAYS], dtype=np.float64)
    season = season / season.sum(axis=1, keepdims=True) * 12
    returning_ids = np.zeros(0, dtype=np.int64)   # completers who may come back for a continuing programme
    returning_free = np.zeros(0, dtype=np.int64)  # the day their last enrolment ends
    next_learner = 1
    enrolments_before = 0
    cohorts = []
    for month in range(period.n_months):
        rng = np.random.default_rng([SEED, _COHORT, month])
        calendar_month = (period.start_month.month - 1 + month) % 12
        ramp = 1 - (1 - RAMP_UP_START) * math.exp(-month / RAMP_UP_MONTHS)
        expected = (scale * ENROLMENTS_PER_MONTH * ramp * enrolment_share
                    * season[pathway_of_programme, calendar_month])
        programme = np.repeat(np.arange(len(expected)), rng.poisson(expected))
        cohort = _draw_cohort(world, rng, programme, pathway_of_programme[programme],
                              int(period.month_starts[month]), int(period.month_starts[month + 1]))
        # Learner ids: a share of continuing places go to former completers free by then.
        candidates = cohort.pop("returning_candidate")
        free = np.flatnonzero(returning_free < period.month_starts[month])
        chosen = rng.choice(free, size=min(len(free), int(candidates.sum())), replace=False)
        takers = np.flatnonzero(candidates)[: len(chosen)]
        returning_free[chosen] = cohort["end"][takers]
        newcomers = np.ones(len(programme), dtype=bool)
        newcomers[takers] = False
        learner = np.empty(len(programme), dtype=np.int64)
        learner[takers] = returning_ids[chosen]
        learner[newcomers] = np.arange(next_learner, next_learner + int(newcomers.sum()))
        next_learner += int(newcomers.sum())
        completers = newcomers & ~cohort["withdraws"]
        returning_ids = np.concatenate([returning_ids, learner[completers]])
        returning_free = np.concatenate([returning_free, cohort["planned_end"][completers]])
        cohort["learner"] = learner
        cohort["assessment_enrolment"] += enrolments_before
        enrolments_before += len(learner)
        cohorts.append(cohort)
    merged = {name: np.concatenate([cohort[name] for cohort in cohorts]) for name in cohorts[0]}
    return _cut(merged, period.last_day)


def _draw_cohort(world: _World, rng: np.random.Generator, programme: np.ndarray, pathway: np.ndarray,
                 month_start: int, next_month_start: int) -> dict[str, np.ndarray]:
    """A month's starters and their whole planned course, as if nothing stopped at the period's end."""
    count = len(programme)
    initial, apprenticeship = PATHWAYS.index("initial"), PATHWAYS.index("apprenticeship")
    as_apprentice = (pathway == initial) & (rng.random(count) < INITIAL_AS_APPRENTICESHIP)
    pathway = np.where(as_apprentice, apprenticeship, pathway)
    school_year = pathway != PATHWAYS.index("continuing")
    start_span = np.where(school_year, 15, next_month_start - month_start)  # school years start early in the month
    start = month_start + np.floor(rng.random(count) * start_span).astype(np.int64)
    region = _pick(rng.random(count), _cumulative(world.region_weights))
    ability = rng.standard_normal(count)
    hours_per_week = np.array([HOURS_PER_WEEK[p] for p in PATHWAYS])[pathway]
    duration = np.maximum(5, np.round(world.programme_hours[programme] / hours_per_week * 7
                                      * rng.uniform(0.95, 1.05, count))).astype(np.int64)
    planned_end = start + duration
    withdrawal_rate = np.array([WITHDRAWAL_RATE[p] for p in PATHWAYS])[pathway]
    withdraws = rng.random(count) < withdrawal_rate * np.exp(-0.4 * ability)
    withdraw_day = start + np.maximum(1, np.floor(rng.uniform(0.08, 0.75, count) * duration)).astype(np.int64)
    end = np.where(withdraws, withdraw_day, planned_end)
    returning_candidate = (pathway == PATHWAYS.index("continuing")) & (rng.random(count) < RETURNING_SHARE)

    trade = world.programme_trade[programme]
    shift = np.array([story.score_shift for story in world.programme_stories])[programme]
    assessments, job_ready = _draw_assessments(world, rng, trade, shift, ability, start, planned_end)
    method_cumulative = np.array([_cumulative(METHOD_MIX.get(modality, (1,) * len(METHODS)))
                                  for modality in world.programme_modality])
    method_rows = method_cumulative[programme[assessments["assessment_enrolment"]]]
    assessments["assessment_method"] = _pick_per_row(rng.random(len(method_rows)), method_rows)

    completes = ~withdraws
    certified = completes & (rng.random(count) < np.where(job_ready, 0.93, 0.5))
    placement_rate = np.array([story.placement_rate for story in world.programme_stories])[programme]
    hired = completes & (rng.random(count) < np.minimum(0.97, placement_rate * np.where(job_ready, 1.12, 0.8)))
    delay = np.round(rng.gamma(1.5, 40.0, count)).astype(np.int64) - 7  # some offers come before the end
    contract_cumulative = np.array([_cumulative(CONTRACT_MIX[p]) for p in PATHWAYS])[pathway]
    contract = _pick_per_row(rng.random(count), contract_cumulative)
    return {
        "programme": programme, "region": region, "pathway": pathway, "start": start,
        "planned_end": planned_end, "end": end, "withdraws": withdraws, "certified": certified,
        "job_ready": job_ready, "hired_on": np.where(hired, planned_end + delay, -1),
        "contract": contract, "employer_draw": rng.random(count),
        "returning_candidate": returning_candidate, **assessments,
    }


def _draw_assessments(world: _World, rng: np.random.Generator, trade: np.ndarray, shift: np.ndarray,
                      ability: np.ndarray, start: np.ndarray, planned_end: np.ndarray
                      ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each required skill: an early and a mid-course try (often), a final assessment, and for some
    who fall short a re-assessment with a better score before the end; plus one to four other
    skills. Returns the assessment arrays and whether each enrolment ends job-ready."""
    count = len(trade)
    duration = planned_end - start
    required = world.required_level[trade]  # enrolment x skill
    enrolment, skill = np.nonzero(required)
    level = required[enrolment, skill]
    floor = np.array([LEVEL_FLOOR[int(lvl)] for lvl in range(1, 5)])[level - 1]
    span = duration[enrolment]
    first = start[enrolment]

    def score(values: np.ndarray) -> np.ndarray:
        return np.clip(np.round(values, 1), 0.0, 100.0)

    def day(low: float, high: float) -> np.ndarray:
        return first + np.floor(rng.uniform(low, high, len(enrolment)) * span).astype(np.int64)

    final = score(world.skill_means[skill] + shift[enrolment] + 11 * ability[enrolment]
                  + rng.normal(0, 8, len(enrolment)))
    final_day = day(0.82, 0.96)
    early = rng.random(len(enrolment)) < 0.85
    early_score, early_day = score(final - rng.uniform(6, 22, len(enrolment))), day(0.2, 0.5)
    mid = rng.random(len(enrolment)) < 0.7
    mid_score, mid_day = score(final - rng.uniform(0, 12, len(enrolment))), day(0.5, 0.78)
    room = planned_end[enrolment] - final_day
    retake = (final < floor) & (rng.random(len(enrolment)) < 0.4) & (room > 0)
    retake_score = score(final + rng.uniform(6, 20, len(enrolment)))
    retake_day = final_day + 1 + np.floor(rng.random(len(enrolment)) * room).astype(np.int64)
    latest = np.where(retake, retake_score, final)
    job_ready = np.bincount(enrolment, weights=latest < floor, minlength=count) == 0

    extra_count = 1 + rng.binomial(3, 0.5, count)
    extra = _top_k(rng, np.where(required > 0, -np.inf, 0.0), extra_count)
    extra_enrolment, extra_skill = np.nonzero(extra)
    extra_score = score(66 + 10 * ability[extra_enrolment] + rng.normal(0, 12, len(extra_enrolment)))
    extra_day = start[extra_enrolment] + np.floor(
        rng.random(len(extra_enrolment)) * (duration[extra_enrolment] + 1)).astype(np.int64)

    # Session rank: when two land on one day, the later session is the one the platform keeps.
    parts = [
        (enrolment[early], skill[early], early_day[early], early_score[early], 0),
        (enrolment[mid], skill[mid], mid_day[mid], mid_score[mid], 1),
        (enrolment, skill, final_day, final, 2),
        (enrolment[retake], skill[retake], retake_day[retake], retake_score[retake], 3),
        (extra_enrolment, extra_skill, extra_day, extra_score, 0),
    ]
    return {
        "assessment_enrolment": np.concatenate([part[0] for part in parts]),
        "assessment_skill": np.concatenate([part[1] for part in parts]),
        "assessment_day": np.concatenate([part[2] for part in parts]),
        "assessment_score": np.concatenate([part[3] for part in parts]),
        "assessment_session": np.concatenate([np.full(len(part[0]), part[4]) for part in parts]),
    }, job_ready


def _cut(planned: dict[str, np.ndarray], last_day: int) -> _Learning:
    """What the systems know on the last day: later starts, assessments and hires do not exist
    yet, an enrolment whose end is still to come is in progress, and a learner's two assessments
    of a skill on one day are one (the later session's)."""
    ended = planned["end"] <= last_day
    status = np.where(ended, np.where(planned["withdraws"], STATUSES.index("withdrawn"),
                                      STATUSES.index("completed")), STATUSES.index("enrolled"))
    completed = status == STATUSES.index("completed")
    hired_on = np.where(completed & (planned["hired_on"] <= last_day), planned["hired_on"], -1)

    enrolment = planned["assessment_enrolment"]
    known = planned["assessment_day"] <= np.minimum(planned["end"], last_day)[enrolment]
    learner = planned["learner"][enrolment[known]]
    skill, day = planned["assessment_skill"][known], planned["assessment_day"][known]
    score, method = planned["assessment_score"][known], planned["assessment_method"][known]
    # One int64 key per sort (days since 1970 stay below 2**16 until 2149) sorts far faster than lexsort.
    n_skills = int(skill.max(initial=0)) + 1
    natural_key = (learner * n_skills + skill) * 2**16 + day
    order = np.argsort(natural_key * 4 + planned["assessment_session"][known])
    sorted_key = natural_key[order]
    same_as_next = np.zeros(len(order), dtype=bool)
    same_as_next[:-1] = sorted_key[1:] == sorted_key[:-1]
    unique = order[~same_as_next]
    export_order = (day[unique] * (int(learner.max(initial=0)) + 1) + learner[unique]) * n_skills + skill[unique]
    unique = unique[np.argsort(export_order)]  # the platform exports by date

    kept = planned["start"] <= last_day
    by_start = np.flatnonzero(kept)[np.lexsort((planned["programme"][kept], planned["learner"][kept],
                                                planned["start"][kept]))]
    return _Learning(
        learner=planned["learner"][by_start],
        programme=planned["programme"][by_start],
        region=planned["region"][by_start],
        pathway=planned["pathway"][by_start],
        start=planned["start"][by_start],
        end=np.where(ended, planned["end"], -1)[by_start],
        status=status[by_start],
        certified=(planned["certified"] & completed)[by_start],
        job_ready=planned["job_ready"][by_start],
        hired_on=hired_on[by_start],
        contract=planned["contract"][by_start],
        employer_draw=planned["employer_draw"][by_start],
        assessment_learner=learner[unique],
        assessment_skill=skill[unique],
        assessment_day=day[unique],
        assessment_score=score[unique],
        assessment_method=method[unique],
    )


# --- Employers' side: placements and monthly hiring ------------------------------------------

STAY_IN_REGION = 60.0  # how much more likely a graduate is hired in the region where they trained


def _place(world: _World, employers: _Employers, learning: _Learning) -> pl.DataFrame:
    """The hires of completers, each with an employer that has the trade, mostly in the training
    region. Carries the hiring row (``combo``) each one counts in."""
    hired = np.flatnonzero(learning.hired_on >= 0)
    trade = world.programme_trade[learning.programme[hired]]
    region = learning.region[hired]
    combo = np.zeros(len(hired), dtype=np.int64)
    groups = trade * len(world.region_codes) + region
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        group_trade, group_region = divmod(int(group), len(world.region_codes))
        candidates = np.flatnonzero(employers.combo_trade == group_trade)
        weights = employers.combo_weight[candidates] * np.where(
            employers.combo_region[candidates] == group_region, STAY_IN_REGION, 1.0)
        picked = _pick(learning.employer_draw[hired[members]], _cumulative(weights))
        combo[members] = candidates[picked]
    frame = pl.DataFrame({
        "learner": learning.learner[hired],
        "employer": employers.combo_employer[combo],
        "trade": employers.combo_trade[combo],
        "region": employers.combo_region[combo],
        "hired_on": learning.hired_on[hired],
        "contract": learning.contract[hired],
        "combo": combo,
    }).sort("hired_on", "learner")
    return frame.select(
        _learner_id(pl.col("learner")),
        _employer_id(pl.col("employer")),
        _code(world.trade_codes, "trade").alias("trade_code"),
        _code(world.region_codes, "region").alias("region_code"),
        _date("hired_on"),
        _code(list(CONTRACTS), "contract"),
        "combo",
    )


def _hiring(world: _World, period: _Period, employers: _Employers, placements: pl.DataFrame) -> pl.DataFrame:
    """One row per employer x site region x trade x month. Campus hires are the placements the row
    received, other hires come at a flat rate; jobs created follow JOBS_*; openings exceed hires by the
    trade's tension, and what stays unfilled carries over as vacancies."""
    n_combos = len(employers.combo_employer)
    campus = np.zeros((period.n_months, n_combos), dtype=np.int64)
    placement_month = np.searchsorted(period.month_starts, placements["hired_on"].cast(pl.Int32).to_numpy(),
                                      side="right") - 1
    np.add.at(campus, (placement_month, placements["combo"].to_numpy()), 1)
    employer_share = employers.count / EMPLOYERS_PER_SCALE
    trade_weight = np.array([story.other_hires for story in world.trade_stories])[employers.combo_trade]
    other_share = employers.combo_weight * trade_weight
    other_share = other_share / other_share.sum()
    tension = np.array([story.tension for story in world.trade_stories])[employers.combo_trade]
    columns = {name: [] for name in ("openings", "hires", "jobs_created", "hires_from_campus", "open_vacancies")}
    vacancies = np.zeros(n_combos, dtype=np.int64)
    for month in range(period.n_months):
        rng = np.random.default_rng([SEED, _HIRING, month])
        other_expected = OTHER_HIRES * employer_share * other_share
        hires = rng.poisson(other_expected) + campus[month]
        months_in = month + 1
        jobs_expected = (world.jobs_per_month_on_path * employer_share
                         * (JOBS_PLATEAU * (1 - math.exp(-months_in / JOBS_RAMP_MONTHS)) + JOBS_GROWTH * months_in))
        jobs_created = rng.binomial(hires, min(0.9, jobs_expected / max(1, hires.sum())))
        unfilled = rng.poisson(tension * (other_expected + campus[month]))
        vacancies = rng.binomial(vacancies, VACANCY_CARRY_OVER) + unfilled
        for name, values in (("openings", hires + unfilled), ("hires", hires), ("jobs_created", jobs_created),
                             ("hires_from_campus", campus[month]), ("open_vacancies", vacancies)):
            columns[name].append(values)
    month_days = np.repeat(period.month_starts[:-1], n_combos)
    frame = pl.DataFrame({
        "employer": np.tile(employers.combo_employer, period.n_months),
        "region": np.tile(employers.combo_region, period.n_months),
        "trade": np.tile(employers.combo_trade, period.n_months),
        "month": month_days,
        **{name: np.concatenate(values) for name, values in columns.items()},
    }).sort("month", "employer", "region", "trade")
    return frame.select(
        _employer_id(pl.col("employer")),
        _code(world.region_codes, "region").alias("region_code"),
        _code(world.trade_codes, "trade").alias("trade_code"),
        _date("month"),
        *columns,
    )


# --- Frames in canonical columns, then the files ---------------------------------------------


def _learner_id(ids: pl.Expr) -> pl.Expr:
    return pl.concat_str(pl.lit("L"), ids.cast(pl.String).str.zfill(7)).alias("learner_id")


def _employer_id(ids: pl.Expr) -> pl.Expr:
    return pl.concat_str(pl.lit("E"), (ids + 1).cast(pl.String).str.zfill(4)).alias("employer_id")


def _code(codes: list[str], column: str) -> pl.Expr:
    return pl.lit(pl.Series(codes, dtype=pl.String)).gather(pl.col(column)).alias(column)


def _date(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Int32).cast(pl.Date).alias(column)


def _enrolment_frame(world: _World, learning: _Learning) -> pl.DataFrame:
    frame = pl.DataFrame({
        "learner": learning.learner, "programme": learning.programme, "region": learning.region,
        "start_date": learning.start, "end_date": learning.end, "status": learning.status,
        "certified": learning.certified, "pathway": learning.pathway,
    })
    return frame.select(
        _learner_id(pl.col("learner")),
        _code(world.programme_codes, "programme").alias("programme_code"),
        _code(world.region_codes, "region").alias("region_code"),
        _date("start_date"),
        pl.when(pl.col("end_date") >= 0).then(_date("end_date")).alias("end_date"),
        _code(list(STATUSES), "status"),
        "certified",
        _code(list(PATHWAYS), "pathway"),
    )


def _assessment_frame(world: _World, learning: _Learning) -> pl.DataFrame:
    frame = pl.DataFrame({
        "learner": learning.assessment_learner, "skill": learning.assessment_skill,
        "assessed_on": learning.assessment_day, "score": learning.assessment_score,
        "method": learning.assessment_method,
    })
    return frame.select(
        _learner_id(pl.col("learner")),
        _code(world.skill_codes, "skill").alias("skill_code"),
        _date("assessed_on"),
        "score",
        _code(list(METHODS), "method"),
    )


def _with_mistakes(frame: pl.DataFrame, mistakes: tuple[Mistake, ...], rng: np.random.Generator) -> pl.DataFrame:
    """MISTAKE_RATE of the rows, at least one of each kind, spread evenly over the kinds."""
    total = max(len(mistakes), round(MISTAKE_RATE * frame.height))
    taken = np.zeros(frame.height, dtype=bool)
    for index, mistake in enumerate(mistakes):
        wanted = total // len(mistakes) + (index < total % len(mistakes))
        eligible = np.flatnonzero(frame.select(mistake.eligible.fill_null(False)).to_series().to_numpy() & ~taken)
        rows = np.zeros(frame.height, dtype=bool)
        rows[rng.choice(eligible, size=min(wanted, len(eligible)), replace=False)] = True
        taken |= rows
        hit = pl.lit(pl.Series(rows))
        frame = frame.with_columns(pl.when(hit).then(edit).otherwise(pl.col(column)).alias(column)
                                   for column, edit in mistake.edits.items())
    return frame


def _write(frame: pl.DataFrame, export: Export, out_dir: Path, world: _World) -> Path:
    values = dict(export.values)
    if export.region_names:
        values["region_code"] = dict(zip(world.region_codes, world.region_names))
    columns = []
    for canonical, header in export.columns.items():
        column = pl.col(canonical)
        if canonical in values:
            column = column.cast(pl.String).replace(values[canonical])
        columns.append(column.alias(header))
    path = out_dir / export.file_name
    options = dict(separator=export.separator, date_format=export.date_format, float_precision=1,
                   line_terminator=export.line_terminator)
    if export.encoding == "cp1252":
        path.write_bytes(frame.select(columns).write_csv(**options).encode("cp1252"))
    else:
        frame.select(columns).write_csv(path, include_bom=export.encoding == "utf-8-sig", **options)
    return path


# --- Public data: France Travail's BMO survey, as France Travail publishes it ------------------

PUBLIC_FOLDER = "france-travail"  # downloaded public data, beside the campus's own exports
BMO_SURVEYS = 2  # the latest survey years published by ``until``: several years side by side
BMO_PUBLISHED_MONTH = 4  # the survey of year Y is published in April of Y
BMO_MASKED_BELOW = 3  # counts of 1 and 2 are published as "*"


@dataclass(frozen=True)
class BmoStory:
    label: str             # "Nom métier BMO", the FAP 2009 name (DARES)
    family_code: str
    family_label: str
    projects: float        # hiring projects a year across the demo's employment areas, at scale 1: every
                           # sector's employers, so many times the bioproduction employers' openings
    difficulty: float      # share judged difficult
    seasonal: float        # share seasonal


_INDUSTRY = ("I", "Ouvriers des secteurs de l'industrie")
_TECHNICIANS = ("T", "Autres techniciens et employés")
_MANAGERS = ("E", "Fonctions d'encadrement")
_LOGISTICS = ("L", "Ouvriers de la manutention")
# The métiers of the shipped mapping (warehouse/reference/bmo_trades.csv) and one it leaves out, so that
# the page shows the mapping at work: a métier that feeds no trade is not counted.
BMO_METIERS = {
    "E1Z40": BmoStory("Pilotes d'installation lourde des industries de transformation", *_INDUSTRY, 4500, 0.55, 0.04),
    "E1Z41": BmoStory("Autres ouvriers qualifiés des industries chimiques et plastiques", *_INDUSTRY, 7000, 0.58,
                      0.08),
    "E1Z46": BmoStory("Agents qualifiés de laboratoire", *_INDUSTRY, 3500, 0.52, 0.06),
    "E2Z70": BmoStory("Techniciens des industries de process", *_TECHNICIANS, 5500, 0.66, 0.03),
    "E2Z80": BmoStory("Agents de maîtrise et assimilés des industries de process", *_MANAGERS, 2250, 0.61, 0.02),
    "G1Z70": BmoStory("Techniciens et agents de maîtrise de la maintenance et de l'environnement", *_TECHNICIANS,
                      13000, 0.78, 0.03),
    "H0Z90": BmoStory("Ingénieurs et cadres de fabrication et de la production", *_MANAGERS, 4000, 0.57, 0.01),
    "H0Z92": BmoStory("Ingénieurs des méthodes de production, du contrôle qualité", *_MANAGERS, 3000, 0.63, 0.01),
    "J1Z40": BmoStory("Ouvriers qualifiés du magasinage et de la manutention", *_LOGISTICS, 26000, 0.42, 0.22),
}
# One employment area per département: (region, département, its name, the area's name, weight). The area
# codes are the region's code and a number: invented, as every figure of the demonstration.
BMO_AREAS = (
    ("11", "75", "Paris", "Paris", 9.0), ("11", "91", "Essonne", "Évry", 6.0),
    ("11", "92", "Hauts-de-Seine", "Nanterre", 5.0), ("11", "94", "Val-de-Marne", "Créteil", 6.0),
    ("84", "69", "Rhône", "Lyon", 10.0), ("84", "38", "Isère", "Grenoble", 5.0),
    ("84", "63", "Puy-de-Dôme", "Clermont-Ferrand", 3.0),
    ("24", "45", "Loiret", "Orléans", 4.0), ("24", "37", "Indre-et-Loire", "Tours", 3.5),
    ("24", "28", "Eure-et-Loir", "Chartres", 2.5),
    ("28", "76", "Seine-Maritime", "Rouen", 5.0), ("28", "27", "Eure", "Évreux", 3.0),
    ("32", "59", "Nord", "Lille", 5.0), ("32", "60", "Oise", "Beauvais", 2.0),
    ("76", "31", "Haute-Garonne", "Toulouse", 4.5), ("76", "34", "Hérault", "Montpellier", 2.5),
    ("44", "67", "Bas-Rhin", "Strasbourg", 4.0), ("44", "54", "Meurthe-et-Moselle", "Nancy", 2.5),
    ("75", "33", "Gironde", "Bordeaux", 3.0), ("75", "86", "Vienne", "Poitiers", 2.0),
    ("52", "44", "Loire-Atlantique", "Nantes", 3.0), ("52", "49", "Maine-et-Loire", "Angers", 1.5),
    ("53", "35", "Ille-et-Vilaine", "Rennes", 2.5), ("53", "29", "Finistère", "Brest", 1.0),
    ("93", "13", "Bouches-du-Rhône", "Marseille", 2.5), ("93", "06", "Alpes-Maritimes", "Nice", 1.0),
    ("27", "21", "Côte-d'Or", "Dijon", 1.5), ("27", "25", "Doubs", "Besançon", 1.0),
    ("94", "2A", "Corse-du-Sud", "Ajaccio", 0.06),
    ("01", "971", "Guadeloupe", "Pointe-à-Pitre", 0.06), ("02", "972", "Martinique", "Fort-de-France", 0.06),
    ("03", "973", "Guyane", "Cayenne", 0.03), ("04", "974", "La Réunion", "Saint-Denis", 0.1),
    ("06", "976", "Mayotte", "Mamoudzou", 0.02),
)
BMO_GROWTH = 0.04  # more projects each survey year
_BMO = 5  # random stream


def bmo_survey_years(until: date) -> list[int]:
    """The latest BMO_SURVEYS survey years published by ``until`` (the survey of Y comes out in April of Y)."""
    latest = until.year if until.month >= BMO_PUBLISHED_MONTH else until.year - 1
    return list(range(latest - BMO_SURVEYS + 1, latest + 1))


def write_public_demo(out_dir: Path, scale: float = 1.0, until: date | None = None) -> list[Path]:
    """Write a BMO file per survey year (``bmo_survey_years``) into ``out_dir/france-travail``, each as France
    Travail publishes it: semicolon CSV, the year's own employment-area columns (``BE25``/``NOMBE25``), counts
    of 1 and 2 masked as ``*``; with its own ``demo-manifest.json``. Returns the files, oldest survey first."""
    scale = float(scale)
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number, got {scale!r}.")
    today = date.today()
    until = until or today
    if date(until.year, until.month, 1) > date(today.year, today.month, 1):
        raise ValueError(f"until ({until:%Y-%m}) is after the current month: the survey of a later year is not "
                         "published yet.")
    regions = dict(load_reference().regions.select("region_code", "region_name").iter_rows())
    folder = Path(out_dir) / PUBLIC_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    paths = [_write_bmo(folder, year, scale, regions) for year in bmo_survey_years(until)]
    manifest = {"generator": GENERATOR, "scale": scale, "until": f"{until:%Y-%m}",
                "files": {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return paths


def _published(counts: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """Counts as BMO writes them: the small ones as "*" (a masked met masks its xmet and smet too)."""
    return np.where(masked | ((counts > 0) & (counts < BMO_MASKED_BELOW)), "*", counts.astype(str))


def _write_bmo(folder: Path, year: int, scale: float, regions: dict[str, str]) -> Path:
    rng = np.random.default_rng([SEED, _BMO, year])
    weights = np.array([area[4] for area in BMO_AREAS])
    growth = (1 + BMO_GROWTH) ** (year - 2021)
    area_suffix = f"{year % 100:02d}"
    rows = []
    for code, story in BMO_METIERS.items():
        met = rng.poisson(story.projects * scale * growth * weights / weights.sum())
        masked = (met > 0) & (met < BMO_MASKED_BELOW)
        published = {"met": _published(met, masked),
                     "xmet": _published(rng.binomial(met, story.difficulty), masked),
                     "smet": _published(rng.binomial(met, story.seasonal), masked)}
        for position in np.flatnonzero(met > 0):  # BMO publishes the cells with projects only
            region, department, department_name, area, _ = BMO_AREAS[position]
            rows.append({
                "annee": str(year), "Code métier BMO": code, "Nom métier BMO": story.label,
                "Famille_met": story.family_code, "Lbl_fam_met": story.family_label,
                "REG": region, "NOM_REG": regions.get(region, ""), "Dept": department, "NomDept": department_name,
                f"BE{area_suffix}": f"{region}{position + 1:02d}", f"NOMBE{area_suffix}": area,
                **{name: str(values[position]) for name, values in published.items()},
            })
    path = folder / f"bmo_{year}.csv"
    pl.DataFrame(rows).write_csv(path, separator=";")
    return path
