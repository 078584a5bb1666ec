"""The grids' JavaScript formatters (assets/dashAgGridFunctions.js) write the same strings as the server.

The script runs in Node here (the same V8 and ICU family as Chromium); the browser test
tests/integration/test_formats_browser.py runs it in the real page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.i18n import NNBSP, fmt_number, fmt_pct

SCRIPT = Path(__file__).resolve().parents[2] / "assets" / "dashAgGridFunctions.js"
# Halves on both sides of zero, halves that binary floating point holds below or above (1.005, 0.725),
# grouping at every length, large and tiny numbers, a rounded negative zero, missing values.
NUMBERS = [0, 1, -1, 12, 999, 1000, 1234, -2000, 10000, 123456, 1234567, 1234567.891, 1e21, 2.5, -2.5, 0.5,
           0.125, 1.005, 72.45, -0.004, -0.4, 0.1 + 0.2, 123456789.125, 55.55, None, float("nan")]
RATIOS = [0, 1, 0.725, 0.0049, 0.145, 0.005, 1.15, 0.99999, 0.6666666666666666, 0.125, -0.0001, 12.3456, None]
NODE = shutil.which("node")


def run_js(calls: list[list]) -> list[str]:
    program = (
        "var window = {};\n" + SCRIPT.read_text(encoding="utf-8")
        + "\nvar f = window.dashAgGridFunctions;\n"
        + f"var calls = {json.dumps(calls)};\n"
        + "console.log(JSON.stringify(calls.map(function (c) { return f[c[0]](c[1], c[2], c[3]); })));\n"
    )
    done = subprocess.run([NODE, "-e", program], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def js_value(value):
    """JSON has no NaN: send it as null, which the formatters treat the same (missing)."""
    return None if isinstance(value, float) and value != value else value


@pytest.mark.skipif(NODE is None, reason="node is not installed; the browser test checks the same in Chromium")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_grids_write_numbers_and_percentages_as_the_server_does(lang):
    calls, expected = [], []
    for decimals in (0, 1, 2):
        for value in NUMBERS:
            calls.append(["fmtNumber", js_value(value), lang, decimals])
            expected.append(fmt_number(value, lang, decimals))
        for ratio in RATIOS:
            calls.append(["fmtPercent", js_value(ratio), lang, decimals])
            expected.append(fmt_pct(ratio, lang, decimals))
    assert run_js(calls) == expected


@pytest.mark.skipif(NODE is None, reason="node is not installed; the browser test checks the same in Chromium")
def test_the_grids_defaults_and_masked_counts():
    assert run_js([["fmtNumber", 10000, "fr"], ["fmtPercent", 0.725, "fr"], ["fmtNumber", "< 5", "fr", 0],
                   ["fmtPercent", None, "en", 1], ["fmtNumber", 1234.5, "de", 1]]) == [
        f"10{NNBSP}000", f"72,5{NNBSP}%", "< 5", "–", f"1{NNBSP}234,5"]
