"""A small pool of long-lived worker processes for untrusted work, each under hard OS caps.

The analysts' SQL runs here (sandbox.py), away from the process that serves the
dashboard: a runaway query can use a worker's CPU and memory, never the web
server's. Each worker

- is a fresh interpreter (``python -m warehouse.sandbox_pool``) started with
  ``subprocess``, not ``multiprocessing``: forking the multi-threaded web server
  would copy its locks in whatever state its other threads left them, and
  multiprocessing's spawn and forkserver methods re-import the parent's main
  script (``app.py`` would build a whole Dash app in every worker);
- lowers its CPU priority (``os.nice``), caps its memory with ``RLIMIT_DATA``
  (an allocation past the cap fails inside that worker only; ``RLIMIT_AS`` would
  count the gigabyte of address space an idle DuckDB reserves) and dumps no core,
  before it imports anything heavy; it runs in a session of its own, so Ctrl+C in
  a terminal reaches the parent, which stops it;
- answers one request at a time over a socket pair, ``handler(request) ->
  (reply, payload, retire)``: JSON and raw bytes, never pickle, so a worker that
  hostile input took over still cannot make the parent run code; a worker that
  says ``retire`` (its state is no longer trusted) exits and is replaced;
- is waited for at most ``time_limit_s + grace_s`` from the moment it has the
  request (its start, which it ends by saying it is ready, is not counted), for
  its reply and then its payload, each of a bounded size; past that it is killed
  and the caller gets ``WorkerTimeout``, whatever the worker was doing.

Requests beyond the free workers wait, ``queue`` of them at most; one more gets
``PoolBusy`` at once rather than piling up. Workers start on demand (a command
that runs one query starts one worker, and a killed or retired worker is
replaced by the next request), in about half a second, and live until
``close()``. POSIX only (rlimits, nice, socket pairs).
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

Handler = Callable[[dict], tuple[dict, bytes | None, bool]]
_PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # the folder holding `warehouse`, for the workers' sys.path
_READY = b"ready"
_START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class WorkerCaps:
    """What each worker process may use: bytes of data (RLIMIT_DATA) and how much lower its CPU priority is."""

    memory_bytes: int
    nice: int


class PoolBusy(Exception):
    """Every worker is busy and the queue is full (or the wait outlasted the time a request may take)."""

    def __init__(self, running: int, waiting: int) -> None:
        super().__init__(f"{running} running, {waiting} waiting")
        self.running = running
        self.waiting = waiting


class WorkerTimeout(Exception):
    """The worker had not answered by the deadline; it was killed."""


class WorkerStopped(Exception):
    """The worker ended (killed by a signal, or it exited) or broke the protocol before it answered."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WorkerStartFailed(Exception):
    """No worker process could be started."""


@dataclass
class _Worker:
    process: subprocess.Popen
    connection: Connection


