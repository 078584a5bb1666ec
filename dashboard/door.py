"""The one door to the warehouse: every screen, download and data URL asks through ``ask``.

A question is SQL over the marts with a placeholder where each filtered table's clause goes:

    ask(context, '''
        select quarter_start, sum(demand)::bigint as demand, ...
        from mart_talent_gap {where:mart_talent_gap}
        group by quarter_start
    ''', by=("quarter_start",))

The door fills ``{where:TABLE}`` (or ``{and:TABLE}`` after a where of the query's own) from the
filter bar and from ``TABLES``, which declares once, for each table, the columns the filters
apply to and the period's grain, so no query picks its own. It scopes employer-level tables to
the viewer (hr sees its own employer's rows; steering none), protects small learner counts for
the roles that must not see them (dashboard/protection.py, rules read from the warehouse's own
column comments), and keeps each answer until the next publish (``Answers``): the published file's
identity, the SQL, its values and the viewer's scope are the cache's key, so two scopes never share
an answer that differs between them and a publish is never served stale.

The ``Context`` travels with every question: filters, language, the signed-in viewer and the
warehouse's data date, read once per request.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Literal, Mapping, Sequence

import duckdb
import polars as pl
from cachetools import LRUCache

from dashboard.access import ANONYMOUS, Viewer
from dashboard.filters import Filters, quarter_end
from dashboard.protection import Rules, protect
from warehouse import settings
from warehouse.build import data_dictionary
from warehouse.connect import WarehouseMissing, WarehouseUnreadable, file_identity, reading, resolve_db_path
from warehouse.integrity import damaged

Grain = Literal["quarter", "month", "year"]


@dataclass(frozen=True)
class Filtered:
    """How the filter bar applies to a table: its trade, region, period and pathway columns (None:
    the filter does not apply), the period's grain, and the employer column of employer-level rows."""

    trade: str | None = "trade_code"
    region: str | None = "region_code"
    period: str | None = None
    grain: Grain | None = None
    pathway: str | None = None
    employer: str | None = None


# The one table of filtered tables. Period filters select whole quarters: a month grain takes the
# months of the selected quarters, a year grain the years they fall in (2025Q2 to 2026Q1 selects
# the cohorts of 2025 and 2026).
TABLES: dict[str, Filtered] = {
    "mart_talent_gap": Filtered(period="quarter_start", grain="quarter"),
    "mart_hiring_monthly": Filtered(period="month", grain="month"),
    "fact_hiring": Filtered(period="month", grain="month", employer="employer_id"),
    "mart_training_pathway": Filtered(period="cohort_year", grain="year", pathway="pathway"),
    "mart_skill_gap": Filtered(period="year", grain="year"),
    "mart_blocking_skills": Filtered(period="year", grain="year"),
    "mart_skill_by_method": Filtered(region=None, period="year", grain="year"),
    "trade_skill_requirement": Filtered(region=None),
    "mart_public_demand": Filtered(period="year", grain="year"),
}
# DuckDB suggests a relation's .to_arrow_table() over a DB-API result's; but a relation binds its
# statement twice, and measured on the marts executing once is the faster of the two.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

_PLACEHOLDER = re.compile(r"\{(where|and):(\w+)\}")


def where(table: str) -> str:
    """The placeholder of a table's filter clause, for a query with no where of its own."""
    return "{where:%s}" % table


def and_where(table: str) -> str:
    """The placeholder of a table's filter clause, after a where of the query's own."""
    return "{and:%s}" % table
_WORD = re.compile(r"\b\w+\b")


class DoorError(RuntimeError):
    """A question the door refuses to answer as asked: a fault of the query, not of the viewer."""


@dataclass(frozen=True)
class Context:
    """What every question carries: the filter bar, the language, who asks, and the data's date."""

    filters: Filters = field(default_factory=Filters)
    lang: str = "fr"
    viewer: Viewer = ANONYMOUS
    info: Mapping[str, Any] | None = None
    problem: str | None = None  # why the warehouse cannot be read, when info is None for that reason

    @property
    def as_of(self) -> date | None:
        return None if self.info is None else self.info.get("as_of")

    def with_filters(self, filters: Filters) -> Context:
        return replace(self, filters=filters)


def context(filters: Filters, lang: str, viewer: Viewer, db: str | None = None) -> Context:
    """A context with the warehouse's info read now (once per request); a warehouse that cannot be read
    leaves info None and says why in ``problem``."""
    try:
        return Context(filters=filters, lang=lang, viewer=viewer, info=warehouse_info(db))
    except WarehouseUnreadable as error:
        return Context(filters=filters, lang=lang, viewer=viewer, problem=str(error))


