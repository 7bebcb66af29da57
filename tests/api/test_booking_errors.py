"""The booking intake names every bad field in one 422: the event's times (checked by the
domain's ``event_time_errors``) with the fields' own errors, such as the organisation number's
check digit, not in a second round once those are fixed. A refused body stores nothing, so the
same key with the corrected body registers the case."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import IdempotencyRecord
from tests.api.conftest import START, booking_body, post_booking
from tests.bookings.test_requests import STATEMENTS
from vetting.models import Application

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"

BAD_NUMBER = {"org_number": "802000-0018", "name": "Scoutkåren Exempel"}  # Luhn fails
BEFORE_START = (START - timedelta(hours=1)).isoformat()
PAST = (timezone.now() - timedelta(days=2)).replace(microsecond=0)


def _errors(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.json()
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid_input"
    return problem["errors"]


def test_a_bad_check_digit_and_an_end_before_the_start_are_named_together(bc):
    errors = _errors(post_booking(bc, association=BAD_NUMBER, ends_at=BEFORE_START))
    assert set(errors) == {"association.org_number", "ends_at"}, errors
    assert "kontrollsiffra" in " ".join(errors["association.org_number"])
    assert errors["ends_at"] == ["Sluttiden ska vara efter starttiden."]


def test_a_bad_check_digit_and_a_start_in_the_past_are_named_together(bc):
    errors = _errors(
        post_booking(
            bc,
            association=BAD_NUMBER,
            starts_at=PAST.isoformat(),
            ends_at=(PAST + timedelta(hours=3)).isoformat(),
        )
    )
    assert set(errors) == {"association.org_number", "starts_at"}, errors
    assert errors["starts_at"] == ["Starttiden ska vara i framtiden."]


def test_a_start_in_the_past_and_an_end_before_it_are_both_named(bc):
    body = {"starts_at": PAST.isoformat(), "ends_at": (PAST - timedelta(hours=1)).isoformat()}
    errors = _errors(post_booking(bc, association=BAD_NUMBER, title="", **body))
    assert set(errors) == {"association.org_number", "title", "starts_at", "ends_at"}, errors


def test_the_times_are_named_in_english_with_the_other_errors(bc):
    response = bc.post(
        URL,
        booking_body(association=BAD_NUMBER, ends_at=BEFORE_START),
        format="json",
        HTTP_IDEMPOTENCY_KEY="en",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    errors = _errors(response)
    assert errors["ends_at"] == ["The end time must be after the start time."]
    assert "check digit" in " ".join(errors["association.org_number"])


def test_a_start_years_ahead_and_an_overlong_event_are_named_in_english(bc):
    """The tester's booking from 2027 to 2099: each time is named with its limit."""
    far = (timezone.now() + timedelta(days=800)).replace(microsecond=0)
    response = bc.post(
        URL,
        booking_body(starts_at=far.isoformat(), ends_at=(far + timedelta(days=400)).isoformat()),
        format="json",
        HTTP_IDEMPOTENCY_KEY="far",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    errors = _errors(response)
    assert errors == {
        "starts_at": ["The start time may be at most 731 days ahead."],
        "ends_at": ["The event may last at most 366 days."],
    }
    assert not Application.objects.exists()


def test_a_time_that_is_not_valid_itself_is_named_once(bc):
    """A start that is no time at all is its own field's error; the times are not compared."""
    errors = _errors(post_booking(bc, association=BAD_NUMBER, starts_at="igår"))
    assert set(errors) == {"association.org_number", "starts_at"}, errors
    assert len(errors["starts_at"]) == 1


def test_a_refused_body_stores_nothing_and_the_corrected_one_registers_under_the_same_key(bc):
    _errors(post_booking(bc, key="retry", association=BAD_NUMBER, ends_at=BEFORE_START))
    assert not IdempotencyRecord.objects.exists() and not Application.objects.exists()
    _errors(post_booking(bc, key="retry", ends_at=BEFORE_START))  # half corrected
    corrected = post_booking(bc, key="retry")
    assert corrected.status_code == 201, corrected.json()
    assert "Idempotent-Replayed" not in corrected
    again = post_booking(bc, key="retry")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_a_valid_body_is_unchanged_and_reads_nothing_more(bc):
    post_booking(bc, key="warm", external_ref="warm")
    with CaptureQueriesContext(connection) as statements:
        response = post_booking(bc, key="valid", external_ref="valid")
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == START.astimezone(UTC).isoformat()
    assert len(statements) == STATEMENTS[connection.vendor]
