"""Every tabular file the product writes: CSV and XLSX of a polars frame, laid out by a table spec.

The caller says what to write (``Table``: title, sheet name, the columns with their header and kind,
metadata lines, the language); this module knows how files are written and nothing of labels or
queries. One rule holds for every file: a text cell never runs in a spreadsheet (OWASP's CSV
injection rule, ``neutralised``), and an XLSX holds no formula at all.

Example::

    from warehouse import files

    frame = files.protect(frame, "graduates", pl.col("graduates") < 5, "< 5")
    table = files.Table(
        title="Tensions par métier et région", sheet="Tensions métier × région", about_sheet="Informations",
        columns=[files.Column("trade_label", "Métier"), files.Column("region_name", "Région"),
                 files.Column("quarter_start", "Trimestre", "quarter"),
                 files.Column("demand", "Postes ouverts", "int"),
                 files.Column("graduates", "Diplômés", "int"),
                 files.Column("coverage", "Taux de couverture", "pct", 1)],
        metadata=[("Filtres", "Métiers : QC ; Régions : toutes"), ("Données au", "1er décembre 2026"),
                  ("Source", "Observatoire bioproduction"), ("Secret statistique", "Effectifs < 5 : « < 5 »")],
        lang="fr")
    files.write(table, frame, "xlsx")   # bytes; files.file_name("gaps-heatmap", "xlsx", "fr", today)

Columns of the frame that the spec does not name are not written (internal columns stay home).

Kinds, and what each becomes:

=========  ==========================================  ===================  ====================
kind       value in the frame                          XLSX cell (format)   CSV fr / en
=========  ==========================================  ===================  ====================
text       anything (str() of it), neutralised         text ``@``           as is
int        a number (shown without decimals)           number ``#,##0``     10000
number     a number; ``decimals`` n, or None for as is number ``#,##0.0``   72,5 / 72.5
pct        a ratio 0..1; ``decimals`` (default 1)      number ``0.0 %``     72,5 / 72.5 (%)
date       a date                                      date ``dd/mm/yyyy``  15/03/2024 / 2024-03-15
month      a date in the month                         date ``mmmm yyyy``   01/03/2024 / 2024-03-01
quarter    a date in the quarter                       date shown T1 2024   T1 2024 / Q1 2024
year       an int (or a date)                          number ``0``         2024
datetime   a datetime (a zoned one in its own time)    date and time        15/03/2024 14:05:00
=========  ==========================================  ===================  ====================

Protected cells (counts that statistical confidentiality hides): the value in the frame is null and a
companion String column named ``<column>__protected`` (``protected_column(name)``) holds the text to
show instead ("< 5", "secret"), null where the value is shown. ``protect(frame, column, where, text)``
builds both from a condition. A protected cell is written as that text (XLSX: a right-aligned text
cell), every other cell of the column as a number.

CSV dialects, chosen by the table's language and named in the file name (``file_name``: ``-fr.csv``,
``-en.csv``):

- French (``fr``): ``;`` between fields, decimal comma, dates JJ/MM/AAAA, UTF-8 with a BOM. This is
  what French Excel expects when it opens a CSV with a double click: every number, date and month
  lands typed in its own column without the import wizard. Numbers carry no thousands separator (a
  grouped "10 000" would be read as text).
- English, the plain dialect (``en``): ``,``, decimal point, ISO dates (2024-03-15), UTF-8 with a BOM
  (Excel then reads accents right; every CSV reader accepts it). ``plain_csv(frame)`` writes any frame
  in it without a spec and without a BOM, for programs (``workforce sql --format csv``): headers are
  the column names, numbers are written in full.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single
quote (OWASP); a text that is a plain number ("-3") is left alone, since a spreadsheet reads it as
that number and nothing runs. Headers and metadata are text cells too.

In both, a percentage is written as a number of percent (``72,5``) in a column whose header ends in
"(%)": a number every spreadsheet types on opening, that reads as on screen. A ratio (0,725) would be
typed too but reads as nothing anyone was shown, and "72,5 %" is typed only by spreadsheets whose
locale writes the percent sign that way. Months are written as the date of their first day, which
spreadsheets type as dates (and ``workforce ingest`` reads back); quarters as their name ("T1 2024"),
which no spreadsheet types. A CSV holds the table alone (header, then rows), so that it stays a
table for every program; its title, filters and data date are in the XLSX's second sheet. Codes with
leading zeros ("01") are text here, but a spreadsheet opening a CSV reads them as numbers: the XLSX
keeps them as text.

Numbers of the CSV are rounded to the column's decimals as on screen (warehouse.cldr.round_half_up);
the XLSX keeps the full value under a number format that shows those decimals.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Sequence

import polars as pl
import xlsxwriter

from warehouse.cldr import locale, quarter_name, quarter_parts, round_half_up

KINDS = ("text", "int", "number", "pct", "date", "month", "quarter", "year", "datetime")
NUMERIC_KINDS = ("int", "number", "pct")
FORMATS = ("csv", "xlsx")
PROTECTED_SUFFIX = "__protected"
BOM = "\ufeff"
# OWASP, CSV injection: a cell starting with one of these is read as a formula by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
# Excel's limits: sheet names, rows per sheet (the header takes one), characters per cell.
SHEET_NAME_CHARS = 31
_SHEET_FORBIDDEN = re.compile(r"[:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_ROWS = 1_048_576 - 1
MAX_CELL_CHARS = 32_767
MIN_WIDTH, MAX_WIDTH, HEADER_WIDTH = 6, 60, 24


@dataclass(frozen=True)
class Column:
    """One column of a file: the frame's column ``name``, the ``header`` written above it, its ``kind``
    (one of KINDS) and, for ``number`` and ``pct``, the decimals shown (``number``: None writes the value
    as it is, under Excel's General format; ``pct``: None means 1)."""

    name: str
    header: str
    kind: str = "text"
    decimals: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.decimals is not None and (self.kind not in ("number", "pct") or not 0 <= self.decimals <= 10):
            raise ValueError(f"column {self.name!r}: decimals apply to number and pct columns, from 0 to 10")

    @property
    def shown_decimals(self) -> int | None:
        if self.kind == "pct":
            return 1 if self.decimals is None else self.decimals
        return 0 if self.kind == "int" else self.decimals


@dataclass(frozen=True)
class Table:
    """What a file holds: the data sheet's ``title`` and ``sheet`` name (made valid for Excel by
    ``sheet_name``), the name of the second sheet (``about_sheet``, holding the title and the
    ``metadata`` label/value pairs: filters, data date, source, protection rule), the columns in order,
    and the language (``fr`` or ``en``) that picks the CSV dialect and the XLSX date formats."""

    title: str
    sheet: str
    about_sheet: str
    columns: Sequence[Column]
    metadata: Sequence[tuple[str, str]] = ()
    lang: str = "fr"

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "metadata", tuple((str(label), str(value)) for label, value in self.metadata))
        if self.lang not in DIALECTS:
            raise ValueError(f"table {self.title!r}: language {self.lang!r} is not one of {', '.join(DIALECTS)}")
        if not self.columns:
            raise ValueError(f"table {self.title!r} has no column to write")


