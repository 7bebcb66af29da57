"""The officer API's revocation hearing (ADR 0015): ``communicate_revocation`` sends the
intended revocation, ``record_response`` registers the answer, and ``revoke`` is allowed (in
``allowed_actions``, derived from the state machine) only once the applicant has answered or the
time is over, or with an FL 25 § exception named; the schema documents the new inputs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_reasons import _problem, _schema, act
from tests.world import World, cast, drive
from vetting import demo
from vetting.models import State
from vetting.services.decision_checks import default_repayment_due

pytestmark = pytest.mark.django_db


def _paid(world: World) -> Any:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    return app


# The grounds name a religion (a refusal of membership for it): RF 2:21 confirmed.
GROUNDS = {
    "reasons": demo.REVOCATION_REASONS,
    "criteria": [demo.REVOCATION_GROUND],
    "confirm_not_opinion": True,
}


def _revoke(**fields: Any) -> dict[str, Any]:
    return {
        **GROUNDS,
        "repayment_due": default_repayment_due().isoformat(),
        "no_conflict_confirmed": True,
        **fields,
    }


def test_the_intended_revocation_is_communicated_answered_and_then_revoked(
    world: World,
) -> None:
    app = _paid(world)
    sent = act(world.handler, app, "communicate_revocation", GROUNDS)
    assert sent.status_code == 200, sent.json()
    body = sent.json()
    assert body["state"] == State.PAID and body["revocation_response_due"]
    assert "record_response" in body["allowed_actions"]
    assert "communicate_revocation" not in body["allowed_actions"]
    refused = act(world.decider, app, "revoke", _revoke())
    assert refused.status_code == 409
    assert "yttra sig över det avsedda återkallandet" in refused.json()["detail"]
    answer = {"response": demo.REVOCATION_RESPONSE}
    assert act(world.handler, app, "record_response", answer).status_code == 200
    unanswered = act(world.decider, app, "revoke", _revoke())  # it objected: FL 32 §
    assert unanswered.status_code == 422 and "response_considered" in unanswered.json()["errors"]
    answered = _revoke(response_considered=demo.REVOCATION_RESPONSE_CONSIDERED)
    revoked = act(world.decider, app, "revoke", answered)
    assert revoked.status_code == 200, revoked.json()
    assert revoked.json()["state"] == State.REVOKED


def test_an_exception_after_the_hearing_is_422_naming_it(world: World) -> None:
    app = _paid(world)
    act(world.handler, app, "communicate_revocation", GROUNDS)
    act(world.handler, app, "record_response", {"response": demo.REVOCATION_RESPONSE})
    body = _revoke(hearing_exception="urgent", applicant_heard="Brådskande.")
    assert "ange inget undantag" in _problem(
        act(world.decider, app, "revoke", body), "hearing_exception"
    )


def test_without_a_hearing_the_exception_and_why_are_asked_for(world: World) -> None:
    app = _paid(world)
    response = act(world.decider, app, "revoke", _revoke())
    assert "Kommunicera först" in _problem(response, "hearing_exception")
    assert response.json()["errors"]["applicant_heard"]
    bad = act(world.decider, app, "revoke", _revoke(hearing_exception="recorded_before"))
    assert _problem(bad, "hearing_exception")  # not one a decision maker names
    why = "Arrangemanget är i morgon; avgörandet kan inte skjutas upp."
    ok = act(world.decider, app, "revoke", _revoke(hearing_exception="urgent", applicant_heard=why))
    assert ok.status_code == 200, ok.json()


def test_bad_grounds_are_422_naming_every_field(world: World) -> None:
    app = _paid(world)
    body = {"reasons": "Kort.", "criteria": ["OPEN_MEMBERSHIP"], "reclaim_amount": "-1"}
    response = act(world.handler, app, "communicate_revocation", body)
    assert response.status_code == 422
    assert {"reasons", "reclaim_amount"} <= set(response.json()["errors"])


def test_the_schema_documents_the_hearing_in_swedish_and_english() -> None:
    schemas = _schema()["components"]["schemas"]
    hearing = schemas["CommunicateRevocationInputRequest"]["properties"]
    assert "Skälen för det avsedda återkallandet" in hearing["reasons"]["description"]
    assert "The grounds of the intended revocation" in hearing["reasons"]["description"]
    assert "the revocation may not reclaim more" in hearing["reclaim_amount"]["description"]
    exception = schemas["RevokeInputRequest"]["properties"]["hearing_exception"]
    assert "25 § andra stycket FL" in exception["description"]
    assert "FL 25 § second paragraph" in exception["description"]
