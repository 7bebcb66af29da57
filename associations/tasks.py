"""The statute reader's tasks: reading one statutes version, and the beat task that queues
again the readings that have waited too long (a task lost with the broker is never re-sent)."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from associations.models import StatutesVersion
from associations.selectors import statutes_waiting_since

# At most this many readings queued again per run, the longest waiting first.
REQUEUE_BATCH = 100

logger = logging.getLogger(__name__)


@shared_task(name="associations.tasks.read_statutes_version")
def read_statutes_version(statutes_version_id: int) -> str:
    """Run the statute reader on a stored statutes version and keep its findings, with the
    version of its rules. Idempotent: a version already read by the current rules is not read
    again ("already_read"), so a reading queued twice (by beat, or reread_statutes) costs
    nothing. A text the reader fails on (it raises) is marked FAILED, not retried: the same
    text fails again, and beat would otherwise queue it every few minutes for ever
    (``reread_statutes`` queues failed versions again once the reader is fixed)."""
    from associations.reader import RULES_VERSION, read_statutes
    from associations.services import statutes_reading_failed, statutes_store_reading

    version = StatutesVersion.objects.filter(pk=statutes_version_id).first()
    if version is None:
        return "missing"
    if (
        version.reader_status == StatutesVersion.ReaderStatus.DONE
        and version.reader_version == RULES_VERSION
    ):
        return "already_read"
    try:
        reading = read_statutes(version.text).to_dict()
    except Exception as exc:  # any bug of the reader on this text; logged with its traceback
        logger.exception("statute reader failed on statutes version %s", statutes_version_id)
        statutes_reading_failed(statutes_version_id=statutes_version_id, error=type(exc).__name__)
        return "failed"
    statutes_store_reading(
        statutes_version_id=statutes_version_id, reading=reading, rules_version=RULES_VERSION
    )
    return str(reading.get("document_kind", ""))


@shared_task(name="associations.tasks.requeue_waiting_readings")
def requeue_waiting_readings() -> int:
    """Beat task: queue again the reading of every statutes version that has waited longer than
    GRANSKA_STATUTES_REQUEUE_MINUTES since its upload (at most REQUEUE_BATCH, the longest
    waiting first). Idempotent: the reading of a version read meanwhile is a no-op. Returns how
    many were queued."""
    waited = timedelta(minutes=settings.GRANSKA_STATUTES_REQUEUE_MINUTES)
    waiting = statutes_waiting_since(timezone.now() - waited).order_by("uploaded_at", "pk")
    ids = list(waiting.values_list("pk", flat=True)[:REQUEUE_BATCH])
    for statutes_version_id in ids:
        read_statutes_version.delay(statutes_version_id)
    return len(ids)
