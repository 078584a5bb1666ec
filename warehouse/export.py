"""Exporting the warehouse as Parquet for other engines (Spark, Trino, DuckDB, polars).

Facts are written partitioned by year, hive style (``fact_hiring/year=2024/
data_0.parquet``); dimensions, marts and ``warehouse_info`` one file each. A
README.md beside them describes every table and how to read them. The
published warehouse is read through a read-only attachment (connect.py), so an
export never blocks a rebuild and reads one consistent build even if a publish
lands meanwhile. Each table is written next to its destination, then swapped in,
so a failed export leaves the previous one of that table whole.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connect import reading
from warehouse.dictionary import ROLES, Table, columns_markdown, read_catalog

EXPORTED_ROLES = ("dimension", "fact", "mart")
EXPORTED_TABLES = ("warehouse_info",)  # its as_of and versions say which build the files hold
PARTITION_COLUMN = "year"
_DATE_TYPES = ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE")


@dataclass(frozen=True)
class ExportedTable:
    """One table written: where, how many rows, and the column the year partition comes from (facts)."""

    table: Table
    path: Path
    rows: int
    year_from: str | None = None

    @property
    def partitioned(self) -> bool:
        return self.year_from is not None


def export_parquet(out_dir: Path, db: str | os.PathLike | None = None) -> list[ExportedTable]:
    """Write the facts, dimensions, marts and warehouse_info of the published warehouse under out_dir."""
    out_dir = Path(out_dir).absolute()
    with reading(db) as cursor:
        # the facts that are views (fact_assessment, fact_hiring, fact_placement) too: they are facts to a reader
        tables = [table for table in read_catalog(cursor)
                  if (table.kind == "table" or table.role == "fact")
                  and (table.role in EXPORTED_ROLES or table.name in EXPORTED_TABLES)]
        out_dir.mkdir(parents=True, exist_ok=True)
        exported = [_export_table(cursor, table, out_dir) for table in tables]
    (out_dir / "README.md").write_text(render_readme(exported), encoding="utf-8")
    return exported


def _year_source(table: Table) -> str | None:
    """The column a fact's year partition is taken from: its own ``year``, else its first date column."""
    names = [column.name for column in table.columns]
    if PARTITION_COLUMN in names:
        return PARTITION_COLUMN
    return next((column.name for column in table.columns if column.type in _DATE_TYPES), None)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _export_table(cursor: duckdb.DuckDBPyConnection, table: Table, out_dir: Path) -> ExportedTable:
    year_from = _year_source(table) if table.role == "fact" else None
    destination = out_dir / (table.name if year_from else f"{table.name}.parquet")
    partial = out_dir / f".{destination.name}.partial"
    _remove(partial)
    source = _quoted(table.name)
    target = str(partial).replace("'", "''")
    if year_from is None:
        cursor.execute(f"copy (select * from {source}) to '{target}' (format parquet)")
    else:
        year = _quoted(year_from) if year_from == PARTITION_COLUMN else f"year({_quoted(year_from)})"
        cursor.execute(
            f"copy (select *{'' if year_from == PARTITION_COLUMN else f', {year} as {PARTITION_COLUMN}'} "
            f"from {source}) to '{target}' (format parquet, partition_by ({PARTITION_COLUMN}))")
        partial.mkdir(exist_ok=True)  # an empty fact writes no partition, but still has its folder
    _remove(destination)
    os.replace(partial, destination)
    rows = cursor.sql(f"select count(*) from {source}").fetchall()[0][0]
    return ExportedTable(table=table, path=destination, rows=rows, year_from=year_from)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# --- README -----------------------------------------------------------------------------------

def render_readme(exported: list[ExportedTable]) -> str:
    """README.md of an export: the tables, their layout and grain, how to read them from four engines."""
    example_fact = next((item for item in exported if item.partitioned), None)
    fact_name = example_fact.table.name if example_fact else "fact_hiring"
    lines = [
        "# Workforce observatory warehouse, as Parquet",
        "",
        "Written by `workforce export --format parquet`. Facts are partitioned by year, hive style "
        f"(`{fact_name}/year=2024/data_0.parquet`): read the folder with hive partitioning on and `year` comes "
        "back as a column. Dimensions, marts and `warehouse_info` are one file each; `warehouse_info` says "
        "which build of the warehouse these files hold (`as_of`, `built_at`, `data_mode`: figures of a `demo` "
        "build are invented). Learner counts are true values, not masked below 5: keep these files among "
        "analysts with access.",
        "",
        "| table | role | rows | files | grain |",
        "|---|---|---|---|---|",
    ]
    for item in exported:
        layout = (f"`{item.path.name}/year=*/*.parquet`" + ("" if item.year_from == PARTITION_COLUMN
                                                           else f" (year of `{item.year_from}`)")
                  if item.partitioned else f"`{item.path.name}`")
        lines.append(f"| [`{item.table.name}`](#{item.table.name}) | {ROLES.get(item.table.role, 'other')} "
                     f"| {item.rows:,} | {layout} | {item.table.grain or ''} |")
    lines += [
        "",
        "## Reading the files",
        "",
        "DuckDB:",
        "",
        "```sql",
        f"select * from read_parquet('{fact_name}/**/*.parquet', hive_partitioning = true) where year = 2024;",
        "select * from 'mart_talent_gap.parquet';",
        "```",
        "",
        "polars:",
        "",
        "```python",
        "import polars as pl",
        f"facts = pl.scan_parquet('{fact_name}/**/*.parquet', hive_partitioning=True)",
        "talent_gap = pl.read_parquet('mart_talent_gap.parquet')",
        "```",
        "",
        "Spark (the folder is a partitioned table; `year` is discovered from the paths):",
        "",
        "```python",
        f"facts = spark.read.parquet('/path/to/export/{fact_name}')",
        "talent_gap = spark.read.parquet('/path/to/export/mart_talent_gap.parquet')",
        "```",
        "",
        "Trino (Hive connector; the partition column comes last, then register the partitions):",
        "",
        "```sql",
        f"create table hive.workforce.{fact_name} (/* the columns listed below, year last */ year integer)",
        f"with (external_location = 's3://bucket/export/{fact_name}', format = 'PARQUET', "
        "partitioned_by = array['year']);",
        f"call hive.system.sync_partition_metadata('workforce', '{fact_name}', 'ADD');",
        "```",
        "",
        "## Tables",
    ]
    for item in exported:
        lines += ["", f'<a id="{item.table.name}"></a>', "", f"### `{item.table.name}`", ""]
        if item.table.comment:
            lines += [" ".join(item.table.comment.split()), ""]
        lines.append(columns_markdown(item.table))
    return "\n".join(lines) + "\n"
