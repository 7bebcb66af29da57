"""The webhook outbox: messages written with the change, delivered after commit, in order.

A message is delivered only when every older message of the same request is delivered or has
failed for good, so a receiver sees a request's events in the order they happened. Every answer
but 2xx is retried with exponential backoff for ``GRANSKA_WEBHOOK_RETRY_HOURS``, as are connection
errors and timeouts: a receiver behind a misconfigured proxy (3xx, 401, 403, 404) is down, not
refusing. Only 410 Gone, an internal address and a revoked client fail a message at once. Every
attempt is logged.
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import chain_lock, record_event
from bookings import keys, webhook_transport
from bookings.models import DeliveryAttempt, WebhookMessage
from vetting.errors import GuardFailed
from vetting.services._core import ActorLike, audit_actor

if TYPE_CHECKING:
    from bookings.models import BookingClient, BookingRequest

log = logging.getLogger(__name__)
Status = WebhookMessage.Status
SHORT_RETRY_SECONDS = 300  # retries sooner than this are queued directly; later ones by beat


def _queue(message_id: int, countdown: float = 0) -> None:
    from bookings.tasks import deliver_webhook

    if countdown > 0:
        deliver_webhook.apply_async(args=(message_id,), countdown=countdown)
    else:
        deliver_webhook.delay(message_id)


EVENT_PREFIX = "booking_request."


def event_type_of(event: str) -> str:
    """A message's ``type``: ``booking_request.<event>``."""
    return EVENT_PREFIX + event


def webhook_events() -> list[str]:
    """Every event a booking request's webhook can carry, from the code that sends them: its
    creation (``booking_request_submit``), each workflow action a premises booking can take that
    the booking system sees (``vetting.actions.ACTIONS`` by way of ``on_state_changed``, less
    ``HIDDEN_ACTIONS`` and the actions only a grant can take) and the applicant's submissions
    recorded without a state change (``APPLICANT_SUBMISSIONS``)."""
    from bookings.selectors import HIDDEN_ACTIONS
    from vetting.actions import ACTIONS
    from vetting.models import Application, guards
    from vetting.services.casework import APPLICANT_SUBMISSIONS

    transitions: dict[str, list[Any]] = {}
    for transition in Application._meta.get_field("state").get_all_transitions(Application):
        transitions.setdefault(transition.name, []).append(transition)

    def grant_only(action: str) -> bool:
        found = [t for name in ACTIONS[action] for t in transitions.get(name, [])]
        return bool(found) and all(guards.grant in t.conditions for t in found)

    actions = [a for a in ACTIONS if a not in HIDDEN_ACTIONS and not grant_only(a)]
    return ["created", *actions, *APPLICANT_SUBMISSIONS]


def webhook_fields(
    *, client: BookingClient, event: str, data: dict[str, Any]
) -> dict[str, Any] | None:
    """The columns of a new outbox message for the client, or None when it takes no webhooks."""
    if not client.webhook_url or client.revoked_at is not None:
        return None
    now = timezone.now()
    msg_id = f"msg_{uuid.uuid4().hex}"
    event_type = event_type_of(event)
    payload = {"type": event_type, "id": msg_id, "timestamp": now.isoformat(), "data": data}
    return {
        "msg_id": msg_id,
        "client_id": client.pk,
        "event_type": event_type,
        "body": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        "status": Status.PENDING,
        "created_at": now,
        "next_attempt_at": now,
        "retry_until": now + timedelta(hours=settings.GRANSKA_WEBHOOK_RETRY_HOURS),
        "attempts": 0,
        "last_error": "",
    }


def _after_commit(publish: Callable[[], None]) -> None:
    """Queue a task once the transaction commits. Robust: the outbox row is committed by then, so
    a broker that is down must not turn the caller's answer into an error; the beat dispatch
    (``dispatch_due_webhooks``) queues the message later."""
    transaction.on_commit(publish, robust=True)


def queue_after_commit(client_id: int) -> None:
    """After commit, ring for the client's new message (see ``ring``)."""
    _after_commit(lambda: ring(client_id))


_window_ends: dict[int, float] = {}  # client id -> end of this process's open window (monotonic)


def ring(client_id: int) -> None:
    """Ask a worker to dispatch the client's due messages, at most once per client per
    ``GRANSKA_WEBHOOK_COALESCE_SECONDS`` in this process: a busy booking system's intake then
    queues a task now and then, not one per request (bench/intake.py).

    No message is left behind: the task queued when a window opens dispatches at once and again
    when the window has closed, after every message committed while it was open. The beat task
    ``dispatch_due_webhooks`` remains the safety net if a task is lost.
    """
    from bookings.tasks import dispatch_client_webhooks

    window = float(settings.GRANSKA_WEBHOOK_COALESCE_SECONDS)
    now = time.monotonic()
    if _window_ends.get(client_id, 0.0) > now:
        return
    dispatch_client_webhooks.delay(client_id, window)
    _window_ends[client_id] = now + window  # only once queued: a failed publish is retried


