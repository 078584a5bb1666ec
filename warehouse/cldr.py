"""The CLDR rules shared by what the screen shows (dashboard/i18n.py) and the files the product writes
(warehouse/files.py): the locale of each language, the one rounding rule, the names of quarters.

Rounding is half away from zero on the number's shortest decimal writing (``str(0.725)`` is "0.725",
so 72.5 % rounds to 73 %): that is what the browser's ``Intl.NumberFormat`` does, so the grids'
JavaScript (assets/dashAgGridFunctions.js) and the server write the same digits for the same number.
Python's own half-to-even on the binary value (``f"{2.5:.0f}"`` is "2") would not.
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel import Locale
from babel.dates import format_skeleton

# English pages are written for readers outside France: British conventions (1 December 2026), not US ones.
LOCALES = {"fr": Locale.parse("fr_FR"), "en": Locale.parse("en_GB")}
QUARTER_SKELETON = "yQQQ"  # CLDR's abbreviated quarter with its year: "T1 2021", "Q1 2021"


def locale(lang: str) -> Locale:
    """The CLDR locale of a language of the product; French for any other value (the default language)."""
    return LOCALES.get(lang, LOCALES["fr"])


def round_half_up(value: Any, decimals: int) -> Decimal:
    """The value with `decimals` decimals, half away from zero; a zero is unsigned (never "-0")."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    # Enough digits for the number's integer part: the default context (28 digits) refuses 1e30 with one decimal.
    context = decimal.Context(prec=max(28, number.adjusted() + decimals + 3), rounding=ROUND_HALF_UP)
    rounded = number.quantize(Decimal(1).scaleb(-decimals), context=context)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def quarter_name(value: date, lang: str) -> str:
    """The quarter holding `value` as CLDR writes it: "T1 2021" in French, "Q1 2021" in English."""
    return format_skeleton(QUARTER_SKELETON, value, locale=locale(lang))


def quarter_parts(quarter: int, lang: str) -> tuple[str, str]:
    """What CLDR writes before and after the year of a quarter ("T1 ", "" in French), so that other
    formats (an Excel number format, a plotly tickformat) can put their own year code in between."""
    sample_year = 1999  # a year whose digits cannot be mistaken for a quarter's number
    before, _, after = quarter_name(date(sample_year, 3 * quarter - 2, 1), lang).partition(str(sample_year))
    return before, after
