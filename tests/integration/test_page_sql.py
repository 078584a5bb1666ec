"""/sql in a browser, signed in as an analyst: run a query (button, Ctrl+Enter), a refusal, an example, the
link (it fills the editor, never runs on its own), English, a download; and the page refused to a
steering committee member."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import polars as pl
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.sql_console import share_search
from tests.integration.browser import open_signed_in, shown
from warehouse.examples import EXAMPLES

EDITOR = "#sql-editor"
RUN = "#sql-run"
SUMMARY = "#sql-summary"
REGIONS_SQL = "select region_code, region_name from dim_region order by region_code"


def warehouse_rows(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def open_console(dash_duo, dashboard_app, search: str = "") -> None:
    open_signed_in(dash_duo, dashboard_app, "ana", f"/sql{search}")
    dash_duo.wait_for_element(EDITOR)


def type_sql(dash_duo, sql: str) -> None:
    editor = dash_duo.find_element(EDITOR)
    editor.click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(sql)


def click(dash_duo, element) -> None:
    """Scroll the element to the middle of the window and click it, again while the page still moves
    (the examples' text renders once its Markdown component has loaded)."""
    for _ in range(20):
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        try:
            element.click()
            return
        except ElementClickInterceptedException:
            time.sleep(0.2)
    element.click()


def grid_rows(dash_duo) -> list[list[str]]:
    """The result grid's rows as shown, in order (the grid renders every row of a small result)."""
    rows = dash_duo.driver.execute_script("""
        const rows = [...document.querySelectorAll('#sql-grid .ag-center-cols-container .ag-row')];
        rows.sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')));
        return rows.map(row => [...row.querySelectorAll('.ag-cell')].map(cell => cell.innerText.trim()));
    """)
    return rows


def address_sql(dash_duo) -> str:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)["q"][0]


