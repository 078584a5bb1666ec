"""Safe publishing: readers never see half a rebuild, failures leave the last good warehouse."""

from __future__ import annotations

import hashlib
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warehouse.connect import WarehouseMissing, query
from warehouse.publish import BUILDING_SUFFIX, WarehouseBusy, rebuilding


def publish_version(db_path: Path, version: int, rows: int = 1000) -> None:
    with rebuilding(db_path) as con:
        con.execute("create or replace table numbers as select ? as version, range as n from range(?)",
                    [version, rows * version])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_reader_follows_each_publish_without_restarting(tmp_path):
    db_path = tmp_path / "w.duckdb"
    publish_version(db_path, 1)
    assert query("select max(version) as v, count(*) as c from numbers", db=db_path).row(0) == (1, 1000)
    publish_version(db_path, 2)
    assert query("select max(version) as v, count(*) as c from numbers", db=db_path).row(0) == (2, 2000)


def test_a_failed_rebuild_leaves_the_published_warehouse_intact(tmp_path):
    db_path = tmp_path / "w.duckdb"
    publish_version(db_path, 1)
    before = sha256(db_path)
    with pytest.raises(RuntimeError, match="model failed"):
        with rebuilding(db_path) as con:
            con.execute("delete from numbers")
            raise RuntimeError("model failed")
    assert sha256(db_path) == before
    assert not (tmp_path / f"w.duckdb{BUILDING_SUFFIX}").exists()
    assert query("select count(*) as c from numbers", db=db_path).item() == 1000


def test_an_interrupted_rebuild_leaves_the_published_warehouse_intact(tmp_path):
    db_path = tmp_path / "w.duckdb"
    publish_version(db_path, 1)
    before = sha256(db_path)
    with pytest.raises(KeyboardInterrupt):
        with rebuilding(db_path) as con:
            con.execute("drop table numbers")
            raise KeyboardInterrupt
    assert sha256(db_path) == before


def test_a_killed_rebuild_leaves_a_copy_that_the_next_rebuild_clears(tmp_path):
    db_path = tmp_path / "w.duckdb"
    publish_version(db_path, 1)
    before = sha256(db_path)
    killed = subprocess.run([sys.executable, "-c", (
        "import os, sys; from pathlib import Path; from warehouse.publish import rebuilding\n"
        f"with rebuilding(Path({str(db_path)!r})) as con:\n"
        "    con.execute('delete from numbers'); os._exit(9)\n")], cwd=Path(__file__).parents[2])
    assert killed.returncode == 9
    assert (tmp_path / f"w.duckdb{BUILDING_SUFFIX}").exists()
    assert sha256(db_path) == before
    publish_version(db_path, 3)
    assert not (tmp_path / f"w.duckdb{BUILDING_SUFFIX}").exists()
    assert query("select max(version) from numbers", db=db_path).item() == 3


def test_a_second_writer_is_told_the_warehouse_is_busy(tmp_path):
    db_path = tmp_path / "w.duckdb"
    with rebuilding(db_path):
        with pytest.raises(WarehouseBusy, match="Another process is rebuilding"):
            with rebuilding(db_path, wait=False):
                pass


def test_a_missing_warehouse_says_how_to_build_one(tmp_path):
    with pytest.raises(WarehouseMissing, match="workforce ingest"):
        query("select 1", db=tmp_path / "nothing.duckdb")


def _read_continuously(db_path: str, seconds: float, results) -> None:
    deadline = time.monotonic() + seconds
    seen = []
    try:
        while time.monotonic() < deadline:
            seen.append(query("select max(version) as v, count(*) as c, count(distinct version) as k from numbers",
                              db=db_path).row(0))
    except Exception as error:  # the test asserts on it: a reader must never fail
        results.put(("error", repr(error)))
        return
    results.put(("ok", seen))


def test_a_reader_in_another_process_keeps_working_through_a_slow_rebuild(tmp_path):
    db_path = tmp_path / "w.duckdb"
    publish_version(db_path, 1)
    results = multiprocessing.get_context("spawn").Queue()
    reader = multiprocessing.get_context("spawn").Process(target=_read_continuously, args=(str(db_path), 4.0, results))
    reader.start()
    time.sleep(1.0)
    with rebuilding(db_path) as con:
        con.execute("create or replace table numbers as select 2 as version, range as n from range(2000)")
        time.sleep(1.0)  # a slow model: the reader keeps reading version 1 meanwhile
        con.execute("insert into numbers select 2, range from range(2000, 4000)")
    status, seen = results.get(timeout=30)
    reader.join(timeout=30)
    assert status == "ok", seen
    assert set(seen) <= {(1, 1000, 1), (2, 4000, 1)}, "a reader saw a half-built warehouse"
    assert seen[0] == (1, 1000, 1) and seen[-1] == (2, 4000, 1)
