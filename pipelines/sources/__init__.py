"""The data contract's machinery, shared by the five sources (DATA_CONTRACT.md).

Each source module (enrolments, assessments, hiring, placements, bmo) declares
a ``Source``: its canonical columns with their French aliases and ``Kind``, its
natural key, and one pandera ``DataFrameModel`` that states its rules. Here:

- recognising a file's source from its headers (``detect_source``) and matching
  its headers to the canonical columns (``match_columns``);
- ``check``: text table -> valid typed rows + rejected rows. A value that does
  not parse (a date, a code missing from the reference, an unknown status) is a
  parse failure; a typed value that breaks a rule of the model is a pandera
  failure (validated with ``lazy=True``, so all are collected). Both become
  rejected rows with the line, the column, the value as in the file, and a
  reason a person can act on; the first failure of a cell wins, so a bad date
  is not also reported as "end_date before start_date". Then duplicates of the
  natural key: the first valid row is kept.

Every check of a model states its reason in ``error=``, a template over the
row's values as in the file: ``{value}`` (the checked column's), ``{column}``,
any column by name, ``{today}`` and ``{this_month}``. A required column is a
non-nullable field; enumerated values need no check of their own, since
parsing maps them to the canonical ones or fails.

Parsing works on distinct values: a 5-million-row column holds a few thousand
distinct dates, scores or codes, each parsed once and mapped back.
"""

from __future__ import annotations

import re
import string
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Protocol

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from pipelines import reading
from pipelines.reading import LINE, normalise
from warehouse.reference import Reference

ROW = "__row"  # position of a row in the table, the index pandera reports


class FileRefused(ValueError):
    """The whole file is refused (unknown source, missing or doubled column); the message says what to do."""


# --- the day rules compare against ---------------------------------------------------------

_validation_day: ContextVar[date] = ContextVar("validation_day")


def validation_day() -> date:
    """'Today' for rules such as 'not in the future': the ``today`` given to ``check``."""
    return _validation_day.get()


def holds(rule: pl.Expr) -> pl.Expr:
    """A rule over values of which one is missing holds: the missing value is reported on its own."""
    return rule.fill_null(True)


# --- kinds of column: text -> typed value, or the problem with it --------------------------

@dataclass(frozen=True)
class Context:
    reference: Reference
    reference_dir: Path
    today: date

    def reference_file(self, table: str) -> str:
        """Where the user can see (and edit) a reference table, as short as it can be said."""
        path = self.reference_dir / f"{table}.csv"
        project = Path(__file__).resolve().parents[2]
        try:
            return str(path.resolve().relative_to(project))
        except ValueError:
            return str(path)


class Kind(Protocol):
    dtype: pl.DataType

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        """Distinct stripped non-empty values -> (typed values, problem or null for each)."""


@dataclass(frozen=True)
class Text:
    """Free text or an identifier: stripped, nothing to check (transformed as a whole column)."""

    dtype: pl.DataType = pl.String


@dataclass(frozen=True)
class _Parsed:
    """A kind whose values go through one of reading's parse_* functions."""

    parser: Callable[[pl.Series], tuple[pl.Series, pl.Series]]
    dtype: pl.DataType

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        return self.parser(values)


DATE = _Parsed(reading.parse_dates, pl.Date)
MONTH = _Parsed(reading.parse_months, pl.Date)
NUMBER = _Parsed(reading.parse_numbers, pl.Float64)
COUNT = _Parsed(reading.parse_counts, pl.Int64)
BOOLEAN = _Parsed(reading.parse_booleans, pl.Boolean)


def _per_value(values: pl.Series, dtype: pl.DataType, parse_one) -> tuple[pl.Series, pl.Series]:
    results = [parse_one(value) for value in values.to_list()]
    return (pl.Series([parsed for parsed, _ in results], dtype=dtype),
            pl.Series([problem for _, problem in results], dtype=pl.String))


