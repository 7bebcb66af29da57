"""Forms of the officers' pages. They ask for exactly what a service needs; the services check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from bookings.models import Premises
from config.files import shown_name
from vetting import roles
from vetting.models import (
    Administration,
    Application,
    Assessment,
    DecisionNotice,
    DecisionOutcome,
    Escalation,
    Kind,
    Outcome,
    ProgramReview,
    State,
    SupplementRequest,
)
from vetting.selectors import applicable_criteria, eligible_handlers, proposal_version
from vetting.services.decision_checks import revocation_value_problems
from vetting.services.proposals import outcomes_for
from vetting.services.reasons import (
    MIN_APPROVAL_CHARS,
    MIN_APPROVAL_WORDS,
    MIN_REASON_CHARS,
    MIN_REASON_WORDS,
    outcome_input_problems,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DateInput = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_CONFLICT_LABEL = _("Jag bekräftar att jag inte är jävig i ärendet (KL 6 kap. 28–32 §§).")
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
EVIDENCE_KINDS = [
    (k.value, k.label) for k in Assessment.EvidenceKind if k != Assessment.EvidenceKind.NONE
]


def criteria_choices(app: Application) -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} – {c.title}") for c in applicable_criteria(app)]


def set_choices(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class CaseForm(forms.Form):
    """A form about one case; subclasses may use the case to build their choices."""

    def __init__(self, *args: Any, app: Application, user: Any = None, **kwargs: Any) -> None:
        self.app, self.user = app, user
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        """When a field fails the form's own check (an amount that is no number, or negative),
        the service is not called: its rules that need no case (``service_rules``) are shown
        then too, so every field's error shows at once and not one per submit."""
        cleaned = super().clean() or {}
        if self.errors:
            for field, reasons in self.service_rules(cleaned).items():
                if field in self.fields and field not in self.errors:
                    for reason in reasons:
                        self.add_error(field, reason)
        return cleaned

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        """The service's problems with the fields, judged without the case (pure)."""
        return {}


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AssignForm(CaseForm):
    """Take the case; an administrator may instead give it to another handler."""

    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.user is not None and roles.has_role(self.user, roles.ADMINISTRATOR):
            self.fields["handler"] = HandlerChoiceField(
                label=_("Handläggare"),
                queryset=eligible_handlers(self.app),
                required=False,
                empty_label=_("– jag själv –"),
                help_text=_("Lämna tomt för att ta ärendet själv."),
            )
            self.fields["no_conflict_confirmed"].label = _(
                "Jag bekräftar att den som tilldelas ärendet inte är jävig (KL 6 kap. 28–32 §§)."
            )
            self.order_fields(["handler", "no_conflict_confirmed"])