@dataclass(frozen=True)
class Dialect:
    """How a CSV writes its fields; ``name`` goes into the file name."""

    name: str
    delimiter: str
    decimal: str
    date_format: str
    datetime_format: str


FRENCH = Dialect("fr", ";", ",", "%d/%m/%Y", "%d/%m/%Y %H:%M:%S")
PLAIN = Dialect("en", ",", ".", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")
DIALECTS = {"fr": FRENCH, "en": PLAIN}

# Excel number formats per language. Excel stores the codes in one notation and shows the reader's own
# separators; the locale tag [$-40C] (French) / [$-809] (British English) fixes the month names.
XLSX_FORMATS = {
    "fr": {"date": "dd/mm/yyyy", "month": "[$-40C]mmmm yyyy", "datetime": "dd/mm/yyyy hh:mm", "percent": " %"},
    "en": {"date": "yyyy-mm-dd", "month": "[$-809]mmmm yyyy", "datetime": "yyyy-mm-dd hh:mm", "percent": "%"},
}


def protected_column(name: str) -> str:
    """The companion column holding the text shown instead of a protected value of column `name`."""
    return name + PROTECTED_SUFFIX


def protect(frame: pl.DataFrame, column: str, where: pl.Expr, text: str) -> pl.DataFrame:
    """The frame with `column` null where `where` holds and ``<column>__protected`` holding `text` there;
    a cell protected by an earlier call stays protected with its text."""
    companion = protected_column(column)
    earlier = pl.col(companion) if companion in frame.columns else pl.lit(None, pl.String)
    hidden = where.fill_null(False)
    return frame.with_columns(
        pl.when(hidden).then(None).otherwise(pl.col(column)).alias(column),
        pl.coalesce(earlier, pl.when(hidden).then(pl.lit(text)).otherwise(pl.lit(None, pl.String))).alias(companion),
    )


def neutralised(text: str) -> str:
    """The text with a leading single quote when a spreadsheet would read it as a formula (OWASP); a
    text that is a plain number ("-3", "+2,5") is left as it is: it is read as that number, which is what
    it says, and runs nothing."""
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def sheet_name(text: str) -> str:
    """`text` as an Excel sheet name: none of ``[]:*?/\\`` (brackets become parentheses, the others a
    dash), no control character, no apostrophe at either end, at most 31 characters (a longer name is
    cut and ends with "…"), not Excel's reserved "History"."""
    readable = _SHEET_FORBIDDEN.sub(" - ", _CONTROL.sub(" ", text.replace("[", "(").replace("]", ")")))
    name = " ".join(readable.split()).strip("' -")
    if len(name) > SHEET_NAME_CHARS:
        name = name[: SHEET_NAME_CHARS - 1].rstrip("' -") + "…"
    if not name:
        raise ValueError(f"sheet name {text!r} has no character Excel allows in a sheet name; give a name")
    return f"{name} (1)" if name.casefold() == "history" else name


def file_name(stem: str, file_format: str, lang: str, day: date) -> str:
    """'gaps-heatmap-2026-12-01-fr.csv': the language at the end says the CSV's dialect (fr: ``;`` and
    decimal comma; en: ``,`` and decimal point) and the XLSX's headers."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}; use one of {', '.join(FORMATS)}")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_stem.lower())) or "export"
    return f"{slug}-{day.isoformat()}-{DIALECTS[lang].name}.{file_format}"


def write(table: Table, frame: pl.DataFrame, file_format: str) -> bytes:
    """The file of `table` in `file_format` (``csv`` or ``xlsx``)."""
    if file_format == "csv":
        return csv_bytes(table, frame)
    if file_format == "xlsx":
        return xlsx_bytes(table, frame)
    raise ValueError(f"unknown format {file_format!r}; use one of {', '.join(FORMATS)}")


def csv_bytes(table: Table, frame: pl.DataFrame) -> bytes:
    """The table as CSV in its language's dialect, UTF-8 with a BOM."""
    return (BOM + csv_text(frame, table.columns, table.lang)).encode("utf-8")


def plain_csv(frame: pl.DataFrame) -> str:
    """Any frame as plain-dialect CSV text without a BOM, for programs (``workforce sql --format csv``):
    headers are the column names, numbers are written in full, text cells are neutralised."""
    return csv_text(frame, infer_columns(frame), "en")


def infer_columns(frame: pl.DataFrame) -> tuple[Column, ...]:
    """A column spec for a frame nobody described (an analyst's query): numbers as they are, dates and
    datetimes typed, everything else as text."""
    def kind(dtype: pl.DataType) -> str:
        if dtype.is_numeric():
            return "number"
        if dtype == pl.Date:
            return "date"
        return "datetime" if isinstance(dtype, pl.Datetime) else "text"

    return tuple(Column(name, name, kind(dtype)) for name, dtype in frame.schema.items())


def csv_text(frame: pl.DataFrame, columns: Sequence[Column], lang: str) -> str:
    """The header line and one line per row of `frame`, in the dialect of `lang`."""
    dialect = DIALECTS[lang]
    fields = [[_csv_field(column, value, dialect, lang) for value in values]
              for column, values in zip(columns, _columns_values(frame, columns))]
    lines = [[neutralised(_csv_header(column)) for column in columns], *zip(*fields)]
    return "".join(dialect.delimiter.join(_quoted(field, dialect) for field in line) + "\n" for line in lines)


def _quoted(field: str, dialect: Dialect) -> str:
    """RFC 4180 quoting, of a bare carriage return as well (Python's csv module quotes it only when its
    line ends hold one, and a spreadsheet would start a new row there)."""
    if dialect.delimiter in field or any(special in field for special in '"\n\r'):
        return '"' + field.replace('"', '""') + '"'
    return field


def xlsx_bytes(table: Table, frame: pl.DataFrame) -> bytes:
    """The table as an XLSX workbook: the data sheet (headers, typed cells under Excel number formats,
    frozen header row, filters, fitted widths), then the about sheet (title and metadata). Every text is
    written with write_string: no cell is ever a formula."""
    if frame.height > MAX_ROWS:
        raise ValueError(f"{table.title}: {frame.height:,} rows do not fit in an Excel sheet "
                         f"({MAX_ROWS:,} at most); filter the data or download the CSV")
    columns = list(zip(table.columns, _columns_values(frame, table.columns)))
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": table.title})
    formats = _XlsxFormats(workbook, table.lang)
    data_sheet = sheet_name(table.sheet or table.title)
    about_sheet = sheet_name(table.about_sheet)
    if about_sheet.casefold() == data_sheet.casefold():
        about_sheet = sheet_name(about_sheet[: SHEET_NAME_CHARS - 4] + " (2)")

    sheet = workbook.add_worksheet(data_sheet)
    widths = []
    for index, (column, values) in enumerate(columns):
        sheet.write_string(0, index, _xlsx_text(column.header), formats.header)
        for row, value in enumerate(values, start=1):
            _write_cell(sheet, row, index, column, value, formats)
        widths.append(_width(column, values, table.lang))
    header_lines = 1
    for index, (column, width) in enumerate(zip(table.columns, widths)):
        sheet.set_column(index, index, width)
        header_lines = max(header_lines, math.ceil(len(column.header) / max(1, width - 2)))
    sheet.set_row(0, 15 * min(header_lines, 4))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, frame.height, len(table.columns) - 1)

    about = workbook.add_worksheet(about_sheet)
    about.write_string(0, 0, _xlsx_text(table.title), formats.title)
    for row, (label, value) in enumerate(table.metadata, start=2):
        about.write_string(row, 0, _xlsx_text(label), formats.label)
        about.write_string(row, 1, _xlsx_text(value), formats.wrapped)
    about.set_column(0, 0, min(MAX_WIDTH, max([len(label) for label, _ in table.metadata] + [12]) + 2))
    about.set_column(1, 1, min(100, max([len(value) for _, value in table.metadata] + [20]) + 2))
    workbook.close()
    return buffer.getvalue()


