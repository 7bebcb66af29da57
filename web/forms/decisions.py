"""The case page's forms from the proposal on: proposal, kommunicering and the applicant's
response, decision and correction, underrättelse and payment (revocation: ``revocation``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.facts import amount_text
from vetting.forms import CONTESTS_CHOICES, CONTESTS_HELP
from vetting.models import DecisionNotice, DecisionOutcome, State
from vetting.models.kinds import CHOSEN_HEARING_EXCEPTIONS
from vetting.selectors import proposal_version
from vetting.services.decision_checks import (
    answered_hearing,
)
from vetting.services.notices import channel_choices
from vetting.services.opinion_grounds import CONFIRM_LABEL, GUIDANCE
from vetting.services.payments import payment_reference_problem
from vetting.services.proposals import outcomes_for
from vetting.services.reasons import (
    MIN_APPROVAL_CHARS,
    MIN_APPROVAL_WORDS,
    outcome_input_problems,
    with_reason_floor,
)
from web.forms.base import (
    NO_CONFLICT_LABEL,
    CaseForm,
    DateInput,
    criteria_choices,
    received_on_field,
    scanned_file_field,
    set_choices,
    short_deadline_field,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PROPOSAL_OUTCOMES = [
    (DecisionOutcome.APPROVED.value, DecisionOutcome.APPROVED.label),
    (DecisionOutcome.PARTLY_APPROVED.value, DecisionOutcome.PARTLY_APPROVED.label),
    (DecisionOutcome.REJECTED.value, DecisionOutcome.REJECTED.label),
]
# What the reasons of an adverse decision must say (vetting.services.reasons, FL 32 §).
ADVERSE_REASONS_HELP = with_reason_floor(
    _(
        "Vid avslag och delvis bifall: ange vilka regler (kriterier) och vilka avgörande "
        "omständigheter beslutet grundar sig på, med minst {words} ord och {chars} tecken "
        "(FL 32 §)."
    )
)
APPROVAL_REASONS_HELP = format_lazy(
    _(
        "Vid bifall i sin helhet får motiveringen lämnas tom; skriver du en ska den ha minst "
        "{words} ord och {chars} tecken och säga mer än utfallet."
    ),
    words=MIN_APPROVAL_WORDS,
    chars=MIN_APPROVAL_CHARS,
)


class OutcomeForm(CaseForm):
    """Outcome, amount, reasons and criteria: proposals, decisions and corrections."""

    # Nothing preselected: an outcome is chosen, never submitted by accident.
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[("", "–"), *PROPOSAL_OUTCOMES],
        error_messages={"required": _("Välj ett utfall.")},
        help_text=GUIDANCE,
    )
    amount = forms.DecimalField(
        label=_("Belopp (kr)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    reasons = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea,
        help_text=format_lazy("{} {}", ADVERSE_REASONS_HELP, APPROVAL_REASONS_HELP),
    )
    criteria = forms.MultipleChoiceField(
        label=_("Åberopade kriterier"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vid avslag: de kriterier som inte är uppfyllda."),
    )
    # RF 2:21: asked for by the service when a refusal's words speak of opinions or affiliation.
    confirm_not_opinion = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    correction = False  # a correction always says why

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["criteria"], criteria_choices(self.app))
        # Only the outcomes the case's kind allows are offered (no partly approved for a
        # premises rental). The field still takes the others, so that one posted anyway gets
        # the service's refusal, which names the outcome, not the form's "not a valid choice".
        allowed = outcomes_for(self.app)
        widget = self.fields["outcome"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", "–"), *(c for c in PROPOSAL_OUTCOMES if c[0] in allowed)]
        if not self.app.is_grant:
            del self.fields["amount"]

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return outcome_input_problems(
            cleaned, correction=self.correction, blank_reasons=self.blank_reasons()
        )

    def blank_reasons(self) -> str:
        return ""


class ProposeForm(OutcomeForm):
    pass


class DecisionForm(OutcomeForm):
    """A decision or a correction: amount and criteria prefilled with the proposal (the
    outcome is chosen, never preselected), with the jäv confirmation."""

    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("amount", self.app.proposed_amount)
            self.initial.setdefault("criteria", self.app.proposal_criteria)


class DecideForm(DecisionForm):
    # The proposal the page showed (vetting.selectors.proposal_version): the service refuses the
    # decision (409) if the case got another proposal while the form was open.
    proposal_version = forms.IntegerField(
        label=_("Förslagets version"),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Formuläret saknar uppgift om förslaget; öppna det igen från ärendet.")
        },
    )

    response_considered = forms.CharField(
        label=_("Sökandens synpunkter och nämndens bedömning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=with_reason_floor(
            _(
                "Sökanden har yttrat sig (yttrandet visas ovan). Ange vad sökanden invänt och hur "
                "beslutet bedömer det, med minst {words} ord och {chars} tecken. Står i beslutet."
            )
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].help_text = format_lazy(
            "{} {}", ADVERSE_REASONS_HELP, _("Lämna tomt för att använda förslagets motivering.")
        )
        if not self.is_bound:
            self.initial["proposal_version"] = proposal_version(self.app)
        if self.app.state == State.PROPOSED and self.app.proposal_is_adverse:
            # Not communicated: only under an FL 25 § exception, and why (ADR 0026).
            self.fields["hearing_exception"] = exception_field(DECISION_EXCEPTION_HELP)
            self.fields["applicant_heard"] = forms.CharField(
                label=_("Varför undantaget gäller (de faktiska omständigheterna)"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=EXCEPTION_REASONS_HELP,
            )
        answered = answered_hearing(self.app)
        if answered is None:  # asked for only after a response came in
            del self.fields["response_considered"]
        elif not answered.response_contests:  # one with nothing to object: may be left blank
            self.fields["response_considered"].help_text = AGREED_HELP

    def blank_reasons(self) -> str:
        return self.app.proposal_reasons  # blank: the proposal's


AGREED_HELP = _(
    "Sökanden har yttrat sig utan att invända mot förslaget; fältet kan lämnas tomt. Beslutet "
    "anger då att sökanden inte haft något att invända."
)
DECISION_EXCEPTION_HELP = _(
    "Förslaget är till nackdel för sökanden och har inte kommunicerats. Kommunicera det först, "
    "eller ange vilket undantag som gör kommuniceringen obehövlig; beslutet anger då att "
    "sökanden inte fått yttra sig, och varför."
)
EXCEPTION_REASONS_HELP = with_reason_floor(
    _(
        "Minst {words} ord och {chars} tecken: de omständigheter som gör att undantaget gäller, "
        "till exempel evenemangets datum, inte bara undantaget (”Brådskande.”)."
    )
)


def exception_field(help_text: StrOrPromise) -> forms.ChoiceField:
    """The FL 25 § exception a decision or revocation is made under without kommunicering."""
    field = forms.ChoiceField(
        label=_("Undantag från kommunicering (25 § andra stycket förvaltningslagen)"),
        required=False,
        help_text=help_text,
    )
    choices = [(e.value, str(e.label)) for e in CHOSEN_HEARING_EXCEPTIONS]
    set_choices(field, [("", "—"), *choices])
    return field


class CorrectForm(DecisionForm):
    correction = True
    applicant_heard = forms.CharField(
        label=_("Sökanden har fått yttra sig (hur och när; krävs om ändringen är till nackdel)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].help_text = format_lazy(
            "{} {}", _("En ändring ska alltid motiveras."), ADVERSE_REASONS_HELP
        )


class CommunicateForm(CaseForm):
    due = forms.DateField(
        label=_("Svar senast (lämna tomt för standardtiden)"), required=False, widget=DateInput
    )
    short_deadline_reason = short_deadline_field()


def contests_field() -> forms.TypedChoiceField:
    """Whether the response objects to what was communicated: only then must the decision say
    how it deals with it (``response_considered_problem``). Not given: it objects."""
    return forms.TypedChoiceField(
        label=_("Invänder sökanden?"),
        choices=CONTESTS_CHOICES,
        coerce=lambda value: value != "no",
        empty_value=True,  # type: ignore[arg-type]  # returned as is (the stubs say text)
        required=False,
        initial="yes",
        widget=forms.RadioSelect,
        help_text=CONTESTS_HELP,
    )


class ResponseForm(CaseForm):
    response = forms.CharField(
        label=_("Sökandens yttrande (text eller sammanfattning)"), widget=forms.Textarea
    )
    received_on = received_on_field(_("Yttrandet inkom (datum)"))
    file = scanned_file_field()
    contests = contests_field()


class ReasonsForm(CaseForm):
    reasons = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}))


class NotifyForm(CaseForm):
    """Underrättelse: the decision (with how to appeal) was sent; prefilled with the contact."""

    channel = forms.ChoiceField(label=_("Sätt"), choices=DecisionNotice.Channel.choices)
    recipient = forms.CharField(
        label=_("Mottagare"),
        max_length=300,
        help_text=_("Namn och adress; med e-post mottagarens e-postadress."),
    )
    note = forms.CharField(
        label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = ", ".join(v for v in (self.app.contact_name, self.app.contact_email) if v)
        self.fields["recipient"].initial = contact
        set_choices(self.fields["channel"], channel_choices(self.app))
        self.fields["channel"].initial = (
            DecisionNotice.Channel.EMAIL
            if self.app.contact_email
            else DecisionNotice.Channel.LETTER
        )


class PayForm(CaseForm):
    """The payment as registered: the whole granted amount (ADR 0016), its reference and day."""

    amount = forms.DecimalField(
        label=_("Utbetalt belopp (kr)"), required=False, max_digits=12, decimal_places=2
    )
    reference = forms.CharField(
        label=_("Verifikationsnummer eller utbetalningsreferens"),
        help_text=_("Som i ekonomisystemet, högst 100 tecken."),
    )
    paid_on = forms.DateField(
        label=_("Utbetalningsdag"),
        required=False,
        initial=timezone.localdate,
        widget=DateInput,
        help_text=_("Inte i framtiden och inte före beslutet. Tomt: i dag."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = format_lazy(
            _("Hela det beviljade beloppet, {granted}; delutbetalningar registreras inte."),
            granted=amount_text(self.app.amount_granted),
        )
        if not self.is_bound:
            self.initial.setdefault("amount", self.app.amount_granted)

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        """The reference's rule, shown with a field the form's own checks refused."""
        problem = payment_reference_problem(cleaned.get("reference") or "")
        return {"reference": [problem]} if problem is not None else {}
