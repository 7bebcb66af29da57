"""The documents sent with a communicated proposal (FL 25 §), downloaded by the booking system:
its own request's enclosures only, as they were sent, never the restricted notes."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.api.conftest import client_for, officer_for, post_booking
from tests.world import POLICE_NOTE, World, communicated_with_document
from vetting import services as svc
from vetting.models import Application

pytestmark = pytest.mark.django_db

URL = "/api/v1/booking-requests/"
POLICE = "Polisens skrivelse om ordföranden\n".encode()
RESTRICTED = "begränsad uppgift"  # in the security coordinator's notes (vetting.demo)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _communicated(bc: APIClient, world: World, key: str = "key-1") -> tuple[int, Application]:
    body = post_booking(bc, key=key, external_ref=key).json()
    app = Application.objects.get(reference=body["reference"])
    communicated_with_document(world, app, POLICE)
    return body["id"], app


def _document(bc: APIClient, request_id: int) -> dict[str, Any]:
    [item] = bc.get(f"{URL}{request_id}/").json()["requested"]
    [material] = item["material"]
    assert material["document"] is not None
    return dict(material["document"])


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return dict(response.json())


def test_the_material_names_the_document_and_where_to_get_it(bc, world):
    request_id, app = _communicated(bc, world)
    [item] = bc.get(f"{URL}{request_id}/").json()["requested"]
    communication = app.communications.get()
    assert item["material"] == [
        {
            "criterion": "NO_VIOLENT_EXTREMISM",
            "title": "Ingen våldsbejakande extremism",
            "outcome": "fail",
            "evidence_kind": "document",
            "evidence": POLICE_NOTE,
            "statutes_adopted_on": None,
            "document": {
                "enclosure": 1,
                "name": "polis.txt",
                "url": f"{URL}{request_id}/communications/{communication.pk}/material/1/",
                "sha256": hashlib.sha256(POLICE).hexdigest(),
                "size": len(POLICE),
            },
        }
    ]


def test_the_own_client_downloads_the_document_as_sent(bc, world):
    request_id, _ = _communicated(bc, world)
    document = _document(bc, request_id)
    # Whatever the caller says it accepts: the file is what it is.
    response = bc.get(document["url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="polis.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    data = b"".join(response.streaming_content)
    assert data == POLICE and hashlib.sha256(data).hexdigest() == document["sha256"]
    assert RESTRICTED not in data.decode()


def test_another_client_and_unknown_enclosures_get_404(bc, world, other_creds):
    request_id, app = _communicated(bc, world)
    url = _document(bc, request_id)["url"]
    other = client_for(other_creds)
    assert _problem(other.get(url), 404)["code"] == "not_found"
    communication = app.communications.get().pk
    for wrong in (
        f"{URL}{request_id}/communications/{communication}/material/2/",
        f"{URL}{request_id}/communications/{communication}/material/0/",
        f"{URL}{request_id}/communications/{communication + 1}/material/1/",
        f"{URL}{request_id + 1}/communications/{communication}/material/1/",
    ):
        assert _problem(bc.get(wrong), 404)["code"] == "not_found", wrong


def test_an_enclosure_belongs_to_its_own_request(bc, world):
    """Another request of the same client does not open this request's communication."""
    first, app = _communicated(bc, world)
    second = post_booking(bc, key="key-2", external_ref="key-2").json()["id"]
    communication = app.communications.get().pk
    url = f"{URL}{second}/communications/{communication}/material/1/"
    assert _problem(bc.get(url), 404)["code"] == "not_found"
    assert bc.get(_document(bc, first)["url"]).status_code == 200


def test_officers_and_anonymous_callers_are_refused(bc, world):
    """Officers read the documents on the case page; this is the booking systems' API."""
    request_id, _ = _communicated(bc, world)
    url = _document(bc, request_id)["url"]
    assert _problem(officer_for(world.handler).get(url), 403)["code"] == "permission_denied"
    assert _problem(APIClient().get(url), 401)["code"] == "not_authenticated"


def test_the_file_stays_what_was_sent_when_the_assessment_is_replaced(bc, world):
    """A later assessment with another document does not change the letter's enclosure."""
    request_id, app = _communicated(bc, world)
    url = _document(bc, request_id)["url"]
    svc.application_return_to_review(
        application=app, actor=world.decider, reasons="Pröva underlaget på nytt."
    )
    svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="NO_VIOLENT_EXTREMISM",
            outcome="fail",
            evidence_kind="document",
            evidence_text="Ny skrivelse",
            document=SimpleUploadedFile("polis.txt", b"Ny skrivelse\n", "text/plain"),
        ),
    )
    response = bc.get(url)
    assert b"".join(response.streaming_content) == POLICE


def test_a_file_changed_in_storage_is_not_served_as_the_one_sent(bc, world):
    request_id, app = _communicated(bc, world)
    url = _document(bc, request_id)["url"]
    [sent] = app.communications.get().material
    with default_storage.open(sent["document"], "wb") as handle:
        handle.write(b"Ett annat dokument\n")
    problem = _problem(bc.get(url), 404)
    assert "som den skickades" in problem["detail"]


def test_the_restricted_notes_are_never_in_the_material(bc, world):
    request_id, app = _communicated(bc, world)
    escalation = app.escalations.get()
    assert RESTRICTED in escalation.notes
    detail = bc.get(f"{URL}{request_id}/").content.decode()
    assert RESTRICTED not in detail
    assert RESTRICTED not in str(app.communications.get().material)


@pytest.mark.parametrize("part", ["communication", "number"])
def test_a_huge_number_in_the_path_is_404(bc, world, part):
    request_id, app = _communicated(bc, world)
    huge = "99999999999999999999"
    ids = {"communication": str(app.communications.get().pk), "number": "1", part: huge}
    url = f"{URL}{request_id}/communications/{ids['communication']}/material/{ids['number']}/"
    assert _problem(bc.get(url), 404)["code"] == "not_found"


def test_a_quote_in_the_material_names_the_statutes_it_is_from() -> None:
    """The letter names the quoted statutes by their adoption day; the API gives the same day
    (null for other evidence and for letters from before it was kept)."""
    from types import SimpleNamespace

    from bookings.selectors import _communicated

    quote = {
        "code": "DEMOCRATIC_STRUCTURE", "title": "Demokratisk uppbyggnad", "outcome": "fail",
        "evidence_kind": "statute_quote", "evidence": "Styrelsen utser sig själv.",
        "statutes_adopted_on": "2019-03-12", "document": "",
    }  # fmt: skip
    older = {k: v for k, v in quote.items() if k != "statutes_adopted_on"}
    sent = SimpleNamespace(pk=1, material=[quote, older], proposed_outcome="", proposal_text="")
    material = _communicated(7, sent)["material"]  # type: ignore[arg-type]
    assert [m["statutes_adopted_on"] for m in material] == ["2019-03-12", None]