@dataclass(frozen=True)
class Choice:
    """An enumerated value: canonical English values, each with its French (and other) aliases."""

    noun: str
    values: dict[str, tuple[str, ...]]
    dtype: pl.DataType = pl.String

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        lookup = {normalise(alias): canonical
                  for canonical, aliases in self.values.items() for alias in (canonical, *aliases)}
        english = list(self.values)
        french = [aliases[0] for aliases in self.values.values() if aliases]
        problem = (f"is not a known {self.noun}; use {', '.join(english[:-1])} or {english[-1]}"
                   + (f" (in French: {', '.join(french)})" if french else ""))
        return _per_value(values, self.dtype, lambda value: (
            (lookup[normalise(value)], None) if normalise(value) in lookup else (None, problem)))


@dataclass(frozen=True)
class Code:
    """A code of a reference table; case and punctuation are forgiven when that leaves one match."""

    table: str       # reference table, e.g. "programmes"
    column: str      # its code column, e.g. "programme_code"
    noun: str        # "programme"
    dtype: pl.DataType = pl.String

    def lookup(self, context: Context) -> dict[str, str]:
        codes = getattr(context.reference, self.table)[self.column].to_list()
        return _forgiving_lookup({code: code for code in codes})

    def missing(self, context: Context) -> str:
        return (f"is not in the {self.table} reference ({context.reference_file(self.table)}); "
                f"fix the code or add the {self.noun}")

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        lookup = self.lookup(context)
        problem = self.missing(context)
        return _per_value(values, self.dtype, lambda value: _look_up(lookup, value, problem))


def _forgiving_lookup(exact: dict[str, str]) -> dict[str, str]:
    """Exact keys, plus their normalised forms when a normalised form is not shared by two codes."""
    by_normalised: dict[str, set[str]] = {}
    for key, code in exact.items():
        by_normalised.setdefault(normalise(key), set()).add(code)
    forgiving = {key: codes.pop() for key, codes in by_normalised.items() if len(codes) == 1}
    return {**forgiving, **exact}


def _look_up(lookup: dict[str, str], value: str, problem: str) -> tuple[str | None, str | None]:
    code = lookup.get(value) or lookup.get(normalise(value))
    return (code, None) if code else (None, problem)


@dataclass(frozen=True)
class TradeOrRome(Code):
    """A trade code, or a ROME code that only one trade of the reference has."""

    table: str = "trades"
    column: str = "trade_code"
    noun: str = "trade"

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        trades = self.lookup(context)
        by_rome: dict[str, list[str]] = {}
        for row in context.reference.trades.iter_rows(named=True):
            by_rome.setdefault(normalise(row["rome_code"] or ""), []).append(row["trade_code"])
        missing = (f"is neither a code of the trades reference ({context.reference_file('trades')}) "
                   "nor a ROME code of one of its trades; fix the code or add the trade")

        def parse_one(value: str) -> tuple[str | None, str | None]:
            code, _ = _look_up(trades, value, missing)
            if code:
                return code, None
            sharing = sorted(by_rome.get(normalise(value), []))
            if len(sharing) == 1:
                return sharing[0], None
            if sharing:
                return None, f"is a ROME code shared by several trades ({', '.join(sharing)}); give the trade code"
            return None, missing

        return _per_value(values, self.dtype, parse_one)


def _digits(value: str, width: int) -> str | None:
    """'1', '01' and '1.0' (a number cell of a spreadsheet) -> '01'; None when not a whole number."""
    if re.fullmatch(r"\d+(?:[.,]0+)?", value):
        return str(int(re.split(r"[.,]", value)[0])).zfill(width)
    return None


@dataclass(frozen=True)
class Region:
    """A region as its INSEE code (``11``, ``84``, ``01``, ``1``) or name (``Île-de-France``)."""

    dtype: pl.DataType = pl.String

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        regions = context.reference.regions
        lookup = _forgiving_lookup({
            **dict(zip(regions["region_name"], regions["region_code"])),
            **dict(zip(regions["iso_code"], regions["region_code"])),
            **dict(zip(regions["region_code"], regions["region_code"])),
        })
        problem = (f"is not a region code or name of the regions reference ({context.reference_file('regions')}); "
                   "use an INSEE code such as 11 or a name such as Île-de-France")
        return _per_value(values, self.dtype,
                          lambda value: _look_up(lookup, _digits(value, 2) or value, problem))


