"""The admin's form per transition: what the action's service takes (the officers' pages have
their own, in web/forms; tests/vetting/test_admin_transitions.py keeps the two in step). A rule
is the service's: the forms collect the input, and the service's refusals are shown at the field
they name (vetting.admin_transitions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vetting import roles
from vetting.models import Application, DecisionOutcome, Escalation, ProgramReview, State
from vetting.models.kinds import CHOSEN_HEARING_EXCEPTIONS
from vetting.selectors import eligible_handlers, expected_handler, proposal_version
from vetting.services.opinion_grounds import CONFIRM_LABEL as NOT_OPINION_LABEL

CONFIRM_LABEL = _("Jag bekräftar att jag inte är jävig i förhållande till föreningen")

# Whether a registered response objects to what was communicated (the pages' and the admin's).
CONTESTS_CHOICES = [
    ("yes", _("Ja, sökanden invänder mot förslaget (helt eller delvis)")),
    ("no", _("Nej, sökanden har inget att invända")),
]
CONTESTS_HELP = _(
    "Invänder sökanden ska beslutet bemöta invändningarna (FL 32 §). Har sökanden inget att "
    "invända står det i beslutet."
)


class TransitionForm(forms.Form):
    """A form about one case, for one user (the admin passes both)."""

    def __init__(
        self, *args: Any, app: Application | None = None, user: Any = None, **kwargs: Any
    ) -> None:
        self.app, self.user = app, user
        super().__init__(*args, **kwargs)


def _confirmation() -> forms.BooleanField:
    # Not required by the form: the service refuses a missing confirmation, with its own text.
    return forms.BooleanField(label=CONFIRM_LABEL, required=False)


def _not_opinion() -> forms.BooleanField:
    # RF 2:21: the service asks for it when a refusal's or a revocation's words speak of
    # opinions or affiliation.
    return forms.BooleanField(label=NOT_OPINION_LABEL, required=False)


def _day(label: Any, help_text: Any = "") -> forms.DateField:
    """A day picked in the browser's calendar; not required (empty: the service's default)."""
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput({"type": "date"}), help_text=help_text
    )


def _received_on(label: Any) -> forms.DateField:
    return _day(label, _("Den dag det kom in till kommunen; inte i framtiden. Tomt: i dag."))


class CriterionCodes(forms.CharField):
    """Criteria by their codes, comma-separated ("c1, C2"): cleaned to ``["C1", "C2"]``."""

    def clean(self, value: Any) -> list[str]:
        raw = super().clean(value) or ""
        return [code.strip().upper() for code in raw.split(",") if code.strip()]


def application_document_field() -> forms.FileField:
    """The application itself, kept with the case as its inkommen handling "ansökan" when a case
    is registered (``application_register``'s ``document``): on the officers' page and in the
    admin alike."""
    return forms.FileField(
        label=_("Ansökan (fil)"),
        required=False,
        help_text=_(
            "Den inskannade ansökan eller e-tjänstens PDF (PDF, PNG, JPEG eller text). "
            "Den sparas i ärendet som inkommen handling."
        ),
    )


def _scanned_file() -> forms.FileField:
    label = _("Inskannad handling (PDF, PNG, JPEG eller text)")
    return forms.FileField(label=label, required=False)


def _short_deadline_reason() -> forms.CharField:
    """Why a deadline is shorter than the minimum (FL 25 §, vetting.services.response_time)."""
    return forms.CharField(
        label=_("Skäl till kortare svarstid (bara om svarstiden är kortare än normalt)"),
        widget=forms.Textarea,
        required=False,
    )


def _hearing_exception(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "---------"), *((e.value, e.label) for e in CHOSEN_HEARING_EXCEPTIONS)],
        required=False,
    )


class AssignForm(TransitionForm):
    """Taking the case, or taking it over; an administrator may give it to a handler."""

    no_conflict_confirmed = _confirmation()
    # Why the case is taken over (optional; shown on the timeline, ADR 0014).
    reason = forms.CharField(
        label=_("Skäl till övertagandet (frivilligt)"), widget=forms.Textarea, required=False
    )
    # The handler the form showed: another officer's take meanwhile is refused (409).
    expected_handler = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.app is not None:
            self.initial["expected_handler"] = expected_handler(self.app)
        if self.app is None or self.app.state == State.SUBMITTED:
            del self.fields["reason"]  # taking a new case: nothing is taken from anyone
        if self.app is not None and roles.has_role(self.user, roles.ADMINISTRATOR):
            self.fields["handler"] = forms.ModelChoiceField(
                label=_("Handläggare"),
                queryset=eligible_handlers(self.app).exclude(pk=self.app.handler_id),
                required=False,
                empty_label=_("– jag själv –"),
            )
            self.order_fields(["handler", "no_conflict_confirmed", "reason"])

    def clean_expected_handler(self) -> str | None:
        """None (not checked) when the form did not carry it; "" when it showed no handler."""
        if "expected_handler" not in self.data:
            return None
        return str(self.cleaned_data.get("expected_handler") or "")


class SupplementForm(TransitionForm):
    what = forms.CharField(label=_("Vad ska kompletteras?"), widget=forms.Textarea)
    due = _day(_("Senast"))
    short_deadline_reason = _short_deadline_reason()


class NoteForm(TransitionForm):
    note = forms.CharField(label=_("Anteckning"), widget=forms.Textarea, required=False)


class WriteOffForm(NoteForm):
    """A write-off is a decision (ADR 0025): the decision maker confirms no jäv."""

    no_conflict_confirmed = _confirmation()


class ReceiveSupplementForm(NoteForm):
    received_on = _received_on(_("Kompletteringen inkom (datum)"))
    file = _scanned_file()


class ProgramReviewForm(TransitionForm):
    reason = forms.CharField(label=_("Skäl till programgranskning"), widget=forms.Textarea)
    due = _day(_("Programmet senast"))
    short_deadline_reason = _short_deadline_reason()


class ProgramResultForm(TransitionForm):
    result = forms.ChoiceField(label=_("Resultat"), choices=ProgramReview.Result.choices)
    notes = forms.CharField(label=_("Motivering"), widget=forms.Textarea)
    # A programme not accepted names the criterion it breaks (the service checks the code).
    criterion = forms.CharField(
        label=_("Kriterium som programmet strider mot (kod; krävs när programmet inte godtas)"),
        required=False,
        max_length=40,
    )


class ReasonForm(TransitionForm):
    reason = forms.CharField(label=_("Skäl"), widget=forms.Textarea)


class ConcludeEscalationForm(TransitionForm):
    conclusion = forms.ChoiceField(label=_("Slutsats"), choices=Escalation.Conclusion.choices)
    notes = forms.CharField(label=_("Anteckningar (begränsad åtkomst)"), widget=forms.Textarea)


class ProposeForm(TransitionForm):
    outcome = forms.ChoiceField(
        label=_("Förslag"),
        choices=[("", "–"), *(c for c in DecisionOutcome.choices if c[0] != "revoked")],
        error_messages={"required": _("Välj ett utfall.")},
    )
    amount = forms.DecimalField(label=_("Belopp (kr)"), required=False, decimal_places=2)
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea, required=False)
    criteria = CriterionCodes(
        label=_("Åberopade kriterier (koder, kommaseparerade)"), required=False
    )
    confirm_not_opinion = _not_opinion()


class CommunicateForm(TransitionForm):
    due = _day(_("Svar senast"))
    short_deadline_reason = _short_deadline_reason()


class ResponseForm(TransitionForm):
    response = forms.CharField(label=_("Sökandens yttrande"), widget=forms.Textarea)
    received_on = _received_on(_("Yttrandet inkom (datum)"))
    file = _scanned_file()
    contests = forms.TypedChoiceField(
        label=_("Invänder sökanden?"),
        choices=CONTESTS_CHOICES,
        coerce=lambda value: value != "no",
        empty_value=True,  # type: ignore[arg-type]  # returned as is (the stubs say text)
        required=False,
        initial="yes",
        help_text=CONTESTS_HELP,
    )


class DropRevocationForm(TransitionForm):
    reasons = forms.CharField(label=_("Skäl att inte återkalla"), widget=forms.Textarea)
    no_conflict_confirmed = _confirmation()  # a decision on the grant, as revoking is


class ReturnForm(TransitionForm):
    reasons = forms.CharField(label=_("Varför återförvisas ärendet?"), widget=forms.Textarea)


class DecideForm(TransitionForm):
    """The outcome is the transition's; blank reasons, amount and criteria are the proposal's."""

    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea, required=False)
    amount = forms.DecimalField(label=_("Beviljat belopp (kr)"), required=False, decimal_places=2)
    criteria = CriterionCodes(
        label=_("Åberopade kriterier (koder, kommaseparerade)"), required=False
    )
    no_conflict_confirmed = _confirmation()
    confirm_not_opinion = _not_opinion()
    # After the applicant's response to the kommunicering: how the decision deals with it.
    response_considered = forms.CharField(
        label=_("Sökandens synpunkter och nämndens bedömning"),
        widget=forms.Textarea,
        required=False,
    )
    # The proposal the form showed: the service refuses the decision if it changed meanwhile.
    proposal_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.app is not None and not self.is_bound:
            self.initial["proposal_version"] = proposal_version(self.app)


class DecideWithoutHearingForm(DecideForm):
    """An adverse proposal decided without kommunicering: the FL 25 § exception and why it
    applies (ADR 0026)."""

    hearing_exception = _hearing_exception(_("Undantag från kommunicering (25 § andra stycket FL)"))
    applicant_heard = forms.CharField(
        label=_("Varför undantaget gäller (de faktiska omständigheterna)"),
        widget=forms.Textarea,
        required=False,
    )


class PayForm(TransitionForm):
    reference = forms.CharField(label=_("Verifikation / betalningsreferens"), max_length=100)
    amount = forms.DecimalField(
        label=_("Utbetalt belopp (kr, tomt: det beviljade)"), required=False, decimal_places=2
    )
    paid_on = _day(_("Utbetalningsdag (tomt: i dag)"))


class RevokeForm(TransitionForm):
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea)
    criteria = CriterionCodes(label=_("Villkor som inte är uppfyllda (koder)"))
    reclaim_amount = forms.DecimalField(label=_("Återkrav (kr)"), required=False, decimal_places=2)
    repayment_due = _day(_("Återkravet ska vara betalt senast"))
    # An adverse decision: the applicant is heard on the intended revocation first (FL 25 §,
    # ADR 0015); without that hearing the decision maker names the exception and why.
    hearing_exception = _hearing_exception(
        _("Undantag från kommunicering (bara utan kommunicering av återkallandet)")
    )
    applicant_heard = forms.CharField(
        label=_("Varför undantaget gäller, eller annat om hörandet"),
        widget=forms.Textarea,
        required=False,
    )
    no_conflict_confirmed = _confirmation()
    confirm_not_opinion = _not_opinion()
    # After an objecting response to the intended revocation: how the revocation answers it.
    response_considered = forms.CharField(
        label=_("Sökandens synpunkter och nämndens bedömning"),
        widget=forms.Textarea,
        required=False,
    )


class CommunicateRevocationForm(TransitionForm):
    reasons = forms.CharField(label=_("Skäl för det avsedda återkallandet"), widget=forms.Textarea)
    criteria = CriterionCodes(label=_("Villkor som inte är uppfyllda (koder)"))
    reclaim_amount = forms.DecimalField(label=_("Återkrav (kr)"), required=False, decimal_places=2)
    due = _day(_("Svar senast"))
    short_deadline_reason = _short_deadline_reason()
    confirm_not_opinion = _not_opinion()


# Transition method name -> form.
TRANSITION_FORMS: dict[str, type[TransitionForm]] = {
    "assign": AssignForm,
    "take_over": AssignForm,
    "request_supplement": SupplementForm,
    "receive_supplement": ReceiveSupplementForm,
    "write_off": WriteOffForm,
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
    "decide_reject_without_hearing": DecideWithoutHearingForm,
    "decide_partly_without_hearing": DecideWithoutHearingForm,
    "pay": PayForm,
    "communicate_revocation": CommunicateRevocationForm,
    "record_revocation_response": ResponseForm,
    "revoke": RevokeForm,
    "revoke_without_hearing": RevokeForm,
    "drop_revocation": DropRevocationForm,
    "withdraw": ReasonForm,
}
