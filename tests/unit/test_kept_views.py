"""A view callback's answer is kept until the next publish (requests.filtered_callback): built once for
everyone of a role, never served to another role or to an hr viewer of another employer, rebuilt after
a publish, and the same bytes as when it is built."""

from __future__ import annotations

import json
import os
import sys
import tempfile

import pytest

import app as app_module
from dashboard import door
from dashboard.accounts import Account, hash_password, write
from dashboard.figures import gaps as gaps_figures
from tests.accounts_factory import PASSWORD
from tests.unit.test_access_http import ENROLMENTS, HIRING, employer_ids, forge, signed_in
from tests.warehouse_factory import make_warehouse_file

PEOPLE = {"stella": ("steering", None), "sam": ("steering", None), "hugo": ("hr", "E0001"),
          "hana": ("hr", "E0002"), "ana": ("analyst", None)}
HEATMAP = "gaps-heatmap-graph.figure"
VIEW = {"page-lang": "en"}


def _publish(path, openings: int = 9):
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        rows = [{**row, "openings": openings} for row in HIRING]
        os.replace(make_warehouse_file(folder, hiring=rows, enrolments=ENROLMENTS), path)


@pytest.fixture
def server(tmp_path, monkeypatch):
    hashed = hash_password(PASSWORD)
    users = tmp_path / "users.toml"
    write(users, [Account(name, role, hashed, employer) for name, (role, employer) in PEOPLE.items()])
    db_path = tmp_path / "workforce.duckdb"
    _publish(db_path)
    monkeypatch.setenv("WORKFORCE_DB", str(db_path))
    monkeypatch.setenv("WORKFORCE_USERS", str(users))
    monkeypatch.setenv("WORKFORCE_AUDIT_PATH", str(tmp_path / "audit.sqlite"))
    door.clear_cache()
    server = app_module.create_app().server
    server.test_client().get("/healthz")  # as each gunicorn worker does first (gunicorn.conf.py)
    yield server
    door.clear_cache()


@pytest.fixture
def heatmaps(monkeypatch):
    built = []
    heatmap = gaps_figures.gap_heatmap

    def counting(*args, **kwargs):
        built.append(args)
        return heatmap(*args, **kwargs)

    monkeypatch.setattr(gaps_figures, "gap_heatmap", counting)
    return built


def test_a_view_is_built_once_for_everyone_of_a_role_until_the_next_publish(server, heatmaps):
    first = forge(signed_in(server, "stella"), HEATMAP, VIEW)
    second = forge(signed_in(server, "sam"), HEATMAP, VIEW)
    assert first[0] == second[0] == 200 and first[1] == second[1]
    assert len(heatmaps) == 1
    _publish(door.resolve_db_path(), openings=30)
    third = forge(signed_in(server, "stella"), HEATMAP, VIEW)
    assert len(heatmaps) == 2 and third[1] != first[1]


def test_roles_and_employers_never_share_a_view(server):
    views = {}
    for name in ("hugo", "hana", "stella", "ana", "hugo"):
        status, answer = forge(signed_in(server, name), "hiring-employers.children", VIEW)
        assert status == 200
        views.setdefault(name, []).append(employer_ids(answer))
    assert views["hugo"] == [{"E0001"}, {"E0001"}]
    assert views["hana"] == [{"E0002"}]
    assert views["stella"] == [set()]
    assert views["ana"] == [{"E0001", "E0002"}]


def test_small_counts_stay_withheld_whoever_asked_first(server):
    kpis = {"filter-trade": ["QC"], "filter-region": ["11"], "page-lang": "en"}
    analyst = json.dumps(forge(signed_in(server, "ana"), "gaps-kpis.children", kpis)[1])
    steering = json.dumps(forge(signed_in(server, "stella"), "gaps-kpis.children", kpis)[1])
    assert "< 5" in steering and "< 5" not in analyst


def test_a_kept_view_is_the_same_bytes_as_a_built_one(server):
    client = signed_in(server, "stella")
    payload_answers = [client.post("/_dash-update-component", json=_payload(client)).get_data() for _ in range(2)]
    assert payload_answers[0] == payload_answers[1]


def _payload(client) -> dict:
    from bench.dash_client import open_page

    dependencies = client.get("/_dash-dependencies").get_json()
    _, payloads = open_page(dependencies, "/gaps", lambda payload: client.post(
        "/_dash-update-component", json=payload).get_json())
    return next(payload for payload in payloads if payload["output"] == HEATMAP)


@pytest.fixture
def overview_layouts(server, monkeypatch):
    overview = sys.modules["dashboard.pages.overview"]  # loaded by Dash's pages, with the app

    built = []
    goal_curve = overview.goal_curve

    def counting(*args, **kwargs):
        built.append(args)
        return goal_curve(*args, **kwargs)

    monkeypatch.setattr(overview, "goal_curve", counting)
    return built


def test_a_page_is_built_once_per_person_and_publish_and_names_who_is_signed_in(server, overview_layouts):
    from bench.dash_client import router_payload

    def page(name: str) -> str:
        response = signed_in(server, name).post("/_dash-update-component", json=router_payload("/?lang=en"))
        assert response.status_code == 200
        return response.get_data(as_text=True)

    first, again, other = page("stella"), page("stella"), page("sam")
    assert first == again and len(overview_layouts) == 2  # stella's page built once, sam's once
    assert "stella" in first and "stella" not in other  # the navigation names who is signed in
    _publish(door.resolve_db_path(), openings=30)
    page("stella")
    assert len(overview_layouts) == 3
