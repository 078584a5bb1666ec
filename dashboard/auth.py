"""Signing in, and the fence around everything else: Flask-Login sessions, API tokens, HTTP hardening.

With a users file (WORKFORCE_USERS) nothing is served without signing in but /login, /healthz
(which then says nothing beyond its status) and the static assets: pages redirect to /login,
Dash's endpoints (/_dash-layout, /_dash-dependencies, /_dash-update-component...) and data URLs
answer 401. Data URLs also take an analyst's or admin's API token (``Authorization: Bearer ...``).
Without a users file nobody signs in and every request is served as the steering role's view.

The session cookie is HttpOnly and SameSite=Lax (Secure with WORKFORCE_SECURE_COOKIES), signed with
WORKFORCE_SECRET_KEY or a key generated once into a file readable by its owner only; a password
change ends the sessions opened with the old one. After WORKFORCE_LOGIN_ATTEMPTS failures for a
username within WORKFORCE_LOGIN_WINDOW_MINUTES, sign-in answers 429, even to the right password,
until the window passes (failures are counted in the audit log, shared by every worker). The login
form carries a CSRF token (Flask-WTF). Flask-Talisman sets the security headers, with a
Content-Security-Policy that allows Dash's own inline scripts by their hashes.
"""

from __future__ import annotations

import functools
import html
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import flask
import flask_login
from dash import Dash
from flask.sessions import SecureCookieSessionInterface
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from dashboard import audit
from dashboard.accounts import Account, Directory
from dashboard.i18n import language, t
from warehouse import settings

PUBLIC_PATHS = ("/login", "/healthz", "/_favicon.ico")
PUBLIC_PREFIXES = ("/assets/",)
MACHINE_PREFIXES = ("/_dash-", "/data/", "/_reload-hash")  # answered 401, not redirected to a form


def users_path() -> Path | None:
    configured = settings.get("users")
    return Path(configured).expanduser().absolute() if configured else None


@functools.cache
def _directory(path: Path) -> Directory:
    return Directory(path)


def directory() -> Directory | None:
    path = users_path()
    return None if path is None else _directory(path)


@functools.cache
def _secret_key(users_file: Path | None, configured: str) -> str:
    if configured:
        return configured
    if users_file is None:  # no sign-in: the key only signs the CSRF token of a form nobody sees
        return secrets.token_hex(32)
    key_file = users_file.with_name(users_file.name + ".secret")
    try:
        return key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    # Written whole under another name, then linked into place: a worker starting at the same moment
    # reads either no file or the whole key, never a file created and not yet written.
    key = secrets.token_hex(32)
    draft = key_file.with_name(f"{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    try:
        os.link(draft, key_file)
    except FileExistsError:  # another worker linked its key first: everyone signs with that one
        key = key_file.read_text(encoding="ascii").strip()
    finally:
        draft.unlink()
    return key


class _SessionKeyedBySettings(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the key read from the settings when a session is opened:
    before any before_request hook runs, so the first request a worker serves is signed like the others."""

    def get_signing_serializer(self, app: flask.Flask):
        app.secret_key = _secret_key(users_path(), settings.get("secret_key"))
        return super().get_signing_serializer(app)


class SignedIn(flask_login.UserMixin):
    """A signed-in person; the session id carries a fingerprint of the password hash, so changing
    the password ends the sessions opened with the old one."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.viewer = account.viewer

    def get_id(self) -> str:
        return f"{self.account.name}:{self.account.password[-16:]}"


def _load_session(session_id: str) -> SignedIn | None:
    users = directory()
    if users is None:
        return None
    name, _, fingerprint = session_id.partition(":")
    account = users.get(name)
    if account is None or account.password[-16:] != fingerprint:
        return None
    return SignedIn(account)


def _load_token(request: flask.Request) -> SignedIn | None:
    users = directory()
    header = request.headers.get("Authorization", "")
    if users is None or not request.path.startswith("/data/") or not header.lower().startswith("bearer "):
        return None
    account = users.by_token(header[7:].strip())
    return SignedIn(account) if account else None


def _address() -> str | None:
    return flask.request.headers.get("X-Forwarded-For", flask.request.remote_addr or "").split(",")[0].strip() or None


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never //elsewhere or http://elsewhere) after signing in."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _fence():
    """Before every request: served when signed in, public, or when no users file is set."""
    if directory() is None:
        return None
    path = flask.request.path
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES) or flask_login.current_user.is_authenticated:
        return None
    if path.startswith(MACHINE_PREFIXES) or not flask.request.accept_mimetypes.accept_html:
        return flask.jsonify(error="sign-in required", login="/login"), 401
    return flask.redirect(f"/login?next={_quote(flask.request.full_path)}")


def _quote(text: str) -> str:
    return quote(text.rstrip("?"), safe="")


def _login_page(lang: str, message: str | None = None, status: int = 200, username: str = "") -> flask.Response:
    other = "en" if lang == "fr" else "fr"
    next_target = html.escape(_safe_next(flask.request.values.get("next")), quote=True)
    alert = f'<div class="alert alert-danger" role="alert">{html.escape(message)}</div>' if message else ""
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("login.title", lang))} · {html.escape(t("app.brand", lang))}</title>
<link rel="stylesheet" href="/assets/00-bootstrap.min.css"><link rel="stylesheet" href="/assets/app.css"></head>
<body class="bg-light"><main class="container" style="max-width: 26rem; margin-top: 12vh">
<h1 class="h4 mb-1">{html.escape(t("app.brand", lang))}</h1>
<p class="text-muted mb-4">{html.escape(t("login.intro", lang))}</p>{alert}
<form method="post" action="/login?lang={lang}" class="card card-body shadow-sm" autocomplete="on">
<input type="hidden" name="csrf_token" value="{generate_csrf()}"><input type="hidden" name="next" value="{next_target}">
<label class="form-label" for="username">{html.escape(t("login.username", lang))}</label>
<input class="form-control mb-3" id="username" name="username" value="{html.escape(username, quote=True)}"
 autocomplete="username" autocapitalize="none" required autofocus>
