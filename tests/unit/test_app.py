"""The app's entry points: first start on demo data, /healthz for a load balancer, gunicorn's app:server."""

from __future__ import annotations

import duckdb

import app as app_module
from tests.warehouse_factory import make_warehouse_file


def test_the_first_start_generates_and_loads_the_demonstration_data(tmp_path):
    db_path = tmp_path / "data" / "workforce.duckdb"
    app_module.ensure_warehouse(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select data_mode from warehouse_info").fetchone() == ("demo",)
        # the four sources' exports and the two latest BMO surveys (france-travail/)
        assert con.execute("select count(*) from load_log where status = 'loaded'").fetchone() == (6,)
        assert con.execute("select jobs_created_cumulative from mart_goal_forecast").fetchone()[0] > 1000


def test_healthz_answers_the_warehouse_as_of_and_status(tmp_path, monkeypatch):
    db_path = make_warehouse_file(tmp_path, hiring=[{"month": "2024-03-01", "openings": 4, "hires": 2,
                                                     "jobs_created": 1}])
    monkeypatch.setenv("WORKFORCE_DB", str(db_path))
    client = app_module.create_app().server.test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() | {"built_at": None} == {
        "status": "ok", "as_of": "2024-03-31", "data_mode": "real", "built_at": None}


def test_healthz_is_503_when_no_warehouse_is_there(tmp_path, monkeypatch):
    db_path = make_warehouse_file(tmp_path)
    monkeypatch.setenv("WORKFORCE_DB", str(db_path))
    client = app_module.create_app().server.test_client()
    monkeypatch.setenv("WORKFORCE_DB", str(tmp_path / "moved-away.duckdb"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "no_warehouse"}


def test_gunicorn_finds_the_wsgi_server_by_name(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB", str(make_warehouse_file(tmp_path)))
    assert callable(app_module.server)
