"""Bytes -> a table of text, and text -> typed values, the way French offices write them.

``read_table`` turns a CSV (``,``, ``;`` or tab, sniffed from the header line;
UTF-8 with or without BOM, else Windows-1252), an XLSX sheet or a Parquet file
into a polars frame whose columns are the file's headers, every value a string
(null when the cell is empty), plus ``LINE``: the line of the row in the file,
the header being line 1. Blank lines count as lines but yield no row.

Line numbers are exact for CSV, quoted values spanning several lines included.
For XLSX the line is the row of the sheet on the assumption that the header is
in row 1 (calamine skips empty rows above the header); for Parquet it is the
row's position + 1, as if the file were a CSV.

The ``parse_*`` functions take a series of distinct, stripped, non-empty
values (callers parse each distinct value once, then map back: a 5-million-row
column holds a few thousand distinct dates) and return the typed values with,
for each value that does not parse, a ``problem``: what is wrong and how to
write it, to be prefixed with the column and the value.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from pathlib import Path

import fastexcel
import polars as pl

LINE = "__line"
DELIMITERS = (";", ",", "\t")

_PARQUET_MAGIC = b"PAR1"
_ZIP_MAGIC = b"PK\x03\x04"  # XLSX is a zip archive
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy XLS, which calamine reads too
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class ReadError(ValueError):
    """A file that cannot be read as a table; the message says what, where and what to do."""


def normalise(text: str) -> str:
    """Compare headers and enumerated values ignoring case, accents and punctuation.

    ``Date début``, `` date_debut ``, ``DATE-DEBUT`` all give ``date_debut``;
    ``Terminé`` and ``TERMINE`` give ``termine``; ``janv. 2024`` gives ``janv_2024``.
    """
    folded = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae"))
    without_accents = "".join(char for char in folded if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", "_", without_accents.lower()).strip("_")


def read_table(path: Path | str, sheet: str | int | None = None, content: bytes | None = None) -> pl.DataFrame:
    """Read a CSV, XLSX or Parquet file as text, with the line of every row in ``LINE``.

    ``sheet`` picks an XLSX sheet by name or 0-based position (default: the first).
    ``content`` is the file's bytes when the caller has already read them.
    Raises ReadError for an empty, header-only, binary or malformed file.
    """
    path = Path(path)
    data = path.read_bytes() if content is None else content
    if not data or data.isspace():
        raise ReadError(f"{path} is empty; export the data again with a header line and at least one row.")
    if data.startswith(_PARQUET_MAGIC):
        table = _read_parquet(data, path)
    elif data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        table = _read_excel(data, path, sheet)
    else:
        table = _read_csv(data, path)
    return _drop_blank_rows(table, path)


def _read_csv(data: bytes, path: Path) -> pl.DataFrame:
    if data.startswith(_UTF16_BOMS):
        raise ReadError(f"{path} is encoded in UTF-16; save it again as CSV UTF-8 (or CSV with ; as separator).")
    if b"\x00" in data:
        raise ReadError(f"{path} is not a text table (it holds binary bytes); "
                        "give a CSV, XLSX or Parquet file exported from the source system.")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
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
            raise ReadError(_describe_malformed_csv(data, delimiter, len(header), path)) from None
        data = _cp1252_to_utf8(data)
        try:
            table = _parse_csv(data, header, delimiter)
        except pl.exceptions.PolarsError:
            raise ReadError(_describe_malformed_csv(data, delimiter, len(header), path)) from None
    if table.height == 0:
        raise ReadError(f"{path} has a header line but no data rows; export the data again with its rows.")
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
            raise ReadError(f"{path}: the header names {name!r} twice (columns {seen[name]} and {position}); "
                            "rename or remove one of them.")
        seen[name] = position


def _describe_malformed_csv(data: bytes, delimiter: str, width: int, path: Path) -> str:
    """Find the first record the CSV parser choked on (the slow way, only when it did)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if len(record) > width:
                return (f"{path}, line {reader.line_num}: {len(record)} values for {width} columns in the header; "
                        f"check the separator ({delimiter!r}) and the quotes on that line.")
    except csv.Error as error:
        return f"{path}, line {reader.line_num}: {error}; check the quotes on that line."
    return f"{path} is not a well-formed CSV (an unclosed quote?); check the quotes and export it again."


