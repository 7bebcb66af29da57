"""Errors under /api/: always problem+json, never HTML, never a 500 for bad input."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import booking_body, officer_for, post_booking

pytestmark = pytest.mark.django_db


def _is_problem(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"].endswith(code) and body["title"] and body["detail"]


def test_unknown_api_path_is_problem_404(bc):
    _is_problem(bc.get("/api/v1/nothing-here/"), 404, "not_found")
    _is_problem(APIClient().get("/api/nope"), 404, "not_found")


def test_unknown_request_is_404(bc):
    _is_problem(bc.get("/api/v1/booking-requests/999999/"), 404, "not_found")


def test_wrong_method_is_405(bc):
    _is_problem(bc.delete("/api/v1/premises/"), 405, "method_not_allowed")


def test_unauthenticated_is_401_with_challenge():
    response = APIClient().get("/api/v1/premises/")
    _is_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bad_key_is_401(world):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Bearer gk_wrong")
    _is_problem(api.get("/api/v1/premises/"), 401, "authentication_failed")
    api.credentials(HTTP_AUTHORIZATION="Bearer a b c")
    _is_problem(api.get("/api/v1/premises/"), 401, "authentication_failed")


def test_a_key_rotated_with_the_old_one_revoked_now_is_401(bc, creds):
    """(The grace period of the previous key: tests/bookings/test_rotation.py.)"""
    from audit.context import SYSTEM
    from bookings.services import client_rotate_key

    assert bc.get("/api/v1/premises/").status_code == 200
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client, revoke_previous=True)
    _is_problem(bc.get("/api/v1/premises/"), 401, "authentication_failed")
    bc.credentials(HTTP_AUTHORIZATION=f"Bearer {new_key}")
    assert bc.get("/api/v1/premises/").status_code == 200


def test_body_too_large_is_413(bc, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_booking(bc, description="x" * 2000)
    _is_problem(response, 413, "request_too_large")


def test_unsupported_media_type_is_415(bc):
    response = bc.post(
        "/api/v1/booking-requests/",
        data="external_ref=1",
        content_type="text/plain",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    _is_problem(response, 415, "unsupported_media_type")


def test_body_that_is_not_an_object_is_422(bc):
    response = bc.post("/api/v1/booking-requests/", [1, 2], format="json", HTTP_IDEMPOTENCY_KEY="k")
    _is_problem(response, 422, "invalid_input")


def test_throttled_is_429_with_retry_after(bc, settings):
    from django.core.cache import cache

    cache.clear()
    settings.GRANSKA_API_RATES = {**settings.GRANSKA_API_RATES, "client": "2/minute"}
    assert bc.get("/api/v1/premises/").status_code == 200
    assert bc.get("/api/v1/premises/").status_code == 200
    response = bc.get("/api/v1/premises/")
    _is_problem(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    cache.clear()


def test_unexpected_error_is_problem_500_not_html(bc, monkeypatch):
    from bookings import selectors

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("api.views.booking.premises_for_client", boom)
    assert selectors.premises_for_client is not boom
    _is_problem(bc.get("/api/v1/premises/"), 500, "server_error")


def test_non_api_paths_are_untouched(db):
    response = APIClient().get("/no-such-page/")
    assert response.status_code == 404
    assert "problem" not in response["Content-Type"]


def test_bad_input_never_500(bc):
    weird = [
        {"association": "not an object"},
        {"association": {"org_number": 12, "name": ["x"]}},
        {"starts_at": 5, "ends_at": None},
        {"expected_attendance": "many"},
        {"contact": []},
    ]
    for i, overrides in enumerate(weird):
        response = bc.post(
            "/api/v1/booking-requests/",
            booking_body(**overrides),
            format="json",
            HTTP_IDEMPOTENCY_KEY=f"w{i}",
        )
        _is_problem(response, 422, "invalid_input")


@pytest.mark.parametrize(
    ("language", "prefix", "reason"),
    [
        ("sv", "Ogiltiga uppgifter – ", "Det här fältet får inte vara blankt."),
        ("en", "Invalid input – ", "This field may not be blank."),
    ],
)
def test_validation_detail_follows_accept_language(bc, language, prefix, reason):
    """Both kinds of 422 (the serializer's and the services') speak the caller's language."""

    def post(key: str, **overrides):
        return bc.post(
            "/api/v1/booking-requests/",
            booking_body(**overrides),
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
            HTTP_ACCEPT_LANGUAGE=language,
        )

    by_serializer, by_service = post("key-1", title=""), post("key-2", expected_attendance=10_000)
    for response in (by_serializer, by_service):
        _is_problem(response, 422, "invalid_input")
        assert response.json()["detail"].startswith(prefix), response.json()
    assert by_serializer.json()["errors"]["title"] == [reason]