class SupplementForm(CaseForm):
    what = forms.CharField(
        label=_("Vad ska kompletteras?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    due = forms.DateField(
        label=_("Senast (lämna tomt för standardtiden)"), required=False, widget=DateInput
    )


def received_on_field(label: StrOrPromise) -> forms.DateField:
    """The day something from the applicant came in (by post: the day it reached the office)."""
    return forms.DateField(
        label=label,
        required=False,
        initial=timezone.localdate,
        widget=DateInput,
        help_text=_("Den dag det kom in till kommunen; inte i framtiden. Tomt: i dag."),
    )


def scanned_file_field() -> forms.FileField:
    return forms.FileField(
        label=_("Inskannad handling (PDF, PNG, JPEG eller text)"),
        required=False,
        help_text=_("Till exempel brevet som kom med posten."),
    )


class ReceiveSupplementForm(CaseForm):
    received_on = received_on_field(_("Kompletteringen inkom (datum)"))
    file = scanned_file_field()
    note = forms.CharField(
        label=_("Anteckning om kompletteringen"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        delivered = self.app.supplement_requests.filter(
            fulfilled_at__isnull=True, received_on__isnull=False
        ).order_by("-id")
        if not self.is_bound and (request := delivered.first()) is not None:
            self.initial.setdefault("received_on", request.received_on)


class SupplementStatutesForm(CaseForm):
    """A file the applicant sent as a supplement, registered as the association's statutes."""

    supplement = forms.TypedChoiceField(
        label=_("Fil från kompletteringen"), coerce=int, empty_value=None
    )
    adopted_on = forms.DateField(
        label=_("Stadgarna antagna (datum)"),
        widget=DateInput,
        help_text=_("Den dag årsmötet (eller motsvarande) antog stadgarna, enligt handlingen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        requests = self.app.supplement_requests.exclude(delivered_file="").order_by("-id")
        rows = requests.only("pk", "delivered_file", "original_filename", "registered_statutes")
        set_choices(self.fields["supplement"], [(str(r.pk), _choice(r)) for r in rows])
        if (current := self.app.association.current_statutes()) is not None:
            self.fields["adopted_on"].help_text = format_lazy(
                _("{help} Föreningens gällande stadgar är antagna {date}."),
                help=self.fields["adopted_on"].help_text,
                date=current.adopted_on.isoformat(),
            )


def _shown(request: SupplementRequest) -> str:
    return shown_name(request.delivered_file.name or "", request.original_filename)


def _choice(request: SupplementRequest) -> str:
    """The file, by its name; one already registered as the statutes says so (the service
    refuses it again, saying when it was adopted)."""
    label = _shown(request)
    if request.registered_statutes_id is not None:
        return f"{label}: {_('redan registrerad som stadgar')}"
    return label


class WriteOffForm(CaseForm):
    note = forms.CharField(
        label=_("Anteckning om avskrivningen"), required=False, widget=forms.Textarea
    )


class ProgramReviewForm(CaseForm):
    reason = forms.CharField(
        label=_("Skäl till programgranskning"),
        help_text=_("Sökanden (och bokningssystemet) får se skälet med begäran om programmet."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due = forms.DateField(label=_("Programmet senast"), required=False, widget=DateInput)


class ProgramSubmitForm(CaseForm):
    text = forms.CharField(label=_("Programmet (text)"), required=False, widget=forms.Textarea)
    file = forms.FileField(label=_("Programmet (fil)"), required=False)


class CompleteProgramReviewForm(CaseForm):
    result = forms.ChoiceField(label=_("Resultat"), choices=ProgramReview.Result.choices)
    notes = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class EscalateForm(CaseForm):
    reason = forms.CharField(label=_("Skäl till eskalering"), widget=forms.Textarea)


class ConcludeEscalationForm(CaseForm):
    conclusion = forms.ChoiceField(label=_("Slutsats"), choices=Escalation.Conclusion.choices)
    notes = forms.CharField(
        label=_("Anteckningar (begränsad åtkomst)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class OutcomeForm(CaseForm):
    """Outcome, amount, reasons and criteria: proposals, decisions and corrections."""

    outcome = forms.ChoiceField(label=_("Utfall"), choices=PROPOSAL_OUTCOMES)
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
        widget.choices = [c for c in PROPOSAL_OUTCOMES if c[0] in allowed]
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
    """A decision or a correction: prefilled with the proposal, with the jäv confirmation."""

    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("outcome", self.app.proposed_outcome)
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].help_text = format_lazy(
            "{} {}", ADVERSE_REASONS_HELP, _("Lämna tomt för att använda förslagets motivering.")
        )
        if not self.is_bound:
            self.initial["proposal_version"] = proposal_version(self.app)

    def blank_reasons(self) -> str:
        return self.app.proposal_reasons  # blank: the proposal's


class CorrectForm(DecisionForm):
    correction = True
    applicant_heard = forms.CharField(
        label=_("Sökanden har fått yttra sig (hur och när; krävs om rättelsen är till nackdel)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].help_text = format_lazy(
            "{} {}", _("En rättelse ska alltid motiveras."), ADVERSE_REASONS_HELP
        )


class CommunicateForm(CaseForm):
    due = forms.DateField(
        label=_("Svar senast (lämna tomt för standardtiden)"), required=False, widget=DateInput
    )


class ResponseForm(CaseForm):
    response = forms.CharField(
        label=_("Sökandens yttrande (text eller sammanfattning)"), widget=forms.Textarea
    )
    received_on = received_on_field(_("Yttrandet inkom (datum)"))
    file = scanned_file_field()


class ReasonsForm(CaseForm):
    reasons = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(CaseForm):
    reason = forms.CharField(
        label=_("Skäl eller hänvisning till sökandens återkallelse"), widget=forms.Textarea
    )


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
        self.fields["channel"].initial = (
            DecisionNotice.Channel.EMAIL
            if self.app.contact_email
            else DecisionNotice.Channel.LETTER
        )


class PayForm(CaseForm):
    reference = forms.CharField(label=_("Betalningsreferens"), required=False, max_length=200)


class RevokeForm(CaseForm):
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
    applicant_heard = forms.CharField(
        label=_("Sökanden har fått yttra sig över underlaget (hur och när)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["criteria"], criteria_choices(self.app))

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return revocation_value_problems(cleaned)


class AssessForm(CaseForm):
    criterion = forms.ChoiceField(label=_("Kriterium"))
    outcome = forms.ChoiceField(label=_("Bedömning"), choices=Outcome.choices)
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
    # (vetting.services.assessments._validate_passages, Assessment.PASSAGE_BREAK); a fact is
    # recorded as typed, as it is from the API.
    evidence_text = forms.CharField(
        label=_("Underlag: citat ur stadgarna eller konstaterat faktum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(label=_("Dokument som underlag"), required=False)
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea)
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


class PlainForm(forms.Form):
    """Labels without Django's trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


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


class QueueFilterForm(PlainForm):
    kind = forms.ChoiceField(
        label=_("Ärendeslag"), required=False, choices=[("", "–"), *Kind.choices]
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "–"), *State.choices]
    )
    administration = forms.ModelChoiceField(
        label=_("Förvaltning"),
        queryset=Administration.objects.order_by("name"),
        required=False,
        empty_label="–",
    )
    premises = forms.ModelChoiceField(
        label=_("Lokal"),
        queryset=Premises.objects.order_by("name"),
        required=False,
        empty_label="–",
    )
    association = forms.ModelChoiceField(
        label=_("Förening"),
        queryset=Association.objects.order_by("name"),
        required=False,
        empty_label="–",
    )
    sort = forms.ChoiceField(
        label=_("Sortering"),
        required=False,
        choices=[
            ("received", _("Inkom, nyast först")),
            ("received_asc", _("Inkom, äldst först")),
            ("deadline", _("Närmaste tidsfrist")),
        ],
    )


class LogFilterForm(PlainForm):
    date_from = forms.DateField(label=_("Från och med"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Till och med"), required=False, widget=DateInput)
    administration = forms.ModelChoiceField(
        label=_("Förvaltning"),
        queryset=Administration.objects.order_by("name"),
        required=False,
        empty_label="–",
    )
    kind = forms.ChoiceField(
        label=_("Ärendeslag"), required=False, choices=[("", "–"), *Kind.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Utfall (ny status)"),
        required=False,
        choices=[
            ("", "–"),
            (State.APPROVED.value, State.APPROVED.label),
            (State.REJECTED.value, State.REJECTED.label),
            (State.REVOKED.value, State.REVOKED.label),
            (State.WITHDRAWN.value, State.WITHDRAWN.label),
            (State.WRITTEN_OFF.value, State.WRITTEN_OFF.label),
        ],
    )
    decision_maker = UserChoiceField(
        label=_("Beslutsfattare (aktör)"),
        queryset=User.objects.none(),
        required=False,
        empty_label="–",
    )
    association = forms.ModelChoiceField(
        label=_("Förening"),
        queryset=Association.objects.order_by("name"),
        required=False,
        empty_label="–",
    )
    decisions_only = forms.BooleanField(label=_("Bara beslut"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from web.auditlog import decision_makers

        super().__init__(*args, **kwargs)
        field = self.fields["decision_maker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = decision_makers()


class TrailExportForm(PlainForm):
    """The period of a JSONL export of the audit trail (inclusive days, local time)."""

    since = forms.DateField(label=_("Från och med"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Till och med"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("Slutdagen är före startdagen."))
        return data
