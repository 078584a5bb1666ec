"""/ in the browser, as the steering committee meets it: the goal's figures match the warehouse, a
filter goes into the address and changes the training figures, English on request, the largest
shortages download as CSV, and the console stays clean."""

from __future__ import annotations

from dash.testing.wait import until

from dashboard.i18n import fmt_number, fmt_pct
from tests.integration.browser import downloaded_csv, open_page, pick, scalar, shown, url_has


def test_overview_for_the_steering_committee(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/")
    jobs = scalar(demo_warehouse, "select jobs_created_cumulative from mart_goal_forecast")
    on_track = scalar(demo_warehouse, "select on_track from mart_goal_forecast")
    dash_duo.wait_for_text_to_equal("#overview-jobs", shown(fmt_number(jobs, "fr")))
    dash_duo.wait_for_contains_text("#overview-goal-sentence",
                                    "Nous sommes sur la trajectoire" if on_track else "Nous ne sommes pas sur la trajectoire")
    projected = scalar(demo_warehouse, "select projected_at_end from mart_goal_forecast")
    dash_duo.wait_for_text_to_equal("#overview-projected", shown(fmt_number(projected, "fr")))
    dash_duo.wait_for_contains_text("#overview-goal-curve .gtitle", "Emplois créés cumulés")

    pick(dash_duo, "filter-region", "Île-de-France")
    url_has(dash_duo, "region=11")
    rate = scalar(demo_warehouse, "select sum(supply) / sum(graduates) from mart_talent_gap where region_code = '11'")
    dash_duo.wait_for_text_to_equal("#overview-job-ready", shown(fmt_pct(rate, "fr")))

    shortages = downloaded_csv(dash_duo, "largest-shortages")
    assert set(shortages["region_code"].to_list()) == {"11"}
    top = scalar(demo_warehouse, "select max(gap) from (select sum(demand) - sum(supply) as gap from mart_talent_gap "
                                 "where region_code = '11' group by trade_code)")
    assert int(shortages["gap"][0]) == top
    assert dash_duo.get_logs() == []


def test_overview_in_english_keeps_the_filters(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/?lang=en&trade=QC")
    dash_duo.wait_for_text_to_equal("h1", "The 10,000 bioproduction jobs goal")
    jobs = scalar(demo_warehouse, "select jobs_created_cumulative from mart_goal_forecast")
    dash_duo.wait_for_text_to_equal("#overview-jobs", fmt_number(jobs, "en"))
    assert dash_duo.find_element("#lang-switch").get_attribute("href").endswith("/?trade=QC")
    assert "trade=QC" in dash_duo.find_element("a.nav-link[href*='/gaps']").get_attribute("href")
    assert dash_duo.get_logs() == []


def test_the_statistical_forecast_beside_the_straight_line(dash_duo, dashboard_app, demo_warehouse):
    from dashboard.figures.goal import forecast_sentence
    from dashboard.queries import goal as goal_queries
    from tests.contexts import steering

    open_page(dash_duo, dashboard_app, "/")
    dash_duo.wait_for_contains_text("#overview-fan-chart .gtitle", "Prévision statistique")
    probability = scalar(demo_warehouse, "select probability_reaching_target from mart_goal_forecast_summary")
    sentence = forecast_sentence(goal_queries.forecast_summary(steering()), "fr")
    assert fmt_pct(probability, "fr") in sentence
    dash_duo.wait_for_text_to_equal("#overview-forecast-sentence", shown(sentence))
    names = dash_duo.driver.execute_script(
        "return document.querySelector('#overview-fan-chart .js-plotly-plot')._fullData.map(item => item.name)")
    assert "Fourchette p10–p90 (8 futurs sur 10)" in names and "Prévision médiane (p50)" in names
    p50_at_end = scalar(demo_warehouse, "select jobs_created_cumulative_p50_at_end from mart_goal_forecast_summary")
    last = dash_duo.driver.execute_script(
        "const trace = document.querySelector('#overview-fan-chart .js-plotly-plot')._fullData"
        ".find(item => item.name === 'Prévision médiane (p50)'); return trace.y[trace.y.length - 1];")
    assert last == p50_at_end
    made = dash_duo.find_elements("#overview-backtest-table tbody tr td:first-child")
    assert [cell.text.split(" (")[0] for cell in made] == ["il y a 12 mois", "il y a 24 mois"]
    assert dash_duo.find_element("#overview-report-link").get_attribute("href").endswith("/report.pdf")
    pick(dash_duo, "filter-region", "Île-de-France")
    url_has(dash_duo, "region=11")
    until(lambda: dash_duo.find_element("#overview-report-link").get_attribute("href").endswith("/report.pdf?region=11"),
          timeout=30)
    assert dash_duo.get_logs() == []
