"""Confirming the party of a case whose applicant's name differs from the association's
(``vetting.services.party``, ADR 0020)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from web.forms.base import CaseForm


class ConfirmPartyForm(CaseForm):
    party_checked = forms.BooleanField(required=False)
    note = forms.CharField(
        label=_("Hur du kontrollerade parten (valfritt)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel: kontaktpersonen bekräftade i telefon att föreningen bytt namn."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.app.association
        self.fields["party_checked"].label = format_lazy(
            _(
                "Jag har kontrollerat att ansökan kommer från {registered} (org.nr {number}), "
                "fast sökanden angav namnet ”{given}”."
            ),
            registered=association.name,
            number=association.org_number,
            given=self.app.applicant_name,
        )
