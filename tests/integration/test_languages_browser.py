"""Every page in French and in English, as a browser shows it: no English word of the list below on a French
page, no French word of the other list on an English page; the filter bar's dropdowns in the page's language
(their menu, search and quarters), the SQL console's messages and the 404 page inside the shell.

The lists hold words a page would show if a text escaped the translation table: Dash's and AG Grid's own
texts ("Select all", "No results", "Loading"), the sandbox's and ingest's messages ("Refused", "rows",
"required"), plain English glue ("the", "and", "of") that no French sentence holds. Words that are French
too ("Page", "Source", "Message", "Zoom"), and SQL keywords the console writes as they are, are not listed.
Every page's visible text is checked; on the pages whose words are this work's (/quality, /sql, the 404,
/login) the words in attributes too (placeholders, tooltips, aria labels, the plotly mode bar), but for
AG Grid's own grids on /quality: those take AG Grid's texts from dashboard.layout.grid (see
dashboard.i18n.grid_locale_text), which the SQL console's grid already does.
"""

from __future__ import annotations

import re
import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from tests.integration.browser import open_page, open_signed_in, url_has

ENGLISH_WORDS = (
    "Search", "Select all", "Deselect all", "selected", "No results", "No match", "No options found", "Clear",
    "Page not found", "not found", "Loading", "Download", "Error", "Refused", "Query", "failed", "rows", "row",
    "required", "fill it in", "loaded", "skipped", "Previous", "Next", "Reset axes", "Autoscale",
    "Sign in", "Sign out", "Username", "Password", "the", "and", "of", "is", "with the",
)
FRENCH_WORDS = (
    "Rechercher", "sélectionner", "sélectionné", "Aucun", "Aucune", "introuvable", "Télécharger", "Chargement",
    "Erreur", "Requête", "refusée", "lignes", "obligatoire", "Motif", "Fichier", "valeurs", "aujourd'hui",
    "Données", "Connexion", "Identifiant", "Mot de passe", "Réinitialiser",
)
DASHBOARDS = ("/", "/gaps", "/skills", "/training", "/hiring", "/trade?trade=QC", "/market")
UNKNOWN = "/nulle-part"
OWN_PAGES = ("/quality", "/sql", UNKNOWN)  # their attributes are checked too

PAGE_TEXT = """
    const own = arguments[0];
    const attributes = own ? Array.from(document.querySelectorAll('[placeholder], [title], [aria-label], [data-title]'))
        .filter(element => !element.closest('.ag-root-wrapper') || element.closest('#sql-grid'))
        .map(element => ['placeholder', 'title', 'aria-label', 'data-title']
            .map(name => element.getAttribute(name)).filter(Boolean).join(' ')) : [];
    return [document.body.innerText, ...attributes].join('\\n');
"""


def words_found(text: str, words: tuple[str, ...]) -> list[str]:
    return [word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)]


def settled_text(dash_duo, own: bool) -> str:
    """The page's text once its callbacks are done: nothing loading, and the same text twice in a row."""
    previous, deadline = None, time.monotonic() + 40
    while time.monotonic() < deadline:
        loading = dash_duo.driver.execute_script("return document.querySelectorAll('[data-dash-is-loading]').length")
        text = dash_duo.driver.execute_script(PAGE_TEXT, own)
        if not loading and text == previous and dash_duo.find_elements("h1"):
            return text
        previous = text
        time.sleep(0.7)
    raise AssertionError(f"{dash_duo.driver.current_url} never settled")


