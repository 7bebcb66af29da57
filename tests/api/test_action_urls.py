"""Every name ``allowed_actions`` may hold is done at ``actions/<name>/``: a tool that builds
URLs from it never meets a 404 (``assess`` was only at ``assessments/``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import officer_for
from tests.world import World, drive
from vetting.actions import ACTIONS, OTHER_ACTIONS
from vetting.demo import pass_fact
from vetting.models import State


@pytest.mark.parametrize("name", [*ACTIONS, *OTHER_ACTIONS])
def test_every_action_name_has_its_url(name: str) -> None:
    assert reverse(f"api-action-{name}", kwargs={"pk": 1}) == (
        f"/api/v1/applications/1/actions/{name}/"
    )


@pytest.mark.django_db
def test_an_assessment_is_recorded_at_actions_assess(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    api = officer_for(world.handler)
    assert "assess" in api.get(f"/api/v1/applications/{app.pk}/").json()["allowed_actions"]
    detail = api.get(f"/api/v1/applications/{app.pk}/").json()
    criterion = detail["checklist"][0]["criterion"]
    body = {
        "criterion": criterion,
        "outcome": "pass",
        "evidence_kind": "fact",
        "evidence_text": pass_fact(criterion),
    }
    response = api.post(f"/api/v1/applications/{app.pk}/actions/assess/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["criterion"] == criterion


@pytest.mark.django_db
def test_failing_extremism_before_an_escalation_is_422_naming_outcome(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    body = {
        "criterion": "NO_VIOLENT_EXTREMISM",
        "outcome": "fail",
        "evidence_kind": "fact",
        "evidence_text": "Uppgifter i media om en företrädare.",
    }
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{app.pk}/assessments/", body, format="json"
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "escalation_required"
    assert list(problem["errors"]) == ["outcome"]
    assert "eskalera" in problem["errors"]["outcome"][0]
