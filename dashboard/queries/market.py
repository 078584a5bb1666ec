"""Public demand: France Travail's BMO survey (mart_public_demand) beside employers' reported openings.

BMO counts hiring projects of every employer of every sector, by métier; mart_public_demand sums the
métiers that feed each trade (or, when no figure splits a métier between trades, each trade family) by
region and survey year. Every function sums the mart over the filter bar's selection and applies the
mart's ratio macro to the sums (difficulty_rate(sum(rated_xmet), sum(rated_met))), so a selection of
several regions gives the rate the mart would give for all of them. The period selects survey years (the
years its quarters fall in); the page shows the latest of them, ``shown_year``. The pathway does not apply.

A family row compares the family's BMO métiers with the openings of all the family's trades; a trade filter
keeps the trade rows only (a family row has no trade_code). Employers' openings of a selection are read
from mart_hiring_monthly, never summed over the mart's rows, where a trade counts in its own row and in its
family's. Whether a year's openings are provisional (its returns incomplete, docs/metrics.md) is the mart's
reported_openings_provisional, one flag per year.
"""

from __future__ import annotations

import polars as pl

from dashboard.door import Context, and_where, ask, where
from dashboard.i18n import LABELS, t
from dashboard.queries.common import label_column

MEASURES = """
    sum(mart_public_demand.met) as met,
    sum(mart_public_demand.xmet) as xmet,
    sum(mart_public_demand.smet) as smet,
    sum(mart_public_demand.rated_met) as rated_met,
    sum(mart_public_demand.rated_xmet) as rated_xmet,
    difficulty_rate(sum(mart_public_demand.rated_xmet), sum(mart_public_demand.rated_met)) as difficulty_rate,
    sum(mart_public_demand.cells)::bigint as cells,
    sum(mart_public_demand.masked_met_cells)::bigint as masked_met_cells,
    sum(mart_public_demand.masked_xmet_cells)::bigint as masked_xmet_cells,
    sum(mart_public_demand.masked_smet_cells)::bigint as masked_smet_cells,
    bool_or(mart_public_demand.reported_openings_provisional) as reported_openings_provisional
"""
MEASURE_COLUMNS = ("met", "xmet", "smet", "rated_met", "rated_xmet", "difficulty_rate", "cells", "masked_met_cells",
                   "masked_xmet_cells", "masked_smet_cells", "reported_openings_provisional")
OF_YEAR = f"mart_public_demand where mart_public_demand.year = $year {and_where('mart_public_demand')}"


def years(ctx: Context) -> list[int]:
    """The survey years of the selection, oldest first."""
    return ask(ctx, f"select distinct mart_public_demand.year from mart_public_demand {where('mart_public_demand')} "
                    "order by mart_public_demand.year")["year"].to_list()


def shown_year(ctx: Context) -> int | None:
    """The year the page shows: the latest survey year of the selection; None when it has none."""
    found = years(ctx)
    return found[-1] if found else None


def _employers_openings(ctx: Context, year: int, by: str = "") -> pl.DataFrame:
    """Openings employers reported over the calendar year (mart_hiring_monthly) for the selection; by region
    when ``by`` names mart_hiring_monthly.region_code. Whether the year is provisional is the mart's
    reported_openings_provisional, one flag for the whole year."""
    group = f"group by {by}" if by else ""
    return ask(ctx, f"""
        select {by + ',' if by else ''}
               sum(mart_hiring_monthly.openings)::bigint as reported_openings
        from mart_hiring_monthly
        where mart_hiring_monthly.year = $year {and_where("mart_hiring_monthly")}
        {group}
        """, params={"year": year}, by=(by.split(".")[-1],) if by else ())


def summary(ctx: Context) -> pl.DataFrame:
    """One row for the shown year: the BMO measures of the selection and employers' openings of that year;
    no row when the selection holds no survey year."""
    year = shown_year(ctx)
    if year is None:
        return pl.DataFrame()
    public = ask(ctx, f"select $year as year, {MEASURES} from {OF_YEAR}", params={"year": year})
    return pl.concat([public, _employers_openings(ctx, year)], how="horizontal")


