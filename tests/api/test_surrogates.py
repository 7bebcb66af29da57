"""A lone surrogate escape ("\\ud800") in a JSON text: Python's json module accepts it, but UTF-8
cannot encode it and PostgreSQL cannot store it (the intake answered 500 from its request hash).
Every JSON endpoint refuses it while parsing: 422 naming the field, 400 when it is in a name."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import booking_body, officer_for
from tests.world import drive
from vetting.models import Application, Kind, State

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"
LONE = "\\ud800"  # as it stands in the raw body: the six characters \ud800


def _raw(body: dict, **texts: str) -> str:
    """The body as JSON with ``texts`` spliced in raw (json.dumps would escape the backslash)."""
    text = json.dumps(body)
    for name, raw in texts.items():
        text = text.replace(f'"@{name}@"', f'"{raw}"')
    return text


def _post(api, url, text, **extra):
    return api.post(url, text, content_type="application/json", **extra)


def _names(response, status=422):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json().get("errors", {})


def test_intake_with_a_lone_surrogate_in_an_unknown_field_is_422_naming_it(bc):
    text = _raw({"title": "ok", "x": "@x@"}, x=LONE)
    response = _post(bc, URL, text, HTTP_IDEMPOTENCY_KEY="k")
    assert list(_names(response)) == ["x"]
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDFFF", "a\\udc00b", "\\ude00\\ud83d"])
def test_intake_names_the_nested_field_of_a_valid_body(bc, escape):
    body = booking_body(association={"org_number": "802000-0017", "name": "@n@"})
    response = _post(bc, URL, _raw(body, n=escape), HTTP_IDEMPOTENCY_KEY="k")
    assert list(_names(response)) == ["association.name"]
    assert not Application.objects.exists()


def test_every_field_with_one_is_named(bc):
    body = booking_body(title="@t@", contact={"name": "@c@", "email": "kim@forening.example"})
    response = _post(bc, URL, _raw(body, t=LONE, c=LONE), HTTP_IDEMPOTENCY_KEY="k")
    assert set(_names(response)) == {"title", "contact.name"}


def test_a_lone_surrogate_in_a_field_name_is_400(bc):
    response = _post(bc, URL, '{"title": "ok", "\\ud800": 1}', HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 400 and response.json()["code"] == "malformed_request"


def test_a_surrogate_pair_is_one_character_and_accepted(bc):
    text = _raw(booking_body(title="@t@"), t="Konsert \\ud83c\\udfb5")
    response = _post(bc, URL, text, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Konsert \U0001f3b5"


def test_an_escaped_backslash_before_u_is_text_and_accepted(bc):
    text = _raw(booking_body(title="@t@"), t="C:\\\\ud800")
    response = _post(bc, URL, text, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "C:\\ud800"


def test_a_key_used_before_is_not_reported_reused_for_such_a_body(bc):
    assert _post(bc, URL, json.dumps(booking_body()), HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    text = _raw(booking_body(description="@d@"), d=LONE)
    response = _post(bc, URL, text, HTTP_IDEMPOTENCY_KEY="k")
    assert list(_names(response)) == ["description"]


def _booking_case(bc, world, state):
    body = bc.post(URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="k").json()
    app = Application.objects.get(reference=body["reference"])
    drive(world, app, state)
    return body["id"], app


def test_client_actions_refuse_it(bc, world):
    pk, _ = _booking_case(bc, world, State.COMMUNICATED)
    response = _post(bc, f"{URL}{pk}/response/", _raw({"response": "@r@"}, r=LONE))
    assert list(_names(response)) == ["response"]
    response = _post(bc, f"{URL}{pk}/withdraw/", _raw({"reason": "@r@"}, r=LONE))
    assert list(_names(response)) == ["reason"]


def test_officer_actions_and_assessments_refuse_it(world):
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.IN_REVIEW)
    api = officer_for(world.handler)
    base = f"/api/v1/applications/{app.pk}"
    response = _post(api, f"{base}/actions/escalate/", _raw({"reason": "@r@"}, r=LONE))
    assert list(_names(response)) == ["reason"]
    body = {"criterion": "OPEN_MEMBERSHIP", "outcome": "pass", "evidence_kind": "fact"}
    text = _raw({**body, "evidence_text": "@e@"}, e=LONE)
    assert list(_names(_post(api, f"{base}/assessments/", text))) == ["evidence_text"]
    response = _post(api, f"{base}/actions/propose/", _raw({"criteria": ["@c@"]}, c=LONE))
    assert list(_names(response)) == ["criteria.0"]
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


@pytest.mark.parametrize(
    "disposition",
    [b'filename="program\xed\xa0\x80.txt"', b"filename*=UTF-8''program%ED%A0%80.txt"],
)
def test_program_upload_with_a_surrogate_in_the_file_name_is_not_a_500(bc, world, disposition):
    pk, _ = _booking_case(bc, world, State.PROGRAM_REVIEW)
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; ' + disposition + b"\r\n"
        b"Content-Type: text/plain\r\n\r\n18.00 K\xc3\xb6r\r\n--B--\r\n"
    )
    response = bc.post(f"{URL}{pk}/program/", body, content_type="multipart/form-data; boundary=B")
    assert response.status_code in (200, 422), response.content  # 422: no file (not UTF-8)


def test_the_reason_is_in_the_callers_language(bc):
    text = _raw({"title": "@t@"}, t=LONE)
    response = _post(bc, URL, text, HTTP_IDEMPOTENCY_KEY="k", HTTP_ACCEPT_LANGUAGE="en")
    assert _names(response)["title"] == [
        "The text contains a lone surrogate (U+D800–U+DFFF), which is not valid Unicode text."
    ]
