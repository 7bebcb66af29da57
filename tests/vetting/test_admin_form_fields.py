"""The admin's transition forms (``vetting.forms``): criteria are read as codes, comma-separated,
and required where the service needs them; the days (a deadline, a payment, a repayment) are
picked in the browser's calendar and may be left empty for the service's default."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms

from vetting.forms import TRANSITION_FORMS

CRITERIA_FORMS = {  # transition -> whether the criteria are required
    "propose": False,
    "decide_reject": False,
    "decide_reject_without_hearing": False,
    "communicate_revocation": True,
    "revoke": True,
}
DAYS = {
    "request_supplement": "due",
    "start_program_review": "due",
    "communicate": "due",
    "communicate_revocation": "due",
    "pay": "paid_on",
    "revoke": "repayment_due",
    "receive_supplement": "received_on",
    "record_response": "received_on",
}


@pytest.mark.parametrize("transition", CRITERIA_FORMS)
def test_criteria_are_read_as_codes(transition):
    form = TRANSITION_FORMS[transition](data={"criteria": " no_violent_extremism, ,c2 "})
    form.is_valid()
    assert form.cleaned_data["criteria"] == ["NO_VIOLENT_EXTREMISM", "C2"]
    empty = TRANSITION_FORMS[transition](data={"criteria": ""})
    empty.is_valid()
    if CRITERIA_FORMS[transition]:
        assert "criteria" in empty.errors
    else:
        assert empty.cleaned_data["criteria"] == []


@pytest.mark.parametrize(("transition", "name"), DAYS.items())
def test_a_day_is_picked_in_the_calendar_and_may_be_left_empty(transition, name):
    form = TRANSITION_FORMS[transition]()
    field = form.fields[name]
    assert isinstance(field, forms.DateField) and not field.required
    assert field.widget.input_type == "date"
    bound = TRANSITION_FORMS[transition](data={name: "2026-12-01"})
    bound.is_valid()
    assert bound.cleaned_data[name] == date(2026, 12, 1) and name not in bound.errors
    received = "Den dag det kom in till kommunen"
    assert (received in str(field.help_text)) == (name == "received_on")
