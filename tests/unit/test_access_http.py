"""Who sees what, over HTTP: the fence around everything but /login and /healthz, sign-in and its
throttle, cookies and headers, each role's share of pages, callbacks (forged ones included), data
URLs and API tokens, and the audit log of it all."""

from __future__ import annotations

import html
import json
import re
import tomllib
import pytest

import app as app_module
from dashboard import accounts, audit
from tests.accounts_factory import PASSWORD, make_users
from tests.callbacks import forge
from tests.warehouse_factory import make_warehouse_file

HIRING = [
    {"employer_id": employer, "trade_code": "QC", "region_code": region, "month": month, "openings": 9, "hires": 4,
     "jobs_created": 2}
    for employer in ("E0001", "E0002") for region in ("11", "84") for month in ("2025-01-01", "2025-02-01")
]
ENROLMENTS = [  # three QC graduates in Île-de-France: a learner count below 5
    {"learner_id": f"L{number}", "programme_code": "P-QC-MICRO", "region_code": "11", "start_date": "2024-09-01",
     "end_date": "2025-01-31", "status": "completed"} for number in range(3)
]


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    return make_warehouse_file(tmp_path_factory.mktemp("access"), hiring=HIRING, enrolments=ENROLMENTS)


@pytest.fixture
def server(warehouse_file, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB", str(warehouse_file))
    monkeypatch.setenv("WORKFORCE_USERS", str(make_users(tmp_path / "users.toml")))
    monkeypatch.setenv("WORKFORCE_AUDIT_PATH", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("WORKFORCE_SQL_LOG_PATH", str(tmp_path / "sql-log.jsonl"))
    return app_module.create_app().server


def csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)


def sign_in(client, name: str, password: str = PASSWORD):
    return client.post("/login", data={"username": name, "password": password, "csrf_token": csrf(client)})


def signed_in(server, name: str):
    client = server.test_client()
    assert sign_in(client, name).status_code == 302
    return client


# --- the fence ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/gaps", "/trade?trade=QC", "/sql?q=select+1", "/audit"])
def test_pages_redirect_to_the_login_form(server, path):
    response = server.test_client().get(path, headers={"Accept": "text/html"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("method, path", [
    ("get", "/_dash-layout"), ("get", "/_dash-dependencies"), ("post", "/_dash-update-component"),
    ("get", "/data/gaps-table.csv"), ("get", "/data/hiring-employers.xlsx?trade=QC"), ("get", "/data/"),
])
def test_dash_endpoints_and_data_urls_answer_401(server, method, path):
    response = getattr(server.test_client(), method)(path, json={} if method == "post" else None)
    assert response.status_code == 401 and response.get_json()["error"] == "sign-in required"


def test_healthz_stays_public_and_says_nothing_beyond_its_status(server):
    response = server.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_the_login_form_is_french_first_with_csrf_protection(server):
    client = server.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Identifiant" in page and "Mot de passe" in page
    assert "Username" in client.get("/login?lang=en").get_data(as_text=True)
    forged = client.post("/login", data={"username": "ana", "password": PASSWORD})  # no CSRF token
    assert forged.status_code == 400 and "rechargez la page" in html.unescape(forged.get_data(as_text=True))


def test_a_right_password_signs_in_with_a_hardened_cookie(server):
    client = server.test_client()
    response = sign_in(client, "ana")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = next(header for header in response.headers.getlist("Set-Cookie") if "observatoire_session" in header)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/_dash-layout").status_code == 200


def test_a_sign_in_lasts_session_hours_from_the_sign_in_however_busy(server, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    now = {"seconds": 1_800_000_000}
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now["seconds"])
    client = signed_in(server, "ana")
    now["seconds"] += 11 * 3600  # busy until the eleventh hour: served, and the cookie is not written again
    response = client.get("/_dash-layout")
    assert response.status_code == 200 and not response.headers.getlist("Set-Cookie")
    now["seconds"] += 3600 + 60  # twelve hours (WORKFORCE_SESSION_HOURS) after signing in: sign in again
    assert client.get("/_dash-layout").status_code == 401


def test_the_cookie_is_secure_behind_https(server, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SECURE_COOKIES", "true")
    client = server.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login", base_url="https://localhost").get_data(as_text=True)).group(1)
    response = client.post("/login", base_url="https://localhost",
                           data={"username": "ana", "password": PASSWORD, "csrf_token": token})
    cookie = next(header for header in response.headers.getlist("Set-Cookie") if "observatoire_session" in header)
    assert "Secure" in cookie


def test_a_next_address_elsewhere_is_not_followed(server):
    client = server.test_client()
    response = client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": csrf(client),
                                           "next": "//evil.example/steal"})
    assert response.headers["Location"] == "/"


def test_five_failures_lock_a_username_for_the_window_even_with_the_right_password(server):
    client = server.test_client()
    for _ in range(5):
        assert sign_in(client, "stella", "not the password").status_code == 401
    locked = sign_in(client, "stella")
    assert locked.status_code == 429 and "Trop d'essais" in html.unescape(locked.get_data(as_text=True))
    assert sign_in(server.test_client(), "ana").status_code == 302  # other usernames are not locked
    events = [event["event"] for event in audit.events()]
    assert events.count("sign_in_failed") == 5 and "sign_in_refused" in events


def test_the_lock_ends_with_the_window(server, monkeypatch):
    client = server.test_client()
    for _ in range(5):
        sign_in(client, "stella", "wrong")
    monkeypatch.setenv("WORKFORCE_LOGIN_WINDOW_MINUTES", "0.0001")
    assert sign_in(client, "stella").status_code == 302


def test_security_headers(server):
    response = signed_in(server, "ana").get("/gaps")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "'unsafe-eval'" not in policy
    assert re.search(r"script-src 'self'( 'sha256-[^']+')+;", policy)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_request_body_beyond_the_limit_is_refused(server):
    client = signed_in(server, "ana")
    assert client.post("/_dash-update-component", data=b"x" * 2_100_000,
                       content_type="application/json").status_code == 413


def test_signing_out_ends_the_session(server):
    client = signed_in(server, "ana")
    client.get("/logout")
    assert client.get("/_dash-layout").status_code == 401


def test_a_password_change_ends_the_sessions_opened_with_the_old_one(server, tmp_path):
    client = signed_in(server, "ana")
    accounts.set_password(tmp_path / "users.toml", "ana", "another long passphrase")
    assert client.get("/_dash-layout").status_code == 401


def test_the_users_file_never_holds_a_password(server, tmp_path):
    text = (tmp_path / "users.toml").read_text()
    assert PASSWORD not in text
    entries = tomllib.loads(text)["users"]
    assert all(entry["password"].startswith("$argon2id$") for entry in entries.values())
    assert (tmp_path / "users.toml").stat().st_mode & 0o777 == 0o600


# --- roles, forged callbacks ----------------------------------------------------------------------

def employer_ids(answer: dict) -> set[str]:
    text = json.dumps(answer)
    return set(re.findall(r'"employer_id": "([^"]+)"', text))


def test_the_employer_table_by_role(server):
    steering = forge(signed_in(server, "stella"), "hiring-employers.children", {"page-lang": "en"})
    assert steering[0] == 200 and employer_ids(steering[1]) == set()
    assert "shown only to HR teams" in json.dumps(steering[1])
    hr = forge(signed_in(server, "hugo"), "hiring-employers.children", {"page-lang": "en"})
    assert employer_ids(hr[1]) == {"E0001"}
    analyst = forge(signed_in(server, "ana"), "hiring-employers.children", {"page-lang": "en"})
    assert employer_ids(analyst[1]) == {"E0001", "E0002"}


def test_a_forged_callback_cannot_widen_an_hr_scope(server):
    """The employer comes from the session, never from the request: filters cannot reach another's rows."""
    client = signed_in(server, "hugo")
    for trade in (["QC"], ["QC'; --"], None):
        status, answer = forge(client, "hiring-employers.children", {"filter-trade": trade, "page-lang": "fr"})
        assert status == 200 and employer_ids(answer) <= {"E0001"}


@pytest.mark.parametrize("name", ["stella", "hugo"])
def test_the_sql_console_refuses_steering_and_hr_even_a_forged_callback(server, name, tmp_path):
    client = signed_in(server, name)
    assert "La console SQL est réservée" in client.get("/sql?q=select+1").get_data(as_text=True) or \
        client.get("/_dash-layout").status_code == 200
    status, _ = forge(client, "sql-results.children", {"sql-run": 1, "sql-editor": "select * from fact_enrolment",
                                                       "page-lang": "fr"})
    assert status == 204  # PreventUpdate: nothing is run, nothing is sent
    assert not (tmp_path / "sql-log.jsonl").exists()


def test_an_analyst_runs_sql_logged_under_the_signed_in_name(server, tmp_path):
    status, answer = forge(signed_in(server, "ana"), "sql-results.children",
                           {"sql-run": 1, "sql-editor": "select count(*) as n from fact_hiring", "page-lang": "fr"})
    assert status == 200 and '"n": 8' in json.dumps(answer)
    [logged] = [json.loads(line) for line in (tmp_path / "sql-log.jsonl").read_text().splitlines()]
    assert logged["who"].startswith("ana (web")
    assert any(event["event"] == "sql" and event["who"] == "ana" for event in audit.events())


def test_small_counts_are_withheld_for_steering_in_what_a_callback_sends(server):
    """Three QC graduates: the steering role receives neither 3 nor what 3 can be derived from."""
    _, answer = forge(signed_in(server, "stella"), "gaps-kpis.children",
                      {"filter-trade": ["QC"], "filter-region": ["11"], "page-lang": "en"})
    text = json.dumps(answer)
    assert "< 5" in text and '"3"' not in text and ">3<" not in text
    _, analyst = forge(signed_in(server, "ana"), "gaps-kpis.children",
                       {"filter-trade": ["QC"], "filter-region": ["11"], "page-lang": "en"})
    assert "< 5" not in json.dumps(analyst)


# --- data URLs and tokens ----------------------------------------------------------------------------

def test_data_urls_follow_the_page_filters_and_the_role(server):
    steering = signed_in(server, "stella").get("/data/gaps-table.csv?trade=QC&region=11")
    assert steering.status_code == 200 and steering.mimetype == "text/csv"
    assert "< 5" in steering.get_data(as_text=True)
    assert signed_in(server, "stella").get("/data/hiring-employers.csv").status_code == 403
    own = signed_in(server, "hugo").get("/data/hiring-employers.csv").get_data(as_text=True)
    assert "E0001" in own and "E0002" not in own
    assert signed_in(server, "ana").get("/data/nope.csv").status_code == 404
    assert any(event["event"] == "data_url" for event in audit.events())


def test_an_api_token_reads_data_urls_until_revoked(server, tmp_path):
    users = tmp_path / "users.toml"
    record, token = accounts.create_token(users, "ana")
    assert token not in users.read_text() and record.sha256 in users.read_text()
    client = server.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.get("/data/hiring-employers.csv", headers=headers)
    assert answer.status_code == 200 and "E0002" in answer.get_data(as_text=True)
    assert client.get("/_dash-layout", headers=headers).status_code == 401  # tokens are for data URLs only
    assert client.get("/data/gaps-table.csv", headers={"Authorization": "Bearer wf_forged"}).status_code == 401
    accounts.revoke_token(users, "ana", record.id)
    assert client.get("/data/gaps-table.csv", headers=headers).status_code == 401


def test_tokens_are_for_analysts_and_admins(tmp_path):
    users = make_users(tmp_path / "users.toml")
    with pytest.raises(accounts.AccountError, match="API tokens are for analysts and admins"):
        accounts.create_token(users, "stella")


def test_an_hr_user_needs_a_known_employer(tmp_path):
    users = tmp_path / "users.toml"
    with pytest.raises(accounts.AccountError, match=r"No employer 'E9' .* Known employers: E0001, E0002"):
        accounts.add(users, "nina", "hr", PASSWORD, employer="E9", known_employers=["E0002", "E0001"])
    with pytest.raises(accounts.AccountError, match="give --employer"):
        accounts.add(users, "nina", "hr", PASSWORD)
    with pytest.raises(accounts.AccountError, match="too short"):
        accounts.add(users, "nina", "analyst", "short")
    assert accounts.add(users, "nina", "hr", PASSWORD, employer="E0001", known_employers=["E0001"]).employer == "E0001"


def test_the_audit_log_is_for_admins(server):
    signed_in(server, "ana").get("/data/gaps-table.csv")  # an event to find
    admin = signed_in(server, "adam")
    status, page = forge(admin, "_pages_content.children", {"_pages_location.pathname": "/audit",
                                                            "_pages_location.search": ""})
    assert status == 200 and "Journal d'audit" in json.dumps(page, ensure_ascii=False)
    assert '"data_url"' in json.dumps(page) and '"ana"' in json.dumps(page)
    csv_file = admin.get("/data/audit-log.csv").get_data(as_text=True)
    assert "sign_in" in csv_file and "data_url" in csv_file
    for name in ("ana", "stella", "hugo"):
        client = signed_in(server, name)
        status, page = forge(client, "_pages_content.children", {"_pages_location.pathname": "/audit",
                                                                 "_pages_location.search": ""})
        assert "réservé aux administrateurs" in json.dumps(page, ensure_ascii=False) and '"data_url"' not in json.dumps(page)
        assert client.get("/data/audit-log.csv").status_code == 403


def test_the_first_request_of_a_fresh_worker_can_sign_in(tmp_path, monkeypatch):
    """The session key is read when the session opens, not in a hook that runs after it: the very first
    request a worker serves (here the login form) is signed like the others."""
    from dash import Dash, html

    from dashboard import auth

    monkeypatch.setenv("WORKFORCE_USERS", str(make_users(tmp_path / "users.toml")))
    monkeypatch.setenv("WORKFORCE_AUDIT_PATH", str(tmp_path / "audit.sqlite"))
    fresh = Dash(__name__)  # a worker's app before any request (no pages, so nothing is registered twice)
    fresh.layout = html.Div()
    auth.install(fresh)
    client = fresh.server.test_client()
    response = client.get("/login")
    assert response.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)
    assert client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": token}).status_code == 302
