"""The FL 25 § exception a decision or a revocation may name (``hearing_exception_field``): one
of those an officer may choose, or blank (the default: none)."""

from __future__ import annotations

import pytest

from api.serializers.officer.decisions import DecideInput, RevokeInput
from vetting.models.kinds import CHOSEN_HEARING_EXCEPTIONS


@pytest.mark.parametrize("serializer", [DecideInput, RevokeInput])
def test_an_exception_is_one_of_those_chosen_or_none(serializer):
    for value in ["", *(e.value for e in CHOSEN_HEARING_EXCEPTIONS)]:
        given = serializer(data={"hearing_exception": value})
        given.is_valid()
        assert "hearing_exception" not in given.errors, value
    other = serializer(data={"hearing_exception": "it_was_urgent_enough"})
    other.is_valid()
    assert "hearing_exception" in other.errors
    field = serializer().fields["hearing_exception"]
    assert not field.required and field.default == ""
    assert "hearing_exception" in str(field.help_text) and " / " in str(field.help_text)