def test_a_query_runs_with_the_button_and_with_ctrl_enter(dash_duo, dashboard_app, demo_warehouse, users):
    open_console(dash_duo, dashboard_app)
    type_sql(dash_duo, REGIONS_SQL)
    dash_duo.find_element(RUN).click()
    expected = warehouse_rows(demo_warehouse, REGIONS_SQL)
    dash_duo.wait_for_contains_text(SUMMARY, f"{len(expected)} ligne(s) · 2 colonne(s)")
    dash_duo.wait_for_element("#sql-grid .ag-row")
    assert grid_rows(dash_duo) == [[code, name] for code, name in expected]
    assert address_sql(dash_duo) == REGIONS_SQL

    count_sql = "select count(*) as hiring_rows from fact_hiring"
    type_sql(dash_duo, count_sql)
    ActionChains(dash_duo.driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    dash_duo.wait_for_contains_text(SUMMARY, "1 ligne(s) · 1 colonne(s)")
    [(hiring_rows,)] = warehouse_rows(demo_warehouse, count_sql)
    dash_duo.wait_for_text_to_equal("#sql-grid .ag-cell[col-id='hiring_rows']", str(hiring_rows))
    assert dash_duo.find_element(EDITOR).get_attribute("value") == count_sql  # no newline from the shortcut
    assert dash_duo.get_logs() == []


def test_a_statement_that_writes_is_refused_in_words(dash_duo, dashboard_app, demo_warehouse, users):
    open_console(dash_duo, dashboard_app)
    type_sql(dash_duo, "drop table fact_hiring")
    dash_duo.find_element(RUN).click()
    dash_duo.wait_for_contains_text("#sql-error", "Requête refusée")
    message = dash_duo.find_element("#sql-error").text
    assert "Requête refusée : DROP supprime un objet" in shown(message) and "Traceback" not in message
    assert not dash_duo.find_elements("#sql-grid")
    assert warehouse_rows(demo_warehouse, "select count(*) > 0 from fact_hiring") == [(True,)]
    type_sql(dash_duo, "selec 1")
    dash_duo.find_element(RUN).click()
    dash_duo.wait_for_contains_text("#sql-error", "Erreur de syntaxe")
    assert dash_duo.get_logs() == []


def test_an_example_loads_into_the_editor_runs_and_goes_into_the_address(dash_duo, dashboard_app, demo_warehouse, users):
    example = EXAMPLES[0]
    open_console(dash_duo, dashboard_app)
    click(dash_duo, dash_duo.find_element(f"[id*='{example.name}']"))
    expected = warehouse_rows(demo_warehouse, example.sql)
    dash_duo.wait_for_contains_text(SUMMARY, f"{len(expected)} ligne(s) · 7 colonne(s)")
    assert dash_duo.find_element(EDITOR).get_attribute("value") == example.sql
    assert [row[:2] for row in grid_rows(dash_duo)] == [[code, name] for code, name, *_ in expected]
    assert address_sql(dash_duo) == example.sql
    assert dash_duo.find_element("#sql-link").get_attribute("value") == dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_a_link_restores_the_query_runs_it_only_when_asked_and_english_keeps_it(dash_duo, dashboard_app,
                                                                                 demo_warehouse, users):
    open_console(dash_duo, dashboard_app, share_search(REGIONS_SQL, "fr"))
    dash_duo.wait_for_contains_text("#sql-results", "relisez-la, puis exécutez-la")
    assert not dash_duo.find_elements("#sql-grid")  # a link never runs a query on its own
    dash_duo.find_element(RUN).click()
    expected = warehouse_rows(demo_warehouse, REGIONS_SQL)
    dash_duo.wait_for_contains_text(SUMMARY, f"{len(expected)} ligne(s)")
    assert dash_duo.find_element(EDITOR).get_attribute("value") == REGIONS_SQL
    dash_duo.wait_for_element("#sql-grid .ag-row")
    assert grid_rows(dash_duo)[0] == list(expected[0])

    dash_duo.wait_for_text_to_equal("#lang-switch", "English")
    dash_duo.find_element("#lang-switch").click()
    dash_duo.wait_for_text_to_equal("h1", "SQL console")
    assert dash_duo.find_element(RUN).text == "Run"
    assert dash_duo.find_element(EDITOR).get_attribute("value") == REGIONS_SQL
    dash_duo.find_element(RUN).click()
    dash_duo.wait_for_contains_text(SUMMARY, f"{len(expected)} row(s) · 2 column(s)")
    assert "lang=en" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_english_page_and_schema_names_go_into_the_editor(dash_duo, dashboard_app, users):
    open_console(dash_duo, dashboard_app, "?lang=en")
    dash_duo.wait_for_text_to_equal("h1", "SQL console")
    assert dash_duo.find_element(RUN).text == "Run"
    dash_duo.find_element(EDITOR).send_keys("select ")
    table = dash_duo.find_element("#sql-schema [id*='\"column\":\"\"'][id*='\"table\":\"dim_region\"']")
    details = table.find_element("xpath", "./ancestor::details")
    click(dash_duo, details.find_element("css selector", "summary div"))  # the grain: opens the table
    click(dash_duo, details.find_element("css selector", "[id*='\"column\":\"region_name\"']"))
    dash_duo.wait_for_text_to_equal(EDITOR, "select region_name")
    dash_duo.find_element(EDITOR).send_keys(" from")
    click(dash_duo, table)
    dash_duo.wait_for_text_to_equal(EDITOR, "select region_name from dim_region")
    assert dash_duo.get_logs() == []


def test_the_result_downloads_as_csv(dash_duo, dashboard_app, demo_warehouse, users):
    open_console(dash_duo, dashboard_app, share_search(REGIONS_SQL, "fr"))
    dash_duo.find_element(RUN).click()
    dash_duo.wait_for_contains_text(SUMMARY, "ligne(s)")
    dash_duo.find_element("[id*='\"format\":\"csv\"']").click()
    downloaded = Path(dash_duo.download_path)
    deadline = time.monotonic() + 10
    while not list(downloaded.glob("sql-result-*.csv")) and time.monotonic() < deadline:
        time.sleep(0.2)
    [csv_file] = downloaded.glob("sql-result-*.csv")
    frame = pl.read_csv(csv_file, schema_overrides={"region_code": pl.String})
    assert frame.rows() == warehouse_rows(demo_warehouse, REGIONS_SQL)
    assert dash_duo.get_logs() == []


def test_the_console_is_refused_to_the_steering_role(dash_duo, dashboard_app, users):
    open_signed_in(dash_duo, dashboard_app, "stella", f"/sql{share_search(REGIONS_SQL, 'fr')}")
    dash_duo.wait_for_contains_text("#forbidden", "La console SQL est réservée aux analystes")
    assert not dash_duo.find_elements(EDITOR)
    assert not dash_duo.find_elements(".nav-link[href^='/sql']")  # nor in the navigation
    assert dash_duo.get_logs() == []