class WorkerPool:
    """Up to ``size`` worker processes running ``handler`` ("module:function"), ``queue`` requests waiting at most.

    ``environment`` adds variables to the workers' environment (they inherit the parent's otherwise).
    """

    def __init__(self, handler: str, *, size: int, queue: int, caps: WorkerCaps, grace_s: float,
                 environment: dict[str, str] | None = None) -> None:
        if size < 1 or queue < 0:
            raise ValueError(f"a pool needs at least one worker and a queue of 0 or more (size={size}, queue={queue})")
        self.handler = handler
        self.size = size
        self.queue = queue
        self.caps = caps
        self.grace_s = grace_s
        self.environment = dict(environment or {})
        self.owner_pid = os.getpid()
        self._changed = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy: dict[int, _Worker] = {}
        self._workers = 0  # started or starting
        self._waiting = 0
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The live workers' process ids, idle and busy."""
        with self._changed:
            return sorted([worker.process.pid for worker in self._idle] + list(self._busy))

    def run(self, request: dict, time_limit_s: float, max_payload_bytes: int) -> tuple[dict, bytes | None]:
        """The handler's reply and payload for ``request``.

        Raises PoolBusy, WorkerTimeout, WorkerStopped or WorkerStartFailed.
        """
        deadline_s = time_limit_s + self.grace_s
        worker = self._acquire(wait_s=deadline_s)
        deadline = time.monotonic() + deadline_s
        try:
            worker.connection.send_bytes(json.dumps(request).encode("utf-8"))
            header = json.loads(_receive(worker, deadline, 1 << 20))
            payload = _receive(worker, deadline, max_payload_bytes) if header["payload"] else None
            reply, retire = header["reply"], header["retire"]
        except WorkerTimeout:
            self._discard(worker, kill=True)
            raise
        except (EOFError, OSError, ValueError, KeyError, TypeError):  # ended, or broke the protocol
            raise WorkerStopped(self._discard(worker, kill=True)) from None
        if retire:
            self._discard(worker)
        else:
            self._release(worker)
        return reply, payload

    def close(self) -> None:
        """Stop every worker (a busy one's caller gets WorkerStopped); the pool takes no more requests."""
        with self._changed:
            self._closed = True
            workers = self._idle + list(self._busy.values())
            self._idle = []
            self._changed.notify_all()
        for worker in workers:
            worker.connection.close()  # an idle worker sees the end of its socket and returns
            try:
                worker.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()

    # --- the workers ------------------------------------------------------------------------

    def _acquire(self, wait_s: float) -> _Worker:
        with self._changed:
            queued = False
            try:
                while True:
                    if self._closed:
                        raise WorkerStartFailed("the pool is closed")
                    while self._idle:
                        worker = self._idle.pop()
                        if worker.process.poll() is None:
                            self._busy[worker.process.pid] = worker
                            return worker
                        worker.connection.close()
                        self._workers -= 1
                    if self._workers < self.size:
                        self._workers += 1
                        break
                    if not queued:
                        if self._waiting >= self.queue:
                            raise PoolBusy(len(self._busy), self._waiting)
                        queued, self._waiting = True, self._waiting + 1
                    if not self._changed.wait_for(lambda: self._idle or self._workers < self.size or self._closed,
                                                  timeout=wait_s):
                        raise PoolBusy(len(self._busy), self._waiting - 1)
            finally:
                if queued:
                    self._waiting -= 1
        return self._start()

    def _start(self) -> _Worker:
        parent_end, child_end = socket.socketpair()
        environment = {**os.environ, **self.environment,
                       "PYTHONPATH": os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "warehouse.sandbox_pool", self.handler, str(child_end.fileno()),
                   str(self.caps.memory_bytes), str(self.caps.nice)]
        try:
            process = subprocess.Popen(command, pass_fds=(child_end.fileno(),), env=environment,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True)
        except OSError as error:
            parent_end.close()
            with self._changed:
                self._workers -= 1
                self._changed.notify_all()
            raise WorkerStartFailed(error.strerror or str(error)) from None
        finally:
            child_end.close()
        worker = _Worker(process, Connection(parent_end.detach()))
        with self._changed:
            self._busy[process.pid] = worker
        # A request's deadline starts when the worker can take it, not while it imports (slower when it is niced
        # on a busy machine).
        try:
            ready = worker.connection.poll(_START_TIMEOUT_S) and worker.connection.recv_bytes(16) == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            raise WorkerStartFailed(f"the worker did not start ({self._discard(worker, kill=True)})")
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._changed:
            self._busy.pop(worker.process.pid, None)
            closed = self._closed
            if not closed:
                self._idle.append(worker)
            self._changed.notify_all()
        if closed:
            self._discard(worker, kill=True)

    def _discard(self, worker: _Worker, kill: bool = False) -> str:
        """Take a worker out of the pool (killing it first if asked); how it ended."""
        if kill:
            worker.process.kill()
        try:
            worker.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()
        worker.connection.close()
        with self._changed:
            if self._busy.pop(worker.process.pid, None) is not None:
                self._workers -= 1
            self._changed.notify_all()
        return _ended(worker.process.returncode)


def _receive(worker: _Worker, deadline: float, max_bytes: int) -> bytes:
    """The worker's next message, if it comes by the deadline (a header, then its payload, each bounded)."""
    if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
        raise WorkerTimeout("no answer by the deadline")
    return worker.connection.recv_bytes(max_bytes)


def _ended(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


# --- inside a worker ------------------------------------------------------------------------------

def _apply_caps(caps: WorkerCaps) -> None:
    if caps.nice:
        os.nice(caps.nice)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = caps.memory_bytes if hard == resource.RLIM_INFINITY else min(caps.memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))


def serve(connection: Connection, handler: Handler) -> None:
    """Answer requests until the socket closes or the handler retires the worker."""
    while True:
        try:
            request = json.loads(connection.recv_bytes())
        except (EOFError, OSError):
            return
        reply, payload, retire = handler(request)
        try:
            connection.send_bytes(json.dumps({"reply": reply, "payload": payload is not None,
                                              "retire": retire}).encode("utf-8"))
            if payload is not None:
                connection.send_bytes(payload)
        except OSError:  # the parent gave up on this request and closed the socket
            return
        if retire:
            return


def main(argv: list[str]) -> None:
    handler_path, descriptor, memory_bytes, nice = argv
    _apply_caps(WorkerCaps(memory_bytes=int(memory_bytes), nice=int(nice)))
    module_name, function_name = handler_path.split(":")
    handler = getattr(importlib.import_module(module_name), function_name)
    connection = Connection(int(descriptor))
    connection.send_bytes(_READY)
    serve(connection, handler)


if __name__ == "__main__":
    main(sys.argv[1:])
