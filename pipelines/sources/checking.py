"""The check engine: a text table -> valid typed rows and rejected values, per a source's contract.

A value that does not parse or lies outside the plausible range (a date, a code missing from
the reference, an unknown status, a count too large) is a parse failure; a typed value that
breaks a rule of the model is a pandera failure (validated with ``lazy=True``, so all are
collected). Both become rejected values with the line, the column, the value as in the file
and a reason a person can act on, as a message key with its arguments and as English text;
the first failure of a cell wins, so a bad date is not also reported as "end_date before
start_date". Then duplicates of the natural key: the first valid row is kept.

Every rejected row is counted, but at most ``Limits.rejected_rows_cap`` rejected values are
listed per file, then one summary row: a file of 3 million bad rows must not write 3 million
rejected rows. Reasons are rendered only for the values listed.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from pandera.errors import SchemaErrors

from pipelines.messages import MESSAGES, args_json, render
from pipelines.reading import LINE
from pipelines.sources.contract import Source, _validation_day, match_columns
from pipelines.sources.kinds import Context, Text, unusual_characters

ROW = "__row"  # position of a row in the table, the index pandera reports
VALUE_SHOWN_CHARS = 200  # a value quoted in rejected_rows and its reason; a 10 MB value is cut there

REJECTED_SCHEMA = {"line": pl.Int64, "column_name": pl.String, "value": pl.String, "reason": pl.String,
                   "reason_key": pl.String, "reason_args": pl.String}
_FAILURE_SCHEMA = {ROW: pl.Int64, "column": pl.String, "key": pl.String, "args": pl.String}


@dataclass
class Checked:
    valid: pl.DataFrame        # the model's columns, LINE and ROW, one row per natural key
    rejected: pl.DataFrame     # REJECTED_SCHEMA: one row per rejected value listed, then the summary past the cap
    rows_read: int
    rows_rejected: int
    extra_columns: list[str] = field(default_factory=list)
    values_rejected: int = 0   # every rejected value, listed or not


def check(source: Source, table: pl.DataFrame, context: Context) -> Checked:
    """Validate a text table (reading.read_table) against a source's contract."""
    columns = match_columns(source, table.columns)
    # lazy selects throughout: an eager one would copy millions of values into one chunk
    text = table.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW), LINE,
        *(pl.col(columns.headers[column.name]).alias(column.name) if column.name in columns.headers
          else pl.lit(None, pl.String).alias(column.name) for column in source.columns)).collect()
    typed, parse_failures = _parse(source, text, context)
    failures = pl.concat([parse_failures, _rule_failures(source, typed, context.today)])
    failures = failures.unique(subset=[ROW, "column"], keep="first", maintain_order=True)
    failed_rows = failures[ROW].unique()

    valid = typed
    if failed_rows.len():
        valid = valid.lazy().filter(~pl.col(ROW).is_in(failed_rows.implode())).collect()
    valid, duplicates = _first_of_each_key(source, valid)
    failures = pl.concat([failures, duplicates])
    return Checked(valid=valid, rejected=_listed(source, failures, text, context), rows_read=table.height,
                   rows_rejected=failed_rows.len() + duplicates.height, extra_columns=columns.extra,
                   values_rejected=failures.height)


def _parse(source: Source, text: pl.DataFrame, context: Context) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed columns (null where empty or unparseable) and the parse failures."""
    parsed_per_value = [column for column in source.columns if not isinstance(column.kind, Text)]
    distinct_values = text.lazy().select(
        pl.col(column.name).unique().drop_nulls().implode() for column in parsed_per_value).collect()
    typed_columns, failures = [], []
    for column in source.columns:
        if isinstance(column.kind, Text):
            cleaned, too_long = _clean_text(text, column, context)
            typed_columns.append(cleaned.alias(column.name))
            failures.append(too_long)
            continue
        values = _parse_distinct(distinct_values[column.name][0], column.kind, context)
        typed_columns.append(_spread(values, column.name, column.kind.dtype))
        bad = values.filter(pl.col("key").is_not_null())
        if bad.height:
            failures.append(
                text.lazy().filter(pl.col(column.name).is_in(bad["value"].implode()))
                .select(ROW, pl.col(column.name).alias("value"))
                .join(bad.lazy(), on="value", how="inner")
                .select(ROW, pl.lit(column.name).alias("column"), "key", "args")
                .collect())
    typed = text.lazy().select(ROW, LINE, *typed_columns, *source.derived).select(
        ROW, LINE, *source.value_columns).collect()
    failures = [failure for failure in failures if failure.height]
    return typed, pl.concat(failures) if failures else pl.DataFrame(schema=_FAILURE_SCHEMA)


def _clean_text(text: pl.DataFrame, column, context: Context) -> tuple[pl.Expr, pl.DataFrame]:
    """A text column cleaned as a whole (invisible characters, case), and its values that are too long."""
    values = text[column.name]
    unusual = unusual_characters(values)
    expression = column.kind.clean(column.name, unusual)
    max_chars = column.kind.max_chars(context.limits)
    # plain ASCII only shrinks when cleaned: when no raw value is too long, no cleaned one is
    if not unusual.not_ascii and (values.str.len_bytes().max() or 0) <= max_chars:
        return expression, pl.DataFrame(schema=_FAILURE_SCHEMA)
    cleaned = text.lazy().select(expression.alias(column.name)).collect().to_series()
    lengths = cleaned.str.len_chars()
    if (lengths.max() or 0) <= max_chars:
        return pl.lit(cleaned), pl.DataFrame(schema=_FAILURE_SCHEMA)
    setting = column.kind.too_long(0, context.limits)["setting"]
    too_long = pl.DataFrame({ROW: text[ROW], "length": lengths}).filter(pl.col("length") > max_chars).select(
        ROW, pl.lit(column.name).alias("column"), pl.lit("value.too_long").alias("key"),
        pl.struct("length", pl.lit(max_chars).alias("max"), pl.lit(setting).alias("setting"))
        .struct.json_encode().alias("args"))
    return pl.lit(cleaned), too_long


def _parse_distinct(distinct: pl.Series, kind, context: Context) -> pl.DataFrame:
    """value (as in the file) -> parsed, key, args; blank values parse to null without a problem."""
    values = pl.DataFrame({"value": distinct, "cleaned": distinct.str.strip_chars()})
    filled = values.filter(pl.col("cleaned") != "")
    parsed = kind.parse(filled["cleaned"], context)
    filled = filled.select("value", parsed.values.alias("parsed"), parsed.keys.alias("key"),
                           parsed.args.alias("args"))
    return values.select("value").join(filled, on="value", how="left", maintain_order="left")


def _spread(values: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    """Every row's parsed value: its text's position among the distinct texts picks it (as an Enum), then a
    gather; cheaper than a join or replace_strict on millions of rows."""
    if values.height == 0:
        return pl.lit(None, dtype).alias(name)
    position = pl.col(name).cast(pl.Enum(values["value"])).to_physical()
    return pl.lit(values["parsed"].cast(dtype)).gather(position).alias(name)


def _rule_failures(source: Source, typed: pl.DataFrame, today: date) -> pl.DataFrame:
    """The model's failure cases (pandera, lazy), each with the key its check states."""
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
        key = "rule.required" if check_number is None else checks[column][check_number].error
        failures.append(typed.lazy().select(ROW).filter(pl.col(ROW).is_in(group["index"].cast(pl.Int64).implode()))
                        .select(ROW, pl.lit(column).alias("column"), pl.lit(key).alias("key"),
                                pl.lit(None, pl.String).alias("args")).collect())
    return pl.concat(failures)


