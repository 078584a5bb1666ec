"""The data dictionary: the warehouse's own COMMENT ONs as tables and columns to show and to publish.

``schema_catalog(db, lang)`` reads the published warehouse read-only (the app's /sql
page shows it); ``render_markdown`` turns it and the worked examples into
docs/warehouse.md (``workforce docs``): the star schema in mermaid, each table's
grain and columns, the example queries. The comments are written by the models
(warehouse/models), so the documentation never drifts from what was built.

The comments are in English, the warehouse's language. The French description of
every table (its grain too) and column is in one file, warehouse/dictionary_fr.toml,
a section per table: a translator edits one readable file, and a test builds a
warehouse and checks that the file describes each of its tables and columns and
names none it lacks. It holds the descriptions only: the protection tags of the
comments (``[learner count]``...) are rules the app reads from the English, not text.
A description the file lacks (a column added since) shows in English rather than not at all.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

import duckdb

from warehouse.build import MODELS_DIR, data_dictionary
from warehouse.connect import reading
from warehouse.examples import Example

# Role of a table, in the order the documentation lists them, with its heading.
ROLES = {
    "dimension": "Dimensions and reference",
    "fact": "Facts",
    "mart": "Marts",
    "operations": "Operations",
    "staging": "Staging views",
    "landing": "Landing tables",
}
_ROLE_BY_PREFIX = {"dim_": "dimension", "fact_": "fact", "mart_": "mart", "stg_": "staging", "raw.": "landing"}
_REFERENCE_TABLES = {"trade_skill_requirement", "bmo_trade_mapping"}  # reference bridges: trade x skill, BMO métier x trade
_OPERATIONS_TABLES = {"load_log", "rejected_rows", "warehouse_info"}

FRENCH_PATH = Path(__file__).with_name("dictionary_fr.toml")
_GRAIN_LINE = re.compile(r"^\s*--\s*grain:\s*(.+?)\s*$", re.IGNORECASE)
_GRAIN_IN_COMMENT = re.compile(r"\bone row per\b[^.;:,]*", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str | None


@dataclass(frozen=True)
class Table:
    """A table or view of the warehouse; ``name`` is qualified (raw.hiring) outside the main schema."""

    name: str
    comment: str | None
    grain: str | None
    columns: list[Column] = field(default_factory=list)
    kind: str = "table"

    @property
    def role(self) -> str:
        return table_role(self.name)

    @property
    def key(self) -> str | None:
        """The key column of a dimension (dim_region -> region_code, else its first column); None for others."""
        if not self.name.startswith("dim_"):
            return None
        names = [column.name for column in self.columns]
        conventional = self.name.removeprefix("dim_") + "_code"
        return conventional if conventional in names else (names[0] if names else None)


def table_role(name: str) -> str:
    """dimension, fact, mart, operations, staging, landing, or other."""
    if name in _REFERENCE_TABLES:
        return "dimension"
    if name in _OPERATIONS_TABLES:
        return "operations"
    return next((role for prefix, role in _ROLE_BY_PREFIX.items() if name.startswith(prefix)), "other")


def schema_catalog(db: str | os.PathLike | None = None, lang: str = "en") -> list[Table]:
    """Every table and view of the published warehouse with its comments and grain, by role then name; in
    French when ``lang`` is fr (warehouse/dictionary_fr.toml), else the warehouse's English."""
    with reading(db) as cursor:
        tables = read_catalog(cursor)
    return [in_french(table) for table in tables] if lang == "fr" else tables


@functools.cache
def french_descriptions() -> dict[str, Any]:
    """warehouse/dictionary_fr.toml: table name -> {description, grain, columns: {column name -> description}}."""
    with FRENCH_PATH.open("rb") as file:
        return tomllib.load(file)


def in_french(table: Table) -> Table:
    """The table with its description, grain and columns' descriptions in French, each that the French
    dictionary has (the English comment for one it lacks)."""
    french = french_descriptions().get(table.name, {})
    columns = french.get("columns", {})
    return replace(table, comment=french.get("description", table.comment), grain=french.get("grain", table.grain),
                   columns=[replace(column, comment=columns.get(column.name, column.comment))
                            for column in table.columns])


