"""Declared jäv (KL 6:28-32, FL 16-18 §§): a person's conflict of interest towards an
association, declared and withdrawn with their events. The services bar a person with a
declared jäv from the association's cases (``vetting.selectors.has_conflict``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from audit.services import person_pseudonym, record_event
from vetting.errors import InvalidInput
from vetting.models import ConflictOfInterest
from vetting.services._core import ActorLike, audit_actor

MAX_REASON = ConflictOfInterest._meta.get_field("reason").max_length or 300


def conflict_declare(
    *, actor: ActorLike, user: Any, association: Association, reason: str
) -> ConflictOfInterest:
    """Record that ``user`` has a jäv towards ``association``, and its event."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Ange grunden för jävet.")})
    if len(reason) > MAX_REASON:
        raise InvalidInput({"reason": _("Grunden får vara högst 300 tecken.")})
    with transaction.atomic():
        conflict = ConflictOfInterest.objects.create(
            user=user, association=association, reason=reason
        )
        record_event(
            actor=audit_actor(actor),
            action="conflict.declared",
            object_type="conflictofinterest",
            object_id=conflict.pk,
            association_id=association.pk,
            changes={"user": person_pseudonym(user), "reason": reason},
        )
    return conflict


def conflict_withdraw(*, actor: ActorLike, conflict: ConflictOfInterest) -> ConflictOfInterest:
    """Withdraw a declared jäv (the declaration stays, with when it ended); one already
    withdrawn is left as it is, with no event."""
    with transaction.atomic():
        locked = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
        if locked.withdrawn_at is not None:
            return locked
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        record_event(
            actor=audit_actor(actor),
            action="conflict.withdrawn",
            object_type="conflictofinterest",
            object_id=locked.pk,
            association_id=locked.association_id,
            changes={"user": person_pseudonym(locked.user)},
        )
    return locked
