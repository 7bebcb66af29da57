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


def test_the_admin_and_the_officers_page_take_the_application_itself_alike():
    """The application's own document, on registering a case: optional, kept as the case's
    inkommen handling, and said so in both places."""
    from vetting.admin_intake import ApplicationIntakeForm
    from web.forms.registration import RegisterApplicationForm

    admin_field = ApplicationIntakeForm.base_fields["document"]
    page_field = RegisterApplicationForm.base_fields["document"]
    for field in (admin_field, page_field):
        assert isinstance(field, forms.FileField) and not field.required
        assert str(field.label) == "Ansökan (fil)"
        assert "sparas i ärendet som inkommen handling" in str(field.help_text)
    assert admin_field is not page_field  # each form its own field
