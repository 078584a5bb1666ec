"""The data dictionary: the warehouse's own COMMENT ONs as tables and columns to show and to publish.

``schema_catalog(db)`` reads the published warehouse read-only (the app's /sql
page shows it); ``render_markdown`` turns it and the worked examples into
docs/warehouse.md (``workforce docs``): the star schema in mermaid, each table's
grain and columns, the example queries. The comments are written by the models
(warehouse/models), so the documentation never drifts from what was built.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Sequence

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


def schema_catalog(db: str | os.PathLike | None = None) -> list[Table]:
    """Every table and view of the published warehouse with its comments and grain, by role then name."""
    with reading(db) as cursor:
        return read_catalog(cursor)


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

