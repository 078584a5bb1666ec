"""/market in the browser, and the public-demand block of /gaps and /trade: a person reads which year is
shown, the BMO projects and difficulty rate beside the sector's openings, narrows to a trade and to a region
whose cells France Travail masked, downloads a card, switches language; the console stays clean. Expected
numbers come from the demonstration warehouse itself, read with DuckDB read-only."""

from __future__ import annotations

from dashboard.filters import Filters
from dashboard.i18n import fmt_number, fmt_pct
from tests.contexts import steering
from tests.integration.browser import card_frame, click, downloaded_csv, open_page, pick, scalar, shown, url_has

MASKED_REGION = ("94", "Corse")  # the demonstration's Corsican cells are all small: published "*"


def test_market_page(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/market")
    year = scalar(demo_warehouse, "select max(year) from mart_public_demand")
    dash_duo.wait_for_text_to_equal("h1", "Marché du travail : les projets de recrutement publics (enquête BMO)")
    dash_duo.wait_for_contains_text("#market-year", f"Année affichée : enquête BMO {year}, soit les projets de "
                                                    f"recrutement pour {year}")
    assert "pas des emplois ni des embauches" in dash_duo.find_element("#_pages_content").text
    projects = scalar(demo_warehouse, "select sum(met) from mart_public_demand where year = ?", [year])
    dash_duo.wait_for_text_to_equal("#market-projects", shown(fmt_number(projects, "fr")))
    rate = scalar(demo_warehouse, "select sum(rated_xmet) / sum(rated_met) from mart_public_demand where year = ?",
                  [year])
    dash_duo.wait_for_text_to_equal("#market-difficulty", shown(fmt_pct(rate, "fr")))
    openings = scalar(demo_warehouse, "select sum(openings) from mart_hiring_monthly where year = ?", [year])
    dash_duo.wait_for_text_to_equal("#market-openings", shown(fmt_number(openings, "fr")))
    dash_duo.wait_for_contains_text("#market-by-target-graph .gtitle", "Projets de recrutement BMO et postes ouverts")
    dash_duo.wait_for_contains_text("#market-by-region-graph", "masqué")

    pick(dash_duo, "filter-trade", "Technicien·ne de contrôle qualité")
    url_has(dash_duo, "trade=QC")
    qc = scalar(demo_warehouse, "select sum(met) from mart_public_demand where year = ? and trade_code = 'QC'",
                [year])
    dash_duo.wait_for_text_to_equal("#market-projects", shown(fmt_number(qc, "fr")))
    by_trade = downloaded_csv(dash_duo, "market-by-trade")
    assert by_trade.select("target_level", "target_code", "bmo_codes").rows() == [("trade", "QC", "E1Z46")]
    assert float(by_trade["met"][0]) == qc

    pick(dash_duo, "filter-region", MASKED_REGION[1])
    url_has(dash_duo, f"region={MASKED_REGION[0]}")
    dash_duo.wait_for_text_to_equal("#market-projects", "masqué")
    dash_duo.wait_for_contains_text("#market-table", "masqué")
    detail = card_frame("market-table", steering(Filters(trades=("QC",), regions=(MASKED_REGION[0],))))
    assert detail["met"].to_list() == [None] and detail["masked_met_cells"].to_list() == [1]

    click(dash_duo, "#lang-switch")
    url_has(dash_duo, "lang=en")
    dash_duo.wait_for_text_to_equal("h1", "Labour market: public hiring projects (BMO survey)")
    dash_duo.wait_for_contains_text("#market-year", f"Year shown: BMO survey {year}")
    dash_duo.wait_for_text_to_equal("#market-projects", "masked")
    assert dash_duo.get_logs() == []


def test_the_gaps_and_trade_pages_end_with_the_public_demand_block(dash_duo, dashboard_app, demo_warehouse):
    open_page(dash_duo, dashboard_app, "/gaps?trade=QC")
    year = scalar(demo_warehouse, "select max(year) from mart_public_demand")
    dash_duo.wait_for_contains_text("#gaps-public-demand", f"Année affichée : enquête BMO {year}")
    qc = scalar(demo_warehouse, "select sum(met) from mart_public_demand where year = ? and trade_code = 'QC'",
                [year])
    dash_duo.wait_for_contains_text("#gaps-public-demand", shown(fmt_number(qc, "fr")))
    assert dash_duo.find_element("#gaps-public-demand a").get_attribute("href").endswith("/market?trade=QC")

    dash_duo.wait_for_page(f"{dash_duo.server_url}/trade?trade=MAINT&lang=en")
    dash_duo.wait_for_contains_text("#trade-public-demand", f"Year shown: BMO survey {year}")
    dash_duo.wait_for_contains_text("#trade-public-demand", "Biopharmaceutical maintenance technician")
    assert dash_duo.get_logs() == []
