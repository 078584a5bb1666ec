"""placements: one row per trained learner hired (DATA_CONTRACT.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa

from pipelines.sources.contract import Source, column
from pipelines.sources.kinds import DAY, IDENTIFIER, Choice, Code, Region

CONTRACT = Choice("contract", {"cdi": (), "cdd": (), "interim": (),
                               "apprenticeship": ("apprentissage", "alternance")})


class Placement(pa.DataFrameModel):
    learner_id: str = column(IDENTIFIER, "identifiant_apprenant")
    employer_id: str = column(IDENTIFIER, "identifiant_employeur")
    trade_code: str = column(Code("trades", "trade_code", "trade"), "code_metier")
    region_code: str = column(Region(), "region", "code_region")
    hired_on: date = column(DAY, "date_embauche")
    contract: str = column(CONTRACT, "contrat")

    class Config:
        strict = True


SOURCE = Source(
    name="placements",
    model=Placement,
    natural_key=("learner_id", "employer_id", "hired_on"),
    description="one row per trained learner hired",
)
