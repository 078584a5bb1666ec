"""assessments: one row per skill assessment of a learner (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources.contract import Source, column, holds
from pipelines.sources.kinds import DAY, IDENTIFIER, NUMBER, Choice, Code

METHOD = Choice("method", {
    "vr": ("realite_virtuelle",), "ar": ("realite_augmentee",), "digital_twin": ("jumeau_numerique",),
    "serious_game": ("jeu_serieux",), "practical": ("pratique",), "written": ("ecrit",),
})


class Assessment(pa.DataFrameModel):
    learner_id: str = column(IDENTIFIER, "identifiant_apprenant")
    skill_code: str = column(Code("skills", "skill_code", "skill"), "code_competence")
    assessed_on: date = column(DAY, "date_evaluation")
    score: float = column(NUMBER, "note")
    method: str = column(METHOD, "modalite", required=False, nullable=True)

    class Config:
        strict = True

    @pa.check("score", name="score_from_0_to_100", error="rule.score_from_0_to_100", description="0 to 100")
    def score_from_0_to_100(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("score").is_between(0, 100)))


SOURCE = Source(
    name="assessments",
    model=Assessment,
    natural_key=("learner_id", "skill_code", "assessed_on"),
    description="one row per skill assessment of a learner",
)
