"""Running the warehouse's SQL: the landing schema, then the models layer by layer.

The models are the ``.sql`` files of ``models/staging``, ``models/core`` and
``models/marts``, run after ``models/metrics.sql`` (the macros that define each ratio once). Each file creates one relation named after the file (or, for
``*_comments.sql``, only documents tables created elsewhere) and documents it
with ``COMMENT ON`` right after its ``create`` statement; its first line states
its grain, in words and then as the columns no two rows share:
``-- grain: one row per trade x region x quarter (key: trade_code, region_code, quarter_start)``,
``(key: none)`` for a relation of one row at most (``grain_key`` reads it; a test
checks it on a built warehouse). Layers run in that order; within a layer files run in file-name
order, except that a model waits for the models of its own layer that it reads
(``mart_goal_forecast`` reads ``mart_goal_progress``, ``fact_job_readiness``
reads ``trade_skill_requirement``), so names never have to be chosen to sort.
Staging models are views; core models and marts are tables, so that readers
never recompute them, except ``fact_assessment``, ``fact_hiring`` and ``fact_placement``,
views (landing rows and a few derived columns: see their files), and
``mart_rejections_by_reason`` and ``mart_bmo_missing_codes``, views over the operations table
rejected_rows and over the BMO rows.

A build given ``changed`` (the landing tables a load changed) reruns only the models that
read them, directly or through other models, and keeps the others as the last build left
them, when that build ran the same code (``models_version``, a hash of the models and of the
Python that runs them) on the same reference data and product version; otherwise, and always
without ``changed``, every model runs. Views are never rerun for a change of data (they read
their inputs live). Every ingest writes load_log, so warehouse_info always runs; a one-row
model whose row a rerun leaves as it was (but its built_at) does not make its readers run, nor does
it make run a reader that reads it only through plain ``select <columns> from <it>`` and names none
of the columns that changed (every load changes ``warehouse_info.*_loaded_at``; the six-month
placement window reads only its ``as_of``). Any other way of reading it (a star, a join) counts as
reading every column.

A model may also say, in a comment line before its ``create``, that it is local to a column:
``-- local to learner_id: a learner's rows come only from that learner's rows of what it reads``.
When a build is given the loads it follows (``loads``), the values of that column in the landing
rows those loads wrote are the touched keys; a local table whose changed inputs all changed only
for touched keys (landing tables having the column, local models) is then rerun for those keys
alone: its rows of them are deleted and its own SQL runs again with every relation it reads that
has the column seen through a temporary view of the touched keys' rows, and its result inserted.
A correction of 20,000 assessments so recomputes the job-readiness of the learners it names, not
of every learner. The declaration is a promise about the SQL; tests/unit/test_local_models.py
checks it for every model that makes it.

The reference CSVs are loaded as temporary tables ``ref_<name>`` (``ref_regions``,
``ref_trades``, ...) that only the core dimensions read: they vanish with the
connection and never reach the published file. ``warehouse_info`` reads the
product and reference versions from the DuckDB variables ``product_version``
and ``reference_version`` that ``build`` sets.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Iterable

import duckdb
import polars as pl

from warehouse import forecast, reference
from warehouse.forecast import write_forecast_tables
from warehouse.reference import load_reference

MODELS_DIR = Path(__file__).resolve().parent / "models"
RAW_TABLES = MODELS_DIR / "raw" / "raw_tables.sql"  # the landing and operations tables ingest writes
METRICS = MODELS_DIR / "metrics.sql"  # the ratio macros every mart and query uses, run before the layers
LAYERS = ("staging", "core", "marts")
PRODUCT = "bioprod-workforce"

# What a model's text may mention without it being a reference to another model.
_SQL_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'")
# A model's "create or replace table|view name", raw_tables.sql's "create table if not exists raw.name".
_CREATES = re.compile(r"\bcreate\s+(?:or\s+replace\s+)?(table|view)\s+(?:if\s+not\s+exists\s+)?([\w.]+)",
                      re.IGNORECASE)
_GRAIN_KEY = re.compile(r"^--\s*grain:.*\(key:\s*([^)]*)\)\s*$")
_LOCAL_TO = re.compile(r"^--\s*local to (\w+):")
_CREATE_TABLE_AS = re.compile(r"\bcreate\s+or\s+replace\s+table\s+([\w.]+)\s+as\b", re.IGNORECASE)
ALL = None  # every column of a relation (what a change of a relation that is not one row counts as)
# Written by every ingest, whatever it loads (a file skipped or refused too).
OPERATIONS = ("load_log", "rejected_rows")


class ModelOrderError(RuntimeError):
    """Models of one layer read each other in a circle, so no order can run them."""


@dataclass(frozen=True)
class BuildSummary:
    """What one build produced: the rows of every table it wrote, and the warehouse's as_of."""

    row_counts: dict[str, int]
    as_of: date | None
    data_mode: str
    reference_version: str
    seconds: float
    models: tuple[str, ...] = field(default=(), repr=False)
    rerun: tuple[str, ...] = field(default=(), repr=False)  # the models this build ran (all, unless incremental)
    incremental: bool = False
    rerun_for_keys: tuple[str, ...] = field(default=(), repr=False)  # of rerun, those run for touched keys only


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the landing tables, load_log and rejected_rows when missing (idempotent)."""
    con.execute(RAW_TABLES.read_text(encoding="utf-8"))


def landing_tables() -> set[str]:
    """The tables ingest writes and the models read: ``raw.<source>``, load_log, rejected_rows."""
    return {name for kind, name in _creates(RAW_TABLES.read_text(encoding="utf-8")) if kind == "table"}


def _creates(sql: str) -> list[tuple[str, str]]:
    """(kind, name) of each relation the SQL creates, kind in lower case; comments and strings left out."""
    return [(kind.lower(), name) for kind, name in _CREATES.findall(_SQL_COMMENT_OR_STRING.sub(" ", sql))]


def models_version() -> str:
    """Short hash of the code that builds the warehouse: every SQL file of models/ and the Python that runs
    them, loads the reference data and computes the forecast. An incremental build needs it unchanged."""
    digest = hashlib.sha256()
    code = sorted(MODELS_DIR.rglob("*.sql")) + [Path(__file__), Path(forecast.__file__), Path(reference.__file__)]
    for path in code:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def product_version() -> str:
    try:
        return metadata.version(PRODUCT)
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _model_names_read(sql: str, candidates: set[str]) -> set[str]:
    text = _SQL_COMMENT_OR_STRING.sub(" ", sql)
    return {name for name in candidates if re.search(rf"\b{re.escape(name)}\b", text)}


def model_files() -> list[Path]:
    """Every model file in run order: layer by layer, file-name order, readers after what they read."""
    ordered: list[Path] = []
    for layer in LAYERS:
        pending = {path.stem: path for path in sorted((MODELS_DIR / layer).glob("*.sql"))}
        reads = {
            name: _model_names_read(path.read_text(encoding="utf-8"), set(pending) - {name})
            for name, path in pending.items()
        }
        while pending:
            ready = next((name for name in pending if not reads[name] & pending.keys()), None)
            if ready is None:
                raise ModelOrderError(
                    f"The {layer} models {', '.join(sorted(pending))} read each other in a circle; "
                    "break the cycle by moving shared logic into one model the others read."
                )
            ordered.append(pending.pop(ready))
    return ordered


def grain_key(path: Path) -> tuple[str, ...] | None:
    """The columns a model's first line says no two of its rows share; () for one row at most, None when the
    line states no key (the ``*_comments.sql`` files, which create nothing)."""
    with path.open(encoding="utf-8") as model:
        stated = _GRAIN_KEY.match(model.readline().rstrip("\n"))
    if not stated:
        return None
    columns = tuple(name.strip() for name in stated.group(1).split(","))
    return () if columns == ("none",) else columns


def local_to(path: Path) -> str | None:
    """The column a model says it is local to (see the top), or None."""
    with path.open(encoding="utf-8") as model:
        for line in model:
            if not line.startswith("--"):
                return None  # only the comment lines that open the file state it
            stated = _LOCAL_TO.match(line)
            if stated:
                return stated.group(1)
    return None


def load_reference_tables(con: duckdb.DuckDBPyConnection, reference_dir: Path | None = None) -> str:
    """Load the reference CSVs as temporary tables ``ref_<name>``; return the reference version."""
    reference = load_reference(reference_dir)
    for name in ("regions", "trades", "skills", "trade_skills", "programmes", "goal", "bmo_trades"):
        frame = getattr(reference, name)
        con.register("reference_frame", frame)
        try:
            con.execute(f"create or replace temp table ref_{name} as select * from reference_frame")
        finally:
            con.unregister("reference_frame")
    return reference.version


def _drop_if_kind_changed(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Drop a relation a model now creates as the other kind (a table become a view, or back).

    ``create or replace view`` refuses to replace a table, so without this a
    warehouse built by an earlier version could never be rebuilt.
    """
    for kind, name in _creates(sql):
        existing = con.sql(
            "select table_type from information_schema.tables "
            "where table_catalog = current_database() and table_schema = 'main' and table_name = ?",
            params=[name],
        ).fetchall()
        existing_kind = {"BASE TABLE": "table", "VIEW": "view"}.get(existing[0][0]) if existing else None
        if existing_kind and existing_kind != kind:
            con.execute(f'drop {existing_kind} "{name}"')