@dataclass(frozen=True)
class _Protected:
    text: str


def _columns_values(frame: pl.DataFrame, columns: Sequence[Column]) -> list[list[Any]]:
    """Each column's values, a protected cell as its text; a frame missing a column of the spec is refused."""
    missing = [column.name for column in columns if column.name not in frame.columns]
    if missing:
        raise ValueError(f"the frame has no column {', '.join(map(repr, missing))}; "
                         f"its columns are {', '.join(frame.columns) or 'none'}")
    return [_column_values(frame, column) for column in columns]


def _column_values(frame: pl.DataFrame, column: Column) -> list[Any]:
    """The column's values, a protected cell as its text; a column whose type does not fit its kind is refused."""
    dtype = frame.schema[column.name]
    dated = dtype == pl.Date or isinstance(dtype, pl.Datetime)
    numeric = dtype.is_numeric()
    fits = {"text": True, "year": numeric or dated}.get(column.kind, numeric if column.kind in NUMERIC_KINDS else dated)
    if not (fits or dtype == pl.Null):
        wanted = "numbers" if column.kind in NUMERIC_KINDS else "dates"
        raise ValueError(f"column {column.name!r} is declared {column.kind} but holds {dtype} values: pass {wanted} "
                         "(and the text of protected cells in its companion column, see files.protect)")
    values = frame[column.name].to_list()
    companion = protected_column(column.name)
    if companion in frame.columns:
        texts = frame[companion].cast(pl.String).to_list()
        values = [value if text is None else _Protected(text) for value, text in zip(values, texts)]
    return values


