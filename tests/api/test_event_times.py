"""The event's start is judged also when ends_at is malformed or null: a past starts_at was
named only on the next attempt."""

from __future__ import annotations

import pytest

from tests.api.conftest import booking_body, post_booking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ends_at", ["nope", None])
def test_a_past_start_is_named_with_a_bad_end(bc, ends_at):
    response = post_booking(bc, starts_at="2020-01-01T10:00:00Z", ends_at=ends_at)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"starts_at", "ends_at"}
    assert errors["starts_at"] == ["Starttiden ska vara i framtiden."]


def test_a_good_start_with_a_bad_end_names_only_the_end(bc):
    body = booking_body()
    response = post_booking(bc, ends_at="nope", starts_at=body["starts_at"])
    assert set(response.json()["errors"]) == {"ends_at"}


def test_a_past_start_with_a_good_end_names_both_as_before(bc):
    response = post_booking(
        bc, starts_at="2020-01-01T10:00:00Z", ends_at="2020-01-01T12:00:00Z", title=5
    )
    assert set(response.json()["errors"]) == {"starts_at", "title"}


def test_a_truncated_pdf_is_refused_in_one_language(bc, world, settings, tmp_path):
    """pypdf's English reason ("startxref not found") is logged, not put in the message."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.world import drive
    from vetting.models import Application, State

    settings.MEDIA_ROOT = tmp_path
    body = post_booking(bc).json()
    drive(world, Application.objects.get(reference=body["reference"]), State.PROGRAM_REVIEW)
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    file = SimpleUploadedFile("prog.pdf", pdf, "application/pdf")
    url = f"/api/v1/booking-requests/{body['id']}/program/"
    response = bc.post(url, {"file": file}, format="multipart")
    assert response.status_code == 422
    [message] = response.json()["errors"]["file"]
    assert message.startswith("Filen börjar som en PDF men går inte att öppna som PDF")
    assert "(" not in message and "startxref" not in message
