"""The `workforce` command: demo files, ingest, build, status (and the analysts' tools).

Every command takes --db PATH (or WORKFORCE_DB). A user's mistake ends with a
message that says what, where and what to do, never a Python traceback:
exit 0 on success, 1 when a file was refused whole or the work failed, 2 for a
usage error.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal, Optional

import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from warehouse import settings
from warehouse.build import row_counts
from warehouse.connect import WarehouseMissing, query, reading, resolve_db_path
from warehouse.publish import WarehouseBusy
from warehouse.reference import ReferenceError

app = typer.Typer(
    help="Skills and workforce observatory of French bioproduction: load files, build the warehouse, query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Optional[Path], typer.Option(
    "--db", help="Warehouse file (default: WORKFORCE_DB, else data/workforce.duckdb).", show_default=False)]

SOURCES = ("enrolments", "assessments", "hiring", "placements", "bmo")


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.callback()
def main() -> None:
    try:
        settings.check_environment()
    except settings.SettingsError as error:
        raise fail(str(error), 2)


def _parse_month(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a month; write it as YYYY-MM, e.g. 2026-11.") from None


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the demonstration files into.")],
    scale: Annotated[float, typer.Option(min=0.01, max=1000, help="1 = a national training network; 20 = 20 times the learners and employers.")] = 1.0,
    until: Annotated[Optional[str], typer.Option(help="Last month generated, YYYY-MM (default: the current month).")] = None,
) -> None:
    """Write deterministic demonstration input files (CSV, as the sources' systems export them)."""
    from pipelines.demo import write_demo

    with out.status(f"Writing demonstration files (scale {scale:g}) to {out_dir}..."):
        files = write_demo(out_dir, scale=scale, until=_parse_month(until))
    for path in files:
        out.print(f"  {path}  ({path.stat().st_size / 1e6:.1f} MB)", highlight=False)
    out.print(f"Next: workforce ingest {out_dir}", highlight=False)


def _report_table(reports) -> Table:
    table = Table(title="Files", title_justify="left")
    for column in ("file", "source", "status", "read", "inserted", "updated", "unchanged", "rejected"):
        table.add_column(column, justify="right" if column not in ("file", "source", "status") else "left")
    for report in reports:
        table.add_row(report.path.name, report.source or "?", report.status, *(
            f"{value:,}" for value in (report.rows_read, report.rows_inserted, report.rows_updated,
                                       report.rows_unchanged, report.rows_rejected)))
    return table


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (CSV, XLSX, Parquet).", show_default=False)],
    source: Annotated[Optional[str], typer.Option(help=f"One of {', '.join(SOURCES)}; recognised from the headers when omitted.")] = None,
    db: DbOption = None,
) -> None:
    """Validate and load files, quarantine bad rows, rebuild and publish the warehouse."""
    from pipelines.runs import ingest_and_publish

    if source is not None and source not in SOURCES:
        raise fail(f"--source {source!r} is not a source; use one of {', '.join(SOURCES)}.", 2)
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise fail(f"No such file or folder: {', '.join(missing)}.", 2)
    db_path = resolve_db_path(db)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} files"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("Loading", total=None)

        def progress(event: str, path: Path | None = None, total: int | None = None, **_: object) -> None:
            if event == "start" and total is not None:
                bar.update(task, total=total)
            elif event == "file":
                bar.update(task, description=f"Loading {Path(path).name}")
            elif event == "done":
                bar.advance(task)

        try:
            reports = ingest_and_publish(db_path, paths, source=source, progress=progress)
        except (WarehouseBusy, ReferenceError) as error:
            raise fail(str(error))
    out.print(_report_table(reports))
    for report in reports:
        if report.message:
            out.print(f"  {report.path.name}: {report.message}", highlight=False)
    rejected = sum(report.rows_rejected for report in reports)
    if rejected:
        out.print(f"{rejected:,} rejected row(s): `workforce status --db {db_path}` lists them by reason; "
                  "each with file, line, column and value in the table rejected_rows "
                  "(`workforce sql \"select * from rejected_rows\"`) and on the /quality page.", highlight=False)
    out.print(f"Published {db_path}", highlight=False)
    if any(report.status == "failed" for report in reports):
        raise typer.Exit(1)


@app.command("build")
def build_command(db: DbOption = None) -> None:
    """Recompute the core tables and marts from what is loaded, then publish."""
    from pipelines.runs import rebuild_and_publish

    db_path = resolve_db_path(db)
    if not db_path.exists():
        raise fail(f"No warehouse at {db_path}; load files first with `workforce ingest PATH`.")
    try:
        summary = rebuild_and_publish(db_path)
    except WarehouseBusy as error:
        raise fail(str(error))
    out.print(f"Built and published {db_path}", highlight=False)
    out.print(summary)


def _print_frame(title: str, frame) -> None:
    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(column)
    for row in frame.iter_rows():
        table.add_row(*("" if value is None else str(value) for value in row))
    out.print(table)


