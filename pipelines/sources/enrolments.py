"""enrolments: one row per learner enrolled in one programme (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources import BOOLEAN, DATE, Choice, Code, Column, Region, Source, Text, holds

STATUS = Choice("status", {"enrolled": ("en_cours", "in_progress"), "completed": ("termine",),
                           "withdrawn": ("abandon", "abandonne")})
PATHWAY = Choice("pathway", {"initial": ("initiale",), "continuing": ("continue", "formation_continue"),
                             "apprenticeship": ("apprentissage",)})


class Enrolment(pa.DataFrameModel):
    learner_id: str
    programme_code: str
    region_code: str
    start_date: date
    end_date: date = pa.Field(nullable=True)
    status: str
    certified: bool = pa.Field(nullable=True)
    pathway: str = pa.Field(nullable=True)

    class Config:
        strict = True

    @pa.check("end_date", name="end_date_when_completed",
              error="end_date is empty but the enrolment is completed (status '{status}'); "
                    "give the end date or change the status")
    def end_date_when_completed(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds((pl.col("status") != "completed") | pl.col("end_date").is_not_null()))

    @pa.check("end_date", name="end_date_not_before_start",
              error="end_date '{value}' is before start_date '{start_date}'; fix one of the dates")
    def end_date_not_before_start(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("end_date") >= pl.col("start_date")))

    @pa.check("certified", name="certified_only_when_completed",
              error="certified is '{value}' but status is '{status}', not completed; "
                    "only a completed enrolment can be certified")
    def certified_only_when_completed(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(~pl.col("certified") | (pl.col("status") == "completed")))


SOURCE = Source(
    name="enrolments",
    columns=(
        Column("learner_id", Text(), ("identifiant_apprenant",)),
        Column("programme_code", Code("programmes", "programme_code", "programme"), ("code_formation",)),
        Column("region_code", Region(), ("region", "code_region")),
        Column("start_date", DATE, ("date_debut",)),
        Column("end_date", DATE, ("date_fin",), required=False),
        Column("status", STATUS, ("statut",)),
        Column("certified", BOOLEAN, ("certifie",), required=False),
        Column("pathway", PATHWAY, ("voie",), required=False),
    ),
    natural_key=("learner_id", "programme_code", "start_date"),
    model=Enrolment,
)
