"""The /market questions and figures on the hand-computed warehouse of test_bmo (BMO 2025 cells of E1Z46,
E2Z70, G1Z70 and an unmapped métier in regions 84 and 11; QC and USP openings in 84): sums of shares over
the selection, the difficulty rate of the sums, employers' openings read once, masked counts in words, and
the mapped codes /quality lists."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters
from dashboard.figures import market as market_figures
from dashboard.queries import market, quality
from tests.contexts import analyst, steering
from tests.unit.test_bmo import BMO_2025, HIRING_2025
from tests.warehouse_factory import make_warehouse_file


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    return make_warehouse_file(tmp_path_factory.mktemp("market"), bmo=BMO_2025, hiring=HIRING_2025)


@pytest.fixture(autouse=True)
def warehouse(warehouse_file, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB", str(warehouse_file))


def test_the_summary_adds_the_shares_and_reads_the_openings_once():
    [row] = market.summary(analyst()).to_dicts()
    # projects: QC 84 70 + QC 11 10 + production 10 + quality 10 + MAINT 25 + AUTO 25 = 150 (J1Z40 unmapped)
    # rated: 40 + 10 + 10 + 10 + 25 + 25 = 120 projects, 10 + 5 + 6 + 6 + 22.5 + 22.5 = 72 difficult: 0.6
    assert (row["year"], row["met"], row["rated_met"], row["rated_xmet"]) == (2025, 150.0, 120.0, 72.0)
    assert row["difficulty_rate"] == pytest.approx(0.6)
    assert (row["cells"], row["masked_met_cells"], row["masked_xmet_cells"]) == (8, 1, 2)
    # 2025 openings: QC 7 + 5 + 0, USP 8 (2024's 100 is another year); counted once, not per family
    assert (row["reported_openings"], row["reported_openings_provisional"]) == (20, False)


def test_a_trade_filter_keeps_its_trade_rows_and_leaves_the_families_out():
    rows = market.by_target(analyst(Filters(trades=("QC",)))).to_dicts()
    assert [(row["target_label"], row["met"], row["difficulty_rate"], row["reported_openings"]) for row in rows] == [
        ("Technicien·ne de contrôle qualité", 80.0, 15 / 50, 12)]
    everything = market.by_target(analyst(lang="en"))
    assert everything.filter(everything["target_level"] == "family")["target_label"].to_list() == [
        "Family: production (all its trades)", "Family: quality (all its trades)"]
    assert everything["bmo_codes"].to_list()[:1] == ["E1Z46"]  # QC: the most projects first


def test_by_region_lists_every_region_and_the_openings_of_each():
    regions = {row["region_code"]: row for row in market.by_region(analyst()).to_dicts()}
    assert len(regions) == 18
    assert (regions["84"]["met"], regions["84"]["reported_openings"]) == (140.0, 20)
    assert (regions["11"]["met"], regions["11"]["difficulty_rate"], regions["11"]["reported_openings"]) == (
        10.0, 0.5, None)
    assert regions["94"]["met"] is None and regions["94"]["cells"] is None


def test_nothing_to_show_outside_the_survey_years():
    assert market.shown_year(analyst(Filters(quarter_from=None, quarter_to=None, regions=("03",)))) is None
    assert market.summary(analyst(Filters(regions=("03",)))).is_empty()
    assert market_figures.summary_items(market.summary(analyst(Filters(regions=("03",)))), "fr") == []
    assert market_figures.year_sentences(None, [], False, "fr")[0].startswith("Aucune enquête BMO")


def test_a_count_whose_cells_were_all_masked_reads_masked():
    assert market_figures.masked_or(None, 1, "fr") == "masqué"
    assert market_figures.masked_or(None, 0, "en") == "–"
    assert market_figures.masked_or(0.25, 2, "fr", "pct") == "25,0\u202f%"
    [maint] = market.by_target(steering(Filters(trades=("MAINT",)))).to_dicts()
    assert "Projets saisonniers\u00a0: masqué" in market_figures.market_hover(maint, "fr")


def test_the_year_shown_is_said_with_its_provisional_openings_and_the_other_years():
    assert market_figures.year_sentences(2026, [2025, 2026], True, "en") == [
        "Year shown: BMO survey 2026, the hiring projects for 2026, against the openings the sector's employers "
        "reported in 2026.",
        "The 2026 returns are not complete: its openings are provisional.",
        "Other surveys loaded: 2025. Pick the period in the filter bar to show one."]


def test_figures_draw_projects_beside_openings_and_the_masked_regions_in_words():
    ctx = analyst()
    bars = market_figures.by_target_bars(market.by_target(ctx), None, "fr")
    assert [trace.name for trace in bars.data] == ["Projets de recrutement (BMO)", "Postes ouverts déclarés"]
    assert list(bars.data[0].x)[:1] == [80.0]
    regions = market_figures.by_region_bars(market.by_region(analyst(Filters(trades=("QC",), regions=("84",)))),
                                            None, "fr")
    assert list(regions.data[0].text) == ["25,0\u202f%"]
    trend = market_figures.trend_chart(market.trend(ctx), None, "en")
    assert [trace.name for trace in trend.data] == ["Hiring projects (BMO)", "Reported openings", "Difficulty rate"]


def test_quality_lists_the_mapped_codes_the_survey_lacks():
    missing = quality.bmo_missing_codes(steering())
    assert missing.select("year", "bmo_code").rows() == [
        (2025, "E1Z40"), (2025, "E1Z41"), (2025, "E2Z80"), (2025, "H0Z90"), (2025, "H0Z92")]
