"""Rate limits per API key, per officer and per address (settings.GRANSKA_API_RATES).

Counted per fixed window (a minute for "N/minute") with ``cache.add`` and ``cache.incr``, which
are atomic in Redis and in the per-process default cache: parallel requests are each counted.
(DRF's own throttle reads a list of times, appends and writes it back: requests at the same
moment overwrite each other's count, so a client sending in parallel was barely limited.) At a
window's edge up to twice the rate may pass in a short while; the limits are coarse guards.

When the cache does not answer (Redis down), the limits **fail open**: the request is let through
unlimited and a warning is logged (at most once a minute per process), and for the next
``RETRY_AFTER_SECONDS`` the process does not ask the cache again, so the outage costs no request
a connection timeout. The API is the booking systems' way in; a dead rate-limit counter must not
turn every call into a 500 (docs/operations.md, section 2).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from bookings.models import BookingClient

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60.0
RETRY_AFTER_SECONDS = 10.0
_outage = {"warned_at": float("-inf"), "retry_at": float("-inf")}


def _cache_down() -> bool:
    """The cache failed less than RETRY_AFTER_SECONDS ago in this process: do not ask it."""
    return time.monotonic() < _outage["retry_at"]


def _cache_failed(exc: Exception) -> None:
    """Fail open for a while; log it once a minute per process at most."""
    now = time.monotonic()
    _outage["retry_at"] = now + RETRY_AFTER_SECONDS
    if now - _outage["warned_at"] >= WARN_EVERY_SECONDS:
        _outage["warned_at"] = now
        logger.warning("API rate limits not counted, the cache failed (failing open): %r", exc)


def _window(key: str, duration: int, now: float) -> tuple[str, float]:
    """The cache key of the window ``now`` falls in, and the seconds until it ends."""
    index = int(now // duration)
    return f"{key}_{index}", (index + 1) * duration - now


def _count_one(cache: BaseCache, key: str, duration: int) -> int:
    """Count one more in the window's counter, atomically; the new count (0 when the cache
    failed: nothing is refused)."""
    if _cache_down():
        return 0
    try:
        for _attempt in range(2):
            cache.add(key, 0, duration + 1)  # creates the counter; nothing when it exists
            try:
                return int(cache.incr(key))
            except ValueError:  # it expired between add and incr
                continue
    except Exception as exc:  # any backend's connection error: fail open
        _cache_failed(exc)
        return 0
    return 1


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self) -> None:  # rates are read per request so settings can change in tests
        self._wait = 0.0

    def allow_request(self, request: Request, view: Any) -> bool:
        if isinstance(request.user, BookingClient):
            self.scope, ident = "client", f"c{request.user.pk}"
        elif request.user is not None and request.user.is_authenticated:
            self.scope, ident = "officer", f"u{request.user.pk}"
        else:
            self.scope, ident = "anonymous", f"a{self.get_ident(request)}"
        self.rate = settings.GRANSKA_API_RATES[self.scope]
        num_requests, duration = self.parse_rate(self.rate)
        if num_requests is None or duration is None:
            return True
        key, self._wait = _window(f"throttle_{self.scope}_{ident}", duration, self.timer())
        return _count_one(self.cache, key, duration) <= num_requests

    def wait(self) -> float:
        return self._wait


class FailedCredentialThrottle(SimpleRateThrottle):
    """Credentials that failed, counted per address at the anonymous rate: past the limit a
    failing key or token is answered 429 instead of 401 (DRF authenticates before it throttles,
    so failures would otherwise never be limited). Only failures are refused: a valid key from
    the same address always gets in, so one tenant's revoked key behind a vendor's shared address
    does not lock out the others (keys and tokens carry 256 random bits; guessing is not the
    threat this guards against, a client hammering with a dead key is)."""

    scope = "anonymous"

    def __init__(self, request: Request) -> None:
        self.rate = settings.GRANSKA_API_RATES[self.scope]
        num, duration = self.parse_rate(self.rate)
        self.num_requests, self.duration = num or 0, duration or 60
        self.window_key, self._wait = _window(
            f"throttle_failed_credentials_{self.get_ident(request)}", self.duration, self.timer()
        )

    @property
    def count(self) -> int:
        """Failures from this address in the current window (0 when the cache failed)."""
        if _cache_down():
            return 0
        try:
            return int(self.cache.get(self.window_key, 0))
        except Exception as exc:  # fail open, as _count_one
            _cache_failed(exc)
            return 0

    def refuse(self) -> None:
        """Count this failure; 429 when the address has failed too often in the window (the
        caller answers 401 otherwise)."""
        if _count_one(self.cache, self.window_key, self.duration) > self.num_requests:
            raise exceptions.Throttled(wait=self.wait())

    def wait(self) -> float:
        return self._wait
