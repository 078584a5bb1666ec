"""What the analysts' SQL sandbox costs per query, over a bare DuckDB connection.

    .venv/bin/python -m bench.bench_sandbox [--db PATH] [--runs 200]

Each representative query runs many times through ``warehouse.sandbox.run_sql``
(statement check, cursor on the cached locked-down connection, timer, streamed
fetch with the row cap, polars frame, one log line) and on a bare read-only
connection to the same file with the same threads and memory limit
(``connection.sql(query).pl()``), alternately so that drift hits both alike.
It prints the medians and their difference; the budget is a median overhead
within 20 ms per query, and the exit status is 1 when a query is over it.
Without --db it builds a warehouse of two million hiring rows in a temporary
folder; with --db it reads that warehouse's fact_hiring and dim_region.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import duckdb

from warehouse.publish import rebuilding
from warehouse.sandbox import Limits, run_sql

BUDGET_MS = 20.0
QUERIES = {
    "one row": "select region_name from dim_region where region_code = '84'",
    "aggregate": "select region_code, sum(openings) as openings from fact_hiring group by region_code "
                 "order by region_code",
    "join": "select dim_region.region_name, count(*) as reports from fact_hiring "
            "inner join dim_region on dim_region.region_code = fact_hiring.region_code group by all",
    "1,000 rows": "select employer_id, region_code, trade_code, month, openings from fact_hiring limit 1000",
    "describe": "describe fact_hiring",
}


def build_warehouse(folder: Path, hiring_rows: int = 2_000_000) -> Path:
    """A warehouse with the two tables the queries read, shaped like the real ones."""
    path = folder / "bench.duckdb"
    with rebuilding(path) as con:
        con.execute("create table dim_region as select lpad((range + 1)::varchar, 2, '0') as region_code, "
                    "'Region ' || (range + 1) as region_name from range(18)")
        con.execute(f"""
            create table fact_hiring as
            select
                'EMP-' || (range % 5000) as employer_id,
                lpad((range % 18 + 1)::varchar, 2, '0') as region_code,
                ['USP', 'DSP', 'QC', 'QA', 'MAINT'][range % 5 + 1] as trade_code,
                (date '2021-01-01' + to_months((range % 60)::integer))::date as month,
                (range % 13)::integer as openings,
                (range % 7)::integer as hires
            from range({hiring_rows})
        """)
    return path


def elapsed_ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def measure(db: Path, runs: int, log_path: Path) -> list[tuple[str, float, float]]:
    limits = Limits.from_settings()
    bare = duckdb.connect(str(db), read_only=True,
                          config={"threads": limits.threads, "memory_limit": limits.memory_limit})
    results = []
    for label, sql in QUERIES.items():
        def sandboxed() -> object:
            return run_sql(sql, who="bench", db=db, limits=limits, log_path=log_path)

        def plain() -> object:
            return bare.sql(sql).pl()

        for _ in range(5):  # warm both: caches, the sandbox's connection
            sandboxed()
            plain()
        sandbox_timings, bare_timings = [], []
        for _ in range(runs):
            sandbox_timings.append(elapsed_ms(sandboxed))
            bare_timings.append(elapsed_ms(plain))
        results.append((label, statistics.median(bare_timings), statistics.median(sandbox_timings)))
    bare.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="Warehouse to read (default: build one in a temporary folder).")
    parser.add_argument("--runs", type=int, default=200, help="Runs of each query, each way (default 200).")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as folder:
        db = arguments.db or build_warehouse(Path(folder))
        results = measure(db.absolute(), arguments.runs, Path(folder) / "sql-log.jsonl")
    print(f"Sandbox overhead on {db} (median of {arguments.runs} runs each, budget {BUDGET_MS:g} ms)")
    print(f"{'query':<12} {'bare ms':>9} {'sandbox ms':>11} {'overhead ms':>12}")
    over_budget = []
    for label, bare_ms, sandbox_ms in results:
        overhead = sandbox_ms - bare_ms
        print(f"{label:<12} {bare_ms:>9.2f} {sandbox_ms:>11.2f} {overhead:>12.2f}")
        if overhead > BUDGET_MS:
            over_budget.append(label)
    overall = statistics.median(sandbox - bare for _, bare, sandbox in results)
    print(f"median overhead over the queries: {overall:.2f} ms; "
          + (f"OVER BUDGET: {', '.join(over_budget)}" if over_budget else "within budget"))
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
