"""Changing a booking system while it sends requests: every writer locks the chain, then the client.

``client_update`` locked the client row (and ``client_rotate_key`` updated its unique key hash,
which locks the row too) and then wrote its audit event (the chain lock). Every booking request of
that client does it the other way round: ``application_submit`` writes its event (chain lock),
then the request's rows reference the client (the foreign-key check takes FOR KEY SHARE on the
client row). PostgreSQL aborted one side with 'deadlock detected': a 500 for the admin or the
booking system. The admin's services now take the chain lock first (``audit.services.chain_lock``).

The barriers pin the interleaving that used to deadlock. With the fix it cannot happen: whoever
comes second waits for a lock before its barrier, so the first one's barrier times out (ignored)
and the two run one after the other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bookings import services as booking_services
from bookings import webhooks
from bookings.models import BookingClient, WebhookMessage
from bookings.services import clients as client_services
from bookings.services import requests as request_services
from tests.threads import errors, lock_held, meet, run_at_once
from tests.world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

PIN_SECONDS = 3  # how long one side waits for the other at the pinned point


def _booking(client: BookingClient, n: int = 1) -> None:
    start = timezone.now() + timedelta(days=30)
    booking_services.booking_request_submit(
        client=client,
        idempotency_key=f"k{n}",
        request_hash=f"h{n}",
        data=booking_services.BookingInput(
            external_ref=f"bk-{n}", org_number="802000-0017",  # a known association
            association_name="Scoutkåren Exempel", premises="stora-salen", starts_at=start,
            ends_at=start + timedelta(hours=2), title="Möte", description="",
            expected_attendance=10, contact_name="Kim", contact_email="kim@example.org",
        ),
    )  # fmt: skip


def _race(monkeypatch, admin_change: Callable[[object, BookingClient], object]) -> list[str]:
    world = build_world()
    creds = booking_services.client_create(
        actor=world.admin, name="Bokning", webhook_url="", premises=[world.hall]
    )
    barrier = threading.Barrier(2)
    original_event = client_services._client_event
    original_data = request_services.booking_request_data

    def admin_event(*args, **kwargs):  # the admin's transaction has changed the client row
        meet(barrier, PIN_SECONDS)
        return original_event(*args, **kwargs)

    def intake_data(br):  # the intake's case and its event are written: it holds the chain
        meet(barrier, PIN_SECONDS)
        return original_data(br)

    monkeypatch.setattr(client_services, "_client_event", admin_event)
    monkeypatch.setattr(request_services, "booking_request_data", intake_data)
    return errors(
        run_at_once(lambda: _booking(creds.client), lambda: admin_change(world, creds.client))
    )


def test_editing_a_client_while_it_sends_a_request(audit_rows_removed_after, monkeypatch):
    def edit(world, client):
        return booking_services.client_update(
            actor=world.admin,
            client=client,
            values=booking_services.ClientSettings(
                name="Bokning",
                webhook_url="https://hooks.example/granska",
                administration_id=None,
                premises=frozenset({world.hall.pk}),
            ),
        )

    assert _race(monkeypatch, edit) == []


def test_rotating_a_clients_key_while_it_sends_a_request(audit_rows_removed_after, monkeypatch):
    def rotate(world, client):
        return booking_services.client_rotate_key(actor=world.admin, client=client)

    assert _race(monkeypatch, rotate) == []


def test_rotating_the_webhook_secret_while_it_sends_a_request(
    audit_rows_removed_after, monkeypatch
):
    def rotate(world, client):
        return booking_services.client_rotate_webhook_secret(actor=world.admin, client=client)

    assert _race(monkeypatch, rotate) == []


def test_revoking_a_client_while_it_sends_a_request(audit_rows_removed_after, monkeypatch):
    def revoke(world, client):
        return booking_services.client_revoke(actor=world.admin, client=client)

    assert _race(monkeypatch, revoke) == []


def test_redelivering_while_the_client_is_revoked(audit_rows_removed_after, monkeypatch):
    """A revocation fails the client's pending messages after taking the chain lock; a
    redelivery that locked its message before the chain would wait for it in a cycle."""
    monkeypatch.setattr(webhooks, "_queue", lambda *a, **k: None)
    monkeypatch.setattr(webhooks, "ring", lambda *a, **k: None)
    world = build_world()
    creds = booking_services.client_create(
        actor=world.admin, name="Hook", webhook_url="https://hook.example/x", premises=[world.hall]
    )
    _booking(creds.client)
    message = WebhookMessage.objects.get()
    barrier, revoke_has_the_chain = threading.Barrier(2), threading.Event()
    original_lock, original_record = client_services.chain_lock, webhooks.record_event

    def revoke_holds_the_chain() -> None:
        original_lock()
        revoke_has_the_chain.set()
        meet(barrier, PIN_SECONDS)

    def redeliver() -> None:  # pinned to start second: which thread runs first is not ours
        revoke_has_the_chain.wait(20)
        webhooks.webhook_redeliver(actor=world.admin, message=message)

    def redelivery_event(**kwargs):  # the redelivery has locked what it locks before its event
        meet(barrier, PIN_SECONDS)
        return original_record(**kwargs)

    monkeypatch.setattr(client_services, "chain_lock", revoke_holds_the_chain)
    monkeypatch.setattr(webhooks, "record_event", redelivery_event)
    outcomes = run_at_once(
        lambda: booking_services.client_revoke(actor=world.admin, client=creds.client),
        redeliver,
    )
    # No deadlock: the redelivery waited for the revocation, then was refused for it.
    assert errors(outcomes) == [f"GuardFailed: {webhooks.REDELIVER_REVOKED}"]
    message.refresh_from_db()
    assert message.status == WebhookMessage.Status.FAILED


def test_a_claim_does_not_lock_the_client_row(audit_rows_removed_after, monkeypatch):
    """An intake of the client in flight holds FOR KEY SHARE on the client row; a delivery of
    the client's message must not skip (or wait) for it."""
    monkeypatch.setattr(webhooks, "_queue", lambda *a, **k: None)
    monkeypatch.setattr(webhooks, "ring", lambda *a, **k: None)
    monkeypatch.setattr(webhooks, "_send", lambda message: webhooks.SendResult(200, "", 1))
    world = build_world()
    creds = booking_services.client_create(
        actor=world.admin, name="Hook", webhook_url="https://hook.example/x", premises=[world.hall]
    )
    _booking(creds.client)
    message = WebhookMessage.objects.get()

    def intake_in_flight() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM bookings_bookingclient WHERE id = %s FOR KEY SHARE",
                [creds.client.pk],
            )

    with lock_held(intake_in_flight):
        assert webhooks.webhook_deliver(message_id=message.pk) == "delivered"
