"""Indexes that no query needs are gone (migrations audit/0006, bookings/0004, vetting/0003), and
the composite indexes that serve those columns' lookups are still there."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from audit.models import AuditEvent
from bookings.models import BookingRequest, IdempotencyRecord, WebhookMessage
from vetting.models import Application

pytestmark = pytest.mark.django_db

# model, column whose single-column index is redundant, the columns of the index that serves it
COVERED = [
    (Application, "administration_id", ["administration_id", "state", "received_on"]),
    (BookingRequest, "client_id", ["client_id", "external_ref"]),
    (IdempotencyRecord, "client_id", ["client_id", "key"]),
    (WebhookMessage, "booking_request_id", ["booking_request_id", "status", "id"]),
]
EQUALITY_ONLY = [
    (AuditEvent, "hash"),
    (Application, "state"),
    (Application, "reference"),
    (WebhookMessage, "msg_id"),
    (WebhookMessage, "status"),
]


def indexes(model: Any) -> dict[str, dict[str, Any]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: info for name, info in found.items() if info["index"] or info["unique"]}


@pytest.mark.parametrize(
    ("model", "column", "serving"), COVERED, ids=[f"{m.__name__}.{c}" for m, c, _ in COVERED]
)
def test_a_foreign_key_led_by_a_composite_index_has_no_index_of_its_own(
    model: Any, column: str, serving: list[str]
) -> None:
    found = indexes(model)
    assert not [
        name for name, info in found.items() if info["columns"] == [column] and not info["unique"]
    ]
    assert any(info["columns"] == serving for info in found.values()), found


@pytest.mark.parametrize(
    ("model", "column"), EQUALITY_ONLY, ids=[f"{m.__name__}.{c}" for m, c in EQUALITY_ONLY]
)
def test_columns_compared_for_equality_have_no_pattern_index(model: Any, column: str) -> None:
    found = indexes(model)
    assert not [
        n for n, info in found.items() if info["columns"] == [column] and n.endswith("_like")
    ]
    assert any(info["columns"] == [column] for info in found.values()), found
