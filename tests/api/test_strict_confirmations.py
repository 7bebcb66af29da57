"""A legally significant confirmation (no_conflict_confirmed, confirm_not_opinion, party_checked)
counts only as JSON true: "yes", 1 and "true" were read as true on assign (200)."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for
from tests.world import drive
from vetting.models import State

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"


@pytest.mark.parametrize("loose", ["yes", 1, "true", "on"])
def test_assign_takes_only_json_true(world, loose):
    app = world.submit()
    api = officer_for(world.handler)
    url = f"{URL}{app.pk}/actions/assign/"
    response = api.post(url, {"no_conflict_confirmed": loose}, format="json")
    assert response.status_code == 422, response.json()
    [message] = response.json()["errors"]["no_conflict_confirmed"]
    assert message.startswith("Ska vara true eller false")
    app.refresh_from_db()
    assert app.handler is None
    assert api.post(url, {"no_conflict_confirmed": True}, format="json").status_code == 200


def test_decide_takes_only_json_true(world):
    app = drive(world, world.submit(), State.PROPOSED)
    body = {"outcome": "approved", "no_conflict_confirmed": "yes"}
    response = officer_for(world.decider).post(
        f"{URL}{app.pk}/actions/decide/", body, format="json"
    )
    assert response.status_code == 422, response.json()
    assert "no_conflict_confirmed" in response.json()["errors"]
    app.refresh_from_db()
    assert app.state == State.PROPOSED


def test_confirm_not_opinion_takes_only_json_true(world):
    app = drive(world, world.submit(), State.IN_REVIEW)
    body = {
        "criterion": "OPEN_MEMBERSHIP",
        "outcome": "pass",
        "evidence_kind": "fact",
        "evidence_text": "Stadgarna säger att alla får bli medlemmar.",
        "confirm_not_opinion": 1,
    }
    response = officer_for(world.handler).post(f"{URL}{app.pk}/assessments/", body, format="json")
    assert response.status_code == 422
    assert "confirm_not_opinion" in response.json()["errors"]
