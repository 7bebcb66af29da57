"""Actions officers and clients take, and the transition methods behind each.

What is allowed is derived from the state machine: an action is allowed when one of its
transitions can proceed (state and conditions) and the user has the transition's permission.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from vetting import roles
from vetting.citations import case_route, conflict
from vetting.errors import DomainError, HandledByOther, PermissionRefused
from vetting.models import Application, State, guards
from vetting.selectors import (
    amount_at_stake,
    delegation_for,
    has_conflict,
    took_part_in_preparing,
)

ACTIONS: dict[str, tuple[str, ...]] = {
    # Taking an unassigned case, or another handler's case over (the same action: whoever acts
    # confirms no jäv and becomes the handler).
    "assign": ("assign", "take_over"),
    "request_supplement": ("request_supplement",),
    "receive_supplement": ("receive_supplement",),
    "start_program_review": ("start_program_review",),
    "complete_program_review": ("complete_program_review",),
    "escalate": ("escalate",),
    "conclude_escalation": ("conclude_escalation",),
    "propose": ("propose",),
    "communicate": ("communicate",),
    "communicate_revocation": ("communicate_revocation",),
    # The applicant's response to a communicated proposal or to an intended revocation.
    "record_response": ("record_response", "record_revocation_response"),
    "return_to_review": ("return_to_review",),
    # After kommunicering, an approval as proposed, or an adverse proposal naming an FL 25 §
    # exception (ADR 0026).
    "decide": (
        "decide_approve",
        "decide_approve_after_communication",
        "decide_reject",
        "decide_reject_without_hearing",
        "decide_partly_without_hearing",
    ),
    "correct": ("correct_to_approved", "correct_to_rejected"),
    "pay": ("pay",),
    # After the intended revocation was communicated, or naming an FL 25 § exception (ADR 0015).
    "revoke": ("revoke", "revoke_without_hearing"),
    # Not carrying out an intended revocation: the hearing ends, the grant stays in force.
    "drop_revocation": ("drop_revocation",),
    "withdraw": ("withdraw",),
    "write_off": ("write_off",),
}

# Not transitions: recording an assessment is allowed while the case is being prepared, and on
# decided cases: new facts are recorded as an assessment (a fail, with evidence) before a
# correction or a revocation may rest on them (vetting.services.proposals.require_failed).
ASSESSABLE_STATES = frozenset(
    {
        State.IN_REVIEW,
        State.PROGRAM_REVIEW,
        State.ESCALATED,
        State.APPROVED,
        State.REJECTED,
        State.PAID,
    }
)
# Corrections are decisions of their own kind, offered to decision makers on decided cases.
CORRECTABLE_STATES = frozenset({State.APPROVED, State.REJECTED})
# Underrättelse (FL 33 §): sending a decision to the applicant is recorded on decided cases, and
# on a case written off by a decision (``decided_at``; one written off before that has none).
NOTIFIABLE_STATES = frozenset({State.APPROVED, State.REJECTED, State.PAID, State.REVOKED})
# Decisions: never by someone who took part in preparing the case (four-eyes, ADR 0002). They are
# left out of the allowed actions by the check the services refuse them with. A write-off is one
# (ADR 0025).
DECIDING_ACTIONS = frozenset({"decide", "correct", "revoke", "drop_revocation", "write_off"})
# Actions that are not transitions of the state machine, with the states they belong to.
# Declaring one's own jäv (FL 17 §) belongs to every state: any officer may, at any time.
OTHER_ACTIONS = ("assess", "notify", "confirm_party", "declare_conflict")


# Jäv (FL 16-18 §§, KL 6:28): a person with a declared conflict of interest towards the
# association takes no part in its cases, preparing or deciding. The entry of every action on a
# case (``vetting.services._core.lock_application``) refuses every action but declaring the jäv
# itself (FL 17 §); reading the security coordinator's restricted notes is refused too. Handing
# the case over, the measure FL 18 § third paragraph allows, is declaring the jäv: the case then
# waits for another handler to take it over (ADR 0002). ``allowed_actions`` and the pages offer
# the same.
#
# Registering what came in (diarieföring: the application, a later inkommen handling) records a
# fact, it takes no part in the handling (KL 6 kap. 28–32 §§), and must not wait for another
# officer.
CONFLICT_EXEMPT_ACTIONS = frozenset({"declare_conflict", "register", "attach_document"})


def conflict_refusal(user: Any, app: Application, action: str) -> PermissionRefused | None:
    """The refusal of ``action`` on the case for ``user`` with a declared jäv towards its
    association; None when they have none, or the action is one a jävig person may take."""
    if user is None or action in CONFLICT_EXEMPT_ACTIONS:
        return None
    if not getattr(user, "is_authenticated", False) or not has_conflict(user, app.association_id):
        return None
    return PermissionRefused(
        format_lazy(
            _(
                "Jäv: du har anmält jäv mot föreningen och får inte delta i handläggningen av "
                "ärendet, varken förbereda eller besluta ({conflict}). En annan "
                "tjänsteperson tar över."
            ),
            conflict=lazy(conflict, str)(case_route(app)),
        ),
        code="conflict_of_interest",
    )


def _methods(application: Application, action: str) -> list[Any]:
    return [getattr(application, name) for name in ACTIONS[action]]


def action_possible(application: Application, action: str) -> bool:
    """True when the state machine lets the action proceed, whoever asks."""
    if action == "assess":
        return application.state in ASSESSABLE_STATES
    if action == "correct":
        return application.state in CORRECTABLE_STATES
    if action == "notify":
        return notifiable(application)
    if action == "confirm_party":
        from vetting.services.party import party_confirmable

        return party_confirmable(application)
    if action == "declare_conflict":
        return True
    return any(can_proceed(m) for m in _methods(application, action))


def notifiable(application: Application) -> bool:
    """A decision of the case may be sent to the applicant (``notify``): a decided case, or
    one written off by a decision."""
    if application.state == State.WRITTEN_OFF:
        return application.decided_at is not None
    return application.state in NOTIFIABLE_STATES


def user_may(application: Application, action: str, user: Any) -> bool:
    """True when the state machine lets the action proceed and the user's role permits it."""
    if action in ("assess", "confirm_party"):
        return (
            action_possible(application, action)
            and roles.has_role(user, roles.HANDLER)
            and not guards.held_by_other(application, user)
        )
    if action == "correct":
        return action_possible(application, action) and roles.has_role(user, roles.DECISION_MAKER)
    if action == "notify":
        return action_possible(application, action) and roles.has_role(
            user, roles.HANDLER, roles.DECISION_MAKER
        )
    if action == "declare_conflict":
        return _declare_conflict_refusal(application, user) is None
    return any(has_transition_perm(m, user) for m in _methods(application, action))


