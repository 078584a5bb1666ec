"""Small factories that write real input files (good or bad) for the pipeline tests.

``write_source_file(tmp_path, "enrolments", [{"status": "fini"}])`` writes a CSV
of one valid enrolment whose status is replaced: each row is ``GOOD_ROWS[source]``
updated with the overrides (None writes an empty cell), so a test states only
what is wrong. Format, delimiter, encoding and header names are parameters.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Iterable

import openpyxl
import polars as pl

GOOD_ROWS: dict[str, dict[str, str]] = {
    "enrolments": {"learner_id": "L001", "programme_code": "P-USP-TECH", "region_code": "11",
                   "start_date": "2024-01-08", "end_date": "2024-06-28", "status": "completed",
                   "certified": "true", "pathway": "initial"},
    "assessments": {"learner_id": "L001", "skill_code": "GMP", "assessed_on": "2024-05-02", "score": "72.5",
                    "method": "vr"},
    "hiring": {"employer_id": "E01", "region_code": "11", "trade_code": "USP", "month": "2024-03",
               "openings": "5", "hires": "4", "jobs_created": "2", "hires_from_campus": "1", "open_vacancies": "1"},
    "placements": {"learner_id": "L001", "employer_id": "E01", "trade_code": "USP", "region_code": "11",
                   "hired_on": "2024-07-15", "contract": "cdi"},
    "bmo": {"annee": "2024", "Code métier BMO": "J0Z60", "Nom métier BMO": "Techniciens de production",
            "Famille_met": "J", "Lbl_fam_met": "Industrie", "REG": "84", "NOM_REG": "Auvergne-Rhône-Alpes",
            "Dept": "69", "NomDept": "Rhône", "BE24": "8213", "NOMBE24": "Lyon", "met": "120", "xmet": "40",
            "smet": "*"},
}


def rows_of(source: str, overrides: Iterable[dict[str, str | None]]) -> list[dict[str, str | None]]:
    return [{**GOOD_ROWS[source], **override} for override in overrides]


def write_source_file(folder: Path, source: str, overrides: Iterable[dict[str, str | None]] = ({},),
                      name: str | None = None, fmt: str = "csv", rename: dict[str, str] | None = None,
                      drop: Iterable[str] = (), **csv_options) -> Path:
    """A file of ``source`` rows: valid ones, each updated with its overrides.

    ``rename`` maps a canonical column to the header written instead (an alias);
    ``drop`` leaves columns out; ``csv_options`` go to ``write_csv``."""
    rows = rows_of(source, overrides)
    columns = [column for column in rows[0] if column not in set(drop)]
    header = [(rename or {}).get(column, column) for column in columns]
    records = [[row[column] for column in columns] for row in rows]
    path = Path(folder) / (name or f"{source}.{fmt}")
    writers = {"csv": write_csv, "xlsx": write_xlsx, "parquet": write_parquet}
    return writers[fmt](path, header, records, **csv_options)


def write_csv(path: Path, header: list[str], records: list[list[str | None]], delimiter: str = ",",
              encoding: str = "utf-8", bom: bool = False, line_end: str = "\n") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in record] for record in records])
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], records: list[list[object]], sheets: dict | None = None) -> Path:
    """First sheet: header + records; ``sheets`` adds more sheets (name -> rows, header first)."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "data"
    for record in [header, *records]:
        first.append(record)
    for name, rows in (sheets or {}).items():
        sheet = workbook.create_sheet(name)
        for record in rows:
            sheet.append(record)
    workbook.save(path)
    return path


def write_parquet(path: Path, header: list[str], records: list[list[object]]) -> Path:
    pl.DataFrame([list(column) for column in zip(*records)], schema=header, orient="col").write_parquet(path)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write_demo_manifest(folder: Path, files: Iterable[Path]) -> Path:
    """The manifest `workforce demo` writes: file name -> sha256 of its content."""
    manifest = {"files": {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}}
    path = Path(folder) / "demo-manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path
