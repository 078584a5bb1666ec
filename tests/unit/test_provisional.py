"""Honest dates (issue 10): which months are provisional and why, the run rate that leaves them out, the data
date that never lies in the future, and demonstration data that never runs past today.

The factory warehouse of this module, worked out by hand. Every hiring row is one employer's, with one job
created, loaded on 5 September 2025, but August's, loaded on 20 August:

    month     employers  usual (median of the 6 before)  why
    2025-01   5          none (first month)              complete
    2025-02   5          5                               complete
    2025-03   3          5                               3 < 0.8 x 5: thin, but complete months follow
    2025-04   5          5                               complete
    2025-05   5          5                               complete
    2025-06   5          5                               complete: the last complete month
    2025-07   3          5 (5, 5, 3, 5, 5, 5)            fewer than usual: provisional
    2025-08   5          5                               loaded before it ended: provisional
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from pipelines.demo import write_demo, write_public_demo
from tests.warehouse_factory import make_warehouse

LOADED = datetime(2025, 9, 5, 9, 0)
LOADED_IN_AUGUST = datetime(2025, 8, 20, 9, 0)
EMPLOYERS_BY_MONTH = {"2025-01-01": 5, "2025-02-01": 5, "2025-03-01": 3, "2025-04-01": 5, "2025-05-01": 5,
                      "2025-06-01": 5, "2025-07-01": 3, "2025-08-01": 5}
HIRING = [
    {"employer_id": f"E{number}", "month": month, "hires": 1, "jobs_created": 1, "openings": 2,
     "loaded_at": LOADED_IN_AUGUST if month == "2025-08-01" else LOADED}
    for month, employers in EMPLOYERS_BY_MONTH.items() for number in range(employers)
]


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    make_warehouse(connection, hiring=HIRING)
    yield connection
    connection.close()


def test_the_months_after_the_last_complete_one_are_provisional(con):
    assert con.sql("select month, employers_reporting, usual_employers_reporting, loaded_before_month_end, "
                   "fewer_employers_than_usual, is_complete, is_provisional from fact_reporting_month "
                   "order by month").fetchall() == [
        (date(2025, 1, 1), 5, None, False, False, True, False),
        (date(2025, 2, 1), 5, 5.0, False, False, True, False),
        (date(2025, 3, 1), 3, 5.0, False, True, False, False),
        (date(2025, 4, 1), 5, 5.0, False, False, True, False),
        (date(2025, 5, 1), 5, 5.0, False, False, True, False),
        (date(2025, 6, 1), 5, 5.0, False, False, True, False),
        (date(2025, 7, 1), 3, 5.0, False, True, False, True),
        (date(2025, 8, 1), 5, 5.0, True, False, False, True),
    ]


def test_exactly_80_percent_of_the_usual_employers_is_enough():
    rows = [{"employer_id": f"E{number}", "month": month, "loaded_at": LOADED}
            for month, employers in (("2025-01-01", 5), ("2025-02-01", 4)) for number in range(employers)]
    with duckdb.connect() as con:
        make_warehouse(con, hiring=rows)
        assert con.sql("select month, is_provisional from fact_reporting_month order by month").fetchall() == [
            (date(2025, 1, 1), False), (date(2025, 2, 1), False)]


def test_the_marts_carry_the_flag_of_their_month_or_quarter(con):
    assert con.sql("select month, is_provisional from mart_goal_progress where month >= '2025-05-01' "
                   "order by month").fetchall() == [
        (date(2025, 5, 1), False), (date(2025, 6, 1), False), (date(2025, 7, 1), True), (date(2025, 8, 1), True)]
    assert con.sql("select count(*) from mart_goal_progress where is_provisional and month < '2025-07-01'"
                   ).fetchall() == [(0,)]
    assert con.sql("select distinct month, is_provisional from mart_hiring_monthly where month >= '2025-06-01' "
                   "order by month").fetchall() == [
        (date(2025, 6, 1), False), (date(2025, 7, 1), True), (date(2025, 8, 1), True)]
    # a quarter is provisional while its last month is after the last complete month (June)
    assert con.sql("select quarter_start, is_provisional from mart_talent_gap order by quarter_start").fetchall() == [
        (date(2025, 1, 1), False), (date(2025, 4, 1), False), (date(2025, 7, 1), True)]


def test_the_run_rate_is_the_mean_of_the_12_months_ending_at_the_last_complete_month(con):
    [row] = con.sql("select as_of_month, last_complete_month, provisional_months, jobs_created_cumulative, "
                    "run_rate_months, run_rate_12m, months_remaining, projected_at_end "
                    "from mart_goal_forecast").pl().to_dicts()
    # July 2024 to June 2025: 5 + 5 + 3 + 5 + 5 + 5 = 28 jobs over 12 months; July's 3 and August's 5 left out
    # (with them the 12 months to August would give 36 / 12 = 3.0)
    assert row == {"as_of_month": date(2025, 8, 1), "last_complete_month": date(2025, 6, 1), "provisional_months": 2,
                   "jobs_created_cumulative": 36, "run_rate_months": 12,
                   "run_rate_12m": pytest.approx(28 / 12), "months_remaining": 64,
                   "projected_at_end": pytest.approx(36 + 28 / 12 * 64)}


def test_a_provisional_month_stays_out_of_the_run_rate_even_when_it_is_the_only_one_reported():
    # the months from the goal's start to July 2025 reported nothing: zeros (METRICS.md), not provisional
    with duckdb.connect() as con:
        make_warehouse(con, hiring=[{"month": "2025-08-01", "jobs_created": 3, "hires": 3,
                                     "loaded_at": LOADED_IN_AUGUST}])
        assert con.sql("select jobs_created_cumulative, last_complete_month, run_rate_months, run_rate_12m, "
                       "projected_goal_month from mart_goal_forecast").fetchall() == [
            (3, date(2025, 7, 1), 12, 0.0, None)]


def test_the_statistical_forecast_leaves_the_provisional_months_out_of_its_fit(con):
    assert con.sql("select origin_month, provisional_months from mart_goal_forecast_summary").fetchall() == [
        (date(2025, 6, 1), 2)]


def test_as_of_is_the_last_day_with_data_never_after_the_load(con):
    # August, loaded on the 20th, runs to the 20th, not to the 31st
    assert con.sql("select as_of from warehouse_info").fetchall() == [(date(2025, 8, 20),)]


def test_as_of_ignores_the_planned_end_of_an_enrolment_in_progress():
    with duckdb.connect() as con:
        summary = make_warehouse(con, enrolments=[
            {"learner_id": "L1", "start_date": "2025-03-03", "status": "enrolled", "end_date": "2027-06-30"},
            {"learner_id": "L2", "start_date": "2025-01-06", "status": "completed", "end_date": "2025-05-30"}])
        assert summary.as_of == date(2025, 5, 30)


def test_the_demo_never_writes_a_date_after_today(tmp_path):
    import polars as pl

    today = date.today()
    write_demo(tmp_path, scale=0.05)
    write_public_demo(tmp_path, scale=0.05)
    enrolments = pl.read_csv(tmp_path / "enrolments.csv", separator=";", infer_schema=False)
    latest = max(pl.concat([enrolments["date_debut"], enrolments["date_fin"]]).drop_nulls()
                 .str.to_date("%d/%m/%Y").max(),
                 pl.read_csv(tmp_path / "assessments.csv", infer_schema=False)["assessed_on"].str.to_date().max(),
                 pl.read_csv(tmp_path / "placements.csv", infer_schema=False)["hired_on"].str.to_date().max())
    assert latest <= today
    hiring = pl.read_csv((tmp_path / "hiring.csv").read_bytes().decode("cp1252").encode(), separator=";",
                         infer_schema=False)
    assert hiring["Mois"].max() == f"{today:%Y-%m}"  # the current month, marked provisional once loaded
    years = [int(path.stem.split("_")[1]) for path in (tmp_path / "france-travail").glob("bmo_*.csv")]
    assert max(years) <= today.year


def test_the_first_start_shows_a_true_data_date_and_a_provisional_current_month(tmp_path):
    from pipelines.runs import bootstrap_demo

    db_path = tmp_path / "workforce.duckdb"
    bootstrap_demo(db_path, scale=0.05)
    today = date.today()
    with duckdb.connect(str(db_path), read_only=True) as con:
        [(as_of,)] = con.sql("select as_of from warehouse_info").fetchall()
        assert as_of <= today
        assert con.sql("select month, is_provisional from mart_goal_progress order by month desc limit 1"
                       ).fetchall() == [(today.replace(day=1), True)]
        [(last_complete,)] = con.sql("select last_complete_month from mart_goal_forecast").fetchall()
        assert last_complete < today.replace(day=1)
        assert con.sql("select count(distinct year) from mart_public_demand").fetchall() == [(2,)]


# --- the marks on the charts ------------------------------------------------------------------------

def test_the_hiring_charts_shade_name_and_fade_the_provisional_months():
    import polars as pl

    from dashboard.figures import hiring as hiring_figures

    monthly = pl.DataFrame({
        "month": [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)], "openings": [1200, 1100, 300],
        "hires": [400, 380, 90], "jobs_created": [80, 70, 10], "hires_from_campus": [100, 90, 5],
        "campus_share": [0.25, 0.24, 0.06], "open_vacancies": [1500, 1400, 1300],
        "is_provisional": [False, False, True]})
    fig = hiring_figures.flows(monthly, date(2026, 12, 1), "fr")
    # each measure: solid to November, then faded from November into December, its hover saying so
    assert [trace.name for trace in fig.data] == ["Postes ouverts", "Postes ouverts", "Embauches", "Embauches",
                                                  "Emplois créés", "Emplois créés"]
    solid, faded = fig.data[0], fig.data[1]
    assert list(solid.y) == [1200, 1100, None] and list(faded.y) == [None, 1100, 300]
    assert faded.opacity < 1 and faded.showlegend is False and faded.customdata[2].endswith("(provisoire)")
    [band] = fig.layout.shapes
    assert (band.x0, band.x1) == (date(2026, 11, 16), date(2026, 12, 16))
    assert [note.text for note in fig.layout.annotations] == ["provisoire"]
    english = hiring_figures.campus_share(monthly, date(2026, 12, 1), "en")
    assert [note.text for note in english.layout.annotations] == ["provisional"]


def test_the_quarterly_trend_and_the_goal_curve_mark_their_provisional_periods(con):
    from dashboard.figures import gaps as gaps_figures
    from dashboard.figures.goal import goal_curve

    quarters = con.sql("select quarter_start, sum(demand) as demand, sum(graduates) as graduates, "
                       "sum(supply) as supply, bool_or(is_provisional) as is_provisional from mart_talent_gap "
                       "group by quarter_start order by quarter_start").pl()
    trend = gaps_figures.gap_trend_chart(quarters, date(2025, 8, 20), "fr")
    assert [note.text for note in trend.layout.annotations] == ["trimestre incomplet"]
    assert trend.layout.shapes[0].x0 == date(2025, 5, 17)  # 45 days before July, the provisional quarter
    path = con.sql("select mart_goal_path.month, mart_goal_path.target_cumulative, "
                   "mart_goal_path.jobs_created_cumulative, "
                   "mart_goal_path.projected_cumulative, coalesce(is_provisional, false) as is_provisional "
                   "from mart_goal_path "
                   "left join mart_goal_progress using (month) order by month").pl()
    curve = goal_curve(path, 10000, date(2025, 8, 20), "en")
    assert [note.text for note in curve.layout.annotations] == ["provisional"]
    cumulative = [trace for trace in curve.data if trace.name == "Jobs created (cumulative)"]
    assert len(cumulative) == 2 and cumulative[1].opacity < 1