# --- the filter clause -------------------------------------------------------------------------

def _period_bounds(filters: Filters, grain: Grain) -> tuple[Any, Any]:
    low, high = filters.quarter_from, filters.quarter_to
    if grain == "year":
        return (low.year if low else None, high.year if high else None)
    if grain == "month":
        return (low, quarter_end(high) if high else None)
    return (low, high)


def _clause(table: str, filters: Filters, viewer: Viewer, params: dict[str, Any]) -> list[str]:
    try:
        declared = TABLES[table]
    except KeyError:
        raise DoorError(f"{table} is not in dashboard.door.TABLES: declare how the filters apply to it") from None
    clauses: list[str] = []

    def bind(value: Any) -> str:
        name = f"p{len(params)}"
        params[name] = value
        return f"${name}"

    if declared.trade and filters.trades:
        clauses.append(f"{table}.{declared.trade} in (select unnest({bind(list(filters.trades))}::varchar[]))")
    if declared.region and filters.regions:
        clauses.append(f"{table}.{declared.region} in (select unnest({bind(list(filters.regions))}::varchar[]))")
    if declared.period:
        low, high = _period_bounds(filters, declared.grain)
        if low is not None:
            clauses.append(f"{table}.{declared.period} >= {bind(low)}")
        if high is not None:
            clauses.append(f"{table}.{declared.period} <= {bind(high)}")
    if declared.pathway and filters.pathway:
        clauses.append(f"{table}.{declared.pathway} = {bind(filters.pathway)}")
    if declared.employer:
        viewer.require("employer_detail")
        if viewer.role == "hr":
            clauses.append(f"{table}.{declared.employer} = {bind(viewer.employer)}")
    return clauses


