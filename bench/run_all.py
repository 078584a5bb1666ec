"""`make bench`: every benchmark in turn, each printing its own medians and ratios."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ("bench.bench_ingest", "bench.bench_dashboard", "bench.bench_sandbox")


def main() -> None:
    for module in BENCHMARKS:
        print(f"\n=== {module} ===", flush=True)
        subprocess.run([sys.executable, "-m", module], check=True)


if __name__ == "__main__":
    main()
