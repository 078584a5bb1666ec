"""Locust users of the load benchmark (bench/bench_load.py runs them; see bench/README.md).

Each user signs in through /login with its form's CSRF token (the people of BENCH_USERS_FILE, in
turn: the committee, hr, analysts), reads /_dash-dependencies once, then goes round the pages of
BENCH_PAGES: opens each as a browser does (the router's request, then every callback the page's
layout starts, at most six at a time as a browser's connections to one host), waits the think
time, changes the trade filter to one the page offers (every callback of that filter), waits
again. Requests are named by kind ("sign-in", "router <page>", "callback <output>") and every
page's callbacks together by "page <page>" (from the first request sent to the last answer).
At the end the summary by kind goes to BENCH_SUMMARY as JSON (bench_load.py starts locust with
--reset-stats: what is measured starts once every person has signed in).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

import gevent
from gevent.pool import Pool
from locust import FastHttpUser, constant, events, task

from bench.dash_client import filter_options, label, open_page

PEOPLE = itertools.cycle(json.loads(os.environ.get("BENCH_PEOPLE", '["stella"]')))
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
PAGES = os.environ.get("BENCH_PAGES", "/,/gaps,/trade?trade=QC,/hiring").split(",")
THINK_S = float(os.environ.get("BENCH_THINK_S", "0.5"))
BROWSER_CONNECTIONS = 6
TRADE = "filter-trade"


class Person(FastHttpUser):
    wait_time = constant(0)  # the think time is inside the visit, between what a person does
    concurrency = BROWSER_CONNECTIONS

    def on_start(self) -> None:
        name = next(PEOPLE)
        form = self.client.get("/login", name="sign-in form")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        # followed to the page it redirects to, as a browser does; a refused sign-in answers the form again
        with self.client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token,
                                              "next": "/"}, name="sign-in", catch_response=True) as response:
            if response.status_code != 200 or 'name="csrf_token"' in (response.text or ""):
                response.failure(f"sign-in of {name} answered {response.status_code}")
        self.dependencies = self.client.get("/_dash-dependencies", name="dependencies").json()

    def post(self, payload: dict, name: str, read: bool = False) -> dict:
        """Post a callback; its answer is parsed only when ``read`` (the router's, to know the page): parsing
        every answer would take the load generator's share of the same two cores."""
        with self.client.post("/_dash-update-component", json=payload, name=name, catch_response=True) as response:
            if response.status_code not in (200, 204):
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
                return {}
            return response.json() if read and response.status_code == 200 else {}

    def together(self, page_name: str, payloads: list[dict]) -> None:
        """Post a page's callbacks as a browser does, and time them together."""
        started = time.perf_counter()
        pool = Pool(BROWSER_CONNECTIONS)
        for payload in payloads:
            pool.spawn(self.post, payload, f"callback {label(payload)}")
        pool.join()
        events.request.fire(request_type="PAGE", name=f"page {page_name}", response_length=0, exception=None,
                            response_time=(time.perf_counter() - started) * 1000, context={})

    @task
    def visit(self) -> None:
        for url in PAGES:
            page, payloads = open_page(self.dependencies, url,
                                       lambda payload: self.post(payload, f"router {url}", read=True))
            self.together(url, payloads)
            gevent.sleep(THINK_S)
            trades = filter_options(page, TRADE)
            if trades:
                self.together(f"{url} filtered", page.change(TRADE, "value", [random.choice(trades)]))
                gevent.sleep(THINK_S)


def _summary(entries) -> dict:
    return {"requests": entries.num_requests, "failures": entries.num_failures,
            "requests_per_s": entries.total_rps,
            **{f"p{int(share * 100)}": entries.get_response_time_percentile(share) for share in (0.5, 0.95, 0.99)},
            "max": entries.max_response_time}


@events.test_stop.add_listener
def write_summary(environment, **_) -> None:
    from locust.stats import StatsEntry

    kinds: dict[str, StatsEntry] = {}
    for entry in environment.stats.entries.values():
        kind = ("pages" if entry.method == "PAGE" else "callbacks" if entry.name.startswith("callback ")
                else "routers" if entry.name.startswith("router ") else "sign-in and set-up")
        merged = kinds.setdefault(kind, StatsEntry(environment.stats, kind, "", use_response_times_cache=True))
        merged.extend(entry)
    errors = [{"name": error.name, "error": str(error.error), "occurrences": error.occurrences}
              for error in environment.stats.errors.values()]
    http = [entry for entry in environment.stats.entries.values() if entry.method != "PAGE"]
    everything = StatsEntry(environment.stats, "all requests", "", use_response_times_cache=True)
    for entry in http:
        everything.extend(entry)
    slowest = sorted(environment.stats.entries.values(), key=lambda entry: -entry.get_response_time_percentile(0.95))
    summary = {"all requests": _summary(everything), **{kind: _summary(entry) for kind, entry in kinds.items()},
               "slowest": [{"name": entry.name, **_summary(entry)} for entry in slowest[:8]], "errors": errors}
    with open(os.environ["BENCH_SUMMARY"], "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=1)
