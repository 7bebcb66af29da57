"""A booking system's 409 names its actions by the client's labels with the code in brackets
("Skicka programmet (program)"), as the officers' 409 names theirs; it read "Åtgärden 'program'
är inte tillåten …", codes only."""

from __future__ import annotations

import pytest

from api.exceptions import _client_action
from audit.labels import CLIENT_ACTION_LABELS
from bookings.services import client_actions
from tests.api.conftest import booking_body
from tests.world import drive
from vetting.models import Application, State

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"


def _booking(bc, world, state):
    body = bc.post(URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="k").json()
    drive(world, Application.objects.get(reference=body["reference"]), state)
    return body["id"]


def test_program_not_asked_for_names_actions_by_label(bc, world):
    pk = _booking(bc, world, State.IN_REVIEW)
    response = bc.post(f"{URL}{pk}/program/", {}, format="multipart")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Åtgärden 'Skicka programmet (program)' är inte tillåten när ärendet har status "
        "'Under handläggning (in_review)'. Tillåtna åtgärder: Återkalla förfrågan (withdraw)."
    )
    assert response.json()["allowed_actions"] == ["withdraw"]


def test_in_english(bc, world):
    pk = _booking(bc, world, State.IN_REVIEW)
    response = bc.post(
        f"{URL}{pk}/response/", {"response": "Vårt svar"}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    detail = response.json()["detail"]
    assert "Send the applicant's response (respond)" in detail
    assert detail.endswith("Withdraw the request (withdraw).")


def test_a_decided_request_names_no_action(bc, world):
    pk = _booking(bc, world, State.APPROVED)
    detail = bc.post(f"{URL}{pk}/supplement/", {"text": "x"}, format="multipart").json()["detail"]
    assert detail.startswith("Åtgärden 'Skicka kompletteringen (supplement)'")


@pytest.mark.parametrize("state", [State.PROGRAM_REVIEW, State.SUPPLEMENT_REQUESTED])
def test_every_client_action_has_a_label(bc, world, state):
    pk = _booking(bc, world, state)
    from bookings.models import BookingRequest

    for action in client_actions(BookingRequest.objects.get(pk=pk)):
        assert action in CLIENT_ACTION_LABELS
    assert set(CLIENT_ACTION_LABELS) == {"program", "supplement", "respond", "withdraw"}
    assert _client_action("program") == "Skicka programmet (program)"