def reset_windows() -> None:
    """Forget the open windows of this process (tests)."""
    _window_ends.clear()


def webhook_enqueue(
    *, booking_request: BookingRequest, event: str, data: dict[str, Any]
) -> WebhookMessage | None:
    """Write a message for the request's client, inside the caller's transaction."""
    fields = webhook_fields(client=booking_request.client, event=event, data=data)
    if fields is None:
        return None
    message = WebhookMessage.objects.create(booking_request=booking_request, **fields)
    queue_after_commit(message.client_id)
    return message


def backoff_base_seconds(attempts: int) -> int:
    """The wait after the ``attempts``-th failed attempt, before jitter: base * 2^(n-1), capped."""
    base = settings.GRANSKA_WEBHOOK_BACKOFF_BASE_SECONDS
    cap = settings.GRANSKA_WEBHOOK_BACKOFF_CAP_SECONDS
    return int(min(cap, base * 2 ** max(attempts - 1, 0)))


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter: ``backoff_base_seconds`` ±10 %."""
    return float(backoff_base_seconds(attempts) * random.uniform(0.9, 1.1))


def _older_pending(message: WebhookMessage) -> bool:
    return WebhookMessage.objects.filter(
        booking_request_id=message.booking_request_id, status=Status.PENDING, id__lt=message.pk
    ).exists()


def _claim(message_id: int, now: datetime) -> WebhookMessage | None:
    """Take a lease on a due message whose older siblings are done; None when not deliverable."""
    with transaction.atomic():
        # The message row only: FOR UPDATE on the joined client row as well waited on (or, with
        # skip_locked, skipped for) every intake of the client in flight (its foreign keys hold
        # FOR KEY SHARE on the row), and could deadlock with a revocation (client, then messages).
        message = (
            WebhookMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("client")
            .filter(pk=message_id, status=Status.PENDING)
            .first()
        )
        if message is None or message.next_attempt_at > now:
            return None
        if message.lease_until is not None and message.lease_until > now:
            return None
        if message.client.revoked_at is not None:
            _fail_revoked(message)
            return None
        if _older_pending(message):
            return None
        lease = settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS * 2 + 30
        message.lease_until = now + timedelta(seconds=lease)
        message.lease_token = uuid.uuid4()
        message.save(update_fields=["lease_until", "lease_token"])
    return message


REVOKED_ERROR = "permanent: the booking system's access is revoked"


def _fail_revoked(message: WebhookMessage) -> None:
    """A revoked client gets nothing more: its message fails for good (rather than waiting for
    ever in the queue the beat task walks), and the request's next one is settled the same way."""
    message.status, message.lease_until, message.last_error = Status.FAILED, None, REVOKED_ERROR
    message.lease_token, message.failed_at = None, timezone.now()
    message.save(update_fields=["status", "lease_until", "lease_token", "last_error", "failed_at"])
    next_id = _next_pending_id(message.booking_request_id)
    if next_id is not None:
        _after_commit(lambda: _queue(next_id))


@dataclass(frozen=True)
class SendResult:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def transient(self) -> bool:
        """Worth trying again: any answer but 410 Gone (the receiver says the endpoint is no
        more), and any error that is not marked permanent."""
        if self.status_code is None:
            return bool(self.error.startswith("transient"))
        return self.status_code != 410


def _send(message: WebhookMessage) -> SendResult:
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": "Granska-Webhooks/1.0",
        "webhook-id": message.msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": keys.signature_header(
            message.client.signing_secrets(timezone.now()), message.msg_id, timestamp, message.body
        ),
    }
    timeout = settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS
    started = time.monotonic()
    code: int | None = None
    error = ""
    try:
        code = webhook_transport.post(
            message.client.webhook_url,
            body=message.body.encode("utf-8"),
            headers=headers,
            timeout=timeout,
        )
    except webhook_transport.BlockedAddress as exc:
        error = f"permanent: BlockedAddress: {exc}"
    except (requests.ConnectionError, requests.Timeout, webhook_transport.DeadlineExceeded) as exc:
        error = f"transient: {type(exc).__name__}: {exc}"
    except requests.RequestException as exc:
        error = f"permanent: {type(exc).__name__}: {exc}"
    url = message.client.webhook_url
    error = webhook_transport.error_for_the_record(error, url)[:500]
    return SendResult(code, error, int((time.monotonic() - started) * 1000))


STALE_PREFIX = "stale attempt, outcome not recorded (its lease was lost): "


