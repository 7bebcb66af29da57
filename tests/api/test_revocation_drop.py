"""The officer API's ``drop_revocation`` (ADR 0015): a decision maker decides not to carry out
an intended revocation; offered in ``allowed_actions`` while a hearing is under way, refused
otherwise (409) or to other roles (403), its reasons judged (422); a payment while a revocation
is being prepared is 422 ``revocation_pending`` naming ``revocation_hearing``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import officer_for
from tests.api.test_reasons import _problem, _schema, act
from tests.world import World, cast, drive
from vetting import demo
from vetting.models import Application, State

pytestmark = pytest.mark.django_db

REASONS = {
    "reasons": "Föreningens yttrande visar att personen fick medlemskap; villkoret om "
    "icke-diskriminering är uppfyllt.",
    "no_conflict_confirmed": True,
}


def _hearing(world: World, state: str = State.PAID) -> Application:
    app = drive(world, world.submit(), state)
    demo.communicate_revocation(cast(world), app)
    return app


def _detail(user: Any, app: Application) -> dict[str, Any]:
    return officer_for(user).get(f"/api/v1/applications/{app.pk}/").json()


def test_the_decision_maker_drops_the_intended_revocation(world: World) -> None:
    app = _hearing(world)
    assert "drop_revocation" in _detail(world.decider, app)["allowed_actions"]
    assert "drop_revocation" not in _detail(world.handler, app)["allowed_actions"]
    response = act(world.decider, app, "drop_revocation", REASONS)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == State.PAID and body["revocation_response_due"] is None
    assert "drop_revocation" not in body["allowed_actions"]
    again = act(world.decider, app, "drop_revocation", REASONS)
    assert again.status_code == 409 and again.json()["code"] == "action_not_allowed"


@pytest.mark.parametrize(
    ("who", "status"),
    [("decider", 200), ("handler", 403), ("security", 403), ("auditor", 403), ("admin", 403)],
)
def test_who_may_drop(world: World, who: str, status: int) -> None:
    app = _hearing(world)
    response = act(getattr(world, who), app, "drop_revocation", REASONS)
    assert response.status_code == status, response.json()


def test_without_a_hearing_it_is_409_before_the_reasons(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    response = act(world.decider, app, "drop_revocation", {})
    assert response.status_code == 409
    assert "drop_revocation" not in response.json()["allowed_actions"]


@pytest.mark.parametrize("body", [{}, {"reasons": ""}, {"reasons": "Inte längre."}])
def test_the_reasons_are_required(world: World, body: dict[str, Any]) -> None:
    app = _hearing(world)
    assert _problem(act(world.decider, app, "drop_revocation", body), "reasons")


def test_payment_during_a_revocation_hearing_is_422_naming_why(world: World) -> None:
    app = _hearing(world, State.APPROVED)
    response = act(world.handler, app, "pay", {"reference": "V-1"})
    assert response.status_code == 422
    assert response.json()["code"] == "revocation_pending"
    assert "återkallelse av bidraget förbereds" in _problem(response, "revocation_hearing")
    act(world.decider, app, "drop_revocation", REASONS)
    paid = act(world.handler, app, "pay", {"reference": "V-1"})
    assert paid.status_code == 200 and paid.json()["state"] == State.PAID


def test_the_schema_documents_the_drop_in_swedish_and_english() -> None:
    schema = _schema()
    reasons = schema["components"]["schemas"]["DropRevocationInputRequest"]["properties"]
    text = reasons["reasons"]["description"]
    assert "Varför bidraget inte återkallas" in text and "Why the grant is not revoked" in text
    operation = schema["paths"]["/api/v1/applications/{id}/actions/drop_revocation/"]["post"]
    assert "Avsluta utan återkallelse" in operation["summary"]
    assert "Drop the intended revocation" in operation["summary"]
