"""hiring: one row per employer x region x trade x month (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources.contract import Source, column, holds
from pipelines.sources.kinds import COUNT, IDENTIFIER, MONTH, Region, TradeOrRome


class Hiring(pa.DataFrameModel):
    employer_id: str = column(IDENTIFIER, "identifiant_employeur")
    region_code: str = column(Region(), "region", "code_region")
    trade_code: str = column(TradeOrRome(), "code_metier")
    month: date = column(MONTH, "mois")
    openings: int = column(COUNT, "postes_ouverts", description="positions opened in the month")
    hires: int = column(COUNT, "embauches", description="people hired in the month")
    jobs_created: int = column(COUNT, "emplois_crees", description="hires into newly created positions")
    hires_from_campus: int = column(COUNT, "embauches_campus", description="hires of people trained by the campus")
    open_vacancies: int = column(COUNT, "postes_vacants", description="positions still unfilled at month end")

    class Config:
        strict = True

    @pa.check("jobs_created", name="jobs_created_within_hires", error="rule.jobs_created_within_hires",
              description="<= hires")
    def jobs_created_within_hires(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("jobs_created") <= pl.col("hires")))

    @pa.check("hires_from_campus", name="campus_hires_within_hires", error="rule.campus_hires_within_hires",
              description="<= hires")
    def campus_hires_within_hires(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("hires_from_campus") <= pl.col("hires")))


SOURCE = Source(
    name="hiring",
    model=Hiring,
    natural_key=("employer_id", "region_code", "trade_code", "month"),
    description="one row per employer x region x trade x month",
)