def read_catalog(connection: duckdb.DuckDBPyConnection) -> list[Table]:
    """The catalog as an open connection on the warehouse sees it (one snapshot with what else it reads)."""
    rows = data_dictionary(connection).to_dicts()
    tables: dict[str, Table] = {}
    for row in rows:
        name = row["table_name"] if row["schema_name"] == "main" else f"{row['schema_name']}.{row['table_name']}"
        if row["column_name"] is None:
            tables[name] = Table(name=name, comment=row["comment"], kind=row["kind"],
                                 grain=model_grain(row["table_name"]) or grain_in_comment(row["comment"]))
        else:
            tables[name].columns.append(Column(row["column_name"], row["data_type"], row["comment"]))
    order = list(ROLES) + ["other"]
    return sorted(tables.values(), key=lambda table: (order.index(table.role), table.name))


def model_grain(name: str) -> str | None:
    """The grain a model file states on its first line (``-- grain: one row per ...``)."""
    for path in MODELS_DIR.glob(f"*/{name}.sql"):
        with path.open(encoding="utf-8") as model:
            stated = _GRAIN_LINE.match(model.readline())
        if stated:
            return stated.group(1)
    return None


def grain_in_comment(comment: str | None) -> str | None:
    """The 'one row per ...' phrase of a table's comment."""
    found = _GRAIN_IN_COMMENT.search(comment or "")
    return found.group().strip() if found else None


# --- markdown -------------------------------------------------------------------------------

def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _anchor(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", name.lower())


def columns_markdown(table: Table) -> str:
    """The table's columns as a markdown table: column, type, description."""
    lines = ["| column | type | description |", "|---|---|---|"]
    lines += [f"| `{column.name}` | {_cell(column.type)} | {_cell(column.comment)} |" for column in table.columns]
    return "\n".join(lines)


def star_schema_mermaid(tables: list[Table]) -> str:
    """An erDiagram of the dimensions and facts: each dimension's key, and who refers to it."""
    entities = [table for table in tables if table.role in ("dimension", "fact")]
    keys = {table.key: table.name for table in entities if table.key}
    lines = ["erDiagram"]
    for table in entities:
        for column in table.columns:
            owner = keys.get(column.name)
            if owner and owner != table.name:
                lines.append(f"    {owner} ||--o{{ {table.name} : {column.name}")
    for table in entities:
        attributes = []
        for column in table.columns:
            marker = "PK" if column.name == table.key else "FK" if column.name in keys else None
            if marker:
                attributes.append(f"        {_mermaid_type(column.type)} {column.name} {marker}")
        lines += [f"    {table.name} {{", *attributes, "    }"]
    return "\n".join(lines)


def _mermaid_type(data_type: str) -> str:
    return re.sub(r"\W+", "_", data_type).strip("_") or "value"


def render_markdown(tables: list[Table], examples: Sequence[Example]) -> str:
    """docs/warehouse.md: how it is generated, the star schema, every table, the worked examples."""
    parts = [
        "# The warehouse: data dictionary",
        "",
        "Generated by `workforce docs` from the comments the warehouse carries (`COMMENT ON`, written by the "
        "models in `warehouse/models/`): change those and regenerate, do not edit this file. How to connect, "
        "from the DuckDB command line, Python or a BI tool: [analysts.md](analysts.md).",
        "",
        "## Star schema",
        "",
        "Facts refer to the dimensions by their codes; the marts are computed from both.",
        "",
        "```mermaid",
        star_schema_mermaid(tables),
        "```",
        "",
        "## Tables",
        "",
    ]
    by_role: dict[str, list[Table]] = {}
    for table in tables:
        by_role.setdefault(table.role, []).append(table)
    for role, members in by_role.items():
        listed = ", ".join(f"[`{table.name}`](#{_anchor(table.name)})" for table in members)
        parts.append(f"- **{ROLES.get(role, 'Other')}**: {listed}")
    for role, members in by_role.items():
        parts += ["", f"### {ROLES.get(role, 'Other')}"]
        for table in members:
            parts += ["", f'<a id="{_anchor(table.name)}"></a>', "", f"#### `{table.name}` ({table.kind})", ""]
            if table.comment:
                parts += [_cell(table.comment), ""]
            parts += [f"**Grain:** {table.grain or 'not stated'}.", "", columns_markdown(table)]
    parts += ["", "## Example queries", "",
              "Each one runs as written in the SQL console (/sql) and with `workforce sql`; "
              "`workforce docs` checks them against the warehouse before writing this file."]
    for example in examples:
        parts += ["", f"### {example.title}", "", example.question, "", "```sql", example.sql, "```"]
    return "\n".join(parts) + "\n"

