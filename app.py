"""The dashboard's entry point: `python app.py [--host H] [--port P]`, or `gunicorn app:server -w 4`.

On the first start with no warehouse, the demonstration data are generated and
loaded (progress in the terminal) before serving.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

import dash
from dash import Dash, dcc, html
from flask import jsonify

from dashboard import ids
from warehouse import settings
from warehouse.connect import resolve_db_path

ROOT = Path(__file__).resolve().parent


def ensure_warehouse(db_path: Path) -> None:
    """Generate and load the demonstration data when there is no warehouse yet."""
    if db_path.exists():
        return
    from rich.console import Console

    from pipelines.runs import bootstrap_demo

    console = Console(stderr=True)
    with console.status(f"No warehouse at {db_path}: generating and loading the demonstration data...") as status:
        def progress(event: str, path=None, **_):
            if event == "file" and path is not None:
                status.update(f"Loading demonstration file {Path(path).name}...")

        bootstrap_demo(db_path, progress=progress)
    console.print(f"Demonstration warehouse ready: {db_path}")


@functools.cache
def _dash_app() -> Dash:
    # Dash hands the page modules' callbacks to the first app built in a process, so there is one per process.
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="Observatoire bioproduction",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    app.layout = html.Div([dcc.Location(id=ids.URL, refresh=False), dash.page_container])

    @app.server.route("/healthz")
    def healthz():
        """ok, or a JSON 503 with the reason: no warehouse, or one that fails its integrity check (every
        block read once per published file: warehouse/integrity.py). With sign-in, the status only."""
        from dashboard.auth import users_path
        from dashboard.door import warehouse_info
        from warehouse.connect import WarehouseUnreadable
        from warehouse.integrity import cached_check

        try:
            info = warehouse_info()
        except WarehouseUnreadable as error:
            return jsonify(status="damaged", reason=str(error)), 503
        if info is None:
            return jsonify(status="no_warehouse"), 503
        integrity = cached_check(resolve_db_path())
        if not integrity.ok:
            return jsonify(status="damaged", reason=integrity.reason), 503
        if users_path() is not None:  # public while everything else is signed in: the status only
            return jsonify(status=info.get("status", "ok"))
        return jsonify(status=info.get("status", "ok"), as_of=str(info["as_of"]), data_mode=info["data_mode"],
                       built_at=str(info["built_at"]))

    from dashboard import auth, downloads, report

    downloads.install(app.server)
    report.install(app.server)
    auth.install(app)
    return app


def create_app(db: str | None = None) -> Dash:
    settings.check_environment()
    ensure_warehouse(resolve_db_path(db))
    return _dash_app()


def __getattr__(name: str):
    # `gunicorn app:server` asks for the WSGI server; build it only then, not at import.
    if name == "server":
        return create_app().server
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the bioproduction workforce dashboard.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every "
                             "interface, with a users file).")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (reloader, error overlay).")
    args = parser.parse_args(argv)
    try:
        app = create_app()
    except settings.SettingsError as error:
        sys.exit(f"Error: {error}")
    if args.debug and settings.get("users"):
        sys.exit("Error: --debug serves tracebacks and a debugger to whoever reaches the port; it is refused "
                 "while WORKFORCE_USERS is set. Unset it to debug on your own machine.")
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
