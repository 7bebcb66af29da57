"""Declared jäv (KL 6:28-32, FL 16-18 §§): a person's conflict of interest towards an
association, declared and withdrawn with their events. The services bar a person with a
declared jäv from every action on the association's cases (``vetting.actions.conflict_refusal``,
checked where every action begins: ``vetting.services._core.lock_application``). An officer
declares their own jäv from a case (FL 17 §: whoever knows of a circumstance that may make
them jävig discloses it): ``application_declare_conflict``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from audit.services import person_pseudonym, record_event
from vetting import roles
from vetting.errors import Conflict, DomainError, InvalidInput, PermissionRefused
from vetting.models import Application, ConflictOfInterest
from vetting.selectors import has_conflict
from vetting.services._core import (
    ActorLike,
    audit_actor,
    audited_refusals,
    lock_application,
    person,
)

# Who declares their own jäv from a case page: every officer who may act on cases (an auditor
# only reads).
DECLARING_ROLES = (roles.HANDLER, roles.DECISION_MAKER, roles.SECURITY, roles.ADMINISTRATOR)

MAX_REASON = ConflictOfInterest._meta.get_field("reason").max_length or 300


def conflict_declare(
    *, actor: ActorLike, user: Any, association: Association, reason: str, case_ref: str = ""
) -> ConflictOfInterest:
    """Record that ``user`` has a jäv towards ``association``, and its event (on the case
    ``case_ref`` when declared from one: its timeline shows it)."""
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
            case_ref=case_ref,
            association_id=association.pk,
            changes={"user": person_pseudonym(user), "reason": reason},
        )
    return conflict


def may_declare_conflict(user: Any, app: Application) -> bool:
    """An officer without a declared jäv towards the case's association (the case page and
    ``allowed_actions`` offer the declaration to them)."""
    return declare_conflict_refusal(user, app) is None


def declare_conflict_refusal(user: Any, app: Application) -> DomainError | None:
    """Why ``user`` may not declare a jäv on the case: no officer (403 ``role``), or one
    already declared towards its association (409 ``conflict_already_declared``); else None.
    A jäv declared is no bar to declaring it (``CONFLICT_EXEMPT_ACTIONS``), only to doing so
    twice."""
    if user is None or not roles.has_role(user, *DECLARING_ROLES):
        return PermissionRefused(
            _("Bara tjänstepersoner som handlägger eller beslutar anmäler jäv."), code="role"
        )
    if has_conflict(user, app.association_id):
        return Conflict(
            _("Du har redan anmält jäv mot föreningen."), code="conflict_already_declared"
        )
    return None


def application_declare_conflict(
    *, application: Application | int, actor: ActorLike, reason: str
) -> ConflictOfInterest:
    """The officer declares their own jäv towards the case's association (FL 17 §), with its
    grounds. From then on every action on the association's cases is refused to them
    (``conflict_refusal``); when they are the case's handler, the case waits for another
    handler to take it over (the case page and the work queue say so)."""
    with audited_refusals("declare_conflict", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="declare_conflict")
        user = person(actor)
        refusal = declare_conflict_refusal(user, app)
        if refusal is not None:
            raise refusal
        return conflict_declare(
            actor=actor,
            user=user,
            association=app.association,
            reason=reason,
            case_ref=app.reference,
        )


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