def _first_of_each_key(source: Source, valid: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the first row of each natural key; reject the later ones, naming the line they repeat."""
    key = list(source.natural_key)
    hashes = valid.lazy().select(pl.struct(key).hash()).collect().to_series()
    if hashes.n_unique() == valid.height:  # the usual case, settled without comparing keys
        return valid, pl.DataFrame(schema=_FAILURE_SCHEMA)
    repeated = (valid.lazy().filter(hashes.is_duplicated())
                .with_columns(pl.col(LINE).first().over(key).alias("first_line"))
                .filter(pl.col(LINE) != pl.col("first_line")).collect())
    duplicates = repeated.select(
        ROW, pl.lit(", ".join(key)).alias("column"), pl.lit("rule.duplicate_key").alias("key"),
        pl.struct("first_line", pl.lit(", ".join(key)).alias("key")).struct.json_encode().alias("args"))
    return valid.lazy().filter(~pl.col(ROW).is_in(repeated[ROW].implode())).collect(), duplicates


# --- the rejected values listed, with their reasons -----------------------------------------

def _listed(source: Source, failures: pl.DataFrame, text: pl.DataFrame, context: Context) -> pl.DataFrame:
    """The first rejected values (by line, then column), with their reasons; past the cap, one summary row."""
    if failures.height == 0:
        return pl.DataFrame(schema=REJECTED_SCHEMA)
    column_order = {column.name: position for position, column in enumerate(source.columns)}
    cap = context.limits.rejected_rows_cap
    ordered = failures.lazy().join(text.lazy().select(ROW, LINE), on=ROW, how="left").sort(
        LINE, pl.col("column").replace_strict(column_order, default=len(column_order))).collect()
    listed = ordered.head(cap)
    rows = {row[ROW]: row for row in _at(text, listed[ROW].unique()).iter_rows(named=True)}
    constants = {"today": context.today.isoformat(), "this_month": f"{context.today:%Y-%m}"}
    records = [_rejected_value(source, failure, rows[failure[ROW]], constants)
               for failure in listed.iter_rows(named=True)]
    if ordered.height > cap:
        args = {"more": ordered.height - cap, "cap": cap, "setting": "WORKFORCE_REJECTED_ROWS_CAP"}
        records.append({"line": ordered[LINE][cap], "column_name": None, "value": None,
                        "reason": render("rule.rejections_capped", args), "reason_key": "rule.rejections_capped",
                        "reason_args": args_json(args)})
    return pl.DataFrame(records, schema=REJECTED_SCHEMA, orient="row")


def _rejected_value(source: Source, failure: dict, row: dict, constants: dict) -> dict:
    column, key = failure["column"], failure["key"]
    if key == "rule.duplicate_key":
        value = ", ".join(row[name] or "" for name in source.natural_key)
    else:
        value = row[column]
    shown = _shown(value)
    args = {"column": column, "value": "" if shown is None else shown.strip()}
    if failure["args"]:
        args.update(json.loads(failure["args"]))
    for name in _placeholders(key) - args.keys():  # a rule's template names other columns of the row
        args[name] = constants[name] if name in constants else _shown((row.get(name) or "").strip())
    return {"line": row[LINE], "column_name": column, "value": shown, "reason": render(key, args),
            "reason_key": key, "reason_args": args_json(args)}


def _placeholders(key: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(MESSAGES[key]["en"]) if name}


def _shown(value: str | None) -> str | None:
    if value is None or len(value) <= VALUE_SHOWN_CHARS:
        return value
    return f"{value[:VALUE_SHOWN_CHARS - 1]}…"


def _at(text: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """The text rows of these positions, in position order (a filter: a gather or a join would first copy
    the millions of rows of a big file)."""
    return text.lazy().filter(pl.col(ROW).is_in(rows.cast(pl.Int64).implode())).collect()
