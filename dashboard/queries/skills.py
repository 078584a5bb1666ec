"""Skills: the trade a one-trade view shows (focus_trade), the level each trade requires against what
learners reach (mart_skill_gap), the skills that keep graduates from being job-ready
(mart_blocking_skills) and results by assessment method (mart_skill_by_method).

The marts are by calendar year, so the filter bar's period applies by year: from 2025Q2 to 2026Q1
selects the years 2025 and 2026. Counts are summed over the selection and the marts' ratio macros
applied to the sums; the mean score and level are weighted by the learners (or assessments) they
were computed over (the weighted_mean macro). A
learner assessed in several years of the selection counts once per year. The pathway does not apply.
"""

from __future__ import annotations

import polars as pl

from dashboard.door import Context, ask, where
from dashboard.queries.common import label_column

BREAKDOWNS = ("region", "year")


def focus_trade(ctx: Context) -> str | None:
    """The trade a one-trade view shows: the first one selected, else the first of the trade list."""
    if ctx.filters.trades:
        return ctx.filters.trades[0]
    first = ask(ctx, "select trade_code from dim_trade order by trade_code limit 1")
    return first["trade_code"][0] if first.height else None


def focused(ctx: Context) -> Context:
    """The context narrowed to the focus trade (unchanged when there is no trade at all)."""
    trade_code = focus_trade(ctx)
    return ctx.with_filters(ctx.filters.with_trades(trade_code)) if trade_code else ctx


def trade_identity(ctx: Context, trade_code: str | None) -> pl.DataFrame:
    """The trade's code, label in the language, family and ROME code (no row for an unknown code)."""
    return ask(ctx, f"select trade_code, {label_column(ctx.lang)} as label, family, rome_code from dim_trade "
                    "where trade_code = $trade_code", params={"trade_code": trade_code})


def skill_levels(ctx: Context) -> pl.DataFrame:
    """One row per skill each selected trade requires (every trade when none is): required level,
    learners assessed, proficient learners and share, mean level and score reached, learners it kept
    from being job-ready. The measures are null for a required skill nobody was assessed on."""
    return ask(ctx, f"""
        with selected as (
            select
                trade_code,
                skill_code,
                sum(assessed_learners)::bigint as assessed_learners,
                sum(proficient_learners)::bigint as proficient_learners,
                proficient_share(sum(proficient_learners), sum(assessed_learners)) as proficient_share,
                weighted_mean(mean_level, assessed_learners) as mean_level,
                weighted_mean(mean_score, assessed_learners) as mean_score,
                sum(blocking_learners)::bigint as blocking_learners
            from mart_skill_gap {where("mart_skill_gap")}
            group by trade_code, skill_code
        )
        select
            trade_skill_requirement.trade_code,
            dim_trade.{label_column(ctx.lang)} as trade_label,
            trade_skill_requirement.skill_code,
            dim_skill.{label_column(ctx.lang)} as skill_label,
            dim_skill.domain,
            trade_skill_requirement.required_level,
            selected.assessed_learners,
            selected.proficient_learners,
            selected.proficient_share,
            selected.mean_level,
            selected.mean_score,
            selected.blocking_learners
        from trade_skill_requirement
        inner join dim_trade on dim_trade.trade_code = trade_skill_requirement.trade_code
        inner join dim_skill on dim_skill.skill_code = trade_skill_requirement.skill_code
        left join selected
            on selected.trade_code = trade_skill_requirement.trade_code
            and selected.skill_code = trade_skill_requirement.skill_code
        {where("trade_skill_requirement")}
        order by trade_skill_requirement.trade_code, selected.proficient_share nulls last,
            trade_skill_requirement.skill_code
        """, by=("trade_code", "skill_code"), summed_over=())


