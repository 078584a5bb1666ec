"""Faults answered in words by the app: a missing, garbage, truncated or scribbled warehouse, and bad
values in a shared link. /healthz answers a JSON 503 with the reason; pages and callbacks say the
data are unavailable instead of a 500; nothing shows a path."""

from __future__ import annotations

import shutil

import pytest

import app as app_module
from dashboard import door
from tests.callbacks import forge
from tests.unit.test_faults import scribble_a_block_of
from tests.warehouse_factory import make_warehouse_file
from warehouse.integrity import cached_check

HIRING = [{"month": "2024-03-01", "openings": 4, "hires": 2, "jobs_created": 1}]


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = make_warehouse_file(tmp_path, hiring=HIRING)
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setenv("WORKFORCE_AUDIT_PATH", str(tmp_path / "audit.sqlite"))
    door.clear_cache()
    yield path
    door.clear_cache()


def client():
    return app_module.create_app().server.test_client()


def replace_with(path, content: bytes) -> None:
    """Publish a different file at the path, as a rebuild would (a new inode)."""
    scratch = path.with_name("scratch")
    scratch.write_bytes(content)
    scratch.replace(path)


def test_healthz_is_ok_for_a_whole_warehouse(warehouse):
    response = client().get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_a_garbage_warehouse_is_a_json_503_with_the_reason_and_no_path(warehouse, tmp_path):
    replace_with(warehouse, b"this is not a warehouse at all" * 1000)
    response = client().get("/healthz")
    assert response.status_code == 503 and response.is_json
    body = response.get_json()
    assert body["status"] == "damaged" and "not a DuckDB warehouse" in body["reason"]
    assert str(tmp_path) not in response.get_data(as_text=True)


def test_a_truncated_warehouse_is_a_503(warehouse):
    content = warehouse.read_bytes()
    replace_with(warehouse, content[: len(content) // 3])
    response = client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "damaged"


def test_a_block_scribbled_in_the_middle_fails_the_integrity_check(warehouse):
    assert cached_check(warehouse).ok
    copy = warehouse.with_name("copy.duckdb")
    shutil.copyfile(warehouse, copy)
    scribble_a_block_of(copy, "raw.hiring")
    copy.replace(warehouse)
    check = cached_check(warehouse)
    assert not check.ok and "workforce ingest" in check.reason
    response = client().get("/healthz")
    assert response.status_code == 503 and "raw.hiring is damaged" in response.get_json()["reason"]


def test_a_page_on_a_garbage_warehouse_says_so_instead_of_a_500(warehouse):
    replace_with(warehouse, b"\x00garbage" * 2000)
    response = client().get("/_dash-layout")
    assert response.status_code == 200
    status, page = forge(client(), "_pages_content.children", {"_pages_location.pathname": "/gaps",
                                                               "_pages_location.search": ""})
    assert status == 200 and "ne peut pas être lu" in str(page) and "not a DuckDB warehouse" in str(page)


def test_a_callback_after_the_warehouse_went_away_says_the_data_are_unavailable(warehouse):
    server_client = client()
    shutil.move(warehouse, warehouse.with_name("elsewhere.duckdb"))
    status, answer = forge(server_client, "gaps-kpis.children", {"page-lang": "fr"})
    assert status == 200 and "Les données ne sont pas disponibles" in str(answer)
    status, answer = forge(server_client, "gaps-trend-graph.figure", {"page-lang": "en"})
    assert status == 200 and "The data are not available" in str(answer)


@pytest.mark.parametrize("search", ["?from=0000Q1", "?to=99999Q9", "?trade=%00", "?region=" + "x" * 5000,
                                    "?pathway=nope&lang=xx", "?from=2026Q4&to=2021Q1"])
def test_bad_values_in_a_shared_link_fall_back_instead_of_a_500(warehouse, search):
    status, page = forge(client(), "_pages_content.children", {"_pages_location.pathname": "/gaps",
                                                               "_pages_location.search": search})
    assert status == 200 and "filter-bar" in str(page)
