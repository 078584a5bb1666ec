"""The units of work the command line and the app share: load files and publish, rebuild, bootstrap the demo."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from pipelines.demo import write_demo, write_public_demo
from pipelines.ingest import FileReport, ingest_files
from pipelines.sources.registry import sources
from warehouse.build import build, ensure_schema
from warehouse.publish import rebuilding

Progress = Callable[..., None]


def ingest_and_publish(db_path: Path, paths: Sequence[Path], source: str | None = None,
                       today: date | None = None, progress: Progress | None = None,
                       sheet: str | None = None) -> list[FileReport]:
    """Load files into a private copy of the warehouse, rebuild the models they change, publish atomically."""
    with rebuilding(db_path) as con:
        ensure_schema(con)
        reports = ingest_files(con, list(paths), source=source, today=today, progress=progress, sheet=sheet)
        build(con, changed=changed_tables(reports),
              loads=[report.load_id for report in reports if report.status == "loaded"])
    return reports


def changed_tables(reports: Sequence[FileReport]) -> set[str]:
    """The landing tables whose rows the loads inserted or updated (a file skipped, refused, or whose rows
    were all already loaded changes none)."""
    return {sources()[report.source].table for report in reports
            if report.status == "loaded" and (report.rows_inserted or report.rows_updated)}


def rebuild_and_publish(db_path: Path):
    """Recompute dimensions, facts and marts from what is loaded, then publish."""
    with rebuilding(db_path) as con:
        ensure_schema(con)
        return build(con)


def bootstrap_demo(db_path: Path, scale: float = 1.0, until: date | None = None,
                   progress: Progress | None = None) -> list[FileReport]:
    """Generate the demonstration files in a temporary folder and load them (first start of the app): the
    sources' exports up to ``until``'s month (default: the current one, never a day after today) and the BMO
    surveys published by then."""
    with tempfile.TemporaryDirectory(prefix="workforce-demo-") as folder:
        write_demo(Path(folder), scale=scale, until=until)
        write_public_demo(Path(folder), scale=scale, until=until)
        return ingest_and_publish(db_path, [Path(folder)], progress=progress)
