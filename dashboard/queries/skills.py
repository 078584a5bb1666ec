"""Skills: the trade a one-trade view shows (focus_trade), the level each trade requires against what
learners reach (mart_skill_gap), the skills that keep graduates from being job-ready
(mart_blocking_skills) and results by assessment method (mart_skill_by_method).

The marts are by calendar year, so the filter bar's period applies by year: from 2025Q2 to 2026Q1
selects the years 2025 and 2026. Counts are summed over the selection and ratios taken as sum / sum;
the mean score and level are weighted by the learners (or assessments) they were computed over. A
learner assessed in several years of the selection counts once per year. The pathway does not apply.
"""

from __future__ import annotations

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.common import where
from warehouse.connect import query

BREAKDOWNS = ("region", "year")


def _label(lang: str) -> str:
    return "label_en" if lang == "en" else "label_fr"


def _mart_where(filters: Filters, region: str | None = "region_code") -> tuple[str, list]:
    return where(filters, region=region, period="year", grain="year")


def focus_trade(filters: Filters) -> str | None:
    """The trade a one-trade view shows: the first one selected, else the first of the trade list."""
    if filters.trades:
        return filters.trades[0]
    first = query("select trade_code from dim_trade order by trade_code limit 1")
    return first["trade_code"][0] if first.height else None


def focused(filters: Filters) -> Filters:
    """The filters narrowed to the focus trade (unchanged when there is no trade at all)."""
    trade_code = focus_trade(filters)
    return filters.with_trades(trade_code) if trade_code else filters


def trade_identity(trade_code: str | None, lang: str) -> pl.DataFrame:
    """The trade's code, label in the language, family and ROME code (no row for an unknown code)."""
    return query(
        f"select trade_code, {_label(lang)} as label, family, rome_code from dim_trade where trade_code = ?",
        [trade_code],
    )


def skill_levels(filters: Filters, lang: str) -> pl.DataFrame:
    """One row per skill each selected trade requires (every trade when none is): required level,
    learners assessed, proficient learners and share, mean level and score reached, learners it kept
    from being job-ready. The measures are null for a required skill nobody was assessed on."""
    mart_clause, mart_params = _mart_where(filters)
    trade_clause, trade_params = where(filters, trade="requirement.trade_code", region=None)
    return query(
        f"""
        with selected as (
            select
                trade_code,
                skill_code,
                sum(assessed_learners)::bigint as assessed_learners,
                sum(proficient_learners)::bigint as proficient_learners,
                sum(proficient_learners) / nullif(sum(assessed_learners), 0) as proficient_share,
                sum(mean_level * assessed_learners) / nullif(sum(assessed_learners), 0) as mean_level,
                sum(mean_score * assessed_learners) / nullif(sum(assessed_learners), 0) as mean_score,
                sum(blocking_learners)::bigint as blocking_learners
            from mart_skill_gap
            {mart_clause}
            group by trade_code, skill_code
        )
        select
            requirement.trade_code,
            dim_trade.{_label(lang)} as trade_label,
            requirement.skill_code,
            dim_skill.{_label(lang)} as skill_label,
            dim_skill.domain,
            requirement.required_level,
            selected.assessed_learners,
            selected.proficient_learners,
            selected.proficient_share,
            selected.mean_level,
            selected.mean_score,
            selected.blocking_learners
        from trade_skill_requirement as requirement
        inner join dim_trade on dim_trade.trade_code = requirement.trade_code
        inner join dim_skill on dim_skill.skill_code = requirement.skill_code
        left join selected
            on selected.trade_code = requirement.trade_code
            and selected.skill_code = requirement.skill_code
        {trade_clause}
        order by requirement.trade_code, selected.proficient_share nulls last, requirement.skill_code
        """,
        mart_params + trade_params,
    )


def blocking_skills(filters: Filters, lang: str) -> pl.DataFrame:
    """One row per skill of the selected trades with completed enrolments in the selection: how many
    not-job-ready enrolments fell short on it (below level / never assessed), how many on it alone,
    and its share of the not-job-ready ones; the most blocking first."""
    clause, params = _mart_where(filters)
    return query(
        f"""
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
                sum(blocked_enrolments) / nullif(sum(not_job_ready_enrolments), 0) as blocked_share
            from mart_blocking_skills
            {clause}
            group by trade_code, skill_code
        )
        select
            selected.trade_code,
            dim_trade.{_label(lang)} as trade_label,
            selected.skill_code,
            dim_skill.{_label(lang)} as skill_label,
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
        """,
        params,
    )


def blocking_breakdown(filters: Filters, lang: str, by: str) -> pl.DataFrame:
    """One row per trade x skill x region (by='region') or year of graduation (by='year') of the
    selected trades: blocked and not-job-ready enrolments, and the blocked share."""
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {BREAKDOWNS}, not {by!r}")
    key, label, join = {
        "region": ("region_code", "dim_region.region_name",
                   "inner join dim_region on dim_region.region_code = selected.breakdown_key"),
        "year": ("year::varchar", "selected.breakdown_key", ""),
    }[by]
    clause, params = _mart_where(filters)
    return query(
        f"""
        with selected as (
            select
                trade_code,
                skill_code,
                {key} as breakdown_key,
                sum(not_job_ready_enrolments)::bigint as not_job_ready_enrolments,
                sum(blocked_enrolments)::bigint as blocked_enrolments,
                sum(blocked_enrolments) / nullif(sum(not_job_ready_enrolments), 0) as blocked_share
            from mart_blocking_skills
            {clause}
            group by trade_code, skill_code, breakdown_key
        )
        select
            selected.trade_code,
            dim_trade.{_label(lang)} as trade_label,
            selected.skill_code,
            dim_skill.{_label(lang)} as skill_label,
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
        """,
        params,
    )


def skill_by_method(filters: Filters, lang: str) -> pl.DataFrame:
    """One row per trade x skill x assessment method for the selected trades: assessments, those at or above
    the required level and their share, mean score and level. The region does not apply (the mart has
    none); a method the files did not give is 'unknown'."""
    clause, params = _mart_where(filters, region=None)
    return query(
        f"""
        with selected as (
            select
                trade_code,
                skill_code,
                coalesce(method, 'unknown') as method,
                sum(assessments)::bigint as assessments,
                sum(proficient_assessments)::bigint as proficient_assessments,
                sum(proficient_assessments) / nullif(sum(assessments), 0) as proficient_share,
                sum(mean_score * assessments) / nullif(sum(assessments), 0) as mean_score,
                sum(mean_level * assessments) / nullif(sum(assessments), 0) as mean_level
            from mart_skill_by_method
            {clause}
            group by trade_code, skill_code, coalesce(method, 'unknown')
        )
        select
            selected.trade_code,
            dim_trade.{_label(lang)} as trade_label,
            selected.skill_code,
            dim_skill.{_label(lang)} as skill_label,
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
        """,
        params,
    )


def blocking_breakdowns(filters: Filters, lang: str) -> pl.DataFrame:
    """Both breakdowns of blocking_breakdown in one frame, a `breakdown` column saying which: the
    download of the card that shows one of them at a time."""
    return pl.concat([blocking_breakdown(filters, lang, by).with_columns(breakdown=pl.lit(by))
                      for by in BREAKDOWNS])
