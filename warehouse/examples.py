"""The worked example queries, in one place: docs/warehouse.md and the /sql page show these same ones.

Each is a question an analyst asks of the marts, answered in one read query
that runs in the sandbox; ``failing_examples`` runs them all (``workforce docs``
refuses to write the documentation while one fails).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from warehouse.sandbox import Limits, SandboxError, run_sql


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    question: str
    sql: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        name="largest_shortages_by_region",
        title="Largest shortages by region",
        question=(
            "Where do employers open the most positions that job-ready graduates do not cover, over the "
            "latest four quarters? `shortage` adds up the trades that are short only (a surplus of "
            "technicians does not make up for a shortage of engineers); `net_gap` nets them."
        ),
        sql="""\
with latest_quarters as (
    select distinct quarter_start
    from mart_talent_gap
    order by quarter_start desc
    limit 4
),

gap_by_region as (
    select
        mart_talent_gap.region_code,
        sum(mart_talent_gap.demand) as demand,
        sum(mart_talent_gap.supply) as supply,
        sum(greatest(mart_talent_gap.gap, 0)) as shortage,
        sum(mart_talent_gap.gap) as net_gap
    from mart_talent_gap
    inner join latest_quarters on latest_quarters.quarter_start = mart_talent_gap.quarter_start
    group by mart_talent_gap.region_code
)

select
    gap_by_region.region_code,
    dim_region.region_name,
    gap_by_region.demand,
    gap_by_region.supply,
    gap_by_region.shortage,
    gap_by_region.net_gap,
    gap_by_region.supply / nullif(gap_by_region.demand, 0) as coverage
from gap_by_region
inner join dim_region on dim_region.region_code = gap_by_region.region_code
order by gap_by_region.shortage desc
limit 10""",
    ),
    Example(
        name="skills_blocking_job_readiness",
        title="The skills that block job-readiness",
        question=(
            "Among last year's graduates who were not job-ready, on which required skills did they fall "
            "short most often? `sole_blocker` counts those for whom that skill was the only one missing: "
            "training it would have made them job-ready."
        ),
        sql="""\
with latest_year as (
    select max(year) as year
    from mart_blocking_skills
),

blocking_by_skill as (
    select
        mart_blocking_skills.trade_code,
        mart_blocking_skills.skill_code,
        sum(mart_blocking_skills.not_job_ready_enrolments) as not_job_ready,
        sum(mart_blocking_skills.blocked_enrolments) as blocked,
        sum(mart_blocking_skills.blocked_never_assessed) as never_assessed,
        sum(mart_blocking_skills.sole_blocker_enrolments) as sole_blocker
    from mart_blocking_skills
    inner join latest_year on latest_year.year = mart_blocking_skills.year
    group by mart_blocking_skills.trade_code, mart_blocking_skills.skill_code
)

select
    blocking_by_skill.trade_code,
    dim_trade.label_en as trade,
    blocking_by_skill.skill_code,
    dim_skill.label_en as skill,
    blocking_by_skill.blocked,
    blocking_by_skill.never_assessed,
    blocking_by_skill.sole_blocker,
    blocking_by_skill.blocked / nullif(blocking_by_skill.not_job_ready, 0) as blocked_share
from blocking_by_skill
inner join dim_trade on dim_trade.trade_code = blocking_by_skill.trade_code
inner join dim_skill on dim_skill.skill_code = blocking_by_skill.skill_code
order by blocking_by_skill.blocked desc, blocking_by_skill.sole_blocker desc
limit 15""",
    ),
    Example(
        name="placement_by_programme",
        title="Placement by programme",
        question=(
            "Which programmes place their graduates in a job within six months? Only completed enrolments "
            "old enough to be judged count (`eligible_6m`); the rate is recomputed from the summed counts, "
            "never averaged over regions or cohorts."
        ),
        sql="""\
select
    mart_training_funnel.programme_code,
    dim_programme.title_en as programme,
    sum(mart_training_funnel.completed) as completed,
    sum(mart_training_funnel.eligible_6m) as eligible_6m,
    sum(mart_training_funnel.placed_6m) as placed_6m,
    sum(mart_training_funnel.placed_6m) / nullif(sum(mart_training_funnel.eligible_6m), 0) as placement_rate_6m
from mart_training_funnel
inner join dim_programme on dim_programme.programme_code = mart_training_funnel.programme_code
group by mart_training_funnel.programme_code, dim_programme.title_en
order by placement_rate_6m desc nulls last, eligible_6m desc""",
    ),
    Example(
        name="goal_run_rate_by_year",
        title="Goal run rate by year",
        question=(
            "How many jobs a month did the sector create each year, against the pace the 10,000-jobs goal "
            "needs? The current year counts the months reported so far."
        ),
        sql="""\
with goal as (
    select target_jobs, months_in_window
    from dim_goal
    order by goal_code
    limit 1
),

jobs_by_year as (
    select
        year(month) as year,
        count(*) as months,
        sum(jobs_created) as jobs_created,
        max(jobs_created_cumulative) as jobs_created_cumulative
    from mart_goal_progress
    group by year(month)
)

select
    jobs_by_year.year,
    jobs_by_year.months,
    jobs_by_year.jobs_created,
    jobs_by_year.jobs_created / jobs_by_year.months as run_rate_per_month,
    goal.target_jobs / goal.months_in_window as required_run_rate_per_month,
    jobs_by_year.jobs_created_cumulative,
    jobs_by_year.jobs_created_cumulative / goal.target_jobs as pct_of_goal
from jobs_by_year
cross join goal
order by jobs_by_year.year""",
    ),
)


def failing_examples(db: str | os.PathLike | None = None, who: str = "workforce docs",
                     limits: Limits | None = None) -> list[tuple[Example, SandboxError]]:
    """Run every example in the sandbox on the warehouse; the ones that failed, with why."""
    failures = []
    for candidate in EXAMPLES:
        try:
            run_sql(candidate.sql, who=who, db=db, limits=limits)
        except SandboxError as error:
            failures.append((candidate, error))
    return failures
