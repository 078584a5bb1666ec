"""Ingest + build of the demo at --scale 20 against DuckDB loading the same CSVs raw with read_csv.

    python -m bench.bench_ingest [--scale 20] [--repeats 3]

Prints each run, the medians, the ratio ingest/raw (target <= 2.5) and the
peak resident memory of the ingest process (target <= 2 GB). Each ingest runs in
a fresh process on an empty warehouse, as `workforce ingest` would.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = demo_files(args.scale)
    size_mb = sum(path.stat().st_size for path in folder.glob("*.csv")) / 1e6
    print(f"input: {folder} ({size_mb:,.0f} MB of CSV)")

    raw_seconds, ingest_seconds, ingest_peaks = [], [], []
    for run in range(1, args.repeats + 1):
        work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
        try:
            seconds, _ = run_child(RAW_LOAD.format(folder=str(folder), db=str(work / "raw.duckdb")))
            raw_seconds.append(seconds)
            seconds, peak_mb = run_child(INGEST.format(folder=str(folder), db=str(work / "workforce.duckdb")))
            ingest_seconds.append(seconds)
            ingest_peaks.append(peak_mb)
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


if __name__ == "__main__":
    main()
