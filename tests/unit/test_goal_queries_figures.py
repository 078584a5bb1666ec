"""The overview's queries and its goal chart on a hand-computed warehouse.

Hiring: 10 jobs created in 2021-01, nothing reported in 2021-02, 20 in 2021-03, so at as_of_month
2021-03 the cumulative is 30, the run rate 30 / 3 = 10 a month (fewer than 12 months available),
117 months remain to 2030-12: projected 30 + 10 x 117 = 1,200, required (10,000 - 30) / 117.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard.figures.goal import backtest_chart, backtest_rows, fan_chart, forecast_sentence, goal_curve
from dashboard.filters import Filters
from dashboard.queries import goal as goal_queries
from tests.contexts import analyst
from tests.warehouse_factory import make_warehouse_file


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    db_path = make_warehouse_file(
        tmp_path,
        hiring=[
            {"month": "2021-01-01", "trade_code": "USP", "region_code": "11", "openings": 20, "hires": 12,
             "jobs_created": 10},
            {"month": "2021-03-01", "trade_code": "QC", "region_code": "84", "openings": 5, "hires": 20,
             "jobs_created": 20},
        ],
        enrolments=[
            {"learner_id": "L1", "programme_code": "P-USP-TECH", "region_code": "11", "start_date": "2020-09-01",
             "end_date": "2021-02-15", "status": "completed"},
            {"learner_id": "L2", "programme_code": "P-QC-MICRO", "region_code": "84", "start_date": "2021-01-04",
             "status": "enrolled"},
        ],
    )
    monkeypatch.setenv("WORKFORCE_DB", str(db_path))
    return db_path


def test_forecast(warehouse):
    forecast = goal_queries.goal_forecast(analyst())
    assert forecast["as_of_month"] == date(2021, 3, 1)
    assert forecast["jobs_created_cumulative"] == 30
    assert forecast["run_rate_12m"] == pytest.approx(10.0)
    assert forecast["months_remaining"] == 117
    assert forecast["projected_at_end"] == pytest.approx(1200.0)
    assert forecast["required_run_rate"] == pytest.approx(9970 / 117)
    assert forecast["on_track"] is False
    assert forecast["projected_goal_month"] == date(2104, 4, 1)  # 997 months after 2021-03
    assert forecast["share_of_target_path"] == pytest.approx(30 / 250)  # target path at month 3: 10,000 x 3 / 120


def test_goal_path_covers_the_window_with_the_projection_from_as_of(warehouse):
    path = goal_queries.goal_path(analyst())
    assert path.height == 120
    by_month = {row["month"]: row for row in path.to_dicts()}
    assert by_month[date(2021, 2, 1)]["jobs_created_cumulative"] == 10
    assert by_month[date(2021, 2, 1)]["projected_cumulative"] is None
    assert by_month[date(2021, 3, 1)]["projected_cumulative"] == pytest.approx(30.0)
    assert by_month[date(2021, 4, 1)]["jobs_created_cumulative"] is None
    assert by_month[date(2021, 4, 1)]["projected_cumulative"] == pytest.approx(40.0)
    assert by_month[date(2030, 12, 1)]["target_cumulative"] == pytest.approx(10000.0)


def test_largest_shortages_and_the_filter(warehouse):
    shortages = goal_queries.largest_shortages(analyst(Filters()))
    assert shortages.select("trade_code", "region_code", "demand", "supply", "gap").rows() == [
        ("USP", "11", 20, 0, 20), ("QC", "84", 5, 0, 5)]
    assert goal_queries.largest_shortages(analyst(Filters(regions=("84",))))["trade_code"].to_list() == ["QC"]
    assert goal_queries.largest_shortages(analyst(Filters(quarter_from=date(2021, 4, 1)))).is_empty()


def test_training_headline(warehouse):
    assert goal_queries.training_headline(analyst(Filters())) == {
        "enrolled": 2, "graduates": 1, "job_ready_rate": 0.0, "placement_rate_6m": None}
    assert goal_queries.training_headline(analyst(Filters(trades=("QC",))))["enrolled"] == 1
    assert goal_queries.training_headline(analyst(Filters(pathway="apprenticeship")))["enrolled"] is None


def test_goal_curve_draws_three_lines_in_the_language(warehouse):
    figure = goal_curve(goal_queries.goal_path(analyst()), 10000, date(2021, 3, 31), "fr")
    assert [trace.name for trace in figure.data] == ["Trajectoire cible", "Emplois créés (cumul)",
                                                     "Projection au rythme actuel"]
    assert figure.layout.separators == ",\u202f"
    assert "Données au 31 mars 2021" in figure.layout.title.text
    english = goal_curve(goal_queries.goal_path(analyst()), 10000, date(2021, 3, 31), "en")
    assert english.layout.separators == ".," and "Data as of 31 March 2021" in english.layout.title.text


def test_goal_curve_says_so_when_there_is_nothing(warehouse):
    figure = goal_curve(goal_queries.goal_path(analyst()).clear(), 10000, None, "fr")
    assert figure.data == ()
    assert "Aucune donnée pour ces filtres" in figure.layout.annotations[0].text


def test_goal_curve_counts_every_job_and_names_its_months(warehouse):
    figure = goal_curve(goal_queries.goal_path(analyst()), 10000, date(2021, 3, 31), "fr")
    assert figure.layout.yaxis.tickformat == ",~f"  # "10 000", not plotly's "10k"
    assert figure.layout.xaxis.hoverformat == "%B %Y"
    assert figure.data[0].hovertemplate.startswith("%{x|%B %Y}")


# --- The statistical forecast on the overview (warehouse/forecast.py writes the tables) ---------

def test_the_forecast_questions_read_the_forecast_tables(warehouse):
    import duckdb

    summary = goal_queries.forecast_summary(analyst())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        probability, p50_at_end = con.execute("select probability_reaching_target, jobs_created_cumulative_p50_at_end "
                                              "from mart_goal_forecast_summary").fetchone()
        band_rows = con.execute("select count(*) from mart_goal_forecast_band").fetchone()[0]
    # Three months reported (2021-01 to 2021-03): the band runs from 2021-04 to 2030-12, 117 months.
    assert (summary["forecast_status"], summary["origin_month"], summary["months_fitted"]) == ("ok", date(2021, 3, 1), 3)
    assert (summary["probability_reaching_target"], summary["jobs_created_cumulative_p50_at_end"]) == (
        probability, p50_at_end)
    assert summary["simulations"] == 2000 and summary["target_jobs"] == 10000
    band = goal_queries.forecast_band(analyst())
    assert band.height == 120 and band_rows == 117
    before, after = band.filter(band["month"] <= date(2021, 3, 1)), band.filter(band["month"] > date(2021, 3, 1))
    assert before["jobs_created_cumulative_p50"].is_null().all()
    assert after["jobs_created_cumulative_p50"].is_not_null().all()
    assert (after["jobs_created_cumulative_p10"] <= after["jobs_created_cumulative_p50"]).all()
    assert (after["jobs_created_cumulative_p50"] <= after["jobs_created_cumulative_p90"]).all()
    # Three months are too few to look back 12 or 24 months: no backtest yet.
    assert goal_queries.forecast_backtest(analyst()).is_empty()
    assert goal_queries.forecast_backtest_path(analyst()).is_empty()


def summary_row(**changes):
    row = {"forecast_status": "ok", "months_fitted": 70, "end_month": date(2030, 12, 1), "target_jobs": 10000.0,
           "probability_reaching_target": 0.036, "simulations": 2000, "jobs_created_cumulative_p10_at_end": 8284.2,
           "jobs_created_cumulative_p50_at_end": 9070.1, "jobs_created_cumulative_p90_at_end": 9686.4}
    return {**row, **changes}


@pytest.mark.parametrize("probability, french, english", [
    (0.036, "environ 1 chance sur 28 (3,6\u202f%)", "about 1 chance in 28 (3.6%)"),  # 1 / 0.036 = 27.8
    (0.4, "environ 1 chance sur 3 (40,0\u202f%)", "about 1 chance in 3 (40.0%)"),  # 1 / 0.4 = 2.5, rounded up
    (0.7, "environ 7 chances sur 10 (70,0\u202f%)", "about 7 chances in 10 (70.0%)"),
    (0.97, "environ 9 chances sur 10 (97,0\u202f%)", "about 9 chances in 10 (97.0%)"),  # never "10 in 10" below 1
    (0.0, "moins d'une chance sur 2\u202f000 (0,0\u202f%)", "less than 1 chance in 2,000 (0.0%)"),
    (1.0, "quasi-certitude (chacun des 2\u202f000 futurs simulés) (100,0\u202f%)",
     "near certainty (every one of 2,000 simulated futures) (100.0%)"),
])
def test_the_forecast_sentence_says_the_chance_in_words(probability, french, english):
    summary = summary_row(probability_reaching_target=probability)
    assert forecast_sentence(summary, "fr") == (
        f"Prévision statistique : {french} d'atteindre l'objectif de 10\u202f000 emplois d'ici fin 2030 au rythme "
        "actuel ; fin 2030, entre 8\u202f284 et 9\u202f686 emplois dans 8 futurs simulés sur 10 (médiane 9\u202f070).")
    assert forecast_sentence(summary, "en").startswith(f"Statistical forecast: {english} of reaching the 10,000-job goal")


def test_the_forecast_sentence_when_there_is_no_band():
    assert forecast_sentence(None, "en") == "Statistical forecast: no job created has been reported yet."
    assert forecast_sentence(summary_row(forecast_status="too_short", months_fitted=2), "fr") == (
        "Prévision statistique : pas encore assez d'historique (2 mois complets ; il en faut 3).")
    assert forecast_sentence(summary_row(forecast_status="window_over", probability_reaching_target=1.0), "en") == (
        "The goal's window is over: 10,000 jobs were reached by the end of 2030.")


def test_the_fan_chart_joins_the_band_to_the_reported_curve(warehouse):
    band = goal_queries.forecast_band(analyst())
    figure = fan_chart(band, 10000, date(2021, 3, 31), "fr")
    names = [trace.name for trace in figure.data]
    assert names == ["Trajectoire cible", "Fourchette p10–p90 (8 futurs sur 10)", "Fourchette p10–p90 (8 futurs sur 10)",
                     "Prévision médiane (p50)", "Emplois créés (cumul)"]
    high, low, median = figure.data[1], figure.data[2], figure.data[3]
    assert low.fill == "tonexty" and high.showlegend is False
    # Every path of the band starts at the last reported month, at the 30 jobs reported by then.
    assert [trace.x[0] for trace in (high, low, median)] == [date(2021, 3, 1)] * 3
    assert [trace.y[0] for trace in (high, low, median)] == [30.0] * 3
    assert list(median.y[1:]) == band.filter(band["month"] > date(2021, 3, 1))["jobs_created_cumulative_p50"].to_list()
    assert "Prévision statistique" in figure.layout.title.text and figure.layout.yaxis.tickformat == ",~f"
    assert fan_chart(band.with_columns(jobs_created_cumulative_p50=None), 10000, None, "fr").data == ()


BACKTESTS = pl.DataFrame({
    "backtest_months": [12, 24], "origin_month": [date(2025, 10, 1), date(2024, 10, 1)],
    "last_month": [date(2026, 10, 1)] * 2, "actual_cumulative_at_end": [4246.0, 4246.0],
    "jobs_created_cumulative_p10_at_end": [4133.3, 3817.3], "jobs_created_cumulative_p50_at_end": [4233.4, 3988.6],
    "jobs_created_cumulative_p90_at_end": [4329.8, 4203.3], "error_at_end": [-12.6, -257.4],
    "actual_since_origin": [1077.0, 2060.0], "error_share_of_jobs_since_origin": [-0.0117, -0.125],
    "months_within_band": [12, 6], "within_band_at_end": [True, False]})


def test_the_backtest_table_in_words():
    assert backtest_rows(BACKTESTS, "en") == [
        {"made": "12 months before (October 2025)", "judged": "October 2026", "forecast": "4,233 (4,133 to 4,330)",
         "reported": "4,246", "error": "-13 (1.2% of the 1,077 jobs created since)", "band": "yes (12 months of 12)"},
        {"made": "24 months before (October 2024)", "judged": "October 2026", "forecast": "3,989 (3,817 to 4,203)",
         "reported": "4,246", "error": "-257 (12.5% of the 2,060 jobs created since)",
         "band": "no (6 months of 24 within it)"},
    ]


def test_the_backtest_chart_has_a_panel_per_horizon():
    months = [date(2025, 11, 1), date(2025, 12, 1)]
    paths = pl.DataFrame({"backtest_months": [12, 12, 24, 24], "month": months * 2, "actual_cumulative": [1.0, 2.0] * 2,
                          "jobs_created_cumulative_p10": [0.5, 1.0] * 2, "jobs_created_cumulative_p50": [1.0, 2.0] * 2,
                          "jobs_created_cumulative_p90": [1.5, 3.0] * 2})
    figure = backtest_chart(paths, BACKTESTS, date(2026, 10, 31), "en")
    assert [trace.xaxis for trace in figure.data] == ["x"] * 4 + ["x2"] * 4
    assert [annotation.text for annotation in figure.layout.annotations] == [
        "Made 12 months ago (October 2025)", "Made 24 months ago (October 2024)"]
    assert sum(1 for trace in figure.data if trace.showlegend is not False) == 3  # band, median, reported: once
