"""`make screenshots`: every page of the app on demonstration data, as docs/screenshots/*.png.

    python -m bench.screenshots [--db PATH]

Serves the real app (bench/serve_timed.py) on the given warehouse, or on a
scale-1 demo warehouse built in bench/out/, and saves a full-page screenshot of
each page from headless Chromium at a 1366-pixel-wide laptop size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_dashboard import browser, render_seconds, warehouse
from bench.common import BENCH_DIR, OUT_DIR, free_port

SHOTS = {
    "overview": "/",
    "gaps": "/gaps",
    "skills": "/skills?trade=FILL",
    "training": "/training",
    "hiring": "/hiring",
    "trade": "/trade?trade=QC",
    "scenarios": "/scenarios?trade=QC&region=11",
    "market": "/market",
    "quality": "/quality",
    "sql": "/sql?q=select%20trade_code%2C%20sum(gap)%20as%20gap%20from%20mart_talent_gap%20group%20by%20trade_code%20order%20by%20gap%20desc",
    "gaps-en": "/gaps?lang=en&trade=QC,FILL&region=11,84",
}
TARGET = BENCH_DIR.parent / "docs" / "screenshots"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="warehouse to show (default: a scale-1 demo in bench/out/)")
    args = parser.parse_args()
    db_path = args.db or warehouse(1)
    TARGET.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.serve_timed", "--port", str(port), "--log", str(OUT_DIR / "shots.jsonl")],
        cwd=BENCH_DIR.parent, env={**os.environ, "WORKFORCE_DB": str(db_path)})
    driver = browser()
    try:
        time.sleep(3)
        for name, path in SHOTS.items():
            driver.set_window_size(1366, 900)
            render_seconds(driver, f"http://127.0.0.1:{port}{path}")
            height = driver.execute_script("return document.body.scrollHeight")
            driver.set_window_size(1366, min(max(height, 900), 6000))
            time.sleep(1.0)
            driver.save_screenshot(str(TARGET / f"{name}.png"))
            print(f"docs/screenshots/{name}.png  ({path})")
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
