"""Bytes -> a table of text, and text -> typed values, the way French offices write them.

``read_table`` turns a CSV (``,``, ``;`` or tab, sniffed from the header line;
UTF-8 with or without BOM, else Windows-1252), an XLSX sheet or a Parquet file
into a polars frame whose columns are the file's headers, every value a string
(null when the cell is empty), plus ``LINE``: the line of the row in the file,
the header being line 1. Blank lines count as lines but yield no row.

Line numbers are exact for CSV, quoted values spanning several lines included;
old Mac files, whose lines end with a bare carriage return, are read too. For
XLSX the header may sit below title rows (the first row that fills at least half
as many cells as the fullest of the first 20), and the line is the row of the
sheet counted from its first non-empty row (calamine skips empty rows above it);
for Parquet it is the row's position + 1, as if the file were a CSV.

The ``*_values`` functions take a series of distinct, stripped, non-empty
values (callers parse each distinct value once, then map back: a 5-million-row
column holds a few thousand distinct dates) and return the typed values with,
for each value that does not parse, its problem: a ``value.*`` key of
pipelines.messages (what is wrong and how to write it, to be prefixed with the
column and the value) and its arguments. ``parse_*`` give the same with the
problem in English.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

from dataclasses import dataclass

import fastexcel
import polars as pl

from pipelines.messages import MESSAGES, MessageError

LINE = "__line"
INT_MAX = 2_147_483_647  # the landing tables' integer columns
DELIMITERS = (";", ",", "\t")

_PARQUET_MAGIC = b"PAR1"
_ZIP_MAGIC = b"PK\x03\x04"  # XLSX is a zip archive
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy XLS, which calamine reads too
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class ReadError(MessageError):
    """A file that cannot be read as a table; the message says what, where and what to do."""


def normalise(text: str) -> str:
    """Compare headers and enumerated values ignoring case, accents and punctuation.

    ``Date début``, `` date_debut ``, ``DATE-DEBUT`` all give ``date_debut``;
    ``Terminé`` and ``TERMINE`` give ``termine``; ``janv. 2024`` gives ``janv_2024``.
    """
    folded = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae"))
    without_accents = "".join(char for char in folded if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", "_", without_accents.lower()).strip("_")


def read_table(path: Path | str, sheet: str | int | None = None, content: bytes | None = None,
               label: str | None = None) -> pl.DataFrame:
    """Read a CSV, XLSX or Parquet file as text, with the line of every row in ``LINE``.

    ``sheet`` picks an XLSX sheet by name or 0-based position (default: the first).
    ``content`` is the file's bytes when the caller has already read them (decompressed).
    ``label`` names the file in messages (default: its path).
    Raises ReadError for an empty, header-only, binary or malformed file.
    """
    path = Path(path)
    data = path.read_bytes() if content is None else content
    shown = Path(label) if label else path
    if not data or data.isspace():
        raise ReadError("file.empty", path=str(shown))
    if data.startswith(_PARQUET_MAGIC):
        table = _read_parquet(data, shown)
    elif is_workbook(data):
        table = _read_excel(data, shown, sheet)
    else:
        table = _read_csv(data, shown)
    return _drop_blank_rows(table, shown)


def is_workbook(data: bytes) -> bool:
    return data.startswith((_ZIP_MAGIC, _OLE_MAGIC))


def sheet_names(data: bytes, path: Path | str) -> list[str]:
    """The sheets of a workbook, in order."""
    try:
        return fastexcel.read_excel(data).sheet_names
    except fastexcel.FastExcelError as error:
        raise ReadError("file.not_a_spreadsheet", path=str(path), error=str(error).splitlines()[0]) from None


# Bytes no text export holds: C0 controls but tab, line feed, vertical tab (Excel's line break in a cell on
# a Mac), form feed and carriage return, and DEL. Random bytes are 13 % of them.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0e, 0x20), 0x7f])


def _is_binary(data: bytes) -> bool:
    """A NUL byte anywhere, or control bytes making more than 1 % of the first 64 kB (at least 3 of them:
    an old DOS file may end with a Ctrl-Z)."""
    if b"\x00" in data:
        return True
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls >= 3 and controls > len(sample) / 100


def _read_csv(data: bytes, path: Path) -> pl.DataFrame:
    if data.startswith(_UTF16_BOMS):
        raise ReadError("file.utf16", path=str(path))
    if _is_binary(data):
        raise ReadError("file.binary", path=str(path))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\n" not in data and b"\r" in data:  # old Mac line endings: a bare carriage return ends each line
        data = data.replace(b"\r", b"\n")
    header_bytes = _first_record(data)
    if not _is_utf8(header_bytes):
        data = _cp1252_to_utf8(data)
        header_bytes = _first_record(data)
    header, delimiter = _parse_header(header_bytes.decode("utf-8"), path)
    try:
        table = _parse_csv(data, header, delimiter)
    except pl.exceptions.PolarsError:
        # polars validates UTF-8 as it parses; decoding in Python first would double the cost
        if _is_utf8(data):
            raise _malformed_csv(data, delimiter, len(header), path) from None
        data = _cp1252_to_utf8(data)
        try:
            table = _parse_csv(data, header, delimiter)
        except pl.exceptions.PolarsError:
            raise _malformed_csv(data, delimiter, len(header), path) from None
    if table.height == 0:
        raise ReadError("file.header_only", path=str(path))
    # a line break inside a value needs quotes; without any, each line is a record
    breaks_in_values = b'"' in data and data.count(b"\n") + (not data.endswith(b"\n")) != table.height + 1
    return table.lazy().with_columns(_csv_lines(table, breaks_in_values)).collect()


def _parse_csv(data: bytes, header: list[str], delimiter: str) -> pl.DataFrame:
    return pl.read_csv(data, separator=delimiter, has_header=True, new_columns=header,
                       infer_schema=False, quote_char='"', raise_if_empty=False)


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _cp1252_to_utf8(data: bytes) -> bytes:
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: Latin-1 maps every byte
        return data.decode("latin-1").encode("utf-8")


def _first_record(data: bytes) -> bytes:
    """The header line: up to the first line break outside quotes."""
    quoted = False
    for position, byte in enumerate(data[:1 << 16]):
        if byte == 0x22:  # '"', the same byte in UTF-8 and Windows-1252
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            return data[:position].rstrip(b"\r")
    return data[:1 << 16]


def _parse_header(first_line: str, path: Path) -> tuple[list[str], str]:
    """The header's names and the delimiter that occurs most often in it, outside quotes."""
    counts = {delimiter: 0 for delimiter in DELIMITERS}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    delimiter = max(DELIMITERS, key=lambda candidate: counts[candidate])  # ties: the first, ';'
    names = next(csv.reader([first_line], delimiter=delimiter))
    names = [name.strip() or f"unnamed_{position}" for position, name in enumerate(names, start=1)]
    _refuse_repeated_names(names, path)
    return names, delimiter