def resolve(sql: str, ctx: Context, params: Mapping[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The SQL with each placeholder replaced by its table's clause, and every value to bind."""
    bound = dict(params or {})
    filled: set[str] = set()

    def fill(match: re.Match) -> str:
        keyword, table = match.groups()
        filled.add(table)
        clauses = _clause(table, ctx.filters, ctx.viewer, bound)
        return f"{keyword} " + " and ".join(clauses) if clauses else ""

    text = _PLACEHOLDER.sub(fill, sql)
    scoped = {table for table, declared in TABLES.items() if declared.employer}
    unscoped = scoped & set(_WORD.findall(text)) - filled
    if unscoped:
        raise DoorError(f"{', '.join(sorted(unscoped))} holds employer-level rows: read it through "
                        "{where:...} so the viewer's scope applies")
    return text, bound


# --- asking ------------------------------------------------------------------------------------

class Answers:
    """Answers kept until the next publish, shared by the threads of a process.

    The key starts with the published file's path and identity (connect.file_identity), so an
    answer computed on one file is never served for another; the first question after a publish
    drops every answer of the previous file. The cache is bounded in bytes (polars' estimate of
    each frame), least recently used out first. Two threads asking the same question at once
    compute it once: the second waits for the first's answer (a page's cards, fifty people opening
    the same view after a meeting's invitation).

    After a publish, the questions asked most recently on the previous file are asked again on the
    new one in a background thread (at most ``warm`` of them), so the default views people open
    first are ready before they ask; answers are recomputed exactly as asked, for the same scope.
    """

    def __init__(self, max_bytes: int, warm: int) -> None:
        self._lock = threading.Lock()
        self._answers: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=_size)
        self._identity: dict[str, tuple] = {}
        self._pending: dict[tuple, Future] = {}
        self._recent: OrderedDict[tuple, Callable[[], Any]] = OrderedDict()  # key -> how to compute it again
        self._warm = warm
        self.warming: threading.Thread | None = None

    def get(self, path, identity: tuple, key: tuple, compute: Callable[[], Any]) -> Any:
        full_key = (str(path), identity, *key)
        with self._lock:
            known = self._identity.get(str(path))
            if known is not None and identity[2] < known[2]:
                stale = True  # read the file's identity just before a publish: answer, keep nothing
            else:
                stale, rewarm = False, self._renew(str(path), identity)
                if full_key in self._answers:
                    self._remember(key, compute)
                    return self._answers[full_key]
                pending = self._pending.get(full_key)
                owner = pending is None
                if owner:
                    pending = self._pending[full_key] = Future()
        if stale:
            return compute()
        if rewarm:
            self._start_warming(path, identity, rewarm)
        if not owner:
            return pending.result()
        try:
            value = compute()
        except BaseException as error:
            with self._lock:
                del self._pending[full_key]
            pending.set_exception(error)
            raise
        with self._lock:
            if self._identity.get(str(path)) == identity and _size(value) <= self._answers.maxsize:
                self._answers[full_key] = value
                self._remember(key, compute)
            del self._pending[full_key]
        pending.set_result(value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._identity.clear()
            self._recent.clear()

    @property
    def held(self) -> tuple[int, int]:
        """(answers kept, their estimated bytes)."""
        with self._lock:
            return len(self._answers), int(self._answers.currsize)

    def _renew(self, path: str, identity: tuple) -> list[tuple[tuple, Callable[[], Any]]]:
        """On a new identity of the file, drop its answers; return what to ask again (under the lock)."""
        known = self._identity.get(path)
        if known == identity:
            return []
        for stale in [entry for entry in self._answers if entry[0] == path]:
            del self._answers[stale]
        self._identity[path] = identity
        if known is None:
            return []
        return list(reversed(self._recent.items()))[: self._warm]

    def _remember(self, key: tuple, compute: Callable[[], Any]) -> None:
        if key[0] != "ask":
            return
        self._recent[key] = compute
        self._recent.move_to_end(key)
        while len(self._recent) > max(self._warm, 1):
            self._recent.popitem(last=False)

    def _start_warming(self, path, identity: tuple, recent: list[tuple[tuple, Callable[[], Any]]]) -> None:
        def warm() -> None:
            for key, compute in recent:
                if self._identity.get(str(path)) != identity:
                    return  # published again meanwhile: the next question warms for that file
                try:
                    self.get(path, identity, key, compute)
                except Exception:  # a question that fails now fails again, in words, when someone asks it
                    continue

        self.warming = threading.Thread(target=warm, name="door-warming", daemon=True)
        self.warming.start()


@dataclass(frozen=True)
class Sized:
    """A value to keep with the bytes it holds, as whoever built it estimated them."""

    value: Any
    nbytes: int


def _size(value: Any) -> int:
    """Bytes an answer holds, as the cache counts them."""
    if isinstance(value, Sized):
        return value.nbytes
    if isinstance(value, pl.DataFrame):
        return value.estimated_size() + 1024
    if isinstance(value, (str, bytes)):
        return len(value) + 64
    return 16_384  # the warehouse's info row, the protection rules: small, never more than this


_ANSWERS: list[Answers] = []  # the process's one cache, made at the first question (settings are checked by then)
_ANSWERS_LOCK = threading.Lock()


def answers() -> Answers:
    with _ANSWERS_LOCK:
        if not _ANSWERS:
            _ANSWERS.append(Answers(settings.get("answer_cache_bytes"), settings.get("answer_cache_warm")))
        return _ANSWERS[0]


def _cached(path, identity: tuple, key: tuple, compute):
    return answers().get(path, identity, key, compute)


def kept(key: tuple, compute: Callable[[], Any], db: str | None = None) -> Any:
    """Any value computed from the published warehouse alone (and ``key``), kept with the answers until
    the next publish: what a callback shows for a view (requests.filtered_callback). ``key`` must
    name everything else the value depends on; without a warehouse nothing is kept."""
    path = resolve_db_path(db)
    try:
        identity = file_identity(path)
    except WarehouseMissing:
        return compute()
    return _cached(path, identity, ("kept", *key), compute)


def clear_cache() -> None:
    answers().clear()


def _run(path, sql: str, params: dict[str, Any]) -> pl.DataFrame:
    # execute binds the statement once (a relation's .pl() would bind it twice)
    with reading(path) as cursor:
        try:
            return pl.from_arrow(cursor.execute(sql, params).to_arrow_table())
        except duckdb.IOException as error:  # a block that fails its checksum, a file cut short
            raise WarehouseUnreadable(damaged(error)) from None


def rules(db: str | None = None) -> Rules:
    """The protection rules of the published warehouse, read from its column comments."""
    path = resolve_db_path(db)

    def read() -> Rules:
        with reading(path) as cursor:
            dictionary = data_dictionary(cursor).filter(pl.col("column_name").is_not_null())
        return Rules.from_comments(dictionary.select("table_name", "column_name", "comment").iter_rows())

    return _cached(path, file_identity(path), ("rules",), read)


def warehouse_info(db: str | None = None) -> dict[str, Any] | None:
    """The one row of warehouse_info, or None when no warehouse has been built yet."""
    path = resolve_db_path(db)
    try:
        identity = file_identity(path)
    except WarehouseMissing:
        return None

    def read() -> dict[str, Any] | None:
        rows = _run(path, "select * from warehouse_info", {}).to_dicts()
        return rows[0] if rows else None

    return _cached(path, identity, ("warehouse_info",), read)


def ask(ctx: Context, sql: str, *, by: Sequence[str] = (), summed_over: Sequence[str] | None = None,
        nested_in: Sequence[str] = (), params: Mapping[str, Any] | None = None, unprotected: Sequence[str] = (),
        db: str | None = None) -> pl.DataFrame:
    """Answer one question for the context's viewer: filtered, scoped, protected, cached.

    ``by`` names the columns that identify the answer's rows (its grain, checked unique);
    ``summed_over`` those of them along which its cells add up to a total shown elsewhere (default:
    all of them), ``nested_in`` columns that group its rows into totals shown elsewhere (see
    protection.protect). ``unprotected`` names computed numeric columns that
    count no learner (a count of months); every other numeric column must be one the warehouse
    documents, so that no count escapes the protection by a new name.
    """
    path = resolve_db_path(db)
    identity = file_identity(path)
    text, bound = resolve(sql, ctx, params)

    def answer() -> pl.DataFrame:
        frame = _run(path, text, bound)
        _check_answer(frame, by, unprotected, rules(db))
        if not ctx.viewer.protected:
            return frame
        protected = protect(frame, rules(db), by, settings.get("privacy_threshold"), summed_over, nested_in)
        return _order_on_what_is_shown(protected, text, by, rules(db))

    key = ("ask", text, tuple(sorted((name, _hashable(value)) for name, value in bound.items())),
           tuple(by), None if summed_over is None else tuple(summed_over), tuple(nested_in), _scope(ctx.viewer, text))
    return _cached(path, identity, key, answer)


def _scope(viewer: Viewer, text: str) -> tuple[bool, str | None]:
    """What an answer depends on besides its SQL and values: whether it is protected and, when it reads
    employer-level rows, the employer they are scoped to. hr viewers of different employers and the
    steering role share the sector's answers, never an employer's rows."""
    protected, employer = viewer.scope
    reads_employers = any(TABLES[name].employer for name in set(_WORD.findall(text)) & TABLES.keys())
    return protected, employer if reads_employers else None


_ORDER_BY = re.compile(r"\border\s+by\s+(.+?)\s*(?:\blimit\b[^)]*)?$", re.IGNORECASE | re.DOTALL)
_ORDER_TERM = re.compile(r"^(?:\w+\.)?(\w+)(?:\s+(asc|desc))?(?:\s+nulls\s+(?:first|last))?$", re.IGNORECASE)


def _order_on_what_is_shown(frame: pl.DataFrame, sql: str, by: Sequence[str], rules: Rules) -> pl.DataFrame:
    """Rows ordered by a withheld value would tell its rank: when the query's final order by names a
    protectable column, the rows are ordered again on the values shown (withheld ones last, then by
    the answer's keys), so the order says no more than the cells."""
    found = _ORDER_BY.search(sql.strip())
    if not found:
        return frame
    terms = [_ORDER_TERM.match(term.strip()) for term in found.group(1).split(",")]
    if not any(term and rules.protectable(term.group(1)) for term in terms):
        return frame
    columns = [term.group(1) for term in terms if term and term.group(1) in frame.columns]
    descending = [bool(term.group(2) and term.group(2).lower() == "desc")
                  for term in terms if term and term.group(1) in frame.columns]
    keys = [name for name in by if name not in columns]
    return frame.sort([*columns, *keys], descending=[*descending, *([False] * len(keys))], nulls_last=True)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _check_answer(frame: pl.DataFrame, by: Sequence[str], unprotected: Sequence[str], rules: Rules) -> None:
    missing = [name for name in by if name not in frame.columns]
    if missing:
        raise DoorError(f"by names {missing}, which the answer does not have")
    if by and frame.height and frame.select(by).is_duplicated().any():
        raise DoorError(f"the answer has several rows for the same {', '.join(by)}: by must be its grain")
    if not by and frame.height > 1 and any(name in rules.counts for name in frame.columns):
        raise DoorError("an answer of several rows with learner counts must say its grain (by=...)")
    undocumented = [name for name, dtype in frame.schema.items()
                    if dtype.is_numeric() and name not in rules.documented and name not in unprotected]
    if undocumented:
        raise DoorError(f"numeric column(s) {undocumented} are not columns of the warehouse: name them after "
                        "the mart column they are, or list them in unprotected= when they count no learner")

