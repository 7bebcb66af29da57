"""Issue 4's tester: one 403 code per refusal, a huge number said as such, CSRF in its own code
and the caller's language."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import booking_body, client_for, officer_for, post_booking
from tests.api.openapi import live_schema
from tests.world import drive
from vetting.models import State

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"


def _act(api, app, action, data):
    return api.post(f"{URL}{app.pk}/actions/{action}/", data, format="json")


def test_a_role_refusal_has_one_code_whoever_is_refused(world):
    """A handler deciding and the auditor assigning are both refused for their role: ``role``."""
    proposed = drive(world, world.submit(), State.PROPOSED)
    by_handler = _act(officer_for(world.handler), proposed, "decide", {"outcome": "approved"})
    submitted = world.submit()
    by_auditor = _act(officer_for(world.auditor), submitted, "assign", {})
    assert by_handler.status_code == by_auditor.status_code == 403
    assert by_handler.json()["code"] == by_auditor.json()["code"] == "role"


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("sv", "Talet har för många siffror (5001); högst 4300 går att läsa."),
        ("en", "The number has too many digits (5001); at most 4300 can be read."),
    ],
)
def test_a_number_with_too_many_digits_is_422_naming_the_field(bc, language, reason):
    body = '{"title": "x", "expected_attendance": 1' + "0" * 5000 + "}"
    response = bc.post(
        "/api/v1/booking-requests/",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"expected_attendance": [reason]}
    assert "NaN" not in response.json()["detail"]


def test_a_number_out_of_range_is_422_naming_the_field(creds):
    body = booking_body(expected_attendance=None)
    text = json.dumps(body).replace('"expected_attendance": null', '"expected_attendance": 1e999')
    response = client_for(creds).post(
        "/api/v1/booking-requests/",
        text,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"]["expected_attendance"] == [
        "Talet är för stort för att kunna läsas."
    ]


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("sv", "CSRF-token saknas: skicka den i huvudet X-CSRFToken."),
        ("en", "The CSRF token is missing: send it in the X-CSRFToken header."),
    ],
)
def test_a_csrf_failure_has_its_own_code_in_the_callers_language(world, language, detail):
    app = world.submit()
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world.handler)
    api.get("/admin/login/")  # sets the csrftoken cookie: only the header is missing
    response = api.post(
        f"{URL}{app.pk}/actions/assign/",
        {"no_conflict_confirmed": True},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed" and body["detail"] == detail


def test_the_evidence_an_assessment_always_needs_is_required_in_the_schema(world):
    schema = live_schema()
    required = schema["components"]["schemas"]["AssessmentInputRequest"]["required"]
    assert {"evidence_kind", "evidence_text"} <= set(required)
    app = drive(world, world.submit(), State.IN_REVIEW)
    body = {"criterion": "OPEN_MEMBERSHIP", "outcome": "pass", "evidence_kind": "fact"}
    response = officer_for(world.handler).post(f"{URL}{app.pk}/assessments/", body, format="json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["evidence_text"]


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("sv", '"concerns" är inte ett giltigt val. Giltiga värden: '),
        ("en", '"concerns" is not a valid choice. Valid values: '),
    ],
)
def test_an_invalid_choice_lists_the_valid_values(world, language, reason):
    app = drive(world, world.submit(), State.IN_REVIEW)
    body = {"criterion": "OPEN_MEMBERSHIP", "outcome": "concerns", "evidence_kind": "fact"}
    response = officer_for(world.handler).post(
        f"{URL}{app.pk}/assessments/",
        {**body, "evidence_text": "Stadgarna 3 § säger att alla får bli medlemmar."},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    [message] = response.json()["errors"]["outcome"]
    assert message.startswith(reason)
    assert all(value in message for value in ("pass", "fail", "not_applicable"))


def test_the_program_upload_documents_its_size_limit_and_its_own_file_errors():
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from api.schema import size
    from vetting.errors import InvalidInput
    from vetting.services.casework import program_file_text

    schema = live_schema()
    post = schema["paths"]["/api/v1/booking-requests/{id}/program/"]["post"]
    limit = settings.GRANSKA_API_PROGRAM_MAX_BYTES
    assert size(limit) == "5 MiB (5242880 byte)"
    assert post["description"].count(size(limit)) == 2  # Swedish and English
    examples = post["responses"]["422"]["content"]["application/problem+json"]["examples"]
    messages = [e["value"]["errors"]["file"][0] for e in examples.values()]
    assert all(list(e["value"]["errors"]) == ["file"] for e in examples.values())
    big = SimpleUploadedFile("p.pdf", b"%PDF-1.4")
    big.size = limit + 1
    text = SimpleUploadedFile("p.bin", b"\x00\x01")
    for file in (big, text):  # the examples say what the service says
        with pytest.raises(InvalidInput) as refused:
            program_file_text(file)
        assert str(refused.value.errors["file"][0]) in messages


def test_an_invalid_filter_choice_lists_the_valid_values(world):
    response = officer_for(world.handler).get(f"{URL}?state=concerns", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    [message] = response.json()["errors"]["state"]
    assert message.startswith("concerns is not a valid choice. Valid values: ")
    assert "in_review" in message and "approved" in message


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2069"])
def test_a_text_with_a_direction_override_is_422_naming_the_field(bc, char):
    """A title that displays otherwise than it reads ("Trojan Source") never reaches an officer."""
    response = post_booking(bc, title=f"Konsert {char}tlov{char}")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == ["title"]
    assert f"U+{ord(char):04X}" in errors["title"][0]


@pytest.mark.django_db
def test_a_right_to_left_mark_in_a_name_is_accepted(bc):
    response = post_booking(bc, contact={"name": "\u200fנועה כהן", "email": "n@example.org"})
    assert response.status_code == 201, response.json()
