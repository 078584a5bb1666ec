"""The statistical forecast of jobs created: its band's calibration, short, flat and zero histories,
provisional months, the probability of reaching the target, the backtest, and the tables the build writes."""

from __future__ import annotations

import time
from datetime import date

import duckdb
import numpy as np
import pytest

from tests.warehouse_factory import make_warehouse
from warehouse.forecast import (
    BACKTEST, BACKTEST_PATH, BAND, STATUS_OK, STATUS_TOO_SHORT, STATUS_WINDOW_OVER, SUMMARY, TABLES, Backtest,
    GoalHistory, add_months, backtest, forecast, forecast_frames, write_forecast_tables,
)

START = date(2021, 1, 1)
END = date(2030, 12, 1)


def history(values, provisional=(), start=START) -> GoalHistory:
    months = tuple(add_months(start, k) for k in range(len(values)))
    return GoalHistory(months, tuple(values), tuple(np.cumsum(values)), tuple(provisional))


def band_coverage(generate, months_known: int, horizon: int, origins: int) -> np.ndarray:
    """Share of simulated origins whose realised cumulative lay within p10-p90, for each month ahead."""
    hits = np.zeros(horizon)
    for origin in range(origins):
        series = generate(np.random.default_rng(origin), months_known + horizon)
        known = history(series[:months_known])
        made = forecast(known, end_month=add_months(known.months[-1], horizon), target_jobs=1e9)
        realised = np.cumsum(series)[months_known:]
        hits += (made.cumulative[0] <= realised) & (realised <= made.cumulative[2])
    return hits / origins


# --- The band's calibration -----------------------------------------------------------------

def test_band_covers_about_80_percent_of_outcomes_on_a_constant_rate_with_gaussian_noise():
    coverage = band_coverage(lambda rng, n: 50 + rng.normal(0, 5, n), months_known=60, horizon=12, origins=200)
    assert 0.75 <= coverage.mean() <= 0.90, coverage
    assert np.all((coverage >= 0.70) & (coverage <= 0.93)), coverage


def test_band_widens_when_the_pace_itself_drifts():
    # A random-walk pace (steps of sd 1 a month) under noise of sd 5: a model that took the pace as
    # fixed would cover about half the outcomes a year ahead.
    coverage = band_coverage(lambda rng, n: 50 + np.cumsum(rng.normal(0, 1, n)) + rng.normal(0, 5, n),
                             months_known=60, horizon=12, origins=150)
    assert 0.65 <= coverage[-1] <= 0.92, coverage


def test_the_median_follows_a_constant_rate():
    rng = np.random.default_rng(7)
    series = 50 + rng.normal(0, 5, 60)  # January 2021 to December 2025
    made = forecast(history(series), end_month=date(2026, 12, 1), target_jobs=1e9)
    assert made.status == STATUS_OK
    assert made.months == tuple(add_months(date(2026, 1, 1), k) for k in range(12))
    assert made.jobs_created_cumulative == pytest.approx(series.sum())
    assert made.monthly[1] == pytest.approx(np.full(12, 50), abs=3)
    # 12 more months at 50: 600 more, give or take the level's error (5 / sqrt(60) x 12, about 8).
    assert made.cumulative[1, -1] - series.sum() == pytest.approx(600, abs=25)


# --- Short, flat, zero histories ------------------------------------------------------------

def test_a_flat_history_gives_a_narrow_band_around_its_rate():
    made = forecast(history([50] * 24), end_month=date(2023, 12, 1), target_jobs=1e9)
    assert made.months[0] == date(2023, 1, 1) and made.months[-1] == date(2023, 12, 1)
    assert made.fit.level_per_month == pytest.approx(50, abs=0.01)
    assert made.fit.trend_per_month == pytest.approx(0, abs=0.01)
    # 1,200 known, 12 x 50 to come: the band stays within 2 % of 1,800.
    assert made.cumulative[1, -1] == pytest.approx(1800, rel=0.005)
    assert 1800 * 0.98 <= made.cumulative[0, -1] <= made.cumulative[2, -1] <= 1800 * 1.02


