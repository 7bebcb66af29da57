"""The officer API's decision object: a revocation's reclaimed amount is ``amount_reclaimed``
(not ``amount_granted``), and the decision's ``decided_at`` is the moment the case records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.api.conftest import officer_for
from tests.api.test_reasons import URL, act
from tests.api.test_revocation_hearing import GROUNDS, _paid, _revoke
from tests.world import World, drive
from vetting import demo
from vetting.models import Decision, State

pytestmark = pytest.mark.django_db


def test_a_revocation_reports_the_amount_reclaimed_not_as_granted(world: World) -> None:
    app = _paid(world)
    granted = app.amount_granted
    act(world.handler, app, "communicate_revocation", GROUNDS)
    act(world.handler, app, "record_response", {"response": demo.REVOCATION_RESPONSE})
    revoked = act(
        world.decider,
        app,
        "revoke",
        _revoke(reclaim_amount="3000.00", response_considered=demo.REVOCATION_RESPONSE_CONSIDERED),
    )
    assert revoked.status_code == 200, revoked.json()
    body = revoked.json()
    assert body["decision"]["kind"] == "revocation"
    assert body["decision"]["amount_granted"] is None
    assert Decimal(body["decision"]["amount_reclaimed"]) == Decimal("3000.00")
    assert Decimal(body["amount_granted"]) == granted  # the case keeps what was granted
    app.refresh_from_db()
    revocation = Decision.objects.get(application=app, kind="revocation")
    assert revocation.decided_at == app.revoked_at


def test_an_approval_reports_its_amount_and_the_cases_own_decision_time(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    response = officer_for(world.handler).get(f"{URL}{app.pk}/")
    decision = response.json()["decision"]
    assert Decimal(decision["amount_granted"]) == app.amount_granted
    assert decision["amount_reclaimed"] is None
    assert Decision.objects.get(application=app).decided_at == app.decided_at
    assert decision["decided_at"] == response.json()["decided_at"]
