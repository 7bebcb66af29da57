"""A delivery attempt that lost its lease does not record its outcome.

``_claim`` takes a lease with a fresh token; ``webhook_redeliver`` (admin) clears it, and an
expired lease (a slow receiver, a worker paused past the lease, an acks_late task redelivered by
the broker) lets a second worker claim the same message. The first attempt's late answer used to
overwrite the outcome: a DELIVERED message turned FAILED. ``_record`` now changes the message only
while the attempt holds the current lease and the message is pending; a stale attempt is logged.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bookings import services as booking_services
from bookings import webhooks
from bookings.models import DeliveryAttempt, WebhookMessage
from bookings.webhooks import SendResult
from tests.threads import in_background
from tests.world import World, build_world

Status = WebhookMessage.Status


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webhooks, "_queue", lambda *a, **k: None)
    monkeypatch.setattr(webhooks, "ring", lambda *a, **k: None)


def _message(world: World) -> WebhookMessage:
    creds = booking_services.client_create(
        actor=world.admin, name="Hook", webhook_url="https://hook.example/x", premises=[world.hall]
    )
    start = timezone.now() + timedelta(days=30)
    booking_services.booking_request_submit(
        client=creds.client,
        idempotency_key="k1",
        request_hash="h1",
        data=booking_services.BookingInput(
            external_ref="bk-1", org_number="802000-0017", association_name="Scoutkåren Exempel",
            premises="stora-salen", starts_at=start, ends_at=start + timedelta(hours=2),
            title="Möte", description="", expected_attendance=10, contact_name="Kim",
            contact_email="kim@example.org",
        ),
    )  # fmt: skip
    return WebhookMessage.objects.get()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_stale_attempt_does_not_undo_a_delivery(audit_rows_removed_after, monkeypatch):
    world = build_world()
    message = _message(world)
    in_flight, release = threading.Event(), threading.Event()
    sends: list[int] = []

    def fake_send(msg):
        sends.append(msg.pk)
        if len(sends) == 1:  # worker A: the receiver is slow, then refuses the stale copy
            in_flight.set()
            release.wait(20)
            return SendResult(410, "", 30_000)
        return SendResult(200, "", 5)  # worker B (the redelivery) gets through

    monkeypatch.setattr(webhooks, "_send", fake_send)

    def worker_a() -> str:
        return webhooks.webhook_deliver(message_id=message.pk)

    with in_background(worker_a, release=release, timeout=30) as a:
        assert in_flight.wait(20)
        # The admin sees the message pending and asks for it to be sent again; a worker sends it.
        webhooks.webhook_redeliver(actor=world.admin, message=message)
        b = webhooks.webhook_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert (a.value, b) == ("stale", "delivered")
    assert message.status == Status.DELIVERED and message.delivered_at is not None
    assert message.attempts == 1 and message.last_error == ""
    codes = list(message.attempts_log.values_list("status_code", "success"))
    assert sorted(codes) == [(200, True), (410, False)]  # the stale attempt is logged all the same


def test_an_attempt_after_its_lease_expired_does_not_overwrite_the_newer_outcome(
    world, monkeypatch
):
    """The same without the admin: worker A's lease runs out, worker B claims and delivers."""
    message = _message(world)
    now = timezone.now()
    claimed = webhooks._claim(message.pk, now)  # worker A
    assert claimed is not None and claimed.lease_token is not None
    later = claimed.lease_until + timedelta(seconds=1)
    monkeypatch.setattr(webhooks, "_send", lambda msg: SendResult(200, "", 5))
    assert webhooks.webhook_deliver(message_id=message.pk, now=later) == "delivered"  # worker B
    late = SendResult(None, "permanent: SSLError: eof", 90_000)
    assert webhooks._record(message.pk, late, now, lease=claimed.lease_token) == "stale"  # A
    message.refresh_from_db()
    assert message.status == Status.DELIVERED and message.last_error == ""
    stale = DeliveryAttempt.objects.get(message=message, success=False)
    assert stale.error.startswith(webhooks.STALE_PREFIX)


def test_a_stale_attempt_does_not_change_a_pending_message(world, monkeypatch):
    """Worker B holds the lease now and is still sending: A's late transient failure must not
    move the next attempt or count an attempt; B's own outcome is recorded."""
    message = _message(world)
    now = timezone.now()
    a = webhooks._claim(message.pk, now)
    assert a is not None
    later = a.lease_until + timedelta(seconds=1)
    b = webhooks._claim(message.pk, later)
    assert b is not None and b.lease_token != a.lease_token
    assert webhooks._record(message.pk, SendResult(503, "", 5), now, lease=a.lease_token) == (
        "stale"
    )
    message.refresh_from_db()
    assert (message.attempts, message.lease_token) == (0, b.lease_token)
    assert webhooks._record(message.pk, SendResult(204, "", 5), later, lease=b.lease_token) == (
        "delivered"
    )