def test_a_history_shorter_than_a_year_still_gives_an_ordered_band():
    made = forecast(history([10, 12, 9, 11, 10]), end_month=END, target_jobs=10_000)
    assert made.status == STATUS_OK
    assert made.months[0] == date(2021, 6, 1) and made.months[-1] == END and len(made.months) == 115
    assert not made.fit.seasonal
    assert np.all(made.cumulative[0] <= made.cumulative[1]) and np.all(made.cumulative[1] <= made.cumulative[2])
    assert np.all(np.diff(made.cumulative, axis=1) >= 0), "a cumulative path never goes down"
    assert made.cumulative[0, 0] >= 52  # the 52 jobs already created
    assert made.probability_reaching_target == 0.0


def test_fewer_than_three_months_is_too_short_to_forecast():
    made = forecast(history([10, 12]), end_month=END, target_jobs=10_000)
    assert made.status == STATUS_TOO_SHORT
    assert made.months == () and made.probability_reaching_target is None and made.fit is None
    assert made.origin_month == date(2021, 2, 1) and made.jobs_created_cumulative == 22


def test_zeros_give_no_negative_month_and_no_chance_of_the_target():
    made = forecast(history([0] * 12), end_month=END, target_jobs=10_000)
    assert made.status == STATUS_OK
    assert np.all(np.isfinite(made.cumulative)) and np.all(made.monthly >= 0)
    assert made.cumulative[2, -1] < 200
    assert made.probability_reaching_target == 0.0


def test_a_start_from_zero_forecasts_the_recent_pace():
    made = forecast(history([0] * 6 + [20] * 12), end_month=date(2022, 12, 1), target_jobs=1e9)
    assert np.all(made.monthly >= 0)
    assert 15 <= made.monthly[1, 0] <= 25


def test_same_history_same_forecast():
    series = 40 + np.random.default_rng(3).poisson(10, 40)
    first = forecast(history(series), end_month=END, target_jobs=10_000)
    second = forecast(history(series), end_month=END, target_jobs=10_000)
    np.testing.assert_array_equal(first.cumulative, second.cumulative)
    assert first.probability_reaching_target == second.probability_reaching_target


def test_seasonality_is_used_only_when_the_history_shows_it():
    rng = np.random.default_rng(11)
    months = np.arange(60)
    seasonal = forecast(history(50 + 15 * np.sin(2 * np.pi * months / 12) + rng.normal(0, 3, 60)),
                        end_month=END, target_jobs=10_000)
    plain = forecast(history(50 + rng.normal(0, 3, 60)), end_month=END, target_jobs=10_000)
    assert seasonal.fit.seasonal and not plain.fit.seasonal
    # The peak month (sin = 1: April, the fourth month) stays above the trough (October).
    april, october = seasonal.months.index(date(2026, 4, 1)), seasonal.months.index(date(2026, 10, 1))
    assert seasonal.monthly[1, april] - seasonal.monthly[1, october] > 20


# --- The probability of reaching the target -------------------------------------------------

def test_probability_is_about_zero_far_behind_and_about_one_far_ahead():
    rng = np.random.default_rng(5)
    behind = forecast(history(20 + rng.normal(0, 4, 60)), end_month=END, target_jobs=10_000)
    ahead = forecast(history(150 + rng.normal(0, 10, 60)), end_month=END, target_jobs=10_000)
    # Behind: about 1,200 + 48 x 20 = 2,160 by 2030. Ahead: about 9,000 + 48 x 150 = 16,200.
    assert behind.probability_reaching_target <= 0.001
    assert ahead.probability_reaching_target >= 0.999
    assert ahead.jobs_created_cumulative < 10_000, "ahead, yet the target is not reached yet"


def test_probability_is_in_between_on_course_for_the_target():
    # 83.3 a month is exactly the goal's pace: 5,000 in the first 60 months, and the 5,000 still needed
    # are what the same pace gives in the 60 months left: about an even chance. The deviations repeat
    # every 5 months and sum to 0 (a period that monthly seasonality cannot absorb).
    pace = 10_000 / 120
    made = forecast(history([pace + deviation for deviation in (-8, 4, 10, -2, -4)] * 12), end_month=END,
                    target_jobs=10_000)
    assert made.jobs_created_cumulative == pytest.approx(5_000)
    assert not made.fit.seasonal
    assert 0.35 <= made.probability_reaching_target <= 0.65


