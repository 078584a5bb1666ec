"""Training: the funnel enrolled -> completed -> certified -> placed within 6 months, for the filter bar.

Every question reads mart_training_pathway, the funnel of mart_training_funnel split by the pathway of
each enrolment: summed over pathways its counts are the funnel's, and the pathway filter can apply.
Counts are summed over the selection and rates are ratios of those sums, in SQL, with the mart's
definitions (completion = completed / (completed + withdrawn), certification = certified / completed,
placement = placed_6m / eligible_6m). The period filter selects cohort years (the year enrolments
started): from the year of the first quarter to the year of the last.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from dashboard.filters import PATHWAYS, Filters
from dashboard.i18n import t
from dashboard.queries.common import where
from warehouse.connect import query

COUNTS = ("enrolled", "in_progress", "completed", "withdrawn", "certified", "eligible_6m", "placed_6m")
RATES = ("completion_rate", "certification_rate", "placement_rate_6m")
Dimension = Literal["pathway", "modality"]
DIMENSIONS: tuple[Dimension, ...] = ("pathway", "modality")
MODALITIES = ("in_person", "blended", "digital", "immersive")
LABEL_KEYS = {"pathway": "pathway", "modality": "training.modality"}

_MEASURES = ",\n".join(
    [f"sum(mart_training_pathway.{count})::bigint as {count}" for count in COUNTS]
    + [
        "sum(mart_training_pathway.completed) / nullif(sum(mart_training_pathway.completed) "
        "+ sum(mart_training_pathway.withdrawn), 0) as completion_rate",
        "sum(mart_training_pathway.certified) / nullif(sum(mart_training_pathway.completed), 0) "
        "as certification_rate",
        "sum(mart_training_pathway.placed_6m) / nullif(sum(mart_training_pathway.eligible_6m), 0) "
        "as placement_rate_6m",
    ]
)


def _where(filters: Filters) -> tuple[str, list]:
    return where(filters, trade="mart_training_pathway.trade_code", region="mart_training_pathway.region_code",
                 period="mart_training_pathway.cohort_year", grain="year",
                 pathway="mart_training_pathway.pathway")


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def funnel_totals(filters: Filters) -> pl.DataFrame:
    """One row: the funnel's counts and rates over the selection; no row when the selection is empty."""
    clause, params = _where(filters)
    return query(
        f"""
        select {_MEASURES}
        from mart_training_pathway
        {clause}
        having count(*) > 0
        """,
        params,
    )


def by_programme(filters: Filters, lang: str) -> pl.DataFrame:
    """One row per programme with enrolments in the selection: its title, trade and modality, counts and rates."""
    clause, params = _where(filters)
    suffix = _lang(lang)
    return query(
        f"""
        with by_programme as (
            select mart_training_pathway.programme_code, {_MEASURES}
            from mart_training_pathway
            {clause}
            group by mart_training_pathway.programme_code
        )
        select
            by_programme.programme_code,
            dim_programme.title_{suffix} as programme,
            dim_trade.label_{suffix} as trade,
            dim_programme.modality,
            dim_programme.duration_hours,
            by_programme.* exclude (programme_code)
        from by_programme
        inner join dim_programme on dim_programme.programme_code = by_programme.programme_code
        left join dim_trade on dim_trade.trade_code = dim_programme.trade_code
        order by by_programme.enrolled desc, by_programme.programme_code
        """,
        params,
    ).with_columns(labels("modality", MODALITIES, "training.modality", lang))


def by_cohort(filters: Filters) -> pl.DataFrame:
    """One row per cohort year of the selection, oldest first."""
    clause, params = _where(filters)
    return query(
        f"""
        select mart_training_pathway.cohort_year, {_MEASURES}
        from mart_training_pathway
        {clause}
        group by mart_training_pathway.cohort_year
        order by mart_training_pathway.cohort_year
        """,
        params,
    )


def by_dimension(filters: Filters, dimension: Dimension, lang: str) -> pl.DataFrame:
    """One row per pathway (of the enrolment) or per modality (of the programme) in the selection.

    ``dimension`` holds the code, ``label`` its name in the language; rows in the app's order of the codes
    (initial, continuing, apprenticeship; in person, blended, digital, immersive).
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}, not {dimension!r}")
    column = "mart_training_pathway.pathway" if dimension == "pathway" else "dim_programme.modality"
    clause, params = _where(filters)
    frame = query(
        f"""
        select {column} as {dimension}, {_MEASURES}
        from mart_training_pathway
        inner join dim_programme on dim_programme.programme_code = mart_training_pathway.programme_code
        {clause}
        group by {column}
        """,
        params,
    )
    codes = PATHWAYS if dimension == "pathway" else MODALITIES
    rank = {code: position for position, code in enumerate(codes)}
    return (
        frame.with_columns(labels(dimension, codes, LABEL_KEYS[dimension], lang).alias("label"),
                           pl.col(dimension).replace_strict(rank, default=len(codes), return_dtype=pl.Int64)
                           .alias("rank"))
        .sort("rank", dimension)
        .select(dimension, "label", *COUNTS, *RATES)
    )


def labels(column: str, codes: tuple[str, ...], key_prefix: str, lang: str) -> pl.Expr:
    """The column's codes as their names in the language (key ``{key_prefix}.{code}``); a code the app
    has no name for (an edited reference) stays as it is."""
    names = {code: t(f"{key_prefix}.{code}", lang) for code in codes}
    return pl.col(column).replace_strict(names, default=pl.col(column), return_dtype=pl.String)
