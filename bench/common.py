"""What the benchmarks share: the demo files of a scale, timing runs, child processes' peak memory, the app
served by gunicorn with signed-in users, percentiles and the machine's load."""

from __future__ import annotations

import math
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator, Sequence

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base} did not answer /healthz within {seconds:g} s")


@contextmanager
def gunicorn(db_path: Path, env: dict[str, str] | None = None, args: Sequence[str] = ()) -> Iterator[str]:
    """The app served by gunicorn on a free loopback port with the repository's gunicorn.conf.py
    (``args`` add to or override it: ``-w 4``, ``--worker-class sync``); yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:server", "-b", f"127.0.0.1:{port}", *args],
        cwd=BENCH_DIR.parent, env={**os.environ, "WORKFORCE_DB": str(db_path), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def signed_in_users(folder: Path) -> tuple[dict[str, str], list[str], str]:
    """A users file with one person per role (tests/accounts_factory.py) and the settings that serve it:
    (environment, the people's names, their password)."""
    from tests.accounts_factory import PASSWORD, PEOPLE, make_users

    users = make_users(folder / "users.toml")
    env = {"WORKFORCE_USERS": str(users), "WORKFORCE_AUDIT_PATH": str(folder / "audit.sqlite"),
           "WORKFORCE_SECRET_KEY": "bench-" + os.urandom(16).hex(),
           "WORKFORCE_SQL_LOG_PATH": str(folder / "sql-log.jsonl")}
    return env, list(PEOPLE), PASSWORD


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0 < share <= 1) of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
