"""`make bench`: every benchmark in turn, each printing its own medians and ratios."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = (
    ("bench.bench_ingest",),
    ("bench.bench_dashboard",),
    ("bench.bench_callbacks",),
    ("bench.bench_load", "--scale", "4"),
    ("bench.bench_load", "--scale", "20"),
    ("bench.bench_runaway",),
    ("bench.bench_sandbox",),
)


def main() -> None:
    for module, *args in BENCHMARKS:
        print(f"\n=== {module} {' '.join(args)} ===", flush=True)
        subprocess.run([sys.executable, "-m", module, *args], check=True)


if __name__ == "__main__":
    main()
