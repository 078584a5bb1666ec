"""placements: one row per trained learner hired (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources import DATE, Choice, Code, Column, Region, Source, Text, holds, validation_day

CONTRACT = Choice("contract", {"cdi": (), "cdd": (), "interim": (),
                               "apprenticeship": ("apprentissage", "alternance")})


class Placement(pa.DataFrameModel):
    learner_id: str
    employer_id: str
    trade_code: str
    region_code: str
    hired_on: date
    contract: str

    class Config:
        strict = True

    @pa.check("hired_on", name="not_in_future",
              error="hired_on '{value}' is in the future (today is {today}); fix the date")
    def not_in_future(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("hired_on") <= validation_day()))


SOURCE = Source(
    name="placements",
    columns=(
        Column("learner_id", Text(), ("identifiant_apprenant",)),
        Column("employer_id", Text(), ("identifiant_employeur",)),
        Column("trade_code", Code("trades", "trade_code", "trade"), ("code_metier",)),
        Column("region_code", Region(), ("region", "code_region")),
        Column("hired_on", DATE, ("date_embauche",)),
        Column("contract", CONTRACT, ("contrat",)),
    ),
    natural_key=("learner_id", "employer_id", "hired_on"),
    model=Placement,
)