@app.command()
def status(db: DbOption = None) -> None:
    """as_of, data mode, row counts, the last loads and the rejected rows by reason."""
    db_path = resolve_db_path(db)
    try:
        info = query("select * from warehouse_info", db=db_path)
    except WarehouseMissing as error:
        raise fail(str(error))
    out.print(f"Warehouse {db_path}", highlight=False)
    _print_frame("warehouse_info", info)
    with reading(db_path) as cursor:
        counts = row_counts(cursor)
    _print_frame("Row counts", pl.DataFrame({"table": list(counts), "rows": [f"{n:,}" for n in counts.values()]}))
    _print_frame("Last loads", query(
        "select load_id, file_path, source, status, rows_read, rows_inserted, rows_updated, rows_unchanged, "
        "rows_rejected, finished_at from load_log order by load_id desc limit 10", db=db_path))
    _print_frame("Rejected rows by reason (top 15)", query(
        "select source, column_name, regexp_replace(reason, '''[^'']*''', '''…''', 'g') as reason, "
        "count(*) as values_rejected from rejected_rows group by all order by values_rejected desc limit 15",
        db=db_path))


# --- the analysts' tools: sandboxed SQL, the data dictionary, Parquet export ------------------

def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        import os

        return f"uid {os.getuid()}"


@app.command("sql")
def sql_command(
    query_text: Annotated[str, typer.Argument(
        metavar="QUERY", help="One read query (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); "
                              "'-' reads it from standard input.", show_default=False)],
    output_format: Annotated[Literal["table", "csv", "json"], typer.Option(
        "--format", help="table for people; csv or json (an array of rows) for programs.")] = "table",
    db: DbOption = None,
) -> None:
    """Run one read query on the warehouse in the same sandbox as the app's SQL console.

    Read-only, one statement, a time limit and a row cap (WORKFORCE_SQL_TIME_LIMIT_S,
    WORKFORCE_SQL_ROW_CAP); the rows go to standard output, the row count and any
    truncation notice to standard error. Every query is logged (WORKFORCE_SQL_LOG_PATH).
    """
    import sys

    from rich.markup import escape

    from warehouse.sandbox import SandboxError, flat_frame, json_frame, run_sql

    sql = sys.stdin.read() if query_text == "-" else query_text
    if not sql.strip():
        raise fail("No query: give one as the argument, or '-' and the query on standard input.", 2)
    try:
        result = run_sql(sql, who=_os_user(), db=resolve_db_path(db))
    except SandboxError as error:
        raise fail(escape(error.message))  # DuckDB's words may hold brackets, which are markup to rich
    except settings.SettingsError as error:  # a WORKFORCE_SQL_* value that does not parse
        raise fail(escape(str(error)), 2)
    # The sandbox hands over only types every format holds; should a new DuckDB type slip through, the analyst
    # reads what to do rather than a traceback.
    try:
        if output_format == "csv":
            sys.stdout.write(flat_frame(result.frame).write_csv())
        elif output_format == "json":
            sys.stdout.write(json_frame(result.frame).write_json() + "\n")
        else:
            _print_frame("", result.frame)
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException) as error:
        raise fail(escape(f"The result could not be written as {output_format} ({str(error).splitlines()[0]}); "
                          "cast the column that holds it to text, e.g. column::varchar."))
    err.print(f"{result.rows:,} row(s) in {result.duration_ms:,.0f} ms", highlight=False)
    if result.truncated:
        err.print(f"[bold yellow]Truncated:[/] only the first {result.row_cap:,} rows are shown; the query "
                  "returned more. Aggregate, filter or add a LIMIT (the cap is WORKFORCE_SQL_ROW_CAP).",
                  highlight=False)


@app.command("docs")
def docs_command(
    out_path: Annotated[Path, typer.Option("--out", help="Markdown file to write.")] = Path("docs/warehouse.md"),
    db: DbOption = None,
) -> None:
    """Write the data dictionary (star schema, tables, columns, example queries) from the warehouse's comments."""
    from warehouse.dictionary import render_markdown, schema_catalog
    from warehouse.examples import EXAMPLES, failing_examples

    db_path = resolve_db_path(db)
    try:
        tables = schema_catalog(db_path)
    except WarehouseMissing as error:
        raise fail(str(error))
    failures = failing_examples(db_path, who=f"{_os_user()} (workforce docs)")
    for example, error in failures:
        err.print(f"  {example.name} ({error.kind}): {error.message}", highlight=False)
    if failures:
        raise fail(f"{len(failures)} example query(ies) of warehouse/examples.py failed on {db_path} (above); "
                   f"fix them and run `workforce docs` again. {out_path} was left as it was.")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render_markdown(tables, EXAMPLES), encoding="utf-8")
    out.print(f"Wrote {out_path}: {len(tables)} tables and views, {len(EXAMPLES)} example queries checked "
              f"against {db_path}.", highlight=False)


@app.command("export")
def export_command(
    out_dir: Annotated[Path, typer.Option(
        "--out", help="Folder to write into; tables exported there before are replaced, other files left alone.",
        show_default=False)],
    output_format: Annotated[Literal["parquet"], typer.Option("--format", help="File format.")] = "parquet",
    db: DbOption = None,
) -> None:
    """Export facts (partitioned by year), dimensions and marts as Parquet, with a README on reading them."""
    import duckdb

    from warehouse.export import export_parquet

    db_path = resolve_db_path(db)
    try:
        exported = export_parquet(out_dir, db=db_path)
    except WarehouseMissing as error:
        raise fail(str(error))
    except (duckdb.Error, OSError) as error:
        raise fail(f"The export to {out_dir} failed: {error}")
    table = Table(title=f"Exported from {db_path} as {output_format}", title_justify="left")
    for column in ("table", "rows", "written to"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for item in exported:
        table.add_row(item.table.name, f"{item.rows:,}",
                      f"{item.path}{'/year=*/' if item.partitioned else ''}")
    out.print(table)
    out.print(f"How to read them from DuckDB, polars, Spark or Trino: {out_dir / 'README.md'}", highlight=False)
