"""Reads of associations and their statutes versions."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from associations.models import StatutesVersion
from associations.reader import RULES_VERSION


def statutes_read_by_older_rules() -> QuerySet[StatutesVersion]:
    """Statutes versions whose stored reading was made by an older version of the reader's
    rules, or before the version was recorded (``StatutesVersion.read_by_older_rules``)."""
    older = Q(reader_version__isnull=True) | Q(reader_version__lt=RULES_VERSION)
    return StatutesVersion.objects.filter(older, reader_status=StatutesVersion.ReaderStatus.DONE)


def statutes_reading_failed() -> QuerySet[StatutesVersion]:
    """Statutes versions the reader raised on (``associations.tasks.read_statutes_version``)."""
    return StatutesVersion.objects.filter(reader_status=StatutesVersion.ReaderStatus.FAILED)


def statutes_waiting_since(before: datetime) -> QuerySet[StatutesVersion]:
    """Statutes versions not read yet that were uploaded before ``before``: waiting that long,
    their reading was most likely lost (``associations.tasks.requeue_waiting_readings``)."""
    return StatutesVersion.objects.filter(
        reader_status=StatutesVersion.ReaderStatus.PENDING, uploaded_at__lt=before
    )