def by_target(ctx: Context) -> pl.DataFrame:
    """One row per trade or family of the shown year: BMO measures, employers' openings of its trades, and
    its name in the language (``target_label``), the most projects first."""
    year = shown_year(ctx)
    if year is None:
        return pl.DataFrame()
    frame = ask(ctx, f"""
        with codes as (
            select target_level, target_code, string_agg(bmo_code, ', ' order by bmo_code) as bmo_codes
            from bmo_trade_mapping
            group by target_level, target_code
        ),

        by_target as (
            select mart_public_demand.target_level, mart_public_demand.target_code,
                   any_value(mart_public_demand.family) as family,
                   {MEASURES},
                   sum(mart_public_demand.reported_openings)::bigint as reported_openings
            from {OF_YEAR}
            group by mart_public_demand.target_level, mart_public_demand.target_code
        )
        select $year as year, by_target.target_level, by_target.target_code, by_target.family,
               dim_trade.{label_column(ctx.lang)} as trade_label, codes.bmo_codes,
               by_target.* exclude (target_level, target_code, family)
        from by_target
        left join codes using (target_level, target_code)
        left join dim_trade on dim_trade.trade_code = by_target.target_code and by_target.target_level = 'trade'
        order by by_target.met desc nulls last, by_target.target_level desc, by_target.target_code
        """, params={"year": year}, by=("target_level", "target_code"))
    return with_target_labels(frame, ctx.lang)


def family_label(family: str | None, lang: str) -> str:
    """A trade family in the language ("qualité"); the family's code when the translation table lacks it."""
    key = f"trade.family.{family}"
    return t(key, lang) if key in LABELS else (family or "–")


def with_target_labels(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """``target_label``: the trade's name, or "Famille production (tous ses métiers)" for a family row."""
    labels = [row["trade_label"] if row["target_level"] == "trade"
              else t("market.family_target", lang, family=family_label(row["family"], lang))
              for row in frame.select("target_level", "trade_label", "family").iter_rows(named=True)]
    return frame.with_columns(pl.Series("target_label", labels, dtype=pl.String)).drop("trade_label")


def by_region(ctx: Context) -> pl.DataFrame:
    """Every region of dim_region for the shown year: the BMO measures over the selection's trades and
    families (null where it has no cell) and employers' openings of that year, the highest difficulty first."""
    year = shown_year(ctx)
    if year is None:
        return pl.DataFrame()
    public = ask(ctx, f"""
        with by_region as (
            select mart_public_demand.region_code, {MEASURES}
            from {OF_YEAR}
            group by mart_public_demand.region_code
        )
        select dim_region.region_code, dim_region.region_name,
               {", ".join(f"by_region.{name}" for name in MEASURE_COLUMNS)}
        from dim_region
        left join by_region using (region_code)
        order by by_region.difficulty_rate desc nulls last, dim_region.region_name
        """, params={"year": year}, by=("region_code",))
    openings = _employers_openings(ctx, year, by="mart_hiring_monthly.region_code")
    return public.join(openings, on="region_code", how="left", maintain_order="left").with_columns(
        pl.lit(year).alias("year"))


def detail(ctx: Context) -> pl.DataFrame:
    """One row per trade or family x region of the shown year, as the mart has it, with the names."""
    year = shown_year(ctx)
    if year is None:
        return pl.DataFrame()
    frame = ask(ctx, f"""
        with selection as (
            select * from {OF_YEAR}
        )
        select selection.year, selection.target_level, selection.target_code, selection.family,
               dim_trade.{label_column(ctx.lang)} as trade_label, selection.region_code, dim_region.region_name,
               selection.bmo_codes, {", ".join(f"selection.{name}" for name in MEASURE_COLUMNS)},
               selection.reported_openings
        from selection
        left join dim_trade on dim_trade.trade_code = selection.trade_code
        left join dim_region on dim_region.region_code = selection.region_code
        order by selection.met desc nulls last, selection.target_code, selection.region_code
        """, params={"year": year}, by=("target_level", "target_code", "region_code"))
    return with_target_labels(frame, ctx.lang)


def trend(ctx: Context) -> pl.DataFrame:
    """One row per survey year of the selection: the BMO measures and employers' openings of that year."""
    public = ask(ctx, f"""
        select mart_public_demand.year, {MEASURES}
        from mart_public_demand {where("mart_public_demand")}
        group by mart_public_demand.year
        order by mart_public_demand.year
        """, by=("year",))
    openings = ask(ctx, f"""
        select mart_hiring_monthly.year, sum(mart_hiring_monthly.openings)::bigint as reported_openings
        from mart_hiring_monthly {where("mart_hiring_monthly")}
        group by mart_hiring_monthly.year
        """, by=("year",))
    return public.join(openings, on="year", how="left", maintain_order="left")
