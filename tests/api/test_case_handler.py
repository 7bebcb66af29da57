"""Over the API as on the pages: the assigned handler's ``allowed_actions`` are the preparing
actions, another handler's only ``assign`` (taking the case over); another handler's preparing
action is 403 ``handled_by_other`` naming the handler, and after a take-over the roles swap."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import AuditEvent
from bookings.models import BookingRequest
from tests.api.conftest import officer_for, post_booking
from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db


def url(app_id: int, action: str = "") -> str:
    base = f"/api/v1/applications/{app_id}/"
    return f"{base}actions/{action}/" if action else base


def test_allowed_actions_for_the_handler_and_another_handler(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    mine = officer_for(world.handler).get(url(app.pk)).json()["allowed_actions"]
    theirs = officer_for(world.handler2).get(url(app.pk)).json()["allowed_actions"]
    assert {"propose", "request_supplement", "withdraw", "assess"} <= set(mine)
    assert "assign" not in mine
    assert theirs == ["assign", "declare_conflict"]  # jäv may be declared in any state


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("propose", {"outcome": "approved", "reasons": "Villkoren är uppfyllda."}),
        ("request_supplement", {"what": "Stadgar"}),
        ("withdraw", {"reason": "Sökanden återkallar per e-post."}),
        ("withdraw", {}),  # invalid input too: who may act comes first
    ],
)
def test_another_handlers_action_is_403_naming_the_handler(
    world: World, action: str, body: dict[str, str]
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    response = officer_for(world.handler2).post(url(app.pk, action), body, format="json")
    assert response.status_code == 403, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "handled_by_other"
    name = world.handler.get_full_name()
    assert problem["detail"] == f"Ärendet handläggs av {name}. Ta över ärendet först."
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW and app.handler == world.handler
    refused = AuditEvent.objects.filter(action="application.refused").latest("seq")
    assert refused.changes["refusal_code"] == "handled_by_other"


def test_the_assessment_endpoint_refuses_another_handler(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    body = {
        "criterion": "OPEN_MEMBERSHIP",
        "outcome": "pass",
        "evidence_kind": "fact",
        "evidence_text": "Stadgarna ger medlemskap åt alla som delar syftet.",
    }
    response = officer_for(world.handler2).post(
        f"/api/v1/applications/{app.pk}/assessments/", body, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "handled_by_other"


def test_taking_over_swaps_the_allowed_actions(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    hugo = officer_for(world.handler2)
    response = hugo.post(url(app.pk, "assign"), {"no_conflict_confirmed": True}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.IN_REVIEW
    assert "propose" in response.json()["allowed_actions"]
    hanna = officer_for(world.handler).get(url(app.pk)).json()["allowed_actions"]
    assert hanna == ["assign", "declare_conflict"]


def test_a_take_over_may_give_its_reason(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    data = {"no_conflict_confirmed": True, "reason": "Hanna är sjuk."}
    response = officer_for(world.handler2).post(url(app.pk, "assign"), data, format="json")
    assert response.status_code == 200, response.content
    assert AuditEvent.objects.get(action="application.take_over").reasons_text == "Hanna är sjuk."


def test_the_refusal_in_english(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    response = officer_for(world.handler2).post(
        url(app.pk, "request_supplement"), {"what": "Stadgar"}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    name = world.handler.get_full_name()
    assert response.json()["detail"] == f"The case is handled by {name}. Take over the case first."
    refused = AuditEvent.objects.filter(action="application.refused").latest("seq")
    assert refused.reasons_text.startswith("Ärendet handläggs av en annan handläggare")  # Swedish


def test_a_booking_system_hears_nothing_of_a_refusal_or_a_take_over(world: World, bc: Any) -> None:
    """The tester's withdrawal by another handler reached the booking system (its webhook and
    its change feed, both written by ``record_change``)."""
    assert post_booking(bc).status_code == 201
    app = BookingRequest.objects.get().application
    hanna, hugo = officer_for(world.handler), officer_for(world.handler2)
    hanna.post(url(app.pk, "assign"), {"no_conflict_confirmed": True}, format="json")

    def seen() -> tuple[Any, int]:
        return BookingRequest.objects.values_list("changed_at", "change_seq").get()

    before = seen()
    refused = hugo.post(url(app.pk, "withdraw"), {"reason": "Sökanden ringde."}, format="json")
    assert refused.status_code == 403
    taken = hugo.post(url(app.pk, "assign"), {"no_conflict_confirmed": True}, format="json")
    assert taken.status_code == 200
    assert seen() == before  # the take-over changes nothing the booking system reads
    withdrawn = hugo.post(url(app.pk, "withdraw"), {"reason": "Sökanden ringde."}, format="json")
    assert withdrawn.status_code == 200 and seen() != before
