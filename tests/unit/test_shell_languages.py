"""The shell in the page's language, without a browser: the filter bar's dropdown texts and quarter names, the
404 page inside the shell with its navigation, the SQL console's limits and schema descriptions."""

from __future__ import annotations

import sys

import pytest
from dash import dcc, html

import app as app_module
from dashboard import ids
from dashboard.access import Viewer
from dashboard.filters import Filters
from dashboard.i18n import NNBSP, dropdown_labels
from dashboard.layout import filter_bar
from tests.contexts import analyst, as_viewer, steering
from tests.warehouse_factory import make_warehouse_file


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The app on a small warehouse (hiring in three quarters of 2024), and its page modules by name."""
    db_path = make_warehouse_file(tmp_path_factory.mktemp("shell"), hiring=[
        {"month": "2024-01-01", "openings": 4}, {"month": "2024-05-01", "openings": 2},
        {"month": "2024-12-01", "openings": 1}])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKFORCE_DB", str(db_path))
        app_module.create_app()
        yield {name: sys.modules[f"dashboard.pages.{name}"] for name in ("not_found_404", "sql")}


def components(component, kind=object):
    """The component and every descendant of that kind, depth first."""
    found = [component] if isinstance(component, kind) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            found += components(child, kind)
    return found


def text_of(component) -> str:
    if isinstance(component, (str, int, float)):
        return str(component)
    children = getattr(component, "children", None)
    return "".join(text_of(child) for child in (children if isinstance(children, (list, tuple)) else [children])
                   if child is not None)


@pytest.mark.parametrize("lang, quarters, trades_placeholder", [
    ("fr", ["T1 2024", "T2 2024", "T4 2024"], "Tous"),
    ("en", ["Q1 2024", "Q2 2024", "Q4 2024"], "All"),
])
def test_the_filter_bar_speaks_the_language_and_the_address_keeps_2024q1(pages, lang, quarters, trades_placeholder):
    bar = filter_bar(analyst(Filters.from_query({"from": "2024Q2"}), lang))
    dropdowns = {dropdown.id: dropdown for dropdown in components(bar, dcc.Dropdown)}
    assert set(dropdowns) == set(ids.FILTER_INPUTS)
    assert all(dropdown.labels == dropdown_labels(lang) for dropdown in dropdowns.values())
    assert [option["label"] for option in dropdowns[ids.FILTER_FROM].options] == quarters
    assert [option["value"] for option in dropdowns[ids.FILTER_TO].options] == ["2024Q1", "2024Q2", "2024Q4"]
    assert dropdowns[ids.FILTER_FROM].value == "2024Q2"
    assert dropdowns[ids.FILTER_TRADE].placeholder == trades_placeholder


def test_the_404_page_is_inside_the_shell_with_the_pages_to_go_to(pages):
    not_found = pages["not_found_404"]
    page = not_found.layout(lang="fr")
    text = text_of(page)
    assert "Page introuvable" in text and "Aucune page de l'observatoire ne répond à cette adresse" in text
    links = {link.href: text_of(link) for link in components(page.children[1], html.A)}
    assert links == {"/": "Objectif 10 000", "/scenarios": "Scénarios", "/gaps": "Tensions", "/skills": "Compétences", "/training": "Formation",
                     "/hiring": "Recrutement", "/trade": "Fiche métier", "/market": "Marché du travail",
                     "/quality": "Qualité des données"}
    switch = next(link for link in components(page, html.A) if link.id == ids.LANG_SWITCH)
    assert switch.href == "?lang=en"  # relative: the same unknown address, in English
    assert page.lang == "fr"


def test_the_404_page_in_english_keeps_the_filters_and_offers_what_the_role_may_open(pages):
    not_found = pages["not_found_404"]
    ctx = as_viewer(Viewer("ana", "analyst"), Filters.from_query({"trade": "QC"}), "en")
    links = {link.href: text_of(link) for link in components(not_found.page_links(ctx), html.A)}
    assert links["/sql?trade=QC&lang=en"] == "SQL" and links["/gaps?trade=QC&lang=en"] == "Talent gaps"
    assert "/sql" not in {href.split("?")[0] for href in
                          (link.href for link in components(not_found.page_links(steering(lang="en")), html.A))}
    assert not_found.switch_href(ctx) == "?trade=QC&lang=fr"
    assert "Page not found" in text_of(not_found.layout(lang="en"))


@pytest.mark.parametrize("lang, limits", [
    ("fr", f"Une requête est arrêtée au bout de 10{NNBSP}s et renvoie au plus 10{NNBSP}000 lignes et 32{NNBSP}Mo."),
    ("en", "A query is stopped after 10 s and returns at most 10,000 rows and 32 MB."),
])
def test_the_console_states_its_limits_with_the_result_cap(pages, monkeypatch, lang, limits):
    for name in ("SQL_TIME_LIMIT_S", "SQL_ROW_CAP", "SQL_RESULT_MAX_BYTES"):
        monkeypatch.delenv(f"WORKFORCE_{name}", raising=False)
    editor = pages["sql"].editor_card("", lang)
    [sentence] = [paragraph for paragraph in components(editor, html.P) if paragraph.id == pages["sql"].LIMITS]
    assert sentence.children == limits


def test_the_schema_panel_describes_the_warehouse_in_the_page_language(pages):
    from warehouse.dictionary import schema_catalog

    sql = pages["sql"]
    french = text_of(sql.schema_panel(schema_catalog(lang="fr"), "fr"))
    assert "Postes ouverts : somme de fact_hiring.openings du métier, de la région et du trimestre." in french
    assert "une ligne par métier × région × trimestre" in french
    english = text_of(sql.schema_panel(schema_catalog(), "en"))
    assert "Positions opened: sum of fact_hiring.openings of the trade, region and quarter." in english


@pytest.mark.parametrize("lang, words", [("fr", "que l'entrepôt ne connaît pas"), ("en", "which the warehouse does not know")])
def test_a_links_unknown_trade_is_not_applied_and_the_bar_lists_the_known_ones(pages, lang, words):
    bar = filter_bar(steering(Filters.from_query({"trade": "XYZ,QC", "region": "99"}), lang))
    dropdowns = {dropdown.id: dropdown for dropdown in components(bar, dcc.Dropdown)}
    assert dropdowns[ids.FILTER_TRADE].value == ["QC"]  # the known code stays, the unknown one is dropped
    assert dropdowns[ids.FILTER_REGION].value == []
    notes = [text_of(alert) for alert in components(bar) if "filter-unknown" in (getattr(alert, "className", "") or "")]
    assert len(notes) == 2 and all(words in note for note in notes)
    assert "XYZ" in notes[0] and "QC (" in notes[0]  # every known trade, with its code
    assert "99" in notes[1]


def test_the_reset_button_empties_every_filter(pages):
    from dashboard.layout import reset_filters

    assert reset_filters(1) == ([], [], None, None, None)
    assert any(getattr(button, "id", None) == ids.FILTER_RESET for button in components(filter_bar(steering())))


def test_the_goal_block_says_it_is_national_when_a_filter_is_set(pages):
    overview = sys.modules["dashboard.pages.overview"]
    assert overview.goal_scope(steering(Filters(trades=("QC",)))).startswith("L'objectif, sa trajectoire")
    assert overview.goal_scope(steering(Filters(trades=("QC",)), "en")).startswith("The goal, its path")
    assert overview.goal_scope(steering()) == ""  # nothing filtered: nothing to explain
