"""The dashboard at --scale 20: every callback's server time, each page fully rendered, a worker's memory.

    python -m bench.bench_dashboard [--scale 20] [--repeats 5]

Builds (once) a scale-20 demo warehouse in bench/out/, serves the real app in a
child process with a timer around each callback (bench/serve_timed.py), opens
every page (and the trade profile for several trades, and filtered views) in
headless Chromium `--repeats` times, and prints per page the median time until
the page is fully rendered (target 1.5 s), per callback the median and p95
server time (target p95 <= 100 ms), and the server's resident memory.

Callback times are given twice: as served while the page loads (every callback
of a page at once, the browser rendering on the same 2 cores), and replayed one
request at a time (the same recorded requests, sequentially): the callback's
own cost.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import psutil
from selenium import webdriver
from selenium.webdriver.chrome.options import Options

from bench.common import BENCH_DIR, OUT_DIR, demo_files, free_port, load_average

PAGES = (
    "/", "/gaps", "/skills", "/training", "/hiring", "/quality", "/sql",
    "/trade?trade=QC", "/trade?trade=USP", "/trade?trade=MAINT",
    "/gaps?trade=QC&region=84&from=2024Q1", "/hiring?trade=FILL,AUTO&region=11", "/?lang=en",
)
RENDER_TARGET_S = 1.5
CALLBACK_P95_TARGET_MS = 100


def warehouse(scale: float) -> Path:
    """The demo warehouse of that scale: loaded once, built again whenever the code that builds it changed
    (warehouse/build.py's built_by_this_code), so a benchmark never measures an older build."""
    import duckdb

    from pipelines.runs import ingest_and_publish, rebuild_and_publish
    from warehouse.build import built_by_this_code

    db_path = OUT_DIR / f"workforce-scale{scale:g}.duckdb"
    if not db_path.exists():
        print(f"loading the scale-{scale:g} demo into {db_path} ...", flush=True)
        ingest_and_publish(db_path, [demo_files(scale)])
        return db_path
    with duckdb.connect(str(db_path), read_only=True) as con:
        current = built_by_this_code(con)
    if not current:
        print(f"building {db_path} again with this code ...", flush=True)
        rebuild_and_publish(db_path)
    return db_path


def browser() -> webdriver.Chrome:
    options = Options()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     "--window-size=1366,900"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options)


RENDERED = """
const loading = document.querySelectorAll('[data-dash-is-loading="true"]').length;
const content = document.querySelector('#_pages_content');
const pending = window.performance.getEntriesByType('resource')
    .filter(entry => entry.name.includes('_dash-update-component') && entry.responseEnd === 0).length;
return content !== null && content.children.length > 0 && loading === 0 && pending === 0;
"""


def render_seconds(driver: webdriver.Chrome, url: str) -> float:
    started = time.perf_counter()
    driver.get(url)
    settled_since = None
    while time.perf_counter() - started < 30:
        if driver.execute_script(RENDERED):
            settled_since = settled_since or time.perf_counter()
            if time.perf_counter() - settled_since >= 0.3:  # nothing new started for 300 ms
                return settled_since - started
        else:
            settled_since = None
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not finish rendering in 30 s")


def p95_of(values: list[float]) -> float:
    return max(values) if len(values) < 2 else statistics.quantiles(values, n=20, method="inclusive")[-1]


def replay(base: str, recorded: list[dict]) -> None:
    """Send every recorded callback request again, one at a time, marked as a replay."""
    for entry in recorded:
        request = urllib.request.Request(f"{base}/_dash-update-component", data=json.dumps(entry["payload"]).encode(),
                                         headers={"Content-Type": "application/json", "X-Bench-Replay": "1"})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()


def print_callbacks(entries: list[dict], title: str) -> None:
    timings = defaultdict(list)
    for entry in entries:
        timings[entry["output"]].append(entry["ms"])
    print(f"\ncallbacks {title}")
    print(f"{'callback (outputs)':70} {'n':>4} {'median ms':>10} {'p95 ms':>8}  target p95 {CALLBACK_P95_TARGET_MS} ms")
    worst = 0.0
    for output, values in sorted(timings.items(), key=lambda item: -p95_of(item[1])):
        p95 = p95_of(values)
        worst = max(worst, p95)
        print(f"{output[:70]:70} {len(values):4} {statistics.median(values):10.1f} {p95:8.1f}"
              f"  {'ok' if p95 <= CALLBACK_P95_TARGET_MS else 'SLOW'}")
    print(f"worst callback p95 {title}: {worst:.1f} ms ({worst / CALLBACK_P95_TARGET_MS:.2f} of the target)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    db_path = warehouse(args.scale)
    before = load_average()
    port, log_path = free_port(), OUT_DIR / "callbacks.jsonl"
    log_path.unlink(missing_ok=True)
    env = {**os.environ, "WORKFORCE_DB": str(db_path)}
    server = subprocess.Popen([sys.executable, "-m", "bench.serve_timed", "--port", str(port), "--log", str(log_path)],
                              cwd=BENCH_DIR.parent, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        driver = browser()
        renders = defaultdict(list)
        try:
            for page in PAGES:  # warm-up: first loads compile JS bundles and fill caches
                render_seconds(driver, base + page)
            log_path.write_text("")
            for _ in range(args.repeats):
                for page in PAGES:
                    renders[page].append(render_seconds(driver, base + page))
        finally:
            driver.quit()
        recorded = [json.loads(line) for line in log_path.read_text().splitlines()]
        replay(base, recorded)
        rss_mb = psutil.Process(server.pid).memory_info().rss / 1e6
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"\nscale {args.scale:g}, {args.repeats} runs per page, warehouse {db_path.stat().st_size / 1e6:,.0f} MB; "
          f"before: {before}; after: {load_average()}")
    print(f"\n{'page':45} {'median render s':>16} {'max s':>7}  target {RENDER_TARGET_S} s")
    for page, seconds in renders.items():
        print(f"{page:45} {statistics.median(seconds):16.2f} {max(seconds):7.2f}"
              f"  {'ok' if statistics.median(seconds) <= RENDER_TARGET_S else 'SLOW'}")
    entries = [json.loads(line) for line in log_path.read_text().splitlines()]
    for replayed, title in ((False, "while pages load (concurrent, browser on the same cores)"),
                            (True, "replayed one at a time")):
        print_callbacks([entry for entry in entries if entry["replay"] == replayed], title)
    print(f"worker resident memory after the run: {rss_mb:,.0f} MB")


if __name__ == "__main__":
    main()
