"""Training: the funnel enrolled -> completed -> certified -> placed within 6 months, for the filter bar.

Every question reads mart_training_pathway, the funnel at its finest grain (mart_training_funnel is
it summed over pathway), so the pathway filter can apply. Counts are summed over the selection and
the mart's rate macros applied to the sums (completion_rate(sum(completed), sum(withdrawn)), ...).
The period filter selects cohort years (the year enrolments started): from the year of the first
quarter to the year of the last, as dashboard.door.TABLES declares.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from dashboard.door import Context, ask, where
from dashboard.filters import PATHWAYS
from dashboard.i18n import t
from dashboard.protection import keep
from dashboard.queries.common import label_column

COUNTS = ("enrolled", "in_progress", "completed", "withdrawn", "certified", "eligible_6m", "placed_6m")
RATES = ("completion_rate", "certification_rate", "placement_rate_6m")
Dimension = Literal["pathway", "modality"]
DIMENSIONS: tuple[Dimension, ...] = ("pathway", "modality")
MODALITIES = ("in_person", "blended", "digital", "immersive")
LABEL_KEYS = {"pathway": "pathway", "modality": "training.modality"}

FUNNEL_MEASURES = ",\n".join(
    [f"sum(mart_training_pathway.{count})::bigint as {count}" for count in COUNTS]
    + [
        "completion_rate(sum(mart_training_pathway.completed), sum(mart_training_pathway.withdrawn)) "
        "as completion_rate",
        "certification_rate(sum(mart_training_pathway.certified), sum(mart_training_pathway.completed)) "
        "as certification_rate",
        "placement_rate(sum(mart_training_pathway.placed_6m), sum(mart_training_pathway.eligible_6m)) "
        "as placement_rate_6m",
    ]
)
SELECTION = f"mart_training_pathway {where('mart_training_pathway')}"


def funnel_totals(ctx: Context) -> pl.DataFrame:
    """One row: the funnel's counts and rates over the selection; no row when the selection is empty."""
    return ask(ctx, f"select {FUNNEL_MEASURES} from {SELECTION} having count(*) > 0")


def by_programme(ctx: Context) -> pl.DataFrame:
    """One row per programme with enrolments in the selection: its title, trade and modality, counts and rates."""
    suffix = "en" if ctx.lang == "en" else "fr"
    return ask(ctx, f"""
        with by_programme as (
            select mart_training_pathway.programme_code, {FUNNEL_MEASURES}
            from {SELECTION}
            group by mart_training_pathway.programme_code
        )
        select
            by_programme.programme_code,
            dim_programme.title_{suffix} as programme,
            dim_trade.{label_column(ctx.lang)} as trade,
            dim_programme.modality,
            dim_programme.duration_hours,
            by_programme.* exclude (programme_code)
        from by_programme
        inner join dim_programme on dim_programme.programme_code = by_programme.programme_code
        left join dim_trade on dim_trade.trade_code = dim_programme.trade_code
        order by by_programme.enrolled desc, by_programme.programme_code
        """, by=("programme_code",), nested_in=("modality", "trade")
    ).with_columns(labels("modality", MODALITIES, "training.modality", ctx.lang))


def by_cohort(ctx: Context) -> pl.DataFrame:
    """One row per cohort year of the selection, oldest first."""
    return ask(ctx, f"""
        select mart_training_pathway.cohort_year, {FUNNEL_MEASURES}
        from {SELECTION}
        group by mart_training_pathway.cohort_year
        order by mart_training_pathway.cohort_year
        """, by=("cohort_year",))


def by_dimension(ctx: Context, dimension: Dimension) -> pl.DataFrame:
    """One row per pathway (of the enrolment) or per modality (of the programme) in the selection.

    ``dimension`` holds the code, ``label`` its name in the language; rows in the app's order of the codes
    (initial, continuing, apprenticeship; in person, blended, digital, immersive).
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}, not {dimension!r}")
    column = "mart_training_pathway.pathway" if dimension == "pathway" else "dim_programme.modality"
    frame = ask(ctx, f"""
        select {column} as {dimension}, {FUNNEL_MEASURES}
        from mart_training_pathway
        inner join dim_programme on dim_programme.programme_code = mart_training_pathway.programme_code
        {where("mart_training_pathway")}
        group by {column}
        """, by=(dimension,))
    codes = PATHWAYS if dimension == "pathway" else MODALITIES
    rank = {code: position for position, code in enumerate(codes)}
    return (
        frame.with_columns(labels(dimension, codes, LABEL_KEYS[dimension], ctx.lang).alias("label"),
                           pl.col(dimension).replace_strict(rank, default=len(codes), return_dtype=pl.Int64)
                           .alias("rank"))
        .sort("rank", dimension)
        .pipe(keep, dimension, "label", *COUNTS, *RATES)
    )


def labels(column: str, codes: tuple[str, ...], key_prefix: str, lang: str) -> pl.Expr:
    """The column's codes as their names in the language (key ``{key_prefix}.{code}``); a code the app
    has no name for (an edited reference) stays as it is."""
    names = {code: t(f"{key_prefix}.{code}", lang) for code in codes}
    return pl.col(column).replace_strict(names, default=pl.col(column), return_dtype=pl.String)
