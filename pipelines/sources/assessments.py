"""assessments: one row per skill assessment of a learner (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources import DATE, NUMBER, Choice, Code, Column, Source, Text, holds, validation_day

METHOD = Choice("method", {
    "vr": ("realite_virtuelle",), "ar": ("realite_augmentee",), "digital_twin": ("jumeau_numerique",),
    "serious_game": ("jeu_serieux",), "practical": ("pratique",), "written": ("ecrit",),
})


class Assessment(pa.DataFrameModel):
    learner_id: str
    skill_code: str
    assessed_on: date
    score: float
    method: str = pa.Field(nullable=True)

    class Config:
        strict = True

    @pa.check("assessed_on", name="not_in_future",
              error="assessed_on '{value}' is in the future (today is {today}); fix the date")
    def not_in_future(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("assessed_on") <= validation_day()))

    @pa.check("score", name="score_from_0_to_100",
              error="score '{value}' is not between 0 and 100; give the score out of 100")
    def score_from_0_to_100(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("score").is_between(0, 100)))


SOURCE = Source(
    name="assessments",
    columns=(
        Column("learner_id", Text(), ("identifiant_apprenant",)),
        Column("skill_code", Code("skills", "skill_code", "skill"), ("code_competence",)),
        Column("assessed_on", DATE, ("date_evaluation",)),
        Column("score", NUMBER, ("note",)),
        Column("method", METHOD, ("modalite",), required=False),
    ),
    natural_key=("learner_id", "skill_code", "assessed_on"),
    model=Assessment,
)