def blocking_skills(ctx: Context) -> pl.DataFrame:
    """One row per skill of the selected trades with completed enrolments in the selection: how many
    not-job-ready enrolments fell short on it (below level / never assessed), how many on it alone,
    and its share of the not-job-ready ones; the most blocking first."""
    return ask(ctx, f"""
        with selected as (
            select
                trade_code,
                skill_code,
                max(required_level) as required_level,
                sum(completed_enrolments)::bigint as completed_enrolments,
                sum(not_job_ready_enrolments)::bigint as not_job_ready_enrolments,
                sum(blocked_enrolments)::bigint as blocked_enrolments,
                sum(blocked_below_level)::bigint as blocked_below_level,
                sum(blocked_never_assessed)::bigint as blocked_never_assessed,
                sum(sole_blocker_enrolments)::bigint as sole_blocker_enrolments,
                blocked_share(sum(blocked_enrolments), sum(not_job_ready_enrolments)) as blocked_share
            from mart_blocking_skills {where("mart_blocking_skills")}
            group by trade_code, skill_code
        )
        select
            selected.trade_code,
            dim_trade.{label_column(ctx.lang)} as trade_label,
            selected.skill_code,
            dim_skill.{label_column(ctx.lang)} as skill_label,
            selected.required_level,
            selected.completed_enrolments,
            selected.not_job_ready_enrolments,
            selected.blocked_enrolments,
            selected.blocked_below_level,
            selected.blocked_never_assessed,
            selected.sole_blocker_enrolments,
            selected.blocked_share
        from selected
        inner join dim_trade on dim_trade.trade_code = selected.trade_code
        inner join dim_skill on dim_skill.skill_code = selected.skill_code
        order by selected.blocked_enrolments desc, selected.trade_code, selected.skill_code
        """, by=("trade_code", "skill_code"), summed_over=())


def blocking_breakdown(ctx: Context, by: str) -> pl.DataFrame:
    """One row per trade x skill x region (by='region') or year of graduation (by='year') of the
    selected trades: blocked and not-job-ready enrolments, and the blocked share."""
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {BREAKDOWNS}, not {by!r}")
    key, label, join = {
        "region": ("region_code", "dim_region.region_name",
                   "inner join dim_region on dim_region.region_code = selected.breakdown_key"),
        "year": ("year::varchar", "selected.breakdown_key", ""),
    }[by]
    return ask(ctx, f"""
        with selected as (
            select
                trade_code,
                skill_code,
                {key} as breakdown_key,
                sum(not_job_ready_enrolments)::bigint as not_job_ready_enrolments,
                sum(blocked_enrolments)::bigint as blocked_enrolments,
                blocked_share(sum(blocked_enrolments), sum(not_job_ready_enrolments)) as blocked_share
            from mart_blocking_skills {where("mart_blocking_skills")}
            group by trade_code, skill_code, breakdown_key
        )
        select
            selected.trade_code,
            dim_trade.{label_column(ctx.lang)} as trade_label,
            selected.skill_code,
            dim_skill.{label_column(ctx.lang)} as skill_label,
            selected.breakdown_key,
            {label} as breakdown_label,
            selected.not_job_ready_enrolments,
            selected.blocked_enrolments,
            selected.blocked_share
        from selected
        inner join dim_trade on dim_trade.trade_code = selected.trade_code
        inner join dim_skill on dim_skill.skill_code = selected.skill_code
        {join}
        order by selected.trade_code, selected.skill_code, selected.breakdown_key
        """, by=("trade_code", "skill_code", "breakdown_key"), summed_over=("breakdown_key",))


def skill_by_method(ctx: Context) -> pl.DataFrame:
    """One row per trade x skill x assessment method for the selected trades: assessments, those at or above
    the required level and their share, mean score and level. The region does not apply (the mart has
    none); a method the files did not give is 'unknown'."""
    return ask(ctx, f"""
        with selected as (
            select
                trade_code,
                skill_code,
                coalesce(method, 'unknown') as method,
                sum(assessments)::bigint as assessments,
                sum(proficient_assessments)::bigint as proficient_assessments,
                proficient_share(sum(proficient_assessments), sum(assessments)) as proficient_share,
                weighted_mean(mean_score, assessments) as mean_score,
                weighted_mean(mean_level, assessments) as mean_level
            from mart_skill_by_method {where("mart_skill_by_method")}
            group by trade_code, skill_code, coalesce(method, 'unknown')
        )
        select
            selected.trade_code,
            dim_trade.{label_column(ctx.lang)} as trade_label,
            selected.skill_code,
            dim_skill.{label_column(ctx.lang)} as skill_label,
            selected.method,
            selected.assessments,
            selected.proficient_assessments,
            selected.proficient_share,
            selected.mean_score,
            selected.mean_level
        from selected
        inner join dim_trade on dim_trade.trade_code = selected.trade_code
        inner join dim_skill on dim_skill.skill_code = selected.skill_code
        order by selected.trade_code, selected.skill_code, selected.method
        """, by=("trade_code", "skill_code", "method"), summed_over=())


def blocking_breakdowns(ctx: Context) -> pl.DataFrame:
    """Both breakdowns of blocking_breakdown in one frame, a `breakdown` column saying which: the
    download of the card that shows one of them at a time."""
    return pl.concat([blocking_breakdown(ctx, by).with_columns(breakdown=pl.lit(by)) for by in BREAKDOWNS])