def _refuse_repeated_names(names: list[str], path: Path) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if name in seen:
            raise ReadError("file.header_repeated", path=str(path), name=repr(_shown(name)), first=seen[name],
                            second=position)
        seen[name] = position


def _malformed_csv(data: bytes, delimiter: str, width: int, path: Path) -> ReadError:
    """Find the first record the CSV parser choked on (the slow way, only when it did)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if len(record) > width:
                return ReadError("file.csv_too_many_values", path=str(path), line=reader.line_num,
                                 values=len(record), columns=width, delimiter=repr(delimiter))
    except csv.Error as error:
        return ReadError("file.csv_bad_quotes", path=str(path), line=reader.line_num, error=str(error))
    return ReadError("file.csv_malformed", path=str(path))


def _csv_lines(table: pl.DataFrame, has_breaks_in_values: bool) -> pl.Expr:
    """Line of each record: 2 for the first, plus the line breaks inside quoted values before it."""
    position = pl.int_range(pl.len(), dtype=pl.Int64)
    if not has_breaks_in_values:
        return (position + 2).alias(LINE)
    breaks = pl.sum_horizontal(pl.col(name).str.count_matches("\n", literal=True).fill_null(0)
                               for name in table.columns)
    return (position + 2 + breaks.cum_sum().shift(1, fill_value=0)).alias(LINE)


def _read_excel(data: bytes, path: Path, sheet: str | int | None) -> pl.DataFrame:
    names = sheet_names(data, path)
    position = names.index(sheet) if sheet in names else sheet or 0
    if not isinstance(position, int) or not 0 <= position < len(names):
        raise ReadError("file.no_such_sheet", path=str(path), sheet=repr(sheet),
                        sheets=[repr(name) for name in names])
    try:
        # without a header, so that repeated or empty header cells are ours to name, as in a CSV
        table = pl.read_excel(io.BytesIO(data), engine="calamine", sheet_id=position + 1, has_header=False,
                              infer_schema_length=0, drop_empty_rows=False, drop_empty_cols=False)
    except pl.exceptions.NoDataError:
        raise ReadError("file.sheet_empty", path=str(path), sheet=repr(names[position])) from None
    header_row = _header_row(table)
    header = [(value or "").strip() or f"unnamed_{column}"
              for column, value in enumerate(table.row(header_row), start=1)]
    _refuse_repeated_names(header, path)
    table = table.slice(header_row + 1).rename(dict(zip(table.columns, header)))
    if table.height == 0:
        raise ReadError("file.sheet_header_only", path=str(path))
    return _with_row_lines(table, header_line=header_row + 1)


_TITLE_ROWS = 20  # how far down a sheet its header is looked for


def _header_row(table: pl.DataFrame) -> int:
    """The row of a sheet's header: the first that fills at least half as many cells as the fullest of the
    first rows (a title, a date of export or a blank line above it fills one or none)."""
    top = table.head(_TITLE_ROWS).select(
        pl.sum_horizontal(pl.col(name).str.strip_chars().fill_null("").ne("") for name in table.columns))
    filled = top.to_series().to_list()
    widest = max(filled, default=0)
    if widest < 2:
        return 0
    return next(row for row, cells in enumerate(filled) if cells >= max(2, (widest + 1) // 2))


def _with_row_lines(table: pl.DataFrame, header_line: int = 1) -> pl.DataFrame:
    """LINE for a table without line breaks to count: the header is on ``header_line``, the rows below it."""
    return table.lazy().with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + header_line + 1).alias(LINE)).collect()


def _read_parquet(data: bytes, path: Path) -> pl.DataFrame:
    try:
        table = pl.read_parquet(io.BytesIO(data)).lazy().select(pl.all().cast(pl.String)).collect()
    except pl.exceptions.PolarsError as error:
        raise ReadError("file.not_parquet", path=str(path), error=str(error).splitlines()[0]) from None
    if table.height == 0:
        raise ReadError("file.parquet_no_rows", path=str(path))
    return _with_row_lines(table)


def _drop_blank_rows(table: pl.DataFrame, path: Path) -> pl.DataFrame:
    values = [name for name in table.columns if name != LINE]
    if table[values[0]].null_count():  # a blank row has nulls everywhere, in the first column too
        table = table.lazy().filter(pl.any_horizontal(pl.col(values).is_not_null())).collect()
    if table.height == 0:
        raise ReadError("file.all_blank", path=str(path))
    # lazily: an eager select would copy every column into one chunk (polars' eager results are rechunked)
    return table.lazy().select(LINE, *values).collect()


# --- text -> typed values -------------------------------------------------------------------

_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?$"  # spreadsheets and Parquet write dates as midnight datetimes
_ISO_DATE = r"^(\d{4}-\d{1,2}-\d{1,2})" + _MIDNIGHT
_FRENCH_DATE = r"^(\d{1,2}/\d{1,2}/\d{4})" + _MIDNIGHT
_NUMBER = r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$"


@dataclass(frozen=True)
class Parsed:
    """Typed values and, for each value that does not parse, the key of its problem (a ``value.*``
    message of pipelines.messages) and the problem's arguments as JSON text (null when it has none)."""

    values: pl.Series
    keys: pl.Series
    args: pl.Series

    def in_english(self) -> tuple[pl.Series, pl.Series]:
        """(typed values, the problem of each as an English phrase, null when none)."""
        problems = [None if key is None else MESSAGES[key]["en"].format(**json.loads(args or "{}"))
                    for key, args in zip(self.keys.to_list(), self.args.to_list())]
        return self.values, pl.Series(problems, dtype=pl.String)


