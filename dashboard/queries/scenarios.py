"""The scenario planner's questions: the observed rates of a selection, and its demand and supply.

A selection is the filter bar's trades, regions and period with a scenario's pathway. The rates are
measured on the enrolments of the selection's cohorts (the period selects cohort years, as on
/training): completion and placement within six months are /training's funnel totals
(mart_training_pathway, the same question); job-readiness and the programme duration are read from
the completed enrolments of the same cohorts (fact_job_readiness, which mart_talent_gap's supply
counts, restricted to the rows of mart_training_pathway the door selects, so that the pathway
applies). Demand and supply are /gaps' (mart_talent_gap: every pathway, demand has none).

Every answer is a learner count or built on one, protected by the door for the roles that must not
see small counts; the median duration is withheld with the graduates it is the median of.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.door import Context, ask, where
from dashboard.filters import Filters
from dashboard.protection import companion, keep
from dashboard.queries import gaps as gaps_queries
from dashboard.queries import training as training_queries

# Days in a month on average (365.25 / 12): a duration in months from a number of days.
DAYS_PER_MONTH = 30.4375
RATE_COUNTS = ("completed", "withdrawn", "completion_rate", "eligible_6m", "placed_6m", "placement_rate_6m",
               "graduates", "supply", "job_ready_rate", "duration_months")


def job_readiness(ctx: Context) -> pl.DataFrame:
    """One row: the completed enrolments of the selection's cohorts (graduates), the job-ready ones
    (supply), the job-ready rate, and the median months from start to end of those enrolments."""
    answer = ask(ctx, f"""
        with selection as (
            select mart_training_pathway.programme_code, mart_training_pathway.pathway,
                   mart_training_pathway.region_code, mart_training_pathway.cohort_year
            from mart_training_pathway {where("mart_training_pathway")}
        ),
        graduated as (
            select fact_job_readiness.job_ready,
                   fact_job_readiness.end_date - fact_job_readiness.start_date as duration_days
            from fact_job_readiness
            inner join fact_enrolment
                on fact_enrolment.learner_id = fact_job_readiness.learner_id
                and fact_enrolment.programme_code = fact_job_readiness.programme_code
                and fact_enrolment.start_date = fact_job_readiness.start_date
            inner join selection
                on selection.programme_code = fact_enrolment.programme_code
                and selection.pathway = fact_enrolment.pathway
                and selection.region_code = fact_enrolment.region_code
                and selection.cohort_year = fact_enrolment.cohort_year
        )
        select count(*)::bigint as graduates,
               (count(*) filter (where job_ready))::bigint as supply,
               job_ready_rate(count(*) filter (where job_ready), count(*)) as job_ready_rate,
               median(duration_days) / {DAYS_PER_MONTH} as duration_months
        from graduated
        """, unprotected=("duration_months",))
    # The door knows the warehouse's columns; a median over the graduates is withheld with them.
    if companion("graduates") in answer.columns:
        answer = answer.with_columns(
            pl.when(pl.col(companion("graduates")).is_null()).then(pl.col("duration_months")).alias("duration_months"),
            pl.col(companion("graduates")).alias(companion("duration_months")))
    return answer


def selection_rates(ctx: Context) -> pl.DataFrame:
    """One row: the counts and rates a scenario of this selection follows (RATE_COUNTS, with the
    companions of the withheld ones)."""
    funnel = training_queries.funnel_totals(ctx)
    if funnel.is_empty():  # no enrolment at all: every count is 0 and every rate unknown
        funnel = pl.DataFrame({"completed": [0], "withdrawn": [0], "completion_rate": [None],
                               "eligible_6m": [0], "placed_6m": [0], "placement_rate_6m": [None]},
                              schema_overrides={"completion_rate": pl.Float64, "placement_rate_6m": pl.Float64})
    funnel = keep(funnel, "completed", "withdrawn", "completion_rate", "eligible_6m", "placed_6m", "placement_rate_6m")
    return pl.concat([funnel, job_readiness(ctx)], how="horizontal")


def demand_and_supply(ctx: Context, first_quarter: date, last_quarter: date) -> dict:
    """Openings (demand) and job-ready graduates (supply) of the filter bar's trades and regions from
    first_quarter to last_quarter: /gaps' summary for that period, every pathway."""
    window = ctx.with_filters(Filters(trades=ctx.filters.trades, regions=ctx.filters.regions,
                                      quarter_from=first_quarter, quarter_to=last_quarter))
    return gaps_queries.gap_summary(window).to_dicts()[0]


def coverage_history(ctx: Context) -> pl.DataFrame:
    """/gaps' quarterly trend of the filter bar's trades and regions over every quarter with data."""
    every_quarter = ctx.with_filters(Filters(trades=ctx.filters.trades, regions=ctx.filters.regions))
    return gaps_queries.gap_trend(every_quarter)
