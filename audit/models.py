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
from django.utils.translation import gettext_lazy as _

from audit.freetext import committed_keys, field_name

# The actions that write a decision (one event per Decision): the decision log reads these. A
# write-off is one since session 12 (ADR 0025); older write-off events name no decision.
DECISION_ACTIONS = (
    "application.decide",
    "application.correct",
    "application.revoke",
    "application.write_off",
)
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

    pseudonym = models.CharField(
        _("pseudonym"), max_length=32, unique=True, default=new_pseudonym, editable=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_person",
        verbose_name=_("användare"),
    )
    display_name = models.CharField(_("namn"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    erased_at = models.DateTimeField(_("raderad"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

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


REASONS = "reasons"


class AuditEventQuerySet(AppendOnlyQuerySet):
    def with_texts(self) -> AuditEventQuerySet:
        """Each event's side text of its reasons and when it was pruned, in the same query
        (two correlated subqueries on the text's unique index): lists stay at their counts."""
        texts = EventText.objects.filter(event_id=models.OuterRef("seq"), field=REASONS)
        return self.annotate(
            _reasons_text=models.Subquery(texts.values("text")[:1]),
            _reasons_pruned=models.Subquery(texts.values("pruned_at")[:1]),
            _change_texts_json=_change_texts_sql(),
        )


class _TextsObject(models.Aggregate):
    """``{field: [text, pruned_at], …}`` of the rows: one JSON object."""

    function = "json_group_object"
    output_field = models.JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="jsonb_object_agg", **extra)


def _change_texts_sql() -> models.Subquery:
    """The event's side texts of ``changes`` as one JSON object, ``{field: [text, pruned_at]}``,
    by a correlated subquery on the texts' unique index (NULL when it has none)."""
    from django.db.models.functions import JSONArray

    texts = (
        EventText.objects.filter(event_id=models.OuterRef("seq"))
        .exclude(field=REASONS)
        .order_by()
        .values("event_id")
        .annotate(found=_TextsObject("field", JSONArray("text", "pruned_at")))
        .values("found")
    )
    return models.Subquery(texts, output_field=models.JSONField())


def change_texts_from(raw: Any) -> dict[str, tuple[str, Any]]:
    """``{field: (text, pruned_at)}`` from the JSON ``with_texts()`` reads."""
    from django.utils.dateparse import parse_datetime

    if isinstance(raw, str):
        raw = json.loads(raw)
    found: dict[str, tuple[str, Any]] = {}
    for field, pair in (raw or {}).items():
        text, pruned = pair if isinstance(pair, list) and len(pair) == 2 else ("", None)
        moment = parse_datetime(pruned) if isinstance(pruned, str) else pruned
        if moment is not None and moment.tzinfo is None:
            from datetime import UTC

            moment = moment.replace(tzinfo=UTC)
        found[str(field)] = (text or "", moment)
    return found


class AuditEvent(models.Model):
    """One event. Written once by ``audit.services.record_event``; never changed or deleted."""

    seq = models.BigIntegerField(_("nr"), unique=True)
    occurred_at = models.DateTimeField(_("tidpunkt"), db_index=True)
    actor_type = models.CharField(_("aktörstyp"), max_length=16)
    actor_id = models.CharField(_("aktör"), max_length=64)
    actor_role = models.CharField(_("aktörens roll"), max_length=200, blank=True)
    actor_administration = models.CharField(_("aktörens förvaltning"), max_length=200, blank=True)
    action = models.CharField(_("händelse"), max_length=64)
    object_type = models.CharField(_("objekttyp"), max_length=64, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    case_ref = models.CharField(_("diarienummer"), max_length=40, blank=True)
    association_id = models.BigIntegerField(_("förenings-id"), null=True, blank=True)
    from_state = models.CharField(_("från status"), max_length=32, blank=True)
    to_state = models.CharField(_("till status"), max_length=32, blank=True)
    reasons = models.TextField(_("motivering"), blank=True)
    criteria = models.JSONField(
        _("kriterier"), default=list, blank=True, encoder=CompactJSONEncoder
    )
    rulebook_version = models.IntegerField(_("regelverksversion"), null=True, blank=True)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True, encoder=CompactJSONEncoder)
    request_id = models.CharField(_("begärans id"), max_length=64, blank=True)
    ip = models.CharField(_("IP-adress"), max_length=45, blank=True)
    prev_hash = models.CharField(_("föregående hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    canonical = models.TextField(
        _("kanoniska byte"), help_text=_("De exakta byte (UTF-8) som hashades.")
    )
    # Format v2 (ADR 0027): NULL on v1 events. A v2 event's non-empty reasons are kept in
    # ``EventText`` and the chain holds their commitment, also here; ``reasons`` is then "".
    format_version = models.SmallIntegerField(_("formatversion"), null=True, blank=True)
    reasons_sha256 = models.CharField(
        _("motiveringens åtagande"), max_length=64, null=True, blank=True
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
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

    @property
    def reasons_text(self) -> str:
        """The event's reasons as recorded: the column on a v1 event, the side text on a v2 one
        ("" once pruned; ``reasons_pruned_at`` says when). Read with ``with_texts()`` for lists:
        without it, one query per v2 event."""
        if self.reasons_sha256 is None:
            return self.reasons
        return self._side_text()[0]

    @property
    def reasons_pruned_at(self) -> Any:
        """When the reasons were pruned (gallrade), or None."""
        if self.reasons_sha256 is None:
            return None
        return self._side_text()[1]

    @property
    def change_texts(self) -> dict[str, tuple[str, Any]]:
        """The side texts of this event's ``changes``: ``{"changes.<key>": (text, pruned_at)}``
        (text "" once pruned). Read with ``with_texts()`` for lists: without it, one query per
        event that commits to one."""
        if not hasattr(self, "_change_texts"):
            if hasattr(self, "_change_texts_json"):
                self._change_texts = change_texts_from(self._change_texts_json)
            elif self.format_version is None or not committed_keys(self.changes):
                self._change_texts = {}
            else:
                rows = EventText.objects.filter(event_id=self.seq, field__startswith="changes.")
                self._change_texts = {
                    f: (t, p) for f, t, p in rows.values_list("field", "text", "pruned_at")
                }
        return self._change_texts

    @property
    def changes_shown(self) -> dict[str, Any]:
        """``changes`` as pages, the API and exports show them: each committed free text
        (docs/audit-format.md 1.9) as its text, or "gallrad <date>" once pruned."""
        return shown_changes(self.changes, self.change_texts)

    def _side_text(self) -> tuple[str, Any]:
        if not hasattr(self, "_reasons_text"):
            row = (
                EventText.objects.filter(event_id=self.seq, field=REASONS)
                .values_list("text", "pruned_at")
                .first()
            )
            self._reasons_text, self._reasons_pruned = row if row else ("", None)
        return self._reasons_text or "", self._reasons_pruned


def shown_changes(changes: Any, texts: dict[str, tuple[str, Any]]) -> dict[str, Any]:
    """``changes`` with each commitment replaced by its side text, or "gallrad <date>" once
    pruned ("" when the text is missing: verification reports that)."""
    from audit.texts import pruned_label

    if not isinstance(changes, dict):
        return {}
    keys = committed_keys(changes)
    if not keys:
        return changes
    shown = dict(changes)
    for key in keys:
        text, pruned = texts.get(field_name(key), ("", None))
        shown[key] = pruned_label(pruned) if pruned is not None else text
    return shown


class Checkpoint(models.Model):
    """A signed statement of the chain head (C2SP signed note); see docs/audit-format.md."""

    seq = models.BigIntegerField(_("händelse nr"), unique=True)
    hash = models.CharField(_("hash"), max_length=64)
    signed_at = models.DateTimeField(_("signerad"))
    origin = models.CharField(_("ursprung"), max_length=200)
    key_id = models.CharField(
        _("nyckel-id"), max_length=8, help_text=_("Nyckel-id i signed-note-formatet (4 byte, hex).")
    )
    note = models.TextField(
        _("signerad not"), help_text=_("Den signerade noten, exakt som den signerades.")
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("kontrollpunkt")
        verbose_name_plural = _("kontrollpunkter")

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)


class EventText(models.Model):
    """A free text of a v2 event, outside the chain (ADR 0027): the chain holds its commitment,
    SHA-256 of the RFC 8785 bytes of ``{"nonce": nonce, "text": text}``. Pruning (gallring,
    erasure) blanks ``text`` and ``nonce`` and keeps the row as a tombstone saying when and by
    which ``audit.texts_pruned`` event; verification accepts a missing text only if such an
    event covers it."""

    event = models.ForeignKey(
        AuditEvent,
        to_field="seq",
        db_column="event_seq",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the side table never holds up the append-only one
        related_name="texts",
        verbose_name=_("händelse"),
    )
    field = models.CharField(_("fält"), max_length=40, default=REASONS)
    text = models.TextField(_("text"), blank=True)
    nonce = models.CharField(_("nonce"), max_length=64, blank=True)
    pruned_at = models.DateTimeField(_("gallrad"), null=True, blank=True)
    pruned_by = models.BigIntegerField(_("gallrad genom händelse nr"), null=True, blank=True)

    class Meta:
        ordering = ["event_id", "field"]
        verbose_name = _("händelsetext")
        verbose_name_plural = _("händelsetexter")
        constraints = [
            models.UniqueConstraint(fields=["event", "field"], name="audit_eventtext_event_field")
        ]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.field}"
