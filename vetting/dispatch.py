"""Run a transition by its method name with a form's cleaned data, through the services."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from vetting import services as svc
from vetting.models import Application

Call = Callable[[Application, Any, Mapping[str, Any]], Any]


def _approval_outcome(app: Application) -> str:
    """Approve as proposed; partly approve keeps its lower amount."""
    return "partly_approved" if app.proposed_outcome == "partly_approved" else "approved"


def _decide(outcome: str | None) -> Call:
    def call(app: Application, user: Any, d: Mapping[str, Any]) -> Any:
        chosen = outcome or _approval_outcome(app)
        return svc.application_decide(
            application=app,
            actor=user,
            outcome=chosen,
            reasons=d.get("reasons") or "",
            amount=d.get("amount"),
            no_conflict_confirmed=bool(d.get("no_conflict_confirmed")),
        )

    return call


CALLS: dict[str, Call] = {
    "assign": lambda a, u, d: svc.application_assign(
        application=a, actor=u, no_conflict_confirmed=bool(d.get("no_conflict_confirmed"))
    ),
    "request_supplement": lambda a, u, d: svc.application_request_supplement(
        application=a, actor=u, what=d.get("what", ""), due=d.get("due")
    ),
    "receive_supplement": lambda a, u, d: svc.application_receive_supplement(
        application=a, actor=u, note=d.get("note", "")
    ),
    "start_program_review": lambda a, u, d: svc.application_start_program_review(
        application=a, actor=u, reason=d.get("reason", ""), due=d.get("due")
    ),
    "complete_program_review": lambda a, u, d: svc.application_complete_program_review(
        application=a, actor=u, result=d.get("result", ""), notes=d.get("notes", "")
    ),
    "escalate": lambda a, u, d: svc.application_escalate(
        application=a, actor=u, reason=d.get("reason", "")
    ),
    "conclude_escalation": lambda a, u, d: svc.application_conclude_escalation(
        application=a, actor=u, conclusion=d.get("conclusion", ""), notes=d.get("notes", "")
    ),
    "propose": lambda a, u, d: svc.application_propose(
        application=a,
        actor=u,
        outcome=d.get("outcome", ""),
        reasons=d.get("reasons") or "",
        amount=d.get("amount"),
        criteria=d.get("criteria") or [],
    ),
    "communicate": lambda a, u, d: svc.application_communicate(
        application=a, actor=u, due=d.get("due")
    ),
    "record_response": lambda a, u, d: svc.application_record_response(
        application=a, actor=u, response=d.get("response", "")
    ),
    "return_to_review": lambda a, u, d: svc.application_return_to_review(
        application=a, actor=u, reasons=d.get("reasons", "")
    ),
    "decide_approve": _decide(None),
    "decide_approve_after_communication": _decide(None),
    "decide_reject": _decide("rejected"),
    "pay": lambda a, u, d: svc.application_pay(
        application=a, actor=u, reference=d.get("reference") or ""
    ),
    "revoke": lambda a, u, d: svc.application_revoke(
        application=a,
        actor=u,
        reasons=d.get("reasons", ""),
        criteria=d.get("criteria") or [],
        reclaim_amount=d.get("reclaim_amount"),
        no_conflict_confirmed=bool(d.get("no_conflict_confirmed")),
    ),
    "withdraw": lambda a, u, d: svc.application_withdraw(
        application=a, actor=u, reason=d.get("reason", "")
    ),
}


def run_transition(
    *, application: Application, user: Any, transition: str, data: Mapping[str, Any]
) -> Any:
    """Call the service behind a transition method name. Raises vetting.errors on refusal."""
    return CALLS[transition](application, user, data)
