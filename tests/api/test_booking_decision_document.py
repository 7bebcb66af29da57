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
    assert decision["document_url"] == f"{URL}{body['id']}/decisions/{app.decisions.get().pk}.pdf"
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
    assert (
        data["document_url"] == hooked.get(f"{URL}{body['id']}/").json()["decision"]["document_url"]
    )


def test_the_document_is_served_to_the_owning_client_only(bc, world, other_creds):
    body, _app = _decided(bc, world)
    assert client_for(other_creds).get(f"{URL}{body['id']}/decision.pdf").status_code == 404


def test_no_document_before_the_decision(bc):
    body = post_booking(bc).json()
    assert bc.get(f"{URL}{body['id']}/decision.pdf").status_code == 404


def _correct(world, app):  # type: ignore[no-untyped-def]
    from vetting import services as svc

    current = app.decisions.get()
    reasons = f"Rättat skrivfel. {current.reasons}"
    return svc.decision_correct(
        decision=current,
        actor=world.decider,
        outcome="rejected",
        reasons=reasons,
        criteria=["NO_VIOLENT_EXTREMISM"],
        no_conflict_confirmed=True,
    )


def _filename(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:200]
    return response["Content-Disposition"]


def test_a_decisions_url_keeps_serving_it_after_a_correction(bc, world, other_creds):
    """The URL names the decision (as an enclosure's names its communication): one from an older
    webhook fetches the decision it announced; decision.pdf serves the decision in force."""
    body, app = _decided(bc, world)
    first_url = bc.get(f"{URL}{body['id']}/").json()["decision"]["document_url"]
    first = _filename(bc.get(first_url))
    corrected = _correct(world, app)
    second_url = bc.get(f"{URL}{body['id']}/").json()["decision"]["document_url"]
    assert second_url == f"{URL}{body['id']}/decisions/{corrected.pk}.pdf" != first_url
    assert _filename(bc.get(first_url)) == first  # the superseded decision, still
    assert _filename(bc.get(second_url)) != first
    assert _filename(bc.get(f"{URL}{body['id']}/decision.pdf")) == _filename(bc.get(second_url))
    assert client_for(other_creds).get(first_url).status_code == 404
    other = post_booking(bc, key="k2", external_ref="bk-2").json()
    assert bc.get(f"{URL}{other['id']}/decisions/{corrected.pk}.pdf").status_code == 404


def test_a_written_off_requests_decision_is_served(bc, world):
    body, _app = _decided(bc, world, State.WRITTEN_OFF)
    decision = bc.get(f"{URL}{body['id']}/").json()["decision"]
    assert decision["outcome"] == "written_off"
    assert bc.get(decision["document_url"]).status_code == 200
    assert bc.get(f"{URL}{body['id']}/decision.pdf").status_code == 200


def test_the_decision_says_how_the_response_was_considered(bc, world):
    from vetting.demo import RESPONSE_CONSIDERED

    body, _app = _decided(bc, world)
    assert bc.get(f"{URL}{body['id']}/").json()["decision"]["response_considered"] == (
        RESPONSE_CONSIDERED
    )
    approved = post_booking(bc, key="k2", external_ref="bk-2").json()
    drive(world, Application.objects.get(reference=approved["reference"]), State.APPROVED)
    decision = bc.get(f"{URL}{approved['id']}/").json()["decision"]
    assert decision["response_considered"] is None  # no response was recorded
