"""The committee's PDF report, opened with pypdf: pages numbered "k / N" on every page, dated, its
sections in order, and its key numbers equal to the warehouse's and to what the screens' query
functions return for the same Context; `workforce report` in English; /report.pdf under the sign-in,
as the signed-in role sees it."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from dashboard import report
from dashboard.figures.goal import forecast_sentence
from dashboard.i18n import fmt_date, fmt_number, fmt_pct, t
from dashboard.privacy import shown
from dashboard.queries import goal as goal_queries
from dashboard.queries import report as report_queries
from dashboard.queries import skills as skills_queries
from pipelines.cli import app as cli
from pipelines.runs import bootstrap_demo
from tests.contexts import steering

AS_OF = date(2026, 10, 31)
SECTIONS = ("report.section.goal", "report.section.backtest", "report.section.shortages", "report.section.skills",
            "report.section.training", "report.section.public_demand", "report.section.changes",
            "report.section.sources")


def words(text: str) -> str:
    """The text as one line of single spaces (the PDF's no-break spaces, line breaks, breaks after a hyphen in a
    narrow column and any ligature fall away)."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))).strip()


def pages_of(path: Path) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(path).pages]


def scalar(db: Path, sql: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "workforce.duckdb"
    bootstrap_demo(path, scale=0.1, until=date(2026, 10, 1))
    return path


@pytest.fixture(scope="module")
def french(demo, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKFORCE_DB", str(demo))
        out = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
        summary = report.build_report(steering(), out, today=date(2026, 11, 3))
        yield out, summary


@pytest.fixture
def db(demo, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB", str(demo))
    return demo


def test_the_report_is_a_dated_paginated_a4_document(french):
    out, summary = french
    reader = PdfReader(out)
    pages = pages_of(out)
    assert len(pages) >= 7
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in text
        assert "Données au 31 octobre 2026" in text and "Édité le 3 novembre 2026" in text
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in millimetres
    assert reader.metadata.title == "Rapport du comité de pilotage — octobre 2026"
    assert summary.bytes == out.stat().st_size and summary.seconds > 0


def test_the_sections_come_in_order_each_chart_with_its_source(french):
    text = " ".join(pages_of(french[0]))
    positions = [text.index(t(key, "fr")) for key in SECTIONS]
    assert positions == sorted(positions)
    for source in ("mart_goal_path, mart_goal_forecast", "mart_goal_forecast_band", "mart_goal_forecast_backtest",
                   "mart_talent_gap", "mart_blocking_skills", "mart_training_pathway", "mart_hiring_monthly"):
        assert f"Source : {source}" in text
    assert "Source : mart_public_demand (France Travail, BMO)" in text  # the demo writes BMO files too
    assert words(t("report.protection.protected", "fr", role=t("role.steering", "fr"), n=5)) in text


def test_the_key_numbers_are_the_warehouses_and_the_screens(french, db):
    text = " ".join(pages_of(french[0]))
    ctx = steering()
    jobs = scalar(db, "select jobs_created_cumulative from mart_goal_forecast")
    assert jobs == goal_queries.goal_forecast(ctx)["jobs_created_cumulative"]
    assert words(fmt_number(jobs, "fr")) in text
    projected = scalar(db, "select projected_at_end from mart_goal_forecast")
    assert words(fmt_number(projected, "fr")) in text
    probability = scalar(db, "select probability_reaching_target from mart_goal_forecast_summary")
    assert words(fmt_pct(probability, "fr")) in text
    assert words(forecast_sentence(goal_queries.forecast_summary(ctx), "fr")) in text
    enrolled = scalar(db, "select sum(enrolled) from mart_training_pathway")
    assert goal_queries.training_headline(ctx)["enrolled"] == enrolled
    assert words(fmt_number(enrolled, "fr")) in text
    top = goal_queries.largest_shortages(ctx).row(0, named=True)
    assert words(f"{top['trade_fr']} {top['region_name']} {fmt_number(top['demand'], 'fr')} "
                 f"{shown(top, 'supply', 'fr', 'count')} {shown(top, 'gap', 'fr')}") in text
    blocking = skills_queries.blocking_skills(ctx).row(0, named=True)
    assert words(f"{blocking['skill_label']} {shown(blocking, 'blocked_enrolments', 'fr', 'count')}") in text
    latest, previous = report_queries.latest_hiring_months(ctx)
    assert (latest, previous) == (date(2026, 10, 1), date(2026, 9, 1))
    moves = report_queries.hiring_moves(ctx, latest, previous).row(0, named=True)
    openings = scalar(db, f"select sum(openings) from mart_hiring_monthly where month = '{latest}' "
                          f"and trade_code = '{moves['trade_code']}'")
    assert moves["openings"] == openings
    assert words(f"{moves['trade_label']} {fmt_number(openings, 'fr')} (") in text


def test_workforce_report_in_english(db, tmp_path):
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(cli, ["report", "--out", str(out), "--lang", "en", "--trade", "QC", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in words(result.output)
    pages = pages_of(out)
    assert all(f"Page {number} / {len(pages)}" in text for number, text in enumerate(pages, start=1))
    text = " ".join(pages)
    assert "Steering committee report — October 2026" in text and "Data as of 31 October 2026" in text
    assert all(t(key, "en") in text for key in SECTIONS)
    assert "Trades Quality control technician" in text  # the filter, named


def test_workforce_report_refuses_an_unknown_code_with_the_known_ones(db, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--out", str(tmp_path / "r.pdf"), "--region", "99", "--db", str(db)])
    assert result.exit_code == 2
    assert "Unknown region code(s) 99; known: 01, 02," in words(result.output)
    assert not (tmp_path / "r.pdf").exists()


def test_the_pdf_button_answers_under_the_sign_in_as_the_signed_in_role_sees_it(db, tmp_path, monkeypatch):
    import app as app_module
    from tests.accounts_factory import make_users
    from tests.unit.test_access_http import signed_in

    monkeypatch.setenv("WORKFORCE_USERS", str(make_users(tmp_path / "users.toml")))
    monkeypatch.setenv("WORKFORCE_AUDIT_PATH", str(tmp_path / "audit.sqlite"))
    server = app_module.create_app().server
    assert server.test_client().get("/report.pdf").status_code in (302, 401)
    answer = signed_in(server, "ana").get("/report.pdf?region=11&lang=en")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Content-Disposition"] == f'inline; filename="report-{AS_OF.isoformat()}.pdf"'
    out = tmp_path / "button.pdf"
    out.write_bytes(answer.data)
    text = " ".join(pages_of(out))
    assert words(t("report.protection.unprotected", "en", role=t("role.analyst", "en"))) in text
    assert "Regions Île-de-France" in text
    assert fmt_date(AS_OF, "en") in text


def test_public_demand_is_the_market_pages_own(tmp_path, monkeypatch):
    """The report's BMO table is /market's card by trade, so its numbers are the screen's; without any
    survey loaded it says so."""
    from dashboard.queries import market as market_queries
    from tests.warehouse_factory import make_warehouse_file

    empty = make_warehouse_file(tmp_path / "empty", hiring=[{"month": "2026-01-01", "trade_code": "QC", "openings": 4}])
    monkeypatch.setenv("WORKFORCE_DB", str(empty))
    assert report.report_content(steering()).public_demand is None
    path = make_warehouse_file(tmp_path / "bmo", hiring=[{"month": "2026-01-01", "trade_code": "QC", "openings": 4}],
                               bmo=[{"year": 2026, "bmo_code": "E1Z46", "met": 120, "xmet": 30},
                                    {"year": 2026, "bmo_code": "E1Z46", "employment_area_code": "1102", "met": 80,
                                     "xmet": 50}])
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    ctx = steering()
    screen = market_queries.by_target(ctx).filter(market_queries.by_target(ctx)["target_code"] == "QC").row(0, named=True)
    assert (screen["met"], screen["xmet"], screen["difficulty_rate"]) == (200, 80, 0.4)  # E1Z46 feeds QC whole
    [qc] = [row for row in report.report_content(ctx).public_demand if row["trade"] == screen["target_label"]]
    assert qc == {"trade": screen["target_label"], "year": "2026", "met": "200", "xmet": "80",
                  "difficulty_rate": "40,0\u202f%"}
