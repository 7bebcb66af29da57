"""The concurrency tests' thread helper (tests/threads.py): outcomes in order, nothing raised in a
thread lost, a hung thread named, every thread's connection closed."""

from __future__ import annotations

import threading
import time

import pytest

from tests import threads
from tests.threads import errors, in_background, lock_held, meet, run_at_once, values


def test_outcomes_come_in_the_order_of_the_callables_and_all_start_together() -> None:
    started: list[float] = []

    def slow() -> str:
        started.append(time.monotonic())
        time.sleep(0.2)
        return "slow"

    def fast() -> str:
        started.append(time.monotonic())
        return "fast"

    outcomes = run_at_once(slow, fast, names=["the slow one", "the fast one"])
    assert values(outcomes) == ["slow", "fast"]
    assert [o.name for o in outcomes] == ["the slow one", "the fast one"]
    assert max(started) - min(started) < 0.15  # both let go at the barrier


def test_what_a_thread_raised_is_kept_and_values_raises_it_naming_the_thread() -> None:
    def boom() -> int:
        raise ValueError("no such case\nsecond line")

    outcomes = run_at_once(lambda: 1, boom)
    assert outcomes[0].value == 1 and isinstance(outcomes[1].error, ValueError)
    assert errors(outcomes) == ["ValueError: no such case"]
    with pytest.raises(AssertionError, match="1 thread\\(s\\) raised: #1 boom: ValueError") as info:
        values(outcomes)
    assert isinstance(info.value.__cause__, ValueError)


def test_a_thread_that_hangs_fails_the_test_naming_it() -> None:
    release = threading.Event()
    try:
        with pytest.raises(pytest.fail.Exception, match=r"after 0.3 s: waits$"):
            run_at_once(
                lambda: None, lambda: release.wait(10), names=["ends", "waits"], timeout=0.3
            )
    finally:
        release.set()
        for thread in threading.enumerate():
            if thread.name == "waits":
                thread.join(5)  # gone before the next test counts threads


def test_every_thread_closes_its_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[str] = []
    monkeypatch.setattr(
        threads.connections, "close_all", lambda: closed.append(threading.current_thread().name)
    )
    run_at_once(lambda: None, lambda: 1 / 0, names=["a", "b"])
    with in_background(lambda: None, name="c"):
        pass
    assert sorted(closed) == ["a", "b", "c"]


def test_meet_goes_on_alone_when_the_other_side_never_comes() -> None:
    assert meet(threading.Barrier(2), 0.05) is False
    both = threading.Barrier(2)
    assert values(run_at_once(*[lambda: meet(both, 5)] * 2)) == [True, True]


def test_in_background_releases_joins_and_raises_what_the_thread_raised() -> None:
    release = threading.Event()

    def waits_then_fails() -> None:
        assert release.wait(5)
        raise RuntimeError("late answer")

    with pytest.raises(AssertionError, match="RuntimeError: late answer"):  # noqa: SIM117
        with in_background(waits_then_fails, release=release) as worker:
            assert worker.alive
    with in_background(lambda: "done") as done:
        pass
    assert done.value == "done"


def test_a_failure_of_the_body_is_the_one_reported() -> None:
    with pytest.raises(KeyError), in_background(lambda: 1 / 0):
        raise KeyError("the test's own")


@pytest.mark.django_db(transaction=True)
def test_a_lock_holder_that_fails_is_reported_not_waited_for() -> None:
    def take() -> None:
        raise LookupError("no such row")

    started = time.monotonic()
    with pytest.raises(AssertionError, match="lock holder: LookupError"), lock_held(take):
        pytest.fail("the body ran without the lock")  # pragma: no cover
    assert time.monotonic() - started < 5
