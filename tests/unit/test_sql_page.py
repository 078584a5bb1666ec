"""The SQL console's parts without a browser: result -> grid columns and rows, error -> message, link, files."""

from __future__ import annotations

from dashboard.access import Viewer

import io
import json
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qs

import polars as pl
import pytest
from dash import html

from dashboard.i18n import LABELS, NNBSP, t
from dashboard.sql_console import (ERROR, FORMATS, SUMMARY, TRUNCATED, download_name, error_alert, grid_columns,
                                   identifier, result_file, result_view, run_view, share_search, shown_frame)
from warehouse.examples import EXAMPLES
from warehouse.publish import rebuilding
from warehouse.sandbox import SandboxError, SqlResult


def result(frame: pl.DataFrame, truncated: bool = False, row_cap: int = 10_000) -> SqlResult:
    return SqlResult(columns=frame.columns, frame=frame, truncated=truncated, duration_ms=12.3, row_cap=row_cap)


def find(component, component_id: str):
    """The descendant of a component tree with this id, or None."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found = find(child, component_id)
            if found is not None:
                return found
    return None


def text_of(component) -> str:
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    children = getattr(component, "children", None)
    return "".join(text_of(child) for child in (children if isinstance(children, list) else [children]))


# --- the link -------------------------------------------------------------------------------------

SQL_WITH_EVERYTHING = "select 'a&b=c #1 % é' as \"odd name\"\nfrom dim_region\nwhere region_code = '11' -- +"


@pytest.mark.parametrize("lang, expected_lang", [("fr", None), ("en", ["en"])])
def test_the_link_carries_the_sql_exactly_and_the_language_when_not_french(lang, expected_lang):
    search = share_search(SQL_WITH_EVERYTHING, lang)
    assert search.startswith("?q=")
    parsed = parse_qs(search[1:], keep_blank_values=True)
    assert parsed["q"] == [SQL_WITH_EVERYTHING]
    assert parsed.get("lang") == expected_lang


@pytest.mark.parametrize("name, expected", [
    ("fact_hiring", "fact_hiring"),
    ("region_code", "region_code"),
    ("Region Name", '"Region Name"'),
    ('say "hi"', '"say ""hi"""'),
    ("raw.hiring", '"raw"."hiring"'),
])
def test_schema_names_are_inserted_as_sql_reads_them(name, expected):
    assert identifier(name) == expected


# --- result -> grid ---------------------------------------------------------------------------------

TYPED = pl.DataFrame({
    "region_code": ["11"],
    "openings": pl.Series([1869], dtype=pl.Int64),
    "coverage": [0.2648],
    "amount": pl.Series([Decimal("3.25")], dtype=pl.Decimal(10, 2)),
    "month": [date(2024, 1, 1)],
    "built_at": [datetime(2024, 1, 2, 3, 4, 5)],
    "is_demo": [True],
    "big": pl.Series([12_345_678_901_234_567], dtype=pl.Int64),
    "codes": [["A", "B"]],
    "a.b": [1],
})


def test_grid_columns_are_typed_sortable_and_keep_the_sql_names():
    columns = {column["field"]: column for column in grid_columns(TYPED, "fr")}
    assert list(columns) == TYPED.columns
    assert {name: column["cellDataType"] for name, column in columns.items()} == {
        "region_code": "text", "openings": "number", "coverage": "number", "amount": "number",
        "month": "dateString", "built_at": "text", "is_demo": "boolean", "big": "text", "codes": "text",
        "a.b": "number",
    }
    assert all(column["headerName"] == name for name, column in columns.items())
    assert columns["openings"]["type"] == "rightAligned"
    assert columns["openings"]["filter"] == "agNumberColumnFilter"
    assert columns["coverage"]["valueFormatter"] == {"function": "sqlNumber(params.value, 'fr')"}
    assert grid_columns(TYPED, "en")[2]["valueFormatter"] == {"function": "sqlNumber(params.value, 'en')"}
    assert columns["big"]["type"] == "rightAligned"  # a number, sent as text so no digit is lost
    assert columns["amount"]["headerTooltip"].startswith("Decimal")


def test_grid_rows_are_true_values_a_browser_can_hold():
    [row] = shown_frame(TYPED).to_dicts()
    assert row == {
        "region_code": "11", "openings": 1869, "coverage": 0.2648, "amount": 3.25, "month": "2024-01-01",
        "built_at": "2024-01-02 03:04:05.000000", "is_demo": True, "big": "12345678901234567",
        "codes": '["A", "B"]', "a.b": 1,
    }
    json.dumps(row)  # nothing left that JSON cannot carry


def test_learner_counts_are_not_masked_in_the_console():
    small = pl.DataFrame({"graduates": [2], "supply": [1]})  # would show "< 5" on the dashboards
    assert shown_frame(small).to_dicts() == [{"graduates": 2, "supply": 1}]


def test_a_result_shows_its_row_count_and_duration():
    view = html.Div(result_view(result(TYPED), "fr"))
    assert text_of(find(view, SUMMARY)) == "1 ligne(s) · 10 colonne(s) · 12 ms"
    assert find(view, TRUNCATED) is None


