from celery import shared_task

from bookings.webhooks import webhook_deliver, webhooks_dispatch_due


@shared_task(name="bookings.tasks.deliver_webhook", acks_late=True)
def deliver_webhook(message_id: int) -> str:
    """Deliver one outbox message if it is due and first in line (idempotent)."""
    return webhook_deliver(message_id=message_id)


@shared_task(name="bookings.tasks.dispatch_client_webhooks")
def dispatch_client_webhooks(client_id: int, follow_up_seconds: float = 0) -> int:
    """Queue the client's due messages now; with ``follow_up_seconds``, once more after that
    (``bookings.webhooks.ring``: the end of the window in which further rings were coalesced)."""
    queued = webhooks_dispatch_due(client_id=client_id)
    if follow_up_seconds > 0:
        dispatch_client_webhooks.apply_async((client_id, 0), countdown=follow_up_seconds)
    return queued


@shared_task(name="bookings.tasks.dispatch_due_webhooks")
def dispatch_due_webhooks() -> int:
    """Beat task: queue every due, undelivered message (retries, and receivers that were down)."""
    return webhooks_dispatch_due()
