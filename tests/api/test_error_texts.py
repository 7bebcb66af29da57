"""Error texts that said too little or the wrong thing: DRF's English "No data provided" in a
Swedish problem, the site's HTML 404 for /api, a bare "Felaktig begäran." for too many files, a
415 that did not say what to send, and details joined as "….; …"."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.api.conftest import booking_body, officer_for
from tests.world import drive
from vetting.models import Application, State

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"


def _problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    return response.json()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Kroppen är null; ett JSON-objekt med fälten krävs."),
        ("en", "The body is null; a JSON object with the fields is required."),
    ],
)
def test_a_null_body_is_named_in_the_callers_language(bc, world, language, text):
    response = bc.post(
        URL, "null", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k",
        HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip
    body = _problem(response, 422, "invalid_input")
    assert body["errors"] == {"non_field_errors": [text]}
    app = world.submit()
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{app.pk}/actions/withdraw/", "null",
        content_type="application/json", HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip
    assert _problem(response, 422, "invalid_input")["errors"] == {"non_field_errors": [text]}


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/v2", "/api/v1"])
def test_api_without_its_slash_is_a_problem_404(path):
    _problem(APIClient().get(path), 404, "not_found")


def test_a_page_beside_the_api_keeps_the_site_404():
    response = APIClient().get("/apix")
    assert response.status_code == 404 and "html" in response["Content-Type"]


def _program_case(bc, world):
    body = bc.post(URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="k").json()
    drive(world, Application.objects.get(reference=body["reference"]), State.PROGRAM_REVIEW)
    return body["id"]


def test_too_many_files_says_the_limit_and_the_field(bc, world, settings):
    pk = _program_case(bc, world)
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"p{i}.txt", b"18.00 Kor", "text/plain") for i in range(3)]
    response = bc.post(f"{URL}{pk}/program/", {"file": files}, format="multipart")
    body = _problem(response, 400, "malformed_request")
    assert body["detail"] == (
        "För många filer i begäran: högst 2 tillåts. Skicka en fil i fältet file."
    )
    assert list(body["errors"]) == ["file"]


def test_too_many_fields_says_the_limit(bc, world, settings):
    pk = _program_case(bc, world)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    data = {f"f{i}": "x" for i in range(3)}
    response = bc.post(f"{URL}{pk}/program/", data, format="multipart")
    body = _problem(response, 400, "malformed_request")
    assert body["detail"] == "För många fält i begäran: högst 2 tillåts."


def test_a_form_post_to_an_upload_says_multipart_is_expected(bc, world):
    pk = _program_case(bc, world)
    response = bc.post(
        f"{URL}{pk}/program/", "file=x", content_type="application/x-www-form-urlencoded"
    )
    body = _problem(response, 415, "unsupported_media_type")
    assert body["detail"] == (
        "Medietypen 'application/x-www-form-urlencoded' stöds inte här; skicka multipart/form-data."
    )


def test_a_json_endpoint_says_json_is_expected(bc):
    response = bc.post(
        URL, "x", content_type="text/plain; charset=utf-8", HTTP_IDEMPOTENCY_KEY="k",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    body = _problem(response, 415, "unsupported_media_type")
    assert (
        body["detail"]
        == "The media type 'text/plain' is not supported here; send application/json."
    )


def test_fields_are_joined_without_double_punctuation(bc):
    body = booking_body(title=None, expected_attendance=-1)
    response = bc.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    detail = _problem(response, 422, "invalid_input")["detail"]
    assert ".;" not in detail and "; " in detail
    assert detail.endswith(".")


def test_service_errors_are_joined_the_same_way():
    from vetting.errors import InvalidInput

    exc = InvalidInput({"a": ["Fel ett."], "b": ["Fel två.", "Och tre."]})
    assert str(exc.message) == "Ogiltiga uppgifter – a: Fel ett; b: Fel två. Och tre."