def test_a_body_nested_too_deep_is_malformed_not_a_server_error(bc):
    body = "[" * 100_000 + "]" * 100_000
    response = bc.post(
        "/api/v1/booking-requests/",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="deep",
    )
    _is_problem(response, 400, "malformed_request")


def test_a_path_without_its_slash_is_a_308_that_keeps_the_method(bc):
    response = bc.post("/api/v1/booking-requests", {}, format="json", HTTP_IDEMPOTENCY_KEY="slash")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/booking-requests/"
    assert response["Content-Type"].startswith("application/json")
    assert bc.get("/api/v1/audit/public-key").status_code != 308  # a path without a slash


def test_guessing_keys_is_rate_limited_per_address(settings):
    """A wrong key is 401 before any throttle would run: failures are counted on their own."""
    settings.GRANSKA_API_RATES = {**settings.GRANSKA_API_RATES, "anonymous": "3/minute"}
    from django.core.cache import cache

    cache.clear()
    guesses = [
        APIClient().get("/api/v1/premises/", HTTP_AUTHORIZATION=f"Bearer gk_guess{n}")
        for n in range(4)
    ]
    assert [r.status_code for r in guesses] == [401, 401, 401, 429]
    assert "Retry-After" in guesses[-1]
    token = APIClient().get("/api/v1/applications/", HTTP_AUTHORIZATION="Token gt_guess")
    assert token.status_code == 429  # the same address
    spoofed = APIClient().get(
        "/api/v1/premises/", HTTP_AUTHORIZATION="Bearer gk_x", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert spoofed.status_code == 429  # X-Forwarded-For is not believed without proxies
    cache.clear()


def test_a_valid_key_gets_in_from_an_address_whose_other_keys_failed(bc, settings):
    """A vendor serving many municipalities from one address: one tenant's revoked key must not
    lock out the others (only failing credentials are refused past the limit)."""
    settings.GRANSKA_API_RATES = {**settings.GRANSKA_API_RATES, "anonymous": "3/minute"}
    from django.core.cache import cache

    cache.clear()
    for n in range(5):
        APIClient().get("/api/v1/premises/", HTTP_AUTHORIZATION=f"Bearer gk_revoked{n}")
    assert bc.get("/api/v1/premises/").status_code == 200
    cache.clear()


def test_a_confirmations_own_message_is_swedish_and_english(world):
    """no_conflict_confirmed was DRF's BooleanField (its message from locale/sv); now only JSON
    true or false, with its own message in both languages (api.serializers.fields)."""
    app = world.submit()
    url = f"/api/v1/applications/{app.pk}/actions/assign/"
    officer = officer_for(world.handler)
    response = officer.post(url, {"no_conflict_confirmed": "kanske"}, format="json")
    swedish = "Ska vara true eller false (ett JSON-sanningsvärde), inte text (en sträng)."
    assert response.json()["errors"]["no_conflict_confirmed"] == [swedish]
    english = officer.post(
        url, {"no_conflict_confirmed": "maybe"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["errors"]["no_conflict_confirmed"] == [
        "Must be true or false (a JSON boolean), not text (a string)."
    ]
