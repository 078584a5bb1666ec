"""What the benchmarks share: the demo files of a scale, timing runs, child processes' peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
BENCH_UNTIL = date(2026, 10, 1)


def demo_files(scale: float) -> Path:
    """The demo input files of that scale (generated once, reused by later runs)."""
    from pipelines.demo import write_demo

    folder = OUT_DIR / f"demo-scale{scale:g}"
    if not (folder / "demo-manifest.json").exists():
        print(f"generating demo files at scale {scale:g} in {folder} ...", flush=True)
        write_demo(folder, scale=scale, until=BENCH_UNTIL)
    return folder


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return seconds


def run_child(code: str) -> tuple[float, float]:
    """Run Python code in a fresh process; return (wall seconds, that process's own peak RSS in MB)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=BENCH_DIR.parent)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"benchmark child failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)
