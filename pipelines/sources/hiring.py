"""hiring: one row per employer x region x trade x month (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources import COUNT, MONTH, Column, Region, Source, Text, TradeOrRome, holds, validation_day

COUNTS = ("openings", "hires", "jobs_created", "hires_from_campus", "open_vacancies")


class Hiring(pa.DataFrameModel):
    employer_id: str
    region_code: str
    trade_code: str
    month: date
    openings: int
    hires: int
    jobs_created: int
    hires_from_campus: int
    open_vacancies: int

    class Config:
        strict = True

    @pa.check("month", name="not_after_this_month",
              error="month '{value}' is after the current month ({this_month}); report months that have begun")
    def not_after_this_month(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("month") <= validation_day().replace(day=1)))

    @pa.check(*COUNTS, name="not_negative", error="{column} '{value}' is negative; counts are 0 or more")
    def not_negative(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col(data.key) >= 0))

    @pa.check("jobs_created", name="jobs_created_within_hires",
              error="jobs_created '{value}' is more than hires '{hires}'; jobs created count hires into new "
                    "positions, so at most hires")
    def jobs_created_within_hires(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("jobs_created") <= pl.col("hires")))

    @pa.check("hires_from_campus", name="campus_hires_within_hires",
              error="hires_from_campus '{value}' is more than hires '{hires}'; campus hires are some of the hires")
    def campus_hires_within_hires(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("hires_from_campus") <= pl.col("hires")))


SOURCE = Source(
    name="hiring",
    columns=(
        Column("employer_id", Text(), ("identifiant_employeur",)),
        Column("region_code", Region(), ("region", "code_region")),
        Column("trade_code", TradeOrRome(), ("code_metier",)),
        Column("month", MONTH, ("mois",)),
        Column("openings", COUNT, ("postes_ouverts",)),
        Column("hires", COUNT, ("embauches",)),
        Column("jobs_created", COUNT, ("emplois_crees",)),
        Column("hires_from_campus", COUNT, ("embauches_campus",)),
        Column("open_vacancies", COUNT, ("postes_vacants",)),
    ),
    natural_key=("employer_id", "region_code", "trade_code", "month"),
    model=Hiring,
)