def _uniform(parsed: pl.Series, key: str) -> Parsed:
    """Values of a vectorised parse: one problem, without arguments, for each that did not parse."""
    keys = pl.select(pl.when(parsed.is_null()).then(pl.lit(key))).to_series()
    return Parsed(parsed, keys, pl.Series([None] * len(parsed), dtype=pl.String))


def date_values(values: pl.Series) -> Parsed:
    """ISO ``2024-03-15`` or French ``15/03/2024`` (a midnight time is tolerated)."""
    parsed = pl.DataFrame({"value": values}).select(
        pl.coalesce(
            pl.col("value").str.extract(_ISO_DATE).str.to_date("%Y-%m-%d", strict=False),
            pl.col("value").str.extract(_FRENCH_DATE).str.to_date("%d/%m/%Y", strict=False),
        )).to_series()
    return _uniform(parsed, "value.not_a_date")


_FRENCH_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}


def month_values(values: pl.Series) -> Parsed:
    """A month as its first day: ``2024-03``, ``03/2024``, ``mars 2024``, ``janv. 2024`` or a first-of-month date."""
    months, keys, args = [], [], []
    dates = date_values(values).values
    for value, as_date in zip(values.to_list(), dates.to_list()):
        month, problem = _month(value, as_date)
        months.append(month)
        keys.append(problem[0] if problem else None)
        args.append(json.dumps(problem[1]) if problem and problem[1] else None)
    return Parsed(pl.Series(months, dtype=pl.Date), pl.Series(keys, dtype=pl.String),
                  pl.Series(args, dtype=pl.String))


