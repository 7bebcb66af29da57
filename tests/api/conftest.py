"""Fixtures for the API tests: a booking client with its key, officers with tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import api_token_create
from audit.context import SYSTEM
from bookings.services import Credentials, client_create
from tests.world import World

# Fixed once per run: two bodies built a second apart must be identical (idempotency replays).
START = (timezone.now() + timedelta(days=30)).replace(hour=18, minute=0, second=0, microsecond=0)


def booking_body(**overrides: Any) -> dict[str, Any]:
    start = START
    body: dict[str, Any] = {
        "external_ref": "bk-1",
        "association": {"org_number": "802000-0017", "name": "Scoutkåren Exempel"},
        "premises": "stora-salen",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "title": "Vårkonsert",
        "description": "Konsert med kören",
        "expected_attendance": 80,
        "contact": {"name": "Kim", "email": "kim@forening.example"},
    }
    body.update(overrides)
    return body


def client_for(creds: Credentials) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {creds.api_key}")
    return api


def officer_for(user: Any) -> APIClient:
    api = APIClient()
    _, raw = api_token_create(actor=SYSTEM, user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return api


@pytest.fixture
def creds(world: World) -> Credentials:
    return client_create(
        actor=SYSTEM, name="Bokningssystemet", webhook_url="", premises=[world.hall]
    )


@pytest.fixture
def other_creds(world: World) -> Credentials:
    return client_create(actor=SYSTEM, name="Annat system", premises=[world.hall])


@pytest.fixture
def bc(creds: Credentials) -> APIClient:
    return client_for(creds)


def post_booking(api: APIClient, key: str = "key-1", **overrides: Any) -> Any:
    return api.post(
        "/api/v1/booking-requests/",
        booking_body(**overrides),
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
