"""Two decision makers deciding the same case at once (PostgreSQL): exactly one succeeds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from tests.factories import DelegationFactory, UserFactory
from tests.threads import run_at_once, values
from tests.world import build_world, drive
from vetting import roles
from vetting import services as svc
from vetting.errors import ActionNotAllowed
from vetting.models import Decision, State

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_deciders_at_once_one_wins_the_other_gets_a_conflict() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("select_for_update only means something on PostgreSQL")
    world = build_world()
    other = UserFactory(
        username="decider2", roles=[roles.DECISION_MAKER], administrations=[world.kultur]
    )
    DelegationFactory(user=other, administration=world.kultur, max_amount=Decimal("100000"))
    app = drive(world, world.submit(), State.PROPOSED)

    def decide(user: object) -> str:
        try:
            svc.application_decide(
                application=app, actor=user, outcome="approved", no_conflict_confirmed=True
            )
        except ActionNotAllowed as exc:
            return f"conflict:{exc.state}"
        return "ok"

    outcomes = values(run_at_once(lambda: decide(world.decider), lambda: decide(other)))
    assert sorted(outcomes) == ["conflict:approved", "ok"]
    assert Decision.objects.filter(application=app).count() == 1
    app.refresh_from_db()
    assert app.state == State.APPROVED
