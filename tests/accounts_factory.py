"""A users file for tests: one person per role, each with the password PASSWORD.

    make_users(tmp_path / "users.toml")      # ana (analyst), adam (admin), stella (steering), hugo (hr, E0001)
"""

from __future__ import annotations

from pathlib import Path

from dashboard.accounts import Account, hash_password, write

PASSWORD = "correct horse battery staple"
PEOPLE = {"ana": ("analyst", None), "adam": ("admin", None), "stella": ("steering", None), "hugo": ("hr", "E0001")}


def make_users(path: Path, employer: str = "E0001") -> Path:
    hashed = hash_password(PASSWORD)  # one hash for all: argon2 is slow on purpose
    write(path, [Account(name, role, hashed, employer if role == "hr" else None)
                 for name, (role, _) in PEOPLE.items()])
    return path
