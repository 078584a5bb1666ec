"""The overview's queries and its goal chart on a hand-computed warehouse.

Hiring: 10 jobs created in 2021-01, nothing reported in 2021-02, 20 in 2021-03, so at as_of_month
2021-03 the cumulative is 30, the run rate 30 / 3 = 10 a month (fewer than 12 months available),
117 months remain to 2030-12: projected 30 + 10 x 117 = 1,200, required (10,000 - 30) / 117.
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.figures.goal import goal_curve
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
