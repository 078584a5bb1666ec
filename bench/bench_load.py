"""Many signed-in people at once: locust against `gunicorn app:server -w 4` on loopback.

    python -m bench.bench_load [--scale 4] [--users 50] [--warm-up 30] [--seconds 60] [--repeats 3]

Serves a demo warehouse of --scale (built once in bench/out/) with a users file (one person per
role, tests/accounts_factory.py) through gunicorn with the repository's gunicorn.conf.py and
``-w 4``, then runs locust headless (bench/locustfile.py) with --users people who each sign in
through /login with its CSRF token (as the steering committee, or with --people every-role as the
four roles in turn, so four times as many views to build) and go round /, /gaps, /trade and /hiring as a browser does:
the router's request and every callback the page starts (read from /_dash-dependencies), think
0.5 s, change the trade filter, think 0.5 s. Each run starts a fresh server and puts the load on
it for --warm-up seconds first (every view is built once per worker and role, as in the first
minutes after a publish; printed apart), then measures --seconds more of it: the steady state of
the ten minutes before a meeting. Timing starts once everybody has signed in (the sign-ins,
argon2 on purpose, are not timed). Prints per run and as medians of the runs:
requests per second, p50/p95/p99 of every request, of the routers' requests (a page's layout), of
the callbacks and of a page's callbacks together, and the errors; the target is p95 <= 250 ms
with no error.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import BENCH_DIR, gunicorn, load_average, signed_in_users

P95_TARGET_MS = 250
KINDS = ("all requests", "routers", "callbacks", "pages")


def locust(base: str, args: argparse.Namespace, seconds: int, people: list[str], password: str,
           folder: Path) -> dict:
    summary_path, log_path = folder / "summary.json", folder / "locust.log"
    summary_path.unlink(missing_ok=True)
    locust_env = {**os.environ, "BENCH_PEOPLE": json.dumps(people), "BENCH_PASSWORD": password,
                  "BENCH_SUMMARY": str(summary_path), "BENCH_THINK_S": str(args.think)}
    for attempt in (1, 2):  # the load generator itself sometimes dies at start on a loaded box: once more
        with log_path.open("w", encoding="utf-8") as log:
            done = subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(BENCH_DIR / "locustfile.py"), "--headless",
                 "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{seconds}s",
                 "--host", base, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10",
                 "--reset-stats"],
                cwd=BENCH_DIR.parent, env=locust_env, check=False, stdout=subprocess.DEVNULL, stderr=log)
        text = log_path.read_text(encoding="utf-8")
        if summary_path.exists() and "Traceback" not in text:
            break
        if attempt == 2:
            raise RuntimeError(f"locust did not finish its run cleanly (exit {done.returncode}):\n{text[-3000:]}")
        print(f"locust stopped without a summary (exit {done.returncode}); running it again", flush=True)
    return json.loads(summary_path.read_text(encoding="utf-8"))


def run_once(db_path: Path, args: argparse.Namespace, folder: Path) -> tuple[dict | None, dict]:
    """(the first minutes' figures, or None without --warm-up; the measured run's figures)."""
    env, people, password = signed_in_users(folder)
    people = people if args.people == "every-role" else ["stella"]
    server_args = ["-w", str(args.workers), "--worker-class", args.worker_class, "--threads", str(args.threads)]
    with gunicorn(db_path, env, server_args) as base:
        first = locust(base, args, args.warm_up, people, password, folder) if args.warm_up else None
        return first, locust(base, args, args.seconds, people, password, folder)


def line(kind: str, figures: dict) -> str:
    return (f"{kind:20} {figures['requests']:7d} {figures['requests_per_s']:7.1f} {figures['p50']:6.0f} "
            f"{figures['p95']:6.0f} {figures['p99']:6.0f} {figures['failures']:6d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=4)
    parser.add_argument("--db", type=Path, help="warehouse to serve (default: the demo of --scale in bench/out/)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="people starting per second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warm-up", type=int, default=30,
                        help="seconds of the same load before the measured run, on the same server (0: none)")
    parser.add_argument("--think", type=float, default=0.5, help="think time in seconds")
    parser.add_argument("--people", choices=("committee", "every-role"), default="committee",
                        help="committee: everyone signs in with the steering role (the issue's scenario, the "
                             "committee before a meeting); every-role: steering, hr, analyst and admin in turn")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if args.db is None:
        from bench.bench_dashboard import warehouse

        args.db = warehouse(args.scale)
    runs = []
    for run in range(1, args.repeats + 1):
        before = load_average()
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            first, measured = run_once(args.db.absolute(), args, Path(folder))
        runs.append(measured)
        print(f"\nrun {run}: {args.users} people ({args.people}), {args.workers} {args.worker_class} workers x "
              f"{args.threads} threads, {args.db.name}; before: {before}; after: {load_average()}")
        print(f"{'':20} {'requests':>7} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6}  (ms)")
        if first:
            print(f"the first {args.warm_up} s after the server started (every view built once per worker):")
            for kind in KINDS:
                print(line(kind, first[kind]))
            print(f"then {args.seconds} s measured:")
        for kind in (*KINDS, "sign-in and set-up"):
            if kind in runs[-1]:
                print(line(kind, runs[-1][kind]))
        print("slowest p95: " + ", ".join(f"{entry['name']} {entry['p95']:.0f} ms" for entry in runs[-1]["slowest"][:4]))
        for error in runs[-1]["errors"]:
            print(f"error x{error['occurrences']}: {error['name']}: {error['error'][:200]}")
    print(f"\nmedians of {len(runs)} runs at {args.db.name}:")
    print(f"{'':20} {'requests':>7} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6}  (ms)")
    for kind in KINDS:
        medians = {name: statistics.median(run[kind][name] for run in runs)
                   for name in ("requests_per_s", "p50", "p95", "p99")}
        total = {name: int(statistics.median(run[kind][name] for run in runs)) for name in ("requests", "failures")}
        print(line(kind, {**medians, **total}))
    p95 = statistics.median(run["all requests"]["p95"] for run in runs)
    errors = sum(run["all requests"]["failures"] for run in runs)
    print(f"p95 of every request {p95:.0f} ms ({p95 / P95_TARGET_MS:.2f} of the {P95_TARGET_MS} ms target), "
          f"{errors} error(s) in {len(runs)} runs: {'ok' if p95 <= P95_TARGET_MS and not errors else 'NOT MET'}")


if __name__ == "__main__":
    main()
