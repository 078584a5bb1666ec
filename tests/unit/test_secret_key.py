"""The session key generated beside the users file: one key, readable by its owner only, the same for every
worker, even for workers that start at the same moment."""

from __future__ import annotations

import stat
from concurrent.futures import ProcessPoolExecutor

from dashboard import auth


def _key(users_file: str) -> str:
    from pathlib import Path

    return auth._secret_key.__wrapped__(Path(users_file), "")


def test_the_generated_key_is_one_file_of_its_owner_and_read_back(tmp_path):
    users = tmp_path / "users.toml"
    key = _key(str(users))
    key_file = tmp_path / "users.toml.secret"
    assert len(key) == 64 and key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _key(str(users)) == key
    assert [path.name for path in tmp_path.iterdir()] == ["users.toml.secret"]  # no draft left behind


def test_workers_starting_together_sign_with_the_same_key(tmp_path):
    users = str(tmp_path / "users.toml")
    with ProcessPoolExecutor(max_workers=6) as pool:
        keys = list(pool.map(_key, [users] * 24))
    assert len(set(keys)) == 1 and all(len(key) == 64 for key in keys)


def test_a_configured_key_is_used_as_it_is(tmp_path):
    assert auth._secret_key.__wrapped__(tmp_path / "users.toml", "from-the-settings") == "from-the-settings"
    assert not (tmp_path / "users.toml.secret").exists()
