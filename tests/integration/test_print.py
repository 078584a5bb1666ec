"""/trade on paper: printed by headless Chromium to A4 portrait, as a person's "Imprimer" does, it holds
on at most two pages every region of its chart, every programme of its table and every column header."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from dash.testing.wait import until
from pypdf import PdfReader

from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.queries import gaps as gaps_queries
from dashboard.queries import training as training_queries
from tests.contexts import steering
from tests.integration.browser import open_page

A4 = {"paperWidth": 8.27, "paperHeight": 11.69}  # inches, as Chromium's print dialog has it


def printed(dash_duo) -> PdfReader:
    """Press the page's Print button (the dialog replaced by a flag), then print as Chromium does once the
    page is laid out for paper."""
    driver = dash_duo.driver
    driver.execute_script("window.print = () => { window.printed = true; };")
    dash_duo.find_element("#trade-print").click()
    until(lambda: driver.execute_script("return window.printed === true"), timeout=10, msg="print not called")
    until(lambda: driver.execute_script(
        "return document.body.classList.contains('printing') && Array.from(document.querySelectorAll("
        "'.js-plotly-plot')).every(chart => chart._fullLayout && chart._fullLayout.width <= 1020)"),
        timeout=10, msg="the charts were not redrawn for paper")
    answer = driver.execute_cdp_cmd("Page.printToPDF", {**A4, "printBackground": False, "preferCSSPageSize": True})
    content = base64.b64decode(answer["data"])
    (Path(dash_duo.download_path) / "trade-printed.pdf").write_bytes(content)  # to look at when it fails
    return PdfReader(io.BytesIO(content))


def test_a_trade_profile_prints_on_two_a4_pages_with_every_region_and_programme(dash_duo, dashboard_app,
                                                                                 demo_warehouse):
    open_page(dash_duo, dashboard_app, "/trade?trade=QC")
    dash_duo.wait_for_text_to_equal("h1", "Fiche métier : Technicien·ne de contrôle qualité")
    ctx = steering(Filters(trades=("QC",)))
    by_region = gaps_queries.gap_by_region(ctx)
    regions = by_region.filter(by_region["demand"].is_not_null())["region_name"].to_list()  # the chart's bars
    programmes = training_queries.by_programme(ctx)["programme"].to_list()
    assert len(regions) >= 10 and programmes  # the demonstration's QC is taught and hired across France
    dash_duo.wait_for_element("#trade-programmes .ag-row")
    dash_duo.wait_for_element("#trade-hiring-graph .main-svg")

    pdf = printed(dash_duo)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert len(pdf.pages) <= 2, f"{len(pdf.pages)} pages"
    assert all(abs(float(page.mediabox.width) - 595) < 2 for page in pdf.pages)  # A4 portrait: 595 x 842 pt
    missing_regions = [name for name in regions if name not in text]
    assert missing_regions == [], f"regions not on paper: {missing_regions}"
    missing_programmes = [name for name in programmes if name not in text]
    assert missing_programmes == [], f"programmes not on paper: {missing_programmes}"
    for key in ("measure.enrolled", "measure.placement_rate_6m"):  # the table's columns, first and last but one
        assert t(key, "fr") in text
    assert "Demande et diplômés prêts à l'emploi" in text and "Recrutement" in text
