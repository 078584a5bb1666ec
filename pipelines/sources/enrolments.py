"""enrolments: one row per learner enrolled in one programme (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources.contract import Source, column, holds, validation_day
from pipelines.sources.kinds import BOOLEAN, DAY, IDENTIFIER, PLANNED_DAY, Choice, Code, Region

STATUS = Choice("status", {"enrolled": ("en_cours", "in_progress"), "completed": ("termine",),
                           "withdrawn": ("abandon", "abandonne")})
PATHWAY = Choice("pathway", {"initial": ("initiale",), "continuing": ("continue", "formation_continue"),
                             "apprenticeship": ("apprentissage",)})


class Enrolment(pa.DataFrameModel):
    learner_id: str = column(IDENTIFIER, "identifiant_apprenant", description="pseudonymous id")
    programme_code: str = column(Code("programmes", "programme_code", "programme"), "code_formation")
    region_code: str = column(Region(), "region", "code_region", description="region of the training site")
    start_date: date = column(DAY, "date_debut")
    end_date: date = column(PLANNED_DAY, "date_fin", required=False, nullable=True,
                            description="planned while the enrolment is in progress")
    status: str = column(STATUS, "statut")
    certified: bool = column(BOOLEAN, "certifie", required=False, nullable=True)
    pathway: str = column(PATHWAY, "voie", required=False, nullable=True,
                          description="default: the programme's")

    class Config:
        strict = True

    @pa.check("end_date", name="end_date_when_completed", error="rule.end_date_when_completed",
              description="required when status = completed")
    def end_date_when_completed(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds((pl.col("status") != "completed") | pl.col("end_date").is_not_null()))

    @pa.check("end_date", name="end_date_not_before_start", error="rule.end_date_before_start",
              description=">= start_date")
    def end_date_not_before_start(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("end_date") >= pl.col("start_date")))

    @pa.check("end_date", name="end_date_past_once_ended", error="rule.end_date_in_future_once_ended",
              description="not in the future once completed or withdrawn")
    def end_date_past_once_ended(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds((pl.col("status") == "enrolled") | (pl.col("end_date") <= validation_day())))

    @pa.check("certified", name="certified_only_when_completed", error="rule.certified_only_when_completed",
              description="only true when completed")
    def certified_only_when_completed(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(~pl.col("certified") | (pl.col("status") == "completed")))


SOURCE = Source(
    name="enrolments",
    model=Enrolment,
    natural_key=("learner_id", "programme_code", "start_date"),
    description="one row per learner enrolled in one programme",
)
