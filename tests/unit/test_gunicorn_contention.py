"""Analysts cannot slow the others: with the repository's gunicorn.conf.py (threaded workers), /healthz keeps
answering while four analysts' runaway queries hold the SQL console until its time limit stops them."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.bench_runaway import run_query
from bench.common import gunicorn, signed_in_users
from tests.warehouse_factory import make_warehouse_file

TIME_LIMIT_S = 4


def test_healthz_answers_while_four_runaway_queries_run(tmp_path):
    env, _, password = signed_in_users(tmp_path)
    env |= {"WORKFORCE_SQL_TIME_LIMIT_S": str(TIME_LIMIT_S), "WORKFORCE_SQL_GRACE_S": "2"}
    db_path = make_warehouse_file(tmp_path, hiring=[{"openings": 3}])
    # two workers for four queries: gunicorn's default sync workers would each be held by one (this test
    # fails with --worker-class sync), threaded ones go on serving
    with gunicorn(db_path, env, ["-w", "2"]) as base:
        with ThreadPoolExecutor(4) as pool:
            queries = [pool.submit(run_query, base, ("ana", "adam")[number % 2], password) for number in range(4)]
            checks = []
            while not all(query.done() for query in queries):
                started = time.perf_counter()
                status = requests.get(f"{base}/healthz", timeout=30).status_code
                checks.append((started, time.perf_counter(), status))
                time.sleep(0.05)
            ran = [query.result() for query in queries]
    assert [ended for _, _, ended in ran] == ["stopped at the time limit"] * 4
    all_sent, first_back = max(sent for sent, _, _ in ran), min(back for _, back, _ in ran)
    assert first_back - all_sent > TIME_LIMIT_S / 2, "the four queries ran together"
    during = [(ended - started, status) for started, ended, status in checks
              if started >= all_sent and ended <= first_back]
    assert len(during) >= 5, "/healthz answered again and again while all four ran"
    assert all(status == 200 for _, status in during)
    assert max(seconds for seconds, _ in during) < TIME_LIMIT_S / 2, "never waited for a query to finish"
