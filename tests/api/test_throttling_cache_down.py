"""With the cache down (Redis stopped), the API's rate limits fail open: the request is served
and a warning logged, never a 500 (docs/operations.md, section 2). The ops tester got 500 on
every API call, booking requests included, for the whole Redis outage."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.test import APIClient

import api.throttling as throttling
from bookings.services import Credentials
from tests.api.conftest import client_for, post_booking

pytestmark = pytest.mark.django_db
BROKEN = "tests.api.test_throttling_cache_down.BrokenCache"
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


class BrokenCache(LocMemCache):
    """A cache whose server is gone: every call raises, as redis-py does."""

    def add(self, *args: Any, **kwargs: Any) -> bool:
        raise ConnectionError("cache server gone")

    incr = get = add  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _fresh_outage() -> Any:
    throttling._outage.update(warned_at=float("-inf"), retry_at=float("-inf"))
    yield
    throttling._outage.update(warned_at=float("-inf"), retry_at=float("-inf"))


@pytest.mark.parametrize(
    "cache",
    [{"BACKEND": BROKEN}, {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                           "LOCATION": DEAD_REDIS, "OPTIONS": {"socket_connect_timeout": 0.5}}],
    ids=["raising-backend", "dead-redis"],
)  # fmt: skip
def test_the_api_answers_with_the_cache_down(
    creds: Credentials, settings: Any, caplog: pytest.LogCaptureFixture, cache: dict[str, Any]
) -> None:
    settings.CACHES = {"default": cache}
    client = client_for(creds)
    caplog.set_level(logging.WARNING, logger="api.throttling")
    assert client.get("/api/v1/premises/").status_code == 200
    assert post_booking(client).status_code == 201
    warnings = [r for r in caplog.records if r.name == "api.throttling"]
    assert len(warnings) == 1  # once, not per request
    assert "failing open" in warnings[0].getMessage()


def test_a_failed_credential_is_still_401_with_the_cache_down(
    creds: Credentials, settings: Any
) -> None:
    settings.CACHES = {"default": {"BACKEND": BROKEN}}
    response = APIClient().get("/api/v1/premises/", HTTP_AUTHORIZATION="Bearer gk_wrong")
    assert response.status_code == 401


def test_after_an_outage_the_limits_count_again(creds: Credentials, settings: Any) -> None:
    settings.GRANSKA_API_RATES = {**settings.GRANSKA_API_RATES, "client": "2/minute"}
    settings.CACHES = {"default": {"BACKEND": BROKEN}}
    client = client_for(creds)
    assert [client.get("/api/v1/premises/").status_code for _ in range(3)] == [200] * 3
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    throttling._outage["retry_at"] = float("-inf")  # the pause after a failure is over
    codes = [client.get("/api/v1/premises/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
