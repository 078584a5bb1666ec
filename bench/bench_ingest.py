"""Ingest + build of the demo at --scale 20 against DuckDB loading the same CSVs raw with read_csv.

    python -m bench.bench_ingest [--scale 20] [--repeats 3] [--phases]

Prints each run, the medians, the ratio ingest/raw (target <= 2.5) and the
peak resident memory of the ingest process (target <= 2 GB). Each ingest runs in
a fresh process on an empty warehouse, as `workforce ingest` would.

Then the everyday load: a correction file (5,000 hiring rows of the latest months, then 20,000
assessments, each with one value changed) into the warehouse the first load built, which reruns
only the models that read the table it changed; beside it, the same load with every model rerun
(what each load cost before incremental builds), and the ratio.

With ``--phases``, one more ingest (in its own process, timers around the steps) says where
its time goes: reading the files, checking them against the contract, writing the landing
tables, each model of the build, and publishing (checkpoint, fsync, rename).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from bench.common import demo_files, load_average, median, run_child

RAW_LOAD = """
import duckdb
con = duckdb.connect({db!r})
con.execute("set enable_progress_bar = false")  # as in the ingest's connection
for name, encoding in (("enrolments", "utf-8"), ("assessments", "utf-8"), ("hiring", "latin-1"),
                       ("placements", "utf-8")):
    # the demo's hiring export is Windows-1252, as employers' HR tools write it: the one option given
    con.execute(f"create or replace table {{name}} as select * from read_csv('{folder}/{{name}}.csv', "
                f"encoding = '{{encoding}}')")
con.execute("checkpoint")
con.close()
"""

INGEST = """
from pathlib import Path
from pipelines.runs import ingest_and_publish
reports = ingest_and_publish(Path({db!r}), [Path({folder!r})])
assert all(report.status == "loaded" for report in reports), reports
"""

# The same load with every model rerun, as each load did before builds became incremental.
INGEST_FULL_BUILD = """
from pathlib import Path
import pipelines.runs as runs
runs.changed_tables = lambda reports: None
reports = runs.ingest_and_publish(Path({db!r}), [Path({folder!r})])
assert all(report.status == "loaded" for report in reports), reports
"""

CORRECTIONS = {  # file, encoding, separator, line end, rows taken from the end, column changed, how
    "hiring": ("hiring.csv", "latin-1", ";", "\r\n", 5000, 4, lambda value: str(int(value) + 1)),
    "assessments": ("assessments.csv", "utf-8", ",", "\n", 20000, 3,
                    lambda value: f"{min(100.0, float(value) + 0.5):.1f}"),
}


def correction_file(folder: Path, source: str, out: Path) -> Path:
    """The last rows of a demo file (its latest months) with one value changed: a correction an HR tool
    would send."""
    name, encoding, separator, line_end, rows, column, change = CORRECTIONS[source]
    lines = (folder / name).read_text(encoding=encoding).splitlines()
    changed = [lines[0]]
    for line in lines[-rows:]:
        fields = line.split(separator)
        fields[column] = change(fields[column])
        changed.append(separator.join(fields))
    path = out / f"{source}-correction.csv"
    path.write_text(line_end.join(changed) + line_end, encoding=encoding)
    return path


def corrections(folder: Path, built: Path, work: Path, repeats: int) -> None:
    print("\na correction file into the built warehouse (fresh process each; median of "
          f"{repeats} runs): incremental build | every model rerun | ratio")
    for source, (_, _, _, _, rows, _, _) in CORRECTIONS.items():
        file = correction_file(folder, source, work)
        incremental, full = [], []
        for _ in range(repeats):
            for code, seconds in ((INGEST, incremental), (INGEST_FULL_BUILD, full)):
                target = work / "corrected.duckdb"
                shutil.copyfile(built, target)
                seconds.append(run_child(code.format(folder=str(file), db=str(target)))[0])
                target.unlink()
        print(f"  {rows:,} {source} rows: {median(incremental):.2f} s | {median(full):.2f} s | "
              f"{median(full) / median(incremental):.1f}x faster | {load_average()}", flush=True)


PHASES = """
import time
from collections import defaultdict
from pathlib import Path
import pipelines.ingest as ingest
import pipelines.runs as runs
import warehouse.build as build
spent, models = defaultdict(float), {{}}
def timed(module, name, part):
    function = getattr(module, name)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[part] += time.perf_counter() - started
    setattr(module, name, wrapper)
