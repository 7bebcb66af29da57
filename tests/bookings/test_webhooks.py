"""Webhooks: outbox in the transaction, delivery after commit, order, retries, signatures."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.context import SYSTEM
from audit.models import AuditEvent
from bookings.models import DeliveryAttempt, WebhookMessage
from bookings.services import client_create
from bookings.webhooks import (
    backoff_seconds,
    due_message_ids,
    reset_windows,
    ring,
    webhook_deliver,
    webhook_redeliver,
)
from tests.api.conftest import client_for, post_booking
from tests.bookings.receiver import Fault, Receiver, signed_with
from tests.world import drive
from vetting import services as svc
from vetting.errors import GuardFailed
from vetting.models import Application, State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_local_receivers")]


def run_deliveries(rounds: int = 60) -> int:
    """What beat and the worker do, with the clock moved past every backoff."""
    clock = timezone.now()
    attempts = 0
    for _ in range(rounds):
        ids = due_message_ids(now=clock)
        if not ids and not WebhookMessage.objects.filter(status="pending").exists():
            break
        for message_id in ids:
            webhook_deliver(message_id=message_id, now=clock)
            attempts += 1
        clock += timedelta(seconds=settings.GRANSKA_WEBHOOK_BACKOFF_CAP_SECONDS + 1)
    return attempts


def make_client(world, url: str, name: str = "Hook"):
    return client_create(actor=SYSTEM, name=name, webhook_url=url, premises=[world.hall])


def deliver_now(message_id: int) -> str:
    """What the worker does with a queued deliver_webhook task."""
    return webhook_deliver(message_id=message_id)


def test_every_event_arrives_signed_and_in_order(world):
    with Receiver(fail=3) as receiver:  # 503 to the first three deliveries
        creds = make_client(world, receiver.url)
        body = post_booking(client_for(creds)).json()
        app = Application.objects.get(reference=body["reference"])
        drive(world, app, State.APPROVED)
        messages = list(WebhookMessage.objects.order_by("id"))
        assert [m.event_type for m in messages] == [
            "booking_request.created",
            "booking_request.assign",
            "booking_request.propose",
            "booking_request.decide",
        ]
        run_deliveries()
        assert len(receiver.received) == 3 + len(messages)
        # The first message was retried until it got through; nothing overtook it.
        assert {r.headers["webhook-id"] for r in receiver.received[:4]} == {messages[0].msg_id}
        delivered = receiver.delivered()
        assert [d["id"] for d in delivered] == [m.msg_id for m in messages]
        assert [d["type"] for d in delivered] == [m.event_type for m in messages]
        for record in receiver.received:
            assert any(signed_with(creds.webhook_secret, record, s) for s in record.signatures)
            assert abs(int(record.header("webhook-timestamp")) - time.time()) < 300
        final = delivered[-1]["data"]
        assert final["state"] == "approved" and final["decision"]["outcome"] == "approved"
        assert final == client_for(creds).get(f"/api/v1/booking-requests/{body['id']}/").json()
        assert set(WebhookMessage.objects.values_list("status", flat=True)) == {"delivered"}
        failed = DeliveryAttempt.objects.filter(success=False)
        assert failed.count() == 3 and set(failed.values_list("status_code", flat=True)) == {503}


def test_timeout_is_retried(world, settings):
    settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS = 1
    with Receiver(fail=1, fail_with=Fault.TIMEOUT) as r:
        creds = make_client(world, r.url)
        post_booking(client_for(creds))
        run_deliveries()
        attempts = list(DeliveryAttempt.objects.order_by("id"))
        assert attempts[0].success is False
        assert attempts[0].error.startswith(("transient: ReadTimeout", "transient: Deadline"))
        assert attempts[-1].success is True
        assert WebhookMessage.objects.get().status == "delivered"


def test_a_connection_closed_without_an_answer_is_retried(world):
    with Receiver(fail=1, fail_with=Fault.CLOSE) as r:
        creds = make_client(world, r.url)
        post_booking(client_for(creds))
        run_deliveries()
        first, second = DeliveryAttempt.objects.order_by("id")
        assert first.success is False and first.error.startswith("transient: ConnectionError")
        assert second.success is True and len(r.received) == 2
        assert [d["type"] for d in r.delivered()] == ["booking_request.created"]


def test_receiver_down_then_up_loses_nothing(world):
    creds = make_client(world, "http://127.0.0.1:9/down")
    body = post_booking(client_for(creds)).json()
    drive(world, Application.objects.get(reference=body["reference"]), State.IN_REVIEW)
    clock = timezone.now()
    for message_id in due_message_ids(now=clock):
        assert webhook_deliver(message_id=message_id, now=clock) == "pending"
    assert DeliveryAttempt.objects.get().error.startswith("transient")
    with Receiver() as r:
        creds.client.webhook_url = r.url
        creds.client.save()
        run_deliveries()
        assert [d["type"] for d in r.delivered()] == [
            "booking_request.created",
            "booking_request.assign",
        ]


@pytest.mark.parametrize("status", [302, 400, 401, 403, 404])
def test_a_misconfigured_receiver_is_retried_and_loses_nothing(world, status):
    """A receiver behind a broken proxy or route (redirect, auth, not found) is down, not saying
    no: its messages are retried until it answers 2xx, in order."""
    with Receiver(fail=2, fail_with=status) as r:
        creds = make_client(world, r.url)
        body = post_booking(client_for(creds)).json()
        drive(world, Application.objects.get(reference=body["reference"]), State.IN_REVIEW)
        run_deliveries()
        assert set(WebhookMessage.objects.values_list("status", flat=True)) == {"delivered"}
        assert [m["type"] for m in r.delivered()] == [
            "booking_request.created", "booking_request.assign",
        ]  # fmt: skip


def test_gone_fails_at_once_and_does_not_block(world):
    with Receiver(fail=1, fail_with=410) as r:
        creds = make_client(world, r.url)
        body = post_booking(client_for(creds)).json()
        drive(world, Application.objects.get(reference=body["reference"]), State.IN_REVIEW)
        run_deliveries()
        first, second = WebhookMessage.objects.order_by("id")
        assert first.status == "failed" and first.attempts == 1 and first.last_error == "HTTP 410"
        assert first.failed_at is not None and second.failed_at is None
        assert second.status == "delivered"


def test_gives_up_after_the_retry_window(world):
    creds = make_client(world, "http://127.0.0.1:9/down")
    post_booking(client_for(creds))
    message = WebhookMessage.objects.get()
    late = message.retry_until + timedelta(seconds=1)
    WebhookMessage.objects.filter(pk=message.pk).update(next_attempt_at=late)
    assert webhook_deliver(message_id=message.pk, now=late) == "failed"
    message.refresh_from_db()
    assert message.failed_at == late  # granska_status counts the failures of the last 24 h
    assert settings.GRANSKA_WEBHOOK_RETRY_HOURS >= 24


def test_backoff_is_exponential_and_capped():
    delays = [backoff_seconds(n) for n in range(1, 20)]
    assert 4.5 <= delays[0] <= 5.5 and 9 <= delays[1] <= 11
    assert all(d <= settings.GRANSKA_WEBHOOK_BACKOFF_CAP_SECONDS * 1.1 for d in delays)
    assert delays[15] >= settings.GRANSKA_WEBHOOK_BACKOFF_CAP_SECONDS * 0.9


def test_later_message_waits_for_the_older_one(world):
    creds = make_client(world, "http://127.0.0.1:9/down")
    body = post_booking(client_for(creds)).json()
    drive(world, Application.objects.get(reference=body["reference"]), State.IN_REVIEW)
    first, second = WebhookMessage.objects.order_by("id")
    assert webhook_deliver(message_id=second.pk) == "skipped"
    assert due_message_ids() == [first.pk]
    assert DeliveryAttempt.objects.count() == 0


def test_outbox_row_rolls_back_with_the_change(world):
    creds = make_client(world, "http://127.0.0.1:9/x")
    body = post_booking(client_for(creds)).json()
    app = Application.objects.get(reference=body["reference"])
    with pytest.raises(RuntimeError), transaction.atomic():
        svc.application_assign(application=app, actor=world.handler, no_conflict_confirmed=True)
        assert WebhookMessage.objects.count() == 2
        raise RuntimeError("roll back")
    assert WebhookMessage.objects.count() == 1
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


def test_delivery_is_queued_after_commit(world, django_capture_on_commit_callbacks):
    creds = make_client(world, "http://127.0.0.1:9/x")
    body = post_booking(client_for(creds)).json()
    app = Application.objects.get(reference=body["reference"])
    reset_windows()
    with mock.patch("bookings.tasks.dispatch_client_webhooks.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            svc.application_assign(application=app, actor=world.handler, no_conflict_confirmed=True)
        delay.assert_not_called()
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(creds.client.pk, settings.GRANSKA_WEBHOOK_COALESCE_SECONDS)


def test_rings_within_a_window_queue_one_task_per_client(world, settings):
    settings.GRANSKA_WEBHOOK_COALESCE_SECONDS = 1.0
    clock = [100.0]
    with (
        mock.patch("bookings.webhooks.time.monotonic", side_effect=lambda: clock[0]),
        mock.patch("bookings.tasks.dispatch_client_webhooks.delay") as delay,
    ):
        ring(1), ring(1), ring(2)
        clock[0] += 0.9
        ring(1)
        assert [c.args for c in delay.call_args_list] == [(1, 1.0), (2, 1.0)]
        clock[0] += 0.2  # the window of client 1 has closed
        ring(1)
    assert [c.args for c in delay.call_args_list] == [(1, 1.0), (2, 1.0), (1, 1.0)]


def test_a_broker_outage_after_commit_keeps_the_answer_and_the_message(
    world, django_capture_on_commit_callbacks
):
    creds = make_client(world, "http://127.0.0.1:9/x")
    with (
        mock.patch(
            "bookings.tasks.dispatch_client_webhooks.delay", side_effect=ConnectionError("down")
        ) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post_booking(client_for(creds), key="k-down", external_ref="down-1")
    assert response.status_code == 201 and delay.call_count == 1
    assert WebhookMessage.objects.get().status == "pending"  # the beat dispatch will send it
    with mock.patch("bookings.tasks.dispatch_client_webhooks.delay") as delay:
        ring(creds.client.pk)  # no window was opened by the failed publish
    delay.assert_called_once()


def test_dispatch_task_queues_the_clients_due_messages_and_a_follow_up(world):
    from bookings.tasks import dispatch_client_webhooks

    mine, other = (make_client(world, "http://127.0.0.1:9/x", name=n) for n in ("A", "B"))
    post_booking(client_for(mine), key="a-1", external_ref="a-1")
    post_booking(client_for(other), key="b-1", external_ref="b-1")
    with (
        mock.patch("bookings.tasks.deliver_webhook.delay") as deliver,
        mock.patch("bookings.tasks.dispatch_client_webhooks.apply_async") as follow_up,
    ):
        assert dispatch_client_webhooks(mine.client.pk, 1.0) == 1
        assert dispatch_client_webhooks(mine.client.pk, 0) == 1  # the follow-up: no further one
    message = WebhookMessage.objects.get(client=mine.client)
    assert [c.args for c in deliver.call_args_list] == [(message.pk,), (message.pk,)]
    follow_up.assert_called_once_with((mine.client.pk, 0), countdown=1.0)


def test_messages_rung_in_an_open_window_are_delivered_by_the_follow_up(
    world, receiver, django_capture_on_commit_callbacks
):
    """End to end with a real receiver: the second and third request ring while the first
    request's window is open; the follow-up dispatch delivers them."""
    from bookings.tasks import dispatch_client_webhooks

    creds = make_client(world, receiver.url)
    queued: list[tuple[Any, ...]] = []
    with mock.patch(
        "bookings.tasks.dispatch_client_webhooks.delay", side_effect=lambda *a: queued.append(a)
    ):
        for ref in ("w-1", "w-2", "w-3"):
            with django_capture_on_commit_callbacks(execute=True):
                post_booking(client_for(creds), key=ref, external_ref=ref)
    assert len(queued) == 1  # one task for three requests
    with (
        mock.patch("bookings.tasks.deliver_webhook.delay", side_effect=deliver_now),
        mock.patch("bookings.tasks.dispatch_client_webhooks.apply_async") as follow_up,
    ):
        dispatch_client_webhooks(*queued[0])
        (args,), kwargs = follow_up.call_args
        assert kwargs == {"countdown": 1.0}
        dispatch_client_webhooks(*args)
    assert len(receiver.received) == 3
    assert WebhookMessage.objects.filter(status="delivered").count() == 3