@pytest.mark.parametrize("lang, notice", [
    ("fr", f"10{NNBSP}000 premières lignes affichées — le résultat est tronqué."),
    ("en", "First 10,000 rows shown — the result is truncated."),
])
def test_a_truncated_result_says_so(lang, notice):
    view = html.Div(result_view(result(TYPED, truncated=True), lang))
    assert notice in text_of(find(view, TRUNCATED))


# --- error -> message ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind, lang, heading, color", [
    ("refused", "fr", "Requête refusée", "warning"),
    ("syntax", "fr", "Erreur de syntaxe", "danger"),
    ("timeout", "en", "Time limit reached", "warning"),
    ("error", "en", "The query failed", "danger"),
])
def test_an_error_is_a_heading_in_the_language_and_the_sandbox_message(kind, lang, heading, color):
    message = "Refused: DROP drops an object. Only read queries run here."
    alert = error_alert(SandboxError(kind, message), lang)
    assert alert.id == ERROR and alert.color == color
    assert text_of(alert) == heading + message
    assert "Traceback" not in text_of(alert)


@pytest.mark.parametrize("lang, text", [
    ("fr", "Requête refuséeRequête refusée\u00a0: DROP supprime un objet. Seules les requêtes de lecture "
           "s'exécutent ici (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN), une à la fois."),
    ("en", "Query refusedRefused: DROP drops an object. Only read queries run here (SELECT, WITH, FROM, VALUES, "
           "TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN), one at a time."),
])
def test_the_sandbox_message_is_in_the_page_language(lang, text):
    assert text_of(error_alert(SandboxError.of("statement.drops", keyword="DROP"), lang)) == text


@pytest.mark.parametrize("lang, heading, message", [
    ("fr", "Console occupée", "la console est occupée, réessayez dans un instant (4 requêtes en cours et 2 en "
                              "attente)."),
    ("en", "The console is busy", "the console is busy, try again in a moment (4 queries are running and 2 "
                                  "waiting)."),
])
def test_a_busy_console_has_its_own_heading(lang, heading, message):
    alert = error_alert(SandboxError.of("busy", running=4, waiting=2), lang)
    assert alert.children[0].children == heading
    assert alert.children[1].children.endswith(message)
    assert alert.color == "warning"


# --- files -----------------------------------------------------------------------------------------

def test_a_result_downloads_as_csv_xlsx_and_parquet_with_every_value():
    csv = result_file(TYPED, "csv").decode("utf-8-sig")
    assert csv.splitlines()[0] == ",".join(TYPED.columns)
    assert "12345678901234567" in csv and '"[""A"", ""B""]"' in csv
    assert pl.read_excel(io.BytesIO(result_file(TYPED, "xlsx")))["openings"].to_list() == [1869]
    assert pl.read_parquet(io.BytesIO(result_file(TYPED, "parquet"))).equals(TYPED)


def test_a_download_is_named_for_when_it_was_made():
    assert [download_name(file_format, datetime(2026, 3, 4, 5, 6, 7)) for file_format in FORMATS] == [
        "sql-result-2026-03-04-050607.csv", "sql-result-2026-03-04-050607.xlsx",
        "sql-result-2026-03-04-050607.parquet"]


# --- a run, through the sandbox --------------------------------------------------------------------

ANALYST = Viewer("ana", "analyst")


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "workforce.duckdb"
    with rebuilding(path) as con:
        con.execute("create table numbers as select range as n from range(8)")
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setenv("WORKFORCE_SQL_LOG_PATH", str(tmp_path / "sql-log.jsonl"))
    monkeypatch.setenv("WORKFORCE_SQL_ROW_CAP", "5")
    return tmp_path


def test_a_run_goes_through_the_sandbox_and_is_logged_as_the_web_caller(warehouse):
    view, state = run_view("select n from numbers order by n", "fr", "web 10.0.0.7", ANALYST)
    assert state == {"sql": "select n from numbers order by n", "ok": True,
                     "search": "?q=select+n+from+numbers+order+by+n",
                     "switch": "/sql?q=select+n+from+numbers+order+by+n&lang=en"}
    page = html.Div(view)
    assert "5 premières lignes affichées" in text_of(find(page, TRUNCATED))
    assert [row["n"] for row in find(page, "sql-grid").rowData] == [0, 1, 2, 3, 4]
    [logged] = [json.loads(line) for line in (warehouse / "sql-log.jsonl").read_text().splitlines()]
    assert logged["who"] == "web 10.0.0.7" and logged["status"] == "ok" and logged["truncated"] is True


def test_a_refused_run_shows_the_refusal_and_cannot_be_downloaded(warehouse):
    view, state = run_view("drop table numbers", "en", "web 10.0.0.7", ANALYST)
    assert state["ok"] is False and state["sql"] == "drop table numbers"
    assert text_of(find(html.Div(view), ERROR)).startswith("Query refusedRefused: DROP")


# --- labels ------------------------------------------------------------------------------------------

def test_every_example_has_a_title_and_a_question_in_both_languages_the_english_ones_its_own():
    for example in EXAMPLES:
        for part in ("title", "question"):
            assert set(LABELS[f"sql.example.{example.name}.{part}"]) == {"fr", "en"}
        assert t(f"sql.example.{example.name}.title", "en") == example.title
        assert t(f"sql.example.{example.name}.question", "en") == example.question