timed(ingest, "read_table", "read the files (CSV parser, encodings, line numbers)")
timed(ingest, "check", "check them (types, codes, rules, duplicates)")
timed(ingest, "_upsert", "write the landing tables (insert, update)")
run_model = build._run_model
def each_model(con, path):
    started = time.perf_counter()
    run_model(con, path)
    models[path.stem] = time.perf_counter() - started
build._run_model = each_model
timed(build, "build", "build the models and the forecast")
runs.build = build.build
started = time.perf_counter()
runs.ingest_and_publish(Path({db!r}), [Path({folder!r})])
total = time.perf_counter() - started
print(f"where one ingest's {{total:.2f}} s go:")
for part, seconds in spent.items():
    print(f"  {{part:55}} {{seconds:6.2f}} s {{seconds / total:4.0%}}")
rest = total - sum(spent.values())
print(f"  {{'the rest (hashing, the log, the copy and the publish)':55}} {{rest:6.2f}} s {{rest / total:4.0%}}")
print("  the slowest models: " + ", ".join(f"{{name}} {{seconds:.2f}} s" for name, seconds in
                                         sorted(models.items(), key=lambda item: -item[1])[:5]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--phases", action="store_true", help="then one more ingest, timed step by step")
    args = parser.parse_args()
    folder = demo_files(args.scale)
    size_mb = sum(path.stat().st_size for path in folder.glob("*.csv")) / 1e6
    print(f"input: {folder} ({size_mb:,.0f} MB of CSV)")

    raw_seconds, ingest_seconds, ingest_peaks = [], [], []
    kept = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    built = kept / "built.duckdb"  # the last run's warehouse, for the corrections
    for run in range(1, args.repeats + 1):
        work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
        try:
            seconds, _ = run_child(RAW_LOAD.format(folder=str(folder), db=str(work / "raw.duckdb")))
            raw_seconds.append(seconds)
            seconds, peak_mb = run_child(INGEST.format(folder=str(folder), db=str(work / "workforce.duckdb")))
            ingest_seconds.append(seconds)
            ingest_peaks.append(peak_mb)
            if run == args.repeats:
                shutil.copyfile(work / "workforce.duckdb", built)
            print(f"run {run}: raw read_csv {raw_seconds[-1]:.2f} s | workforce ingest+build "
                  f"{ingest_seconds[-1]:.2f} s | ratio {ingest_seconds[-1] / raw_seconds[-1]:.2f} | "
                  f"peak {peak_mb:,.0f} MB | {load_average()}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    raw, ingest = median(raw_seconds), median(ingest_seconds)
    print(f"\nmedian of {args.repeats} runs at scale {args.scale:g}:")
    print(f"  raw DuckDB read_csv, no checks : {raw:.2f} s")
    print(f"  workforce ingest + build       : {ingest:.2f} s")
    print(f"  ratio                          : {ingest / raw:.2f}x (target <= 2.5x)")
    print(f"  peak memory of the ingest      : {max(ingest_peaks):,.0f} MB (target <= 2,000 MB)")
    try:
        corrections(folder, built, kept, args.repeats)
    finally:
        shutil.rmtree(kept, ignore_errors=True)
    if args.phases:
        work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
        try:
            print()
            run_child(PHASES.format(folder=str(folder), db=str(work / "workforce.duckdb")))
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
