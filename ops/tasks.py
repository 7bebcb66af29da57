"""The worker's heartbeat: a beat task that only a running beat, broker and worker can complete."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from ops.models import Heartbeat


@shared_task(name="ops.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Record that the worker ran a task the beat scheduled (granska_status reads its age)."""
    Heartbeat.objects.update_or_create(name=Heartbeat.WORKER, defaults={"at": timezone.now()})