def test_no_webhook_without_url_but_polling_sees_the_change(world, bc):
    body = post_booking(bc).json()
    drive(world, Application.objects.get(reference=body["reference"]), State.IN_REVIEW)
    assert WebhookMessage.objects.count() == 0
    assert bc.get("/api/v1/booking-requests/").json()["results"][0]["state"] == "in_review"


def test_redeliver_from_admin(world, receiver, django_capture_on_commit_callbacks):
    from django.test import Client

    creds = make_client(world, receiver.url)
    post_booking(client_for(creds))
    run_deliveries()
    message = WebhookMessage.objects.get()
    assert message.status == "delivered"
    admin = Client()
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    admin.force_login(world.admin)
    with (
        mock.patch("bookings.tasks.deliver_webhook.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin.post(
            "/admin/bookings/webhookmessage/",
            {"action": "redeliver", "_selected_action": [message.pk]},
        )
    assert response.status_code == 302
    delay.assert_called_once_with(message.pk)
    message.refresh_from_db()
    assert message.status == "pending"
    run_deliveries()
    assert receiver.received[-1].headers["webhook-id"] == message.msg_id


def test_redeliver_service_resets_window(world):
    creds = make_client(world, "http://127.0.0.1:9/x")
    post_booking(client_for(creds))
    message = WebhookMessage.objects.get()
    WebhookMessage.objects.filter(pk=message.pk).update(status="failed", failed_at=timezone.now())
    message.refresh_from_db()
    webhook_redeliver(actor=world.admin, message=message)
    message.refresh_from_db()
    assert message.status == "pending" and message.retry_until > timezone.now()
    assert message.failed_at is None
    event = AuditEvent.objects.get(action="webhook.redelivered")
    assert event.object_id == str(message.pk) and event.actor_role == "administratör"
    assert event.changes == {
        "msg_id": message.msg_id,
        "client_id": creds.client.pk,
        "event_type": "booking_request.created",
        "previous_status": "failed",
    }


def test_beat_schedule_dispatches_due_webhooks():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "bookings.tasks.dispatch_due_webhooks" in tasks


def test_dispatch_task_queues_due_messages(world):
    from bookings.tasks import dispatch_due_webhooks

    creds = make_client(world, "http://127.0.0.1:9/x")
    post_booking(client_for(creds))
    with mock.patch("bookings.tasks.deliver_webhook.delay") as delay:
        assert dispatch_due_webhooks() == 1
    delay.assert_called_once_with(WebhookMessage.objects.get().pk)


def test_a_revoked_clients_messages_fail_and_never_block_the_queue(world):
    """Revoking fails what is pending; redelivering one afterwards is refused (no event) and a
    delivery of it fails at once; the beat task's list holds only live clients, so a revoked
    backlog cannot crowd others out."""
    from bookings.services import client_revoke

    bad = make_client(world, "http://127.0.0.1:9/bad", name="Bad")
    for n in range(3):
        post_booking(client_for(bad), key=f"b{n}", external_ref=f"b{n}")
    good = make_client(world, "http://127.0.0.1:9/good", name="Good")
    post_booking(client_for(good), key="g", external_ref="g")
    client_revoke(actor=SYSTEM, client=bad.client)
    mine = WebhookMessage.objects.filter(client=bad.client)
    assert set(mine.values_list("status", flat=True)) == {"failed"}
    assert not mine.filter(failed_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="booking_client.revoked")
    assert event.changes["undelivered_webhooks"] == 3
    assert due_message_ids() == list(
        WebhookMessage.objects.filter(client=good.client).values_list("pk", flat=True)
    )
    message = mine.first()
    with pytest.raises(GuardFailed):
        webhook_redeliver(actor=world.admin, message=message)
    assert not AuditEvent.objects.filter(action="webhook.redelivered").exists()
    assert webhook_deliver(message_id=message.pk) == "skipped"
    message.refresh_from_db()
    assert message.status == "failed" and "revoked" in message.last_error
    assert message.failed_at is not None
    WebhookMessage.objects.filter(pk=message.pk).update(status="pending")  # as an older release
    assert message.pk not in due_message_ids()


def test_a_program_an_officer_registers_reaches_the_booking_system(world):
    """The applicant mailed the program and the officer registered it: the booking system gets
    the same webhook and sees the same change when polling as if it had uploaded it."""
    creds = make_client(world, "http://127.0.0.1:9/h")
    api = client_for(creds)
    body = post_booking(api).json()
    app = Application.objects.get(reference=body["reference"])
    drive(world, app, State.PROGRAM_REVIEW)
    cursor = api.get("/api/v1/booking-requests/?updated_since=2000-01-01T00:00:00Z").json()
    svc.program_submit(application=app, actor=world.handler, text="18.00 Konsert")
    latest = WebhookMessage.objects.order_by("-id").first()
    assert latest.event_type == "booking_request.program_received"
    changed = api.get(f"/api/v1/booking-requests/?cursor={cursor['next_cursor']}").json()
    assert [r["id"] for r in changed["results"]] == [body["id"]]
    assert changed["results"][0]["requested"][0]["received_at"] is not None
