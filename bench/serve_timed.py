"""Serve the real app with a timer around every Dash callback request (used by bench_dashboard).

    python -m bench.serve_timed --port 8765 --log callbacks.jsonl

Each `/_dash-update-component` request appends one JSON line: the callback's
outputs, its server-side duration in milliseconds and its payload (so that the
benchmark can replay it alone).
"""

from __future__ import annotations

import argparse
import json
import logging
import time

from flask import g, request
from werkzeug.serving import make_server

from app import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    server = create_app().server
    log = open(args.log, "a", buffering=1, encoding="utf-8")

    @server.before_request
    def start_timer():
        g.started = time.perf_counter()

    @server.after_request
    def record(response):
        if request.path.endswith("/_dash-update-component"):
            payload = request.get_json(silent=True) or {}
            log.write(json.dumps({"output": payload.get("output", "?"),
                                  "ms": (time.perf_counter() - g.started) * 1000,
                                  "status": response.status_code,
                                  "replay": request.headers.get("X-Bench-Replay") is not None,
                                  "payload": payload}) + "\n")
        return response

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would drown the figures
    make_server("127.0.0.1", args.port, server, threaded=True).serve_forever()


if __name__ == "__main__":
    main()