def _run_model(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    sql = path.read_text(encoding="utf-8")
    try:
        _drop_if_kind_changed(con, sql)
        con.execute(sql)
    except duckdb.Error as error:
        raise type(error)(f"Model {path.relative_to(MODELS_DIR)} failed: {error}") from error


def build(con: duckdb.DuckDBPyConnection, reference_dir: Path | None = None,
          changed: Iterable[str] | None = None, loads: Iterable[int] | None = None) -> BuildSummary:
    """Rebuild dimensions, facts, marts and warehouse_info from the raw tables; return what was built.

    ``changed``: the landing tables (``raw.hiring``, ...) whose rows changed since this warehouse's last
    build; only the models that depend on them run again, when that build ran the same code on the same
    reference data (see the top). None (the default): every model runs. ``loads``: the load_log ids of
    the loads that changed them, so that local models rerun for the keys those loads touched only.
    Works on an empty warehouse (the landing tables are created when missing):
    marts are then empty and ``warehouse_info.as_of`` is null.
    """
    started = time.perf_counter()
    ensure_schema(con)
    reference_version = load_reference_tables(con, reference_dir)
    versions = _versions(reference_version)
    stale = None  # the relations whose content changed, or None: run everything
    if changed is not None and _last_build(con) == versions:
        stale = set(changed) | set(OPERATIONS)
    for name, value in versions.items():
        con.execute(f"set variable {name} = ?", [value])
    files = model_files()
    known = {path.stem for path in files} | landing_tables()
    keys = _TouchedKeys(con, stale, loads) if stale is not None and loads is not None else None
    rerun, rerun_for_keys = [], []
    changed_columns: dict[str, set[str] | None] = {}  # a one-row model rerun -> its columns that changed
    # One transaction: each model's comments (500 statements in all) would otherwise each be a commit,
    # which costs more than the models themselves on a small warehouse.
    con.begin()
    try:
        _run_model(con, METRICS)
        for path in files:
            if stale is not None:
                sql = path.read_text(encoding="utf-8")
                reads = _model_names_read(sql, known - {path.stem})
                changed_reads = {read for read in reads & stale
                                 if _reads_any(con, sql, read, changed_columns.get(read, ALL))}
                if not changed_reads:
                    continue
                stale.add(path.stem)
                local = keys is not None and keys.changed_locally(path, changed_reads)
                if not any(kind == "table" for kind, _ in _creates(sql)):
                    continue  # a view reads its inputs live; a comments file documents tables kept as they are
                if local and _rerun_for_keys(con, path, sql, reads, keys):
                    rerun.append(path.stem)
                    rerun_for_keys.append(path.stem)
                    continue
            before = _one_row(con, path) if stale is not None else None
            _run_model(con, path)
            rerun.append(path.stem)
            if before is not None:
                changed_columns[path.stem] = _changed_columns(before, _one_row(con, path))
                if changed_columns[path.stem] == set():
                    stale.discard(path.stem)  # its readers need not run (warehouse_info, when only the log changed)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    if stale is None or stale & set(forecast.INPUTS):
        write_forecast_tables(con)  # statistics in numpy, on the marts just built (warehouse/forecast.py)
    as_of, data_mode = con.sql("select as_of, data_mode from warehouse_info").fetchall()[0]
    return BuildSummary(
        row_counts=row_counts(con),
        as_of=as_of,
        data_mode=data_mode,
        reference_version=reference_version,
        seconds=round(time.perf_counter() - started, 3),
        models=tuple(path.stem for path in files if not path.stem.endswith("_comments")),
        rerun=tuple(rerun),
        incremental=stale is not None,
        rerun_for_keys=tuple(rerun_for_keys),
    )


class _TouchedKeys:
    """The keys the loads of a build touched, column by column, and the relations that changed for them
    alone (see the top). A column's keys are a temporary table ``touched_<column>``, made when first needed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, stale: set[str], loads: Iterable[int]) -> None:
        self._con, self._stale, self._loads = con, stale, list(loads)
        self._database = con.sql("select current_database()").fetchall()[0][0]
        self._local: dict[str, set[str]] = {}  # column -> relations whose changes are confined to its keys

    def changed_locally(self, path: Path, changed_reads: set[str]) -> bool:
        """Whether the model is local to a column and every input of it that changed, changed only for that
        column's touched keys; the model then counts as changed only for them too."""
        column = local_to(path)
        if column is None:
            return False
        local = self._local.get(column)
        if local is None:
            local = self._local[column] = self._landing_tables_with(column)
            self._touch(column, local & self._stale)
        if changed_reads <= local:
            local.add(path.stem)
            return True
        return False

    def few(self, path: Path) -> bool:
        """Whether the touched keys are few enough among the model's for a rerun of theirs to be the cheaper:
        at most a quarter (at scale 20, rerunning every learner's rows this way cost twice the model run whole)."""
        column = local_to(path)
        [(touched, held)] = self._con.sql(
            f'select (select count(*) from temp.main."touched_{column}"), approx_count_distinct("{column}") '
            f"from {self.relation(path.stem)}").fetchall()
        return touched * 4 <= held

    def with_column(self, relations: set[str], column: str) -> list[str]:
        """Of these relations of the main schema, those that have the column."""
        return sorted(self._having(column, "main") & relations)

    def relation(self, name: str) -> str:
        return f'"{self._database}".main."{name}"'

    def _landing_tables_with(self, column: str) -> set[str]:
        return {f"raw.{name}" for name in self._having(column, "raw")}

    def _having(self, column: str, schema: str) -> set[str]:
        """The tables and views of a schema that have the column."""
        return {name for (name,) in self._con.sql(
            "select distinct table_name from duckdb_columns() where database_name = ? and schema_name = ? "
            "and column_name = ?", params=[self._database, schema, column]).fetchall()}

    def _touch(self, column: str, tables: set[str]) -> None:
        """touched_<column>: the column's values in the rows of these landing tables the loads wrote (inserted
        or updated: either sets loaded_at to the load's start, which load_log records as started_at)."""
        written = " union ".join(
            f'select "{column}" from {table} where loaded_at in (select started_at from load_log where '
            f"status = 'loaded' and list_contains(?::bigint[], load_id))" for table in sorted(tables))
        self._con.execute(f'create or replace temp table "touched_{column}" as '
                          + (written or f'select null::varchar as "{column}" where false'),
                          [self._loads] * len(tables))


def _rerun_for_keys(con: duckdb.DuckDBPyConnection, path: Path, sql: str, reads: set[str],
                    keys: _TouchedKeys) -> bool:
    """Rerun a local table for the touched keys only: delete its rows of them, then insert what its own SQL
    gives when every relation it reads that has the column holds only the rows of those keys. False (and
    nothing done) when the keys are too many for that to be the cheaper."""
    column, name = local_to(path), path.stem
    touched = f'(select "{column}" from temp.main."touched_{column}")'
    create = _create_statement(sql)
    insert, found = _CREATE_TABLE_AS.subn(f"insert into {keys.relation(name)} by name", create, count=1)
    if not found:
        raise ValueError(f"Model {path.relative_to(MODELS_DIR)} says it is local to {column} but does not "
                         "begin with create or replace table ... as")
    shadowed = []
    try:
        if not keys.few(path):
            return False
        shadowed = keys.with_column(reads, column)
        for read in shadowed:
            con.execute(f'create or replace temp view "{read}" as select * from {keys.relation(read)} '
                        f'where "{column}" in {touched}')
        con.execute(f'delete from {keys.relation(name)} where "{column}" in {touched}')
        con.execute(insert)
    except duckdb.Error as error:
        raise type(error)(f"Model {path.relative_to(MODELS_DIR)} failed (rerun for the touched {column} "
                          f"values): {error}") from error
    for read in shadowed:  # after a failure the build's rollback drops them with everything else
        con.execute(f'drop view temp.main."{read}"')
    return True


def _create_statement(sql: str) -> str:
    """A model's first statement (its create), without its -- comments (strings kept as they are)."""
    text = _SQL_COMMENT_OR_STRING.sub(lambda found: found.group(0) if found.group(0).startswith("'") else " ", sql)
    return duckdb.extract_statements(text)[0].query


def _changed_columns(before: list[dict], after: list[dict] | None) -> set[str] | None:
    """The columns of a one-row model a rerun changed (built_at aside); ALL when its rows changed in number."""
    if after is None or len(before) != len(after):
        return ALL
    return {column for old, new in zip(before, after) for column in old if old[column] != new.get(column)}


def _reads_any(con: duckdb.DuckDBPyConnection, sql: str, relation: str, columns: set[str] | None) -> bool:
    """Whether a model reads any of these columns of a relation (ALL: any column)."""
    if columns is ALL:
        return True
    if not columns:
        return False
    named = _columns_read(con, sql, relation)
    return named is ALL or bool(named & columns)


def _columns_read(con: duckdb.DuckDBPyConnection, sql: str, relation: str) -> set[str] | None:
    """The columns of ``relation`` a model reads, when it reads the relation only in selects whose FROM is the
    relation alone and that name their columns; ALL for any other reading (a star, a join, the whole row), and
    when DuckDB cannot parse the model's query. A superset: every column a reading select names counts."""
    query = _CREATE_TABLE_AS.split(_create_statement(sql), maxsplit=1)[-1]
    [(serialized,)] = con.execute("select json_serialize_sql(?)", [query]).fetchall()
    tree = json.loads(serialized)
    if tree.get("error"):
        return ALL
    named: set[str] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        source = node.get("from_table")
        if node.get("type") == "SELECT_NODE" and _is_table(source, relation):
            rest = {key: value for key, value in node.items() if key != "from_table"}
            refs = _column_refs({key: value for key, value in rest.items() if key != "cte_map"})
            if refs is ALL or {(source.get("alias") or relation,), (relation,)} & refs:
                return ALL  # a star, or the row itself as a value
            named |= {ref[-1] for ref in refs}
            pending.append(rest)  # its CTEs and subqueries may read the relation again, another way
            continue
        if _is_table(node, relation):
            return ALL  # read in a join, or anywhere but as the whole FROM of a select
        pending.extend(node.values())
    return named


def _is_table(node, relation: str) -> bool:
    return isinstance(node, dict) and node.get("type") == "BASE_TABLE" and node.get("table_name") == relation


def _column_refs(tree) -> set[tuple[str, ...]] | None:
    """Every column reference of a parsed expression tree, as its qualified name; ALL at a star."""
    refs: set[tuple[str, ...]] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            if node.get("class") == "STAR":
                return ALL
            if node.get("class") == "COLUMN_REF":
                refs.add(tuple(node.get("column_names", ())))
            pending.extend(node.values())
    return refs


def _one_row(con: duckdb.DuckDBPyConnection, path: Path) -> list[dict] | None:
    """A one-row model's row but its built_at (which every build changes), to tell whether a rerun changed
    it; None for other models, and when it does not exist yet."""
    if grain_key(path) != ():
        return None
    try:
        relation = con.sql(f'select * from "{path.stem}"')
        return [{column: value for column, value in zip(relation.columns, row) if column != "built_at"}
                for row in relation.fetchall()]
    except duckdb.Error:
        return None


def _versions(reference_version: str) -> dict[str, str]:
    """What warehouse_info records of the code and data that build the warehouse."""
    return {"product_version": product_version(), "reference_version": reference_version,
            "models_version": models_version()}


def built_by_this_code(con: duckdb.DuckDBPyConnection, reference_dir: Path | None = None) -> bool:
    """Whether this warehouse's last build ran this code on these reference data (a load of it can then rerun
    only what it changes; a benchmark can measure it as it is)."""
    return _last_build(con) == _versions(load_reference(reference_dir).version)


def _last_build(con: duckdb.DuckDBPyConnection) -> dict[str, str] | None:
    """The versions that built this warehouse last, or None when it was never built (or by a version
    that did not record them)."""
    try:
        rows = con.sql("select product_version, reference_version, models_version from warehouse_info").fetchall()
    except duckdb.Error:
        return None
    if len(rows) != 1:
        return None
    return dict(zip(("product_version", "reference_version", "models_version"), rows[0]))


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of every base table of the main schema (dimensions, facts, marts, operations)."""
    tables = con.sql(
        "select table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'main' and not temporary "
        "order by table_name"
    ).fetchall()
    return {
        name: con.sql(f'select count(*) from "{name}"').fetchall()[0][0]
        for (name,) in tables
    }


def data_dictionary(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every documented table, view and column of the warehouse with its comment, for the data dictionary.

    One row per column, plus one row per relation with ``column_name`` null
    holding the relation's own comment. Temporary tables are left out.
    """
    return con.sql(
        """
        with relations as (
            select schema_name, table_name, 'table' as kind, comment
            from duckdb_tables()
            where database_name = current_database() and not temporary
            union all
            select schema_name, view_name as table_name, 'view' as kind, comment
            from duckdb_views()
            where database_name = current_database() and not internal and not temporary
        ),

        relation_columns as (
            select schema_name, table_name, column_name, column_index, data_type, comment
            from duckdb_columns()
            where database_name = current_database() and not internal
        ),

        final as (
            select
                relations.schema_name,
                relations.table_name,
                relations.kind,
                null::varchar as column_name,
                0 as column_index,
                null::varchar as data_type,
                relations.comment
            from relations
            union all
            select
                relations.schema_name,
                relations.table_name,
                relations.kind,
                relation_columns.column_name,
                relation_columns.column_index,
                relation_columns.data_type,
                relation_columns.comment
            from relations
            inner join relation_columns
                on relation_columns.schema_name = relations.schema_name
                and relation_columns.table_name = relations.table_name
        )

        select * from final
        order by schema_name, table_name, column_index
        """
    ).pl()
