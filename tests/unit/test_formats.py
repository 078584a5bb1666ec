"""The one formatting library: CLDR's numbers, percentages, dates, months and quarters in each language,
the rounding rule the browser shares, and what plotly is told so that its axes read the same."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.figures.common import graph_config, percent_ticks
from dashboard.i18n import (NBSP, NNBSP, fmt_date, fmt_month, fmt_number, fmt_pct, fmt_quarter, plotly_date_names,
                            plotly_quarter_format, plotly_separators, t)
from warehouse.cldr import quarter_name, quarter_parts, round_half_up

PLOTLY_LOCALE = Path(__file__).resolve().parents[2] / "assets" / "plotly-locale-fr.js"


@pytest.mark.parametrize("value, lang, decimals, expected", [
    (2.5, "fr", 0, "3"),                     # half away from zero, not Python's half to even ("2")
    (-2.5, "en", 0, "-3"),
    (1.005, "en", 2, "1.01"),                # the number as written, not its binary value 1.00499…
    (-0.004, "fr", 0, "0"),                  # never "-0"
    (-2000, "fr", 0, f"-2{NNBSP}000"),
    (1234, "fr", 0, f"1{NNBSP}234"),         # French groups four-digit numbers too
    (1e30, "en", 1, "1,000,000,000,000,000,000,000,000,000,000.0"),
    (float("inf"), "fr", 0, "–"),
    (Decimal("12.345"), "fr", 2, "12,35"),
])
def test_numbers_follow_cldr_and_one_rounding_rule(value, lang, decimals, expected):
    assert fmt_number(value, lang, decimals) == expected


@pytest.mark.parametrize("ratio, lang, decimals, expected", [
    (0.725, "fr", 0, f"73{NNBSP}%"),         # 72.5 exactly, whatever 0.725 * 100 gives in binary
    (0.725, "en", 0, "73%"),
    (12.3456, "fr", 1, f"1{NNBSP}234,6{NNBSP}%"),
    (-0.0001, "fr", 1, f"0,0{NNBSP}%"),
])
def test_percentages(ratio, lang, decimals, expected):
    assert fmt_pct(ratio, lang, decimals) == expected


def test_a_french_number_has_one_kind_of_space():
    texts = [fmt_number(1234567.5, "fr", 1), fmt_pct(0.5, "fr"), fmt_pct(12.5, "fr", 0)]
    assert all(NBSP not in text for text in texts) and all(NNBSP in text for text in texts)


def test_dates_in_words_the_first_of_the_month_as_french_writes_it():
    assert fmt_date(date(2026, 12, 1), "fr") == "1er décembre 2026"
    assert fmt_date(date(2026, 10, 31), "fr") == "31 octobre 2026"
    assert fmt_date(date(2026, 12, 1), "en") == "1 December 2026"
    assert t("as_of", "fr", date=fmt_date(date(2026, 12, 1), "fr")) == "Données au 1er décembre 2026"
    assert fmt_date(None, "fr") == "–"


def test_months_and_quarters():
    assert fmt_month(date(2026, 3, 15), "fr") == "mars 2026" and fmt_month(date(2026, 3, 15), "en") == "March 2026"
    assert fmt_quarter(date(2021, 2, 15)) == "T1 2021"          # French by default, as every formatter
    assert fmt_quarter(date(2021, 12, 1), "fr") == "T4 2021" and fmt_quarter(date(2021, 12, 1), "en") == "Q4 2021"
    assert fmt_quarter(None) == "–"
    assert quarter_name(date(2024, 7, 1), "fr") == "T3 2024" and quarter_parts(3, "fr") == ("T3 ", "")


def test_round_half_up_is_exact_in_decimal():
    assert round_half_up(0.125, 2) == Decimal("0.13") and round_half_up(-0.125, 2) == Decimal("-0.13")
    assert str(round_half_up(-0.0001, 1)) == "0.0"
    assert round_half_up(10 ** 40 + 0.5, 0) == Decimal(10 ** 40)  # float 1e40 has no .5 left; no overflow either


def test_what_plotly_is_told():
    assert plotly_separators("fr") == f",{NNBSP}" and plotly_separators("en") == ".,"
    assert plotly_quarter_format("fr") == "T%q %Y" and plotly_quarter_format("en") == "Q%q %Y"
    french = plotly_date_names("fr")
    assert french["months"][2] == "mars" and french["shortMonths"][0] == "janv." and french["days"][0] == "dimanche"
    assert plotly_date_names("en")["shortDays"][1] == "Mon"


def test_graph_config_names_the_locale_and_its_cldr_names():
    config = graph_config("fr")
    assert config["locale"] == "fr" and config["displaylogo"] is False
    assert config["modeBarButtonsToRemove"] == ["sendChartToCloud"]  # it uploads the data to Plotly's cloud
    assert config["locales"]["fr"]["format"]["shortMonths"][1] == "févr."
    assert graph_config("de")["locale"] == "fr"  # an unknown language is French, as everywhere


def test_percent_ticks_alias_only_what_differs():
    french = percent_ticks("fr", 1.15)
    assert french["tickformat"] == ".0%" and french["labelalias"]["115%"] == f"115{NNBSP}%"
    assert len(french["labelalias"]) == 116
    assert percent_ticks("en") == {"tickformat": ".0%"}
    wide = percent_ticks("fr", 30)["labelalias"]  # a coverage of 3 000 % (30 graduates for 1 opening)
    assert wide["3000%"] == f"3{NNBSP}000{NNBSP}%" and "201%" not in wide and len(wide) == 201 + 280


def test_the_french_plotly_locale_is_served_for_the_plotly_the_app_runs():
    text = PLOTLY_LOCALE.read_text(encoding="utf-8")
    assert re.search(r"plotly\.js v(\S+) dist/plotly-locale-fr\.js", text).group(1) == get_plotlyjs_version()
    assert 'name:"fr"' in text and "Plotly.register(locale)" in text
