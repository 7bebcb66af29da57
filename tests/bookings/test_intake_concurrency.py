"""Two identical booking requests at the same moment make one case (PostgreSQL)."""

from __future__ import annotations

import functools

import pytest
from django.db import connection

from bookings.models import BookingRequest, IdempotencyRecord
from tests.api.conftest import booking_body, client_for
from tests.threads import run_at_once, values

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _race(creds, bodies: list[tuple[str, dict]]) -> list[tuple[int, dict]]:
    def send(key: str, body: dict) -> tuple[int, dict]:
        response = client_for(creds).post(
            "/api/v1/booking-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY=key
        )
        return response.status_code, response.json()

    return values(run_at_once(*[functools.partial(send, *args) for args in bodies]))


def test_same_key_at_the_same_moment_makes_one_case(world, creds):
    body = booking_body()
    results = _race(creds, [("same", body)] * 4)
    assert [status for status, _ in results] == [201] * 4
    assert len({json["id"] for _, json in results}) == 1
    assert BookingRequest.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_other_keys_same_external_ref_at_the_same_moment(world, creds):
    body = booking_body()
    results = _race(creds, [(f"k{i}", body) for i in range(4)])
    statuses = sorted(status for status, _ in results)
    assert statuses == [201, 409, 409, 409]
    assert BookingRequest.objects.count() == 1
