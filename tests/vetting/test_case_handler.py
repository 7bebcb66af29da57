"""The assigned handler prepares the case (FL 16–18 §§: the one who confirmed no jäv). Another
handler is offered only taking it over, and is refused every preparing action with the reason
naming the handler; an administrator may give the case to a handler and register a withdrawal;
the decision maker keeps the decisions. Taking over keeps the state, confirms no jäv and records
the handler from and to."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from audit.models import AuditEvent
from audit.services import person_pseudonym
from tests.world import World, cast, drive, take_over
from vetting import demo
from vetting.actions import allowed_actions
from vetting.dispatch import ACTION_CALLS
from vetting.errors import ActionNotAllowed, HandledByOther, InvalidInput, PermissionRefused
from vetting.models import Application, ConflictOfInterest, Kind, State

pytestmark = pytest.mark.django_db

S = State
ACTORS = ("handler", "handler2", "admin", "decider")


def case_in(world: World, state: str) -> Application:
    """A case the world's handler prepares, in ``state``: an event for program review, a
    grant otherwise; proposed for approval, communicated with a rejection."""
    kind = Kind.LOKALUTHYRNING if state == S.PROGRAM_REVIEW else Kind.FORENINGSBIDRAG
    return drive(world, world.submit(kind, amount=Decimal("3000")), state)


def adverse_proposal(world: World) -> Application:
    app = drive(world, world.submit(), S.IN_REVIEW)
    for step in ("assess_fail", "propose_reject"):
        demo.STEPS[step](cast(world), app)
    app.refresh_from_db()
    return app


# state -> actor -> the actions allowed_actions offers (and the services let through).
TABLE: dict[str, dict[str, set[str]]] = {
    S.IN_REVIEW: {
        "handler": {"request_supplement", "escalate", "propose", "withdraw", "assess"},
        "handler2": {"assign"},
        "admin": {"assign", "withdraw"},
        "decider": set(),
    },
    S.SUPPLEMENT_REQUESTED: {
        "handler": {"receive_supplement", "withdraw"},
        "handler2": {"assign"},
        "admin": {"assign", "withdraw"},
        "decider": set(),
    },
    S.PROGRAM_REVIEW: {
        "handler": {"complete_program_review", "escalate", "withdraw", "assess"},
        "handler2": {"assign"},
        "admin": {"assign", "withdraw"},
        "decider": set(),
    },
    S.ESCALATED: {
        "handler": {"withdraw", "assess"},
        "handler2": {"assign"},
        "admin": {"assign", "withdraw"},
        "decider": set(),
    },
    S.PROPOSED: {
        "handler": {"withdraw"},
        "handler2": {"assign"},
        "admin": {"assign", "withdraw"},
        "decider": {"decide", "return_to_review"},
    },
    S.COMMUNICATED: {
        "handler": {"record_response", "withdraw"},
        "handler2": {"assign"},
        "admin": {"assign", "withdraw"},
        "decider": {"return_to_review"},
    },
    # Decided: the assignment has ended; new facts, escalation and payment are any handler's.
    S.APPROVED: {
        "handler": {"pay", "escalate", "notify", "assess", "communicate_revocation"},
        "handler2": {"pay", "escalate", "notify", "assess", "communicate_revocation"},
        "admin": {"pay"},
        "decider": {"notify", "correct", "revoke"},
    },
}


@pytest.mark.parametrize("state", list(TABLE))
def test_state_by_actor_table(world: World, state: str) -> None:
    app = case_in(world, state)
    offered = {who: set(allowed_actions(app, getattr(world, who))) for who in ACTORS}
    # Declaring one's own jäv is offered to every officer in every state (FL 17 §).
    assert all("declare_conflict" in actions for actions in offered.values())
    assert {who: actions - {"declare_conflict"} for who, actions in offered.items()} == TABLE[state]


def test_an_adverse_proposal_is_communicated_by_its_handler_only(world: World) -> None:
    app = adverse_proposal(world)
    assert "communicate" in allowed_actions(app, world.handler)
    assert allowed_actions(app, world.handler2) == ["assign", "declare_conflict"]


# What another handler tries on the case: (state, action, input).
ATTEMPTS: list[tuple[str, str, dict[str, Any]]] = [
    (S.IN_REVIEW, "request_supplement", {"what": "Stadgar"}),
    (S.IN_REVIEW, "escalate", {"reason": "Uppgifter om hot"}),
    (S.IN_REVIEW, "propose", {"outcome": "approved", "reasons": "Villkoren är uppfyllda."}),
    (S.IN_REVIEW, "withdraw", {"reason": "Sökanden återkallar per e-post."}),
    (
        S.IN_REVIEW,
        "assess",
        {
            "criterion": "OPEN_MEMBERSHIP",
            "outcome": "pass",
            "evidence_kind": "fact",
            "evidence_text": demo.pass_fact("OPEN_MEMBERSHIP"),
        },
    ),
    (S.SUPPLEMENT_REQUESTED, "receive_supplement", {"note": "Kom per post"}),
    (
        S.PROGRAM_REVIEW,
        "complete_program_review",
        {"result": "pass", "notes": "Programmet är en konsert med kören och inget annat."},
    ),
    (S.ESCALATED, "withdraw", {"reason": "Sökanden återkallar per e-post."}),
    (S.PROPOSED, "communicate", {}),
    (S.COMMUNICATED, "record_response", {"response": "Vi bestrider uppgifterna."}),
]


def _attempted(world: World, state: str, action: str) -> Application:
    if action == "communicate":
        return adverse_proposal(world)
    # (A write-off is no longer the handler's: the decision maker's, ADR 0025.)
    return case_in(world, state)


@pytest.mark.parametrize(("state", "action", "data"), ATTEMPTS)
def test_another_handler_is_refused_naming_the_handler(
    world: World, state: str, action: str, data: dict[str, Any]
) -> None:
    app = _attempted(world, state, action)
    before = (app.state, app.updated_at)
    with pytest.raises(HandledByOther) as info:
        ACTION_CALLS[action](app, world.handler2, data)
    name = world.handler.get_full_name()
    assert info.value.code == "handled_by_other" and info.value.status == 403
    assert str(info.value.message) == f"Ärendet handläggs av {name}. Ta över ärendet först."
    app.refresh_from_db()
    assert (app.state, app.updated_at) == before
    refused = AuditEvent.objects.filter(action="application.refused").latest("seq")
    assert refused.actor_id == person_pseudonym(world.handler2)
    assert refused.changes["attempted_action"] == action
    assert refused.changes["refusal_code"] == "handled_by_other"
    assert refused.changes["handler"] == person_pseudonym(world.handler)
    assert name not in refused.canonical  # the trail names persons by pseudonym only


def test_another_handler_takes_the_case_over_and_then_prepares_it(world: World) -> None:
    app = case_in(world, S.SUPPLEMENT_REQUESTED)
    with pytest.raises(InvalidInput) as unconfirmed:
        ACTION_CALLS["assign"](app, world.handler2, {})
    assert set(unconfirmed.value.errors) == {"no_conflict_confirmed"}
    ACTION_CALLS["assign"](app, world.handler2, {"no_conflict_confirmed": True})
    app.refresh_from_db()
    assert app.handler == world.handler2 and app.state == S.SUPPLEMENT_REQUESTED
    event = AuditEvent.objects.filter(action="application.take_over").get()
    assert event.actor_id == person_pseudonym(world.handler2)
    assert event.from_state == event.to_state == S.SUPPLEMENT_REQUESTED
    assert event.changes["handler"] == {
        "from": person_pseudonym(world.handler),
        "to": person_pseudonym(world.handler2),
    }
    assert event.changes["no_conflict_confirmed"] is True
    assert event.changes["confirmed_for"] == person_pseudonym(world.handler2)
    assert allowed_actions(app, world.handler) == ["assign", "declare_conflict"]
    ACTION_CALLS["receive_supplement"](app, world.handler2, {})
    app.refresh_from_db()
    with pytest.raises(HandledByOther, match=world.handler2.get_full_name()):
        ACTION_CALLS["request_supplement"](app, world.handler, {"what": "Protokoll"})


def test_an_administrator_gives_the_case_to_another_handler(world: World) -> None:
    app = case_in(world, S.PROPOSED)
    with pytest.raises(InvalidInput) as same:
        ACTION_CALLS["assign"](
            app, world.admin, {"handler": world.handler, "no_conflict_confirmed": True}
        )
    assert set(same.value.errors) == {"handler"}
    ACTION_CALLS["assign"](
        app, world.admin, {"handler": world.handler2, "no_conflict_confirmed": True}
    )
    app.refresh_from_db()
    assert app.handler == world.handler2 and app.state == S.PROPOSED
    event = AuditEvent.objects.filter(action="application.take_over").get()
    assert event.actor_id == person_pseudonym(world.admin)
    assert event.changes["confirmed_for"] == person_pseudonym(world.handler2)


def test_the_handler_does_not_take_over_from_themselves(world: World) -> None:
    app = case_in(world, S.IN_REVIEW)
    with pytest.raises(ActionNotAllowed) as info:
        ACTION_CALLS["assign"](app, world.handler, {"no_conflict_confirmed": True})
    assert "assign" not in info.value.allowed and "propose" in info.value.allowed


def test_a_handler_with_jav_cannot_take_the_case_over(world: World) -> None:
    app = case_in(world, S.IN_REVIEW)
    ConflictOfInterest.objects.create(user=world.handler2, association=world.scouts)
    with pytest.raises(PermissionRefused) as info:
        take_over(world, app, world.handler2)
    assert info.value.code == "conflict_of_interest"
    app.refresh_from_db()
    assert app.handler == world.handler


def test_no_take_over_after_the_decision(world: World) -> None:
    app = case_in(world, S.APPROVED)
    with pytest.raises(ActionNotAllowed):
        take_over(world, app, world.handler2)
    app = drive(world, world.submit(), S.APPROVED)
    ACTION_CALLS["escalate"](app, world.handler2, {"reason": "Nya uppgifter om hot"})
    app.refresh_from_db()
    assert app.state == S.ESCALATED and "assign" not in allowed_actions(app, world.handler2)


def test_the_decision_maker_is_refused_by_role_not_by_the_assignment(world: World) -> None:
    app = case_in(world, S.IN_REVIEW)
    with pytest.raises(PermissionRefused) as info:
        ACTION_CALLS["propose"](
            app, world.decider, {"outcome": "approved", "reasons": "Villkoren är uppfyllda."}
        )
    assert info.value.code == "role"
