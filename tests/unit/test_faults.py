"""Faults answered in words (issue 9): a damaged, garbage, truncated or missing warehouse and a full disk give
one line saying what to do and an exit code as documented, never a traceback; `workforce check` finds them."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.warehouse_factory import make_warehouse_file
from warehouse.integrity import cached_check, check_warehouse

runner = CliRunner()
BLOCK = 262_144        # DuckDB's block size
FIRST_BLOCK = 3 * 4096  # after the file's headers

HIRING = "employer_id,region_code,trade_code,month,openings,hires,jobs_created,hires_from_campus,open_vacancies\n"


def invoke(*args: str):
    result = runner.invoke(app, list(args), env={}, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def one_line(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture
def warehouse(tmp_path) -> Path:
    return make_warehouse_file(tmp_path, hiring=[{"employer_id": f"E{n}", "openings": n} for n in range(3000)])


def scribble_a_block_of(path: Path, table: str) -> None:
    with duckdb.connect(str(path), read_only=True) as con:
        [(block,)] = con.sql(f"select max(block_id) from pragma_storage_info('{table}') "
                             "where block_id is not null").fetchall()
    with open(path, "r+b") as file:
        file.seek(FIRST_BLOCK + block * BLOCK + 1000)
        file.write(os.urandom(4096))


def test_a_whole_warehouse_checks_ok(warehouse):
    result = check_warehouse(warehouse)
    assert (result.ok, result.reason) == (True, "")
    assert result.tables > 25 and result.rows > 3000
    output = invoke("check", "--db", str(warehouse))
    assert output.exit_code == 0 and f"OK: {warehouse} is whole" in output.output


def test_a_scribbled_block_in_the_middle_is_found(warehouse):
    scribble_a_block_of(warehouse, "raw.hiring")
    result = check_warehouse(warehouse)
    assert not result.ok
    assert result.reason.startswith("table raw.hiring is damaged: a block fails its checksum; move the file away")
    output = invoke("check", "--db", str(warehouse))
    assert output.exit_code == 1
    assert one_line(output.output).startswith(f"Error: {warehouse}: table raw.hiring is damaged")


def test_a_garbage_file_is_no_warehouse_for_any_command(tmp_path):
    garbage = tmp_path / "w.duckdb"
    garbage.write_bytes(os.urandom(300_000))
    hiring = tmp_path / "hiring.csv"
    hiring.write_text(HIRING + "E1,84,QC,2024-03,5,3,2,1,2\n")
    expected = (f"Error: the warehouse {garbage} cannot be used: the file is not a DuckDB warehouse (or its first "
                "block is damaged); move the file away (or restore a backup) and load the source files again with "
                "`workforce ingest PATH`. `workforce check` tells more.")
    before = hashlib.sha256(garbage.read_bytes()).hexdigest()
    for command in (["status"], ["build"], ["ingest", str(hiring)]):
        output = invoke(*command, "--db", str(garbage))
        assert (output.exit_code, one_line(output.output)) == (1, expected), command
    assert hashlib.sha256(garbage.read_bytes()).hexdigest() == before
    assert invoke("check", "--db", str(garbage)).exit_code == 1


def test_a_truncated_warehouse_is_found(warehouse):
    data = warehouse.read_bytes()
    warehouse.write_bytes(data[: len(data) // 3])
    assert not check_warehouse(warehouse).ok
    assert invoke("check", "--db", str(warehouse)).exit_code == 1


def test_a_missing_warehouse_is_said_so(tmp_path):
    result = check_warehouse(tmp_path / "none.duckdb")
    assert (result.ok, result.reason) == (False, "there is no warehouse file yet; build one with `workforce ingest "
                                                 "PATH` (or start the app once to load the demonstration data)")
    assert invoke("check", "--db", str(tmp_path / "none.duckdb")).exit_code == 1


def test_the_cached_check_reads_again_only_after_the_file_changes(warehouse):
    first = cached_check(warehouse)
    assert cached_check(warehouse) is first
    scribble_a_block_of(warehouse, "raw.hiring")
    os.utime(warehouse, ns=(os.stat(warehouse).st_atime_ns, os.stat(warehouse).st_mtime_ns + 1_000_000))
    assert not cached_check(warehouse).ok


def test_a_full_disk_while_publishing_is_said_in_words(warehouse, monkeypatch):
    from warehouse import publish

    def no_space(source, target):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(publish.shutil, "copyfile", no_space)
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    output = invoke("build", "--db", str(warehouse))
    assert (output.exit_code, one_line(output.output)) == (
        1, f"Error: the disk holding {warehouse} is full: nothing was published, the warehouse is as it was. Free "
           "some space (or point WORKFORCE_DB at a larger disk) and run the command again.")
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before


@pytest.fixture
def small_disk(tmp_path):
    """A real 20 MB file system (tmpfs), when this machine lets the tests mount one (root)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the failing-writer test covers the message")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_disk_during_ingest_keeps_the_published_warehouse(small_disk, tmp_path):
    db_path = small_disk / "w.duckdb"
    first = tmp_path / "first.csv"
    first.write_text(HIRING + "E1,84,QC,2024-03,5,3,2,1,2\n")
    assert invoke("ingest", str(first), "--db", str(db_path)).exit_code == 0
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    big = tmp_path / "big.csv"
    with big.open("w") as file:
        file.write(HIRING)
        for employer in range(400_000):  # identifiers that do not compress: more than the 20 MB disk holds
            file.write(f"E-{hashlib.sha256(str(employer).encode()).hexdigest()[:37]},84,QC,2024-03,5,3,2,1,2\n")
    output = invoke("ingest", str(big), "--db", str(db_path))
    assert output.exit_code == 1
    assert one_line(output.output).startswith(f"Error: the disk holding {db_path} is full: nothing was published")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert not (small_disk / "w.duckdb.building").exists()
    assert invoke("check", "--db", str(db_path)).exit_code == 0
