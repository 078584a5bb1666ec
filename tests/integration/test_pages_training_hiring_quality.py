"""/training, /hiring and /quality in the browser: a person opens the page, changes a filter, reads a number,
switches language and downloads a CSV; a filter that leaves nothing says so; the console stays clean.

Expected numbers come from the demonstration warehouse itself, read with DuckDB read-only.
"""

from __future__ import annotations


from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from dashboard.i18n import fmt_number, fmt_pct
from tests.integration.browser import (NO_DATA, click, downloaded_csv, open_page, open_signed_in, pick, scalar, shown,
                                       url_has)

EMPTY_REGION = "Guyane"  # the demonstration data have no training site and no employer there


def texts(dash_duo, selector: str) -> list[str]:
    """The text of every element the selector matches, read in one go (the grid re-renders its rows)."""
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]), element => element.textContent.trim());",
        selector)


def test_training_page(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/training")
    enrolled = scalar(demo_warehouse, "select sum(enrolled) from mart_training_funnel")
    dash_duo.wait_for_text_to_equal("#training-enrolled", shown(fmt_number(enrolled, "fr")))
    assert dash_duo.find_element("#training-funnel-graph .gtitle").text.startswith("De l'inscription à l'emploi")

    pick(dash_duo, "filter-pathway", "Apprentissage")
    url_has(dash_duo, "pathway=apprenticeship")
    placement = scalar(demo_warehouse, "select sum(placed_6m) / sum(eligible_6m) from mart_training_pathway "
                                       "where pathway = 'apprenticeship'")
    dash_duo.wait_for_text_to_equal("#training-placement", shown(fmt_pct(placement, "fr")))

    programmes = downloaded_csv(dash_duo, "training-programmes")
    expected = scalar(demo_warehouse, "select count(distinct programme_code) from mart_training_pathway "
                                      "where pathway = 'apprenticeship'")
    assert programmes.height == expected
    assert "< 5" in programmes["placed_6m"].to_list() or all(int(value) >= 5 for value in programmes["placed_6m"])

    pick(dash_duo, "filter-region", EMPTY_REGION)
    url_has(dash_duo, "region=03")
    dash_duo.wait_for_contains_text("#training-kpis", NO_DATA)
    dash_duo.wait_for_contains_text("#training-funnel-graph", NO_DATA)
    assert dash_duo.get_logs() == []


def test_hiring_page(dash_duo, dashboard_app, demo_warehouse, users):
    open_signed_in(dash_duo, dashboard_app, "ana", "/hiring?lang=en&region=84")  # an analyst sees every employer
    openings = scalar(demo_warehouse, "select sum(openings) from mart_hiring_monthly where region_code = '84'")
    dash_duo.wait_for_text_to_equal("#hiring-openings", fmt_number(openings, "en"))
    assert dash_duo.find_element("h1").text == "Hiring: openings, hires and jobs created"

    pick(dash_duo, "filter-trade", "Quality control technician")
    url_has(dash_duo, "trade=QC")
    rows = scalar(demo_warehouse, "select count(*) from (select distinct employer_id, trade_code, region_code "
                                  "from fact_hiring where trade_code = 'QC' and region_code = '84')")
    dash_duo.wait_for_contains_text("#hiring-employers-note", f"{fmt_number(rows, 'en')} rows")

    employers = downloaded_csv(dash_duo, "hiring-employers")
    assert employers.height == rows
    assert set(employers["trade_code"]) == {"QC"}

    click(dash_duo, "#lang-switch")
    url_has(dash_duo, "trade=QC")
    dash_duo.wait_for_text_to_equal("h1", "Recrutement : postes ouverts, embauches et emplois créés")
    qc_openings = scalar(demo_warehouse, "select sum(openings) from mart_hiring_monthly "
                                         "where region_code = '84' and trade_code = 'QC'")
    dash_duo.wait_for_text_to_equal("#hiring-openings", shown(fmt_number(qc_openings, "fr")))

    dash_duo.wait_for_page(f"{dash_duo.server_url}/hiring?region=03")  # a shared link to an empty selection
    dash_duo.wait_for_contains_text("#hiring-kpis", NO_DATA)
    dash_duo.wait_for_contains_text("#hiring-employers", NO_DATA)
    assert dash_duo.get_logs() == []


def test_quality_page(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/quality")
    dash_duo.wait_for_contains_text("#quality-freshness-list", "Recrutements : données jusqu'à octobre 2026, "
                                                               "chargées aujourd'hui.")
    assert not dash_duo.find_element("#filter-bar").is_displayed()
    files = scalar(demo_warehouse, "select count(*) from load_log")
    until(lambda: len(texts(dash_duo, "#quality-load-log-grid .ag-center-cols-container .ag-row")) == files,
          timeout=30, msg="the load log grid does not show one row per file")

    # Clicking a reason's bar keeps only that source's and column's rejected rows in the grid.
    bar = dash_duo.find_elements("#quality-reasons-graph .point path")[-1]
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", bar)
    ActionChains(dash_duo.driver).move_to_element(bar).click().perform()
    cells = "#quality-rejected-grid .ag-center-cols-container .ag-row [col-id={}]"
    until(lambda: len(set(texts(dash_duo, cells.format("column_name")))) == 1, timeout=30,
          msg="clicking a bar did not filter the rejected rows")
    column = texts(dash_duo, cells.format("column_name"))[0]
    file_name = texts(dash_duo, cells.format("file_name"))[0]  # the file as people know it, not its full path
    assert len(texts(dash_duo, cells.format("line"))) == scalar(
        demo_warehouse, "select count(*) from rejected_rows where column_name = ? and source = "
                        "(select any_value(source) from rejected_rows where file_name = ?)", [column, file_name])

    rejected = downloaded_csv(dash_duo, "quality-rejected-rows")
    assert rejected.height == scalar(demo_warehouse, "select count(*) from rejected_rows")
    assert {"file_name", "line", "column_name", "value", "reason"} <= set(rejected.columns)
    assert "file_path" not in rejected.columns  # full paths are for admins

    click(dash_duo, "#lang-switch")
    dash_duo.wait_for_contains_text("#quality-freshness-list", "Hiring: data up to October 2026, loaded today.")
    assert dash_duo.get_logs() == []
