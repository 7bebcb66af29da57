"""An action's state and who may take it are answered before its input: ``withdraw {}`` on an
approved case was 422 "reason required", and only with a reason 409. Now 409 (with the allowed
actions) or 403 whatever the body; the input is judged only when the action is possible."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from tests.api.conftest import booking_body, officer_for
from tests.world import drive
from vetting import services as svc
from vetting.models import Application, State

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"


def act(api, app, action, data=None, **extra):
    return api.post(f"{URL}{app.pk}/actions/{action}/", data, format="json", **extra)


def _conflict(response, allowed=None):
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "action_not_allowed" and "errors" not in body
    if allowed is not None:
        assert body["allowed_actions"] == allowed
    return body


@pytest.mark.parametrize(
    "action", ["withdraw", "propose", "assign", "request_supplement", "communicate"]
)
@pytest.mark.parametrize("body", [{}, {"reason": 42, "outcome": "nonsense", "due": "x"}])
def test_an_action_the_state_does_not_allow_is_409_whatever_the_body(world, action, body):
    app = drive(world, world.submit(), State.APPROVED)
    response = act(officer_for(world.handler), app, action, body)
    _conflict(response)
    assert action not in response.json()["allowed_actions"]


def test_the_same_with_a_valid_body_as_before(world):
    app = drive(world, world.submit(), State.APPROVED)
    _conflict(act(officer_for(world.handler), app, "withdraw", {"reason": "Brev från sökanden"}))


def test_a_body_that_is_no_json_is_409_too(world):
    app = drive(world, world.submit(), State.APPROVED)
    api = officer_for(world.handler)
    response = api.post(f"{URL}{app.pk}/actions/withdraw/", "{", content_type="application/json")
    _conflict(response)


def test_a_decision_not_yet_possible_says_why_before_the_input(world):
    app = drive(world, world.submit(), State.COMMUNICATED)
    body = _conflict(act(officer_for(world.decider), app, "decide", {}))
    assert "yttra sig" in body["detail"]


def test_a_role_that_may_not_is_403_before_the_input_and_recorded(world):
    app = drive(world, world.submit(), State.IN_REVIEW)
    response = act(officer_for(world.decider), app, "escalate", {})
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "role"
    refused = AuditEvent.objects.filter(action="application.refused").get()
    assert refused.changes["attempted_action"] == "escalate"


def test_four_eyes_is_403_before_the_input(world):
    app = drive(world, world.submit(), State.PROPOSED)
    response = act(officer_for(world.handler), app, "decide", {"outcome": "nonsense"})
    assert response.status_code == 403, response.content
    assert response.json()["code"] in {"four_eyes", "role"}


def test_an_assessment_on_a_case_not_assessable_is_409_whatever_the_body(world):
    app = world.submit()
    response = officer_for(world.handler).post(f"{URL}{app.pk}/assessments/", {}, format="json")
    _conflict(response)


def test_a_possible_action_still_names_the_bad_fields(world):
    app = drive(world, world.submit(), State.SUBMITTED)
    response = act(officer_for(world.handler), app, "withdraw", {})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["reason"]


def test_the_valid_path_asks_nothing_more(world, monkeypatch):
    def refuse(**kwargs):
        raise AssertionError("action_check on the valid path")

    monkeypatch.setattr(svc, "action_check", refuse)
    app = world.submit()
    response = act(officer_for(world.handler), app, "withdraw", {"reason": "Brev från sökanden"})
    assert response.status_code == 200, response.content


# The booking client.
BOOKINGS = "/api/v1/booking-requests/"


def _booking(bc, world, state):
    body = bc.post(BOOKINGS, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="k").json()
    app = Application.objects.get(reference=body["reference"])
    drive(world, app, state)
    return body["id"]


def test_client_withdrawal_of_a_decided_request_is_409_whatever_the_body(bc, world):
    pk = _booking(bc, world, State.APPROVED)
    response = bc.post(f"{BOOKINGS}{pk}/withdraw/", {"reason": 42}, format="json")
    _conflict(response, allowed=[])


def test_client_response_not_asked_for_is_409_whatever_the_body(bc, world):
    pk = _booking(bc, world, State.IN_REVIEW)
    _conflict(bc.post(f"{BOOKINGS}{pk}/response/", {}, format="json"), allowed=["withdraw"])


def test_client_program_not_asked_for_is_409_without_a_file(bc, world):
    pk = _booking(bc, world, State.IN_REVIEW)
    _conflict(bc.post(f"{BOOKINGS}{pk}/program/", {}, format="multipart"))
    _conflict(bc.post(f"{BOOKINGS}{pk}/supplement/", {}, format="multipart"))


def test_client_withdrawal_retry_with_a_bad_body_is_still_422(bc, world):
    pk = _booking(bc, world, State.WITHDRAWN)
    response = bc.post(f"{BOOKINGS}{pk}/withdraw/", {"reason": 42}, format="json")
    assert response.status_code == 422 and list(response.json()["errors"]) == ["reason"]
