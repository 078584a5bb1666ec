"""Kinds of column: how a value as written becomes a typed one, or the problem with it.

Two families. Parsed kinds (dates, months, numbers, counts, yes/no, enumerations, codes of the
reference, regions) parse the distinct values of a column: a 5-million-row column holds a few
thousand distinct dates, each parsed once and mapped back. Text kinds (identifiers, labels)
clean the whole column with vectorised expressions. Either way a value that does not parse, or
lies outside the plausible range the contract states, gets a problem: a ``value.*`` key of
pipelines.messages and its arguments.

Plausibility comes from the reference settings (warehouse/settings.py) through ``Limits``:
the earliest date of the programme window, how far ahead a planned end date may lie, the
largest count a row may carry, the longest identifier and label.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import polars as pl

from pipelines import reading
from pipelines.reading import Parsed, normalise
from warehouse import settings
from warehouse.reference import Reference

PROJECT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Limits:
    """The plausible range of values (reference settings); ``from_settings`` reads them."""

    earliest_date: date = settings.default("earliest_date")
    planned_end_years: int = settings.default("planned_end_years")
    count_max: int = settings.default("count_max")
    id_max_chars: int = settings.default("id_max_chars")
    text_max_chars: int = settings.default("text_max_chars")
    rejected_rows_cap: int = settings.default("rejected_rows_cap")

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(**{name: settings.get(name) for name in cls.__dataclass_fields__})

    def latest_planned(self, today: date) -> date:
        try:
            return today.replace(year=today.year + self.planned_end_years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.planned_end_years, day=28)


@dataclass(frozen=True)
class Context:
    reference: Reference
    reference_dir: Path
    today: date
    limits: Limits = Limits()

    def reference_file(self, table: str) -> str:
        """Where the user can see (and edit) a reference table, as short as it can be said."""
        path = self.reference_dir / f"{table}.csv"
        try:
            return str(path.resolve().relative_to(PROJECT))
        except ValueError:
            return str(path)


class Kind(Protocol):
    dtype: pl.DataType
    type_name: str

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        """Distinct stripped non-empty values -> typed values and the problem (if any) of each."""

    def rule(self, limits: Limits) -> str:
        """What the kind demands of a value, for the data contract."""


def _setting(name: str) -> str:
    return settings.env_var(name)


# --- text: identifiers and labels, cleaned as whole columns --------------------------------

_INVISIBLE = r"[\p{Cc}\p{Cf}]"  # control and format characters: zero-width spaces, BOMs, bidi marks
_NOT_PLAIN = r"[^\x20-\x7e]"


@dataclass(frozen=True)
class Text:
    """A label: invisible characters removed, stripped, at most ``text_max_chars`` characters."""

    dtype: pl.DataType = pl.String
    type_name: str = "text"
    fold_case: bool = False
    max_setting: str = "text_max_chars"

    def clean(self, column: str, unusual: "Unusual") -> pl.Expr:
        """The column cleaned (null when nothing is left), doing only what ``unusual`` says it needs."""
        value = pl.col(column)
        if unusual.not_ascii:
            value = value.str.normalize("NFKC").str.replace_all(_INVISIBLE, "")
        value = value.str.strip_chars()
        if self.fold_case and unusual.lower_case:
            value = value.str.to_uppercase()
        return pl.when(value != "").then(value)

    def max_chars(self, limits: Limits) -> int:
        return getattr(limits, self.max_setting)

    def too_long(self, length: int, limits: Limits) -> dict:
        return {"length": length, "max": self.max_chars(limits), "setting": _setting(self.max_setting)}

    def rule(self, limits: Limits) -> str:
        folded = "compared without case (stored in capitals), " if self.fold_case else ""
        return (f"{folded}invisible characters removed, at most {self.max_chars(limits)} characters "
                f"(`{_setting(self.max_setting)}`)")


TEXT = Text()
# an identifier or code: like a label, but compared without case (stored in capitals) and shorter
IDENTIFIER = Text(type_name="id", fold_case=True, max_setting="id_max_chars")


@dataclass(frozen=True)
class Unusual:
    not_ascii: bool    # some value holds a character outside printable ASCII (invisible, accented, full-width)
    lower_case: bool   # some value holds a lower-case letter


def unusual_characters(values: pl.Series) -> Unusual:
    """What cleaning a column needs; one scan in the usual case of plain capitals and digits."""
    if not values.str.contains(r"[^\x20-\x60\x7b-\x7e]").any():
        return Unusual(False, False)
    return Unusual(bool(values.str.contains(_NOT_PLAIN).any()), bool(values.str.contains(r"\p{Ll}").any()))


# --- parsed kinds --------------------------------------------------------------------------

def _per_value(values: pl.Series, dtype: pl.DataType, parse_one) -> Parsed:
    """parse_one(value) -> (typed, None) or (None, (key, args))."""
    typed, keys, args = [], [], []
    for value in values.to_list():
        parsed, problem = parse_one(value)
        typed.append(parsed)
        keys.append(problem[0] if problem else None)
        args.append(json.dumps(problem[1], ensure_ascii=False) if problem and problem[1] else None)
    return Parsed(pl.Series(typed, dtype=dtype), pl.Series(keys, dtype=pl.String), pl.Series(args, dtype=pl.String))


def _bounded(parsed: Parsed, checks: list[tuple[pl.Expr, str, dict]]) -> Parsed:
    """A parsed kind with range checks over its typed values (``value``); the first check that fails wins,
    and a value that did not parse keeps its own problem."""
    frame = pl.DataFrame({"value": parsed.values, "key": parsed.keys, "args": parsed.args})
    key, args = pl.col("key"), pl.col("args")
    for failed, problem, arguments in reversed(checks):
        condition = pl.col("key").is_null() & failed.fill_null(False)
        literal = pl.lit(json.dumps(arguments, ensure_ascii=False) if arguments else None, pl.String)
        key = pl.when(condition).then(pl.lit(problem)).otherwise(key)
        args = pl.when(condition).then(literal).otherwise(args)
    checked = frame.select(pl.when(key.is_null()).then(pl.col("value")).alias("value"), key.alias("key"),
                           args.alias("args"))
    return Parsed(checked["value"], checked["key"], checked["args"])


@dataclass(frozen=True)
class Day:
    """A date, from the start of the programme window to today (or, for a planned date, a few years on)."""

    planned: bool = False
    dtype: pl.DataType = pl.Date
    type_name: str = "date"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        limits = context.limits
        value = pl.col("value")
        latest = (limits.latest_planned(context.today) if self.planned else context.today)
        late = ("value.date_beyond_plans", {"years": limits.planned_end_years, "latest": latest.isoformat(),
                                            "setting": _setting("planned_end_years")}) if self.planned else \
            ("value.date_in_future", {"today": context.today.isoformat()})
        return _bounded(reading.date_values(values), [
            (value < limits.earliest_date, "value.date_too_early",
             {"earliest": limits.earliest_date.isoformat(), "setting": _setting("earliest_date")}),
            (value > latest, *late),
        ])

    def rule(self, limits: Limits) -> str:
        latest = (f"at most {limits.planned_end_years} years after today (`{_setting('planned_end_years')}`)"
                  if self.planned else "not in the future")
        return f"from {limits.earliest_date.isoformat()} (`{_setting('earliest_date')}`), {latest}"


@dataclass(frozen=True)
class Month:
    """A month (as its first day), from the programme window's first month to the current month."""

    dtype: pl.DataType = pl.Date
    type_name: str = "month"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        earliest = context.limits.earliest_date.replace(day=1)
        return _bounded(reading.month_values(values), [
            (pl.col("value") < earliest, "value.month_too_early",
             {"earliest": f"{earliest:%Y-%m}", "setting": _setting("earliest_date")}),
            (pl.col("value") > context.today.replace(day=1), "value.month_in_future",
             {"this_month": f"{context.today:%Y-%m}"}),
        ])

    def rule(self, limits: Limits) -> str:
        return f"from {limits.earliest_date:%Y-%m} (`{_setting('earliest_date')}`), not after the current month"


