"""Every setting of the product, in one table: name, default, help text.

A setting is read from the environment variable ``WORKFORCE_<NAME>`` (upper case),
``WORKFORCE_DB`` being the short name of ``db_path``. An environment variable
that starts with ``WORKFORCE_`` and names no setting is an error at start-up,
never a silently ignored typo.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

SHIPPED_REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        return ENV_ALIASES.get(self.name, f"WORKFORCE_{self.name.upper()}")


def boolean(text: str) -> bool:
    """true/false, yes/no, 1/0, on/off (any case)."""
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(text)


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
    Setting("sql_log_path", "",
            "Analysts' SQL: file that receives one JSON line per query (empty: next to the warehouse, "
            "as <db>.sql-log.jsonl)."),
    Setting("privacy_threshold", 5,
            "Learner counts below this are shown as '< N' on screens and exports for HR and the committee.", int),
    Setting("users", "",
            "Users file (TOML, managed with `workforce users`). Set, nothing is served without signing in; "
            "empty, nobody signs in and the app shows the steering committee's view (the demonstration)."),
    Setting("secret_key", "",
            "Key that signs session cookies (keep it secret, the same for every worker); empty: generated "
            "once into <users file>.secret, readable by its owner only."),
    Setting("secure_cookies", False,
            "Mark the session cookie Secure (sent over HTTPS only): true when the app is served behind HTTPS.",
            boolean),
    Setting("session_hours", 12.0, "Hours a sign-in lasts before the person signs in again.", float),
    Setting("login_attempts", 5,
            "Failed sign-ins allowed per username within login_window_minutes; then even the right password "
            "is refused until the window passes.", int),
    Setting("login_window_minutes", 15.0, "The window of login_attempts, in minutes.", float),
    Setting("max_request_bytes", 2_000_000, "Largest request body the app accepts, in bytes.", int),
    Setting("audit_path", "",
            "Audit log (SQLite: sign-ins, SQL queries, exports, data URLs), kept apart from the warehouse so "
            "it survives rebuilds; empty: next to the warehouse, as <db>.audit.sqlite."),
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
