"""The sources' contracts: each column declared once (in the model), one registry, the generated data contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.sources.contract import CONTRACT
from pipelines.sources.docs import DOCUMENT, contract_markdown
from pipelines.sources.registry import SOURCE_NAMES, sources

ROOT = Path(__file__).parents[2]


def test_the_registry_names_each_source_module_once_in_order():
    assert SOURCE_NAMES == ("enrolments", "assessments", "hiring", "placements", "bmo")
    assert [source.name for source in sources().values()] == list(SOURCE_NAMES)


def test_the_registry_is_cheap_to_import():
    """A screen may import the source names without loading pandera, polars or the models."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, pipelines.sources.registry as r; "
                               "print(r.SOURCE_NAMES[0], 'pandera' in sys.modules, 'polars' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["enrolments", "False", "False"]


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_the_reader_columns_are_the_model_fields_declared_as_columns(name):
    source = sources()[name]
    fields = source.model.to_schema().columns
    declared = [field for field, column in fields.items() if (column.metadata or {}).get(CONTRACT)]
    assert [column.name for column in source.columns] == declared
    assert set(source.value_columns) == set(fields)
    assert set(source.natural_key) <= set(declared)
    for column in source.columns:
        assert column.nullable == fields[column.name].nullable


def test_bmo_flags_are_derived_not_read():
    bmo = sources()["bmo"]
    assert {"met_masked", "xmet_masked", "smet_masked"} <= set(bmo.value_columns) - {c.name for c in bmo.columns}


def test_every_rule_of_every_model_has_a_message_and_a_description():
    from pipelines.messages import MESSAGES

    for source in sources().values():
        for name, column in source.model.to_schema().columns.items():
            for check in column.checks:
                assert check.error in MESSAGES, (source.name, name, check.error)
                assert check.description, (source.name, name, check.name)


def test_docs_data_contract_md_is_generated_from_the_models():
    assert DOCUMENT.read_text(encoding="utf-8") == contract_markdown(), (
        "docs/data-contract.md is stale: regenerate it with python -m pipelines.sources.docs")


def test_the_generated_contract_keeps_the_prose_and_states_each_column():
    text = contract_markdown()
    assert "## Rows that fail" in text and "Expect French office habits." in text
    assert "| end_date | date_fin | date | optional; from 2015-01-01 (`WORKFORCE_EARLIEST_DATE`), at most 3 years " \
           "after today (`WORKFORCE_PLANNED_END_YEARS`)" in text
    assert "| openings | postes_ouverts | count | required; whole number from 0 to 100,000 (`WORKFORCE_COUNT_MAX`)" in text
    assert "{{" not in text
