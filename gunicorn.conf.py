"""gunicorn's settings for the dashboard, read from the working directory: `gunicorn app:server`.

Threaded workers (gthread): a request that waits (an analyst's query in the SQL sandbox's worker
processes, up to its time limit; a slow client) holds one thread, never its worker, so the other
requests of that worker go on. With gunicorn's default sync workers, four analysts running
ten-second queries held all four workers and /healthz waited 9.6 s (bench/bench_runaway.py
measures both). The dashboard's own work is short and mostly in DuckDB and polars, which run
outside Python's lock, so a few processes of several threads use two cores as well as more
processes would, with one answer cache per process (dashboard/door.py) instead of one per thread.

Every setting can be overridden on the command line (`-w 8`, `-b 0.0.0.0:8050`) or in
GUNICORN_CMD_ARGS.
"""

bind = "127.0.0.1:8050"
workers = 4
worker_class = "gthread"
threads = 8
# Longer than an analyst's query may take (WORKFORCE_SQL_TIME_LIMIT_S 10 s, plus its grace): a
# gthread worker's heartbeat does not wait for requests, so this only stops a worker that hangs.
timeout = 60
graceful_timeout = 30
keepalive = 5  # a browser's connections are reused between a page's callbacks


def post_worker_init(worker):
    """Serve one /healthz inside each worker before it takes requests, so that a person never pays the first
    request's one-time work (attaching the warehouse and reading its info, Dash's and the sign-in's first-request
    set-up, among which the session's secret key: a worker's first sign-in page failed without it)."""
    from werkzeug.test import Client

    Client(worker.wsgi).get("/healthz")
