"""The settings table: defaults, environment overrides, typos refused at start-up."""

from __future__ import annotations

import pytest

from warehouse import settings


def test_defaults_apply_when_the_environment_is_silent():
    assert settings.get("sql_row_cap", environ={}) == 10_000
    assert settings.get("sql_time_limit_s", environ={}) == 10.0
    assert settings.get("db_path", environ={}) == "data/workforce.duckdb"


def test_the_environment_overrides_and_is_parsed():
    assert settings.get("sql_row_cap", environ={"WORKFORCE_SQL_ROW_CAP": "25"}) == 25
    assert settings.get("db_path", environ={"WORKFORCE_DB": "/srv/w.duckdb"}) == "/srv/w.duckdb"


def test_an_unparsable_value_names_the_variable():
    with pytest.raises(settings.SettingsError, match="WORKFORCE_SQL_ROW_CAP='many'"):
        settings.get("sql_row_cap", environ={"WORKFORCE_SQL_ROW_CAP": "many"})


def test_an_unknown_workforce_variable_is_an_error_listing_the_known_ones():
    with pytest.raises(settings.SettingsError, match=r"WORKFORCE_SQL_ROWCAP.*Known: .*WORKFORCE_SQL_ROW_CAP"):
        settings.check_environment({"WORKFORCE_SQL_ROWCAP": "5", "PATH": "/bin"})


def test_an_unknown_setting_name_is_a_bug():
    with pytest.raises(settings.SettingsError, match="No setting named 'nope'"):
        settings.get("nope")


def test_every_setting_has_help_text():
    assert all(setting.help.strip() for setting in settings.SETTINGS)


def test_docs_settings_md_is_generated_from_the_table():
    from pathlib import Path

    document = Path(__file__).parents[2] / "docs" / "settings.md"
    assert document.read_text(encoding="utf-8") == settings.settings_markdown(), (
        "docs/settings.md is stale: regenerate it with "
        "python -c 'from warehouse.settings import settings_markdown; print(settings_markdown(), end=\"\")' > docs/settings.md")
