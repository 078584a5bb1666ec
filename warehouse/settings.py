"""Every setting of the product, in one table: name, default, help text.

A setting is read from the environment variable ``WORKFORCE_<NAME>`` (upper case),
``WORKFORCE_DB`` being the short name of ``db_path``. An environment variable
that starts with ``WORKFORCE_`` and names no setting is an error at start-up,
never a silently ignored typo.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

SHIPPED_REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
               "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def size(text: str) -> int:
    """Bytes from 32MB, 1.5GB, 512MiB or a plain number of bytes; KB/MB/GB count by 1000 as DuckDB's do."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    number, unit = match.groups()
    return int(float(number) * _SIZE_UNITS[(unit or "b").lower()])


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        return ENV_ALIASES.get(self.name, f"WORKFORCE_{self.name.upper()}")


SETTINGS: tuple[Setting, ...] = (
    Setting("db_path", "data/workforce.duckdb",
            "Warehouse file, relative to the current directory unless absolute (git-ignored)."),
    Setting("reference_dir", str(SHIPPED_REFERENCE_DIR),
            "Folder of the reference CSVs (regions, trades, skills, programmes, goal); "
            "point it at an edited copy to change them."),
    Setting("sql_time_limit_s", 10.0, "Analysts' SQL: seconds a query may run before it is stopped.", float),
    Setting("sql_row_cap", 10_000, "Analysts' SQL: rows returned at most; more is reported as truncated.", int),
    Setting("sql_memory_limit", "1GB", "Analysts' SQL: DuckDB memory limit of the sandbox."),
    Setting("sql_threads", 2, "Analysts' SQL: DuckDB threads of the sandbox.", int),
    Setting("sql_max_query_chars", 100_000,
            "Analysts' SQL: longest SQL text accepted, in characters; a longer one is refused before it is parsed.",
            int),
    Setting("sql_result_max_bytes", size("32MB"),
            "Analysts' SQL: bytes a result may hold (measured in the worker as Arrow data, before it is "
            "serialised); a larger one is refused with a message. Takes 32MB, 1GB or a number of bytes.", size),
    Setting("sql_workers", 2,
            "Analysts' SQL: worker processes that run the queries, per app (or command) process, one query each "
            "at a time, so that analysts' queries never take the dashboard's CPU or memory.", int),
    Setting("sql_queue", 4,
            "Analysts' SQL: queries that may wait for a free worker; past that a query is refused at once "
            "('the console is busy, try again in a moment').", int),
    Setting("sql_worker_memory", size("2GB"),
            "Analysts' SQL: OS memory cap (RLIMIT_DATA) of each worker process: an allocation past it fails that "
            "query alone. Keep it above WORKFORCE_SQL_MEMORY_LIMIT plus WORKFORCE_SQL_RESULT_MAX_BYTES and "
            "300MB for the worker itself. Takes 2GB, 1500MB or a number of bytes.", size),
    Setting("sql_worker_nice", 10,
            "Analysts' SQL: how much lower the workers' CPU priority is (os.nice), so the dashboard's queries "
            "go first.", int),
    Setting("sql_grace_s", 2.0,
            "Analysts' SQL: seconds past the time limit after which a worker that has not answered is killed "
            "and replaced.", float),
    Setting("sql_log_path", "",
            "Analysts' SQL: file that receives one JSON line per query (empty: next to the warehouse, "
            "as <db>.sql-log.jsonl)."),
    Setting("sql_log_max_bytes", size("10MB"),
            "Analysts' SQL: size past which the SQL log is rotated to <log>.1 (and .1 to .2, ...). "
            "Takes 10MB, 1GB or a number of bytes.", size),
    Setting("sql_log_backups", 5, "Analysts' SQL: rotated SQL logs kept; the oldest goes.", int),
    Setting("sql_log_sql_chars", 10_000,
            "Analysts' SQL: characters of a query's SQL the log keeps; a longer SQL is stored cut, "
            "with its full length.", int),
    Setting("privacy_threshold", 5,
            "Learner counts below this are shown as '< N' on screens and exports for HR and the committee.", int),
)

ENV_ALIASES = {"db_path": "WORKFORCE_DB"}
_BY_NAME = {setting.name: setting for setting in SETTINGS}


class SettingsError(ValueError):
    """A WORKFORCE_* environment variable that is unknown or does not parse."""


def check_environment(environ: dict[str, str] | None = None) -> None:
    """Refuse WORKFORCE_* variables that name no setting (typos), listing the known ones."""
    environ = os.environ if environ is None else environ
    known = {setting.env_var for setting in SETTINGS}
    unknown = sorted(name for name in environ if name.startswith("WORKFORCE_") and name not in known)
    if unknown:
        raise SettingsError(
            f"Unknown setting(s) {', '.join(unknown)}. Known: {', '.join(sorted(known))}. "
            "Fix the name or unset the variable."
        )


def get(name: str, environ: dict[str, str] | None = None) -> Any:
    """The value of one setting: the environment's when set, else the default."""
    environ = os.environ if environ is None else environ
    try:
        setting = _BY_NAME[name]
    except KeyError:
        raise SettingsError(f"No setting named {name!r}; known: {', '.join(_BY_NAME)}") from None
    raw = environ.get(setting.env_var)
    if raw is None or raw == "":
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError:
        raise SettingsError(
            f"{setting.env_var}={raw!r} is not a valid {setting.parse.__name__}: {setting.help}"
        ) from None


def settings_markdown() -> str:
    """docs/settings.md, generated from the table above (a test keeps the file in step)."""
    lines = [
        "# Settings",
        "",
        "Each setting is read from its environment variable; an unknown `WORKFORCE_*` variable is an error",
        "at start-up. This page is generated from `warehouse/settings.py`.",
        "",
        "| variable | default | what it does |",
        "|---|---|---|",
    ]
    for setting in SETTINGS:
        default = "the shipped `warehouse/reference/`" if setting.name == "reference_dir" else f"`{setting.default}`"
        lines.append(f"| `{setting.env_var}` | {default} | {setting.help} |")
    return "\n".join(lines) + "\n"
