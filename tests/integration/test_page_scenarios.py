"""/scenarios in the browser, as a committee member tries "+60 places a year in QC in Île-de-France from
2027": the shared link opens as it was, an edit moves the address and the chart together, a pathway
whose rates rest on small counts says so and asks for them, a second scenario joins the link, and the
console stays clean."""

from __future__ import annotations

import json
from datetime import date

import pytest
from dash.testing.wait import until

from dashboard import planner
from dashboard.filters import Filters
from tests.contexts import steering
from tests.integration.browser import downloaded_csv, open_page, url_has

LINK = "/scenarios?trade=QC&region=11&s1=e:60,q:2027Q1"
SELECTION = Filters(trades=("QC",), regions=("11",))


def field(kind: str, name: str, slot: int = 0) -> str:
    """The CSS selector of a pattern-matching component (Dash writes its id as sorted JSON)."""
    component_id = json.dumps({"name": name, "slot": slot, "type": f"scenarios-{kind}"}, separators=(",", ":"),
                              sort_keys=True)
    return f"[id='{component_id}']"


def centre(dash_duo, selector: str):
    """The element, scrolled to the middle of the window (clear of the sticky filter bar)."""
    element = dash_duo.find_element(selector)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    return element


def scenario_line(dash_duo, name: str) -> list:
    return dash_duo.driver.execute_script(
        "const graph = document.querySelector('#scenarios-coverage .js-plotly-plot');"
        "const trace = graph && graph._fullData.find(item => item.name === arguments[0]);"
        "return trace ? Array.from(trace.y) : null;", name)


def expected_end_coverage(extra: float) -> float:
    result = planner.plan(steering(SELECTION), [planner.ScenarioInput(0, extra=extra, start=date(2027, 1, 1))])
    return result.outcomes[0].projection.quarters[-1].coverage_with_scenario


def test_a_shared_scenario_opens_as_it_was_and_follows_an_edit(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, LINK)
    dash_duo.wait_for_element(".scenario-closes")
    assert dash_duo.find_element(field("text", "extra")).get_attribute("value") == "60"
    assert dash_duo.find_element(field("choice", "start")).text == "T1 2027"
    until(lambda: scenario_line(dash_duo, "Scénario A") is not None, timeout=30)
    assert scenario_line(dash_duo, "Scénario A")[-1] == pytest.approx(expected_end_coverage(60))
    assert "Sans scénario" in dash_duo.driver.execute_script(
        "return document.querySelector('#scenarios-coverage .js-plotly-plot')._fullData.map(item => item.name)")

    extra = dash_duo.find_element(field("text", "extra"))
    extra.clear()
    extra.send_keys("200\n")
    url_has(dash_duo, "s1=e:200,q:2027Q1")
    until(lambda: scenario_line(dash_duo, "Scénario A")[-1] == pytest.approx(expected_end_coverage(200)), timeout=30,
          msg="the chart never followed the edit")
    assert "trade=QC" in dash_duo.driver.current_url and "region=11" in dash_duo.driver.current_url
    assert "s1=e:200" in dash_duo.find_element("#lang-switch").get_attribute("href")  # English keeps the scenario
    # The card's download holds the scenario on screen, not the link's first one.
    projection = downloaded_csv(dash_duo, "scenarios-projection")
    last = projection.filter(projection["quarter_start"] == "2030-10-01").row(0, named=True)
    assert (last["scenario"], float(last["extra_enrolments_per_year"])) == ("A", 200.0)
    assert float(last["coverage_with_scenario"]) == pytest.approx(expected_end_coverage(200))
    assert dash_duo.get_logs() == []


def test_small_counts_are_asked_for_and_a_second_scenario_joins_the_link(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, LINK)
    dash_duo.wait_for_element(".scenario-closes")
    centre(dash_duo, field("choice", "pathway"))
    dash_duo.select_dcc_dropdown(field("choice", "pathway"), value="Apprentissage")
    url_has(dash_duo, "p:apprenticeship")
    # QC apprentices in Île-de-France are few: their completion rate rests on a withheld count.
    dash_duo.wait_for_contains_text(field("note", "completion"), "ne peut pas être affiché")
    dash_duo.wait_for_contains_text(".scenario-result", "Saisissez les valeurs manquantes")
    for name, value in (("completion", "80"), ("job_readiness", "50"), ("placement", "60"), ("duration_months", "12")):
        centre(dash_duo, field("text", name)).send_keys(value + "\n")
    url_has(dash_duo, "rc:80,rj:50,rp:60,rd:12")
    dash_duo.wait_for_element(".scenario-closes")
    centre(dash_duo, "#scenarios-add").click()
    dash_duo.wait_for_element(field("text", "extra", slot=1))
    url_has(dash_duo, "s2=e:60,q:2027Q1,p:apprenticeship")
    until(lambda: scenario_line(dash_duo, "Scénario B") is not None, timeout=30)
    assert dash_duo.get_logs() == []
