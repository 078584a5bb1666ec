"""Where a callback's server time goes: SQL, protection, figure, serialisation, in-process.

    python -m bench.bench_callbacks [--scale 20 | --db PATH] [--repeats 5] [--pages / /gaps ...]

Opens each page as a browser would (bench/dash_client.py: the router's request, which answers the
page's layout, then every callback that layout starts), in the app's own process through Flask's test client, one
request at a time, and splits each callback's time with timers around

- sql: the statements the door runs (``dashboard.door._run``);
- protection: the check of an answer and the protection of small counts (``_check_answer``,
  ``protect``, ``_order_on_what_is_shown``);
- figure: building what is shown, every public function of ``dashboard.figures`` and
  ``dashboard.layout`` (figures, grids, cards);
- serialisation: Dash writing the answer as JSON (``dash._callback.to_json``);
- other: the rest (Flask, Dash's dispatch, the request's context).

Each page is opened ``--repeats`` times in three states:

- after a publish: the warehouse file is replaced by a copy of itself (a publish, as
  warehouse/publish.py makes one), which drops everything kept; the door asks the questions
  asked last again in the background (``answer_cache_warm``), and the page is opened once that
  is done: its SQL answers are ready, its figures and layout are built again;
- cold: everything kept cleared, nothing warmed (the first visitor after the server starts);
- warm: the answers kept (everyone after, for whom a view's callback is its kept JSON, see
  dashboard/requests.py).

It prints the median of each part per callback, the worst callback and each page's callbacks
added up.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import os
import pkgutil
import shutil
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from bench.dash_client import label, open_page

PAGES = ("/", "/gaps", "/skills", "/training", "/hiring", "/quality", "/trade?trade=QC")
PARTS = ("sql", "protection", "figure", "serialisation")
CALLBACK_TARGET_MS = 100


class Timers(threading.local):
    """Milliseconds spent in each part during the current request; an outer timer of a part
    counts once (a figure calling another is not counted twice)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.depth: dict[str, int] = defaultdict(int)


TIMERS = Timers()


