"""Number formats per language, and filters that round-trip through the URL."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.filters import Filters, parse_quarter
from dashboard.i18n import LABELS, NNBSP, fmt_month, fmt_number, fmt_pct, t


@pytest.mark.parametrize("value, lang, decimals, expected", [
    (10000, "fr", 0, f"10{NNBSP}000"),
    (10000, "en", 0, "10,000"),
    (1234567.891, "fr", 1, f"1{NNBSP}234{NNBSP}567,9"),
    (None, "fr", 0, "–"),
    (float("nan"), "en", 0, "–"),
])
def test_numbers(value, lang, decimals, expected):
    assert fmt_number(value, lang, decimals) == expected


@pytest.mark.parametrize("ratio, lang, expected", [
    (0.725, "fr", f"72,5{NNBSP}%"),
    (0.725, "en", "72.5%"),
    (None, "fr", "–"),
])
def test_percentages(ratio, lang, expected):
    assert fmt_pct(ratio, lang) == expected


def test_months_in_words():
    assert fmt_month(date(2032, 3, 1), "fr") == "mars 2032"
    assert fmt_month(date(2032, 3, 1), "en") == "March 2032"


def test_every_label_exists_in_both_languages():
    assert all(set(texts) == {"fr", "en"} and all(texts.values()) for texts in LABELS.values())


def test_a_label_fills_its_placeholders():
    assert t("overview.kpi.jobs_of", "en", target="10,000") == "out of 10,000"


def test_filters_round_trip_through_the_query_string():
    filters = Filters.from_query({"trade": "QC,USP", "region": "84", "from": "2025Q1", "to": "2026q2",
                                  "pathway": "initial"})
    assert filters.trades == ("QC", "USP")
    assert filters.quarter_from == date(2025, 1, 1) and filters.quarter_to == date(2026, 4, 1)
    assert filters.to_search("en") == "?trade=QC,USP&region=84&from=2025Q1&to=2026Q2&pathway=initial&lang=en"
    assert Filters.from_search(filters.to_search()) == filters


@pytest.mark.parametrize("text", ["2025Q5", "2025", "Q1", "", None, "drop table"])
def test_an_unreadable_quarter_means_no_bound(text):
    assert parse_quarter(text) is None


def test_an_unknown_pathway_is_ignored():
    assert Filters.from_query({"pathway": "evening"}).pathway is None
