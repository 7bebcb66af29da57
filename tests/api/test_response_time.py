"""The officer API: a deadline shorter than the minimum is a 422 naming ``due`` with the earliest
day, nothing saved; with ``short_deadline_reason`` it is accepted and the booking system is told
why (FL 25 §). An adverse proposal is decided without kommunicering only under a named
exception (ADR 0026): 422 naming ``hearing_exception`` otherwise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.api.test_reasons import _problem, _schema, act
from tests.vetting.test_hearing_exceptions import WHY, _proposed
from tests.vetting.test_response_time import REASON, SENTENCE
from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db


def _in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_a_kommunicering_for_tomorrow_is_422_naming_due(world: World) -> None:
    app = _proposed(world)
    message = _problem(act(world.handler, app, "communicate", {"due": _in(1)}), "due")
    assert "minst 7 dagar" in message and _in(7) in message
    app.refresh_from_db()
    assert app.state == State.PROPOSED and not app.communications.exists()


def test_a_kommunicering_for_tomorrow_with_a_reason_is_accepted(world: World) -> None:
    app = _proposed(world)
    body = {"due": _in(1), "short_deadline_reason": REASON}
    response = act(world.handler, app, "communicate", body)
    assert response.status_code == 200, response.json()
    assert app.communications.get().short_deadline_reason == REASON


def test_a_supplement_for_tomorrow_is_422_then_accepted_with_a_reason(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    body: dict[str, Any] = {"what": "Årsmötesprotokoll", "due": _in(1)}
    assert "minst 5 dagar" in _problem(act(world.handler, app, "request_supplement", body), "due")
    assert not app.supplement_requests.exists()
    body["short_deadline_reason"] = "Kort."
    assert _problem(act(world.handler, app, "request_supplement", body), "short_deadline_reason")
    body["short_deadline_reason"] = REASON
    assert act(world.handler, app, "request_supplement", body).status_code == 200
    assert app.supplement_requests.get().short_deadline_reason == REASON


def test_the_booking_system_is_told_why_the_time_is_short(bc: Any, world: World) -> None:
    from tests.api.test_booking_requests import URL, _case

    body, app = _case(bc)
    drive(world, app, State.IN_REVIEW)
    reason = {"reason": "Talarna ska namnges.", "due": _in(2), "short_deadline_reason": REASON}
    assert act(world.handler, app, "start_program_review", reason).status_code == 200
    [item] = bc.get(f"{URL}{body['id']}/").json()["requested"]
    assert item["description"].endswith(SENTENCE) and item["due"] == _in(2)


def test_the_schema_names_the_reason_field() -> None:
    schemas = _schema()["components"]["schemas"]
    for name in (
        "CommunicateInputRequest",
        "CommunicateRevocationInputRequest",
        "RequestSupplementInputRequest",
        "StartProgramReviewInputRequest",
    ):
        assert "short_deadline_reason" in schemas[name]["properties"], name
    assert "hearing_exception" in schemas["DecideInputRequest"]["properties"]


def test_an_adverse_decision_without_kommunicering_needs_an_exception(world: World) -> None:
    app = _proposed(world)
    body: dict[str, Any] = {"outcome": "rejected", "no_conflict_confirmed": True}
    assert "måste kommuniceras" in _problem(
        act(world.decider, app, "decide", body), "hearing_exception"
    )
    body.update(hearing_exception="urgent", applicant_heard="Brådskande.")
    assert _problem(act(world.decider, app, "decide", body), "applicant_heard")
    app.refresh_from_db()
    assert app.state == State.PROPOSED
    body["applicant_heard"] = WHY
    response = act(world.decider, app, "decide", body)
    assert response.status_code == 200, response.json()
    app.refresh_from_db()
    assert app.state == State.REJECTED
    assert app.decisions.get().hearing_exception == "urgent"


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        ("CommunicateInputRequest", "GRANSKA_MIN_RESPONSE_DAYS"),
        ("CommunicateRevocationInputRequest", "GRANSKA_MIN_RESPONSE_DAYS"),
        ("RequestSupplementInputRequest", "GRANSKA_MIN_REQUEST_DAYS"),
        ("StartProgramReviewInputRequest", "GRANSKA_MIN_REQUEST_DAYS"),
    ],
)
def test_the_reason_fields_description_quotes_the_configured_minimum(
    name: str, setting: str
) -> None:
    """The description said "(7)" and "(5)", the defaults, whatever the municipality had set
    (the field was built when the serializers were imported); it reads the setting when the
    schema is generated (and the cached schema is emptied when a setting changes)."""
    with override_settings(GRANSKA_MIN_RESPONSE_DAYS=3, GRANSKA_MIN_REQUEST_DAYS=2):
        text = _schema()["components"]["schemas"][name]["properties"]["short_deadline_reason"]
    days = {"GRANSKA_MIN_RESPONSE_DAYS": 3, "GRANSKA_MIN_REQUEST_DAYS": 2}[setting]
    description = text["description"]
    assert f"kortare svarstid än {setting} ({days}) dagar" in description
    assert f"shorter than {setting} ({days}) days" in description
    assert "(7)" not in description and "(5)" not in description