def _csv_lines(table: pl.DataFrame, has_breaks_in_values: bool) -> pl.Expr:
    """Line of each record: 2 for the first, plus the line breaks inside quoted values before it."""
    position = pl.int_range(pl.len(), dtype=pl.Int64)
    if not has_breaks_in_values:
        return (position + 2).alias(LINE)
    breaks = pl.sum_horizontal(pl.col(name).str.count_matches("\n", literal=True).fill_null(0)
                               for name in table.columns)
    return (position + 2 + breaks.cum_sum().shift(1, fill_value=0)).alias(LINE)


def _read_excel(data: bytes, path: Path, sheet: str | int | None) -> pl.DataFrame:
    try:
        names = fastexcel.read_excel(data).sheet_names
    except fastexcel.FastExcelError as error:
        raise ReadError(f"{path} could not be opened as a spreadsheet ({str(error).splitlines()[0]}); "
                        "save it again as XLSX, or export it as CSV.") from None
    position = names.index(sheet) if sheet in names else sheet or 0
    if not isinstance(position, int) or not 0 <= position < len(names):
        raise ReadError(f"{path} has no sheet {sheet!r}; its sheets are {', '.join(map(repr, names))}.")
    try:
        # without a header, so that repeated or empty header cells are ours to name, as in a CSV
        table = pl.read_excel(io.BytesIO(data), engine="calamine", sheet_id=position + 1, has_header=False,
                              infer_schema_length=0, drop_empty_rows=False, drop_empty_cols=False)
    except pl.exceptions.NoDataError:
        raise ReadError(f"{path}: the sheet {names[position]!r} is empty; "
                        "put the header in row 1 and the data below it.") from None
    header = [(value or "").strip() or f"unnamed_{column}" for column, value in enumerate(table.row(0), start=1)]
    _refuse_repeated_names(header, path)
    table = table.slice(1).rename(dict(zip(table.columns, header)))
    if table.height == 0:
        raise ReadError(f"{path} has a header row but no data rows; export the data again with its rows.")
    return _with_row_lines(table)


def _with_row_lines(table: pl.DataFrame) -> pl.DataFrame:
    """LINE for a table without line breaks to count: the header is line 1, row n is line n + 1."""
    return table.lazy().with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(LINE)).collect()


def _read_parquet(data: bytes, path: Path) -> pl.DataFrame:
    try:
        table = pl.read_parquet(io.BytesIO(data)).lazy().select(pl.all().cast(pl.String)).collect()
    except pl.exceptions.PolarsError as error:
        raise ReadError(f"{path} could not be read as Parquet ({str(error).splitlines()[0]}); "
                        "write it again with flat columns (text, numbers, dates), or export it as CSV.") from None
    if table.height == 0:
        raise ReadError(f"{path} has columns but no rows; write it again with its rows.")
    return _with_row_lines(table)


def _drop_blank_rows(table: pl.DataFrame, path: Path) -> pl.DataFrame:
    values = [name for name in table.columns if name != LINE]
    if table[values[0]].null_count():  # a blank row has nulls everywhere, in the first column too
        table = table.lazy().filter(pl.any_horizontal(pl.col(values).is_not_null())).collect()
    if table.height == 0:
        raise ReadError(f"{path} has a header but every row is blank; export the data again with its rows.")
    # lazily: an eager select would copy every column into one chunk (polars' eager results are rechunked)
    return table.lazy().select(LINE, *values).collect()


# --- text -> typed values -------------------------------------------------------------------

_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?$"  # spreadsheets and Parquet write dates as midnight datetimes
_ISO_DATE = r"^(\d{4}-\d{1,2}-\d{1,2})" + _MIDNIGHT
_FRENCH_DATE = r"^(\d{1,2}/\d{1,2}/\d{4})" + _MIDNIGHT
_NUMBER = r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$"

