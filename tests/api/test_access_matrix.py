"""Every endpoint × every caller: allowed, or 401/403/404 without leaking another's data."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import booking_body, client_for, officer_for
from tests.world import World

pytestmark = pytest.mark.django_db

OFFICERS = ["handler", "decider", "security", "auditor", "admin", "other_handler"]
CALLERS = ["anonymous", "client", "other_client", "revoked_client", *OFFICERS]


def _api(name: str, world: World, ctx: dict[str, Any]) -> APIClient:
    if name == "anonymous":
        return APIClient()
    if name in ("client", "other_client", "revoked_client"):
        return client_for(ctx[name])
    return officer_for(getattr(world, name))


@pytest.fixture
def ctx(world: World, creds, other_creds) -> dict[str, Any]:
    from audit.context import SYSTEM
    from bookings.services import client_create, client_revoke

    revoked = client_create(actor=SYSTEM, name="Spärrad", premises=[world.hall])
    client_revoke(actor=SYSTEM, client=revoked.client)
    api = client_for(creds)
    booking = api.post(
        "/api/v1/booking-requests/", booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="m"
    ).json()
    return {
        "client": creds,
        "other_client": other_creds,
        "revoked_client": revoked,
        "booking": booking["id"],
        "app": world.submit().pk,
    }


DENIED_CLIENT = {"anonymous": 401, "revoked_client": 401, **dict.fromkeys(OFFICERS, 403)}
DENIED_OFFICER = {"anonymous": 401, "revoked_client": 401, "client": 403, "other_client": 403}
OFFICERS_SEE = dict.fromkeys(OFFICERS[:-1], 200)

# (method, path, data, {caller: status}); other callers get the DENIED_* answers.
CLIENT_ENDPOINTS = [
    ("get", "/api/v1/premises/", None, {"client": 200, "other_client": 200}),
    ("get", "/api/v1/booking-requests/", None, {"client": 200, "other_client": 200}),
    ("get", "/api/v1/booking-requests/{booking}/", None, {"client": 200, "other_client": 404}),
    (
        "post",
        "/api/v1/booking-requests/{booking}/withdraw/",
        {"reason": "x"},
        {"client": 200, "other_client": 404},
    ),
    # No supplement was asked for: 409 for the client; another client's request: 404.
    (
        "post",
        "/api/v1/booking-requests/{booking}/supplement/",
        {"text": "Protokollet"},
        {"client": 409, "other_client": 404},
    ),
    # Nothing was communicated yet: 409 for the client; another client's request: 404.
    (
        "post",
        "/api/v1/booking-requests/{booking}/response/",
        {"response": "Vårt yttrande"},
        {"client": 409, "other_client": 404},
    ),
    # No programme was asked for: 409 for the client, before the missing file (the state comes
    # first); another client's request: 404.
    (
        "post",
        "/api/v1/booking-requests/{booking}/program/",
        {},
        {"client": 409, "other_client": 404},
    ),
    ("post", "/api/v1/booking-requests/", "BODY", {"client": 201, "other_client": 201}),
    # Nothing was communicated, so no enclosure: 404 for either client; officers read the
    # documents on the case page (tests/api/test_booking_material.py: the enclosure served).
    (
        "get",
        "/api/v1/booking-requests/{booking}/communications/1/material/1/",
        None,
        {"client": 404, "other_client": 404},
    ),
    # Nothing decided yet: 404 for either client (tests/api/test_booking_decision_document.py).
    (
        "get",
        "/api/v1/booking-requests/{booking}/decision.pdf",
        None,
        {"client": 404, "other_client": 404},
    ),
    (
        "get",
        "/api/v1/booking-requests/{booking}/decisions/1.pdf",
        None,
        {"client": 404, "other_client": 404},
    ),
]
OFFICER_ENDPOINTS = [
    ("get", "/api/v1/applications/", None, {**OFFICERS_SEE, "other_handler": 200}),
    ("get", "/api/v1/applications/{app}/", None, {**OFFICERS_SEE, "other_handler": 404}),
    (
        "post",
        "/api/v1/applications/{app}/actions/assign/",
        {"no_conflict_confirmed": True},
        # The handler takes the case; the administrator is no handler (422); other roles 403.
        {
            "handler": 200,
            "admin": 422,
            "decider": 403,
            "security": 403,
            "auditor": 403,
            "other_handler": 404,
        },
    ),
    (
        "post",
        "/api/v1/applications/{app}/actions/drop_revocation/",
        {"reasons": "Yttrandet visar att villkoren är uppfyllda i sin helhet."},
        # No intended revocation on a submitted case: 409 for whoever sees it, whatever the role.
        {**dict.fromkeys(OFFICERS[:-1], 409), "other_handler": 404},
    ),
    (
        "post",
        "/api/v1/applications/{app}/actions/declare_conflict/",
        {"reason": "Jag är kassör i föreningen."},
        # Every officer who acts on cases declares their own jäv (FL 17 §); an auditor only reads.
        {**dict.fromkeys(OFFICERS[:-1], 200), "auditor": 403, "other_handler": 404},
    ),
    (
        "post",
        "/api/v1/applications/{app}/assessments/",
        {"criterion": "OPEN_MEMBERSHIP", "outcome": "pass"},
        # A submitted case cannot be assessed yet: 409 for whoever sees it.
        {**dict.fromkeys(OFFICERS[:-1], 409), "other_handler": 404},
    ),
    # Operations status: auditors and administrators (who see the whole log anyway).
    (
        "get",
        "/api/v1/ops/status",
        None,
        {**dict.fromkeys(OFFICERS, 403), "auditor": 200, "admin": 200},
    ),
]


def _call(api: APIClient, method: str, path: str, data: Any) -> Any:
    if data == "BODY":
        return api.post(
            path, booking_body(external_ref="m2"), format="json", HTTP_IDEMPOTENCY_KEY="m2"
        )
    if method == "get":
        return api.get(path)
    fmt = "multipart" if path.endswith(("/program/", "/supplement/")) else "json"
    return api.post(path, data, format=fmt)


def _check(response: Any, expected: int, ctx: dict[str, Any], caller: str) -> None:
    status = response.status_code
    assert status == expected, (status, response.content)
    if status >= 400:
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == status and body["code"]
    else:
        assert response["Content-Type"] == "application/json"
    if status == 401:
        assert "WWW-Authenticate" in response
    if caller == "other_client":
        # Nothing of the first client's request leaks to the other client.
        assert '"external_ref":"bk-1"' not in response.content.decode()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path", "data", "allowed"), CLIENT_ENDPOINTS)
def test_client_endpoints(world, ctx, caller, method, path, data, allowed):
    response = _call(_api(caller, world, ctx), method, path.format(**ctx), data)
    expected = allowed.get(caller) or DENIED_CLIENT[caller]
    _check(response, expected, ctx, caller)
    if caller == "other_client" and path == "/api/v1/booking-requests/" and method == "get":
        assert response.json()["results"] == []


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path", "data", "allowed"), OFFICER_ENDPOINTS)
def test_officer_endpoints(world, ctx, caller, method, path, data, allowed):
    response = _call(_api(caller, world, ctx), method, path.format(**ctx), data)
    expected = allowed.get(caller) or DENIED_OFFICER[caller]
    _check(response, expected, ctx, caller)
    if caller == "other_handler" and path == "/api/v1/applications/":
        assert response.json()["results"] == []


def test_role_refusal_names_the_reason(world, ctx):
    response = _api("auditor", world, ctx).post(
        f"/api/v1/applications/{ctx['app']}/actions/assign/",
        {"no_conflict_confirmed": True},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "role"