@dataclass(frozen=True)
class Number:
    dtype: pl.DataType = pl.Float64
    type_name: str = "number"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        return reading.number_values(values)

    def rule(self, limits: Limits) -> str:
        return "decimal point or comma"


@dataclass(frozen=True)
class WholeNumber:
    """A whole number (a year): no plausible range of its own, but one the warehouse can store."""

    dtype: pl.DataType = pl.Int64
    type_name: str = "int"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        return reading.count_values(values)

    def rule(self, limits: Limits) -> str:
        return "whole number"


def _as_count(parsed: Parsed, values: pl.Series, limits: Limits) -> Parsed:
    """A whole number too large for the warehouse is, for a count, past the plausible maximum (or negative)."""
    too_large = parsed.keys == "value.number_too_large"
    if not too_large.any():
        return parsed
    negative = values.str.starts_with("-")
    beyond = json.dumps({"max": limits.count_max, "setting": _setting("count_max")})
    frame = pl.DataFrame({"key": parsed.keys, "args": parsed.args, "too_large": too_large, "negative": negative})
    fixed = frame.select(
        pl.when(pl.col("too_large") & pl.col("negative")).then(pl.lit("value.negative_count"))
        .when(pl.col("too_large")).then(pl.lit("value.count_too_large")).otherwise(pl.col("key")).alias("key"),
        pl.when(pl.col("too_large") & pl.col("negative")).then(pl.lit(None, pl.String))
        .when(pl.col("too_large")).then(pl.lit(beyond)).otherwise(pl.col("args")).alias("args"))
    return Parsed(parsed.values, fixed["key"], fixed["args"])