def test_once_the_window_is_over_the_probability_is_what_happened():
    reached = forecast(history([100] * 121), end_month=END, target_jobs=10_000)  # 2021-01 to 2031-01
    missed = forecast(history([50] * 121), end_month=END, target_jobs=10_000)
    assert reached.status == missed.status == STATUS_WINDOW_OVER
    assert reached.months == () and reached.probability_reaching_target == 1.0  # 12,000 by 2030-12
    assert missed.probability_reaching_target == 0.0  # 6,000 by 2030-12


# --- Provisional months ---------------------------------------------------------------------

def test_a_provisional_last_month_is_left_out_of_the_fit_and_forecast_above_what_it_reports():
    complete = list(80 + np.random.default_rng(2).normal(0, 6, 30))
    with_provisional = forecast(history(complete + [12], provisional=[False] * 30 + [True]),
                                end_month=END, target_jobs=10_000)
    without = forecast(history(complete), end_month=END, target_jobs=10_000)
    assert with_provisional.origin_month == date(2023, 6, 1) == without.origin_month
    assert with_provisional.as_of_month == date(2023, 7, 1)
    assert (with_provisional.months_fitted, with_provisional.provisional_months) == (30, 1)
    assert with_provisional.fit == without.fit, "the 12 jobs reported so far do not bend the fit"
    assert with_provisional.months[0] == date(2023, 7, 1)
    assert with_provisional.monthly[0, 0] >= 12
    np.testing.assert_allclose(with_provisional.cumulative, without.cumulative)


def test_a_provisional_month_reporting_more_than_forecast_keeps_what_it_reports():
    made = forecast(history([10] * 12 + [500], provisional=[False] * 12 + [True]), end_month=END, target_jobs=1e9)
    assert made.monthly[0, 0] == 500 and made.monthly[1, 1] == pytest.approx(10, abs=1)


# --- The backtest ---------------------------------------------------------------------------

def test_backtest_errors_by_hand():
    test = Backtest(months_back=2, origin_month=date(2024, 12, 1), months_fitted=48,
                    months=(date(2025, 1, 1), date(2025, 2, 1)), actual_cumulative=np.array([100.0, 110.0]),
                    cumulative=np.array([[90.0, 100.0], [100.0, 120.0], [110.0, 130.0]]), actual_since_origin=20.0)
    assert test.within_band.tolist() == [True, True]
    assert test.error_at_end == 10.0
    assert test.mean_abs_error == 5.0  # (0 + 10) / 2
    assert test.mean_abs_pct_error == pytest.approx((0 + 10 / 110) / 2)


def test_backtest_forecasts_from_the_months_known_then():
    series = list(60 + np.random.default_rng(4).normal(0, 5, 40))
    full = history(series + [3], provisional=[False] * 40 + [True])
    made = backtest(full, 12, target_jobs=10_000)
    assert made.origin_month == date(2023, 4, 1) and made.months_fitted == 28
    assert made.months[0] == date(2023, 5, 1) and made.months[-1] == date(2024, 4, 1)  # the last complete month
    np.testing.assert_allclose(made.actual_cumulative, np.cumsum(series)[28:40])
    assert made.actual_since_origin == pytest.approx(sum(series[28:40]))
    # What it says is what forecast() says on the first 28 months: nothing later leaked in.
    then = forecast(history(series[:28]), end_month=date(2024, 4, 1), target_jobs=10_000)
    np.testing.assert_array_equal(made.cumulative, then.cumulative)
    assert backtest(full, 38, target_jobs=10_000) is None  # 2 months known then: too short


# --- Bad input ------------------------------------------------------------------------------

def test_a_gap_between_months_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="2021-03 comes after 2021-01.*with 0 when nothing was reported"):
        GoalHistory((date(2021, 1, 1), date(2021, 3, 1)), (1, 2), (1, 3))


def test_negative_jobs_and_uneven_columns_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        history([3, -1, 2])
    with pytest.raises(ValueError, match="one value per month"):
        GoalHistory((date(2021, 1, 1),), (1, 2), (1, 3))


# --- The tables -----------------------------------------------------------------------------

def hiring_rows(monthly_jobs, start=START):
    return [{"month": add_months(start, k), "hires": jobs, "jobs_created": jobs} for k, jobs in enumerate(monthly_jobs)]


