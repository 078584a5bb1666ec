"""The goal's statistical forecast: monthly jobs created with a prediction band, and its backtest.

Beside the official straight-line projection of ``mart_goal_forecast`` (METRICS.md, unchanged),
this module forecasts jobs created month by month to the goal's end_month and writes, after the
SQL marts, four tables: ``mart_goal_forecast_band`` (p10 / p50 / p90 cumulative paths),
``mart_goal_forecast_summary`` (the probability of reaching the target, the method and its
parameters), ``mart_goal_forecast_backtest`` and ``mart_goal_forecast_backtest_path`` (the
forecast the method would have made 12 and 24 months earlier, against what happened).

The method (docs/forecast.md explains it for the steering committee): a damped local linear trend
state-space model of monthly jobs created (level, trend, monthly noise; the level and the trend may
drift), run through a Kalman filter for every parameter set of a small grid; parameter sets are
weighted by how well they predict the history one month ahead (their likelihood), and 2,000
futures are simulated from the weighted mixture, with a fixed seed. Monthly seasonality is added
when three years of history show one. Everything is numpy: deterministic, a few milliseconds.

Months flagged provisional (incomplete reporting) at the end of the history are left out of the
fit; they are forecast like the months after them, never below what they already report.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace
from datetime import date

import duckdb
import numpy as np
import polars as pl

METHOD = "damped local linear trend, Kalman filter, likelihood-weighted over a parameter grid"
PROVISIONAL_COLUMN = "is_provisional"  # mart_goal_progress's flag of incomplete months, when it has one
STATUS_OK = "ok"
STATUS_TOO_SHORT = "too_short"
STATUS_WINDOW_OVER = "window_over"
_DIFFUSE = 1e6  # prior variance of the first level and trend, in units of the standardised series


@dataclass(frozen=True)
class ForecastSettings:
    """The method's parameters; the summary table records them with each forecast."""

    simulations: int = 2000
    seed: int = 20301231
    quantiles: tuple[float, float, float] = (0.1, 0.5, 0.9)
    min_history_months: int = 3  # two to start the level and trend, one to measure the noise
    seasonal_min_months: int = 36  # three cycles before monthly effects are estimated
    # Drift variances of the level and the trend, as ratios to the monthly noise variance.
    level_drift_ratios: tuple[float, ...] = (0.0, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
    trend_drift_ratios: tuple[float, ...] = (0.0, 1e-4, 1e-3)
    # Share of the trend kept from one month to the next (0.98 at most: no trend runs forever).
    trend_dampings: tuple[float, ...] = (0.8, 0.9, 0.95, 0.98)
    no_trend_prior: float = 0.5  # prior weight of the models without trend, the others sharing the rest
    # Short histories measure the noise badly: its variance is shrunk towards that of counts of
    # independent events (Poisson: variance = mean), with the weight of this many months.
    noise_prior_months: float = 2.0
    backtest_months: tuple[int, ...] = (12, 24)

    def parameters_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@dataclass(frozen=True)
class GoalHistory:
    """Jobs created month by month from the goal's start_month (mart_goal_progress), oldest first."""

    months: tuple[date, ...]
    jobs_created: tuple[float, ...]
    jobs_created_cumulative: tuple[float, ...]
    provisional: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        provisional = self.provisional or (False,) * len(self.months)
        object.__setattr__(self, "provisional", tuple(bool(flag) for flag in provisional))
        lengths = {len(self.months), len(self.jobs_created), len(self.jobs_created_cumulative),
                   len(self.provisional)}
        if len(lengths) != 1:
            raise ValueError("GoalHistory: months, jobs_created, jobs_created_cumulative and provisional "
                             f"must have one value per month each (got lengths {sorted(lengths)}).")
        for previous, month in zip(self.months, self.months[1:]):
            if month != add_months(previous, 1):
                raise ValueError(f"GoalHistory: months must follow each other without a gap; {month:%Y-%m} "
                                 f"comes after {previous:%Y-%m}. Pass every month, with 0 when nothing was "
                                 "reported (as mart_goal_progress does).")
        if any(value < 0 for value in self.jobs_created):
            raise ValueError("GoalHistory: jobs_created cannot be negative.")

    @property
    def complete_months(self) -> int:
        """Months before the trailing run of provisional months (the months the fit sees)."""
        count = len(self.months)
        while count and self.provisional[count - 1]:
            count -= 1
        return count

    def up_to(self, months: int) -> GoalHistory:
        """The first ``months`` months, all complete: what was known at the end of that month."""
        return GoalHistory(self.months[:months], self.jobs_created[:months],
                           self.jobs_created_cumulative[:months], (False,) * months)


@dataclass(frozen=True)
class FitSummary:
    """What the weighted models say about the history's last complete month."""

    seasonal: bool
    level_per_month: float  # expected jobs created in a month at the origin, before seasonality
    trend_per_month: float  # monthly change of that level at the origin
    noise_sd_per_month: float
    trend_probability: float  # weight of the models with a trend, after seeing the history


@dataclass(frozen=True)
class GoalForecast:
    """The forecast made at ``origin_month`` (the last complete month) for every month to end_month."""

    status: str
    as_of_month: date | None
    origin_month: date | None
    months_fitted: int
    provisional_months: int
    jobs_created_cumulative: float | None  # at origin_month
    target_jobs: float
    end_month: date
    months: tuple[date, ...] = ()
    monthly: np.ndarray = field(default_factory=lambda: np.empty((3, 0)))  # p10, p50, p90 jobs created
    cumulative: np.ndarray = field(default_factory=lambda: np.empty((3, 0)))  # p10, p50, p90 cumulative
    probability_reaching_target: float | None = None
    fit: FitSummary | None = None


@dataclass(frozen=True)
class Backtest:
    """The forecast the method would have made ``months_back`` months before the last complete month."""

    months_back: int
    origin_month: date
    months_fitted: int
    months: tuple[date, ...]
    actual_cumulative: np.ndarray
    cumulative: np.ndarray  # p10, p50, p90, one column per month of ``months``
    actual_since_origin: float

    @property
    def within_band(self) -> np.ndarray:
        return (self.cumulative[0] <= self.actual_cumulative) & (self.actual_cumulative <= self.cumulative[2])

    @property
    def error_at_end(self) -> float:
        return float(self.cumulative[1, -1] - self.actual_cumulative[-1])

    @property
    def mean_abs_error(self) -> float:
        return float(np.mean(np.abs(self.cumulative[1] - self.actual_cumulative)))

    @property
    def mean_abs_pct_error(self) -> float | None:
        if np.any(self.actual_cumulative <= 0):
            return None
        return float(np.mean(np.abs(self.cumulative[1] - self.actual_cumulative) / self.actual_cumulative))


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


# --- The model ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Grid:
    level_drift: np.ndarray
    trend_drift: np.ndarray
    damping: np.ndarray
    log_prior: np.ndarray

    @classmethod
    def of(cls, settings: ForecastSettings) -> _Grid:
        trended = [(level, trend, damping) for level in settings.level_drift_ratios
                   for trend in settings.trend_drift_ratios for damping in settings.trend_dampings]
        flat = [(level, 0.0, 0.0) for level in settings.level_drift_ratios]
        level, trend, damping = (np.array(values) for values in zip(*trended, *flat))
        prior = np.concatenate([np.full(len(trended), (1 - settings.no_trend_prior) / len(trended)),
                                np.full(len(flat), settings.no_trend_prior / len(flat))])
        return cls(level, trend, damping, np.log(prior))

    @property
    def has_trend(self) -> np.ndarray:
        return self.damping > 0


@dataclass(frozen=True)
class _Filtered:
    """Every grid model run through the history: log likelihood, noise variance, final state."""

    log_likelihood: np.ndarray  # in the series' own units, so that two series can be compared
    noise_variance: np.ndarray  # maximum-likelihood estimate, standardised units
    state: np.ndarray  # (models, 2): level and trend after the last month, standardised units
    state_covariance: np.ndarray  # (models, 2, 2), in units of the noise variance


def _kalman(standardised: np.ndarray, grid: _Grid, scale: float) -> _Filtered:
    """Filter the series through every grid model at once, noise variance concentrated out."""
    models = grid.damping.size
    transition = np.zeros((models, 2, 2))
    transition[:, 0, 0] = transition[:, 0, 1] = 1.0
    transition[:, 1, 1] = grid.damping
    drift = np.zeros((models, 2, 2))
    drift[:, 0, 0] = grid.level_drift
    drift[:, 1, 1] = grid.trend_drift
    state = np.zeros((models, 2))
    state[:, 0] = standardised[0]
    covariance = np.zeros((models, 2, 2))
    covariance[:, 0, 0] = covariance[:, 1, 1] = _DIFFUSE
    sum_squares = np.zeros(models)
    sum_log_variance = np.zeros(models)
    for month, value in enumerate(standardised):
        if month:
            state = np.einsum("mij,mj->mi", transition, state)
            covariance = transition @ covariance @ transition.transpose(0, 2, 1) + drift
        innovation = value - state[:, 0]
        variance = covariance[:, 0, 0] + 1.0
        gain = covariance[:, :, 0] / variance[:, None]
        state = state + gain * innovation[:, None]
        covariance = covariance - gain[:, :, None] * covariance[:, 0, None, :]
        if month >= 2:  # the first two months only start the level and the trend
            sum_squares += innovation * innovation / variance
            sum_log_variance += np.log(variance)
    innovations = standardised.size - 2
    noise_variance = np.maximum(sum_squares / innovations, 1e-12)
    log_likelihood = -0.5 * (innovations * np.log(noise_variance) + sum_log_variance) - innovations * math.log(scale)
    return _Filtered(log_likelihood, noise_variance, state, covariance)


def _seasonal_effects(jobs: np.ndarray, calendar_months: np.ndarray) -> np.ndarray:
    """Mean deviation of each calendar month from the centred 12-month moving average, summing to 0."""
    weights = np.full(13, 1 / 12)
    weights[0] = weights[-1] = 1 / 24
    deviations = jobs[6:-6] - np.convolve(jobs, weights, mode="valid")
    months = calendar_months[6:-6]
    effects = np.array([deviations[months == calendar].mean() for calendar in range(12)])
    return effects - effects.mean()


def _log_evidence(filtered: _Filtered, grid: _Grid) -> float:
    weighted = filtered.log_likelihood + grid.log_prior
    top = weighted.max()
    return float(top + math.log(np.exp(weighted - top).sum()))


@dataclass(frozen=True)
class _Model:
    grid: _Grid
    filtered: _Filtered
    weights: np.ndarray
    noise_variance: np.ndarray  # shrunk towards the count prior, standardised units
    mean: float
    scale: float
    seasonal_effects: np.ndarray  # by calendar month (0 = January), jobs per month
    last_calendar_month: int

    def summary(self) -> FitSummary:
        level = self.mean + self.scale * float(self.weights @ self.filtered.state[:, 0])
        return FitSummary(
            seasonal=bool(np.any(self.seasonal_effects)),
            level_per_month=level,
            trend_per_month=self.scale * float(self.weights @ self.filtered.state[:, 1]),
            noise_sd_per_month=self.scale * math.sqrt(float(self.weights @ self.noise_variance)),
            trend_probability=float(self.weights[self.grid.has_trend].sum()),
        )


def _fit(jobs: np.ndarray, calendar_months: np.ndarray, settings: ForecastSettings) -> _Model:
    grid = _Grid.of(settings)

    def filtered_for(series: np.ndarray) -> tuple[_Filtered, float, float]:
        mean, scale = float(series.mean()), max(float(series.std()), 1.0)
        return _kalman((series - mean) / scale, grid, scale), mean, scale

    effects = np.zeros(12)
    filtered, mean, scale = filtered_for(jobs)
    if jobs.size >= settings.seasonal_min_months:
        candidate = _seasonal_effects(jobs, calendar_months)
        adjusted, adjusted_mean, adjusted_scale = filtered_for(jobs - candidate[calendar_months])
        # Eleven more parameters must pay for themselves (Bayesian information criterion).
        if _log_evidence(adjusted, grid) - 5.5 * math.log(jobs.size) > _log_evidence(filtered, grid):
            effects, filtered, mean, scale = candidate, adjusted, adjusted_mean, adjusted_scale
    weighted = filtered.log_likelihood + grid.log_prior
    weights = np.exp(weighted - weighted.max())
    weights /= weights.sum()
    innovations = jobs.size - 2
    count_variance = max(float(jobs[-12:].mean()), 1.0) / scale**2
    noise_variance = ((settings.noise_prior_months * count_variance + innovations * filtered.noise_variance)
                      / (settings.noise_prior_months + innovations))
    return _Model(grid, filtered, weights, noise_variance, mean, scale, effects, int(calendar_months[-1]))


def _simulate(model: _Model, horizon: int, floors: np.ndarray, settings: ForecastSettings) -> np.ndarray:
    """Monthly jobs created in each simulated future: (simulations, horizon), never negative."""
    rng = np.random.default_rng(settings.seed)
    sims = settings.simulations
    chosen = rng.choice(model.weights.size, size=sims, p=model.weights)
    noise_variance = model.noise_variance[chosen]
    covariance = noise_variance[:, None, None] * model.filtered.state_covariance[chosen]
    level_sd = np.sqrt(np.maximum(covariance[:, 0, 0], 0.0))
    start_level, start_trend = rng.standard_normal((2, sims))
    level = model.filtered.state[chosen, 0] + level_sd * start_level
    # The trend drawn given the level (a 2 x 2 Cholesky factor, written out for 2,000 matrices).
    along_level = np.divide(covariance[:, 0, 1], level_sd, out=np.zeros(sims), where=level_sd > 0)
    trend_sd = np.sqrt(np.maximum(covariance[:, 1, 1] - along_level**2, 0.0))
    trend = model.filtered.state[chosen, 1] + along_level * start_level + trend_sd * start_trend
    level_drift_sd = np.sqrt(noise_variance * model.grid.level_drift[chosen])
    trend_drift_sd = np.sqrt(noise_variance * model.grid.trend_drift[chosen])
    noise_sd = np.sqrt(noise_variance)
    damping = model.grid.damping[chosen]
    monthly = np.empty((sims, horizon))
    for step in range(horizon):
        level = level + trend + level_drift_sd * rng.standard_normal(sims)
        trend = damping * trend + trend_drift_sd * rng.standard_normal(sims)
        monthly[:, step] = level + noise_sd * rng.standard_normal(sims)
    calendar = (model.last_calendar_month + 1 + np.arange(horizon)) % 12
    jobs = model.mean + model.scale * monthly + model.seasonal_effects[calendar][None, :]
    return np.maximum(jobs, floors[None, :])


def forecast(history: GoalHistory, *, end_month: date, target_jobs: float,
             settings: ForecastSettings = ForecastSettings()) -> GoalForecast:
    """Forecast jobs created from the month after the last complete month to ``end_month``.

    The fit sees the complete months only; trailing provisional months are forecast too, each
    never below the jobs it already reports. Fewer than ``settings.min_history_months`` complete
    months give status ``too_short`` (no band); an origin at or after end_month gives
    ``window_over`` with the probability read from the history itself.
    """
    fitted = history.complete_months
    base = GoalForecast(status=STATUS_OK, as_of_month=history.months[-1] if history.months else None,
                        origin_month=history.months[fitted - 1] if fitted else None, months_fitted=fitted,
                        provisional_months=len(history.months) - fitted,
                        jobs_created_cumulative=float(history.jobs_created_cumulative[fitted - 1]) if fitted else None,
                        target_jobs=float(target_jobs), end_month=end_month)
    if fitted < settings.min_history_months:
        return replace(base, status=STATUS_TOO_SHORT)
    horizon = months_between(base.origin_month, end_month)
    if horizon <= 0:
        at_end = [cumulative for month, cumulative in zip(history.months, history.jobs_created_cumulative)
                  if month <= end_month][-1]
        return replace(base, status=STATUS_WINDOW_OVER, probability_reaching_target=float(at_end >= target_jobs))
    jobs = np.asarray(history.jobs_created[:fitted], dtype=float)
    calendar_months = np.array([month.month - 1 for month in history.months[:fitted]])
    model = _fit(jobs, calendar_months, settings)
    floors = np.zeros(horizon)
    reported = np.asarray(history.jobs_created[fitted:], dtype=float)[:horizon]
    floors[:reported.size] = reported
    monthly = _simulate(model, horizon, floors, settings)
    cumulative = base.jobs_created_cumulative + np.cumsum(monthly, axis=1)
    quantiles = list(settings.quantiles)
    return replace(
        base,
        months=tuple(add_months(base.origin_month, step) for step in range(1, horizon + 1)),
        monthly=np.quantile(monthly, quantiles, axis=0),
        cumulative=np.quantile(cumulative, quantiles, axis=0),
        probability_reaching_target=float(np.mean(cumulative[:, -1] >= target_jobs)),
        fit=model.summary(),
    )


def backtest(history: GoalHistory, months_back: int, *, target_jobs: float,
             settings: ForecastSettings = ForecastSettings()) -> Backtest | None:
    """What ``forecast`` would have said ``months_back`` months before the last complete month,
    beside what happened; None when the history was then too short."""
    complete = history.complete_months
    origin = complete - months_back
    if origin < settings.min_history_months:
        return None
    made = forecast(history.up_to(origin), end_month=history.months[complete - 1], target_jobs=target_jobs,
                    settings=settings)
    actual = np.asarray(history.jobs_created_cumulative[origin:complete], dtype=float)
    return Backtest(months_back=months_back, origin_month=made.origin_month, months_fitted=origin,
                    months=made.months, actual_cumulative=actual, cumulative=made.cumulative,
                    actual_since_origin=float(actual[-1] - history.jobs_created_cumulative[origin - 1]))


# --- The tables -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    name: str
    comment: str
    columns: tuple[tuple[str, str, str], ...]  # name, DuckDB type, comment

    def ddl(self) -> str:
        columns = ",\n    ".join(f"{name} {data_type}" for name, data_type, _ in self.columns)
        statements = [f"create or replace table {self.name} (\n    {columns}\n);",
                      f"comment on table {self.name} is {_quote(self.comment)};"]
        statements += [f"comment on column {self.name}.{name} is {_quote(comment)};"
                       for name, _, comment in self.columns]
        return "\n".join(statements)

    @property
    def column_names(self) -> list[str]:
        return [name for name, _, _ in self.columns]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_LABELS = ("p10", "p50", "p90")

BAND = _Table(
    "mart_goal_forecast_band",
    "The statistical forecast of jobs created, beside the official straight line of mart_goal_forecast: "
    "one row per month of the forecast horizon, from the month after the last complete month of "
    "mart_goal_progress to the goal's end_month, with the 10th, 50th and 90th percentiles of 2,000 simulated "
    "futures (docs/forecast.md). Quantiles are month by month: the p50 path is not one simulated future. "
    "Empty when the forecast could not be made (see mart_goal_forecast_summary.forecast_status).",
    (
        ("month", "date", "Month of the horizon, as its first day."),
        ("months_ahead", "integer", "Months after origin_month (mart_goal_forecast_summary), from 1."),
        ("is_provisional", "boolean",
         "True for a month mart_goal_progress flags provisional (incomplete reporting): it is forecast, "
         "never below the jobs it already reports."),
        ("jobs_created_p10", "double",
         "Jobs created in the month, 10th percentile of the simulated futures (one future in ten falls below)."),
        ("jobs_created_p50", "double", "Jobs created in the month, median of the simulated futures."),
        ("jobs_created_p90", "double", "Jobs created in the month, 90th percentile of the simulated futures."),
        ("jobs_created_cumulative_p10", "double",
         "Jobs created from the goal's start_month to this month, 10th percentile of the simulated futures; "
         "80 % of them lie between p10 and p90."),
        ("jobs_created_cumulative_p50", "double",
         "Jobs created from the goal's start_month to this month, median of the simulated futures."),
        ("jobs_created_cumulative_p90", "double",
         "Jobs created from the goal's start_month to this month, 90th percentile of the simulated futures."),
    ),
)

SUMMARY = _Table(
    "mart_goal_forecast_summary",
    "The statistical forecast in one row per build of the warehouse (no row before any hiring is reported): "
    "the chance of reaching the goal's target by its end_month, where the band ends, and the method with its "
    "parameters. Read forecast_status first.",
    (
        ("forecast_status", "varchar",
         "ok; too_short when fewer than 3 complete months are known (no band, null figures); window_over when "
         "the last complete month is at or after end_month (no band; the probability is then 1 or 0, as observed)."),
        ("as_of_month", "date", "Latest month of mart_goal_progress (mart_goal_forecast.as_of_month)."),
        ("origin_month", "date",
         "Last complete month: the last month the fit saw; the band starts the month after. Equal to as_of_month "
         "unless the latest months are provisional."),
        ("months_fitted", "integer",
         "Complete months from start_month to origin_month, the history the model learnt from."),
        ("provisional_months", "integer",
         "Months after origin_month that mart_goal_progress flags provisional, left out of the fit and forecast instead."),
        ("jobs_created_cumulative", "double", "Jobs created from start_month to origin_month included."),
        ("target_jobs", "double", "The goal's target (dim_goal.target_jobs)."),
        ("end_month", "date", "Last month of the goal's window (dim_goal.end_month)."),
        ("jobs_created_cumulative_p10_at_end", "double",
         "Jobs created by end_month, 10th percentile of the simulated futures."),
        ("jobs_created_cumulative_p50_at_end", "double", "Jobs created by end_month, median of the simulated futures."),
        ("jobs_created_cumulative_p90_at_end", "double",
         "Jobs created by end_month, 90th percentile of the simulated futures."),
        ("probability_reaching_target", "double",
         "Share of the simulated futures in which jobs created by end_month reach target_jobs, between 0 and 1."),
        ("seasonal", "boolean",
         "True when the model includes monthly seasonality (36 complete months at least, and the history shows it)."),
        ("level_per_month", "double",
         "The model's pace at origin_month: expected jobs created in a month, before seasonality."),
        ("trend_per_month", "double",
         "The model's monthly change of that pace at origin_month; damped month after month in the forecast."),
        ("noise_sd_per_month", "double", "Standard deviation of a month's jobs created around the pace."),
        ("trend_probability", "double",
         "Weight of the models with a trend after seeing the history, between 0 and 1 (0.5 before)."),
        ("method", "varchar", "The forecasting method, in words (docs/forecast.md)."),
        ("parameters", "varchar", "The method's parameters as JSON: grid, priors, simulations, seed, quantiles."),
    ),
)

BACKTEST = _Table(
    "mart_goal_forecast_backtest",
    "How good the statistical forecast has been: one row per backtest horizon (12 and 24 months), the forecast "
    "the same method would have made that many months before the last complete month, from the months known "
    "then, against the jobs created since. A horizon is absent when fewer than 3 months were known at its origin.",
    (
        ("backtest_months", "integer",
         "How many months before the last complete month the backtest forecast was made (12 or 24)."),
        ("origin_month", "date", "The last month the backtest forecast knew."),
        ("last_month", "date",
         "The last complete month (mart_goal_forecast_summary.origin_month), end of the comparison."),
        ("months_fitted", "integer", "Months from start_month to origin_month the backtest forecast learnt from."),
        ("actual_cumulative_at_end", "double", "Jobs created from start_month to last_month, as reported."),
        ("jobs_created_cumulative_p10_at_end", "double",
         "What the backtest forecast gave for last_month, 10th percentile."),
        ("jobs_created_cumulative_p50_at_end", "double", "What the backtest forecast gave for last_month, median."),
        ("jobs_created_cumulative_p90_at_end", "double",
         "What the backtest forecast gave for last_month, 90th percentile."),
        ("error_at_end", "double",
         "jobs_created_cumulative_p50_at_end - actual_cumulative_at_end: positive when the forecast was too high."),
        ("pct_error_at_end", "double",
         "error_at_end / actual_cumulative_at_end, a signed ratio; null when nothing was created."),
        ("actual_since_origin", "double", "Jobs created after origin_month up to last_month, as reported."),
        ("error_share_of_jobs_since_origin", "double",
         "error_at_end / actual_since_origin: the error as a share of the jobs the forecast had to predict; "
         "null when none were created."),
        ("mean_abs_error", "double",
         "Mean absolute difference between the median cumulative path and the reported one, over the months "
         "after origin_month (jobs)."),
        ("mean_abs_pct_error", "double",
         "Mean of |median - reported| / reported over those months (MAPE of the cumulative path), a ratio; "
         "null when a reported cumulative is 0."),
        ("months_within_band", "integer",
         "Months after origin_month whose reported cumulative lay between p10 and p90."),
        ("share_within_band", "double",
         "months_within_band / backtest_months; about 0.8 is expected of a well-calibrated band over many origins."),
        ("within_band_at_end", "boolean",
         "True when actual_cumulative_at_end lay between the p10 and the p90 at last_month."),
    ),
)

BACKTEST_PATH = _Table(
    "mart_goal_forecast_backtest_path",
    "The backtest forecasts month by month, for the chart beside the band: one row per backtest horizon x "
    "month after its origin_month, up to the last complete month (mart_goal_forecast_backtest has the errors).",
    (
        ("backtest_months", "integer", "The backtest horizon (12 or 24), key of mart_goal_forecast_backtest."),
        ("month", "date", "Month after the backtest's origin_month, as its first day."),
        ("months_ahead", "integer", "Months after origin_month, from 1."),
        ("actual_cumulative", "double",
         "Jobs created from start_month to this month, as reported (mart_goal_progress)."),
        ("jobs_created_cumulative_p10", "double", "What the backtest forecast gave for this month, 10th percentile."),
        ("jobs_created_cumulative_p50", "double", "What the backtest forecast gave for this month, median."),
        ("jobs_created_cumulative_p90", "double", "What the backtest forecast gave for this month, 90th percentile."),
        ("within_band", "boolean", "True when actual_cumulative lay between p10 and p90."),
    ),
)

TABLES = (BAND, SUMMARY, BACKTEST, BACKTEST_PATH)


INPUTS = ("mart_goal_progress", "dim_goal")  # what read_history reads: the forecast is redone when they change


def read_history(con: duckdb.DuckDBPyConnection) -> tuple[GoalHistory, float, date]:
    """mart_goal_progress as a GoalHistory, and the goal's target_jobs and end_month (dim_goal)."""
    has_flag = con.sql(
        "select count(*) from duckdb_columns() where database_name = current_database() "
        "and schema_name = 'main' and table_name = 'mart_goal_progress' and column_name = ?",
        params=[PROVISIONAL_COLUMN],
    ).fetchall()[0][0]
    flag = f"coalesce({PROVISIONAL_COLUMN}, false)" if has_flag else "false"
    rows = con.sql(
        f"select month, jobs_created, jobs_created_cumulative, {flag} from mart_goal_progress order by month"
    ).fetchall()
    target_jobs, end_month = con.sql(
        "select target_jobs, end_month from dim_goal order by goal_code limit 1").fetchall()[0]
    months, jobs, cumulative, provisional = (tuple(column) for column in zip(*rows)) if rows else ((),) * 4
    return GoalHistory(months, jobs, cumulative, provisional), float(target_jobs), end_month


def forecast_frames(history: GoalHistory, *, target_jobs: float, end_month: date,
                    settings: ForecastSettings = ForecastSettings()) -> dict[str, pl.DataFrame]:
    """The four tables' rows for a history, by table name (each frame in its table's column order)."""
    frames = {table.name: pl.DataFrame(schema=table.column_names) for table in TABLES}
    if not history.months:
        return frames
    made = forecast(history, end_month=end_month, target_jobs=target_jobs, settings=settings)
    provisional = dict(zip(history.months, history.provisional))
    frames[BAND.name] = pl.DataFrame({
        "month": list(made.months),
        "months_ahead": list(range(1, len(made.months) + 1)),
        "is_provisional": [provisional.get(month, False) for month in made.months],
        **_quantile_columns("jobs_created", made.monthly),
        **_quantile_columns("jobs_created_cumulative", made.cumulative),
    }, schema_overrides={"months_ahead": pl.Int32})
    at_end = made.cumulative[:, -1] if made.months else (None, None, None)
    fit = made.fit
    frames[SUMMARY.name] = pl.DataFrame([{
        "forecast_status": made.status, "as_of_month": made.as_of_month, "origin_month": made.origin_month,
        "months_fitted": made.months_fitted, "provisional_months": made.provisional_months,
        "jobs_created_cumulative": made.jobs_created_cumulative, "target_jobs": made.target_jobs,
        "end_month": made.end_month,
        **{f"jobs_created_cumulative_{label}_at_end": _float(value) for label, value in zip(_LABELS, at_end)},
        "probability_reaching_target": made.probability_reaching_target,
        "seasonal": fit.seasonal if fit else None,
        "level_per_month": fit.level_per_month if fit else None,
        "trend_per_month": fit.trend_per_month if fit else None,
        "noise_sd_per_month": fit.noise_sd_per_month if fit else None,
        "trend_probability": fit.trend_probability if fit else None,
        "method": METHOD, "parameters": settings.parameters_json(),
    }], schema_overrides={"months_fitted": pl.Int32, "provisional_months": pl.Int32,
                          **{name: pl.Float64 for name, data_type, _ in SUMMARY.columns if data_type == "double"}})
    tests = [test for months_back in settings.backtest_months
             if (test := backtest(history, months_back, target_jobs=target_jobs, settings=settings))]
    frames[BACKTEST.name] = pl.DataFrame([_backtest_row(test, history) for test in tests],
                                         schema=_polars_schema(BACKTEST))
    if tests:
        frames[BACKTEST_PATH.name] = pl.concat([_backtest_path(test) for test in tests])
    return frames


def _quantile_columns(prefix: str, quantiles: np.ndarray) -> dict[str, np.ndarray]:
    return {f"{prefix}_{label}": quantiles[row] for row, label in enumerate(_LABELS)}


def _float(value) -> float | None:
    return None if value is None else float(value)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _backtest_row(test: Backtest, history: GoalHistory) -> dict:
    actual_at_end = float(test.actual_cumulative[-1])
    within = test.within_band
    return {
        "backtest_months": test.months_back, "origin_month": test.origin_month,
        "last_month": history.months[history.complete_months - 1], "months_fitted": test.months_fitted,
        "actual_cumulative_at_end": actual_at_end,
        **{f"jobs_created_cumulative_{label}_at_end": float(test.cumulative[row, -1])
           for row, label in enumerate(_LABELS)},
        "error_at_end": test.error_at_end,
        "pct_error_at_end": _ratio(test.error_at_end, actual_at_end),
        "actual_since_origin": test.actual_since_origin,
        "error_share_of_jobs_since_origin": _ratio(test.error_at_end, test.actual_since_origin),
        "mean_abs_error": test.mean_abs_error,
        "mean_abs_pct_error": test.mean_abs_pct_error,
        "months_within_band": int(within.sum()),
        "share_within_band": float(within.mean()),
        "within_band_at_end": bool(within[-1]),
    }


def _backtest_path(test: Backtest) -> pl.DataFrame:
    return pl.DataFrame({
        "backtest_months": [test.months_back] * len(test.months),
        "month": list(test.months),
        "months_ahead": list(range(1, len(test.months) + 1)),
        "actual_cumulative": test.actual_cumulative,
        **_quantile_columns("jobs_created_cumulative", test.cumulative),
        "within_band": test.within_band,
    }, schema=_polars_schema(BACKTEST_PATH))


_POLARS_TYPES = {"date": pl.Date, "integer": pl.Int32, "double": pl.Float64, "boolean": pl.Boolean,
                 "varchar": pl.String}


def _polars_schema(table: _Table) -> dict[str, pl.DataType]:
    return {name: _POLARS_TYPES[data_type] for name, data_type, _ in table.columns}


def write_forecast_tables(con: duckdb.DuckDBPyConnection, settings: ForecastSettings = ForecastSettings()) -> None:
    """Create and fill the forecast's tables from mart_goal_progress and dim_goal (after the SQL marts).

    One transaction: the four tables change together, and their comments cost one commit, not fifty.
    """
    history, target_jobs, end_month = read_history(con)
    frames = forecast_frames(history, target_jobs=target_jobs, end_month=end_month, settings=settings)
    con.begin()
    try:
        for table in TABLES:
            con.execute(table.ddl())
            frame = frames[table.name].select(table.column_names).cast(_polars_schema(table))
            if frame.height:
                con.register("forecast_frame", frame)
                try:
                    con.execute(f"insert into {table.name} select * from forecast_frame")
                finally:
                    con.unregister("forecast_frame")
        con.commit()
    except BaseException:
        con.rollback()
        raise
