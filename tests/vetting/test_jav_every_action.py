"""Jäv (FL 16 §): a person with a declared jäv towards the association takes no part in its
cases. Every action, in every state, is refused to them with ``conflict_of_interest`` (one check
where every action begins), and none is offered; for everyone else nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from audit.context import SYSTEM
from audit.models import AuditEvent
from tests.world import World, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import ACTIONS, OTHER_ACTIONS, allowed_actions, refusal_for
from vetting.errors import PermissionRefused
from vetting.models import Application, Kind, State
from vetting.services._core import refusal_now
from vetting.services.conflicts import conflict_declare

pytestmark = pytest.mark.django_db

PAGE_ONLY = ("program_submit", "supplement_statutes")
# Every action but declaring the jäv itself (exempt; once declared, 409: tests/api).
EVERY_ACTION = (*ACTIONS, *(a for a in OTHER_ACTIONS if a != "declare_conflict"), *PAGE_ONLY)
STATES = (
    State.SUBMITTED,
    State.IN_REVIEW,
    State.SUPPLEMENT_REQUESTED,
    State.PROGRAM_REVIEW,
    State.ESCALATED,
    State.PROPOSED,
    State.COMMUNICATED,
    State.APPROVED,
    State.PAID,
)


def case_in(world: World, state: str) -> Application:
    kind = Kind.ARRANGORSSTOD if state == State.PROGRAM_REVIEW else Kind.FORENINGSBIDRAG
    return drive(world, world.submit(kind), state)


def officers(world: World) -> list[Any]:
    return [world.handler, world.handler2, world.decider, world.security, world.admin]


def declare(world: World, user: Any, association: Any = None) -> None:
    conflict_declare(
        actor=SYSTEM, user=user, association=association or world.scouts, reason="Styrelseledamot"
    )


def table(app: Application, user: Any) -> dict[str, str]:
    """Each action's refusal code for ``user`` (``refusal_now``: what the API and the forms say
    before the input is read), "" when none."""
    found = {}
    for action in EVERY_ACTION:
        if action in PAGE_ONLY:  # no transition: the page asks the guards on the person
            refusal = refusal_for(app, action, user)
        else:
            refusal = refusal_now(application=app, user=user, action=action)
        found[action] = refusal.code or "" if refusal is not None else ""
    return found


@pytest.mark.parametrize("state", STATES)
def test_every_action_is_refused_to_a_javig_officer_and_none_offered(
    world: World, state: str
) -> None:
    app = case_in(world, state)
    for user in officers(world):
        declare(world, user)
    for user in officers(world):
        assert allowed_actions(app, user) == [], (state, user)
        codes = table(app, user)
        assert set(codes.values()) == {"conflict_of_interest"}, (state, user, codes)


@pytest.mark.parametrize("state", STATES)
def test_for_everyone_else_the_table_is_unchanged(world: World, state: str) -> None:
    app = case_in(world, state)
    before = {u.pk: (allowed_actions(app, u), table(app, u)) for u in officers(world)}
    declare(world, world.other_handler)  # someone else's jäv towards this association
    for user in officers(world):
        declare(world, user, world.spex)  # their own towards another association
    after = {u.pk: (allowed_actions(app, u), table(app, u)) for u in officers(world)}
    assert after == before
    assert any(allowed for allowed, _codes in after.values())  # someone may act in each state


def test_the_preparing_actions_the_tester_took_are_refused_and_recorded(world: World) -> None:
    """request_supplement, receive_supplement and start_program_review ran for a jävig handler."""
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.IN_REVIEW)
    declare(world, world.handler)
    attempts = [
        lambda: svc.application_request_supplement(
            application=app, actor=world.handler, what="Årsmötesprotokoll"
        ),
        lambda: svc.application_start_program_review(
            application=app, actor=world.handler, reason="Tveksamt innehåll i programmet"
        ),
        lambda: svc.application_withdraw(
            application=app, actor=world.handler, reason="Sökanden återkallade per e-post."
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionRefused) as refused:
            attempt()
        assert refused.value.code == "conflict_of_interest"
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    codes = AuditEvent.objects.filter(action="application.refused").values_list(
        "changes__refusal_code", flat=True
    )
    assert list(codes) == ["conflict_of_interest"] * 3


def test_receiving_a_supplement_is_refused_to_a_javig_handler(world: World) -> None:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    declare(world, world.handler)
    with pytest.raises(PermissionRefused) as refused:
        svc.application_receive_supplement(application=app, actor=world.handler, note="Kom")
    assert refused.value.code == "conflict_of_interest"


def test_a_javig_decision_maker_cannot_return_a_proposal(world: World) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    declare(world, world.decider)
    with pytest.raises(PermissionRefused) as refused:
        svc.application_return_to_review(
            application=app, actor=world.decider, reasons="Bedömningen behöver kompletteras."
        )
    assert refused.value.code == "conflict_of_interest"
    app.refresh_from_db()
    assert app.state == State.PROPOSED


def test_declaring_ones_own_jav_from_the_case_is_recorded_on_it(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    svc.application_declare_conflict(
        application=app, actor=world.handler, reason="Jag sitter i föreningens styrelse."
    )
    event = AuditEvent.objects.get(action="conflict.declared")
    assert event.case_ref == app.reference and event.association_id == world.scouts.pk
    assert allowed_actions(app, world.handler) == []
    # The case waits for another handler, who takes it over (confirming no jäv).
    assert allowed_actions(app, world.handler2) == ["assign", "declare_conflict"]
    svc.application_assign(application=app, actor=world.handler2, no_conflict_confirmed=True)
    app.refresh_from_db()
    assert app.handler == world.handler2


def test_declaring_twice_or_without_grounds_or_as_auditor_is_refused(world: World) -> None:
    from vetting.errors import Conflict, InvalidInput, NotFound

    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(InvalidInput) as blank:
        svc.application_declare_conflict(application=app, actor=world.handler, reason=" ")
    assert set(blank.value.errors) == {"reason"}
    svc.application_declare_conflict(application=app, actor=world.handler, reason="Medlem")
    with pytest.raises(Conflict):
        svc.application_declare_conflict(application=app, actor=world.handler, reason="Medlem")
    with pytest.raises(PermissionRefused) as auditor:
        svc.application_declare_conflict(application=app, actor=world.auditor, reason="Medlem")
    assert auditor.value.code == "role"
    with pytest.raises(NotFound):  # a case of another administration is not theirs to see
        svc.application_declare_conflict(
            application=app, actor=world.other_handler, reason="Medlem"
        )


def _revocation_heard(world: World) -> Application:
    app = drive(world, world.submit(), State.PAID)
    cast = demo.Cast(handler=world.handler, decider=world.decider, security=world.security)
    demo.communicate_revocation(cast, app)
    app.refresh_from_db()
    return app


DROP_REASONS = "Föreningen har visat att uppgifterna i underlaget inte stämmer alls."


def test_dropping_a_revocation_needs_what_revoking_needs(world: World) -> None:
    """No jäv, the confirmation, a delegation covering the grant, four-eyes: as revoke."""
    from vetting.errors import InvalidInput

    app = _revocation_heard(world)
    with pytest.raises(InvalidInput) as unconfirmed:
        svc.application_drop_revocation(application=app, actor=world.decider, reasons=DROP_REASONS)
    assert set(unconfirmed.value.errors) == {"no_conflict_confirmed"}
    with pytest.raises(PermissionRefused) as small:  # 4 000 kr granted, delegation up to 5 000
        Application.objects.filter(pk=app.pk).update(amount_granted=8000)
        svc.application_drop_revocation(
            application=app, actor=world.decider_small, reasons=DROP_REASONS,
            no_conflict_confirmed=True,
        )  # fmt: skip
    assert small.value.code == "no_delegation"
    Application.objects.filter(pk=app.pk).update(amount_granted=4000)
    declare(world, world.decider)
    with pytest.raises(PermissionRefused) as jav:
        svc.application_drop_revocation(
            application=app, actor=world.decider, reasons=DROP_REASONS, no_conflict_confirmed=True
        )
    assert jav.value.code == "conflict_of_interest"
    svc.application_drop_revocation(
        application=app, actor=world.decider_small, reasons=DROP_REASONS,
        no_conflict_confirmed=True,
    )  # fmt: skip
    event = AuditEvent.objects.get(action="application.drop_revocation")
    assert event.changes["no_conflict_confirmed"] is True
    assert event.changes["delegation_id"] is not None


def test_whoever_communicated_the_revocation_may_not_drop_it(world: World) -> None:
    """Four-eyes: whoever prepared the revocation does not decide it either way."""
    from datetime import date
    from decimal import Decimal

    from tests.factories import UserFactory
    from vetting import roles
    from vetting.services.reference import delegation_create

    both = UserFactory(
        username="both", roles=[roles.HANDLER, roles.DECISION_MAKER], administrations=[world.kultur]
    )
    delegation_create(
        actor=SYSTEM, user=both, administration=world.kultur, kinds=list(Kind.values),
        max_amount=Decimal(100000), valid_from=date(2020, 1, 1),
    )  # fmt: skip
    app = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(demo.Cast(handler=both, decider=world.decider), app)
    with pytest.raises(PermissionRefused) as refused:
        svc.application_drop_revocation(
            application=app, actor=both, reasons=DROP_REASONS, no_conflict_confirmed=True
        )
    assert refused.value.code == "four_eyes"


def test_a_javig_security_coordinator_may_not_read_the_restricted_notes(world: World) -> None:
    from vetting.selectors import may_read_escalation_notes

    app = drive(world, world.submit(), State.ESCALATED)
    assert may_read_escalation_notes(world.security, app)
    declare(world, world.security)
    assert not may_read_escalation_notes(world.security, app)
    with pytest.raises(PermissionRefused) as refused:
        svc.escalation_notes_view(application=app, actor=world.security)
    assert refused.value.code == "conflict_of_interest"
