"""Text input is a string: DRF's CharField took 42 as "42" (an applicant's response, a reason,
an external_ref recorded as if written). Every text field of every input serializer of the
booking-system and officer endpoints refuses a number, a boolean, a list and an object, naming
the field; a string passes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework import serializers

from api.serializers import booking as b
from api.serializers.officer import assessments as o
from api.views.officer import ACTIONS
from tests.api.conftest import booking_body, post_booking
from tests.world import drive
from vetting.models import Application, State

INPUTS: list[type[serializers.Serializer]] = [
    b.BookingRequestCreateSerializer,
    b.SupplementUploadSerializer,
    b.RespondSerializer,
    b.WithdrawSerializer,
    o.AssessmentInputSerializer,
    *{spec.serializer for spec in ACTIONS.values()},
]
pytestmark = pytest.mark.django_db
NOT_STRINGS = [42, 4.5, True, ["text"], {"text": "text"}]


def text_fields(serializer: serializers.Serializer, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, field) of every text field, nested ones as ``association.name``; a list of texts
    by the list's name."""
    for name, field in serializer.fields.items():
        path = f"{prefix}{name}"
        if isinstance(field, serializers.Serializer):
            yield from text_fields(field, f"{path}.")
        elif isinstance(getattr(field, "child", field), serializers.CharField):
            yield path, field


def nested(path: str, value: Any) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    return {head: nested(rest, value) if rest else value}


CASES = [
    pytest.param(cls, path, id=f"{cls.__name__}.{path}")
    for cls in sorted(INPUTS, key=lambda c: c.__name__)
    for path, _ in text_fields(cls())
]


def test_the_table_covers_the_text_fields_the_tester_found():
    ids = {f"{cls.__name__}.{path}" for cls, path in (c.values for c in CASES)}
    assert {
        "RespondSerializer.response",
        "BookingRequestCreateSerializer.external_ref",
        "BookingRequestCreateSerializer.contact.email",
        "WithdrawSerializer.reason",
        "DecideInput.criteria",
        "RecordResponseInput.response",
    } <= ids


@pytest.mark.parametrize(("cls", "path"), CASES)
@pytest.mark.parametrize("value", NOT_STRINGS, ids=repr)
def test_a_text_field_refuses_what_is_not_a_string_naming_the_field(cls, path, value):
    field = dict(text_fields(cls()))[path]
    sent = [value] if isinstance(field, serializers.ListField) else value
    serializer = cls(data=nested(path, sent), partial=True)
    assert not serializer.is_valid()
    errors: Any = serializer.errors
    for part in path.split("."):
        errors = errors[part]
    if isinstance(field, serializers.ListField):
        errors = errors[0]
    assert [e.code for e in errors] == ["not_a_string"]


@pytest.mark.parametrize(("cls", "path"), CASES)
def test_a_text_field_takes_a_string(cls, path):
    field = dict(text_fields(cls()))[path]
    text = "kim@forening.example" if isinstance(field, serializers.EmailField) else "Text"
    if path.endswith("org_number"):  # a text checked further: a valid number
        text = "802000-0017"
    sent = [text] if isinstance(field, serializers.ListField) else text
    assert field.run_validation(sent) == sent


def test_a_number_as_the_applicants_response_is_422_and_the_real_one_still_counts(bc, world):
    body = post_booking(bc).json()
    drive(world, Application.objects.get(reference=body["reference"]), State.COMMUNICATED)
    url = f"/api/v1/booking-requests/{body['id']}/response/"
    number = bc.post(url, {"response": 42}, format="json")
    assert number.status_code == 422 and list(number.json()["errors"]) == ["response"]
    assert "response: Ska vara text (en sträng), inte ett tal." in number.json()["detail"]
    assert bc.post(url, {"response": "Vi bestrider."}, format="json").status_code == 200


def test_a_number_as_external_ref_is_422_in_the_callers_language(bc):
    answer = bc.post(
        "/api/v1/booking-requests/",
        booking_body(external_ref=5),
        format="json",
        HTTP_IDEMPOTENCY_KEY="key-1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"external_ref": ["Must be text (a string), not a number."]}


def test_a_number_as_the_reason_for_withdrawing_is_422(bc):
    body = post_booking(bc).json()
    url = f"/api/v1/booking-requests/{body['id']}/withdraw/"
    answer = bc.post(url, {"reason": 7}, format="json")
    assert answer.status_code == 422 and list(answer.json()["errors"]) == ["reason"]
    assert bc.get(f"/api/v1/booking-requests/{body['id']}/").json()["state"] == "submitted"
