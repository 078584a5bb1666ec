"""The contract of a source, declared once in its pandera model, and how a file's headers meet it.

Each field of a source's ``DataFrameModel`` is one canonical column, declared with ``column``:
its kind (pipelines.sources.kinds), its French aliases, whether the file must have it, and a
description for the data contract; ``nullable`` says whether a row may leave it empty. The
model's checks are its rules, each with a message key (``error=``, a ``rule.*`` key of
pipelines.messages) and a ``description`` for the data contract. ``Source`` derives the reader's
column list from the model, so nothing is declared twice; a field declared without ``column``
is derived from the others (BMO's ``*_masked`` flags).

Here too: recognising a file's source from its headers (``detect_source``) and matching its
headers to the canonical columns (``match_columns``).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

import pandera.polars as pa
import polars as pl

from pipelines.messages import Message, MessageError
from pipelines.reading import LINE, normalise
from pipelines.sources.kinds import Kind, Text

CONTRACT = "contract"  # the key of a field's metadata that holds its Column
SHOWN_HEADERS = 30     # headers listed in a refusal; a file with thousands of columns gets the first ones
SHOWN_HEADER_CHARS = 60


class FileRefused(MessageError):
    """The whole file is refused (unknown source, missing or doubled column); the message says what to do.

    Its message has no ``path`` argument: the caller knows the file and adds it."""


# --- the day rules compare against ---------------------------------------------------------

_validation_day: ContextVar[date] = ContextVar("validation_day")


def validation_day() -> date:
    """'Today' for rules such as 'not in the future': the ``today`` given to ``check``."""
    return _validation_day.get()


def holds(rule: pl.Expr) -> pl.Expr:
    """A rule over values of which one is missing holds: the missing value is reported on its own."""
    return rule.fill_null(True)


# --- columns -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind | Text
    aliases: tuple[str, ...] = ()
    required: bool = True  # the file must have the column (that every row fills it is the model's nullable=False)
    header_pattern: str | None = None  # regex on the normalised header, for names that change (BMO's BE24)
    nullable: bool = False
    description: str = ""

    def matches(self, normalised_header: str) -> bool:
        if normalised_header in {normalise(name) for name in (self.name, *self.aliases)}:
            return True
        return bool(self.header_pattern and re.fullmatch(self.header_pattern, normalised_header))

    def described(self) -> str:
        return f"{self.name} ({', '.join(self.aliases)})" if self.aliases else self.name


@dataclass(frozen=True)
class _Declared:
    kind: Kind | Text
    aliases: tuple[str, ...]
    required: bool
    header_pattern: str | None


def column(kind: Kind | Text, *aliases: str, required: bool = True, nullable: bool = False,
           header_pattern: str | None = None, description: str = "") -> Any:
    """A model field that is a column of the source's files (``pa.Field`` with the contract in its metadata)."""
    return pa.Field(nullable=nullable, description=description or None,
                    metadata={CONTRACT: _Declared(kind, aliases, required, header_pattern)})


@dataclass(frozen=True)
class Source:
    name: str
    model: type[pa.DataFrameModel]
    natural_key: tuple[str, ...]
    derived: tuple[pl.Expr, ...] = ()  # columns computed from the text columns (BMO's masked flags)
    description: str = ""               # "one row per ...", for the data contract

    @property
    def table(self) -> str:
        return f"raw.{self.name}"

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns a file may have, in the model's order, from the fields declared with ``column``."""
        return _columns(self.model)

    @property
    def value_columns(self) -> list[str]:
        """The landing table's columns before the lineage ones, in the model's order."""
        return list(self.model.to_schema().columns)

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]


_COLUMNS: dict[type, tuple[Column, ...]] = {}


def _columns(model: type[pa.DataFrameModel]) -> tuple[Column, ...]:
    if model not in _COLUMNS:  # to_schema() builds the schema anew on every call
        columns = []
        for name, field in model.to_schema().columns.items():
            declared = (field.metadata or {}).get(CONTRACT)
            if declared is not None:
                columns.append(Column(name, declared.kind, declared.aliases, declared.required,
                                      declared.header_pattern, field.nullable, field.description or ""))
        _COLUMNS[model] = tuple(columns)
    return _COLUMNS[model]


# --- a file's headers against the contract --------------------------------------------------

def shown_headers(headers: list[str]) -> list[str] | dict:
    """The headers as a refusal lists them: cut short, and only the first ones of a very wide file."""
    shown = [header if len(header) <= SHOWN_HEADER_CHARS else header[:SHOWN_HEADER_CHARS - 1] + "…"
             for header in headers[:SHOWN_HEADERS]]
    if len(headers) <= SHOWN_HEADERS:
        return shown
    return Message("part.more_columns", {"shown": shown, "more": len(headers) - SHOWN_HEADERS}).as_arg()


def _needs(sources: Iterable[Source]) -> list[dict]:
    return [Message("part.source_needs", {"source": source.name,
                                          "columns": [column.described() for column in source.required]}).as_arg()
            for source in sources]


def _table_headers(headers: Iterable[str]) -> list[str]:
    headers = [header for header in headers if header != LINE]
    if len(headers) < 2:  # every source has several columns
        raise FileRefused("file.not_a_table")
    return headers


def detect_source(headers: Iterable[str], sources: Iterable[Source]) -> Source:
    """The source whose required columns the headers cover best; refused when none or two fit.

    A table of a single column is refused without quoting it: it is not a table (a text file,
    a configuration file), and its one "header" is the first line of whatever it holds."""
    headers = _table_headers(headers)
    normalised = [normalise(header) for header in headers]

    def fit(source: Source) -> tuple[float, int]:
        found = {column.name for column in source.columns for header in normalised if column.matches(header)}
        return (len(found & {column.name for column in source.required}) / len(source.required), len(found))

    ranked = sorted(((fit(source), source) for source in sources), key=lambda pair: pair[0], reverse=True)
    (best_fit, best), (second_fit, second) = ranked[0], ranked[1]
    needs = _needs(source for _, source in ranked)
    if best_fit[0] < 0.5:
        raise FileRefused("file.no_source", columns=shown_headers(headers), needs=needs)
    if best_fit == second_fit or second_fit[0] == 1:
        raise FileRefused("file.two_sources", first=best.name, second=second.name, columns=shown_headers(headers),
                          needs=needs)
    return best


@dataclass(frozen=True)
class ColumnMatch:
    headers: dict[str, str]   # canonical name -> header in the file
    extra: list[str]          # headers the contract does not know (ignored)


def match_columns(source: Source, headers: Iterable[str]) -> ColumnMatch:
    """Headers -> canonical columns; a missing required column or one given twice refuses the file."""
    headers = _table_headers(headers)
    matched: dict[str, str] = {}
    extra = []
    for header in headers:
        column = next((column for column in source.columns if column.matches(normalise(header))), None)
        if column is None:
            extra.append(header)
        elif column.name in matched:
            raise FileRefused("file.column_twice", first=repr(matched[column.name]), second=repr(header),
                              column=column.name)
        else:
            matched[column.name] = header
    missing = [column for column in source.required if column.name not in matched]
    if missing:
        raise FileRefused("file.missing_columns", source=source.name,
                          missing=[column.described() for column in missing], columns=shown_headers(headers))
    return ColumnMatch(matched, extra)