def _month(value: str, as_date: date | None) -> tuple[date | None, tuple[str, dict] | None]:
    if as_date is not None:
        if as_date.day != 1:
            return None, ("value.date_not_month", {"month": f"{as_date:%Y-%m}"})
        return as_date, None
    year_month = re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})", value)
    if year_month:
        year, month = (year_month[1], year_month[2]) if year_month[1] else (year_month[4], year_month[3])
    else:
        named = re.fullmatch(r"([a-z]+)_(\d{4})", normalise(value))
        if not named or named[1] not in _FRENCH_MONTHS:
            return None, ("value.not_a_month", {})
        year, month = named[2], _FRENCH_MONTHS[named[1]]
    if not 1 <= int(month) <= 12:
        return None, ("value.not_a_month", {})
    return date(int(year), int(month), 1), None


def number_values(values: pl.Series) -> Parsed:
    """``72.5`` or ``72,5``; never a thousands separator."""
    parsed = pl.DataFrame({"value": values}).select(
        pl.when(pl.col("value").str.contains(_NUMBER))
        .then(pl.col("value").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False))).to_series()
    return _uniform(parsed, "value.not_a_number")


def count_values(values: pl.Series) -> Parsed:
    """Whole numbers: ``3``, ``3,0`` and ``3.0`` are 3; ``2,5`` is refused, and so is a number too large for
    the warehouse's integers (checked before any cast, which would fail on the whole column)."""
    numbers = number_values(values)
    frame = pl.DataFrame({"number": numbers.values}).select(
        pl.col("number"),
        (pl.col("number") == pl.col("number").floor()).alias("whole"),
        (pl.col("number").abs() <= INT_MAX).alias("storable"))
    parsed = frame.select(pl.when(pl.col("whole") & pl.col("storable")).then(pl.col("number").cast(pl.Int64)))
    keys = frame.select(pl.when(~pl.col("whole").fill_null(False)).then(pl.lit("value.not_a_whole_number"))
                        .when(~pl.col("storable")).then(pl.lit("value.number_too_large")).alias("key"))
    too_large = json.dumps({"max": INT_MAX})
    args = keys.select(pl.when(pl.col("key") == "value.number_too_large").then(pl.lit(too_large)))
    return Parsed(parsed.to_series(), keys.to_series(), args.to_series())


_BOOLEANS = {"true": True, "vrai": True, "oui": True, "yes": True, "1": True, "1_0": True,  # 1_0: 1.0 from a sheet
             "false": False, "faux": False, "non": False, "no": False, "0": False, "0_0": False}


def boolean_values(values: pl.Series) -> Parsed:
    """true/false, vrai/faux, oui/non, 1/0 (any case or accent)."""
    parsed = pl.Series([_BOOLEANS.get(normalise(value)) for value in values.to_list()], dtype=pl.Boolean)
    return _uniform(parsed, "value.not_yes_no")


# The same, with each problem as an English phrase ("is not a date; write 2024-03-15 or 15/03/2024").
def parse_dates(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    return date_values(values).in_english()


def parse_months(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    return month_values(values).in_english()


def parse_numbers(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    return number_values(values).in_english()


def parse_counts(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    return count_values(values).in_english()


def parse_booleans(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    return boolean_values(values).in_english()


def _shown(text: str, limit: int = 80) -> str:
    """A piece of a file quoted in a message, cut short: a header, never a whole line of content."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
