"""The officer API: adverse reasons without substance are 422 problem documents naming
``reasons`` (FL 32 §), the schema says what they need, and an approval in full needs none."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for
from tests.api.openapi import live_schema
from tests.vetting.test_reasons import GOOD, THIN
from tests.world import World, assess_all, drive
from vetting import demo
from vetting.models import State

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"


def _problem(response, field: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.json()
    assert response["Content-Type"] == "application/problem+json"
    return " ".join(response.json()["errors"][field])


def _schema() -> dict:
    return live_schema()


def test_the_schema_says_what_adverse_reasons_need() -> None:
    schemas = _schema()["components"]["schemas"]
    for name in ("ProposeInputRequest", "DecideInputRequest", "CorrectInputRequest"):
        text = schemas[name]["properties"]["reasons"]["description"]
        assert "minst 5 ord och 30 tecken" in text and "at least 5 words" in text, name
    assert "minst 5 ord" in schemas["RevokeInputRequest"]["properties"]["reasons"]["description"]


def act(user, app, action: str, body: dict):  # type: ignore[no-untyped-def]
    return officer_for(user).post(f"{URL}{app.pk}/actions/{action}/", body, format="json")


@pytest.mark.parametrize("reasons", THIN)
def test_a_rejection_proposed_or_decided_without_substance_is_422_naming_reasons(
    world: World, reasons: str
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    body = {"outcome": "rejected", "reasons": reasons, "criteria": ["NO_VIOLENT_EXTREMISM"]}
    assert _problem(act(world.handler, app, "propose", body), "reasons")
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    assert act(world.handler, app, "propose", {**body, "reasons": GOOD}).status_code == 200
    drive_to_decidable(world, app)
    decide = {
        "outcome": "rejected",
        "reasons": reasons,
        "no_conflict_confirmed": True,
        "response_considered": demo.RESPONSE_CONSIDERED,  # the response contested it
    }
    if reasons.strip():  # blank: the proposal's reasons
        assert _problem(act(world.decider, app, "decide", decide), "reasons")
    assert act(world.decider, app, "decide", {**decide, "reasons": ""}).status_code == 200


def drive_to_decidable(world: World, app) -> None:  # type: ignore[no-untyped-def]
    from vetting import services as svc

    svc.application_communicate(application=app, actor=world.handler)
    svc.application_record_response(application=app, actor=world.handler, response="Bestrids.")


def test_an_approval_in_full_needs_no_reasons(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    proposal = {"outcome": "approved"}  # reasons may be left out, not only sent empty
    assert act(world.handler, app, "propose", proposal).status_code == 200
    decide = {"outcome": "approved", "no_conflict_confirmed": True}
    response = act(world.decider, app, "decide", decide)
    assert response.status_code == 200 and response.json()["decision"]["reasons"] == ""


def test_a_rejection_proposed_without_the_reasons_key_is_422_naming_reasons(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    response = act(world.handler, app, "propose", {"outcome": "rejected"})
    assert _problem(response, "reasons")


@pytest.mark.parametrize("reasons", ["x", "Beviljas."])
def test_an_approval_s_token_reasons_are_422_naming_reasons_and_saying_blank_is_allowed(
    world: World, reasons: str
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    message = _problem(
        act(world.handler, app, "propose", {"outcome": "approved", "reasons": reasons}), "reasons"
    )
    assert "får lämnas tom" in message
    assert act(world.handler, app, "propose", {"outcome": "approved"}).status_code == 200
    decide = {"outcome": "approved", "reasons": reasons, "no_conflict_confirmed": True}
    assert _problem(act(world.decider, app, "decide", decide), "reasons")
    app.refresh_from_db()
    assert app.state == State.PROPOSED


def test_an_approval_s_token_reasons_are_refused_in_english_too(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    response = officer_for(world.handler).post(
        f"{URL}{app.pk}/actions/propose/",
        {"outcome": "approved", "reasons": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "may be left blank" in _problem(response, "reasons")


def test_the_schema_says_what_an_approval_s_reasons_need() -> None:
    schemas = _schema()["components"]["schemas"]
    for name in ("ProposeInputRequest", "DecideInputRequest", "CorrectInputRequest"):
        text = schemas[name]["properties"]["reasons"]["description"]
        assert "minst 3 ord och 15 tecken" in text and "at least 3 words" in text, name
    assert (
        "får den vara tom" in schemas["ProposeInputRequest"]["properties"]["reasons"]["description"]
    )
