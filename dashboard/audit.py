"""The audit log: who signed in (or failed to), ran SQL, downloaded a card or read a data URL, and when.

A SQLite file of its own (WORKFORCE_AUDIT_PATH, by default beside the warehouse as
``<db>.audit.sqlite``): a rebuild replaces the warehouse file, never this one, and every worker of
the web server writes to it (WAL mode, so readers never wait for a writer). The failed sign-ins
it records are also what throttles a username: they are counted here, across workers.
``workforce audit [--since]`` prints it; admins read it on /audit.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

from warehouse import settings
from warehouse.connect import resolve_db_path

EVENTS = ("sign_in", "sign_in_failed", "sign_in_refused", "sign_out", "sql", "export", "data_url", "users")
DETAIL_CAP = 4000  # characters of detail kept per event (a 20 MB SQL text is not copied whole)

_SCHEMA = """
create table if not exists events (
    id integer primary key,
    at text not null,          -- UTC, ISO 8601 to the millisecond
    event text not null,
    who text not null,
    address text,
    detail text
);
create index if not exists events_by_who_and_time on events (who, event, at);
"""


def audit_path() -> Path:
    configured = settings.get("audit_path")
    if configured:
        return Path(configured).expanduser().absolute()
    db_path = resolve_db_path()
    return db_path.with_name(db_path.name + ".audit.sqlite")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    connection.execute("pragma journal_mode = wal")
    connection.executescript(_SCHEMA)
    return connection


def _now() -> datetime:
    return datetime.now(timezone.utc)


def record(event: str, who: str, detail: dict[str, Any] | str | None = None, address: str | None = None,
           path: Path | None = None) -> None:
    """Append one event."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; known: {', '.join(EVENTS)}")
    text = detail if isinstance(detail, str) or detail is None else json.dumps(detail, ensure_ascii=False,
                                                                                default=str)
    if text is not None and len(text) > DETAIL_CAP:
        text = text[:DETAIL_CAP] + f"… ({len(text) - DETAIL_CAP} characters more)"
    with closing(_connect(path or audit_path())) as connection:
        connection.execute("insert into events (at, event, who, address, detail) values (?, ?, ?, ?, ?)",
                           [_now().isoformat(timespec="milliseconds"), event, who, address, text])


def failures_within(who: str, minutes: float, path: Path | None = None) -> int:
    """Failed sign-ins of a username within the last minutes."""
    since = (_now() - timedelta(minutes=minutes)).isoformat(timespec="milliseconds")
    with closing(_connect(path or audit_path())) as connection:
        [(count,)] = connection.execute(
            "select count(*) from events where who = ? and event = 'sign_in_failed' and at >= ?", [who, since])
    return count


def events(since: datetime | None = None, limit: int | None = None, path: Path | None = None
           ) -> Iterator[dict[str, Any]]:
    """Events, latest first."""
    query = "select at, event, who, address, detail from events"
    params: list[Any] = []
    if since is not None:
        query += " where at >= ?"
        params.append(since.astimezone(timezone.utc).isoformat(timespec="milliseconds"))
    query += " order by at desc, id desc"
    if limit is not None:
        query += " limit ?"
        params.append(limit)
    with closing(_connect(path or audit_path())) as connection:
        for at, event, who, address, detail in connection.execute(query, params):
            yield {"at": datetime.fromisoformat(at), "event": event, "who": who, "address": address,
                   "detail": detail}