@dataclass(frozen=True)
class DepartmentCode:
    """A département code: ``1`` and ``01`` are ``01``; ``2A`` and ``971`` as they are."""

    dtype: pl.DataType = pl.String

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        return _per_value(values, self.dtype, lambda value: (_digits(value, 2) or value.upper(), None))


@dataclass(frozen=True)
class MaskedCount:
    """A published count that may be masked as ``*``: masked is null here, never a guessed number."""

    dtype: pl.DataType = pl.Int64

    def parse(self, values: pl.Series, context: Context) -> tuple[pl.Series, pl.Series]:
        counts, _ = reading.parse_counts(values)
        problems = pl.select(pl.when(counts.is_null() & (values != "*"))
                             .then(pl.lit("is not a whole number nor * (masked); write a count such as 3")))
        return counts, problems.to_series()


# --- the contract of a source --------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind | Text
    aliases: tuple[str, ...] = ()
    required: bool = True  # the file must have the column (that every row fills it is the model's nullable=False)
    header_pattern: str | None = None  # regex on the normalised header, for names that change (BMO's BE24)

    def matches(self, normalised_header: str) -> bool:
        if normalised_header in {normalise(name) for name in (self.name, *self.aliases)}:
            return True
        return bool(self.header_pattern and re.fullmatch(self.header_pattern, normalised_header))

    def described(self) -> str:
        return f"{self.name} ({', '.join(self.aliases)})" if self.aliases else self.name


@dataclass(frozen=True)
class Source:
    name: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    model: type[pa.DataFrameModel]
    derived: tuple[pl.Expr, ...] = ()  # columns computed from the text columns (BMO's masked flags)

    @property
    def table(self) -> str:
        return f"raw.{self.name}"

    @property
    def value_columns(self) -> list[str]:
        """The landing table's columns before the lineage ones, in the model's order."""
        return list(self.model.to_schema().columns)

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]


def detect_source(headers: Iterable[str], sources: Iterable[Source]) -> Source:
    """The source whose required columns the headers cover best; refused when none or two fit."""
    headers = [header for header in headers if header != LINE]
    normalised = [normalise(header) for header in headers]

    def fit(source: Source) -> tuple[float, int]:
        found = {column.name for column in source.columns for header in normalised if column.matches(header)}
        return (len(found & {column.name for column in source.required}) / len(source.required), len(found))

    ranked = sorted(((fit(source), source) for source in sources), key=lambda pair: pair[0], reverse=True)
    (best_fit, best), (second_fit, second) = ranked[0], ranked[1]
    needs = "; ".join(f"{source.name} needs {', '.join(column.described() for column in source.required)}"
                      for _, source in ranked)
    found = f"Its columns: {', '.join(headers)}."
    if best_fit[0] < 0.5:
        raise FileRefused(f"its columns match no source. {found} {needs}. "
                          "Fix the headers or name the source explicitly.")
    if best_fit == second_fit or second_fit[0] == 1:
        raise FileRefused(f"its columns fit both {best.name} and {second.name}. {found} {needs}. "
                          "Split the file by source, or name the source explicitly.")
    return best


@dataclass(frozen=True)
class ColumnMatch:
    headers: dict[str, str]   # canonical name -> header in the file
    extra: list[str]          # headers the contract does not know (ignored)


def match_columns(source: Source, headers: Iterable[str]) -> ColumnMatch:
    """Headers -> canonical columns; a missing required column or one given twice refuses the file."""
    headers = [header for header in headers if header != LINE]
    matched: dict[str, str] = {}
    extra = []
    for header in headers:
        column = next((column for column in source.columns if column.matches(normalise(header))), None)
        if column is None:
            extra.append(header)
        elif column.name in matched:
            raise FileRefused(f"columns {matched[column.name]!r} and {header!r} both give {column.name}; "
                              "keep only one of them.")
        else:
            matched[column.name] = header
    missing = [column for column in source.required if column.name not in matched]
    if missing:
        raise FileRefused(
            f"missing required column(s) for {source.name}: {', '.join(column.described() for column in missing)}. "
            f"Found columns: {', '.join(headers)}. Add the missing column(s) and load the file again.")
    return ColumnMatch(matched, extra)


# --- checking a table ----------------------------------------------------------------------

