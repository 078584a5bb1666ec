"""The settings table: defaults, environment overrides, typos refused at start-up."""

from __future__ import annotations

import re

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


def test_every_value_that_is_set_is_parsed_at_start_up():
    with pytest.raises(settings.SettingsError) as error:
        settings.check_environment({"WORKFORCE_PRIVACY_THRESHOLD": "abc"})
    assert str(error.value).startswith(
        "WORKFORCE_PRIVACY_THRESHOLD='abc' is not valid: it takes a whole number of 1 or more (Learner counts below")
    assert str(error.value).endswith("Fix the value or unset the variable.")


@pytest.mark.parametrize("variable, value, accepts", [
    ("WORKFORCE_SQL_TIME_LIMIT_S", "-3", "a number above 0"),
    ("WORKFORCE_SQL_TIME_LIMIT_S", "inf", "a number above 0"),
    ("WORKFORCE_SQL_MEMORY_LIMIT", "lots", "a size such as 512MB or 1GB"),
    ("WORKFORCE_SQL_THREADS", "0", "a whole number from 1 to 256"),
    ("WORKFORCE_EARLIEST_DATE", "01/01/2015", "a date written 2015-01-01"),
    ("WORKFORCE_COUNT_MAX", "3000000000", "a whole number from 1 to 2,147,483,647"),
    ("WORKFORCE_REJECTED_ROWS_CAP", "2.5", "a whole number of 1 or more"),
])
def test_a_bad_value_names_the_setting_and_what_it_accepts(variable, value, accepts):
    with pytest.raises(settings.SettingsError, match=f"{variable}='{re.escape(value)}' is not valid: it takes {accepts}"):
        settings.check_environment({variable: value})


def test_all_bad_values_are_named_at_once_and_good_ones_pass():
    with pytest.raises(settings.SettingsError) as error:
        settings.check_environment({"WORKFORCE_SQL_ROW_CAP": "x", "WORKFORCE_SQL_THREADS": "y"})
    assert "WORKFORCE_SQL_ROW_CAP='x'" in str(error.value) and "WORKFORCE_SQL_THREADS='y'" in str(error.value)
    settings.check_environment({"WORKFORCE_SQL_MEMORY_LIMIT": "512MB", "WORKFORCE_EARLIEST_DATE": "2018-01-01",
                                "WORKFORCE_SQL_TIME_LIMIT_S": "2.5", "WORKFORCE_PRIVACY_THRESHOLD": "10"})
    from datetime import date

    assert settings.get("earliest_date", {"WORKFORCE_EARLIEST_DATE": "2018-01-01"}) == date(2018, 1, 1)


def test_the_app_refuses_to_start_on_a_bad_value():
    import os
    import subprocess
    import sys
    from pathlib import Path

    started = subprocess.run([sys.executable, "-c", "import app; app.main([])"], cwd=Path(__file__).parents[2],
                             env={**os.environ, "WORKFORCE_PRIVACY_THRESHOLD": "abc"}, capture_output=True, text=True,
                             timeout=120)
    assert started.returncode == 1
    assert "WORKFORCE_PRIVACY_THRESHOLD='abc' is not valid: it takes a whole number" in started.stderr
