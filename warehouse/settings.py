"""Every setting of the product, in one table: name, default, help text.

A setting is read from the environment variable ``WORKFORCE_<NAME>`` (upper case),
``WORKFORCE_DB`` being the short name of ``db_path``. An environment variable
that starts with ``WORKFORCE_`` and names no setting is an error at start-up,
never a silently ignored typo; so is a value its setting does not accept
(``check_environment`` parses every one that is set). The plausibility
settings are the reference bounds of the data contract (docs/data-contract.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
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
class ValueType:
    """What a setting accepts, said for people ("a whole number from 1 to 100"), and its parser."""

    accepts: str
    parse: Callable[[str], Any]


def whole_number(minimum: int, maximum: int | None = None) -> ValueType:
    def parse(raw: str) -> int:
        value = int(raw.strip().replace("_", ""))
        if value < minimum or (maximum is not None and value > maximum):
            raise ValueError(raw)
        return value

    accepts = (f"a whole number from {minimum:,} to {maximum:,}" if maximum is not None
               else f"a whole number of {minimum:,} or more")
    return ValueType(accepts, parse)


def _positive_number(raw: str) -> float:
    value = float(raw.strip())
    if not value > 0 or value == float("inf"):
        raise ValueError(raw)
    return value


def _size(raw: str) -> str:
    if not re.fullmatch(r"\s*\d+(?:\.\d+)?\s*(?:[KMGT]i?B|B)\s*", raw, re.IGNORECASE):
        raise ValueError(raw)
    return raw.strip()


def _day(raw: str) -> date:
    return date.fromisoformat(raw.strip())


def _text(raw: str) -> str:
    return raw


TEXT = ValueType("any text", _text)
PATH = ValueType("a file or folder path", _text)
POSITIVE_NUMBER = ValueType("a number above 0, such as 10 or 2.5", _positive_number)
SIZE = ValueType("a size such as 512MB or 1GB", _size)
BYTES = ValueType("a size such as 32MB or 1GB, or a number of bytes", size)
DAY = ValueType("a date written 2015-01-01", _day)


def _boolean(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


BOOLEAN = ValueType("true or false (also yes/no, on/off, 1/0)", _boolean)


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    type: ValueType = TEXT

    @property
    def env_var(self) -> str:
        return ENV_ALIASES.get(self.name, f"WORKFORCE_{self.name.upper()}")


SETTINGS: tuple[Setting, ...] = (
    Setting("db_path", "data/workforce.duckdb",
            "Warehouse file, relative to the current directory unless absolute (git-ignored).", PATH),
    Setting("reference_dir", str(SHIPPED_REFERENCE_DIR),
            "Folder of the reference CSVs (regions, trades, skills, programmes, goal); "
            "point it at an edited copy to change them.", PATH),
    Setting("sql_time_limit_s", 10.0, "Analysts' SQL: seconds a query may run before it is stopped.",
            POSITIVE_NUMBER),
    Setting("sql_row_cap", 10_000, "Analysts' SQL: rows returned at most; more is reported as truncated.",
            whole_number(1)),
    Setting("sql_memory_limit", "1GB", "Analysts' SQL: DuckDB memory limit of the sandbox.", SIZE),
    Setting("sql_threads", 2, "Analysts' SQL: DuckDB threads of the sandbox.", whole_number(1, 256)),
    Setting("sql_log_path", "",
            "Analysts' SQL: file that receives one JSON line per query (empty: next to the warehouse, "
            "as <db>.sql-log.jsonl).", PATH),
    Setting("sql_max_query_chars", 100_000,
            "Analysts' SQL: longest SQL text accepted, in characters; a longer one is refused before it is parsed.",
            whole_number(1)),
    Setting("sql_result_max_bytes", size("32MB"),
            "Analysts' SQL: bytes a result may hold (measured in the worker as Arrow data, before it is "
            "serialised); a larger one is refused with a message. Takes 32MB, 1GB or a number of bytes.", BYTES),
    Setting("sql_workers", 2,
            "Analysts' SQL: worker processes that run the queries, per app (or command) process, one query each "
            "at a time, so that analysts' queries never take the dashboard's CPU or memory.", whole_number(1)),
    Setting("sql_queue", 4,
            "Analysts' SQL: queries that may wait for a free worker; past that a query is refused at once "
            "('the console is busy, try again in a moment').", whole_number(0)),
    Setting("sql_worker_memory", size("2GB"),
            "Analysts' SQL: OS memory cap (RLIMIT_DATA) of each worker process: an allocation past it fails that "
            "query alone. Keep it above WORKFORCE_SQL_MEMORY_LIMIT plus WORKFORCE_SQL_RESULT_MAX_BYTES and "
            "300MB for the worker itself. Takes 2GB, 1500MB or a number of bytes.", BYTES),
    Setting("sql_worker_nice", 10,
            "Analysts' SQL: how much lower the workers' CPU priority is (os.nice), so the dashboard's queries "
            "go first.", whole_number(0, 19)),
    Setting("sql_grace_s", 2.0,
            "Analysts' SQL: seconds past the time limit after which a worker that has not answered is killed "
            "and replaced.", POSITIVE_NUMBER),
    Setting("sql_log_max_bytes", size("10MB"),
            "Analysts' SQL: size past which the SQL log is rotated to <log>.1 (and .1 to .2, ...). "
            "Takes 10MB, 1GB or a number of bytes.", BYTES),
    Setting("sql_log_backups", 5, "Analysts' SQL: rotated SQL logs kept; the oldest goes.", whole_number(0)),
    Setting("sql_log_sql_chars", 10_000,
            "Analysts' SQL: characters of a query's SQL the log keeps; a longer SQL is stored cut, "
            "with its full length.", whole_number(1)),
    Setting("answer_cache_bytes", size("256MB"),
            "Dashboard: memory each app process may give to the answers it keeps until the next publish "
            "(least recently used out first). Takes 256MB, 1GB or a number of bytes.", BYTES),
    Setting("answer_cache_warm", 50,
            "Dashboard: after a publish, how many of the questions asked last are asked again on the new "
            "warehouse in the background, so the views people open first are ready (0: none).", whole_number(0)),
    Setting("privacy_threshold", 5,
            "Learner counts below this are shown as '< N' on screens and exports for HR and the committee.",
            whole_number(1)),
    Setting("earliest_date", date(2015, 1, 1),
            "Plausibility: the start of the programme window. An input date (or month) before it rejects its row.",
            DAY),
    Setting("planned_end_years", 3,
            "Plausibility: how many years after today a planned end date (an enrolment in progress) may lie; "
            "later ones reject their row.", whole_number(0, 50)),
    Setting("count_max", 100_000,
            "Plausibility: the largest count one input row may carry (hiring's openings, hires, ...; BMO's met, "
            "xmet, smet); a larger one rejects its row.", whole_number(1, 2_147_483_647)),
    Setting("id_max_chars", 64,
            "Plausibility: the longest identifier or code of an input row (learner, employer, BMO codes); "
            "a longer one rejects its row.", whole_number(1, 10_000)),
    Setting("text_max_chars", 500,
            "Plausibility: the longest label of an input row (BMO's names of occupations and places); "
            "a longer one rejects its row.", whole_number(1, 1_000_000)),
    Setting("rejected_rows_cap", 10_000,
            "Rejected values kept in rejected_rows per file; past it one summary row says how many more there "
            "were (the file's counts stay exact).", whole_number(1)),
    Setting("gzip_max_mb", 4_096,
            "Ingest: the most a .gz input may decompress to, in MB; a larger one is refused "
            "(a guard against decompression bombs).", whole_number(1)),
    Setting("download_max_rows", 200_000,
            "Rows a card's download or data URL holds at most; past it the file holds the first ones and says so "
            "(the SQL console and `workforce export` give everything).", whole_number(1, 1_048_575)),
    Setting("users", "",
            "Users file (TOML, managed with `workforce users`). Set, nothing is served without signing in; "
            "empty, nobody signs in and the app shows the steering committee's view (the demonstration).", PATH),
    Setting("secret_key", "",
            "Key that signs session cookies (keep it secret, the same for every worker); empty: generated "
            "once into <users file>.secret, readable by its owner only.", TEXT),
    Setting("secure_cookies", False,
            "Mark the session cookie Secure (sent over HTTPS only): true when the app is served behind HTTPS.",
            BOOLEAN),
    Setting("session_hours", 12.0, "Hours a sign-in lasts, counted from the sign-in however busy the person is, "
            "before they sign in again.", POSITIVE_NUMBER),
    Setting("login_attempts", 5,
            "Failed sign-ins allowed per username within login_window_minutes; then even the right password "
            "is refused until the window passes.", whole_number(1)),
    Setting("login_window_minutes", 15.0, "The window of login_attempts, in minutes.", POSITIVE_NUMBER),
    Setting("max_request_bytes", 2_000_000, "Largest request body the app accepts, in bytes.", whole_number(1_000)),
    Setting("audit_path", "",
            "Audit log (SQLite: sign-ins, SQL queries, exports, data URLs), kept apart from the warehouse so "
            "it survives rebuilds; empty: next to the warehouse, as <db>.audit.sqlite.", PATH),
    Setting("chromium", "",
            "Chromium executable the committee's PDF report is drawn and printed with (`workforce report`, "
            "/report.pdf); empty: the first of chromium, chromium-browser, google-chrome on the PATH.", PATH),
)

ENV_ALIASES = {"db_path": "WORKFORCE_DB"}
_BY_NAME = {setting.name: setting for setting in SETTINGS}


class SettingsError(ValueError):
    """A WORKFORCE_* environment variable that is unknown or does not parse."""


def check_environment(environ: dict[str, str] | None = None) -> None:
    """Refuse WORKFORCE_* variables that name no setting (typos), listing the known ones, and parse every
    one that is set, so that a bad value stops start-up rather than the first request that reads it."""
    environ = os.environ if environ is None else environ
    known = {setting.env_var for setting in SETTINGS}
    unknown = sorted(name for name in environ if name.startswith("WORKFORCE_") and name not in known)
    if unknown:
        raise SettingsError(
            f"Unknown setting(s) {', '.join(unknown)}. Known: {', '.join(sorted(known))}. "
            "Fix the name or unset the variable."
        )
    problems = []
    for setting in SETTINGS:
        try:
            get(setting.name, environ)
        except SettingsError as error:
            problems.append(str(error))
    if problems:
        raise SettingsError(" ".join(problems))


def get(name: str, environ: dict[str, str] | None = None) -> Any:
    """The value of one setting: the environment's when set, else the default."""
    environ = os.environ if environ is None else environ
    setting = _setting(name)
    raw = environ.get(setting.env_var)
    if raw is None or raw == "":
        return setting.default
    try:
        return setting.type.parse(raw)
    except ValueError:
        raise SettingsError(
            f"{setting.env_var}={raw!r} is not valid: it takes {setting.type.accepts} ({setting.help}) "
            "Fix the value or unset the variable."
        ) from None


def default(name: str) -> Any:
    return _setting(name).default


def env_var(name: str) -> str:
    return _setting(name).env_var


def _setting(name: str) -> Setting:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise SettingsError(f"No setting named {name!r}; known: {', '.join(_BY_NAME)}") from None


def settings_markdown() -> str:
    """docs/settings.md, generated from the table above (a test keeps the file in step)."""
    lines = [
        "# Settings",
        "",
        "Each setting is read from its environment variable; an unknown `WORKFORCE_*` variable is an error",
        "at start-up. This page is generated from `warehouse/settings.py`.",
        "",
        "Every variable that is set is parsed at start-up too: a value it does not accept stops the app or the",
        "command with a message naming the variable and what it takes.",
        "",
        "| variable | default | accepts | what it does |",
        "|---|---|---|---|",
    ]
    for setting in SETTINGS:
        shown = "the shipped `warehouse/reference/`" if setting.name == "reference_dir" else f"`{setting.default}`"
        lines.append(f"| `{setting.env_var}` | {shown} | {setting.type.accepts} | {setting.help} |")
    return "\n".join(lines) + "\n"