@dataclass
class Checked:
    valid: pl.DataFrame        # the model's columns, LINE and ROW, one row per natural key
    rejected: pl.DataFrame     # line, column_name, value, reason: one row per rejected value
    rows_read: int
    rows_rejected: int
    extra_columns: list[str] = field(default_factory=list)


REJECTED_SCHEMA = {"line": pl.Int64, "column_name": pl.String, "value": pl.String, "reason": pl.String}
_FAILURE_SCHEMA = {ROW: pl.Int64, "column": pl.String, "reason": pl.String}
_REQUIRED_REASON = "{column} is empty but required; fill it in"


def check(source: Source, table: pl.DataFrame, context: Context) -> Checked:
    """Validate a text table (reading.read_table) against a source's contract."""
    columns = match_columns(source, table.columns)
    # lazy selects throughout: an eager one would copy millions of values into one chunk
    text = table.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW), LINE,
        *(pl.col(columns.headers[column.name]).alias(column.name) if column.name in columns.headers
          else pl.lit(None, pl.String).alias(column.name) for column in source.columns)).collect()
    typed, parse_failures = _parse(source, text, context)
    failures = pl.concat([parse_failures, _rule_failures(source, typed, text, context.today)])
    failures = failures.unique(subset=[ROW, "column"], keep="first", maintain_order=True)
    failed_rows = failures[ROW].unique()

    valid = typed
    if failed_rows.len():
        valid = valid.lazy().filter(~pl.col(ROW).is_in(failed_rows.implode())).collect()
    valid, duplicates = _first_of_each_key(source, valid, text)
    column_order = {column.name: position for position, column in enumerate(source.columns)}
    rejected = pl.concat([_as_rejected(failures, text), duplicates]).sort(
        "line", pl.col("column_name").replace_strict(column_order, default=len(column_order)))
    return Checked(valid=valid, rejected=rejected, rows_read=table.height,
                   rows_rejected=failed_rows.len() + duplicates["line"].n_unique(),
                   extra_columns=columns.extra)


def _parse(source: Source, text: pl.DataFrame, context: Context) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed columns (null where empty or unparseable) and the parse failures."""
    parsed_per_value = [column for column in source.columns if not isinstance(column.kind, Text)]
    distinct_values = text.lazy().select(
        pl.col(column.name).unique().drop_nulls().implode() for column in parsed_per_value).collect()
    typed_columns, failures = [], []
    for column in source.columns:
        if isinstance(column.kind, Text):
            stripped = pl.col(column.name).str.strip_chars()
            typed_columns.append(pl.when(stripped != "").then(stripped).alias(column.name))
            continue
        values = _parse_distinct(distinct_values[column.name][0], column.kind, context)
        typed_columns.append(_spread(values, column.name, column.kind.dtype))
        bad = values.filter(pl.col("problem").is_not_null())
        if bad.height:
            failures.append(
                text.lazy().filter(pl.col(column.name).is_in(bad["value"].implode()))
                .select(ROW, pl.col(column.name).alias("value"))
                .join(bad.lazy(), on="value", how="inner")
                .select(ROW, pl.lit(column.name).alias("column"),
                        pl.format("{} '{}' {}", pl.lit(column.name), "value", "problem").alias("reason"))
                .collect())
    typed = text.lazy().select(ROW, LINE, *typed_columns, *source.derived).select(
        ROW, LINE, *source.value_columns).collect()
    return typed, pl.concat(failures) if failures else pl.DataFrame(schema=_FAILURE_SCHEMA)


def _parse_distinct(distinct: pl.Series, kind: Kind, context: Context) -> pl.DataFrame:
    """value (as in the file) -> parsed, problem; blank values parse to null without a problem."""
    values = pl.DataFrame({"value": distinct, "cleaned": distinct.str.strip_chars()})
    filled = values.filter(pl.col("cleaned") != "")
    parsed, problems = kind.parse(filled["cleaned"], context)
    filled = filled.select("value", parsed.alias("parsed"), problems.alias("problem"))
    return values.select("value").join(filled, on="value", how="left", maintain_order="left")


def _spread(values: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    """Every row's parsed value: its text's position among the distinct texts picks it (as an Enum), then a
    gather; cheaper than a join or replace_strict on millions of rows."""
    if values.height == 0:
        return pl.lit(None, dtype).alias(name)
    position = pl.col(name).cast(pl.Enum(values["value"])).to_physical()
    return pl.lit(values["parsed"].cast(dtype)).gather(position).alias(name)


def _rule_failures(source: Source, typed: pl.DataFrame, text: pl.DataFrame, today: date) -> pl.DataFrame:
    """The model's failure cases (pandera, lazy), each with the reason its check states."""
    token = _validation_day.set(today)
    try:
        source.model.validate(typed.lazy().select(source.value_columns).collect(), lazy=True)
        return pl.DataFrame(schema=_FAILURE_SCHEMA)
    except SchemaErrors as errors:
        cases = errors.failure_cases
    finally:
        _validation_day.reset(token)
    if cases["index"].has_nulls():  # a schema-level failure (dtype, column set) is a bug of ours, not of the file
        raise RuntimeError(f"{source.name}: the parsed table does not fit its model:\n{cases}")
    checks = {name: column.checks for name, column in source.model.to_schema().columns.items()}
    failures = []
    for (column, check_number), group in cases.group_by(["column", "check_number"], maintain_order=True):
        # pandera reports a check by its position in the column's checks; not_nullable has none
        template = _REQUIRED_REASON if check_number is None else checks[column][check_number].error
        failures.append(_at(text, group["index"]).select(ROW, pl.lit(column).alias("column"),
                                                          _format(template, column, today).alias("reason")))
    return pl.concat(failures)


