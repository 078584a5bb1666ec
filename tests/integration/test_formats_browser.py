"""Number formats in the browser: the grids' JavaScript writes what the server writes, and the charts'
axes read "5 000" and "T1 2025" as the cards and hovers do."""

from __future__ import annotations

from dash.testing.wait import until

from dashboard.i18n import NBSP, NNBSP, fmt_number, fmt_pct
from tests.integration.browser import open_page

NUMBERS = [0, 7, 1234, -2000, 12345.5, 2.5, -2.5, 1.005, 0.125, -0.004, 1234567.891, None]
RATIOS = [0, 0.725, 0.0049, 0.145, 1.15, 0.6666666666666666, None]
RUN = "var f = window.dashAgGridFunctions; return arguments[0].map(function (c) { return f[c[0]](c[1], c[2], c[3]); });"


def texts(dash_duo, selector: str) -> list[str]:
    return [element.text for element in dash_duo.find_elements(selector) if element.text]


def test_the_grids_write_the_servers_numbers(dash_duo, dashboard_app):
    open_page(dash_duo, dashboard_app, "/hiring")
    dash_duo.wait_for_element(".ag-cell")
    calls, expected = [], []
    for lang in ("fr", "en"):
        for decimals in (0, 1, 2):
            calls += [["fmtNumber", value, lang, decimals] for value in NUMBERS]
            expected += [fmt_number(value, lang, decimals) for value in NUMBERS]
            calls += [["fmtPercent", ratio, lang, decimals] for ratio in RATIOS]
            expected += [fmt_pct(ratio, lang, decimals) for ratio in RATIOS]
    assert dash_duo.driver.execute_script(RUN, calls) == expected
    grouped = [text for text in texts(dash_duo, ".ag-cell") if any(char.isdigit() for char in text) and len(text) > 4]
    assert grouped and all(NBSP not in text for text in grouped)
    assert any(NNBSP in text for text in grouped)        # "3 497", as the KPI cards write it
    assert NNBSP in dash_duo.find_element("#hiring-openings").text
    assert dash_duo.get_logs() == []


def test_the_axes_read_french_numbers_and_quarters(dash_duo, dashboard_app):
    open_page(dash_duo, dashboard_app, "/gaps")
    until(lambda: texts(dash_duo, "#gaps-trend-graph .xtick text"), timeout=30, msg="the trend has no x ticks")
    quarters = texts(dash_duo, "#gaps-trend-graph .xtick text")
    assert all(tick[0] == "T" and tick[1] in "1234" and tick[2] == " " for tick in quarters), quarters
    counts = texts(dash_duo, "#gaps-trend-graph .ytick text") + texts(dash_duo, "#gaps-by-trade-graph .xtick text")
    assert not any(tick.endswith("k") for tick in counts), counts
    assert any(NNBSP in tick for tick in counts), counts   # "1 000", never "1k" nor "1000"
    assert dash_duo.get_logs() == []
