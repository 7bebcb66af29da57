"""A nested object (association, contact) given as something else is refused under the field's
own name, in words; a body that is JSON but not an object gets a clear top-level message. DRF's
said "Förväntade en dictionary, men fick str" under association.non_field_errors."""

from __future__ import annotations

import pytest

from tests.api.conftest import booking_body, officer_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"
PYTHON = ("dictionary", "str", "list", "int", "dict")


def _post(bc, body, language="sv"):
    return bc.post(
        URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k", HTTP_ACCEPT_LANGUAGE=language
    )


@pytest.mark.parametrize("field", ["association", "contact"])
@pytest.mark.parametrize(("value", "kind"), [("Föreningen", "text (en sträng)"), ([], "en lista")])
def test_a_nested_object_of_another_kind_is_named_by_its_field(bc, field, value, kind):
    response = _post(bc, booking_body(**{field: value}))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == [field]
    [message] = errors[field]
    assert message.startswith("Ska vara ett objekt med fälten ") and message.endswith(f"{kind}.")
    assert not any(word in message.split() for word in PYTHON)


def test_in_english_too(bc):
    [message] = _post(bc, booking_body(contact=5), "en").json()["errors"]["contact"]
    assert message == "Must be an object with the fields name, email, not a number."


@pytest.mark.parametrize("body", ['"text"', "42", "[1, 2]"])
def test_a_body_that_is_not_an_object_says_so(bc, body):
    response = bc.generic(
        "POST", URL, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 422
    [message] = response.json()["errors"]["non_field_errors"]
    assert message.startswith("Kroppen ska vara ett JSON-objekt")
    assert "dictionary" not in message


def test_an_officers_body_that_is_not_an_object_says_so(world):
    app = world.submit()
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{app.pk}/actions/assign/", [1], format="json"
    )
    assert response.status_code == 422, response.json()
    [message] = response.json()["errors"]["non_field_errors"]
    assert message.startswith("Kroppen ska vara ett JSON-objekt")
