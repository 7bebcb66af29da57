"""The booking system's copy of the decision (FL 33 §): who decided and on whose behalf, as the
decision document prints it, and the document itself, for the owning client only."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from bookings.models import WebhookMessage
from tests.api.conftest import booking_body, client_for, post_booking
from tests.world import drive
from vetting.models import Application, Delegation, State

pytestmark = pytest.mark.django_db

URL = "/api/v1/booking-requests/"


def _decided(bc, world, state=State.REJECTED):  # type: ignore[no-untyped-def]
    body = post_booking(bc).json()
    app = Application.objects.get(reference=body["reference"])
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning punkt 4.1")
    drive(world, app, state)
    return body, app


def test_the_decision_names_the_decision_maker_the_delegation_and_the_document(bc, world):
    body, app = _decided(bc, world)
    decision = bc.get(f"{URL}{body['id']}/").json()["decision"]
    assert decision["decision_maker"] == {
        "name": world.decider.get_full_name(),
        "title": "Beslutsfattare",
    }
    assert decision["delegation"] == {
        "board": "Kultur- och fritidsnämnden",
        "point": "Delegationsordning punkt 4.1",
        "text": "Beslut på delegation från Kultur- och fritidsnämnden (delegationsordning "
        "punkt 4.1)",
    }
    assert decision["document_url"] == f"{URL}{body['id']}/decision.pdf"
    response = bc.get(decision["document_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert app.reference in text and "Kultur- och fritidsnämnden" in text


def test_the_webhook_carries_the_same(world):  # type: ignore[no-untyped-def]
    from audit.context import SYSTEM
    from bookings.services import client_create

    hooked = client_for(
        client_create(
            actor=SYSTEM, name="Med webhook", webhook_url="https://bokning.example/",
            premises=[world.hall],
        )
    )  # fmt: skip
    body = hooked.post(URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="w").json()
    drive(world, Application.objects.get(reference=body["reference"]), State.APPROVED)
    last = WebhookMessage.objects.order_by("-id").first()
    assert last is not None
    data = json.loads(last.body)["data"]["decision"]
    assert data["decision_maker"]["name"] == world.decider.get_full_name()
    assert data["delegation"]["board"] == "Kultur- och fritidsnämnden"
    assert data["document_url"].endswith(f"/{body['id']}/decision.pdf")


def test_the_document_is_served_to_the_owning_client_only(bc, world, other_creds):
    body, _app = _decided(bc, world)
    assert client_for(other_creds).get(f"{URL}{body['id']}/decision.pdf").status_code == 404


def test_no_document_before_the_decision(bc):
    body = post_booking(bc).json()
    assert bc.get(f"{URL}{body['id']}/decision.pdf").status_code == 404
