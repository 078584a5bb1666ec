"""The door keeps its answers until the next publish: a publish invalidates them, two roles or two
employers never share an answer that differs between them, the cache is bounded in bytes, a question
asked twice at once is computed once, and after a publish the last questions are asked again."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from datetime import date

import polars as pl
import pytest

from dashboard import door
from dashboard.access import Forbidden
from dashboard.door import Answers
from dashboard.queries import gaps, hiring
from tests.contexts import analyst, hr, steering
from tests.warehouse_factory import make_warehouse_file


def _hiring(openings: int) -> list[dict]:
    return [{"employer_id": employer, "month": date(2024, month, 1), "openings": openings + number,
             "hires": 1, "jobs_created": 1, "hires_from_campus": 0, "open_vacancies": 0}
            for number, employer in enumerate(("E1", "E2")) for month in (1, 2, 3)]


def _graduates(count: int) -> list[dict]:
    """`count` graduates of P-USP-TECH in Île-de-France in 2024."""
    return [{"learner_id": f"L{number}", "status": "completed", "start_date": date(2023, 9, 1),
             "end_date": date(2024, 6, 30), "certified": True} for number in range(count)]


def _publish(path, openings: int = 10, graduates: int = 3):
    """Build a warehouse of these rows and swap it in at ``path``, as a rebuild publishes."""
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        os.replace(make_warehouse_file(folder, hiring=_hiring(openings), enrolments=_graduates(graduates)), path)
    return path


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = _publish(tmp_path / "workforce.duckdb")
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    door.clear_cache()
    yield path
    door.clear_cache()


@pytest.fixture
def statements(monkeypatch):
    """The statements the door runs on the marts and facts (not its own reads of warehouse_info)."""
    ran: list[str] = []
    run = door._run

    def counting(path, sql, params):
        if "warehouse_info" not in sql:
            ran.append(sql)
        return run(path, sql, params)

    monkeypatch.setattr(door, "_run", counting)
    return ran


def test_an_answer_is_kept_until_the_next_publish(warehouse, statements):
    ctx = steering()
    assert hiring.totals(ctx)["openings"][0] == 6 * 10 + 3
    assert hiring.totals(ctx)["openings"][0] == 63
    assert len(statements) == 1, "asked twice, computed once"
    _publish(warehouse, openings=20)
    assert hiring.totals(steering())["openings"][0] == 6 * 20 + 3
    assert len(statements) == 2


def test_steering_and_analyst_never_share_an_answer_with_small_counts(warehouse):
    for first, second in ((steering, analyst), (analyst, steering)):
        door.clear_cache()
        answers = {role.__name__: gaps.gap_summary(role()) for role in (first, second)}
        assert answers["analyst"]["graduates"][0] == 3
        assert answers["steering"]["graduates"][0] is None
        assert answers["steering"]["graduates__protected"][0] == "small"


def test_hr_of_two_employers_never_share_employer_rows(warehouse):
    assert set(hiring.employers(hr("E1"))["employer_id"]) == {"E1"}
    assert set(hiring.employers(hr("E2"))["employer_id"]) == {"E2"}
    assert set(hiring.employers(hr("E1"))["employer_id"]) == {"E1"}
    assert set(hiring.employers(analyst())["employer_id"]) == {"E1", "E2"}
    with pytest.raises(Forbidden):  # an hr answer kept for the same SQL is no way round the role
        hiring.employers(steering())


def test_the_sectors_answers_are_shared_by_hr_and_steering(warehouse, statements):
    sector = gaps.gap_summary(hr("E1"))
    assert gaps.gap_summary(steering()).equals(sector)
    assert gaps.gap_summary(hr("E2")).equals(sector)
    assert len(statements) == 1


def test_two_threads_asking_at_once_compute_once(warehouse, monkeypatch):
    ran = []
    run = door._run

    def slow(path, sql, params):
        ran.append(sql)
        time.sleep(0.3)
        return run(path, sql, params)

    contexts = [steering(), steering()]
    monkeypatch.setattr(door, "_run", slow)
    results = [None, None]

    def ask(position):
        results[position] = hiring.totals(contexts[position])

    threads = [threading.Thread(target=ask, args=(position,)) for position in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ran) == 1 and results[0].equals(results[1])


def test_a_failed_question_is_not_kept_and_its_waiters_get_the_error(warehouse):
    with pytest.raises(door.DoorError):
        door.ask(steering(), "select trade_code, supply from mart_talent_gap")
    with pytest.raises(door.DoorError):
        door.ask(steering(), "select trade_code, supply from mart_talent_gap")


FILE = "warehouse.duckdb"
PUBLISHED, REPUBLISHED = (1, 10, 1_000, 7), (1, 11, 2_000, 7)  # (device, inode, mtime_ns, pid)


def test_the_answers_are_bounded_in_bytes():
    frame = pl.DataFrame({"value": range(10_000)})  # 80 kB
    size = frame.estimated_size() + 1024
    answers = Answers(max_bytes=3 * size, warm=0)
    for number in range(5):
        assert answers.get(FILE, PUBLISHED, ("ask", number), lambda: frame).equals(frame)
    held, held_bytes = answers.held
    assert held == 3 and held_bytes == 3 * size
    computed = []
    answers.get(FILE, PUBLISHED, ("ask", 0), lambda: computed.append(0) or frame)
    assert computed == [0], "the least recently used went first"
    big = pl.DataFrame({"value": range(100_000)})
    assert answers.get(FILE, PUBLISHED, ("ask", "big"), lambda: big).height == 100_000
    assert answers.held[1] <= 3 * size, "an answer larger than the whole cache is answered, not kept"


def test_a_kept_view_counts_the_bytes_its_builder_says_it_holds():
    from dashboard.door import Sized

    answers = Answers(max_bytes=10_000, warm=0)
    view = Sized({"figure": {"data": []}}, 4_000)
    for number in range(3):
        assert answers.get(FILE, PUBLISHED, ("kept", number), lambda: view) is view
    assert answers.held == (2, 8_000), "the third view pushed the first out"


def test_a_request_that_read_the_identity_before_a_publish_neither_keeps_nor_drops():
    answers = Answers(max_bytes=10**6, warm=0)
    answers.get(FILE, REPUBLISHED, ("ask", "new"), lambda: "on the new file")
    assert answers.get(FILE, PUBLISHED, ("ask", "old"), lambda: "on the old file") == "on the old file"
    assert answers.held[0] == 1
    assert answers.get(FILE, REPUBLISHED, ("ask", "new"), lambda: "computed again") == "on the new file"


def test_after_a_publish_the_last_questions_are_asked_again(warehouse, statements):
    hiring.totals(steering())
    hiring.employers(hr("E1"))
    gaps.gap_summary(analyst())
    _publish(warehouse, openings=20, graduates=4)
    assert hiring.totals(steering())["openings"][0] == 123  # the first question on the new file
    door.answers().warming.join(timeout=30)
    asked = len(statements)
    assert set(hiring.employers(hr("E1"))["employer_id"]) == {"E1"}
    assert gaps.gap_summary(analyst())["graduates"][0] == 4, "warmed on the new file"
    assert len(statements) == asked, "both were ready before they were asked"
