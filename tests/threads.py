"""Threads for the concurrency tests: two requests, workers or admins at the same moment.

Each thread has its own database connection (Django gives every thread its own) and closes it
at the end, so that the test database can be flushed or dropped after the test. Nothing a thread
raises is lost: it is kept with the thread's outcome, and ``values`` and ``in_background`` raise
it in the test's own thread. A thread that hangs (a deadlock the test did not expect, an event
nobody sets) fails the test after ``timeout`` seconds and is named.

- ``run_at_once(f, g, ...)``: each callable in its own thread, all let go at one barrier; the
  outcomes in the order of the callables. Where a race must be pinned at one point of the code
  (after a lock is taken, before an event is written), the test adds its own barrier or events
  there (by ``monkeypatch``) and this one only starts the threads together.
- ``values(outcomes)`` / ``errors(outcomes)``: what they returned (failing if any raised), or
  what they raised, as ``"TypeName: first line"``.
- ``meet(barrier, seconds)``: a pinned point that one side may never reach because the code
  under test makes it wait for a lock the other side holds (which is the fix): the other side
  waits ``seconds``, then goes on.
- ``in_background(f)``: ``f`` in another thread while the ``with`` body runs in the test's own;
  joined at the end of the body, its error raised there.
- ``lock_held(take)``: while the body runs, another connection holds in an open transaction
  the locks that ``take`` takes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

import pytest
from django.db import connections, transaction

T = TypeVar("T")

TIMEOUT = 60.0  # seconds a thread may take before the test fails as hung


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one thread's callable did: returned ``value`` or raised ``error``."""

    name: str
    value: T | None = None
    error: BaseException | None = None

    def describe(self) -> str:
        """``"TypeName: first line of the message"`` of the error ('' if it returned)."""
        if self.error is None:
            return ""
        lines = str(self.error).splitlines()
        return f"{type(self.error).__name__}: {lines[0] if lines else ''}"


class _Runner(Generic[T]):
    """One thread running one callable on its own connection, keeping its outcome."""

    def __init__(self, call: Callable[[], T], name: str, barrier: threading.Barrier | None) -> None:
        self.name = name
        self.outcome: Outcome[T] | None = None
        self._call, self._barrier = call, barrier
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        try:
            if self._barrier is not None:
                self._barrier.wait()
            self.outcome = Outcome(self.name, value=self._call())
        except BaseException as error:  # kept, and raised in the test's thread by the caller
            self.outcome = Outcome(self.name, error=error)
        finally:
            connections.close_all()  # this thread's connection, not the test's


def _join(runners: Sequence[_Runner[T]], timeout: float) -> list[Outcome[T]]:
    """Join every runner within ``timeout`` seconds in all; fail the test naming the hung ones."""
    deadline = time.monotonic() + timeout
    for runner in runners:
        runner.thread.join(max(0.0, deadline - time.monotonic()))
    hung = [runner.name for runner in runners if runner.thread.is_alive()]
    if hung:
        pytest.fail(f"thread(s) still running after {timeout:g} s: {', '.join(hung)}")
    return [runner.outcome for runner in runners if runner.outcome is not None]


def _name(call: Callable[..., object], index: int) -> str:
    return f"#{index} {getattr(call, '__name__', type(call).__name__)}"


def run_at_once(
    *calls: Callable[[], T], names: Sequence[str] = (), timeout: float = TIMEOUT
) -> list[Outcome[T]]:
    """Run each callable in its own thread, all released at the same moment by one barrier;
    return their outcomes in the order given. ``names`` (default ``#i function``) name the
    threads in a failure."""
    if names and len(names) != len(calls):
        raise ValueError("one name per callable")
    barrier = threading.Barrier(len(calls), timeout=timeout)
    runners = [
        _Runner(call, names[i] if names else _name(call, i), barrier)
        for i, call in enumerate(calls)
    ]
    for runner in runners:
        runner.thread.start()
    return _join(runners, timeout)


def values(outcomes: Sequence[Outcome[T]]) -> list[T]:
    """What each thread returned, in order; an AssertionError naming every thread that raised
    (chained to the first error, whose traceback pytest shows) if any did."""
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        listed = "; ".join(f"{o.name}: {o.describe()}" for o in failed)
        raise AssertionError(f"{len(failed)} thread(s) raised: {listed}") from failed[0].error
    return [o.value for o in outcomes]  # type: ignore[misc]  # None only where T allows it


def errors(outcomes: Sequence[Outcome[T]]) -> list[str]:
    """What each thread that raised raised, as ``"TypeName: first line"``, in order."""
    return [o.describe() for o in outcomes if o.error is not None]


def meet(barrier: threading.Barrier, seconds: float) -> bool:
    """Wait at ``barrier`` for the other side for at most ``seconds``; whether it came. It may
    not: it waits for a lock this side holds, so the code serialised the two (what a lock order
    is for), and this side goes on alone."""
    try:
        barrier.wait(seconds)
    except threading.BrokenBarrierError:
        return False
    return True


class Background(Generic[T]):
    """A callable running in another thread; ``value`` once the ``with`` block has ended."""

    def __init__(self, runner: _Runner[T]) -> None:
        self._runner = runner

    @property
    def alive(self) -> bool:
        return self._runner.thread.is_alive()

    @property
    def value(self) -> T:
        outcome = self._runner.outcome
        assert outcome is not None, "the background thread has not ended yet"
        return values([outcome])[0]


@contextmanager
def in_background(
    call: Callable[[], T],
    *,
    name: str = "",
    release: threading.Event | None = None,
    timeout: float = TIMEOUT,
) -> Iterator[Background[T]]:
    """Run ``call`` in another thread (its own connection) while the body runs. At the end of
    the body ``release`` is set (whatever the body did: the thread may be waiting for it), the
    thread joined within ``timeout`` seconds, and what it raised raised here, unless the body
    itself failed (its failure is the one reported)."""
    runner = _Runner(call, name or _name(call, 0), barrier=None)
    runner.thread.start()
    try:
        yield Background(runner)
    except BaseException:
        if release is not None:
            release.set()
        runner.thread.join(timeout)
        raise
    if release is not None:
        release.set()
    (outcome,) = _join([runner], timeout)
    values([outcome])


@contextmanager
def lock_held(take: Callable[[], object], *, timeout: float = 20.0) -> Iterator[None]:
    """While the body runs, another connection holds the locks ``take`` takes: it runs ``take``
    in a transaction in a thread of its own and keeps the transaction open until the body ends
    (then commits). Fails if the locks are not taken within ``timeout`` seconds."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            take()
            holding.set()
            release.wait(timeout)

    with in_background(hold, name="lock holder", release=release, timeout=timeout) as holder:
        deadline = time.monotonic() + timeout
        while not holding.wait(0.05):
            if not holder.alive:
                break  # it raised before it held the locks: leaving the block raises that
            if time.monotonic() > deadline:
                pytest.fail(f"the lock holder did not take its locks within {timeout:g} s")
        else:
            yield
