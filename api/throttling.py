"""Rate limits per API key, per officer and per address (settings.GRANSKA_API_RATES)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from bookings.models import BookingClient


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self) -> None:  # rates are read per request so settings can change in tests
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        if isinstance(request.user, BookingClient):
            self.scope, ident = "client", f"c{request.user.pk}"
        elif request.user is not None and request.user.is_authenticated:
            self.scope, ident = "officer", f"u{request.user.pk}"
        else:
            self.scope, ident = "anonymous", f"a{self.get_ident(request)}"
        self.rate = settings.GRANSKA_API_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self._ident = ident
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        return f"throttle_{self.scope}_{self._ident}"


class FailedCredentialThrottle(SimpleRateThrottle):
    """Credentials that failed, counted per address at the anonymous rate. DRF authenticates
    before it throttles, so a wrong key answers 401 at once and would never be limited: without
    this, keys and tokens could be guessed as fast as the server answers."""

    scope = "anonymous"

    def __init__(self, request: Request) -> None:
        self.rate = settings.GRANSKA_API_RATES[self.scope]
        num, duration = self.parse_rate(self.rate)
        self.num_requests, self.duration = num or 0, duration or 60
        self.key = f"throttle_failed_credentials_{self.get_ident(request)}"
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def check(self) -> None:
        """Refuse (429) an address that has failed too often in the window."""
        if len(self.history) >= self.num_requests:
            raise exceptions.Throttled(wait=self.wait())

    def record_failure(self) -> None:
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
