"""The /gaps and /skills figures on hand-made frames: traces, titles (unit, as_of), the empty case,
the language's separators and learner counts masked in hovers."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from dashboard.figures import gaps as gaps_figures
from dashboard.figures import skills as skills_figures
from dashboard.i18n import NBSP, NNBSP

AS_OF = date(2026, 11, 30)
NO_DATA_FR = "Aucune donnée pour ces filtres"


def measures(demand, graduates, supply, coverage=None, job_ready_rate=None) -> dict:
    gap = None if demand is None else demand - supply
    return {"demand": demand, "graduates": graduates, "supply": supply, "gap": gap, "coverage": coverage,
            "job_ready_rate": job_ready_rate}


BY_TRADE = pl.DataFrame([
    {"trade_code": "QC", "trade_label": "Technicien·ne de contrôle qualité", **measures(12345, 300, 200, 0.0162)},
    {"trade_code": "SUP", "trade_label": "Chef·fe d'équipe de production", **measures(40, 3, 2, 0.05)},
])

REGIONS = pl.DataFrame([
    {"region_code": "11", "region_name": "Île-de-France", "iso_code": "FR-IDF", "tile_col": 2, "tile_row": 1,
     **measures(900, 100, 60, 60 / 900)},
    {"region_code": "84", "region_name": "Auvergne-Rhône-Alpes", "iso_code": "FR-ARA", "tile_col": 2,
     "tile_row": 3, **measures(10, 30, 20, 2.0)},
    {"region_code": "94", "region_name": "Corse", "iso_code": "FR-20R", "tile_col": 3, "tile_row": 5,
     **measures(None, None, None)},
], schema_overrides={"demand": pl.Int64, "graduates": pl.Int64, "supply": pl.Int64, "gap": pl.Int64,
                     "coverage": pl.Float64, "job_ready_rate": pl.Float64})

PAIRS = pl.DataFrame([
    {"trade_label": "QC", "region_name": "Île-de-France", **measures(500, 40, 20)},
    {"trade_label": "QC", "region_name": "Bretagne", **measures(100, 10, 5)},
    {"trade_label": "USP", "region_name": "Île-de-France", **measures(10, 30, 25)},
])

TREND = pl.DataFrame({
    "quarter_start": [date(2024, 1, 1), date(2024, 4, 1)],
    "demand": [1500, 1600], "graduates": [4, 120], "supply": [3, 80], "gap": [1497, 1520],
    "coverage": [0.002, 0.05], "job_ready_rate": [0.75, 0.66],
})


def title(fig) -> str:
    return fig.layout.title.text


def is_empty_figure(fig, words: str = NO_DATA_FR) -> bool:
    return len(fig.data) == 0 and any(words in annotation.text for annotation in fig.layout.annotations)


# --- gaps ---------------------------------------------------------------------------------------

def test_demand_supply_bars_french():
    fig = gaps_figures.demand_supply_bars(BY_TRADE, "trade_label", "Par métier", AS_OF, "fr")
    assert [trace.name for trace in fig.data] == ["Postes ouverts (demande)", "Diplômés prêts à l'emploi (offre)"]
    assert list(fig.data[0].x) == [12345, 40] and list(fig.data[1].x) == [200, 2]
    assert list(fig.data[0].y) == ["Technicien·ne de contrôle qualité", "Chef·fe d'équipe de production"]
    assert "Par métier" in title(fig) and "postes ouverts ou personnes" in title(fig)
    assert "Données au 30 novembre 2026" in title(fig)
    assert fig.layout.separators == f",{NNBSP}"
    hover = fig.data[0].customdata[0]
    assert f"12{NNBSP}345" in hover and f"1,6{NNBSP}%" in hover
    assert f"Diplômés{NBSP}: 300" in hover
    assert f"Diplômés{NBSP}: < 5" in fig.data[0].customdata[1]  # 3 graduates are masked
    assert f"Diplômés prêts à l'emploi (offre){NBSP}: < 5" in fig.data[0].customdata[1]


def test_demand_supply_bars_english_and_rows_without_data_left_out():
    fig = gaps_figures.demand_supply_bars(REGIONS, "region_name", "By region", AS_OF, "en")
    assert fig.layout.separators == ".,"
    assert list(fig.data[0].y) == ["Île-de-France", "Auvergne-Rhône-Alpes"]  # Corse has no data
    assert "Data as of 30 November 2026" in title(fig)
    assert "Coverage (supply / demand): 6.7%" in fig.data[0].customdata[0]


def test_demand_supply_bars_empty():
    fig = gaps_figures.demand_supply_bars(REGIONS.filter(pl.col("demand").is_null()), "region_name", "Par région",
                                          AS_OF, "fr")
    assert is_empty_figure(fig) and "Par région" in title(fig)


def test_gap_heatmap_largest_gap_top_left_blank_where_no_pair():
    fig = gaps_figures.gap_heatmap(PAIRS, AS_OF, "fr")
    heatmap = fig.data[0]
    assert list(heatmap.y) == ["QC", "USP"]
    assert list(heatmap.x) == ["Île-de-France", "Bretagne"]
    assert [list(line) for line in heatmap.z] == [[480, 95], [-15, None]]
    assert heatmap.zmid == 0
    assert heatmap.text[1][1] == "" and heatmap.text[1][0] == "-15"
    assert "Écart entre postes ouverts et diplômés prêts à l'emploi" in title(fig)
    assert is_empty_figure(gaps_figures.gap_heatmap(PAIRS.clear(), AS_OF, "fr"))


def test_gap_tile_map_places_every_region_on_its_tile():
    fig = gaps_figures.gap_tile_map(REGIONS, "gap", AS_OF, "fr")
    background, data = fig.data
    assert len(data.z) == 6 and len(data.z[0]) == 4   # rows 0..5, columns 0..3
    assert data.z[1][2] == 840 and data.z[3][2] == -10 and data.z[5][3] is None
    assert data.text[1][2] == "<b>IDF</b><br>840"
    assert background.text[5][3] == "20R" and background.text[1][2] == ""  # grey tile only where no data
    assert NO_DATA_FR in background.customdata[5][3]
    assert data.zmid == 0
    assert fig.layout.yaxis.scaleanchor == "x"


def test_gap_tile_map_by_coverage_and_its_limits():
    fig = gaps_figures.gap_tile_map(REGIONS, "coverage", AS_OF, "en")
    data = fig.data[1]
    assert (data.zmin, data.zmax) == (0, 2.0)
    no_demand = REGIONS.with_columns(demand=pl.when(pl.col("region_code") == "84").then(0).otherwise("demand"),
                                     coverage=pl.when(pl.col("region_code") == "84").then(None).otherwise("coverage"))
    grey = gaps_figures.gap_tile_map(no_demand, "coverage", AS_OF, "en").data[0]
    assert grey.text[3][2] == "ARA" and "Job-ready graduates (supply): 20" in grey.customdata[3][2]
    assert data.text[1][2] == "<b>IDF</b><br>7%"
    assert "Coverage of demand by region" in title(fig)
    assert is_empty_figure(gaps_figures.gap_tile_map(REGIONS.filter(pl.col("demand").is_null()), "gap", AS_OF,
                                                     "fr"))
    with pytest.raises(ValueError, match="measure must be one of"):
        gaps_figures.gap_tile_map(REGIONS, "supply", AS_OF, "fr")


def test_gap_trend_chart_masks_small_learner_counts_in_hovers():
    fig = gaps_figures.gap_trend_chart(TREND, AS_OF, "en")
    assert [trace.name for trace in fig.data] == ["Openings (demand)", "Graduates", "Job-ready graduates (supply)"]
    assert list(fig.data[2].y) == [3, 80]
    assert fig.data[0].customdata[0] == "Q1 2024 · Openings (demand): 1,500"
    assert fig.data[1].customdata[0] == "Q1 2024 · Graduates: < 5"
    assert fig.data[2].customdata[1] == "Q2 2024 · Job-ready graduates (supply): 80"
    assert "per quarter" in title(fig)
    assert [note.text for note in fig.layout.annotations] == []  # AS_OF is after 2024Q2
    partial = gaps_figures.gap_trend_chart(TREND, date(2024, 5, 31), "fr")
    assert [note.text for note in partial.layout.annotations] == ["trimestre incomplet"]
    assert is_empty_figure(gaps_figures.gap_trend_chart(TREND.clear(), AS_OF, "fr"))


def test_summary_items():
    summary = pl.DataFrame([measures(10000, 4, 3, 0.0003, 0.75)])
    items = {item["key"]: item for item in gaps_figures.summary_items(summary, "fr")}
    assert items["demand"]["value"] == f"10{NNBSP}000"
    assert items["supply"]["value"] == "< 5" and items["supply"]["detail"] == "sur < 5 diplômés"
    assert items["job-ready"]["value"] == f"75,0{NNBSP}%"
    nothing = pl.DataFrame([measures(None, None, None)], schema_overrides={"demand": pl.Int64})
    assert gaps_figures.summary_items(nothing, "en") == []


# --- skills -------------------------------------------------------------------------------------

def skill_row(trade: str, skill: str, required: int, assessed, proficient, mean_level, mean_score) -> dict:
    share = None if not assessed else proficient / assessed
    return {"trade_code": trade, "trade_label": f"Trade {trade}", "skill_code": skill, "skill_label": f"Skill {skill}",
            "domain": "quality", "required_level": required, "assessed_learners": assessed,
            "proficient_learners": proficient, "proficient_share": share, "mean_level": mean_level,
            "mean_score": mean_score, "blocking_learners": 0}


LEVELS = pl.DataFrame([
    skill_row("SUP", "LEAD", 3, 30, 12, 2.4, 55.5),
    skill_row("SUP", "GMP", 3, 3, 3, 3.3, 75.0),
    skill_row("SUP", "RISK", 2, None, None, None, None),
], schema_overrides={"assessed_learners": pl.Int64, "proficient_learners": pl.Int64,
                     "proficient_share": pl.Float64, "mean_level": pl.Float64, "mean_score": pl.Float64})


def test_skill_levels_chart_required_against_reached():
    fig = skills_figures.skill_levels_chart(LEVELS, AS_OF, "fr")
    links, required, reached, share = fig.data
    assert list(required.x) == [3, 3, 2] and list(reached.x) == [2.4, 3.3, None]
    assert list(share.x) == [0.4, 1.0, None] and list(share.text) == [f"40{NNBSP}%", f"100{NNBSP}%", ""]
    assert list(links.x) == [3, 2.4, None, 3, 3.3, None]  # RISK, never assessed, has no link
    assert required.name == "Niveau requis" and reached.name == "Niveau moyen atteint"
    assert "Niveau requis et niveau atteint par compétence<br>Trade SUP" in title(fig)
    assert list(fig.layout.xaxis.ticktext) == ["1<br>notions", "2<br>application", "3<br>maîtrise", "4<br>expertise"]
    assert f"Score moyen (sur 100){NBSP}: 55,5" in reached.customdata[0]
    assert f"Apprenants évalués{NBSP}: < 5" in reached.customdata[1]
    assert f"Apprenants au niveau requis{NBSP}: 12 (40,0{NNBSP}%)" in reached.customdata[0]


def test_skill_levels_chart_empty_when_nobody_was_assessed():
    fig = skills_figures.skill_levels_chart(LEVELS.filter(pl.col("skill_code") == "RISK"), AS_OF, "fr")
    assert is_empty_figure(fig) and "Trade SUP" in title(fig)


def test_proficiency_heatmap_across_trades():
    frame = pl.concat([LEVELS, pl.DataFrame([skill_row("QC", "GMP", 3, 10, 5, 2.9, 61.0)],
                                            schema=LEVELS.schema)])
    fig = skills_figures.proficiency_heatmap(frame, AS_OF, "en")
    heatmap = fig.data[0]
    assert list(heatmap.y) == ["Skill GMP", "Skill LEAD"]   # GMP is required by both trades
    assert list(heatmap.x) == ["Trade QC", "Trade SUP"]
    assert [list(line) for line in heatmap.z] == [[0.5, 1.0], [None, 0.4]]
    assert (heatmap.zmin, heatmap.zmax) == (0, 1)
    assert "Share of learners at the required level" in title(fig)
    assert is_empty_figure(skills_figures.proficiency_heatmap(LEVELS.clear(), AS_OF, "fr"))


BLOCKING = pl.DataFrame([
    {"trade_code": "SUP", "trade_label": "Trade SUP", "skill_code": "LEAD", "skill_label": "Skill LEAD",
     "required_level": 3, "completed_enrolments": 50, "not_job_ready_enrolments": 20, "blocked_enrolments": 12,
     "blocked_below_level": 9, "blocked_never_assessed": 3, "sole_blocker_enrolments": 6, "blocked_share": 0.6},
    {"trade_code": "SUP", "trade_label": "Trade SUP", "skill_code": "GMP", "skill_label": "Skill GMP",
     "required_level": 3, "completed_enrolments": 50, "not_job_ready_enrolments": 20, "blocked_enrolments": 2,
     "blocked_below_level": 2, "blocked_never_assessed": 0, "sole_blocker_enrolments": 0, "blocked_share": 0.1},
])


def test_blocking_chart_stacks_below_level_and_never_assessed():
    fig = skills_figures.blocking_chart(BLOCKING, AS_OF, "en")
    below, never = fig.data
    assert (below.name, never.name) == ("Below the required level", "Never assessed")
    assert list(below.x) == [9, 2] and list(never.x) == [3, 0]
    assert fig.layout.barmode == "stack"
    assert "Not-job-ready graduates short on this skill: 12" in below.customdata[0]
    assert "Never assessed: < 5" in below.customdata[0]
    assert "Share of not-job-ready graduates: 10.0%" in below.customdata[1]
    assert "Skills that keep graduates from being job-ready<br>Trade SUP" in title(fig)
    assert is_empty_figure(skills_figures.blocking_chart(BLOCKING.clear(), AS_OF, "fr"))


def test_blocking_heatmap_by_year_in_order():
    frame = pl.DataFrame({
        "trade_code": ["SUP"] * 3, "trade_label": ["Trade SUP"] * 3, "skill_code": ["LEAD", "LEAD", "GMP"],
        "skill_label": ["Skill LEAD", "Skill LEAD", "Skill GMP"], "breakdown_key": ["2025", "2024", "2024"],
        "breakdown_label": ["2025", "2024", "2024"], "not_job_ready_enrolments": [10, 8, 8],
        "blocked_enrolments": [5, 2, 0], "blocked_share": [0.5, 0.25, 0.0],
    })
    fig = skills_figures.blocking_heatmap(frame, "year", AS_OF, "fr")
    heatmap = fig.data[0]
    assert list(heatmap.x) == ["2024", "2025"] and list(heatmap.y) == ["Skill LEAD", "Skill GMP"]
    assert [list(line) for line in heatmap.z] == [[0.25, 0.5], [0.0, None]]
    assert f"Diplômés non prêts en défaut sur cette compétence{NBSP}: < 5" in heatmap.customdata[0][0]
    assert "par année<br>Trade SUP" in title(fig)
    assert is_empty_figure(skills_figures.blocking_heatmap(frame.clear(), "region", AS_OF, "fr"))


def test_method_heatmap_methods_in_a_fixed_order_with_their_names():
    frame = pl.DataFrame({
        "trade_code": ["SUP"] * 3, "trade_label": ["Trade SUP"] * 3, "skill_code": ["LEAD"] * 3,
        "skill_label": ["Skill LEAD"] * 3, "method": ["vr", "unknown", "practical"], "assessments": [2, 1, 4],
        "proficient_assessments": [1, 0, 4], "proficient_share": [0.5, 0.0, 1.0],
        "mean_score": [55.0, 30.0, 82.5], "mean_level": [2.5, 1.0, 4.0],
    })
    fig = skills_figures.method_heatmap(frame, AS_OF, "en")
    heatmap = fig.data[0]
    assert list(heatmap.x) == ["Practical", "Virtual reality", "Not given"]
    assert list(heatmap.z[0]) == [1.0, 0.5, 0.0]
    assert "Mean score (out of 100): 82.5" in heatmap.customdata[0][0]
    assert is_empty_figure(skills_figures.method_heatmap(frame.clear(), AS_OF, "en"), "No data for these filters")


def test_focus_sentence_says_which_trade_and_why():
    trade = pl.DataFrame({"trade_code": ["AUTO"], "label": ["Automation and MES technician"],
                          "family": ["digital"], "rome_code": ["I1302"]})
    assert skills_figures.focus_sentence(("AUTO",), trade, "en") == "Trade shown: Automation and MES technician."
    assert skills_figures.focus_sentence((), trade, "fr").startswith(
        "Aucun métier choisi : voici le premier de la liste, Automation and MES technician.")
    assert skills_figures.focus_sentence(("AUTO", "QC"), trade, "en").startswith("Several trades selected")


# --- number formats of axes and colour bars ---------------------------------------------------------

def test_count_axes_and_colour_bars_write_every_digit_grouped():
    bars = gaps_figures.demand_supply_bars(BY_TRADE, "trade_label", "Par métier", AS_OF, "fr")
    assert bars.layout.xaxis.tickformat == ",~f"  # "10 000", not plotly's "10k"
    assert gaps_figures.gap_heatmap(PAIRS, AS_OF, "fr").data[0].colorbar.tickformat == ",~f"
    assert gaps_figures.gap_tile_map(REGIONS, "gap", AS_OF, "fr").data[1].colorbar.tickformat == ",~f"
    assert gaps_figures.gap_trend_chart(TREND, AS_OF, "fr").layout.yaxis.tickformat == ",~f"
    assert skills_figures.blocking_chart(BLOCKING, AS_OF, "fr").layout.xaxis.tickformat == ",~f"


def test_the_trend_names_its_quarters_as_the_hovers_do():
    french = gaps_figures.gap_trend_chart(TREND, AS_OF, "fr").layout.xaxis
    assert (french.tickformat, french.dtick, french.tick0) == ("T%q %Y", "M3", date(2024, 1, 1))
    assert gaps_figures.gap_trend_chart(TREND, AS_OF, "en").layout.xaxis.tickformat == "Q%q %Y"
    quarters = [date(2017 + index // 4, 1 + 3 * (index % 4), 1) for index in range(32)]
    eight_years = pl.DataFrame({"quarter_start": quarters,
                                **{name: [10] * 32 for name in ("demand", "graduates", "supply", "gap")}})
    assert gaps_figures.gap_trend_chart(eight_years, AS_OF, "fr").layout.xaxis.dtick == "M12"


def test_percentage_colour_bars_read_as_the_cells_do():
    coverage = gaps_figures.gap_tile_map(REGIONS, "coverage", AS_OF, "fr").data[1].colorbar
    assert coverage.tickformat == ".0%"
    assert coverage.labelalias["80%"] == f"80{NNBSP}%" and coverage.labelalias["200%"] == f"200{NNBSP}%"
    assert "201%" not in coverage.labelalias  # the scale stops at the largest coverage (2.0)
    share = skills_figures.proficiency_heatmap(LEVELS, AS_OF, "fr").data[0].colorbar
    assert share.tickformat == ".0%" and share.labelalias["0%"] == f"0{NNBSP}%" and len(share.labelalias) == 101
    assert skills_figures.skill_levels_chart(LEVELS, AS_OF, "fr").layout.xaxis2.labelalias["40%"] == f"40{NNBSP}%"
    english = skills_figures.method_heatmap(pl.DataFrame({
        "trade_code": ["SUP"], "trade_label": ["Trade SUP"], "skill_code": ["LEAD"], "skill_label": ["Skill LEAD"],
        "method": ["vr"], "assessments": [2], "proficient_assessments": [1], "proficient_share": [0.5],
        "mean_score": [55.0], "mean_level": [2.5]}), AS_OF, "en").data[0].colorbar
    assert english.tickformat == ".0%" and english.labelalias is None  # d3 already writes "80%" as English does


def test_a_blocking_chart_whose_every_bar_is_withheld_says_why():
    withheld = BLOCKING.with_columns(pl.lit(None, dtype=pl.Int64).alias("blocked_below_level"),
                                     pl.lit(None, dtype=pl.Int64).alias("blocked_never_assessed"),
                                     pl.lit("secret").alias("blocked_below_level__protected"),
                                     pl.lit("small").alias("blocked_never_assessed__protected"))
    [note] = skills_figures.blocking_chart(withheld, AS_OF, "fr").layout.annotations
    assert note.text.startswith("Valeurs masquées (secret statistique) : une partie compte moins de 5 apprenants")
    assert not skills_figures.blocking_chart(BLOCKING, AS_OF, "fr").layout.annotations  # bars shown: no words


def test_the_trend_axis_ends_with_the_data():
    fig = gaps_figures.gap_trend_chart(TREND, AS_OF, "en")
    first, last = TREND["quarter_start"].min(), TREND["quarter_start"].max()
    start, end = fig.layout.xaxis.range
    assert str(first - timedelta(days=45)) in str(start) and str(last + timedelta(days=45)) in str(end)
