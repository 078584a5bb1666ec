"""bmo: France Travail's "Besoins en Main-d'Œuvre" open data, as published (DATA_CONTRACT.md).

The employment-area columns are named after the survey year (``BE24``/``NOMBE24``,
``BE23``/``NOMBE23``): matched by pattern. Counts masked as ``*`` are kept as
null with a ``*_masked`` flag, never as a guessed number.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources import COUNT, Column, DepartmentCode, MaskedCount, Region, Source, Text, holds, validation_day

COUNTS = ("met", "xmet", "smet")
FIRST_SURVEY_YEAR = 2000  # BMO has been published since 2002; earlier years are typos


class Bmo(pa.DataFrameModel):
    year: int
    bmo_code: str
    bmo_label: str = pa.Field(nullable=True)
    family_code: str = pa.Field(nullable=True)
    family_label: str = pa.Field(nullable=True)
    region_code: str = pa.Field(nullable=True)
    region_name: str = pa.Field(nullable=True)
    department_code: str
    department_name: str = pa.Field(nullable=True)
    employment_area_code: str
    employment_area_name: str = pa.Field(nullable=True)
    met: int = pa.Field(nullable=True)
    xmet: int = pa.Field(nullable=True)
    smet: int = pa.Field(nullable=True)
    met_masked: bool
    xmet_masked: bool
    smet_masked: bool

    class Config:
        strict = True

    @pa.check(*COUNTS, name="count_or_masked",
              error="{column} is empty; BMO publishes a count or * (masked) in every row")
    def count_or_masked(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).is_not_null() | pl.col(f"{data.key}_masked"))

    @pa.check("year", name="survey_year",
              error="year '{value}' is not a BMO survey year (2000 to next year); fix the annee column")
    def survey_year(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("year").is_between(FIRST_SURVEY_YEAR, validation_day().year + 1)))


SOURCE = Source(
    name="bmo",
    columns=(
        Column("year", COUNT, ("annee",)),
        Column("bmo_code", Text(), ("code_metier_bmo",)),
        Column("bmo_label", Text(), ("nom_metier_bmo",), required=False),
        Column("family_code", Text(), ("famille_met",), required=False),
        Column("family_label", Text(), ("lbl_fam_met",), required=False),
        Column("region_code", Region(), ("reg",), required=False),
        Column("region_name", Text(), ("nom_reg",), required=False),
        Column("department_code", DepartmentCode(), ("dept",)),
        Column("department_name", Text(), ("nomdept",), required=False),
        Column("employment_area_code", Text(), ("BE24",), header_pattern=r"be\d{2}"),
        Column("employment_area_name", Text(), ("NOMBE24",), header_pattern=r"nombe\d{2}", required=False),
        *(Column(name, MaskedCount()) for name in COUNTS),
    ),
    natural_key=("year", "bmo_code", "department_code", "employment_area_code"),
    model=Bmo,
    derived=tuple((pl.col(name).str.strip_chars() == "*").fill_null(False).alias(f"{name}_masked")
                  for name in COUNTS),
)
