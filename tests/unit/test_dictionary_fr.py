"""The data dictionary in French (warehouse/dictionary_fr.toml): every table and column of a warehouse built by
the real models described, nothing described that the warehouse lacks, no protection tag in the text; and
schema_catalog serving it to the French /sql page while the English stays the warehouse's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.warehouse_factory import make_warehouse_file
from warehouse.dictionary import french_descriptions, schema_catalog

PROTECTION_TAG = re.compile(r"\[(learner count|ratio of|follows)\b")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A warehouse of the real models (every table is built, whatever rows it holds)."""
    return make_warehouse_file(tmp_path_factory.mktemp("dictionary"),
                               hiring=[{"month": "2024-03-01", "openings": 4, "hires": 2, "jobs_created": 1}],
                               enrolments=[{"learner_id": "L1", "status": "completed", "end_date": "2024-06-30"}])


def test_every_documented_table_and_column_has_a_french_description(built):
    french = french_descriptions()
    missing = []
    for table in schema_catalog(built):
        entry = french.get(table.name, {})
        if table.comment and not entry.get("description"):
            missing.append(f"{table.name}: description")
        if table.grain and not entry.get("grain"):
            missing.append(f"{table.name}: grain")
        missing += [f"{table.name}.{column.name}" for column in table.columns
                    if column.comment and not entry.get("columns", {}).get(column.name)]
    assert missing == []


def test_no_french_entry_names_a_table_or_column_the_warehouse_lacks(built):
    columns = {table.name: {column.name for column in table.columns} for table in schema_catalog(built)}
    unknown = [name for name in french_descriptions() if name not in columns]
    unknown += [f"{name}.{column}" for name, entry in french_descriptions().items() if name in columns
                for column in entry.get("columns", {}) if column not in columns[name]]
    assert unknown == []
    unexpected = [f"{name}: {key}" for name, entry in french_descriptions().items()
                  for key in entry if key not in ("description", "grain", "columns")]
    assert unexpected == []


def test_french_descriptions_are_text_for_people_without_protection_tags():
    texts = [(name, text) for name, entry in french_descriptions().items()
             for text in (entry.get("description", ""), entry.get("grain", ""), *entry.get("columns", {}).values())]
    assert [name for name, text in texts if PROTECTION_TAG.search(text)] == []
    assert [name for name, text in texts if not text.strip() or text != text.strip()] == []


def test_the_catalog_is_in_french_for_a_french_page_and_in_english_otherwise(built):
    english = {table.name: table for table in schema_catalog(built)}
    french = {table.name: table for table in schema_catalog(built, lang="fr")}
    gap_en, gap_fr = english["mart_talent_gap"], french["mart_talent_gap"]
    assert gap_en.comment.startswith("Talent gap by trade, region and quarter")
    assert gap_fr.comment.startswith("Les tensions par métier, région et trimestre")
    assert gap_fr.grain == ("une ligne par métier × région × trimestre qui a une demande ou des diplômés "
                            "(clé : trade_code, region_code, quarter_start)")
    supply = {column.name: column for column in gap_fr.columns}["supply"]
    assert supply.comment == ("Les mêmes apprenants, en ne comptant que ceux qui sont prêts à l'emploi "
                              "(fact_job_readiness.job_ready).")
    assert "[learner count]" in {column.name: column for column in gap_en.columns}["supply"].comment
    # the same tables, columns and types in both: only the words differ
    assert [(table.name, [(column.name, column.type) for column in table.columns]) for table in french.values()] \
        == [(table.name, [(column.name, column.type) for column in table.columns]) for table in english.values()]
