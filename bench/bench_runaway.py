"""Analysts cannot slow the others: /healthz and a page's callbacks while four runaway SQL queries run.

    python -m bench.bench_runaway [--scale 20] [--worker-class gthread] [--repeats 3]

Serves a demo warehouse of --scale through `gunicorn app:server -w 4` (the repository's
gunicorn.conf.py; --worker-class sync shows gunicorn's default), with a users file. A probe signed
in as the steering committee asks /healthz, then opens /gaps as a browser does (the router's request
and the page's callbacks, six at a time), again and again. It measures for --quiet seconds alone,
then while four analysts each run `select sum(hash(range)) from range(10000000000)` from the SQL
console (its real callback, so through warehouse.sandbox.run_sql in the app), which the sandbox
stops at its time limit. Prints p50, p95 and the slowest of /healthz, of each callback and of the page's
callbacks together, quiet and during the runaway queries (only what started after the fourth
query was sent and ended before the first came back), and how each runaway query ended; the
target is p95 <= 300 ms during them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from bench.common import gunicorn, load_average, percentile, signed_in_users
from bench.dash_client import open_page, poster, sign_in

# Hours of work for DuckDB (about 2 s per 10^8 hashes on one core here); a plain count(*) over the same
# range is answered in seconds, DuckDB counting a range without reading it.
RUNAWAY = "select sum(hash(range)) from range(10000000000)"
ANALYSTS = 4
P95_TARGET_MS = 300
PAGE = "/gaps"


class Probe(threading.Thread):
    """The steering committee's person: /healthz, then /gaps, in a loop; every timing with its start and end."""

    def __init__(self, base: str, name: str, password: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.session = requests.Session()
        sign_in(self.session, base, name, password)
        self.dependencies = self.session.get(f"{base}/_dash-dependencies", timeout=30).json()
        self.samples: list[tuple[str, float, float]] = []  # (what, started, ended), perf_counter seconds
        self.stopped = threading.Event()

    def timed(self, what: str, call):
        started = time.perf_counter()
        result = call()
        self.samples.append((what, started, time.perf_counter()))
        return result

    def run(self) -> None:
        post = poster(self.session, self.base)
        with ThreadPoolExecutor(6) as pool:  # a browser's connections to one host
            while not self.stopped.is_set():
                self.timed("/healthz", lambda: self.session.get(f"{self.base}/healthz", timeout=60).raise_for_status())
                _, payloads = self.timed("router", lambda: open_page(self.dependencies, PAGE, post))
                started = time.perf_counter()
                list(pool.map(lambda payload: self.timed("callback", lambda: post(payload)), payloads))
                self.samples.append(("page's callbacks together", started, time.perf_counter()))


def run_query(base: str, name: str, password: str) -> tuple[float, float, str]:
    """An analyst runs the runaway query from the console; (sent, answered, how it ended)."""
    session = requests.Session()
    sign_in(session, base, name, password)
    dependencies = session.get(f"{base}/_dash-dependencies", timeout=30).json()
    post = poster(session, base, timeout=120)
    page, _ = open_page(dependencies, "/sql", post)
    page.props["sql-editor"]["value"] = RUNAWAY
    [payload] = page.change("sql-run", "n_clicks", 1)
    sent = time.perf_counter()
    answer = post(payload)
    results = str(answer.get("response", {}).get("sql-results", {}).get("children", ""))
    stopped = "WORKFORCE_SQL_TIME_LIMIT_S" in results  # the time limit's message names its setting
    busy = "occupée" in results or "is busy" in results
    ended = "stopped at the time limit" if stopped else "refused: the console was busy" if busy else "answered"
    return sent, time.perf_counter(), ended


def describe(samples: list[tuple[str, float, float]], title: str) -> dict[str, float]:
    print(f"\n{title}")
    print(f"{'':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    found = {}
    for what in ("/healthz", "router", "callback", "page's callbacks together"):
        values = [(end - start) * 1000 for kind, start, end in samples if kind == what]
        if values:
            found[what] = percentile(values, 0.95)
            print(f"{what:28} {len(values):5d} {statistics.median(values):8.0f} {found[what]:8.0f} {max(values):8.0f}")
    return found


def run_once(db_path: Path, args: argparse.Namespace, folder: Path) -> dict[str, float]:
    env, people, password = signed_in_users(folder)
    server_args = ["-w", "4", "--worker-class", args.worker_class]
    with gunicorn(db_path, env, server_args) as base:
        probe = Probe(base, "stella", password)
        probe.start()
        time.sleep(args.quiet)
        quiet_until = time.perf_counter()
        with ThreadPoolExecutor(ANALYSTS) as pool:
            queries = list(pool.map(lambda number: run_query(base, ("ana", "adam")[number % 2], password),
                                    range(ANALYSTS)))
        probe.stopped.set()
        probe.join(timeout=120)
    all_sent, first_back = max(sent for sent, _, _ in queries), min(back for _, back, _ in queries)
    describe([sample for sample in probe.samples if sample[2] <= quiet_until], "quiet (no analyst query)")
    during = describe([sample for sample in probe.samples if sample[1] >= all_sent and sample[2] <= first_back],
                      f"during {ANALYSTS} runaway queries ({first_back - all_sent:.1f} s with all four running)")
    overlapping = [(end - start, kind) for kind, start, end in probe.samples if start < first_back and end > all_sent]
    if overlapping:
        seconds, kind = max(overlapping)
        print(f"longest wait of a probe request overlapping them: {kind} {seconds:.1f} s")
    if not during:
        print("nothing the probe asked was answered while the four queries ran")
        during = {"/healthz": (first_back - all_sent) * 1000}
    for number, (sent, back, ended) in enumerate(queries, start=1):
        print(f"runaway query {number}: {ended} after {back - sent:.1f} s")
    return during


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--db", type=Path, help="warehouse to serve (default: the demo of --scale in bench/out/)")
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--quiet", type=float, default=8, help="seconds measured before the queries start")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.db is None:
        from bench.bench_dashboard import warehouse

        args.db = warehouse(args.scale)
    runs = []
    for run in range(1, args.repeats + 1):
        print(f"\n=== run {run}: {args.worker_class} workers, {args.db.name}; {load_average()}")
        with tempfile.TemporaryDirectory(prefix="bench-runaway-") as folder:
            runs.append(run_once(args.db.absolute(), args, Path(folder)))
    print(f"\nmedians of {len(runs)} runs, p95 during the runaway queries (target {P95_TARGET_MS} ms):")
    for what in ("/healthz", "router", "callback", "page's callbacks together"):
        values = [run[what] for run in runs if what in run]
        if values:
            median = statistics.median(values)
            print(f"  {what:28} {median:7.0f} ms  {'ok' if median <= P95_TARGET_MS else 'SLOW'}")
    print(f"after the runs: {load_average()}")


if __name__ == "__main__":
    main()
