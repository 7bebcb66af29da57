"""The amount a decision is about, which the delegation must cover (ADR 0002,
``amount_at_stake``): deciding, correcting or writing off the application is about the amount
applied for; revoking a grant, or deciding not to, about the amount granted. One rule for the
services, ``allowed_actions`` and the decision maker's queue: tested here with a delegation
ceiling between a partial grant and the larger amount applied for."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.factories import UserFactory
from tests.world import World, assess_all, cast, drive
from vetting import demo, roles
from vetting import services as svc
from vetting.actions import allowed_actions, refusal_for
from vetting.errors import PermissionRefused
from vetting.models import Application, Kind, State
from vetting.selectors import amount_at_stake, delegated_cases
from vetting.services.reference import delegation_create

pytestmark = pytest.mark.django_db

APPLIED, GRANTED, CEILING = Decimal("100000"), Decimal("40000"), Decimal("50000")
PARTLY = (
    "Föreningen uppfyller kommunens demokrativillkor. Budgeten för lokalhyra är inte styrkt, "
    "så bidraget beviljas för verksamheten utan den posten."
)


def partly_granted(world: World) -> Application:
    """A grant of 40 000 kr on an application for 100 000 kr, decided by ``decider`` (whose
    delegation covers the amount applied for), after kommunicering of the partial proposal; its
    intended revocation communicated to the applicant."""
    app = drive(world, world.submit(amount=APPLIED), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(
        application=app, actor=world.handler, outcome="partly_approved", amount=GRANTED,
        reasons=PARTLY,
    )  # fmt: skip
    svc.application_communicate(application=app, actor=world.handler)
    Application.objects.filter(pk=app.pk).update(
        response_due=timezone.localdate() - timedelta(days=1)
    )
    app.refresh_from_db()
    svc.application_decide(
        application=app, actor=world.decider, outcome="partly_approved", no_conflict_confirmed=True
    )
    app.refresh_from_db()
    demo.communicate_revocation(cast(world), app)
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    app.refresh_from_db()
    assert (app.state, app.amount_granted) == (State.APPROVED, GRANTED)
    return app


def mid(world: World) -> User:
    """A decision maker whose delegation lies between the grant and the amount applied for."""
    user = UserFactory(
        username="decider_mid", roles=[roles.DECISION_MAKER], administrations=[world.kultur]
    )
    delegation_create(
        actor=world.admin, user=user, administration=world.kultur, kinds=list(Kind.values),
        max_amount=CEILING, valid_from=date(2020, 1, 1),
    )  # fmt: skip
    return user


def test_a_revocation_is_about_the_grant_and_a_correction_about_the_application(
    world: World,
) -> None:
    app = partly_granted(world)
    assert amount_at_stake(app, "revoke") == amount_at_stake(app, "drop_revocation") == GRANTED
    assert amount_at_stake(app, "correct") == amount_at_stake(app, "decide") == APPLIED


def test_what_is_offered_follows_the_amount_each_decision_is_about(world: World) -> None:
    app, user = partly_granted(world), mid(world)
    allowed = allowed_actions(app, user)
    assert {"revoke", "drop_revocation"} <= set(allowed)
    assert "correct" not in allowed
    assert refusal_for(app, "revoke", user) is None
    refusal = refusal_for(app, "correct", user)
    assert refusal is not None and refusal.code == "no_delegation"
    # The queue's "to decide": the revocation heard is the mid decision maker's to take.
    assert Application.objects.filter(delegated_cases(user, timezone.localdate()), pk=app.pk)


def test_the_revocation_is_taken_under_the_delegation_covering_the_grant(world: World) -> None:
    app, user = partly_granted(world), mid(world)
    decision = svc.application_revoke(
        application=app, actor=user, reasons=demo.REVOCATION_REASONS,
        criteria=[demo.REVOCATION_GROUND], no_conflict_confirmed=True, confirm_not_opinion=True,
        response_considered=demo.REVOCATION_RESPONSE_CONSIDERED,  # it objected (FL 32 §)
    )  # fmt: skip
    assert decision.delegation.max_amount == CEILING


def test_dropping_it_too(world: World) -> None:
    app, user = partly_granted(world), mid(world)
    svc.application_drop_revocation(
        application=app, actor=user, no_conflict_confirmed=True,
        reasons="Föreningens yttrande visar att villkoret är uppfyllt; bidraget står kvar.",
    )  # fmt: skip
    app.refresh_from_db()
    assert app.revocation_response_due is None


def test_a_correction_needs_the_delegation_of_the_amount_applied_for(world: World) -> None:
    app, user = partly_granted(world), mid(world)
    decision = app.decisions.get()
    with pytest.raises(PermissionRefused) as refused:
        svc.decision_correct(
            decision=decision, actor=user, outcome="partly_approved", amount=Decimal("30000"),
            reasons=PARTLY, no_conflict_confirmed=True, applicant_heard="Per telefon 2026-11-01.",
        )  # fmt: skip
    assert refused.value.code == "no_delegation"
