"""The `workforce` command: demo files, ingest, build, status, check (and the analysts' tools).

Every command takes --db PATH (or WORKFORCE_DB). A user's mistake, and a fault of the
machine or of the warehouse file (a full disk, a damaged or missing warehouse), ends
with a one-line message that says what, where and what to do, never a Python traceback.

Exit codes: 0 on success; 1 when a file was refused whole, the work failed (nothing is
published then: the warehouse stays as it was) or `workforce check` found the warehouse
damaged; 2 for a usage error (an unknown option or source, a setting that does not parse).

Tables are never cut: on a terminal, numbers keep their width and text wraps; piped into a
file or another program, each table is as wide as its content.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Iterator, Literal, Optional, Sequence

import polars as pl
import typer
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipelines.sources.registry import SOURCE_NAMES
from warehouse import settings
from warehouse.build import row_counts
from warehouse.connect import WarehouseMissing, WarehouseUnreadable, query, reading, resolve_db_path
from warehouse.publish import WarehouseBusy
from warehouse.reference import ReferenceError

app = typer.Typer(
    help="Skills and workforce observatory of French bioproduction: load files, build the warehouse, query it.\n\n"
         "Exit codes: 0 success; 1 a file was refused whole, the work failed (a full disk, a damaged or missing "
         "warehouse: nothing is published, the warehouse stays as it was) or `workforce check` found a fault; "
         "2 a usage error (an unknown option or source, a setting that does not parse).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Optional[Path], typer.Option(
    "--db", help="Warehouse file (default: WORKFORCE_DB, else data/workforce.duckdb).", show_default=False)]


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)  # one line, however long
    return typer.Exit(code)


@contextmanager
def faults_in_words(db_path: Path) -> Iterator[None]:
    """The faults of the warehouse and of the machine as one line each, exit code 1."""
    import duckdb

    from warehouse.integrity import explain

    try:
        yield
    except (WarehouseMissing, WarehouseBusy, ReferenceError) as error:
        raise fail(str(error)) from None
    except WarehouseUnreadable as error:
        raise fail(f"the warehouse {db_path} cannot be used: {error}. `workforce check` tells more.") from None
    except (duckdb.Error, OSError) as error:
        message = explain(error, db_path)
        if message is None:
            raise
        raise fail(message) from None


def show(table: Table) -> None:
    """A table never cut: fitted to the terminal but never below the width of its longest number or word
    (the terminal wraps what is wider), or as wide as its content when piped."""
    measured = Measurement.get(out, out.options.update(width=10_000), table)
    width = max(out.width, measured.minimum) if out.is_terminal else measured.maximum
    # Console.print never goes wider than its console: a console of that width prints it
    Console(width=width, force_terminal=out.is_terminal, no_color=not out.is_terminal).print(table, crop=False)


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[str] = frozenset()
           ) -> Table:
    """Numbers right-aligned and never wrapped nor shortened; text wrapped (folded), never shortened."""
    table = Table(title=title, title_justify="left")
    for position, header in enumerate(headers):
        if header in numeric:
            widest = max([len(header), *(len(row[position]) for row in rows)])
            table.add_column(header, justify="right", no_wrap=True, min_width=widest)
        else:
            table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


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
    """Write deterministic demonstration input files (CSV, as the sources' systems export them), and the BMO
    surveys France Travail would have published by then, in france-travail/. Nothing is dated after today."""
    from pipelines.demo import write_demo, write_public_demo

    last_month = _parse_month(until)
    try:
        with out.status(f"Writing demonstration files (scale {scale:g}) to {out_dir}..."):
            files = write_demo(out_dir, scale=scale, until=last_month)
            files += write_public_demo(out_dir, scale=scale, until=last_month)
    except ValueError as error:  # a month before the goal's start, or after the current month
        raise fail(str(error), 2) from None
    for path in files:
        out.print(f"  {path}  ({path.stat().st_size / 1e6:.1f} MB)", highlight=False)
    out.print(f"Next: workforce ingest {out_dir}", highlight=False)


def _report_table(reports) -> Table:
    columns = ("file", "source", "status", "read", "inserted", "updated", "unchanged", "rejected")
    rows = [(report.file_name + (f" [{report.sheet}]" if report.sheet else ""), report.source or "?",
             report.status, *(f"{value:,}" for value in (report.rows_read, report.rows_inserted, report.rows_updated,
                                                          report.rows_unchanged, report.rows_rejected)))
            for report in reports]
    return _table("Files", columns, rows, numeric=set(columns[3:]))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(
        help="Files or folders (CSV, XLSX, Parquet, or .gz of them).", show_default=False)],
    source: Annotated[Optional[Literal[SOURCE_NAMES]], typer.Option(
        help="The source of every file; recognised from the headers when omitted.")] = None,
    sheet: Annotated[Optional[str], typer.Option(
        help="Load only this sheet of each workbook (default: every sheet that holds a source).")] = None,
    db: DbOption = None,
) -> None:
    """Validate and load files, quarantine bad rows, rebuild and publish the warehouse.

    Exit 0 when every file loaded (or was skipped as already loaded), 1 when a file was
    refused whole (the others still load) or the load failed (nothing published), 2 for a
    usage error.
    """
    from pipelines.ingest import scan
    from pipelines.runs import ingest_and_publish

    missing = [str(path) for path in paths if not path.exists() and not path.is_symlink()]
    if missing:
        raise fail(f"No such file or folder: {', '.join(missing)}.", 2)
    found = scan(paths)
    left_out = "; ".join(f"{path.name}: {why}" for path, why in found.left_out)
    if not found.inputs:
        raise fail(f"No file to load in {', '.join(map(str, paths))}: no CSV, TXT, XLSX or Parquet file "
                   f"(nor .gz of one){f' (left out: {left_out})' if left_out else ''}. Nothing was published.")
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

        with faults_in_words(db_path):
            reports = ingest_and_publish(db_path, paths, source=source, progress=progress, sheet=sheet)
    show(_report_table(reports))
    for report in reports:
        if report.message:
            out.print(f"  {report.file_name}: {report.message}", highlight=False, soft_wrap=True)
    if left_out:
        out.print(f"Not loaded: {left_out}", highlight=False, soft_wrap=True)
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
    """Recompute the core tables and marts from what is loaded, then publish (exit 1 when it fails)."""
    from pipelines.runs import rebuild_and_publish

    db_path = resolve_db_path(db)
    if not db_path.exists():
        raise fail(f"No warehouse at {db_path}; load files first with `workforce ingest PATH`.")
    with faults_in_words(db_path):
        summary = rebuild_and_publish(db_path)
    out.print(f"Built and published {db_path}", highlight=False)
    out.print(summary)


def _print_frame(title: str, frame: pl.DataFrame, thousands: bool = True) -> None:
    """A query's result as a table; ``thousands``: counts with separators (identifiers as they are)."""
    counts = {name for name, dtype in frame.schema.items()
              if thousands and dtype.is_integer() and not name.endswith("_id")}
    rows = [tuple("" if value is None else f"{value:,}" if name in counts else str(value)
                  for name, value in zip(frame.columns, row)) for row in frame.iter_rows()]
    show(_table(title, frame.columns, rows,
                numeric={name for name, dtype in frame.schema.items() if dtype.is_numeric()}))


@app.command()
def status(db: DbOption = None) -> None:
    """as_of, data mode, row counts, the last loads and the rejected rows by reason."""
    db_path = resolve_db_path(db)
    with faults_in_words(db_path):
        info = query("select * from warehouse_info", db=db_path)
        out.print(f"Warehouse {db_path}", highlight=False)
        _print_frame("warehouse_info", info)
        with reading(db_path) as cursor:
            counts = row_counts(cursor)
            has_reasons = bool(cursor.sql("select 1 from duckdb_views() where database_name = current_database() "
                                          "and view_name = 'mart_rejections_by_reason'").fetchall())
        _print_frame("Row counts", pl.DataFrame({"table": list(counts), "rows": list(counts.values())}))
        if not has_reasons:  # nor load_log.file_name: both come with a build by this version
            raise fail(f"{db_path} was built by an earlier version (it has no mart_rejections_by_reason); "
                       f"run `workforce build --db {db_path}` to rebuild it.")
        _print_frame("Last loads", query(
            "select load_id, coalesce(file_name, file_path) as file, sheet, source, status, rows_read, "
            "rows_inserted, rows_updated, rows_unchanged, rows_rejected, finished_at "
            "from load_log order by load_id desc limit 10", db=db_path))
        _print_frame("Rejected rows by reason (top 15)", query(
            "select source, column_name, reason, values_rejected from mart_rejections_by_reason "
            "order by rank limit 15", db=db_path))
        if _has_view(db_path, "mart_bmo_missing_codes"):
            missing = query("select year, bmo_code, bmo_label, mapped_to, source_files from mart_bmo_missing_codes "
                            "order by year, bmo_code", db=db_path)
            if missing.height:
                _print_frame("Mapped BMO codes a loaded survey year lacks (update warehouse/reference/"
                             "bmo_trades.csv, docs/bmo.md)", missing, thousands=False)


def _has_view(db_path: Path, name: str) -> bool:
    with reading(db_path) as cursor:
        return bool(cursor.sql("select 1 from duckdb_views() where database_name = current_database() "
                               "and view_name = ?", params=[name]).fetchall())


@app.command("check")
def check_command(db: DbOption = None) -> None:
    """Verify the warehouse file: every table read in full (DuckDB checks each block's checksum), every view
    bound, warehouse_info present. Exit 0 when it is whole, 1 when it is damaged or missing."""
    from warehouse.integrity import check_warehouse

    db_path = resolve_db_path(db)
    result = check_warehouse(db_path)
    if not result.ok:
        raise fail(f"{db_path}: {result.reason}.")
    out.print(f"OK: {db_path} is whole ({result.tables} tables, {result.rows:,} rows read in "
              f"{result.seconds:.1f} s).", highlight=False, soft_wrap=True)


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

    from warehouse.files import plain_csv
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
            sys.stdout.write(plain_csv(flat_frame(result.frame)))
        elif output_format == "json":
            sys.stdout.write(json_frame(result.frame).write_json() + "\n")
        else:
            _print_frame("", result.frame, thousands=False)
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
    except (WarehouseMissing, WarehouseUnreadable) as error:
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
    except (WarehouseMissing, WarehouseUnreadable) as error:
        raise fail(str(error))
    except (duckdb.Error, OSError) as error:
        raise fail(f"The export to {out_dir} failed: {error}")
    rows = [(item.table.name, f"{item.rows:,}", f"{item.path}{'/year=*/' if item.partitioned else ''}")
            for item in exported]
    show(_table(f"Exported from {db_path} as {output_format}", ("table", "rows", "written to"), rows,
                numeric={"rows"}))
    out.print(f"How to read them from DuckDB, polars, Spark or Trino: {out_dir / 'README.md'}", highlight=False)


# --- access: users and the audit log (pipelines/cli_access.py) --------------------------------

from pipelines.cli_access import audit_command, users_app  # noqa: E402

app.add_typer(users_app, name="users")
app.command("audit")(audit_command)


# --- the steering committee's report (dashboard/report.py) -----------------------------------

def report_command(
    out_path: Annotated[Path, typer.Option("--out", help="PDF file to write (A4).", show_default=False)],
    lang: Annotated[Literal["fr", "en"], typer.Option("--lang", help="Language of the report.")] = "fr",
    trade: Annotated[Optional[list[str]], typer.Option(
        "--trade", help="Trade code(s), repeated or comma-separated (default: every trade).")] = None,
    region: Annotated[Optional[list[str]], typer.Option(
        "--region", help="INSEE region code(s), repeated or comma-separated (default: every region).")] = None,
    db: DbOption = None,
) -> None:
    """Write the steering committee's monthly PDF report, as the steering committee sees it (small counts protected)."""
    import os

    from dashboard.access import ANONYMOUS
    from dashboard.door import context
    from dashboard.filters import Filters
    from dashboard.queries.common import regions, trades
    from dashboard.report import ReportError, build_report

    db_path = resolve_db_path(db)
    os.environ["WORKFORCE_DB"] = str(db_path)  # the door's questions read the warehouse the command names
    filters = Filters.from_query({"trade": ",".join(trade or []), "region": ",".join(region or [])})
    ctx = context(filters, lang, ANONYMOUS)
    if ctx.info is None:
        raise fail(f"No warehouse at {db_path}. Build one with `workforce demo --out DIR` then `workforce ingest DIR`.")
    for name, asked, known in (("trade", filters.trades, trades(ctx)["trade_code"].to_list()),
                               ("region", filters.regions, regions(ctx)["region_code"].to_list())):
        unknown = sorted(set(asked) - set(known))
        if unknown:
            raise fail(f"Unknown {name} code(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}.", code=2)
    try:
        summary = build_report(ctx, out_path)
    except ReportError as error:
        raise fail(str(error))
    except OSError as error:
        raise fail(f"Could not write {out_path}: {error}")
    out.print(f"Wrote {out_path}: {summary.bytes / 1024:,.0f} kB, data as of {ctx.as_of:%Y-%m-%d}, "
              f"in {summary.seconds:.1f} s.", highlight=False)


app.command("report")(report_command)


if __name__ == "__main__":
    app()
