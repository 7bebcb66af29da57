"""The officer API's revoke takes ``repayment_due``, the återkrav's due date: a 422 problem
document names it (with the other fields' problems), and the case's decision shows it with
the payment instructions recorded at the decision."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.api.test_reasons import _problem, _schema, act
from tests.world import World, cast, drive
from vetting import demo
from vetting.models import State

pytestmark = pytest.mark.django_db

BANKGIRO = "Betala till bankgiro 123-4567 och ange diarienumret som referens."


def _paid(world: World) -> Any:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    return app


def _body(**fields: Any) -> dict[str, Any]:
    return {
        "reasons": demo.NEW_FACT,
        "criteria": [demo.REVOCATION_GROUND],
        "hearing_exception": "urgent",
        "applicant_heard": "Föreningen yttrade sig skriftligt 2026-10-01.",
        "no_conflict_confirmed": True,
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
        **fields,
    }


def test_a_revocation_with_its_due_date_shows_it_in_the_decision(
    world: World, settings: Any
) -> None:
    settings.GRANSKA_REPAYMENT_INSTRUCTIONS = BANKGIRO
    app = _paid(world)
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = act(world.decider, app, "revoke", _body(repayment_due=due))
    assert response.status_code == 200, response.json()
    decision = response.json()["decision"]
    assert decision["kind"] == "revocation" and decision["amount_reclaimed"] == "4000.00"
    assert decision["repayment_due"] == due and decision["repayment_instructions"] == BANKGIRO


def test_a_decision_without_återkrav_has_no_due_date(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    demo.record_new_facts(cast(world), app)
    response = act(world.decider, app, "revoke", _body())
    assert response.status_code == 200, response.json()
    decision = response.json()["decision"]
    assert decision["repayment_due"] is None and decision["repayment_instructions"] == ""


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({}, "Ange sista dag"),
        ({"repayment_due": None}, "Ange sista dag"),
        ({"repayment_due": "2020-01-01"}, "efter beslutsdagen"),
        ({"reclaim_amount": "0", "repayment_due": "2099-01-01"}, "Inget belopp återkrävs"),
    ],
    ids=["missing", "null", "past", "nothing-reclaimed"],
)
def test_a_bad_or_missing_due_date_is_422_naming_it(
    world: World, fields: dict[str, Any], why: str
) -> None:
    app = _paid(world)
    assert why in _problem(act(world.decider, app, "revoke", _body(**fields)), "repayment_due")
    app.refresh_from_db()
    assert app.state == State.PAID


def test_the_due_date_is_named_with_the_other_fields(world: World) -> None:
    """A date that is no date fails the serializer, and the service's rules without the case
    name the other fields with it; a past date, with a negative reclaim, likewise."""
    app = _paid(world)
    body = _body(reasons="Villkor brutna.", repayment_due="2026-13-01")
    response = act(world.decider, app, "revoke", body)
    assert set(response.json()["errors"]) == {"reasons", "repayment_due"}
    body = _body(reasons="Villkor brutna.", reclaim_amount="-1", repayment_due="2020-01-01")
    response = act(world.decider, app, "revoke", body)
    assert set(response.json()["errors"]) == {"reasons", "reclaim_amount", "repayment_due"}


def test_the_schema_documents_the_due_date() -> None:
    schemas = _schema()["components"]["schemas"]
    revoke = schemas["RevokeInputRequest"]["properties"]["repayment_due"]
    assert revoke["format"] == "date" and "422 naming repayment_due" in revoke["description"]
    decision = schemas["OfficerDecision"]["properties"]
    assert {"repayment_due", "repayment_instructions"} <= set(decision)
