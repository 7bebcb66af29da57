"""The officer API names every bad field of an action in one 422 (problem+json, ``errors`` per
field): the service's problems together, and the service's rules that need no case with the
serializer's own errors (an amount that is no number or negative)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.api.test_reasons import act, drive_to_decidable
from tests.vetting.test_reasons import GOOD
from tests.world import World, assess_all, cast, drive
from vetting import demo
from vetting.models import State

pytestmark = pytest.mark.django_db


def _errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_input"
    return response.json()["errors"]


@pytest.mark.parametrize("amount", ["5000", "-5", "abc"])
def test_a_proposal_s_bad_amount_and_thin_reasons_are_named_together(
    world: World, amount: str
) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.IN_REVIEW)
    assess_all(world, app)
    body = {"outcome": "partly_approved", "amount": amount, "reasons": "Avslag."}
    errors = _errors(act(world.handler, app, "propose", body))
    assert set(errors) == {"amount", "reasons"}, errors
    assert "för korta" in " ".join(errors["reasons"])


def test_a_decision_names_the_jav_confirmation_with_thin_reasons(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    proposal = {"outcome": "rejected", "reasons": GOOD, "criteria": ["NO_VIOLENT_EXTREMISM"]}
    assert act(world.handler, app, "propose", proposal).status_code == 200
    drive_to_decidable(world, app)
    decide = {"outcome": "rejected", "reasons": "Avslag", "no_conflict_confirmed": False}
    assert set(_errors(act(world.decider, app, "decide", decide))) == {
        "no_conflict_confirmed",
        "reasons",
        "response_considered",  # the applicant contested the proposal ("Bestrids.")
    }


def test_a_revocation_names_every_bad_field_at_once(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    body = {
        "reasons": "Villkor brutna.",
        "criteria": [],
        "reclaim_amount": "-1",
        "applicant_heard": "",
        "no_conflict_confirmed": True,
    }
    errors = _errors(act(world.decider, app, "revoke", body))
    # The hearing (or the exception, ADR 0015) is judged with the case, by the service.
    assert set(errors) == {"reasons", "criteria", "reclaim_amount"}, errors
    app.refresh_from_db()
    assert app.state == State.PAID