DATE_HINT = "write 2024-03-15 or 15/03/2024"
MONTH_HINT = "write 2024-03, 03/2024, 2024-03-01 or mars 2024"


def parse_dates(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """ISO ``2024-03-15`` or French ``15/03/2024`` (a midnight time is tolerated)."""
    frame = pl.DataFrame({"value": values}).select(
        pl.coalesce(
            pl.col("value").str.extract(_ISO_DATE).str.to_date("%Y-%m-%d", strict=False),
            pl.col("value").str.extract(_FRENCH_DATE).str.to_date("%d/%m/%Y", strict=False),
        ).alias("parsed"))
    problem = pl.when(frame["parsed"].is_null()).then(pl.lit(f"is not a date; {DATE_HINT}"))
    return frame["parsed"], frame.select(problem.alias("problem"))["problem"]


_FRENCH_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}


def parse_months(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """A month as its first day: ``2024-03``, ``03/2024``, ``mars 2024``, ``janv. 2024`` or a first-of-month date."""
    months, problems = [], []
    dates, _ = parse_dates(values)
    for value, as_date in zip(values.to_list(), dates.to_list()):
        month, problem = _month(value, as_date)
        months.append(month)
        problems.append(problem)
    return pl.Series(months, dtype=pl.Date), pl.Series(problems, dtype=pl.String)


def _month(value: str, as_date) -> tuple[object, str | None]:
    from datetime import date

    if as_date is not None:
        if as_date.day != 1:
            return None, f"is a date, not a month; write the month as {as_date:%Y-%m}"
        return as_date, None
    year_month = re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})", value)
    if year_month:
        year, month = (year_month[1], year_month[2]) if year_month[1] else (year_month[4], year_month[3])
    else:
        named = re.fullmatch(r"([a-z]+)_(\d{4})", normalise(value))
        if not named or named[1] not in _FRENCH_MONTHS:
            return None, f"is not a month; {MONTH_HINT}"
        year, month = named[2], _FRENCH_MONTHS[named[1]]
    if not 1 <= int(month) <= 12:
        return None, f"is not a month; {MONTH_HINT}"
    return date(int(year), int(month), 1), None


def parse_numbers(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """``72.5`` or ``72,5``; never a thousands separator."""
    frame = pl.DataFrame({"value": values}).select(
        pl.when(pl.col("value").str.contains(_NUMBER))
        .then(pl.col("value").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False))
        .alias("parsed"))
    problem = pl.when(frame["parsed"].is_null()).then(
        pl.lit("is not a number; write it like 72.5 or 72,5, without thousands separator"))
    return frame["parsed"], frame.select(problem.alias("problem"))["problem"]


def parse_counts(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Whole numbers: ``3``, ``3,0`` and ``3.0`` are 3; ``2,5`` is refused."""
    numbers, _ = parse_numbers(values)
    whole = pl.DataFrame({"number": numbers}).select(
        pl.when(pl.col("number") == pl.col("number").floor()).then(pl.col("number").cast(pl.Int64)).alias("parsed"))
    problem = pl.when(whole["parsed"].is_null()).then(pl.lit("is not a whole number; write a count such as 3"))
    return whole["parsed"], whole.select(problem.alias("problem"))["problem"]


_BOOLEANS = {"true": True, "vrai": True, "oui": True, "yes": True, "1": True, "1_0": True,  # 1_0: 1.0 from a sheet
             "false": False, "faux": False, "non": False, "no": False, "0": False, "0_0": False}


def parse_booleans(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """true/false, vrai/faux, oui/non, 1/0 (any case or accent)."""
    parsed = [_BOOLEANS.get(normalise(value)) for value in values.to_list()]
    problems = [None if flag is not None else "is not a yes/no value; write true/false, oui/non, vrai/faux or 1/0"
                for flag in parsed]
    return pl.Series(parsed, dtype=pl.Boolean), pl.Series(problems, dtype=pl.String)
