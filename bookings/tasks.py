from celery import shared_task

from bookings.webhooks import webhook_deliver, webhooks_dispatch_due


@shared_task(name="bookings.tasks.deliver_webhook", acks_late=True)
def deliver_webhook(message_id: int) -> str:
    """Deliver one outbox message if it is due and first in line (idempotent)."""
    return webhook_deliver(message_id=message_id)


@shared_task(name="bookings.tasks.dispatch_due_webhooks")
def dispatch_due_webhooks() -> int:
    """Beat task: queue every due, undelivered message (retries, and receivers that were down)."""
    return webhooks_dispatch_due()
