"""The audit trail: an append-only, hash-chained table of events, and the people behind them.

Events name people by pseudonym only; names live in ``Person``, which can be erased (GDPR)
without touching any event or its hash.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


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


class AuditEvent(models.Model):
    """One event. Written once by ``audit.services.record_event``; never changed or deleted."""

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_type = models.CharField(max_length=16)
    actor_id = models.CharField(max_length=64, db_index=True)
    actor_role = models.CharField(max_length=200, blank=True)
    actor_administration = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_ref = models.CharField(max_length=40, blank=True, db_index=True)
    association_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    reasons = models.TextField(blank=True)
    criteria = models.JSONField(default=list, blank=True)
    rulebook_version = models.IntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    canonical = models.TextField(help_text="The exact bytes (UTF-8) that were hashed.")

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.case_ref}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")