def _record(message_id: int, result: SendResult, now: datetime, *, lease: uuid.UUID) -> str:
    """Log the attempt and, if it still holds the message's lease, record its outcome.

    An attempt whose lease is gone (the message was redelivered, or the lease ran out and another
    worker claimed it) is stale: it is logged, and changes nothing on the message, so it can
    neither undo a delivery nor overwrite the outcome of the attempt that holds the lease now.
    """
    with transaction.atomic():
        message = (
            WebhookMessage.objects.select_for_update()
            .filter(pk=message_id, lease_token=lease, status=Status.PENDING)
            .first()
        )
        error = result.error if message is not None else (STALE_PREFIX + result.error)[:500]
        DeliveryAttempt.objects.create(
            message_id=message_id,
            attempted_at=now,
            status_code=result.status_code,
            error=error,
            duration_ms=result.duration_ms,
            success=result.success,
        )
        if message is None:
            return "stale"
        _apply_outcome(message, result, now)
        message.save()
        if message.status != Status.PENDING:
            next_id = _next_pending_id(message.booking_request_id)
            if next_id is not None:
                _after_commit(lambda: _queue(next_id))
    return str(message.status)


def _apply_outcome(message: WebhookMessage, result: SendResult, now: datetime) -> None:
    message.attempts += 1
    message.lease_until, message.lease_token = None, None
    message.last_error = result.error or ("" if result.success else f"HTTP {result.status_code}")
    if result.success:
        message.status, message.delivered_at = Status.DELIVERED, now
    elif result.transient and now < message.retry_until:
        delay = backoff_seconds(message.attempts)
        message.next_attempt_at = now + timedelta(seconds=delay)
        if delay <= SHORT_RETRY_SECONDS:
            message_id = message.pk
            _after_commit(lambda: _queue(message_id, countdown=delay))
    else:
        message.status, message.failed_at = Status.FAILED, now


def _next_pending_id(booking_request_id: int) -> int | None:
    return (
        WebhookMessage.objects.filter(booking_request_id=booking_request_id, status=Status.PENDING)
        .order_by("id")
        .values_list("pk", flat=True)
        .first()
    )


def webhook_deliver(*, message_id: int, now: datetime | None = None) -> str:
    """Try to deliver one message (idempotent): 'skipped', 'delivered', 'pending' or 'failed';
    'stale' when the attempt lost its lease while it was sending (its outcome is not recorded)."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None or message.lease_token is None:
        return "skipped"
    result = _send(message)
    if not result.success:
        log.warning("webhook %s to client %s: %s", message.msg_id, message.client_id, result)
    return _record(message_id, result, now, lease=message.lease_token)


def due_message_ids(
    *, now: datetime | None = None, limit: int = 500, client_id: int | None = None
) -> list[int]:
    """Pending messages that are due and first in line for their request (of one client)."""
    now = now or timezone.now()
    older = WebhookMessage.objects.filter(
        booking_request_id=OuterRef("booking_request_id"),
        status=Status.PENDING,
        id__lt=OuterRef("pk"),
    )
    qs = (
        WebhookMessage.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=now, client__revoked_at__isnull=True
        )
        .exclude(lease_until__gt=now)
        .exclude(Exists(older))
        .order_by("id")
        .values_list("pk", flat=True)
    )
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    return list(qs[:limit])


def webhooks_dispatch_due(*, client_id: int | None = None) -> int:
    """Queue a delivery task for every due message (of one client), so nothing is lost while a
    receiver is down. Delivery itself keeps each request's messages in order."""
    ids = due_message_ids(client_id=client_id)
    for message_id in ids:
        _queue(message_id)
    return len(ids)


REDELIVER_REVOKED = _(
    "Bokningssystemets åtkomst är spärrad: meddelandet skickas inte igen. Ett spärrat "
    "bokningssystem får inga fler meddelanden."
)


def webhook_redeliver(*, actor: ActorLike, message: WebhookMessage) -> WebhookMessage:
    """Send a message again (from the admin), whatever its status; the same webhook-id. Sending
    a case's data to an outside system again is the actor's doing: it is an audit event. Not to
    a revoked client, which gets nothing more (the delivery would fail it at once)."""
    now = timezone.now()
    with transaction.atomic():
        chain_lock()  # before the message row, which a client's revocation updates after it
        message = WebhookMessage.objects.select_for_update().get(pk=message.pk)
        if message.client.revoked_at is not None:
            raise GuardFailed(REDELIVER_REVOKED, code="client_revoked")
        previous = message.status
        message.status = Status.PENDING
        message.next_attempt_at = now
        message.retry_until = now + timedelta(hours=settings.GRANSKA_WEBHOOK_RETRY_HOURS)
        message.lease_until, message.lease_token = None, None  # an attempt in flight is stale
        message.failed_at = None
        message.save(
            update_fields=[
                *("status", "next_attempt_at", "retry_until"),
                *("lease_until", "lease_token", "failed_at"),
            ]
        )
        record_event(
            actor=audit_actor(actor),
            action="webhook.redelivered",
            object_type="webhook_message",
            object_id=message.pk,
            changes={
                "msg_id": message.msg_id,
                "client_id": message.client_id,
                "event_type": message.event_type,
                "previous_status": previous,
            },
        )
        message_id = message.pk
        _after_commit(lambda: _queue(message_id))
    return message