@pytest.fixture
def built():
    con = duckdb.connect()
    jobs = [int(value) for value in 70 + np.random.default_rng(1).poisson(10, 30)]  # 2021-01 to 2023-06
    make_warehouse(con, hiring=hiring_rows(jobs))
    yield con, jobs
    con.close()


def test_a_build_writes_the_four_tables(built):
    con, jobs = built
    band = con.sql(f"select * from {BAND.name} order by month").pl()
    assert band["month"][0] == date(2023, 7, 1) and band["month"][-1] == END and band.height == 90
    assert band["months_ahead"].to_list() == list(range(1, 91))
    [summary] = con.sql(f"select * from {SUMMARY.name}").pl().to_dicts()
    assert summary["forecast_status"] == "ok"
    assert (summary["as_of_month"], summary["origin_month"]) == (date(2023, 6, 1), date(2023, 6, 1))
    assert summary["jobs_created_cumulative"] == sum(jobs)
    assert (summary["target_jobs"], summary["end_month"]) == (10_000, END)
    assert summary["jobs_created_cumulative_p50_at_end"] == band["jobs_created_cumulative_p50"][-1]
    assert 0 <= summary["probability_reaching_target"] <= 1
    assert summary["method"].startswith("damped local linear trend") and '"seed"' in summary["parameters"]
    backtests = con.sql(f"select * from {BACKTEST.name} order by backtest_months").pl()
    assert backtests["backtest_months"].to_list() == [12, 24]
    assert backtests["origin_month"].to_list() == [date(2022, 6, 1), date(2021, 6, 1)]
    assert backtests["actual_cumulative_at_end"].to_list() == [sum(jobs)] * 2
    assert backtests["actual_since_origin"].to_list() == [sum(jobs[18:]), sum(jobs[6:])]
    path = con.sql(f"select * from {BACKTEST_PATH.name}").pl()
    assert path.height == 12 + 24


def test_the_tables_grain_is_unique(built):
    con, _ = built
    for table, key in ((BAND, "month"), (SUMMARY, "1"), (BACKTEST, "backtest_months"),
                       (BACKTEST_PATH, "backtest_months, month")):
        [(rows, keys)] = con.sql(f"select count(*), count(distinct ({key})) from {table.name}").fetchall()
        assert rows == keys and rows > 0, table.name


def test_the_official_linear_projection_is_untouched(built):
    con, jobs = built
    [(run_rate, projected)] = con.sql("select run_rate_12m, projected_at_end from mart_goal_forecast").fetchall()
    assert run_rate == pytest.approx(sum(jobs[18:]) / 12)
    assert projected == pytest.approx(sum(jobs) + run_rate * 90)


def test_an_empty_warehouse_has_empty_forecast_tables():
    with duckdb.connect() as con:
        make_warehouse(con)
        for table in TABLES:
            assert con.sql(f"select count(*) from {table.name}").fetchall() == [(0,)], table.name


def test_a_history_too_short_still_says_so_in_the_summary():
    with duckdb.connect() as con:
        make_warehouse(con, hiring=hiring_rows([5, 7]))
        assert con.sql(f"select forecast_status, probability_reaching_target from {SUMMARY.name}").fetchall() == [
            ("too_short", None)]
        assert con.sql(f"select count(*) from {BAND.name}").fetchall() == [(0,)]


def test_the_provisional_flag_of_mart_goal_progress_is_honoured(built):
    con, _ = built
    con.execute("update mart_goal_progress set is_provisional = month = date '2023-06-01'")
    write_forecast_tables(con)
    [(origin, as_of, provisional)] = con.sql(
        f"select origin_month, as_of_month, provisional_months from {SUMMARY.name}").fetchall()
    assert (origin, as_of, provisional) == (date(2023, 5, 1), date(2023, 6, 1), 1)
    first = con.sql(f"select month, is_provisional from {BAND.name} order by month limit 2").fetchall()
    assert first == [(date(2023, 6, 1), True), (date(2023, 7, 1), False)]


def test_the_forecast_step_is_fast_on_six_years_of_history():
    jobs = list(np.random.default_rng(0).poisson(85, 72).astype(float))
    started = time.perf_counter()
    frames = forecast_frames(history(jobs), target_jobs=10_000, end_month=END)
    assert time.perf_counter() - started < 1.0
    assert frames[BAND.name].height == 48
