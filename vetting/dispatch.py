"""Run an action by name with validated input, through the services.

The one map from action names to service calls, shared by the officers' pages, the API and the
admin (which names transitions by their method, see ``TRANSITIONS``). Input is a dict of the
fields each action's form or serializer validated; unknown keys are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

from django.core.files.uploadedfile import UploadedFile

from vetting import services as svc
from vetting.errors import ActionNotAllowed
from vetting.models import Application, Decision

Call = Callable[[Application, Any, Mapping[str, Any]], Any]


def current_decision(app: Application, action: str = "correct") -> Decision:
    """The decision in force (not replaced by a correction); none: ``action`` is not allowed."""
    decision = app.decisions.filter(replaced_by__isnull=True).order_by("-decided_at").first()
    if decision is None:
        from vetting.actions import allowed_actions

        raise ActionNotAllowed(action=action, state=app.state, allowed=allowed_actions(app, None))
    return decision


def _confirmed(d: Mapping[str, Any]) -> bool:
    return bool(d.get("no_conflict_confirmed"))


class Deadline(TypedDict):
    due: date | None
    short_deadline_reason: str


def _deadline(d: Mapping[str, Any]) -> Deadline:
    """By when the applicant answers (none: the service's default), and why that is sooner than
    the minimum if it is (``vetting.services.response_time``)."""
    return {"due": d.get("due"), "short_deadline_reason": str(d.get("short_deadline_reason") or "")}


class Received(TypedDict):
    received_on: date | None
    file: UploadedFile | None


def _received(d: Mapping[str, Any]) -> Received:
    """What came in from the applicant: the day it reached the municipality (none: today) and
    its file, if any (a scan of what came by post)."""
    return {"received_on": d.get("received_on"), "file": d.get("file")}


class Merits(TypedDict):
    outcome: str
    reasons: str
    amount: Decimal | None
    criteria: list[str] | None


def _merits(d: Mapping[str, Any]) -> Merits:
    """What a proposal or a decision says: the outcome, its reasons, the amount and the criteria
    it cites (none given: the service's default)."""
    return {
        "outcome": d.get("outcome") or "",
        "reasons": d.get("reasons") or "",
        "amount": d.get("amount"),
        "criteria": d.get("criteria") or None,
    }


def _not_opinion(d: Mapping[str, Any]) -> bool:
    return bool(d.get("confirm_not_opinion"))


def _assess(app: Application, user: Any, d: Mapping[str, Any]) -> Any:
    """Record an assessment; one that departs from the statute reader says so (override)."""
    data = svc.AssessmentInput(
        criterion_code=d.get("criterion") or d.get("criterion_code") or "",
        outcome=d.get("outcome") or "",
        evidence_kind=d.get("evidence_kind") or svc.assessments.EvidenceKind.NONE,
        evidence_text=d.get("evidence_text") or "",
        evidence_start=d.get("evidence_start"),
        evidence_end=d.get("evidence_end"),
        document=d.get("document"),
        comment=d.get("comment") or "",
        confirm_not_opinion=_not_opinion(d),
    )
    if d.get("followed_reader") is False:
        return svc.assessment_from_reader(
            application=app,
            actor=user,
            criterion_code=data.criterion_code,
            accept=False,
            override=data,
        )
    return svc.assessment_record(application=app, actor=user, data=data)


def _decide(app: Application, user: Any, d: Mapping[str, Any]) -> Any:
    return svc.application_decide(
        application=app,
        actor=user,
        **_merits(d),
        no_conflict_confirmed=_confirmed(d),
        proposal_version=d.get("proposal_version"),
        hearing_exception=d.get("hearing_exception") or "",
        applicant_heard=d.get("applicant_heard") or "",
        confirm_not_opinion=_not_opinion(d),
        response_considered=d.get("response_considered") or "",
    )


def _correct(app: Application, user: Any, d: Mapping[str, Any]) -> Any:
    return svc.decision_correct(
        decision=current_decision(app),
        actor=user,
        **_merits(d),
        no_conflict_confirmed=_confirmed(d),
        applicant_heard=d.get("applicant_heard") or "",
        confirm_not_opinion=_not_opinion(d),
    )


ACTION_CALLS: dict[str, Call] = {
    "assign": lambda a, u, d: svc.application_assign(
        application=a,
        actor=u,
        handler=d.get("handler"),
        no_conflict_confirmed=_confirmed(d),
        reason=d.get("reason") or "",
        expected_handler=d.get("expected_handler"),
    ),
    "assess": _assess,
    "accept_reader": lambda a, u, d: svc.assessment_from_reader(
        application=a, actor=u, criterion_code=d.get("criterion") or "", accept=True
    ),
    "request_supplement": lambda a, u, d: svc.application_request_supplement(
        application=a, actor=u, what=d.get("what") or "", **_deadline(d)
    ),
    "receive_supplement": lambda a, u, d: svc.application_receive_supplement(
        application=a, actor=u, note=d.get("note") or "", **_received(d)
    ),
    "supplement_statutes": lambda a, u, d: svc.supplement_register_statutes(
        application=a, actor=u, supplement=d.get("supplement"), adopted_on=d.get("adopted_on")
    ),
    "write_off": lambda a, u, d: svc.application_write_off(
        application=a, actor=u, note=d.get("note") or "", no_conflict_confirmed=_confirmed(d)
    ),
    "start_program_review": lambda a, u, d: svc.application_start_program_review(
        application=a, actor=u, reason=d.get("reason") or "", **_deadline(d)
    ),
    "program_submit": lambda a, u, d: svc.program_submit(
        application=a, actor=u, text=d.get("text") or "", **_received(d)
    ),
    "complete_program_review": lambda a, u, d: svc.application_complete_program_review(
        application=a,
        actor=u,
        result=d.get("result") or "",
        notes=d.get("notes") or "",
        criterion=d.get("criterion") or "",
    ),
    "escalate": lambda a, u, d: svc.application_escalate(
        application=a, actor=u, reason=d.get("reason") or ""
    ),
    "conclude_escalation": lambda a, u, d: svc.application_conclude_escalation(
        application=a, actor=u, conclusion=d.get("conclusion") or "", notes=d.get("notes") or ""
    ),
    "propose": lambda a, u, d: svc.application_propose(
        application=a, actor=u, **_merits(d), confirm_not_opinion=_not_opinion(d)
    ),
    "communicate": lambda a, u, d: svc.application_communicate(
        application=a, actor=u, **_deadline(d)
    ),
    "communicate_revocation": lambda a, u, d: svc.application_communicate_revocation(
        application=a,
        actor=u,
        reasons=d.get("reasons") or "",
        criteria=list(d.get("criteria") or []),
        reclaim_amount=d.get("reclaim_amount"),
        **_deadline(d),
        confirm_not_opinion=_not_opinion(d),
    ),
    "record_response": lambda a, u, d: svc.application_record_response(
        application=a,
        actor=u,
        response=d.get("response") or "",
        **_received(d),
        contests=d.get("contests") is not False,  # not asked (a booking system's): it objects
    ),
    "return_to_review": lambda a, u, d: svc.application_return_to_review(
        application=a, actor=u, reasons=d.get("reasons") or ""
    ),
    "decide": _decide,
    "correct": _correct,
    "pay": lambda a, u, d: svc.application_pay(
        application=a,
        actor=u,
        reference=d.get("reference") or "",
        amount=d.get("amount"),
        paid_on=d.get("paid_on"),
    ),
    "revoke": lambda a, u, d: svc.application_revoke(
        application=a,
        actor=u,
        reasons=d.get("reasons") or "",
        criteria=list(d.get("criteria") or []),
        reclaim_amount=d.get("reclaim_amount"),
        repayment_due=d.get("repayment_due"),
        no_conflict_confirmed=_confirmed(d),
        applicant_heard=d.get("applicant_heard") or "",
        hearing_exception=d.get("hearing_exception") or "",
        confirm_not_opinion=_not_opinion(d),
        response_considered=d.get("response_considered") or "",
    ),
    "declare_conflict": lambda a, u, d: svc.application_declare_conflict(
        application=a, actor=u, reason=d.get("reason") or ""
    ),
    "drop_revocation": lambda a, u, d: svc.application_drop_revocation(
        application=a, actor=u, reasons=d.get("reasons") or "", no_conflict_confirmed=_confirmed(d)
    ),
    "notify": lambda a, u, d: svc.decision_notify(
        decision=current_decision(a, "notify"),
        actor=u,
        channel=d.get("channel") or "",
        recipient=d.get("recipient") or "",
        note=d.get("note") or "",
    ),
    "confirm_party": lambda a, u, d: svc.application_confirm_party(
        application=a,
        actor=u,
        party_checked=bool(d.get("party_checked")),
        note=d.get("note") or "",
    ),
    "withdraw": lambda a, u, d: svc.application_withdraw(
        application=a, actor=u, reason=d.get("reason") or ""
    ),
}


def run_action(*, application: Application, user: Any, action: str, data: Mapping[str, Any]) -> Any:
    """Call the service behind an action. Raises vetting.errors on refusal."""
    return ACTION_CALLS[action](application, user, data)


def _approval_outcome(app: Application) -> str:
    """Approve as proposed; a partial approval keeps its lower amount."""
    return "partly_approved" if app.proposed_outcome == "partly_approved" else "approved"


# Transition method (as the admin names them) -> (action, outcome for "decide"); any other
# method is the action of the same name.
TRANSITIONS: dict[str, tuple[str, Callable[[Application], str] | None]] = {
    "take_over": ("assign", None),  # the assignment service takes a case over when assigned
    "decide_approve": ("decide", _approval_outcome),
    "decide_approve_after_communication": ("decide", _approval_outcome),
    "decide_reject": ("decide", lambda app: "rejected"),
    "decide_reject_without_hearing": ("decide", lambda app: "rejected"),
    "decide_partly_without_hearing": ("decide", lambda app: "partly_approved"),
    "record_revocation_response": ("record_response", None),
    "revoke_without_hearing": ("revoke", None),
}


def action_of(transition: str) -> str:
    """The action a transition method (an admin button) belongs to."""
    return TRANSITIONS.get(transition, (transition, None))[0]


def run_transition(
    *, application: Application, user: Any, transition: str, data: Mapping[str, Any]
) -> Any:
    """Call the service behind a transition method name (the admin's buttons)."""
    action, outcome = TRANSITIONS.get(transition, (transition, None))
    if outcome is not None:
        data = {**data, "outcome": outcome(application)}
    return run_action(application=application, user=user, action=action, data=data)
