"""Rate limits count every request, also requests that arrive at the same moment.

``FailedCredentialThrottle`` read the address's history when it was built, checked it, and on a
failure wrote ``[now] + history-as-read`` back; DRF's ``SimpleRateThrottle`` behind
``ApiRateThrottle`` does the same. Concurrent requests each wrote their own stale copy: all but
one were lost, so N guesses in parallel counted as one. The limits now count in one atomic
counter per fixed window (``cache.add`` + ``cache.incr``).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

import api.authentication as authentication
from api.throttling import ApiRateThrottle, FailedCredentialThrottle
from tests.threads import run_at_once, values

N = 8


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_parallel_failed_keys_are_all_counted(monkeypatch: Any, settings: Any) -> None:
    settings.GRANSKA_API_RATES = {**settings.GRANSKA_API_RATES, "anonymous": "5/minute"}
    barrier = threading.Barrier(N, timeout=20)

    def wrong_key(raw: str) -> None:  # every lookup fails at the same moment
        barrier.wait()

    monkeypatch.setattr(authentication, "client_for_key", wrong_key)
    factory = APIRequestFactory()

    def guess(i: int) -> str:
        request = Request(
            factory.get("/api/v1/premises/", HTTP_AUTHORIZATION=f"Bearer gk_guess{i}")
        )
        try:
            authentication.BookingClientAuthentication().authenticate(request)
        except AuthenticationFailed:
            return "401"
        except Throttled:
            return "429"
        return "authenticated"

    outcomes = values(run_at_once(*[functools.partial(guess, i) for i in range(N)], timeout=30))
    assert sorted(outcomes) == ["401"] * 5 + ["429"] * (N - 5)
    counted = FailedCredentialThrottle(Request(factory.get("/"))).count
    assert counted == N, f"{N} failed keys from one address, {counted} counted"
    with pytest.raises(Throttled) as info:
        FailedCredentialThrottle(Request(factory.get("/"))).refuse()
    assert 0 < (info.value.wait or 0) <= 60


def test_parallel_requests_are_all_counted(monkeypatch: Any, settings: Any) -> None:
    settings.GRANSKA_API_RATES = {**settings.GRANSKA_API_RATES, "anonymous": "5/minute"}
    barrier = threading.Barrier(N, timeout=5)

    class AtOnce:
        """The cache, with every request counting at the same moment."""

        def incr(self, *args: Any, **kwargs: Any) -> Any:
            barrier.wait()
            return cache.incr(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(cache, name)

    monkeypatch.setattr(ApiRateThrottle, "cache", AtOnce())
    factory = APIRequestFactory()

    def call() -> bool:
        return ApiRateThrottle().allow_request(Request(factory.get("/api/v1/premises/")), None)

    allowed = values(run_at_once(*[call] * N, timeout=30))
    assert sorted(allowed) == [False] * (N - 5) + [True] * 5
