"""Two identical booking requests at the same moment make one case (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from bookings.models import BookingRequest, IdempotencyRecord
from tests.api.conftest import booking_body, client_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _race(creds, bodies: list[tuple[str, dict]]) -> list[tuple[int, dict]]:
    barrier = threading.Barrier(len(bodies))
    results: list[tuple[int, dict]] = []

    def send(key: str, body: dict) -> None:
        try:
            api = client_for(creds)
            barrier.wait()
            response = api.post(
                "/api/v1/booking-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY=key
            )
            results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=args) for args in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


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
