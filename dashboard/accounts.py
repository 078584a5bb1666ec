"""The users file: who may sign in, with which role and employer; passwords and API tokens as hashes.

The file is TOML, named by WORKFORCE_USERS, written by ``workforce users`` (never by hand needed):

    [users.alice]
    role = "hr"
    employer = "EMP-0042"
    password = "$argon2id$v=19$m=65536,t=3,p=4$..."     # argon2id, never the password itself

    [[users.alice.tokens]]                               # analysts' and admins' API tokens
    id = "k3f9a1"
    sha256 = "..."                                       # of the token; the token is shown once
    created = 2026-12-01T09:00:00Z

Writes are atomic (a private copy renamed over the file) and the file is readable by its owner
only. Readers reload it when it changes, so ``users remove`` or ``users token --revoke`` takes
effect at the next request of every worker.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tempfile
import threading
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import tomli_w
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.access import ROLES, Viewer

TOKEN_PREFIX = "wf_"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_HASHER = PasswordHasher()
# Verifying against this when the name is unknown takes as long as a real check: the time of an answer
# does not tell which names exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A users-file operation that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Token:
    id: str
    sha256: str
    created: datetime


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password: str  # argon2 hash
    employer: str | None = None
    tokens: tuple[Token, ...] = field(default=())

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.name, self.role, self.employer)  # type: ignore[arg-type]


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise AccountError(f"{name!r} is not a valid username: lower-case letters, digits, '.', '_' or '-', "
                           "starting with a letter or digit, at most 64 characters.")
    return name


def check_password(password: str) -> str:
    if len(password) < 12:
        raise AccountError("The password is too short: use at least 12 characters (a few words make a good one).")
    if len(password) > 1024:
        raise AccountError("The password is too long: use at most 1,024 characters.")
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(check_password(password))


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- the file ------------------------------------------------------------------------------

def read(path: Path) -> dict[str, Account]:
    """The accounts of the file; a missing file has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AccountError(f"The users file {path} is not valid TOML ({error}); fix it or restore it.") from None
    accounts = {}
    for name, entry in (data.get("users") or {}).items():
        try:
            accounts[name] = Account(
                name=name, role=entry["role"], password=entry["password"], employer=entry.get("employer"),
                tokens=tuple(Token(token["id"], token["sha256"], token["created"])
                             for token in entry.get("tokens", [])))
            accounts[name].viewer  # checks the role and the employer
        except (KeyError, TypeError, ValueError) as error:
            raise AccountError(f"The users file {path} has a broken entry for {name!r} ({error}); "
                               "remove it with `workforce users remove` and add it again.") from None
    return accounts


def write(path: Path, accounts: Iterable[Account]) -> None:
    """Replace the file with these accounts, atomically, readable by its owner only."""
    data = {"users": {}}
    for account in sorted(accounts, key=lambda item: item.name):
        entry: dict = {"role": account.role, "password": account.password}
        if account.employer:
            entry["employer"] = account.employer
        if account.tokens:
            entry["tokens"] = [{"id": token.id, "sha256": token.sha256, "created": token.created}
                               for token in account.tokens]
        data["users"][account.name] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(b"# Users of the bioproduction observatory: managed with `workforce users`.\n")
            tomli_w.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def add(path: Path, name: str, role: str, password: str, employer: str | None = None,
        known_employers: Iterable[str] | None = None) -> Account:
    """Add a user; an hr user needs an employer the warehouse knows (when the known ones are given)."""
    accounts = read(path)
    check_name(name)
    if name in accounts:
        raise AccountError(f"{name!r} already exists; change its password with `workforce users passwd {name}` "
                           f"or remove it first.")
    if role not in ROLES:
        raise AccountError(f"{role!r} is not a role; use one of {', '.join(ROLES)}.")
    if role == "hr" and not employer:
        raise AccountError("An hr user sees its own employer's detail: give --employer ID.")
    if role != "hr" and employer:
        raise AccountError(f"Only hr users belong to an employer; the {role} role sees every employer's "
                           "aggregates. Leave out --employer.")
    if employer and known_employers is not None:
        known = sorted(set(known_employers))
        if employer not in known:
            listed = ", ".join(known[:40]) + (f" and {len(known) - 40} more" if len(known) > 40 else "")
            raise AccountError(f"No employer {employer!r} in the warehouse's hiring data. Known employers: "
                               f"{listed or '(none loaded yet)'}.")
    account = Account(name, role, hash_password(password), employer)
    write(path, [*accounts.values(), account])
    return account


def remove(path: Path, name: str) -> None:
    accounts = read(path)
    if name not in accounts:
        raise AccountError(f"No user {name!r} in {path}; `workforce users list` shows who there is.")
    del accounts[name]
    write(path, accounts.values())


def set_password(path: Path, name: str, password: str) -> None:
    accounts = read(path)
    if name not in accounts:
        raise AccountError(f"No user {name!r} in {path}; `workforce users list` shows who there is.")
    accounts[name] = replace(accounts[name], password=hash_password(password))
    write(path, accounts.values())


def create_token(path: Path, name: str) -> tuple[Token, str]:
    """A new API token for an analyst or admin: (its record, the token itself, shown once)."""
    accounts = read(path)
    if name not in accounts:
        raise AccountError(f"No user {name!r} in {path}; `workforce users list` shows who there is.")
    account = accounts[name]
    if not account.viewer.may("api_token"):
        raise AccountError(f"{name!r} has the {account.role} role; API tokens are for analysts and admins.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = Token(secrets.token_hex(4), _token_digest(secret), datetime.now(timezone.utc).replace(microsecond=0))
    accounts[name] = replace(account, tokens=(*account.tokens, token))
    write(path, accounts.values())
    return token, secret


def revoke_token(path: Path, name: str, token_id: str) -> None:
    accounts = read(path)
    account = accounts.get(name)
    if account is None or not any(token.id == token_id for token in account.tokens):
        raise AccountError(f"{name!r} has no token {token_id!r}; `workforce users list` shows the tokens.")
    accounts[name] = replace(account, tokens=tuple(token for token in account.tokens if token.id != token_id))
    write(path, accounts.values())


# --- checking credentials --------------------------------------------------------------------

class Directory:
    """The accounts of a users file as the web app reads them: reloaded when the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._accounts: dict[str, Account] = {}

    def accounts(self) -> dict[str, Account]:
        try:
            stat = self.path.stat()
            stamp = (stat.st_ino, stat.st_mtime_ns)
        except FileNotFoundError:
            stamp = (0, 0)
        with self._lock:
            if stamp != self._stamp:
                self._accounts = read(self.path)
                self._stamp = stamp
            return self._accounts

    def get(self, name: str) -> Account | None:
        return self.accounts().get(name)

    def verify(self, name: str, password: str) -> Account | None:
        """The account when the password is right, else None (in about the same time either way)."""
        account = self.get(name)
        try:
            _HASHER.verify(account.password if account else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return account

    def by_token(self, token: str) -> Account | None:
        digest = _token_digest(token)
        for account in self.accounts().values():
            if account.viewer.may("api_token") and any(hmac.compare_digest(digest, item.sha256)
                                                       for item in account.tokens):
                return account
        return None
