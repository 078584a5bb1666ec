"""Who is asking, and what each role may do: the one permission check of the app.

Every query, page, download and data URL asks ``viewer.may(action)`` (datasette's single
``permission_allowed`` hook); no page decides on its own. The roles:

- steering: every dashboard, aggregated, small counts protected;
- hr: the same, plus employer-level detail for its own employer only;
- analyst: dashboards unprotected, and the SQL console;
- admin: all of it, plus data-quality detail (file paths) and the audit log.

Without a users file (the demonstration) nobody signs in, and the app shows what the steering
role sees, never more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["steering", "hr", "analyst", "admin"]
ROLES: tuple[Role, ...] = ("steering", "hr", "analyst", "admin")
Action = Literal["dashboards", "sql", "employer_detail", "file_paths", "audit", "api_token", "unprotected"]

PERMISSIONS: dict[Action, frozenset[Role]] = {
    "dashboards": frozenset(ROLES),
    "sql": frozenset({"analyst", "admin"}),
    "employer_detail": frozenset({"hr", "analyst", "admin"}),  # hr: its own employer's rows only
    "file_paths": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
    "api_token": frozenset({"analyst", "admin"}),
    "unprotected": frozenset({"analyst", "admin"}),  # small learner counts shown as they are
}


class Forbidden(PermissionError):
    """The viewer's role may not see this; ``action`` says what was asked."""

    def __init__(self, action: Action, viewer: "Viewer") -> None:
        super().__init__(f"the {viewer.role} role may not {action}")
        self.action = action


@dataclass(frozen=True)
class Viewer:
    """The person asking: signed-in name (None without a users file), role, and employer for hr."""

    name: str | None
    role: Role
    employer: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; use one of {', '.join(ROLES)}")
        if self.role == "hr" and not self.employer:
            raise ValueError("an hr viewer needs an employer")

    def may(self, action: Action) -> bool:
        return self.role in PERMISSIONS[action]

    def require(self, action: Action) -> None:
        if not self.may(action):
            raise Forbidden(action, self)

    @property
    def protected(self) -> bool:
        """Whether small learner counts, and what they can be derived from, are withheld."""
        return not self.may("unprotected")

    @property
    def scope(self) -> tuple[bool, str | None]:
        """What the answers of the warehouse depend on for this viewer: two viewers with the same
        scope receive the same answers (the cache's key)."""
        return (self.protected, self.employer if self.role == "hr" else None)

    @property
    def label(self) -> str:
        """Who, for logs: the name, or the role when nobody signed in."""
        return self.name or f"(no sign-in, {self.role})"


# Without a users file nobody signs in: the demonstration shows the steering role's view.
ANONYMOUS = Viewer(None, "steering")


def current_viewer() -> Viewer:
    """Who is signed in on the request being served; the steering view when nobody is (no users
    file, or outside a request: the fence of dashboard/auth.py has refused every other case)."""
    import flask

    if flask.has_request_context():
        import flask_login

        viewer = getattr(flask_login.current_user, "viewer", None)
        if viewer is not None:
            return viewer
    return ANONYMOUS
