"""Reads: who may decide a case or read its restricted notes: delegations, jäv (conflicts of
interest) and the four-eyes rule (ADR 0002), and whom a case may be assigned to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from vetting import roles
from vetting.models import Application, ConflictOfInterest, Delegation, State

# Decisions on a grant in force (ADR 0002): what they dispose of is the grant, not the
# application it answered.
ON_THE_GRANT = frozenset({"revoke", "drop_revocation"})


def amount_at_stake(
    application: Application, action: str, decided: Decimal | None = None
) -> Decimal:
    """The amount a decision is about, which the decision maker's delegation must cover
    (ADR 0002): revoking a grant or not (``ON_THE_GRANT``) is about the amount granted; every
    other decision (deciding, correcting, writing off) about the application, its amount
    applied for, or the amount ``decided`` if larger (never: a grant is at most what was applied
    for), so a refusal of a large application needs the delegation granting it would. The one
    rule of the services (``check_decision_maker``), ``allowed_actions`` and the queue
    (``delegated_cases``)."""
    if action in ON_THE_GRANT:
        return application.amount_granted or Decimal(0)
    return max(application.amount_applied or Decimal(0), decided or Decimal(0))


def delegation_for(
    user: Any, *, kind: str, amount: Decimal | None, administration_id: int, on: date
) -> Delegation | None:
    """A delegation of the user (or one of the user's groups) covering kind and amount."""
    candidates = valid_delegations(user, on).filter(administration_id=administration_id)
    for delegation in candidates.order_by("user_id", "id"):
        if delegation.covers(kind, amount):
            return delegation
    return None


def valid_delegations(user: Any, on: date) -> QuerySet[Delegation]:
    """The user's delegations (their own and their groups') in force on a day."""
    group_ids = list(user.groups.values_list("id", flat=True))
    return Delegation.objects.filter(
        Q(user=user) | Q(group_id__in=group_ids), valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def delegated_cases(user: Any, on: date) -> Q:
    """Cases one of the user's delegations covers (administration, kind, and the amount at
    stake up to its limit: ``amount_at_stake``, the granted amount of a grant in force, whose
    decision to take is a revocation's, else the amount applied for): the rule of
    ``check_decision_maker`` as a condition, so the pages offer to decide only what the
    decision would not refuse for want of delegation."""
    # No case: no delegation (not pk__in=[], which empties an aggregate's whole filter when OR'ed).
    condition = Q(pk__isnull=True)
    in_force = Q(state__in=(State.APPROVED, State.PAID))
    for delegation in valid_delegations(user, on):
        case = Q(administration_id=delegation.administration_id, kind__in=delegation.kinds)
        if delegation.max_amount is not None:
            limit = delegation.max_amount
            granted = Q(amount_granted__isnull=True) | Q(amount_granted__lte=limit)
            applied = Q(amount_applied__isnull=True) | Q(amount_applied__lte=limit)
            case &= (in_force & granted) | (~in_force & applied)
        condition |= case
    return condition


# What preparing a case means for the four-eyes rule: any of these on the case, by the person.
PREPARING_ACTIONS = (
    "assessment.recorded",
    "application.propose",
    "application.communicate",
    "application.communicate_revocation",
    "application.record_response",
    "application.request_supplement",
    "application.receive_supplement",
    "application.start_program_review",
    "application.complete_program_review",
    "application.escalate",
    "application.conclude_escalation",
)


def prepared_case(user: Any, application: Application) -> bool:
    """Whether the person took part in preparing the case, as the audit trail records it: also
    after the case was reassigned or its proposal returned and made again by someone else."""
    from audit.models import AuditEvent
    from audit.services import person_pseudonym

    return AuditEvent.objects.filter(
        case_ref=application.reference,
        actor_id=person_pseudonym(user),
        action__in=PREPARING_ACTIONS,
    ).exists()


def took_part_in_preparing(user: Any, application: Application) -> bool:
    """The four-eyes rule (ADR 0002): the case's handler, its proposer, or anyone the trail shows
    preparing it may not decide it, correct its decision or revoke it. The services refuse them
    (``check_decision_maker``) and the allowed actions leave those actions out for them."""
    return user.pk in (application.handler_id, application.proposed_by_id) or prepared_case(
        user, application
    )


def cases_prepared_by(user: Any) -> Q:
    """``took_part_in_preparing`` as a condition on cases, for lists (one subquery)."""
    from audit.models import AuditEvent, Person

    prepared = AuditEvent.objects.filter(
        actor_id__in=Person.objects.filter(user_id=user.pk).values("pseudonym"),
        action__in=PREPARING_ACTIONS,
    ).values("case_ref")
    return Q(handler_id=user.pk) | Q(proposed_by_id=user.pk) | Q(reference__in=prepared)


def proposal_version(application: Application) -> int | None:
    """Which proposal the case carries: the sequence number of its latest ``application.propose``
    event (a proposal returned and made again gets a new one). A decision form shows it and
    sends it back, so a decision is never taken on a proposal its maker did not see."""
    from audit.models import AuditEvent

    return (
        AuditEvent.objects.filter(case_ref=application.reference, action="application.propose")
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )


def expected_handler(application: Application) -> str:
    """Who handles the case as a form to take it shows it: the handler's username, "" for none.
    The form sends it back (``application_assign``'s ``expected_handler``), so a case another
    officer took meanwhile is not taken over silently."""
    return application.handler.get_username() if application.handler is not None else ""


def has_conflict(user: Any, association_id: int) -> bool:
    return ConflictOfInterest.objects.filter(
        user=user, association_id=association_id, withdrawn_at__isnull=True
    ).exists()


def eligible_handlers(application: Application) -> QuerySet[Any]:
    """Active handlers of the case's administration with no declared jäv against its association:
    whom an administrator may assign the case to (``application_assign`` checks it again)."""
    from django.contrib.auth import get_user_model

    conflicted = ConflictOfInterest.objects.filter(
        association_id=application.association_id, withdrawn_at__isnull=True
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=roles.HANDLER,
            profile__administrations=application.administration_id,
        )
        .exclude(pk__in=conflicted)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def may_read_escalation_notes(user: Any, application: Application) -> bool:
    """The security coordinator, and decision makers whose delegation covers this case; nobody
    with a declared jäv towards the association (ADR 0002)."""
    if has_conflict(user, application.association_id):
        return False
    if roles.has_role(user, roles.SECURITY):
        return True
    if not roles.has_role(user, roles.DECISION_MAKER):
        return False
    if user.pk in (application.handler_id, application.proposed_by_id):
        return False
    amount = amount_at_stake(application, "decide", application.proposed_amount)
    return (
        delegation_for(
            user,
            kind=application.kind,
            amount=amount,
            administration_id=application.administration_id,
            on=timezone.localdate(),
        )
        is not None
    )