def with_language(path: str, lang: str) -> str:
    if lang == "fr":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def assert_speaks(dash_duo, path: str, lang: str) -> None:
    dash_duo.wait_for_page(f"{dash_duo.server_url}{with_language(path, lang)}")
    text = settled_text(dash_duo, own=path in OWN_PAGES)
    assert words_found(text, ENGLISH_WORDS if lang == "fr" else FRENCH_WORDS) == [], path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_speaks_the_page_language(dash_duo, dashboard_app, users, lang):
    open_signed_in(dash_duo, dashboard_app, "ana", with_language("/quality", lang))  # an analyst opens /sql too
    for path in (*DASHBOARDS, *OWN_PAGES):
        assert_speaks(dash_duo, path, lang)

    # a refusal of the SQL console, and an empty result, in the page's language
    refusal = {"fr": "Requête refusée\u00a0: DROP supprime un objet.", "en": "Refused: DROP drops an object."}[lang]
    no_rows = {"fr": "Aucune ligne", "en": "No rows"}[lang]
    dash_duo.wait_for_page(f"{dash_duo.server_url}{with_language('/sql', lang)}")
    for sql, selector, shown in (("drop table fact_hiring", "#sql-error", refusal),
                                 ("select 1 as n where false", "#sql-grid", no_rows)):
        editor = dash_duo.find_element("#sql-editor")
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(Keys.DELETE)
        editor.send_keys(sql)
        dash_duo.find_element("#sql-run").click()
        dash_duo.wait_for_contains_text(selector, shown.replace("\u00a0", " "))
        assert words_found(settled_text(dash_duo, own=True), ENGLISH_WORDS if lang == "fr" else FRENCH_WORDS) == []

    dash_duo.driver.get(f"{dash_duo.server_url}/login{'' if lang == 'fr' else '?lang=en'}")
    dash_duo.wait_for_element("#username")
    assert words_found(dash_duo.driver.execute_script(PAGE_TEXT, True),
                       ENGLISH_WORDS if lang == "fr" else FRENCH_WORDS) == []
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("lang, select_all, search, nothing, quarters", [
    ("fr", "Tout sélectionner", "Rechercher", "Aucun résultat", ["T1 2021", "T2 2021", "T3 2021"]),
    ("en", "Select all", "Search", "No match", ["Q1 2021", "Q2 2021", "Q3 2021"]),
])
def test_the_dropdowns_speak_the_page_language_and_the_address_keeps_2021q2(dash_duo, dashboard_app, lang,
                                                                            select_all, search, nothing, quarters):
    open_page(dash_duo, dashboard_app, with_language("/gaps", lang))
    dash_duo.wait_for_element("#filter-trade").click()
    dash_duo.wait_for_contains_text(".dash-dropdown-content", select_all)
    search_box = dash_duo.find_element(".dash-dropdown-search")
    assert search_box.get_attribute("placeholder") == search
    search_box.send_keys("zzzz")
    dash_duo.wait_for_text_to_equal(".dash-dropdown-content .dash-dropdown-option", nothing)
    search_box.send_keys(Keys.ESCAPE)
    until(lambda: not dash_duo.find_elements(".dash-dropdown-content"), timeout=10)

    dash_duo.find_element("#filter-from").click()
    dash_duo.wait_for_element(".dash-dropdown-content .dash-dropdown-option")
    options = dash_duo.find_elements(".dash-dropdown-content .dash-dropdown-option")
    assert [option.text for option in options[:3]] == quarters
    options[1].click()
    url_has(dash_duo, "from=2021Q2")
    dash_duo.wait_for_text_to_equal("#filter-from-value", quarters[1])
    assert dash_duo.get_logs() == []


def test_an_unknown_address_is_a_page_of_the_shell_in_both_languages(dash_duo, dashboard_app):
    open_page(dash_duo, dashboard_app, UNKNOWN)
    dash_duo.wait_for_text_to_equal("#not-found h1", "Page introuvable")
    assert "404 - Page not found" not in dash_duo.find_element("body").text
    assert dash_duo.find_elements(".navbar .nav-link")  # the navigation is there

    dash_duo.find_element("#lang-switch").click()
    dash_duo.wait_for_text_to_equal("#not-found h1", "Page not found")
    url_has(dash_duo, f"{UNKNOWN}?lang=en")
    assert "Trade profile" in dash_duo.find_element("#not-found-pages").text

    dash_duo.find_element("#not-found-pages a[href='/gaps?lang=en']").click()
    dash_duo.wait_for_text_to_equal("h1", "Talent gaps: openings against job-ready graduates")
    assert dash_duo.get_logs() == []
