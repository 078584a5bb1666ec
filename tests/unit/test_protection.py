"""The protection of small counts: the rules read from the marts' tags, each kind of suppression on
small frames worked out by hand, and every learner count of every mart covered."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.door import ask
from dashboard.protection import SECRET, SMALL, ProtectionError, Rules, companion, protect
from tests.contexts import analyst, steering
from tests.warehouse_factory import make_warehouse_file
from warehouse.build import MODELS_DIR, grain_key

RULES = Rules.from_comments([
    ("mart_a", "demand", "Positions opened."),
    ("mart_a", "graduates", "Graduates. [learner count]"),
    ("mart_a", "supply", "Job-ready graduates. [learner count]"),
    ("mart_a", "gap", "demand - supply. [follows supply]"),
    ("mart_a", "coverage", "supply / demand. [ratio of supply, demand]"),
    ("mart_b", "enrolled", "All. [learner count: in_progress + completed + withdrawn]"),
    ("mart_b", "in_progress", "In training. [learner count]"),
    ("mart_b", "completed", "Completed. [learner count]"),
    ("mart_b", "withdrawn", "Withdrew. [learner count]"),
    ("mart_b", "mean_score", "Mean. [follows completed]"),
    ("mart_c", "mean_score", "Mean. [follows withdrawn]"),
])


def states(frame: pl.DataFrame, column: str) -> list[str | None]:
    return frame[companion(column)].to_list()


def test_the_rules_are_read_from_the_tags():
    assert RULES.counts == {"graduates", "supply", "enrolled", "in_progress", "completed", "withdrawn"}
    assert RULES.totals == {"enrolled": ("in_progress", "completed", "withdrawn")}
    assert RULES.follows["coverage"] == (("supply", "demand"),) and RULES.ratios == {"coverage"}
    assert RULES.follows["mean_score"] == (("completed",), ("withdrawn",))  # one version per mart
    assert "demand" in RULES.documented and not RULES.protectable("demand")


def test_a_column_that_is_a_count_in_one_mart_and_derived_in_another_is_refused():
    with pytest.raises(ProtectionError, match="a column name means one kind of thing"):
        Rules.from_comments([("mart_a", "supply", "[learner count]"), ("mart_b", "supply", "[follows demand]")])


def test_primary_and_derived_suppression():
    frame = pl.DataFrame({"trade": ["A"], "demand": [40], "supply": [3], "gap": [37], "coverage": [3 / 40]})
    shown = protect(frame, RULES, (), 5)
    assert shown.row(0, named=True) == {
        "trade": "A", "demand": 40, "supply": None, "gap": None, "coverage": None,
        "supply__protected": SMALL, "gap__protected": SECRET, "coverage__protected": SECRET}


def test_a_count_at_the_threshold_is_shown():
    frame = pl.DataFrame({"demand": [40], "supply": [5], "gap": [35], "coverage": [0.125]})
    assert protect(frame, RULES, (), 5).row(0) == (40, 5, 35, 0.125, None, None, None)


def test_within_a_row_a_total_and_all_but_one_part_are_never_shown():
    """enrolled 30 = 10 in progress + 18 completed + 2 withdrawn: 2 is small, and 30 - 10 - 18 would
    give it away, so the smallest other part (10) is withheld too."""
    frame = pl.DataFrame({"programme": ["P"], "enrolled": [30], "in_progress": [10], "completed": [18],
                          "withdrawn": [2]})
    shown = protect(frame, RULES, (), 5).row(0, named=True)
    assert (shown["enrolled"], shown["in_progress"], shown["completed"], shown["withdrawn"]) == (30, None, 18, None)
    assert (shown["in_progress__protected"], shown["withdrawn__protected"]) == (SECRET, SMALL)


def test_across_rows_a_single_withheld_cell_gets_a_partner_the_smallest():
    """Supply by trade 3, 12, 40: the total is shown elsewhere, so 12 is withheld beside 3."""
    frame = pl.DataFrame({"trade": ["A", "B", "C"], "supply": [3, 12, 40]})
    shown = protect(frame, RULES, ("trade",), 5)
    assert shown["supply"].to_list() == [None, None, 40]
    assert states(shown, "supply") == [SMALL, SECRET, None]


def test_two_small_cells_need_no_partner():
    frame = pl.DataFrame({"trade": ["A", "B", "C"], "supply": [3, 1, 40]})
    assert protect(frame, RULES, ("trade",), 5)["supply"].to_list() == [None, None, 40]


def test_in_two_dimensions_every_row_and_column_holds_zero_or_two_withheld_cells():
    """Trade x region, supply:      R1   R2   R3
                              A     2    30   50
                              B     20   25   60
    2 is small; its row needs a partner (30, the smallest of A), its column too (20), and then row B
    has one withheld cell (20), so 25 goes, and column R2 has 30 and 25: done."""
    frame = pl.DataFrame({"trade": ["A", "A", "A", "B", "B", "B"], "region": ["R1", "R2", "R3"] * 2,
                          "supply": [2, 30, 50, 20, 25, 60]})
    shown = protect(frame, RULES, ("trade", "region"), 5)
    assert states(shown, "supply") == [SMALL, SECRET, None, SECRET, SECRET, None]


def test_a_dimension_whose_cells_never_add_up_needs_no_partner():
    frame = pl.DataFrame({"skill": ["GMP", "LEAD"], "supply": [3, 40]})
    assert states(protect(frame, RULES, ("skill",), 5, summed_over=()), "supply") == [SMALL, None]


def test_rows_nested_in_a_group_shown_elsewhere_get_a_partner_in_their_group():
    """Programmes P1 (3) and P2 (40) form modality M, whose total /training shows: 40 goes too,
    though the frame as a whole already has two withheld cells (P3 and P4 of modality N)."""
    frame = pl.DataFrame({"programme": ["P1", "P2", "P3", "P4"], "modality": ["M", "M", "N", "N"],
                          "completed": [3, 40, 1, 2]})
    shown = protect(frame, RULES, ("programme",), 5, summed_over=(), nested_in=("modality",))
    assert states(shown, "completed") == [SMALL, SECRET, SMALL, SMALL]


def test_a_ratio_without_its_counts_or_a_total_without_a_part_is_refused():
    with pytest.raises(ProtectionError, match="coverage is built on supply, demand: select them too"):
        protect(pl.DataFrame({"demand": [4], "coverage": [0.5]}), RULES, (), 5)
    with pytest.raises(ProtectionError, match="the missing withdrawn is the difference of the others"):
        protect(pl.DataFrame({"enrolled": [30], "in_progress": [10], "completed": [18]}), RULES, (), 5)
    assert protect(pl.DataFrame({"enrolled": [30], "completed": [18]}), RULES, (), 5).height == 1


def test_a_mean_follows_the_count_of_its_own_mart():
    frame = pl.DataFrame({"withdrawn": [2], "mean_score": [71.5]})
    assert protect(frame, RULES, (), 5)["mean_score__protected"].to_list() == [SECRET]


# --- every learner count of every mart -----------------------------------------------------------

@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    """One of everything, so every mart has rows and every count is 1 (below the threshold)."""
    return make_warehouse_file(
        tmp_path_factory.mktemp("small"),
        enrolments=[{"learner_id": "L1", "programme_code": "P-USP-TECH", "region_code": "11",
                     "start_date": "2024-01-08", "end_date": "2024-06-28", "status": "completed", "certified": True}],
        assessments=[{"learner_id": "L1", "skill_code": "GMP", "assessed_on": "2024-06-01", "score": 80}],
        placements=[{"learner_id": "L1", "hired_on": "2024-08-01"}],
        hiring=[{"month": "2024-06-01", "openings": 30, "hires": 20, "jobs_created": 10}],
        bmo=[{}],
    )


def mart_models():
    return sorted(path for path in (MODELS_DIR / "marts").glob("mart_*.sql"))


@pytest.mark.parametrize("model", mart_models(), ids=lambda path: path.stem)
def test_every_learner_count_of_every_mart_is_withheld_for_steering(small_warehouse, monkeypatch, model):
    monkeypatch.setenv("WORKFORCE_DB", str(small_warehouse))
    key = grain_key(model) or ()
    truth = ask(analyst(), f"select * from {model.stem}", by=key)
    shown = ask(steering(), f"select * from {model.stem}", by=key)
    from dashboard.door import rules

    tagged = [name for name in truth.columns if rules().protectable(name)]
    if _counts_people(model.stem):
        assert truth.height and tagged, f"{model.stem} should have rows here and tagged counts"
    for name in tagged:
        for true_value, value, reason in zip(truth[name], shown[name], shown[companion(name)]):
            if name in rules().counts and true_value is not None and true_value < 5:
                assert value is None and reason == SMALL, f"{model.stem}.{name} = {true_value} reached steering"
            if reason:
                assert value is None


def test_the_counts_of_people_in_the_marts_are_all_tagged(small_warehouse, monkeypatch):
    """An integer column of a mart whose comment speaks of learners, enrolments, graduates or assessments
    is a count of people: it must carry a protection tag, or the door would let it through."""
    monkeypatch.setenv("WORKFORCE_DB", str(small_warehouse))
    columns = ask(analyst(), """
        select table_name, column_name, data_type, comment from duckdb_columns()
        where table_name like 'mart_%' and data_type in ('BIGINT', 'INTEGER', 'HUGEINT')
    """)
    people = ("learner", "enrolment", "graduate", "assessment")
    untagged = [f"{row['table_name']}.{row['column_name']}" for row in columns.to_dicts()
                if any(word in (row["comment"] or "").lower() for word in people)
                and "[" not in (row["comment"] or "") and row["column_name"] not in _NOT_PEOPLE]
    assert untagged == []


def _counts_people(table: str) -> bool:
    return table in {"mart_talent_gap", "mart_skill_gap", "mart_skill_by_method", "mart_blocking_skills",
                     "mart_training_funnel", "mart_training_pathway"}


# Integer columns whose comment mentions people without counting them (a level, a year, a rank).
_NOT_PEOPLE = {"required_level", "year", "cohort_year", "months_reported", "rank"}


def test_grid_rows_write_dates_as_the_iso_text_of_their_json():
    from datetime import date, datetime

    from dashboard.privacy import grid_rows

    frame = pl.DataFrame({"loaded_at": [datetime(2026, 3, 2, 9, 5, 7), None],
                          "month": [date(2026, 3, 1), date(2026, 4, 1)], "rows": [12, 3]})
    assert grid_rows(frame, "fr") == [{"loaded_at": "2026-03-02T09:05:07", "month": "2026-03-01", "rows": 12},
                                      {"loaded_at": None, "month": "2026-04-01", "rows": 3}]
