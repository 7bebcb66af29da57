"""Reads for the operators' status (manage.py granska_status, /api/v1/ops/status).

One query per item, whatever the amount of data: aggregates and single-row lookups on indexed
columns only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q, Subquery
from django.db.models.functions import Coalesce

from associations.models import StatutesVersion
from audit.models import AuditEvent, Checkpoint
from bookings.models import WebhookMessage
from ops.models import Heartbeat

VERIFIED_ACTION = "audit.verified"


@dataclass(frozen=True)
class Outbox:
    pending: int
    oldest_pending_at: datetime | None
    failed_last_24h: int


@dataclass(frozen=True)
class Verification:
    at: datetime
    intact: bool
    findings: int


@dataclass(frozen=True)
class CheckpointState:
    signed_at: datetime | None  # of the newest checkpoint
    seq: int  # the newest checkpoint's event number (0: none yet)
    head_seq: int  # the newest event's number
    unsigned_since: datetime | None  # when the oldest event no checkpoint covers was recorded


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest_at: datetime | None
    failed: int = 0  # statutes the reader could not read (FAILED): officers assess them by hand


def outbox(now: datetime) -> Outbox:
    pending = Q(status=WebhookMessage.Status.PENDING)
    failed = Q(status=WebhookMessage.Status.FAILED, failed_at__gte=now - timedelta(hours=24))
    row = WebhookMessage.objects.filter(pending | failed).aggregate(
        pending=Count("pk", filter=pending),
        oldest=Min("created_at", filter=pending),
        failed=Count("pk", filter=failed),
    )
    return Outbox(row["pending"], row["oldest"], row["failed"])


def last_verification() -> Verification | None:
    """The newest recorded verification run (the nightly task records one; so does
    ``audit_verify --record``)."""
    row = (
        AuditEvent.objects.filter(action=VERIFIED_ACTION)
        .order_by("-occurred_at")
        .values("occurred_at", "changes")
        .first()
    )
    if row is None:
        return None
    changes: dict[str, Any] = row["changes"] or {}
    return Verification(
        row["occurred_at"], bool(changes.get("intact")), len(changes.get("findings") or [])
    )


def checkpoint_state() -> CheckpointState:
    """The newest checkpoint, the newest event and the oldest event after the checkpoint, in one
    query (each a probe of the unique seq index)."""
    newest = Checkpoint.objects.order_by("-seq")
    covered = Coalesce(Subquery(newest.values("seq")[:1]), 0)
    first_unsigned = AuditEvent.objects.filter(seq__gt=covered).order_by("seq")
    row = (
        AuditEvent.objects.order_by("-seq")
        .values("seq")
        .annotate(
            checkpoint_seq=Subquery(newest.values("seq")[:1]),
            signed_at=Subquery(newest.values("signed_at")[:1]),
            unsigned_since=Subquery(first_unsigned.values("occurred_at")[:1]),
        )
        .first()
    )
    if row is None:
        return CheckpointState(None, 0, 0, None)
    return CheckpointState(
        row["signed_at"], row["checkpoint_seq"] or 0, row["seq"], row["unsigned_since"]
    )


def worker_heartbeat() -> datetime | None:
    return Heartbeat.objects.filter(name=Heartbeat.WORKER).values_list("at", flat=True).first()


def statutes_waiting() -> Backlog:
    """Statutes versions the reader has not read yet, and those it could not read."""
    pending = Q(reader_status=StatutesVersion.ReaderStatus.PENDING)
    failed = Q(reader_status=StatutesVersion.ReaderStatus.FAILED)
    row = StatutesVersion.objects.filter(pending | failed).aggregate(
        count=Count("pk", filter=pending),
        oldest=Min("uploaded_at", filter=pending),
        failed=Count("pk", filter=failed),
    )
    return Backlog(row["count"], row["oldest"], row["failed"])
