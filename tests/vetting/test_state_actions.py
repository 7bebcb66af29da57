"""State × action table: every allowed transition succeeds, every other one is refused with a
clear error naming the allowed actions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.world import World, assess_all, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import ASSESSABLE_STATES, allowed_actions
from vetting.dispatch import ACTION_CALLS
from vetting.errors import ActionNotAllowed
from vetting.models import Application, Kind, State
from vetting.services.decision_checks import default_repayment_due

S = State


def _revoke(w: World, a: Application) -> Any:
    """Revoke on new facts, recorded first where the state lets anyone record them."""
    if a.state in ASSESSABLE_STATES:
        demo.record_new_facts(cast(w), a)
    return svc.application_revoke(
        application=a,
        actor=w.decider,
        reasons="Föreningen nekade en person medlemskap på grund av religion.",
        criteria=[demo.REVOCATION_GROUND],
        no_conflict_confirmed=True,
        hearing_exception="urgent",  # no hearing in the table: the exception path (ADR 0015)
        applicant_heard="Arrangemanget är i morgon; avgörandet kan inte skjutas upp.",
        repayment_due=default_repayment_due() if a.paid_at else None,
        confirm_not_opinion=True,  # the grounds name a religion (RF 2:21)
    )


def _communicate_revocation(w: World, a: Application) -> Any:
    """Send the intended revocation, on new facts recorded first where the state lets anyone."""
    if a.state in ASSESSABLE_STATES:
        demo.record_new_facts(cast(w), a)
    return svc.application_communicate_revocation(
        application=a,
        actor=w.handler,
        reasons=demo.REVOCATION_REASONS,
        criteria=[demo.REVOCATION_GROUND],
        confirm_not_opinion=True,  # the grounds name a religion (RF 2:21)
    )


def _pass_program(w: World, a: Application) -> Any:
    """A pass rests on a received program: it is registered first where one is asked for."""
    if a.state == S.PROGRAM_REVIEW:
        svc.program_submit(application=a, actor=w.handler, text="18.00 Konsert med kören.")
    return svc.application_complete_program_review(
        application=a, actor=w.handler, result="pass", notes=PROGRAM_NOTES
    )


PROGRAM_NOTES = "Programmet är en konsert med kören och inget annat."


# action -> (who does it, how). Another handler assigns: taking the case, or taking it over
# from the world's handler (who prepares every case ``drive`` takes on).
CALLS: dict[str, Callable[[World, Application], Any]] = {
    "assign": lambda w, a: svc.application_assign(
        application=a, actor=w.handler2, no_conflict_confirmed=True
    ),
    "request_supplement": lambda w, a: svc.application_request_supplement(
        application=a, actor=w.handler, what="Stadgar"
    ),
    "receive_supplement": lambda w, a: svc.application_receive_supplement(
        application=a, actor=w.handler
    ),
    "start_program_review": lambda w, a: svc.application_start_program_review(
        application=a, actor=w.handler, reason="Tveksamt program"
    ),
    "complete_program_review": lambda w, a: _pass_program(w, a),
    "escalate": lambda w, a: svc.application_escalate(
        application=a, actor=w.handler, reason="Uppgifter om hot"
    ),
    "conclude_escalation": lambda w, a: svc.application_conclude_escalation(
        application=a, actor=w.security, conclusion="no_link", notes="Ingen koppling"
    ),
    "propose": lambda w, a: svc.application_propose(
        application=a,
        actor=w.handler,
        outcome="approved",
        reasons="Föreningen uppfyller villkoren.",
    ),
    "communicate": lambda w, a: svc.application_communicate(application=a, actor=w.handler),
    "record_response": lambda w, a: svc.application_record_response(
        application=a, actor=w.handler, response="Vi bestrider"
    ),
    "return_to_review": lambda w, a: svc.application_return_to_review(
        application=a, actor=w.decider, reasons="Komplettera utredningen"
    ),
    "decide": lambda w, a: svc.application_decide(
        application=a,
        actor=w.decider,
        outcome="approved" if a.proposed_outcome == "approved" else "rejected",
        reasons="",  # the proposal's
        no_conflict_confirmed=True,
    ),
    "pay": lambda w, a: svc.application_pay(application=a, actor=w.handler, reference="V-1"),
    "communicate_revocation": _communicate_revocation,
    "revoke": lambda w, a: _revoke(w, a),
    "notify": lambda w, a: ACTION_CALLS["notify"](
        a, w.handler, {"channel": "email", "recipient": "Kim, kim@forening.example"}
    ),
    "write_off": lambda w, a: svc.application_write_off(application=a, actor=w.handler),
    "withdraw": lambda w, a: svc.application_withdraw(
        application=a, actor=w.handler, reason="Sökanden återkallar"
    ),
}

# state -> {action: resulting state}, for a föreningsbidrag (a grant) and a lokaluthyrning (an
# event, not a grant); arrangörsstöd is both and is covered by the workflow tests.
ALLOWED: dict[str, dict[str, str]] = {
    S.SUBMITTED: {"assign": S.IN_REVIEW, "withdraw": S.WITHDRAWN},
    S.IN_REVIEW: {
        "assign": S.IN_REVIEW,
        "request_supplement": S.SUPPLEMENT_REQUESTED,
        "start_program_review": S.PROGRAM_REVIEW,
        "escalate": S.ESCALATED,
        "withdraw": S.WITHDRAWN,
        "propose": S.PROPOSED,
    },
    S.SUPPLEMENT_REQUESTED: {
        "assign": S.SUPPLEMENT_REQUESTED,
        "receive_supplement": S.IN_REVIEW,
        "withdraw": S.WITHDRAWN,
    },
    S.PROGRAM_REVIEW: {
        "assign": S.PROGRAM_REVIEW,
        "complete_program_review": S.IN_REVIEW,
        "escalate": S.ESCALATED,
        "withdraw": S.WITHDRAWN,
    },
    S.ESCALATED: {
        "assign": S.ESCALATED,
        "conclude_escalation": S.IN_REVIEW,
        "withdraw": S.WITHDRAWN,
    },
    S.PROPOSED: {
        "assign": S.PROPOSED,
        "decide": S.APPROVED,
        "return_to_review": S.IN_REVIEW,
        "withdraw": S.WITHDRAWN,
    },
    S.COMMUNICATED: {
        "assign": S.COMMUNICATED,
        "record_response": S.COMMUNICATED,
        "return_to_review": S.IN_REVIEW,
        "withdraw": S.WITHDRAWN,
    },
    S.APPROVED: {
        "pay": S.PAID,
        "communicate_revocation": S.APPROVED,
        "revoke": S.REVOKED,
        "notify": S.APPROVED,
        "escalate": S.ESCALATED,
    },
    S.PAID: {
        "communicate_revocation": S.PAID,
        "revoke": S.REVOKED,
        "notify": S.PAID,
        "escalate": S.ESCALATED,
    },
    S.REJECTED: {"notify": S.REJECTED},
    S.WITHDRAWN: {},
    S.WRITTEN_OFF: {"notify": S.WRITTEN_OFF},  # a write-off is a decision (ADR 0025)
    S.REVOKED: {"notify": S.REVOKED},
}
GRANT_ONLY = {"pay", "revoke", "communicate_revocation"}
EVENT_ONLY = {"start_program_review"}

CASES = [
    (state, action, kind)
    for state in ALLOWED
    for action in CALLS
    for kind in (Kind.FORENINGSBIDRAG, Kind.LOKALUTHYRNING)
    if (state != S.PROGRAM_REVIEW or kind == Kind.LOKALUTHYRNING)
    and (state not in (S.PAID, S.REVOKED) or kind == Kind.FORENINGSBIDRAG)
]


def expected(state: str, action: str, kind: str) -> str | None:
    target = ALLOWED[state].get(action)
    if target is None:
        return None
    if action in GRANT_ONLY and kind != Kind.FORENINGSBIDRAG:
        return None
    if action in EVENT_ONLY and kind == Kind.FORENINGSBIDRAG:
        return None
    return target


def prepare(world: World, kind: str, state: str) -> Application:
    app = world.submit(kind, amount=Decimal("3000"))
    drive(world, app, state)
    if state == S.IN_REVIEW:
        assess_all(world, app)  # so that "propose" (approve) can proceed
    return app


@pytest.mark.parametrize(("state", "action", "kind"), CASES)
def test_state_action(world: World, state: str, action: str, kind: str) -> None:
    app = prepare(world, kind, state)
    target = expected(state, action, kind)
    if target is not None:
        CALLS[action](world, app)
        app.refresh_from_db()
        assert app.state == target
        return
    with pytest.raises(ActionNotAllowed) as info:
        CALLS[action](world, app)
    app.refresh_from_db()
    assert app.state == state, "a refused action must not change the state"
    error = info.value
    assert error.action == action and error.state == state
    assert "Tillåtna åtgärder" in error.message
    # The error names what is allowed, derived from the state machine for the caller.
    # Declaring one's own jäv is open in every state (FL 17 §).
    assert set(error.allowed) <= set(CALLS) | {"assess", "correct", "declare_conflict"}


@pytest.mark.parametrize("state", list(ALLOWED))
def test_allowed_actions_match_table(world: World, state: str) -> None:
    """What officers are offered is the table above, per role."""
    kind = Kind.LOKALUTHYRNING if state == S.PROGRAM_REVIEW else Kind.FORENINGSBIDRAG
    app = prepare(world, kind, state)
    offered = set(allowed_actions(app, world.handler)) | set(allowed_actions(app, world.decider))
    offered |= set(allowed_actions(app, world.security)) | set(allowed_actions(app, world.handler2))
    table = {a for a in ALLOWED[state] if expected(state, a, kind)}
    table.add("declare_conflict")  # one's own jäv, in every state (FL 17 §)
    if state in (S.APPROVED, S.REJECTED):
        table.add("correct")
    if state in (S.IN_REVIEW, S.PROGRAM_REVIEW, S.ESCALATED, S.APPROVED, S.REJECTED, S.PAID):
        table.add("assess")  # decided: the new facts a correction or revocation rests on
    if state == S.PROPOSED and kind == Kind.FORENINGSBIDRAG:
        table.add("decide")
    assert offered == table


def test_auditor_is_offered_nothing(world: World) -> None:
    app = prepare(world, Kind.FORENINGSBIDRAG, S.IN_REVIEW)
    assert allowed_actions(app, world.auditor) == []
