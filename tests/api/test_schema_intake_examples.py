"""POST /api/v1/booking-requests/ in the OpenAPI schema: its own errors as examples (the
duplicate_external_ref 409, not an officer's; the idempotency 400s and 422), each saying what
the API says, and the response headers a client reads declared."""

from __future__ import annotations

import pytest

from tests.api.conftest import booking_body, post_booking
from tests.api.openapi import live_schema

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"


@pytest.fixture
def responses() -> dict:
    schema = live_schema()
    return schema["paths"][URL]["post"]["responses"]


def _examples(responses: dict, status: int) -> dict[str, dict]:
    content = responses[str(status)]["content"]["application/problem+json"]
    return {e["value"]["code"]: e["value"] for e in content["examples"].values()}


def _same(example: dict, answer: dict) -> None:
    """The same code, title and members; detail the same text."""
    assert set(example) == set(answer) and example["code"] == answer["code"]
    assert example["title"] == answer["title"]


def test_the_examples_are_the_intakes_own_errors(responses):
    assert set(_examples(responses, 409)) == {"duplicate_external_ref"}
    assert set(_examples(responses, 400)) == {
        "idempotency_key_required",
        "idempotency_key_invalid",
        "malformed_request",
    }
    assert set(_examples(responses, 422)) == {"invalid_input", "idempotency_key_reused"}


def test_each_example_says_what_the_api_says(bc, responses):
    e400, e409, e422 = (_examples(responses, s) for s in (400, 409, 422))
    no_key = bc.post(URL, booking_body(), format="json").json()
    assert no_key == e400["idempotency_key_required"]
    bad_key = bc.post(URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="nyckel-å").json()
    assert bad_key == e400["idempotency_key_invalid"]
    luhn = {"org_number": "802000-0018", "name": "Föreningen"}
    bad = post_booking(bc, key="k0", association=luhn).json()
    assert bad == e422["invalid_input"]
    post_booking(bc, key="k1")
    reused = post_booking(bc, key="k1", title="Annat").json()
    assert reused == e422["idempotency_key_reused"]
    duplicate = post_booking(bc, key="k2").json()
    _same(e409["duplicate_external_ref"], duplicate)
    assert set(duplicate["existing"]) == set(e409["duplicate_external_ref"]["existing"])


def test_the_response_headers_are_declared(responses):
    assert "Idempotent-Replayed" in responses["201"]["headers"]
    assert "Retry-After" in responses["429"]["headers"]
    assert "WWW-Authenticate" in responses["401"]["headers"]
