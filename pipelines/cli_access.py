"""`workforce users ...` and `workforce audit`: who may sign in, their API tokens, and what they did.

The users file is WORKFORCE_USERS (or --users); passwords are asked twice without echo, or read
from standard input with --password-stdin (for scripts), and stored as argon2id hashes only.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from dashboard import accounts, audit
from dashboard.access import ROLES
from warehouse import settings
from warehouse.connect import WarehouseMissing, query, resolve_db_path

users_app = typer.Typer(help="Who may sign in: add, list, remove users; passwords; analysts' API tokens.",
                        no_args_is_help=True)

UsersOption = Annotated[Optional[Path], typer.Option(
    "--users", help="Users file (default: WORKFORCE_USERS).", show_default=False)]
DbOption = Annotated[Optional[Path], typer.Option(
    "--db", help="Warehouse whose employers an hr user may belong to (default: WORKFORCE_DB).", show_default=False)]


def _console():
    from pipelines.cli import err, fail, out

    return out, err, fail


def _users_file(users: Path | None) -> Path:
    _, _, fail = _console()
    path = users or (Path(settings.get("users")) if settings.get("users") else None)
    if path is None:
        raise fail("No users file: set WORKFORCE_USERS to its path (it is created by the first `users add`), "
                   "or give --users PATH.", 2)
    return path.expanduser().absolute()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _known_employers(db: Path | None) -> list[str]:
    _, _, fail = _console()
    db_path = resolve_db_path(db)
    try:
        return query("select distinct employer_id from fact_hiring order by employer_id", db=db_path)[
            "employer_id"].to_list()
    except WarehouseMissing:
        raise fail(f"No warehouse at {db_path}, so the employer cannot be checked: load the hiring files first "
                   "(`workforce ingest`), or give --db PATH.") from None


def _apply(action, *args, **kwargs):
    _, _, fail = _console()
    try:
        return action(*args, **kwargs)
    except accounts.AccountError as error:
        raise fail(str(error)) from None


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Username: lower-case letters, digits, '.', '_' or '-'.")],
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.", show_default=False)],
    employer: Annotated[Optional[str], typer.Option(help="For hr: the employer id, as in the hiring files.")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")] = False,
    users: UsersOption = None,
    db: DbOption = None,
) -> None:
    """Add a user with a role (and, for hr, an employer the warehouse knows)."""
    out, _, fail = _console()
    path = _users_file(users)
    if role not in ROLES:
        raise fail(f"--role {role!r} is not a role; use one of {', '.join(ROLES)}.", 2)
    known = _known_employers(db) if employer else None
    account = _apply(accounts.add, path, name, role, _password(password_stdin), employer, known)
    audit.record("users", name, {"change": "added", "role": role, "employer": employer})
    out.print(f"Added {account.name} ({account.role}{', ' + account.employer if account.employer else ''}) "
              f"to {path}.", highlight=False)


@users_app.command("list")
def list_users(users: UsersOption = None) -> None:
    """Every user with role, employer and API tokens (never a password)."""
    out, _, _ = _console()
    path = _users_file(users)
    table = Table(title=str(path), title_justify="left")
    for column in ("user", "role", "employer", "tokens"):
        table.add_column(column)
    for account in sorted(_apply(accounts.read, path).values(), key=lambda item: item.name):
        tokens = ", ".join(f"{token.id} ({token.created:%Y-%m-%d})" for token in account.tokens)
        table.add_row(account.name, account.role, account.employer or "", tokens)
    out.print(table)


@users_app.command("remove")
def remove(name: str, users: UsersOption = None) -> None:
    """Remove a user: its sessions and tokens stop working at its next request."""
    out, _, _ = _console()
    path = _users_file(users)
    _apply(accounts.remove, path, name)
    audit.record("users", name, {"change": "removed"})
    out.print(f"Removed {name} from {path}.", highlight=False)


@users_app.command("passwd")
def passwd(
    name: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")] = False,
    users: UsersOption = None,
) -> None:
    """Set a user's password; the sessions opened with the old one end."""
    out, _, _ = _console()
    path = _users_file(users)
    _apply(accounts.set_password, path, name, _password(password_stdin))
    audit.record("users", name, {"change": "password"})
    out.print(f"Password of {name} changed.", highlight=False)


@users_app.command("token")
def token(
    name: str,
    revoke: Annotated[Optional[str], typer.Option(help="Revoke the token with this id instead.")] = None,
    users: UsersOption = None,
) -> None:
    """Create an API token for an analyst or admin (shown once), or revoke one with --revoke ID."""
    out, err, _ = _console()
    path = _users_file(users)
    if revoke:
        _apply(accounts.revoke_token, path, name, revoke)
        audit.record("users", name, {"change": "token revoked", "token": revoke})
        out.print(f"Token {revoke} of {name} revoked.", highlight=False)
        return
    record, secret = _apply(accounts.create_token, path, name)
    audit.record("users", name, {"change": "token created", "token": record.id})
    err.print(f"Token {record.id} for {name}; it is shown once, keep it like a password. Use it as "
              "`Authorization: Bearer <token>` on the data URLs (/data/...).", highlight=False)
    out.print(secret, highlight=False)


def audit_command(
    since: Annotated[Optional[str], typer.Option(
        help="From this date (YYYY-MM-DD) or this many days back (7d), UTC.", show_default=False)] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most recent events at most.")] = 200,
) -> None:
    """Print the audit log: sign-ins and failures, SQL queries, exports and data URLs, with who and when."""
    out, _, fail = _console()
    start = None
    if since:
        try:
            start = (datetime.now(timezone.utc) - timedelta(days=int(since[:-1]))) if since.endswith("d") else \
                datetime.fromisoformat(since).replace(tzinfo=timezone.utc)
        except ValueError:
            raise fail(f"--since {since!r} is neither a date (2026-11-01) nor a number of days (7d).", 2) from None
    table = Table(title=f"Audit log {audit.audit_path()}", title_justify="left")
    for column in ("when (UTC)", "event", "who", "from", "detail"):
        table.add_column(column, overflow="fold")
    for event in audit.events(since=start, limit=limit):
        table.add_row(f"{event['at']:%Y-%m-%d %H:%M:%S}", event["event"], event["who"], event["address"] or "",
                      event["detail"] or "")
    out.print(table)