def possible_actions(application: Application) -> list[str]:
    return [a for a in (*ACTIONS, *OTHER_ACTIONS) if action_possible(application, a)]


def allowed_actions(application: Application, user: Any) -> list[str]:
    """The actions this user may take now, derived from the state machine and roles; the
    decisions only for someone the four-eyes rule lets decide (``took_part_in_preparing``) and
    whose delegation covers the amount each is about (``delegated``: what
    ``check_decision_maker`` would refuse regardless of the input);
    none for someone with a declared jäv towards the association (``conflict_refusal``; the
    one action exempt, declaring the jäv, is not offered twice: ``declare_conflict_refusal``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if roles.has_role(user, roles.AUDITOR) and not roles.has_role(
        user, roles.HANDLER, roles.DECISION_MAKER, roles.SECURITY, roles.ADMINISTRATOR
    ):
        return []
    if has_conflict(user, application.association_id):  # every case action is refused
        return []
    allowed = [a for a in (*ACTIONS, *OTHER_ACTIONS) if user_may(application, a, user)]
    candidates = DECIDING_ACTIONS.intersection(allowed)
    deciding: set[str] = set()
    if candidates and not took_part_in_preparing(user, application):
        deciding = {a for a in candidates if delegated(user, application, a)}
    return [a for a in allowed if a not in DECIDING_ACTIONS or a in deciding]


def delegated(user: Any, application: Application, action: str) -> bool:
    """A delegation of ``user`` covers the decision ``action`` on the case: its kind and the
    amount it is about (``amount_at_stake``, ADR 0002)."""
    delegation = delegation_for(
        user,
        kind=application.kind,
        amount=amount_at_stake(application, action),
        administration_id=application.administration_id,
        on=timezone.localdate(),
    )
    return delegation is not None


def refusal_for(application: Application, action: str, user: Any) -> DomainError | None:
    """Why the guards on the person refuse an action the state allows (role, four-eyes, jäv,
    delegation), as the service would refuse it; None when they do not, or not before the
    input is read. Jäv first, whatever the state (``conflict_refusal``)."""
    jav = conflict_refusal(user, application, action)
    if jav is not None:
        return jav
    if action not in (*ACTIONS, *OTHER_ACTIONS) or not action_possible(application, action):
        return None
    if action in DECIDING_ACTIONS:
        return _guard_refusal(_check_decision_maker, application, action, user)
    if action == "assess":
        return _guard_refusal(_check_assessor, application, action, user)
    if action == "confirm_party":
        return _guard_refusal(_check_party_confirmer, application, action, user)
    if action == "declare_conflict":
        return _declare_conflict_refusal(application, user)
    return assignment_refusal(application, action, user)


def assignment_refusal(
    application: Application, action: str, user: Any
) -> PermissionRefused | None:
    """The refusal naming the assigned handler when only the assignment keeps ``user`` from
    ``action``: a handler, on another handler's case, trying an action whose permission is the
    case handler's (``guards.CASE_HANDLER_PERMISSIONS``); else None."""
    if not roles.has_role(user, roles.HANDLER) or not guards.held_by_other(application, user):
        return None
    if action == "assess":
        return handled_by_other(application)
    for method in _methods(application, action) if action in ACTIONS else ():
        transition = method._django_fsm.get_transition(application.state)
        if can_proceed(method) and transition.permission in guards.CASE_HANDLER_PERMISSIONS:
            return handled_by_other(application)
    return None


def handled_by_other(application: Application) -> HandledByOther:
    """The refusal naming the case's handler ("Ärendet handläggs av …")."""
    assert application.handler is not None
    return HandledByOther(application.handler)


def _guard_refusal(check: Any, application: Application, action: str, user: Any) -> Any:
    try:
        check(application, action, user)
    except PermissionRefused as exc:
        return exc
    return None


def _check_decision_maker(application: Application, action: str, user: Any) -> None:
    from vetting.services.decision_checks import check_decision_maker

    check_decision_maker(application, user, action, confirmed=True)


def _check_assessor(application: Application, action: str, user: Any) -> None:
    from vetting.services.assessments import check_assessor

    check_assessor(user, application)


def _declare_conflict_refusal(application: Application, user: Any) -> DomainError | None:
    from vetting.services.conflicts import declare_conflict_refusal

    return declare_conflict_refusal(user, application)


def _check_party_confirmer(application: Application, action: str, user: Any) -> None:
    from vetting.services.party import check_party_confirmer

    check_party_confirmer(user, application)
