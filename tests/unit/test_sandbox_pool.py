"""The worker pool on its own, with small handlers defined here: replies, deadlines, retirement, broken workers,
the queue bound, and that a worker's words never reach the parent as code."""

from __future__ import annotations

import os
import threading
import time

import psutil
import pytest

from warehouse.sandbox_pool import PoolBusy, WorkerCaps, WorkerPool, WorkerStartFailed, WorkerStopped, WorkerTimeout

CAPS = WorkerCaps(memory_bytes=500_000_000, nice=5)


# --- handlers, run inside the workers -----------------------------------------------------------------

def echo(request: dict) -> tuple[dict, bytes | None, bool]:
    time.sleep(request.get("sleep_s", 0))
    payload = request["text"].encode() * request.get("repeat", 1) if "text" in request else None
    return {"pid": os.getpid(), "request": request}, payload, request.get("retire", False)


def crash(request: dict) -> tuple[dict, bytes | None, bool]:
    os._exit(3)


# --- the tests ------------------------------------------------------------------------------------------

@pytest.fixture
def make_pool():
    pools: list[WorkerPool] = []

    def make(handler: str = "echo", size: int = 1, queue: int = 0, grace_s: float = 0.5) -> WorkerPool:
        pool = WorkerPool(f"tests.unit.test_sandbox_pool:{handler}", size=size, queue=queue, caps=CAPS,
                          grace_s=grace_s)
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.close()


def test_a_reply_and_its_payload_come_back_from_a_long_lived_worker(make_pool):
    pool = make_pool()
    reply, payload = pool.run({"text": "abc", "repeat": 3}, time_limit_s=5, max_payload_bytes=100)
    assert reply["request"] == {"text": "abc", "repeat": 3} and payload == b"abcabcabc"
    again, _ = pool.run({}, time_limit_s=5, max_payload_bytes=100)
    assert again["pid"] == reply["pid"] == pool.pids[0] != os.getpid()


def test_workers_are_niced_capped_and_in_a_session_of_their_own(make_pool):
    pool = make_pool()
    reply, _ = pool.run({}, time_limit_s=5, max_payload_bytes=0)
    worker = psutil.Process(reply["pid"])
    assert worker.nice() == min(19, psutil.Process().nice() + 5)
    assert worker.rlimit(psutil.RLIMIT_DATA) == (500_000_000, 500_000_000)
    assert worker.rlimit(psutil.RLIMIT_CORE) == (0, 0)
    assert os.getsid(reply["pid"]) != os.getsid(0)  # Ctrl+C in the terminal reaches the parent only


def test_a_worker_past_the_deadline_is_killed_and_replaced(make_pool):
    pool = make_pool(grace_s=0.3)
    first, _ = pool.run({}, time_limit_s=5, max_payload_bytes=0)
    started = time.perf_counter()
    with pytest.raises(WorkerTimeout):
        pool.run({"sleep_s": 30}, time_limit_s=0.2, max_payload_bytes=0)
    assert time.perf_counter() - started < 2
    assert not psutil.pid_exists(first["pid"])
    second, _ = pool.run({}, time_limit_s=5, max_payload_bytes=0)
    assert second["pid"] != first["pid"]


def test_a_worker_that_retires_is_replaced(make_pool):
    pool = make_pool()
    first, _ = pool.run({"retire": True}, time_limit_s=5, max_payload_bytes=0)
    second, _ = pool.run({}, time_limit_s=5, max_payload_bytes=0)
    assert first["pid"] != second["pid"] and pool.pids == [second["pid"]]


def test_a_payload_past_its_bound_stops_the_worker_not_the_parent(make_pool):
    pool = make_pool()
    with pytest.raises(WorkerStopped):
        pool.run({"text": "x", "repeat": 10_000}, time_limit_s=5, max_payload_bytes=1000)
    reply, payload = pool.run({"text": "ok"}, time_limit_s=5, max_payload_bytes=1000)
    assert payload == b"ok"


def test_a_worker_that_dies_says_how(make_pool):
    pool = make_pool("crash")
    with pytest.raises(WorkerStopped) as stopped:
        pool.run({}, time_limit_s=5, max_payload_bytes=0)
    assert stopped.value.reason == "exit status 3"
    assert pool.pids == []


def test_past_the_queue_a_request_is_refused_at_once_and_a_waiting_one_is_served(make_pool):
    pool = make_pool(size=1, queue=1)
    pool.run({}, time_limit_s=5, max_payload_bytes=0)
    outcomes: dict[str, object] = {}
    slow = threading.Thread(target=lambda: outcomes.update(slow=pool.run({"sleep_s": 1}, 5, 0)[0]))
    waiting = threading.Thread(target=lambda: outcomes.update(waiting=pool.run({}, 5, 0)[0]))
    slow.start()
    time.sleep(0.2)
    waiting.start()
    time.sleep(0.2)
    started = time.perf_counter()
    with pytest.raises(PoolBusy) as busy:
        pool.run({}, time_limit_s=5, max_payload_bytes=0)
    assert time.perf_counter() - started < 0.2
    assert (busy.value.running, busy.value.waiting) == (1, 1)
    slow.join()
    waiting.join()
    assert set(outcomes) == {"slow", "waiting"}


def test_a_closed_pool_takes_no_request_and_leaves_no_process(make_pool):
    pool = make_pool()
    reply, _ = pool.run({}, time_limit_s=5, max_payload_bytes=0)
    pool.close()
    assert not psutil.pid_exists(reply["pid"])
    with pytest.raises(WorkerStartFailed):
        pool.run({}, time_limit_s=5, max_payload_bytes=0)


def test_a_handler_that_cannot_be_imported_is_a_start_failure(make_pool):
    pool = make_pool("no_such_handler")
    with pytest.raises(WorkerStartFailed, match="the worker did not start"):
        pool.run({}, time_limit_s=5, max_payload_bytes=0)
