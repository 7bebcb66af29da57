"""One form per transition: exactly what the action needs. Used by the admin and the pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vetting.models import DecisionOutcome, Escalation, ProgramReview

CONFIRM_LABEL = _("Jag bekräftar att jag inte är jävig i förhållande till föreningen")


class AssignForm(forms.Form):
    no_conflict_confirmed = forms.BooleanField(label=CONFIRM_LABEL)


class SupplementForm(forms.Form):
    what = forms.CharField(label=_("Vad ska kompletteras?"), widget=forms.Textarea)
    due = forms.DateField(
        label=_("Senast"), required=False, widget=forms.DateInput({"type": "date"})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Anteckning"), widget=forms.Textarea, required=False)


class ProgramReviewForm(forms.Form):
    reason = forms.CharField(label=_("Skäl till programgranskning"), widget=forms.Textarea)
    due = forms.DateField(
        label=_("Programmet senast"), required=False, widget=forms.DateInput({"type": "date"})
    )


class ProgramResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Resultat"), choices=ProgramReview.Result.choices)
    notes = forms.CharField(label=_("Motivering"), widget=forms.Textarea)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Skäl"), widget=forms.Textarea)


class ConcludeEscalationForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("Slutsats"), choices=Escalation.Conclusion.choices)
    notes = forms.CharField(label=_("Anteckningar (begränsad åtkomst)"), widget=forms.Textarea)


class ProposeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Förslag"),
        choices=[c for c in DecisionOutcome.choices if c[0] != DecisionOutcome.REVOKED],
    )
    amount = forms.DecimalField(label=_("Belopp (kr)"), required=False, decimal_places=2)
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea, required=False)
    criteria = forms.CharField(
        label=_("Åberopade kriterier (koder, kommaseparerade)"), required=False
    )

    def clean_criteria(self) -> list[str]:
        raw = self.cleaned_data.get("criteria") or ""
        return [code.strip().upper() for code in raw.split(",") if code.strip()]


class CommunicateForm(forms.Form):
    due = forms.DateField(
        label=_("Svar senast"), required=False, widget=forms.DateInput({"type": "date"})
    )


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Sökandens yttrande"), widget=forms.Textarea)


class ReturnForm(forms.Form):
    reasons = forms.CharField(label=_("Varför återförvisas ärendet?"), widget=forms.Textarea)


class DecideForm(forms.Form):
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea, required=False)
    amount = forms.DecimalField(label=_("Beviljat belopp (kr)"), required=False, decimal_places=2)
    no_conflict_confirmed = forms.BooleanField(label=CONFIRM_LABEL)


class PayForm(forms.Form):
    reference = forms.CharField(label=_("Verifikation / betalningsreferens"), required=False)


class RevokeForm(forms.Form):
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea)
    criteria = forms.CharField(label=_("Villkor som inte är uppfyllda (koder)"))
    reclaim_amount = forms.DecimalField(label=_("Återkrav (kr)"), required=False, decimal_places=2)
    repayment_due = forms.DateField(
        label=_("Återkravet ska vara betalt senast"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    # An adverse decision: how and when the applicant could answer first (FL 25 §); the service
    # refuses a revocation without it, so the admin's form asks for it as the pages' does.
    applicant_heard = forms.CharField(
        label=_("Sökanden har fått yttra sig över underlaget (hur och när)"), widget=forms.Textarea
    )
    no_conflict_confirmed = forms.BooleanField(label=CONFIRM_LABEL)

    def clean_criteria(self) -> list[str]:
        raw = self.cleaned_data.get("criteria") or ""
        return [code.strip().upper() for code in raw.split(",") if code.strip()]


# Transition method name -> form.
TRANSITION_FORMS: dict[str, type[forms.Form]] = {
    "assign": AssignForm,
    "request_supplement": SupplementForm,
    "receive_supplement": NoteForm,
    "write_off": NoteForm,
    "start_program_review": ProgramReviewForm,
    "complete_program_review": ProgramResultForm,
    "escalate": ReasonForm,
    "conclude_escalation": ConcludeEscalationForm,
    "propose": ProposeForm,
    "communicate": CommunicateForm,
    "record_response": ResponseForm,
    "return_to_review": ReturnForm,
    "decide_approve": DecideForm,
    "decide_approve_after_communication": DecideForm,
    "decide_reject": DecideForm,
    "pay": PayForm,
    "revoke": RevokeForm,
    "withdraw": ReasonForm,
}
