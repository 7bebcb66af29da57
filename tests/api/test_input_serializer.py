"""The intake's input serializers validate as DRF's own would: same results, same errors."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from api.serializers import fields as api_fields
from api.serializers.booking import BookingRequestCreateSerializer
from api.serializers.fields import InputSerializer, TextField
from bench.intake import booking_body


def outcome(run: Any, value: Any) -> Any:
    try:
        return "ok", run(value)
    except ValidationError as exc:
        return "error", exc.detail, exc.get_codes()


@pytest.mark.parametrize(
    "text", ["", "plain", "ä😀", "a\ud800b", "\udfff", "x" * 50 + "\udbff\udc00" + "\ud834"]
)
def test_a_surrogate_is_refused_as_drf_refuses_it(text: str) -> None:
    assert [type(v) for v in TextField().validators].count(
        ProhibitSurrogateCharactersValidator
    ) == 0
    ours = outcome(TextField(allow_blank=True).run_validation, text)
    drfs = outcome(serializers.CharField(allow_blank=True).run_validation, text)
    assert ours == drfs


class Checked(InputSerializer):
    name = TextField()
    stamp = serializers.CharField(read_only=True, default="fixed")

    class Meta:
        validators = [lambda attrs: seen.append(dict(attrs))]


seen: list[dict[str, Any]] = []


def test_a_serializer_with_validators_still_runs_them_with_read_only_defaults() -> None:
    seen.clear()
    serializer = Checked()
    assert serializer.run_validation({"name": "A"}) == {"name": "A"}
    assert serializer.run_validation({"name": "B"}) == {"name": "B"}
    assert seen == [{"stamp": "fixed", "name": "A"}, {"stamp": "fixed", "name": "B"}]
    assert [f.field_name for f in serializer._writable_fields] == ["name"]


def bodies() -> list[Any]:
    good = booking_body("ref-1", ["802000-0017"])
    wrong: list[Any] = [good, [], "x", {}, {**good, "extra": 1}]
    for name, bad in [
        ("external_ref", 7), ("external_ref", ""), ("premises", None), ("title", "\u202eevil"),
        ("starts_at", "2027-03-14T18:00:00"), ("ends_at", "2020-01-01T00:00:00Z"),
        ("expected_attendance", "80"), ("expected_attendance", 0), ("description", None),
        ("association", {"org_number": "802000-0018", "name": ""}), ("association", "x"),
        ("contact", {"name": "K", "email": "not-an-address"}), ("contact", {}),
    ]:  # fmt: skip
        wrong.append({**good, name: bad})
    wrong.append({k: v for k, v in good.items() if k != "association"})
    return wrong


@pytest.mark.parametrize("body", bodies())
def test_booking_input_validates_as_drfs_serializer(body: Any, monkeypatch: Any) -> None:
    ours = outcome(BookingRequestCreateSerializer().run_validation, body)
    monkeypatch.setattr(
        InputSerializer, "_writable_fields", serializers.Serializer._writable_fields
    )
    monkeypatch.setattr(InputSerializer, "run_validators", serializers.Serializer.run_validators)
    drf_check = ProhibitSurrogateCharactersValidator.__call__
    monkeypatch.setattr(api_fields._ProhibitSurrogates, "__call__", drf_check)
    assert outcome(BookingRequestCreateSerializer().run_validation, body) == ours