def _format(template: str, column: str, today: date) -> pl.Expr:
    """A check's reason template as an expression over the text row: {value}, {column}, {today},
    {this_month} or any other column of the source (its value as in the file)."""
    constants = {"column": column, "today": today.isoformat(), "this_month": f"{today:%Y-%m}"}
    parts: list[pl.Expr] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is None:
            continue
        if name in constants:
            parts.append(pl.lit(constants[name]))
        else:
            parts.append(pl.col(column if name == "value" else name).str.strip_chars().fill_null(""))
    return pl.concat_str(parts)


def _as_rejected(failures: pl.DataFrame, text: pl.DataFrame) -> pl.DataFrame:
    """(row, column, reason) -> (line, column_name, value as in the file, reason)."""
    rejected = [
        group.join(_at(text, group[ROW]), on=ROW, how="left").select(
            pl.col(LINE).alias("line"), pl.lit(column).alias("column_name"), pl.col(column).alias("value"), "reason")
        for (column,), group in failures.group_by(["column"], maintain_order=True)
    ]
    return pl.concat(rejected) if rejected else pl.DataFrame(schema=REJECTED_SCHEMA)


def _at(text: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """The text rows of these positions, in position order (a filter: a gather or a join would first copy
    the millions of rows of a big file)."""
    return text.lazy().filter(pl.col(ROW).is_in(rows.cast(pl.Int64).implode())).collect()


def _first_of_each_key(source: Source, valid: pl.DataFrame, text: pl.DataFrame
                       ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the first row of each natural key; reject the later ones, naming the line they repeat."""
    key = list(source.natural_key)
    hashes = valid.lazy().select(pl.struct(key).hash()).collect().to_series()
    if hashes.n_unique() == valid.height:  # the usual case, settled without comparing keys
        return valid, pl.DataFrame(schema=REJECTED_SCHEMA)
    repeated = (valid.lazy().filter(hashes.is_duplicated())
                .with_columns(pl.col(LINE).first().over(key).alias("first_line"))
                .filter(pl.col(LINE) != pl.col("first_line")).collect())
    duplicates = repeated.select(ROW, "first_line").join(_at(text, repeated[ROW]), on=ROW, how="left").select(
        pl.col(LINE).alias("line"),
        pl.lit(", ".join(key)).alias("column_name"),
        pl.concat_str([pl.col(name).fill_null("") for name in key], separator=", ").alias("value"),
        pl.format("duplicate of line {} (same {})", "first_line", pl.lit(", ".join(key))).alias("reason"))
    return valid.lazy().filter(~pl.col(ROW).is_in(repeated[ROW].implode())).collect(), duplicates