def _plain_number(value: int | float | Decimal) -> str:
    """A number in full without an exponent: 0.00001, not 1e-05."""
    return str(value) if isinstance(value, int) else format(Decimal(str(value)), "f")


def _is_finite(value: Any) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _month_start(value: date) -> date:
    return date(value.year, value.month, 1)


def _quarter_start(value: date) -> date:
    return date(value.year, 3 * ((value.month - 1) // 3) + 1, 1)


def _naive(value: datetime) -> datetime:
    """A zoned datetime as its own wall time: a spreadsheet has no time zones (say the zone in the header)."""
    return value.replace(tzinfo=None)


def _text(value: Any) -> str:
    """A value of a text column as text; booleans as true/false, as DuckDB and polars write them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _csv_header(column: Column) -> str:
    """A percentage column's header says its unit: the CSV holds 72,5, not 0,725."""
    unit = " (%)" if column.kind == "pct" and not column.header.endswith("(%)") else ""
    return column.header + unit


def _csv_field(column: Column, value: Any, dialect: Dialect, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, _Protected):
        return neutralised(value.text)
    kind = column.kind
    if kind == "text":
        return neutralised(_text(value))
    if kind in NUMERIC_KINDS:
        if not _is_finite(value):
            return neutralised(str(value))  # nan, inf, -inf: text, not a number a spreadsheet can hold
        decimals = column.shown_decimals
        if kind == "pct":
            value = Decimal(str(value)).scaleb(2)
        number = _plain_number(value) if decimals is None else format(round_half_up(value, decimals), "f")
        return number.replace(".", dialect.decimal)
    if kind == "year":
        return str(value.year if isinstance(value, date) else int(value))
    if kind == "datetime":
        if not isinstance(value, datetime):
            value = datetime.combine(value, time())
        fraction = f"{dialect.decimal}{value.microsecond:06d}" if value.microsecond else ""
        return _naive(value).strftime(dialect.datetime_format) + fraction
    if isinstance(value, datetime):
        value = value.date()
    if kind == "quarter":
        return quarter_name(value, lang)
    return (_month_start(value) if kind == "month" else value).strftime(dialect.date_format)


def _xlsx_text(text: str) -> str:
    """Neutralised, and cut to what an Excel cell holds (the CSV keeps a longer text whole)."""
    text = neutralised(text)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


class _XlsxFormats:
    """The workbook's cell formats, made once each."""

    def __init__(self, workbook: xlsxwriter.Workbook, lang: str) -> None:
        self.workbook = workbook
        self.codes = XLSX_FORMATS[lang]
        self.lang = lang
        self.header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1,
                                           "bg_color": "#F2F2F2"})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.label = workbook.add_format({"bold": True, "valign": "top"})
        self.wrapped = workbook.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
        self.text = workbook.add_format({"num_format": "@"})
        self.right_text = workbook.add_format({"num_format": "@", "align": "right"})
        self._numbers: dict[str, Any] = {}

    def number(self, code: str) -> Any:
        if code not in self._numbers:
            self._numbers[code] = self.workbook.add_format({"num_format": code})
        return self._numbers[code]

    def for_column(self, column: Column, value: date | None = None) -> Any:
        decimals = column.shown_decimals
        fraction = "." + "0" * decimals if decimals else ""
        if column.kind == "number" and decimals is None:
            return None  # Excel's General format: the value as it is
        if column.kind in ("int", "number"):
            return self.number("#,##0" + fraction)
        if column.kind == "pct":
            return self.number("0" + fraction + self.codes["percent"])
        if column.kind == "year":
            return self.number("0")
        if column.kind == "quarter":  # a real date, shown as its quarter: "T1 "yyyy for the first one
            before, after = quarter_parts((value.month - 1) // 3 + 1, self.lang)
            return self.number((f'"{before}"' if before else "") + "yyyy" + (f'"{after}"' if after else ""))
        return self.number(self.codes[column.kind])


def _write_cell(sheet: Any, row: int, index: int, column: Column, value: Any, formats: _XlsxFormats) -> None:
    if value is None:
        return
    if isinstance(value, _Protected):
        sheet.write_string(row, index, _xlsx_text(value.text), formats.right_text)
        return
    kind = column.kind
    if kind == "text":
        sheet.write_string(row, index, _xlsx_text(_text(value)), formats.text)
    elif kind in NUMERIC_KINDS or kind == "year":
        if not _is_finite(value):
            sheet.write_string(row, index, _xlsx_text(str(value)), formats.right_text)
        else:
            number = value.year if kind == "year" and isinstance(value, date) else value
            sheet.write_number(row, index, float(number) if isinstance(number, Decimal) else number,
                               formats.for_column(column))
    elif kind == "datetime":
        moment = value if isinstance(value, datetime) else datetime.combine(value, time())
        sheet.write_datetime(row, index, _naive(moment), formats.for_column(column))
    else:
        day = value.date() if isinstance(value, datetime) else value
        day = {"month": _month_start, "quarter": _quarter_start}.get(kind, lambda same: same)(day)
        sheet.write_datetime(row, index, datetime.combine(day, time()), formats.for_column(column, day))


def _shown_length(column: Column, value: Any, lang: str) -> int:
    """About how many characters Excel shows for the value (widths are in characters)."""
    if value is None:
        return 0
    if isinstance(value, _Protected):
        return len(value.text)
    kind = column.kind
    if kind == "text":
        return max(len(line) for line in _text(value).splitlines() or [""])
    if kind in NUMERIC_KINDS and _is_finite(value):
        decimals = column.shown_decimals
        if decimals is None:  # Excel's General format shows at most 11 characters of a number
            return min(11, len(_plain_number(value)))
        number = float(value) * (100 if kind == "pct" else 1)
        return len(f"{number:,.{decimals}f}") + (2 if kind == "pct" else 0)
    if kind == "month":
        return max(len(name) for name in locale(lang).months["format"]["wide"].values()) + 5
    return {"date": 10, "quarter": 7, "year": 4, "datetime": 16}.get(kind, len(str(value)))


def _width(column: Column, values: list[Any], lang: str) -> float:
    """A width that fits the values and the header (a long header wraps, on at most four lines)."""
    data = max((_shown_length(column, value, lang) for value in values), default=0)
    header = min(len(column.header), max(HEADER_WIDTH, data))
    return float(min(MAX_WIDTH, max(MIN_WIDTH, data, header) + 2))


