"""The case page's forms for handling a case: taking it, supplements, the event programme, the
security coordinator, withdrawal and writing off."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.files import shown_name
from vetting import roles
from vetting.citations import case_route, fill_citations
from vetting.errors import InvalidInput
from vetting.models import Escalation, ProgramReview, State, SupplementRequest
from vetting.selectors import eligible_handlers, expected_handler
from vetting.services._core import require_deadline
from vetting.services.program_review import breachable_codes
from web.forms.base import (
    NO_CONFLICT_LABEL,
    CaseForm,
    DateInput,
    UserChoiceField,
    criteria_choices,
    received_on_field,
    scanned_file_field,
    set_choices,
    short_deadline_field,
)


class AssignForm(CaseForm):
    """Take the case; an administrator may instead give it to another handler."""

    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)
    # The handler the page showed (username, "" for none): if another officer takes the case
    # meanwhile, the service refuses (409 handler_changed) instead of a silent take-over.
    expected_handler = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["expected_handler"] = expected_handler(self.app)
        if self.user is not None and roles.has_role(self.user, roles.ADMINISTRATOR):
            self.fields["handler"] = UserChoiceField(
                label=_("Handläggare"),
                queryset=eligible_handlers(self.app).exclude(pk=self.app.handler_id),
                required=False,
                empty_label=_("– jag själv –"),
                help_text=_("Lämna tomt för att ta ärendet själv."),
            )
            self.fields["no_conflict_confirmed"].label = fill_citations(
                _("Jag bekräftar att den som tilldelas ärendet inte är jävig ({conflict})."),
                case_route(self.app),
            )
            self.order_fields(["handler", "no_conflict_confirmed"])
        if self.app.state != State.SUBMITTED:  # taking it over from the handler who has it
            self.fields["reason"] = forms.CharField(
                label=_("Skäl till övertagandet (frivilligt)"),
                help_text=_("Visas i ärendets logg och för handläggaren som hade ärendet."),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_expected_handler(self) -> str | None:
        """None (not checked) when the form did not carry it; "" when it showed no handler."""
        if "expected_handler" not in self.data:
            return None
        return str(self.cleaned_data.get("expected_handler") or "")


class SupplementForm(CaseForm):
    what = forms.CharField(
        label=_("Vad ska kompletteras?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    due = forms.DateField(
        label=_("Senast (lämna tomt för standardtiden)"), required=False, widget=DateInput
    )
    short_deadline_reason = short_deadline_field()

    def clean_due(self) -> date | None:
        """The service's rule on a deadline, here too, so that a day in the past is named with
        a missing text (the service is not called while a field fails)."""
        due = self.cleaned_data.get("due")
        if due is not None:
            try:
                require_deadline("due", due)
            except InvalidInput as exc:
                raise forms.ValidationError(list(exc.errors["due"])) from None
        return due


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
    """A write-off is a decision (ADR 0025): the note goes into its reasons, and the decision
    maker confirms no jäv as for any decision."""

    note = forms.CharField(
        label=_("Anteckning om avskrivningen"),
        help_text=_("Tas med i beslutets skäl, som sökanden får."),
        required=False,
        widget=forms.Textarea,
    )
    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)


class ProgramReviewForm(CaseForm):
    reason = forms.CharField(
        label=_("Skäl till programgranskning"),
        help_text=_("Sökanden (och bokningssystemet) får se skälet med begäran om programmet."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due = forms.DateField(label=_("Programmet senast"), required=False, widget=DateInput)
    short_deadline_reason = short_deadline_field()


class ProgramSubmitForm(CaseForm):
    received_on = received_on_field(_("Programmet inkom (datum)"))
    text = forms.CharField(label=_("Programmet (text)"), required=False, widget=forms.Textarea)
    file = forms.FileField(label=_("Programmet (fil)"), required=False)


class CompleteProgramReviewForm(CaseForm):
    result = forms.ChoiceField(label=_("Resultat"), choices=ProgramReview.Result.choices)
    notes = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    # A programme not accepted breaks one of the other criteria (vetting.services.program_review).
    criterion = forms.ChoiceField(
        label=_("Kriterium som programmet strider mot"),
        required=False,
        help_text=_(
            "Krävs när ett inkommet program inte godtas. Gäller det våld, hot eller arbete mot det "
            "demokratiska styrelseskicket är det NO_VIOLENT_EXTREMISM, som bedöms av "
            "säkerhetssamordnaren: eskalera ärendet först."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = breachable_codes(self.app)
        choices = [c for c in criteria_choices(self.app) if c[0] in codes]
        set_choices(self.fields["criterion"], [("", "–"), *choices])


class EscalateForm(CaseForm):
    reason = forms.CharField(label=_("Skäl till eskalering"), widget=forms.Textarea)


class ConcludeEscalationForm(CaseForm):
    conclusion = forms.ChoiceField(label=_("Slutsats"), choices=Escalation.Conclusion.choices)
    notes = forms.CharField(
        label=_("Anteckningar (begränsad åtkomst)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class WithdrawForm(CaseForm):
    reason = forms.CharField(
        label=_("Skäl eller hänvisning till sökandens återkallelse"), widget=forms.Textarea
    )


class DeclareConflictForm(CaseForm):
    """The officer's own jäv towards the case's association (FL 17 §)."""

    reason = forms.CharField(
        label=_("Grund för jävet"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Till exempel att du är medlem eller styrelseledamot i föreningen eller närstående "
            "till någon i den ({conflict}). Du får därefter inte delta i handläggningen av "
            "föreningens ärenden; handlägger du ärendet tar en annan handläggare över det."
        ),
    )
