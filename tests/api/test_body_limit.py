"""The request-body limit (api.middleware): JSON at DATA_UPLOAD_MAX_MEMORY_SIZE; a multipart body
as large as the largest file the API takes (a supplement, GRANSKA_EVIDENCE_MAX_BYTES) plus its
fields, so a file within its own limit gets in and one somewhat larger is 422 naming ``file``."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import booking_body, officer_for
from tests.world import drive
from vetting.models import Application, State

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"


def _case(bc, world, state, ref="bk-1"):
    body = booking_body(external_ref=ref)
    body = bc.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY=ref).json()
    app = drive(world, Application.objects.get(reference=body["reference"]), state)
    return body["id"], app


def _text(size: int, name: str = "s.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"Stadgar rad.\n" * (size // 13), "text/plain")


@pytest.fixture
def small(settings, tmp_path):
    """Small limits, the programme's below the supplement's as by default."""
    settings.MEDIA_ROOT = tmp_path
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.GRANSKA_API_PROGRAM_MAX_BYTES = 10_000
    settings.GRANSKA_EVIDENCE_MAX_BYTES = 200_000
    return settings


def test_a_supplement_within_its_limit_gets_in_though_above_the_programmes(bc, world, small):
    pk, _ = _case(bc, world, State.SUPPLEMENT_REQUESTED)
    response = bc.post(f"{URL}{pk}/supplement/", {"file": _text(150_000)}, format="multipart")
    assert response.status_code == 200, response.json()


def test_a_file_somewhat_over_its_limit_is_422_naming_file(bc, world, small):
    pk, _ = _case(bc, world, State.SUPPLEMENT_REQUESTED)
    response = bc.post(f"{URL}{pk}/supplement/", {"file": _text(230_000)}, format="multipart")
    assert response.status_code == 422 and list(response.json()["errors"]) == ["file"]
    pk, _ = _case(bc, world, State.PROGRAM_REVIEW, ref="bk-2")
    program = bc.post(f"{URL}{pk}/program/", {"file": _text(150_000)}, format="multipart")
    assert program.status_code == 422 and list(program.json()["errors"]) == ["file"]


def test_the_officers_scanned_supplement_has_the_same_limit(bc, world, small):
    _, app = _case(bc, world, State.SUPPLEMENT_REQUESTED)
    api = officer_for(app.handler)
    url = f"/api/v1/applications/{app.pk}/actions/receive_supplement/"
    response = api.post(url, {"file": _text(150_000)}, format="multipart")
    assert response.status_code == 200, response.json()


def test_json_bodies_and_far_larger_uploads_are_still_413(bc, world, small):
    big = bc.post(URL, booking_body(description="x" * 20_000), format="json")
    assert big.status_code == 413 and big.json()["code"] == "request_too_large"
    pk, _ = _case(bc, world, State.SUPPLEMENT_REQUESTED)
    huge = bc.post(f"{URL}{pk}/supplement/", {"file": _text(300_000)}, format="multipart")
    assert huge.status_code == 413


def test_by_default_a_supplement_of_8_5_mib_gets_in(bc, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pk, _ = _case(bc, world, State.SUPPLEMENT_REQUESTED)
    file = _text(8_900_000)
    response = bc.post(f"{URL}{pk}/supplement/", {"file": file}, format="multipart")
    assert response.status_code == 200, response.json()


def test_a_chunked_body_without_content_length_is_411(bc):
    """Django reads CONTENT_LENGTH bytes: a chunked body was read as empty, so every field was
    reported missing (422)."""
    response = bc.generic(
        "POST",
        URL,
        b"",
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        HTTP_IDEMPOTENCY_KEY="k-chunk",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 411, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "length_required" and "Content-Length" in body["detail"]
    assert "Transfer-Encoding: chunked" in body["detail"]
