"""The audit trail: an append-only, hash-chained table of events, and the people behind them.

Events name people by pseudonym only; names live in ``Person``, which can be erased (GDPR)
without touching any event or its hash.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q

# The actions that write a decision (one event per Decision): the decision log reads these.
DECISION_ACTIONS = ("application.decide", "application.correct", "application.revoke")
APPEND_ONLY = "Audit records are append-only."
# The actor's administrations on a decision event, NULL on every other event.
DECISION_ADMINISTRATION = models.Case(
    models.When(action__in=DECISION_ACTIONS, then=models.F("actor_administration")),
    default=None,
    output_field=models.CharField(),
)


def new_pseudonym() -> str:
    return uuid.uuid4().hex


class Person(models.Model):
    """The pseudonym of a person who acts in the service, and the only place their name is kept."""

    pseudonym = models.CharField(max_length=32, unique=True, default=new_pseudonym, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_person",
    )
    display_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.pseudonym


class ChainHead(models.Model):
    """One row holding the newest sequence number and hash; locked by every writer."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class CompactJSONEncoder(json.JSONEncoder):
    """Stores JSON columns as RFC 8785 would write them (given keys in canonical order), so that
    on SQLite the column text can be compared with the canonical bytes as text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(ensure_ascii=False, separators=(",", ":"))
        super().__init__(*args, **kwargs)


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Querysets of audit records offer no way to change or delete them."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)


class AuditEvent(models.Model):
    """One event. Written once by ``audit.services.record_event``; never changed or deleted."""

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_type = models.CharField(max_length=16)
    actor_id = models.CharField(max_length=64)
    actor_role = models.CharField(max_length=200, blank=True)
    actor_administration = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_ref = models.CharField(max_length=40, blank=True)
    association_id = models.BigIntegerField(null=True, blank=True)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    reasons = models.TextField(blank=True)
    criteria = models.JSONField(default=list, blank=True, encoder=CompactJSONEncoder)
    rulebook_version = models.IntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True, encoder=CompactJSONEncoder)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    canonical = models.TextField(help_text="The exact bytes (UTF-8) that were hashed.")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action", "occurred_at"]),
            models.Index(fields=["case_ref", "seq"], name="audit_event_case_seq"),
            models.Index(
                fields=["seq"], condition=Q(action__in=DECISION_ACTIONS), name="audit_decision_seq"
            ),
            # An expression, not a partial index: the database keeps statistics of its own for
            # it, so it knows how many decisions an administration has (audit.selectors).
            models.Index(DECISION_ADMINISTRATION, "seq", name="audit_decision_adm"),
            models.Index(fields=["actor_administration", "seq"], name="audit_event_adm_seq"),
            # Every filter column with seq after it, so a filter's index also gives seq order.
            models.Index(fields=["actor_id", "seq"], name="audit_event_actor_seq"),
            models.Index(fields=["association_id", "seq"], name="audit_event_assoc_seq"),
            models.Index(
                fields=["occurred_at", "seq"],
                condition=Q(action__in=DECISION_ACTIONS),
                name="audit_decision_time_seq",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.case_ref}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class Checkpoint(models.Model):
    """A signed statement of the chain head (C2SP signed note); see docs/audit-format.md."""

    seq = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    origin = models.CharField(max_length=200)
    key_id = models.CharField(max_length=8, help_text="Hex of the 4-byte signed-note key id.")
    note = models.TextField(help_text="The signed note, exactly as signed.")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)