<label class="form-label" for="password">{html.escape(t("login.password", lang))}</label>
<input class="form-control mb-3" id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn btn-primary" type="submit">{html.escape(t("login.submit", lang))}</button></form>
<p class="small mt-3"><a href="/login?lang={other}&next={_quote(_safe_next(flask.request.values.get("next")))}"
 lang="{other}">{html.escape(t("lang.switch", lang))}</a></p></main></body></html>"""
    return flask.Response(body, status=status, mimetype="text/html")


def _login():
    lang = language(flask.request.values.get("lang"))
    users = directory()
    if users is None:
        return flask.redirect("/")
    if flask.request.method == "GET":
        return _login_page(lang)
    try:
        validate_csrf(flask.request.form.get("csrf_token"))
    except (CSRFError, ValidationError):
        return _login_page(lang, t("login.csrf", lang), status=400)
    name = flask.request.form.get("username", "").strip().lower()[:64]
    password = flask.request.form.get("password", "")
    window = settings.get("login_window_minutes")
    if audit.failures_within(name, window) >= settings.get("login_attempts"):
        audit.record("sign_in_refused", name, "too many failures", _address())
        return _login_page(lang, t("login.throttled", lang, minutes=f"{window:g}"), status=429, username=name)
    account = users.verify(name, password) if name else None
    if account is None:
        audit.record("sign_in_failed", name or "(empty)", None, _address())
        return _login_page(lang, t("login.failed", lang), status=401, username=name)
    flask.session.clear()  # a new session id for the new identity (no session fixation)
    flask.session.permanent = True
    flask_login.login_user(SignedIn(account))
    audit.record("sign_in", account.name, {"role": account.role}, _address())
    return flask.redirect(_safe_next(flask.request.form.get("next")))


def _logout():
    if flask_login.current_user.is_authenticated:
        audit.record("sign_out", flask_login.current_user.account.name, None, _address())
    flask_login.logout_user()
    flask.session.clear()
    return flask.redirect("/login")


def content_security_policy(app: Dash) -> dict[str, list[str] | str]:
    """What the browser may load: this site only, and Dash's inline scripts by their hashes."""
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *app.csp_hashes()],
        "style-src": ["'self'", "'unsafe-inline'"],  # plotly and AG Grid set element styles
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "base-uri": "'self'",
        "object-src": "'none'",
    }


def install(app: Dash) -> None:
    """Sign-in, the fence, the login and logout routes and the security headers, on the app's server."""
    server = app.server
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="observatoire_session",
        WTF_CSRF_TIME_LIMIT=None,  # the form's token lives as long as its session
        # A sign-in lasts session_hours from the sign-in, as the setting says, not from the person's
        # last request: the cookie is written when the session changes (sign-in, sign-out), not signed
        # and sent again with each of the dozens of callbacks a page makes (half a millisecond each).
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    manager = flask_login.LoginManager()
    manager.init_app(server)
    manager.user_loader(_load_session)
    manager.request_loader(_load_token)

    headers: dict[str, Talisman] = {}

    server.session_interface = _SessionKeyedBySettings()

    @server.before_request
    def configure_and_fence():
        # read per request, so that settings apply without rebuilding the app (it is built once per process)
        server.config.update(SESSION_COOKIE_SECURE=settings.get("secure_cookies"),
                             PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.get("session_hours")),
                             MAX_CONTENT_LENGTH=settings.get("max_request_bytes"))
        # Dash adds inline scripts of its own at the first request: the policy follows them
        headers["talisman"].content_security_policy = content_security_policy(app)
        return _fence()

    server.add_url_rule("/login", "login", _login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", _logout, methods=["GET", "POST"])
    headers["talisman"] = Talisman(server, force_https=False, session_cookie_secure=settings.get("secure_cookies"),
             content_security_policy=content_security_policy(app), frame_options="DENY",
             referrer_policy="same-origin", strict_transport_security=settings.get("secure_cookies"))


def current_account_name() -> str | None:
    user = flask_login.current_user if flask.has_request_context() else None
    return user.account.name if user is not None and user.is_authenticated else None