def timed(part: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        TIMERS.depth[part] += 1
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMERS.depth[part] -= 1
            if TIMERS.depth[part] == 0:
                TIMERS.spent[part] += (time.perf_counter() - started) * 1000

    return wrapper


def instrument() -> None:
    """Put the timers around the functions of each part, wherever the app's modules hold them."""
    import dash._callback

    import dashboard.door as door
    import dashboard.figures
    import dashboard.layout

    door._run = timed("sql", door._run)
    for name in ("_check_answer", "protect", "_order_on_what_is_shown"):
        setattr(door, name, timed("protection", getattr(door, name)))
    dash._callback.to_json = timed("serialisation", dash._callback.to_json)

    modules = [dashboard.layout] + [importlib.import_module(f"dashboard.figures.{info.name}")
                                    for info in pkgutil.iter_modules(dashboard.figures.__path__)]
    pages = [module for name, module in list(sys.modules.items()) if name.startswith("dashboard.pages.")]
    for module in modules:
        for name, function in list(vars(module).items()):
            if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            wrapped = timed("figure", function)
            for holder in [module, *modules, *pages]:
                if getattr(holder, name, None) is function:
                    setattr(holder, name, wrapped)


def publish_again(db: Path) -> None:
    """Replace the warehouse by a copy of itself, as a publish does (a new file moved into place)."""
    copy = db.with_name(db.name + ".publishing")
    shutil.copyfile(db, copy)
    os.replace(copy, db)


def measure(client, dependencies: list[dict], url: str, state: str, db: Path) -> list[dict]:
    """Open a page once in ``state`` (see the module); one entry per callback: its label, total ms and
    each part's ms."""
    from dashboard import door

    if state == "cold":
        door.clear_cache()
    elif state == "published":
        publish_again(db)
        door.warehouse_info(str(db))  # the first question on the new file starts the warming
        warming = door.answers().warming
        if warming is not None:
            warming.join()

    def post(payload: dict) -> dict:
        response = client.post("/_dash-update-component", data=json.dumps(payload),
                               content_type="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"{label(payload)} answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
        return response.get_json()

    entries = []

    def timed_post(payload: dict) -> dict:
        TIMERS.spent.clear()
        started = time.perf_counter()
        answer = post(payload)
        total = (time.perf_counter() - started) * 1000
        parts = {part: TIMERS.spent.get(part, 0.0) for part in PARTS}
        entries.append({"page": url, "callback": label(payload), "total": total, **parts,
                        "other": max(0.0, total - sum(parts.values()))})
        return answer

    _, payloads = open_page(dependencies, url, timed_post)  # the router's answer: the page's layout
    for payload in payloads:
        timed_post(payload)
    return entries


def report(entries: list[dict], title: str) -> None:
    by_callback = defaultdict(list)
    for entry in entries:
        by_callback[(entry["page"], entry["callback"])].append(entry)
    print(f"\n{title}: median ms per callback (one request at a time)")
    print(f"{'page':16} {'callback':42} {'total':>7} {'sql':>6} {'prot.':>6} {'figure':>7} {'serial.':>7} {'other':>6}")
    worst = (0.0, "")
    pages = defaultdict(float)
    for (page, callback), runs in sorted(by_callback.items(), key=lambda item: item[0]):
        medians = {name: statistics.median(run[name] for run in runs) for name in ("total", *PARTS, "other")}
        pages[page] += medians["total"]
        worst = max(worst, (medians["total"], f"{page} {callback}"))
        print(f"{page:16} {callback[:42]:42} {medians['total']:7.1f} {medians['sql']:6.1f} "
              f"{medians['protection']:6.1f} {medians['figure']:7.1f} {medians['serialisation']:7.1f} "
              f"{medians['other']:6.1f}")
    totals = {name: sum(entry[name] for entry in entries) for name in ("total", *PARTS, "other")}
    shares = ", ".join(f"{name} {totals[name] / totals['total']:.0%}" for name in (*PARTS, "other"))
    print(f"worst callback ({title}): {worst[0]:.1f} ms, {worst[1]} ({worst[0] / CALLBACK_TARGET_MS:.2f} of "
          f"{CALLBACK_TARGET_MS} ms); time spent: {shares}")
    print("each page's callbacks added up: " + ", ".join(f"{page} {ms:.0f} ms" for page, ms in pages.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--db", type=Path, help="warehouse to serve (default: the demo of --scale in bench/out/)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    if args.db is None:
        from bench.bench_dashboard import warehouse

        args.db = warehouse(args.scale)
    os.environ["WORKFORCE_DB"] = str(args.db.absolute())
    os.environ.pop("WORKFORCE_USERS", None)  # the demonstration's steering view, as the targets were measured

    from app import create_app

    client = create_app().server.test_client()
    instrument()
    dependencies = client.get("/_dash-dependencies").get_json()
    db = args.db.absolute()
    for url in args.pages:  # warm-up: imports, DuckDB's first reads of each table
        measure(client, dependencies, url, "cold", db)
    results = {"cold": [], "warm": [], "published": []}  # in this order: the page's questions asked last
    for _ in range(args.repeats):
        for url in args.pages:
            for state in results:
                results[state] += measure(client, dependencies, url, state, db)
    print(f"warehouse {args.db} ({args.db.stat().st_size / 1e6:,.0f} MB), {args.repeats} runs per page, load "
          f"average {os.getloadavg()[0]:.2f}")
    report(results["published"], "after a publish (the questions asked last asked again in the background, "
                                 "the page built again)")
    report(results["cold"], "cold (everything kept cleared, nothing warmed: the first visitor after a start)")
    report(results["warm"], "warm (answers kept: every later visitor)")


if __name__ == "__main__":
    main()
