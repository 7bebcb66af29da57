"""Reads of associations and their statutes versions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from associations.models import StatutesVersion
from associations.reader import RULES_VERSION


def statutes_read_by_older_rules() -> QuerySet[StatutesVersion]:
    """Statutes versions whose stored reading was made by an older version of the reader's
    rules, or before the version was recorded (``StatutesVersion.read_by_older_rules``)."""
    older = Q(reader_version__isnull=True) | Q(reader_version__lt=RULES_VERSION)
    return StatutesVersion.objects.filter(older, reader_status=StatutesVersion.ReaderStatus.DONE)
