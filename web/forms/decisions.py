"""The case page's forms from the proposal on: proposal, kommunicering and the applicant's
response, decision and correction, underrättelse, payment and revocation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.facts import amount_text
from vetting.errors import FieldProblems, GuardFailed, InvalidInput
from vetting.forms import CONTESTS_CHOICES, CONTESTS_HELP
from vetting.models import Application, DecisionNotice, DecisionOutcome, State
from vetting.models.kinds import CHOSEN_HEARING_EXCEPTIONS
from vetting.selectors import proposal_version, revocation_hearing
from vetting.services.decision_checks import (
    answered_hearing,
    check_reclaim,
    default_repayment_due,
    revocation_value_problems,
)
from vetting.services.notices import channel_choices
from vetting.services.opinion_grounds import CONFIRM_LABEL, GUIDANCE
from vetting.services.payments import payment_reference_problem
from vetting.services.proposals import outcomes_for, require_failed
from vetting.services.reasons import (
    MIN_APPROVAL_CHARS,
    MIN_APPROVAL_WORDS,
    MIN_REASON_CHARS,
    MIN_REASON_WORDS,
    outcome_input_problems,
)
from vetting.services.revocation_hearing import (
    communication_input_problems,
    hearing_problems,
    revocation_response_problem,
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
ADVERSE_REASONS_HELP = format_lazy(
    _(
        "Vid avslag och delvis bifall: ange vilka regler (kriterier) och vilka avgörande "
        "omständigheter beslutet grundar sig på, med minst {words} ord och {chars} tecken "
        "(FL 32 §)."
    ),
    words=MIN_REASON_WORDS,
    chars=MIN_REASON_CHARS,
)
APPROVAL_REASONS_HELP = format_lazy(
    _(
        "Vid bifall i sin helhet får motiveringen lämnas tom; skriver du en ska den ha minst "
        "{words} ord och {chars} tecken och säga mer än utfallet."
    ),
    words=MIN_APPROVAL_WORDS,
    chars=MIN_APPROVAL_CHARS,
)
REVOCATION_REASONS_HELP = format_lazy(
    _(
        "Ange vilka villkor som inte är uppfyllda och vilka omständigheter som visar det, med "
        "minst {words} ord och {chars} tecken (FL 32 §)."
    ),
    words=MIN_REASON_WORDS,
    chars=MIN_REASON_CHARS,
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
        help_text=format_lazy(
            _(
                "Sökanden har yttrat sig (yttrandet visas ovan). Ange vad sökanden invänt och hur "
                "beslutet bedömer det, med minst {words} ord och {chars} tecken. Står i beslutet."
            ),
            words=MIN_REASON_WORDS,
            chars=MIN_REASON_CHARS,
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
REVOCATION_AGREED_HELP = _(
    "Sökanden har yttrat sig utan att invända mot det avsedda återkallandet; fältet kan lämnas "
    "tomt."
)
DECISION_EXCEPTION_HELP = _(
    "Förslaget är till nackdel för sökanden och har inte kommunicerats. Kommunicera det först, "
    "eller ange vilket undantag som gör kommuniceringen obehövlig; beslutet anger då att "
    "sökanden inte fått yttra sig, och varför."
)
EXCEPTION_REASONS_HELP = format_lazy(
    _(
        "Minst {words} ord och {chars} tecken: de omständigheter som gör att undantaget gäller, "
        "till exempel evenemangets datum, inte bara undantaget (”Brådskande.”)."
    ),
    words=MIN_REASON_WORDS,
    chars=MIN_REASON_CHARS,
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


class DropRevocationForm(CaseForm):
    """Not carrying out an intended revocation (ADR 0015): why; the grant stays in force."""

    reasons = forms.CharField(
        label=_("Skäl att inte återkalla"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            _(
                "Till exempel vad i sökandens yttrande som visar att villkoren är uppfyllda; "
                "minst {words} ord och {chars} tecken. Skälen står i brevet till sökanden."
            ),
            words=MIN_REASON_WORDS,
            chars=MIN_REASON_CHARS,
        ),
    )
    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)


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


class RevocationGroundsForm(CaseForm):
    """The grounds of an intended or decided revocation: reasons, failed criteria, återkrav."""

    reasons = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea, help_text=REVOCATION_REASONS_HELP
    )
    criteria = forms.MultipleChoiceField(
        label=_("Villkor som inte är uppfyllda"), widget=forms.CheckboxSelectMultiple
    )
    reclaim_amount = forms.DecimalField(
        label=_("Återkrav (kr, lämna tomt för hela utbetalda beloppet)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    # RF 2:21: asked for by the service when the grounds' words speak of opinions or affiliation.
    confirm_not_opinion = forms.BooleanField(
        label=CONFIRM_LABEL, required=False, help_text=GUIDANCE
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["criteria"], criteria_choices(self.app))

    def case_problems(self, cleaned: dict[str, Any]) -> dict[str, list[StrOrPromise]]:
        """What the case says of the återkrav and the criteria: an återkrav above what was paid
        and a criterion that is not failed are named with a missing field, not on the next
        submit (the service judges them again under its lock)."""
        problems: dict[str, list[StrOrPromise]] = {}
        cited = list(cleaned.get("criteria") or [])
        for check in (
            lambda: check_reclaim(self.app, cleaned.get("reclaim_amount")),
            lambda: require_failed(self.app, cited, allow_doubt=False),
        ):
            try:
                check()
            except InvalidInput as exc:
                for field, reasons in exc.errors.items():
                    problems.setdefault(field, []).extend(reasons)
            except GuardFailed:  # nothing failed on the case: the service says so on its own
                pass
        return problems


class CommunicateRevocationForm(RevocationGroundsForm):
    """Kommunicering of an intended revocation (FL 25 §, ADR 0015)."""

    due = forms.DateField(
        label=_("Svar senast (lämna tomt för standardtiden)"), required=False, widget=DateInput
    )
    short_deadline_reason = short_deadline_field()

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        reasons, cited = str(cleaned.get("reasons") or ""), list(cleaned.get("criteria") or [])
        problems = communication_input_problems(reasons, cited).errors
        for field, reasons_ in self.case_problems(cleaned).items():
            problems.setdefault(field, []).extend(reasons_)
        return problems


NOT_COMMUNICATED_HELP = _(
    "Det avsedda återkallandet har inte kommunicerats med sökanden. Kommunicera det först, "
    "eller ange vilket undantag som gör det obehövligt."
)
DROPPED_HELP = _(
    "Det avsedda återkallandet som kommunicerades {sent} avslutades utan återkallelse {dropped}; "
    "det kan inte ligga till grund för ett beslut. Kommunicera ett nytt avsett återkallande med "
    "sökanden först (FL 25 §), eller ange vilket undantag som gör det obehövligt."
)


def _hearing_help(app: Application) -> StrOrPromise:
    """What the exception field says of a case without a hearing under way: none was sent, or
    the latest was dropped (ADR 0022), so a new one is sent first."""
    latest = revocation_hearing(app)
    if latest is None or latest.dropped_at is None:
        return NOT_COMMUNICATED_HELP
    return format_lazy(
        DROPPED_HELP,
        sent=timezone.localdate(latest.sent_at).isoformat(),
        dropped=timezone.localdate(latest.dropped_at).isoformat(),
    )


class RevokeForm(RevocationGroundsForm):
    repayment_due = forms.DateField(
        label=_("Återkravet ska vara betalt senast"),
        required=False,
        widget=DateInput,
        help_text=_(
            "Efter beslutsdagen och högst ett år fram. Lämna tomt om inget återkrävs. Hur man "
            "betalar står i beslutet (kommunens betalningsanvisning eller att faktura skickas)."
        ),
    )
    hearing_exception = forms.ChoiceField(
        label=_("Undantag från kommunicering (25 § andra stycket förvaltningslagen)"),
        required=False,
        help_text=NOT_COMMUNICATED_HELP,
    )
    applicant_heard = forms.CharField(
        label=_("Varför undantaget gäller (och om sökanden ändå hörts: hur och när)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=EXCEPTION_REASONS_HELP,
    )
    # After an objecting response to the intended revocation: how the revocation answers it
    # (FL 32 §, as a decision after its kommunicering; the service's revocation_response_problem).
    response_considered = forms.CharField(
        label=_("Sökandens synpunkter och nämndens bedömning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            _(
                "Sökanden har yttrat sig över det avsedda återkallandet (yttrandet visas ovan). "
                "Ange vad sökanden invänt och hur beslutet bedömer det, med minst {words} ord och "
                "{chars} tecken. Står i beslutet."
            ),
            words=MIN_REASON_WORDS,
            chars=MIN_REASON_CHARS,
        ),
    )
    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        heard = revocation_hearing(self.app) if self.app.revocation_response_due else None
        if heard is None or heard.responded_at is None or not heard.response.strip():
            del self.fields["response_considered"]
        elif not heard.response_contests:
            self.fields["response_considered"].help_text = REVOCATION_AGREED_HELP
        if self.app.revocation_response_due is not None:
            # Heard on the intended revocation: no exception; a note on the hearing at most.
            del self.fields["hearing_exception"]
            self.fields["applicant_heard"].label = _("Anteckning om hörandet (frivillig)")
        else:
            choices = [(e.value, str(e.label)) for e in CHOSEN_HEARING_EXCEPTIONS]
            set_choices(self.fields["hearing_exception"], [("", "—"), *choices])
            self.fields["hearing_exception"].help_text = _hearing_help(self.app)
        if self.app.paid_at is None:
            # Nothing was paid, so nothing is reclaimed and there is nothing to pay back.
            del self.fields["repayment_due"]
        elif not self.is_bound:
            self.initial.setdefault("repayment_due", default_repayment_due())

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        """The input's own rules and, since the form has the case, the case's: the återkrav,
        the criteria, and the hearing or the exception (ADR 0015)."""
        problems = revocation_value_problems(cleaned)
        for field, reasons in self.case_problems(cleaned).items():
            problems.setdefault(field, []).extend(reasons)
        found = FieldProblems()
        hearing = hearing_problems(
            self.app,
            found,
            exception=str(cleaned.get("hearing_exception") or ""),
            heard=str(cleaned.get("applicant_heard") or ""),
            cited=None,  # judged above
            reclaim=None,
        )
        considered = str(cleaned.get("response_considered") or "")
        found.add("response_considered", revocation_response_problem(hearing, considered))
        for field, reasons in found.errors.items():
            problems.setdefault(field, []).extend(reasons)
        return problems
