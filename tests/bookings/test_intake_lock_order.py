"""Lock order of a registration: the reference-number row, then the audit chain (ADR 0005).

A booking request from an association the service does not know yet used to register the
association inside the case's transaction: its audit event took the chain lock before the case
drew its reference number, the reverse of every other registration, and the two deadlocked
(PostgreSQL aborted one: a 500). The association is now registered in its own transaction first.
The barrier pins the interleaving that a busy intake hits by chance.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bookings import services as booking_services
from tests.threads import errors, run_at_once
from tests.world import build_world
from vetting.services import intake

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_new_association_booking_and_officer_intake_at_once_do_not_deadlock(
    audit_rows_removed_after, monkeypatch
):
    world = build_world()
    creds = booking_services.client_create(
        actor=world.admin, name="Bokning", webhook_url="", premises=[world.hall]
    )
    world.submit()  # this year's reference row exists, as it does in production
    original = intake._create_with_reference
    barrier = threading.Barrier(2, timeout=20)
    role = threading.local()

    def pinned(app, *, year, prefix):
        if role.name == "booking":
            # The association's audit event is written: this transaction holds the chain lock.
            barrier.wait()
            return original(app, year=year, prefix=prefix)
        result = original(app, year=year, prefix=prefix)  # it holds the reference row
        barrier.wait()
        return result

    monkeypatch.setattr(intake, "_create_with_reference", pinned)
    start = timezone.now() + timedelta(days=30)

    def booking() -> None:
        role.name = "booking"
        booking_services.booking_request_submit(
            client=creds.client,
            idempotency_key="k-new-assoc",
            request_hash="h1",
            data=booking_services.BookingInput(
                external_ref="bk-new",
                org_number="802456-7896",  # not registered yet
                association_name="Ny förening",
                premises="stora-salen",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                title="Möte",
                description="",
                expected_attendance=10,
                contact_name="Kim",
                contact_email="kim@example.org",
            ),
        )

    def officer() -> None:
        role.name = "officer"
        world.submit()

    assert errors(run_at_once(booking, officer)) == []


def test_a_new_association_is_registered_once_with_its_own_event(audit_rows_removed_after):
    from associations.models import Association
    from audit.models import AuditEvent

    world = build_world()
    creds = booking_services.client_create(
        actor=world.admin, name="Bokning", webhook_url="", premises=[world.hall]
    )
    start = timezone.now() + timedelta(days=30)
    for key, ref in (("k1", "bk-1"), ("k2", "bk-2")):
        booking_services.booking_request_submit(
            client=creds.client,
            idempotency_key=key,
            request_hash=key,
            data=booking_services.BookingInput(
                external_ref=ref, org_number="802456-7896", association_name="Ny förening",
                premises="stora-salen", starts_at=start, ends_at=start + timedelta(hours=2),
                title="Möte", description="", expected_attendance=10, contact_name="Kim",
                contact_email="kim@example.org",
            ),
        )  # fmt: skip
    association = Association.objects.get(org_number="802456-7896")
    registered = AuditEvent.objects.filter(action="association.registered")
    assert list(registered.values_list("association_id", flat=True)) == [association.pk]
    assert association.applications.count() == 2
