"""/gaps, /skills and /trade in the browser: a person opens the page, changes a filter, reads a number,
switches language, downloads a CSV and prints; a filter that leaves nothing says so; the console stays
clean. Expected numbers come from the demonstration warehouse itself, read with DuckDB read-only."""

from __future__ import annotations


import polars as pl
from dash.testing.wait import until

from dashboard.filters import Filters
from dashboard.i18n import fmt_number, fmt_pct
from tests.contexts import steering
from tests.integration.browser import (NO_DATA, card_frame, click, downloaded_csv, open_page, pick, scalar, shown,
                                       url_has)

EMPTY_REGION = ("03", "Guyane")  # the demonstration data have no training site and no employer there


def test_gaps_page(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/gaps")
    demand = scalar(demo_warehouse, "select sum(demand) from mart_talent_gap")
    dash_duo.wait_for_text_to_equal("#gaps-demand", shown(fmt_number(demand, "fr")))
    dash_duo.wait_for_contains_text("#gaps-heatmap-graph .gtitle", "Écart entre postes ouverts")
    dash_duo.wait_for_contains_text("#gaps-tiles-graph .gtitle", "Écart par région")

    click(dash_duo, "label[for='_dbcprivate_radioitems_gaps-tile-measure_input_coverage']")
    dash_duo.wait_for_contains_text("#gaps-tiles-graph .gtitle", "Couverture de la demande par région")

    pick(dash_duo, "filter-trade", "Technicien·ne de contrôle qualité")
    url_has(dash_duo, "trade=QC")
    qc = scalar(demo_warehouse, "select sum(supply) / sum(demand) from mart_talent_gap where trade_code = 'QC'")
    dash_duo.wait_for_text_to_equal("#gaps-coverage", shown(fmt_pct(qc, "fr")))

    by_trade = downloaded_csv(dash_duo, "gaps-by-trade")
    assert by_trade["trade_code"].to_list() == ["QC"]
    assert int(by_trade["demand"][0]) == scalar(demo_warehouse, "select sum(demand) from mart_talent_gap "
                                                                "where trade_code = 'QC'")
    pairs = card_frame("gaps-table", steering(Filters(trades=("QC",)), "fr"))
    assert pairs.height == scalar(demo_warehouse, "select count(distinct region_code) from mart_talent_gap "
                                                  "where trade_code = 'QC'")
    assert pairs.schema["supply"] == pl.String  # learner counts masked as text: "< 5" or the number

    pick(dash_duo, "filter-region", EMPTY_REGION[1])
    url_has(dash_duo, f"region={EMPTY_REGION[0]}")
    for element in ("#gaps-kpis", "#gaps-by-trade-graph", "#gaps-heatmap-graph", "#gaps-trend-graph", "#gaps-table"):
        dash_duo.wait_for_contains_text(element, NO_DATA)
    assert dash_duo.get_logs() == []


def test_skills_page(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/skills?lang=en")
    dash_duo.wait_for_text_to_equal("h1", "Skills: required against reached level")
    dash_duo.wait_for_contains_text("#skills-focus", "No trade selected: here is the first one in the list, "
                                                     "Automation and MES technician")
    dash_duo.wait_for_contains_text("#skills-levels-graph .gtitle", "Automation and MES technician")

    pick(dash_duo, "filter-trade", "Quality control technician")
    url_has(dash_duo, "trade=QC")
    dash_duo.wait_for_text_to_equal("#skills-focus", "Trade shown: Quality control technician.")
    share = scalar(demo_warehouse, "select sum(proficient_learners) / sum(assessed_learners) from mart_skill_gap "
                                   "where trade_code = 'QC' and skill_code = 'DATAINT'")
    dash_duo.wait_for_contains_text("#skills-levels-graph", fmt_pct(share, "en", 0))

    click(dash_duo, "label[for='_dbcprivate_radioitems_skills-breakdown-by_input_year']")
    dash_duo.wait_for_contains_text("#skills-breakdown-graph .gtitle", "by year")

    blocking = downloaded_csv(dash_duo, "skills-blocking")
    assert set(blocking["trade_code"]) == {"QC"}
    assert sorted(blocking["skill_code"]) == ["BIOANA", "DATAINT", "ENVMON", "GMP", "MICROQC"]
    blocked = scalar(demo_warehouse, "select sum(blocked_enrolments) from mart_blocking_skills "
                                     "where trade_code = 'QC' and skill_code = 'DATAINT'")
    shown_blocked = blocking.filter(pl.col("skill_code") == "DATAINT")["blocked_enrolments"][0]
    assert shown_blocked == ("< 5" if blocked < 5 else str(blocked))

    click(dash_duo, "#lang-switch")
    url_has(dash_duo, "trade=QC")
    dash_duo.wait_for_text_to_equal("h1", "Compétences : niveau requis et niveau atteint")
    dash_duo.wait_for_text_to_equal("#skills-focus", "Métier affiché : Technicien·ne de contrôle qualité.")

    pick(dash_duo, "filter-region", EMPTY_REGION[1])
    url_has(dash_duo, f"region={EMPTY_REGION[0]}")
    for element in ("#skills-overview-graph", "#skills-levels-graph", "#skills-blocking-graph",
                    "#skills-breakdown-graph"):
        dash_duo.wait_for_contains_text(element, NO_DATA)
    assert dash_duo.get_logs() == []


def test_trade_profile(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/trade?trade=QC")
    dash_duo.wait_for_text_to_equal("h1", "Fiche métier : Technicien·ne de contrôle qualité")
    dash_duo.wait_for_contains_text("#trade-subtitle", "H1503")
    demand = scalar(demo_warehouse, "select sum(demand) from mart_talent_gap where trade_code = 'QC'")
    dash_duo.wait_for_text_to_equal("#trade-demand", shown(fmt_number(demand, "fr")))
    assert dash_duo.find_elements("#trade-notice") == []  # one trade selected: nothing to explain
    dash_duo.wait_for_contains_text("#trade-skills-graph .gtitle", "Technicien·ne de contrôle qualité")

    dash_duo.driver.execute_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    click(dash_duo, "#trade-print")
    until(lambda: dash_duo.driver.execute_script("return window.printed") == 1, timeout=10, msg="print not called")

    pick(dash_duo, "filter-trade", "Technicien·ne de bioproduction amont")
    url_has(dash_duo, "trade=QC,USP")
    dash_duo.wait_for_contains_text("#trade-notice", "Plusieurs métiers choisis : voici le premier, "
                                                     "Technicien·ne de contrôle qualité")

    dash_duo.wait_for_page(f"{dash_duo.server_url}/trade?trade=MAINT&lang=en")
    dash_duo.wait_for_text_to_equal("h1", "Trade profile: Biopharmaceutical maintenance technician")
    supply = scalar(demo_warehouse, "select sum(supply) from mart_talent_gap where trade_code = 'MAINT'")
    dash_duo.wait_for_text_to_equal("#trade-supply", "< 5" if supply < 5 else fmt_number(supply, "en"))
    programmes = downloaded_csv(dash_duo, "trade-programmes")
    assert programmes["programme_code"].to_list() == ["P-MAINT-BIO"]
    hiring = card_frame("trade-hiring", steering(Filters(trades=("MAINT",)), "en"))
    assert hiring["openings"].sum() == scalar(demo_warehouse, "select sum(openings) from mart_hiring_monthly "
                                                              "where trade_code = 'MAINT'")

    dash_duo.wait_for_page(f"{dash_duo.server_url}/trade?region={EMPTY_REGION[0]}")
    dash_duo.wait_for_contains_text("#trade-notice", "Aucun métier choisi : voici le premier de la liste, "
                                                     "Technicien·ne automatisme et MES")
    dash_duo.wait_for_text_to_equal("h1", "Fiche métier : Technicien·ne automatisme et MES")
    for element in ("#trade-kpis", "#trade-regions-graph", "#trade-skills-graph", "#trade-programmes",
                    "#trade-hiring-graph"):
        dash_duo.wait_for_contains_text(element, NO_DATA)
    assert dash_duo.get_logs() == []