def _count_checks(limits: Limits) -> list[tuple[pl.Expr, str, dict]]:
    return [(pl.col("value") < 0, "value.negative_count", {}),
            (pl.col("value") > limits.count_max, "value.count_too_large",
             {"max": limits.count_max, "setting": _setting("count_max")})]


@dataclass(frozen=True)
class Count:
    """A count: a whole number from 0 to the plausible maximum (``count_max``)."""

    dtype: pl.DataType = pl.Int64
    type_name: str = "count"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        return _bounded(_as_count(reading.count_values(values), values, context.limits), _count_checks(context.limits))

    def rule(self, limits: Limits) -> str:
        return f"whole number from 0 to {limits.count_max:,} (`{_setting('count_max')}`)"


@dataclass(frozen=True)
class MaskedCount:
    """A published count that may be masked as ``*``: masked is null here, never a guessed number."""

    dtype: pl.DataType = pl.Int64
    type_name: str = "count or *"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        counts = _as_count(reading.count_values(values), values, context.limits)
        frame = pl.DataFrame({"masked": values == "*", "key": counts.keys, "args": counts.args})
        problems = frame.select(
            pl.when(~pl.col("masked")).then(
                pl.when(pl.col("key") == "value.not_a_whole_number").then(pl.lit("value.not_count_nor_masked"))
                .otherwise(pl.col("key"))).alias("key"),
            pl.when(~pl.col("masked")).then(pl.col("args")).alias("args"))
        return _bounded(Parsed(counts.values, problems["key"], problems["args"]), _count_checks(context.limits))

    def rule(self, limits: Limits) -> str:
        return f"whole number from 0 to {limits.count_max:,} (`{_setting('count_max')}`), or * when masked"


@dataclass(frozen=True)
class YesNo:
    dtype: pl.DataType = pl.Boolean
    type_name: str = "bool"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        return reading.boolean_values(values)

    def rule(self, limits: Limits) -> str:
        return "true/false, oui/non, vrai/faux, 1/0"


DAY = Day()
PLANNED_DAY = Day(planned=True)
MONTH = Month()
NUMBER = Number()
WHOLE_NUMBER = WholeNumber()
COUNT = Count()
BOOLEAN = YesNo()


@dataclass(frozen=True)
class Choice:
    """An enumerated value: canonical English values, each with its French (and other) aliases."""

    noun: str
    values: dict[str, tuple[str, ...]]
    dtype: pl.DataType = pl.String
    type_name: str = "enum"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        lookup = {normalise(alias): canonical
                  for canonical, aliases in self.values.items() for alias in (canonical, *aliases)}
        english = list(self.values)
        french = [aliases[0] for aliases in self.values.values() if aliases]
        problem = (("value.unknown_choice_with_french", {"noun": self.noun, "values": {"any_of": english},
                                                         "french": french}) if french else
                   ("value.unknown_choice", {"noun": self.noun, "values": {"any_of": english}}))
        return _per_value(values, self.dtype, lambda value: (
            (lookup[normalise(value)], None) if normalise(value) in lookup else (None, problem)))

    def rule(self, limits: Limits) -> str:
        english = " / ".join(self.values)
        french = " / ".join(alias for aliases in self.values.values() for alias in aliases)
        return f"{english}" + (f" (fr: {french}; case, accents and spaces tolerated)" if french else "")


