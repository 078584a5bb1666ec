"""Browser tests: the real app on a small demonstration warehouse, in headless Chromium."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

from pipelines.runs import bootstrap_demo

DEMO_UNTIL = date(2026, 10, 1)


def pytest_setup_options():
    # Debian's chromium as root: no sandbox, no GPU, no background traffic on a closed network.
    options = Options()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     "--window-size=1366,900"):
        options.add_argument(argument)
    return options


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """A small demonstration warehouse, built once and served to every browser test."""
    db_path = tmp_path_factory.mktemp("warehouse") / "workforce.duckdb"
    bootstrap_demo(db_path, scale=0.1, until=DEMO_UNTIL)
    previous = os.environ.get("WORKFORCE_DB")
    os.environ["WORKFORCE_DB"] = str(db_path)
    yield db_path
    if previous is None:
        os.environ.pop("WORKFORCE_DB", None)
    else:
        os.environ["WORKFORCE_DB"] = previous


@pytest.fixture
def dashboard_app(demo_warehouse):
    from app import create_app

    return create_app()


def pytest_collection_modifyitems(items):
    for item in items:
        if "integration" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def users(tmp_path, monkeypatch):
    """A users file with one person per role (and an hr person of employer E0001), set for the app."""
    from tests.accounts_factory import make_users

    path = make_users(tmp_path / "users.toml")
    monkeypatch.setenv("WORKFORCE_USERS", str(path))
    monkeypatch.setenv("WORKFORCE_AUDIT_PATH", str(tmp_path / "audit.sqlite"))
    return path
