"""Over the API: an officer with a declared jäv towards the association is offered no action on
its cases, and every action they post is 403 ``conflict_of_interest`` with its reason, whatever
the state and whatever the input (FL 16 §)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api.views.officer import ACTIONS
from audit.context import SYSTEM
from tests.api.conftest import officer_for
from tests.world import World, drive
from vetting.models import Application, Kind, State
from vetting.services.conflicts import conflict_declare

pytestmark = pytest.mark.django_db


def url(app_id: int, action: str = "") -> str:
    base = f"/api/v1/applications/{app_id}/"
    return f"{base}actions/{action}/" if action else base


@pytest.mark.parametrize(
    "state", [State.IN_REVIEW, State.SUPPLEMENT_REQUESTED, State.PROPOSED, State.PAID]
)
def test_every_action_is_403_for_a_javig_officer(world: World, state: str) -> None:
    app = drive(world, world.submit(), state)
    people = [world.handler, world.decider]
    offered = {u.pk: officer_for(u).get(url(app.pk)).json()["allowed_actions"] for u in people}
    assert any(offered.values())  # one of them could act before
    for user in people:
        conflict_declare(actor=SYSTEM, user=user, association=world.scouts, reason="Medlem")
    for user in people:
        api = officer_for(user)
        assert api.get(url(app.pk)).json()["allowed_actions"] == []
        for action in [*(a for a in ACTIONS if a != "declare_conflict"), "assess"]:
            response = api.post(url(app.pk, action), {}, format="json")
            assert response.status_code == 403, (state, action, response.content)
            problem = response.json()
            assert problem["code"] == "conflict_of_interest", (action, problem)
            assert problem["detail"].startswith("Jäv: du har anmält jäv mot föreningen")
        # Declaring the jäv is exempt (FL 17 §): not the jäv's 403, but once is enough (409).
        response = api.post(url(app.pk, "declare_conflict"), {}, format="json")
        assert response.status_code == 409, (state, response.content)
        assert response.json()["code"] == "conflict_already_declared"
    assert Application.objects.get(pk=app.pk).state == state


def test_the_testers_requests_with_valid_input_are_refused(world: World) -> None:
    """handlaggare2's request_supplement and start_program_review, Hanna's return_to_review."""
    event = drive(world, world.submit(Kind.ARRANGORSSTOD), State.IN_REVIEW)
    proposed = drive(world, world.submit(), State.PROPOSED)
    for user in (world.handler, world.decider):
        conflict_declare(actor=SYSTEM, user=user, association=world.scouts, reason="Medlem")
    due = str(timezone.localdate() + timedelta(days=14))
    attempts = [
        (world.handler, event, "request_supplement", {"what": "Årsmötesprotokoll", "due": due}),
        (world.handler, event, "start_program_review", {"reason": "Tveksamt innehåll"}),
        (world.decider, proposed, "return_to_review", {"reasons": "Bedömningen behöver ses över."}),
    ]
    for user, app, action, body in attempts:
        response = officer_for(user).post(url(app.pk, action), body, format="json")
        assert response.status_code == 403, (action, response.content)
        assert response.json()["code"] == "conflict_of_interest"
    assert Application.objects.get(pk=event.pk).state == State.IN_REVIEW
    assert Application.objects.get(pk=proposed.pk).state == State.PROPOSED


def test_a_jav_towards_another_association_changes_nothing(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    before = officer_for(world.handler).get(url(app.pk)).json()["allowed_actions"]
    conflict_declare(actor=SYSTEM, user=world.handler, association=world.spex, reason="Medlem")
    assert officer_for(world.handler).get(url(app.pk)).json()["allowed_actions"] == before
    due = str(timezone.localdate() + timedelta(days=14))
    response = officer_for(world.handler).post(
        url(app.pk, "request_supplement"), {"what": "Protokoll", "due": due}, format="json"
    )
    assert response.status_code == 200, response.content