@dataclass(frozen=True)
class Code:
    """A code of a reference table; case and punctuation are forgiven when that leaves one match."""

    table: str       # reference table, e.g. "programmes"
    column: str      # its code column, e.g. "programme_code"
    noun: str        # "programme"
    dtype: pl.DataType = pl.String
    type_name: str = "code"

    def lookup(self, context: Context) -> dict[str, str]:
        codes = getattr(context.reference, self.table)[self.column].to_list()
        return _forgiving_lookup({code: code for code in codes})

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        lookup = self.lookup(context)
        problem = ("value.not_in_reference", {"table": self.table, "file": context.reference_file(self.table),
                                              "noun": self.noun})
        return _per_value(values, self.dtype, lambda value: _look_up(lookup, value, problem))

    def rule(self, limits: Limits) -> str:
        return f"in {self.table} (case forgiven)"


def _forgiving_lookup(exact: dict[str, str]) -> dict[str, str]:
    """Exact keys, plus their normalised forms when a normalised form is not shared by two codes."""
    by_normalised: dict[str, set[str]] = {}
    for key, code in exact.items():
        by_normalised.setdefault(normalise(key), set()).add(code)
    forgiving = {key: codes.pop() for key, codes in by_normalised.items() if len(codes) == 1}
    return {**forgiving, **exact}


def _look_up(lookup: dict[str, str], value: str, problem):
    code = lookup.get(value) or lookup.get(normalise(value))
    return (code, None) if code else (None, problem)


@dataclass(frozen=True)
class TradeOrRome(Code):
    """A trade code, or a ROME code that only one trade of the reference has."""

    table: str = "trades"
    column: str = "trade_code"
    noun: str = "trade"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        trades = self.lookup(context)
        by_rome: dict[str, list[str]] = {}
        for row in context.reference.trades.iter_rows(named=True):
            by_rome.setdefault(normalise(row["rome_code"] or ""), []).append(row["trade_code"])
        missing = ("value.not_trade_nor_rome", {"file": context.reference_file("trades")})

        def parse_one(value: str):
            code, _ = _look_up(trades, value, missing)
            if code:
                return code, None
            sharing = sorted(by_rome.get(normalise(value), []))
            if len(sharing) == 1:
                return sharing[0], None
            if sharing:
                return None, ("value.rome_shared", {"trades": sharing})
            return None, missing

        return _per_value(values, self.dtype, parse_one)

    def rule(self, limits: Limits) -> str:
        return "in trades (a ROME code that maps to exactly one trade is accepted too)"


def _digits(value: str, width: int) -> str | None:
    """'1', '01' and '1.0' (a number cell of a spreadsheet) -> '01'; None when not a whole number."""
    if re.fullmatch(r"\d{1,9}(?:[.,]0+)?", value):
        return str(int(re.split(r"[.,]", value)[0])).zfill(width)
    return None


@dataclass(frozen=True)
class Region:
    """A region as its INSEE code (``11``, ``84``, ``01``, ``1``) or name (``Île-de-France``)."""

    dtype: pl.DataType = pl.String
    type_name: str = "region"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        regions = context.reference.regions
        lookup = _forgiving_lookup({
            **dict(zip(regions["region_name"], regions["region_code"])),
            **dict(zip(regions["iso_code"], regions["region_code"])),
            **dict(zip(regions["region_code"], regions["region_code"])),
        })
        problem = ("value.not_a_region", {"file": context.reference_file("regions")})
        return _per_value(values, self.dtype, lambda value: _look_up(lookup, _digits(value, 2) or value, problem))

    def rule(self, limits: Limits) -> str:
        return "in regions, as INSEE code (11, 84, 01) or name (Île-de-France, ile de france)"


@dataclass(frozen=True)
class DepartmentCode:
    """A département code: ``1`` and ``01`` are ``01``; ``2A`` and ``971`` as they are."""

    dtype: pl.DataType = pl.String
    type_name: str = "department"

    def parse(self, values: pl.Series, context: Context) -> Parsed:
        max_chars = context.limits.id_max_chars

        def parse_one(value: str):
            if len(value) > max_chars:
                return None, ("value.too_long", IDENTIFIER.too_long(len(value), context.limits))
            return _digits(value, 2) or value.upper(), None

        return _per_value(values, self.dtype, parse_one)

    def rule(self, limits: Limits) -> str:
        return "1 and 01 are 01; 2A and 971 as they are"


