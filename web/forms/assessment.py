"""The forms for assessing the criteria, and for registering the statutes they are read from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vetting.models import Assessment, Outcome
from vetting.services.opinion_grounds import CONFIRM_LABEL, GUIDANCE
from web.forms.base import CaseForm, DateInput, PlainForm, criteria_choices, set_choices

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EVIDENCE_KINDS = [
    (k.value, k.label) for k in Assessment.EvidenceKind if k != Assessment.EvidenceKind.NONE
]


class AssessForm(CaseForm):
    criterion = forms.ChoiceField(label=_("Kriterium"))
    # No outcome is preselected: a pass must be chosen, never submitted by accident.
    outcome = forms.ChoiceField(
        label=_("Bedömning"),
        choices=[("", "–"), *Outcome.choices],
        error_messages={"required": _("Välj en bedömning.")},
        help_text=GUIDANCE,
    )
    # Every assessment rests on evidence: "no evidence" is not offered, and a missing kind or
    # text is refused by the service, which says what is needed.
    evidence_kind = forms.ChoiceField(
        label=_("Typ av underlag"),
        choices=[("", "–"), *EVIDENCE_KINDS],
        required=False,
        help_text=_(
            "Varje bedömning ska ha underlag, även ett uppfyllt kriterium. För ej tillämpligt "
            "räcker ett konstaterat faktum om varför."
        ),
    )
    # Taken as typed, line breaks as the browser sends them (CRLF): a statute quote matches the
    # statutes whitespace aside and is recorded as the statutes' own text of each passage
    # (vetting.services.quotes.validate_passages, Assessment.PASSAGE_BREAK); a fact is
    # recorded as typed, as it is from the API.
    evidence_text = forms.CharField(
        label=_("Underlag: citat ur stadgarna eller konstaterat faktum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Dokument som underlag"),
        required=False,
        help_text=_(
            "Beskriv dokumentet i fältet ovan: beskrivningen står med dokumentets namn i beslutet "
            "och i kommuniceringen, som skickas med dokumentet som bilaga."
        ),
    )
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea)
    # RF 2:21: asked for by the service when a fail's words speak of opinions or affiliation.
    confirm_not_opinion = forms.BooleanField(label=CONFIRM_LABEL, required=False)
    evidence_start = forms.IntegerField(
        label=_("Citatets början i stadgarna"), required=False, widget=forms.HiddenInput
    )
    evidence_end = forms.IntegerField(
        label=_("Citatets slut i stadgarna"), required=False, widget=forms.HiddenInput
    )
    followed_reader = forms.NullBooleanField(
        label=_("Följer stadgeläsarens förslag"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["criterion"], criteria_choices(self.app))
        if not self.is_bound and str(self.initial.get("followed_reader")).lower() == "false":
            self._start_from_reader()

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        from vetting.services.assessments import assessment_input_problems

        return assessment_input_problems(cleaned)

    def _start_from_reader(self) -> None:
        """Overriding the statute reader starts from its proposal (outcome and evidence), so the
        officer changes what they disagree with instead of retyping the rest."""
        from vetting.reader_proposals import reader_proposals

        code = self.initial.get("criterion")
        proposal = next((p for p in reader_proposals(self.app) if p.criterion_code == code), None)
        if proposal is None:
            return
        self.initial.setdefault("outcome", proposal.outcome)
        if proposal.evidence_kind != Assessment.EvidenceKind.NONE:
            self.initial.setdefault("evidence_kind", proposal.evidence_kind)
            self.initial.setdefault("evidence_text", proposal.evidence_text)


class AcceptReaderForm(CaseForm):
    criterion = forms.CharField(label=_("Kriterium"), widget=forms.HiddenInput)


class StatutesForm(PlainForm):
    adopted_on = forms.DateField(label=_("Antagna (datum)"), widget=DateInput)
    file = forms.FileField(
        label=_("Stadgarna som fil (PDF, DOCX eller text)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,.md,.html"}),
    )
    text = forms.CharField(
        label=_("…eller klistra in texten"), required=False, widget=forms.Textarea
    )
