"""bmo: France Travail's "Besoins en Main-d'Œuvre" open data, as published (DATA_CONTRACT.md).

The employment-area columns are named after the survey year (``BE24``/``NOMBE24``, ``BE25``/``NOMBE25``,
``BE2019``): matched by pattern. The other headers have changed over the years too, and every name
France Travail has used is an alias: ``Famille_met`` / ``Famille_metier``, ``Lbl_fam_met`` /
``Libellé de famille de métier``, ``Nom métier BMO`` / ``nom_metier BMO``, ``NomDept`` / ``Nom_Dept``
(headers are compared without case, accents or punctuation). Each row carries its survey year
(``annee``), so several years load side by side. Counts masked as ``*`` are kept as null with a
``*_masked`` flag, never as a guessed number. docs/bmo.md says how to load the published file.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.sources.contract import Source, column, holds, validation_day
from pipelines.sources.kinds import IDENTIFIER, TEXT, WHOLE_NUMBER, DepartmentCode, MaskedCount, Region

COUNTS = ("met", "xmet", "smet")
FIRST_SURVEY_YEAR = 2000  # BMO has been published since 2002; earlier years are typos


class Bmo(pa.DataFrameModel):
    year: int = column(WHOLE_NUMBER, "annee")
    bmo_code: str = column(IDENTIFIER, "code_metier_bmo")
    bmo_label: str = column(TEXT, "nom_metier_bmo", "libelle_metier_bmo", "lbl_metier_bmo", required=False,
                            nullable=True)
    family_code: str = column(IDENTIFIER, "famille_met", "famille_metier", "code_famille_metier", required=False,
                              nullable=True)
    family_label: str = column(TEXT, "lbl_fam_met", "libelle_de_famille_de_metier", "libelle_famille_metier",
                               "libelle_famille_de_metier", required=False, nullable=True)
    region_code: str = column(Region(), "reg", "code_reg", required=False, nullable=True)
    region_name: str = column(TEXT, "nom_reg", "nom_region", "lib_reg", required=False, nullable=True)
    department_code: str = column(DepartmentCode(), "dept")
    department_name: str = column(TEXT, "nomdept", "nom_dept", "nom_departement", "lib_dept", required=False,
                                  nullable=True)
    employment_area_code: str = column(IDENTIFIER, "BE24", header_pattern=r"be(?:\d{2}|\d{4})",
                                       description="named after the survey year: BE24, BE25, ...")
    employment_area_name: str = column(TEXT, "NOMBE24", "nom_bassin_bmo", "lib_bassin_bmo", "nom_bassin",
                                       header_pattern=r"nom_?be(?:\d{2}|\d{4})", required=False,
                                       nullable=True, description="NOMBE24, NOMBE25, ...")
    met: int = column(MaskedCount(), nullable=True, description="hiring projects")
    xmet: int = column(MaskedCount(), nullable=True, description="projects judged difficult")
    smet: int = column(MaskedCount(), nullable=True, description="seasonal projects")
    met_masked: bool
    xmet_masked: bool
    smet_masked: bool

    class Config:
        strict = True

    @pa.check(*COUNTS, name="count_or_masked", error="rule.count_or_masked", description="a count or * in every row")
    def count_or_masked(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).is_not_null() | pl.col(f"{data.key}_masked"))

    @pa.check("year", name="survey_year", error="rule.survey_year", description="2000 to next year")
    def survey_year(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(holds(pl.col("year").is_between(FIRST_SURVEY_YEAR, validation_day().year + 1)))


SOURCE = Source(
    name="bmo",
    model=Bmo,
    natural_key=("year", "bmo_code", "department_code", "employment_area_code"),
    derived=tuple((pl.col(name).str.strip_chars() == "*").fill_null(False).alias(f"{name}_masked")
                  for name in COUNTS),
    description="France Travail \"Besoins en Main-d'Œuvre\" open data, as published",
)
