"""The case page's forms of a revocation (FL 37 §, ADR 0015): the kommunicering of an intended
revocation, not carrying it out, and the revocation itself, on its grounds (reasons, failed
criteria, återkrav) and its hearing or the FL 25 § exception it is made under."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.errors import FieldProblems, GuardFailed, InvalidInput
from vetting.models import Application
from vetting.selectors import revocation_hearing
from vetting.services.decision_checks import (
    check_reclaim,
    default_repayment_due,
    revocation_value_problems,
)
from vetting.services.opinion_grounds import CONFIRM_LABEL, GUIDANCE
from vetting.services.proposals import require_failed
from vetting.services.reasons import with_reason_floor
from vetting.services.revocation_hearing import communication_input_problems, hearing_problems
from web.forms.base import (
    NO_CONFLICT_LABEL,
    CaseForm,
    DateInput,
    criteria_choices,
    set_choices,
    short_deadline_field,
)
from web.forms.decisions import EXCEPTION_REASONS_HELP, exception_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REVOCATION_REASONS_HELP = with_reason_floor(
    _(
        "Ange vilka villkor som inte är uppfyllda och vilka omständigheter som visar det, med "
        "minst {words} ord och {chars} tecken (FL 32 §)."
    )
)


class DropRevocationForm(CaseForm):
    """Not carrying out an intended revocation (ADR 0015): why; the grant stays in force."""

    reasons = forms.CharField(
        label=_("Skäl att inte återkalla"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=with_reason_floor(
            _(
                "Till exempel vad i sökandens yttrande som visar att villkoren är uppfyllda; "
                "minst {words} ord och {chars} tecken. Skälen står i brevet till sökanden."
            )
        ),
    )
    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)


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
    hearing_exception = exception_field(NOT_COMMUNICATED_HELP)
    applicant_heard = forms.CharField(
        label=_("Varför undantaget gäller (och om sökanden ändå hörts: hur och när)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=EXCEPTION_REASONS_HELP,
    )
    no_conflict_confirmed = forms.BooleanField(label=NO_CONFLICT_LABEL, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.app.revocation_response_due is not None:
            # Heard on the intended revocation: no exception; a note on the hearing at most.
            del self.fields["hearing_exception"]
            self.fields["applicant_heard"].label = _("Anteckning om hörandet (frivillig)")
        else:
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
        hearing_problems(
            self.app,
            found,
            exception=str(cleaned.get("hearing_exception") or ""),
            heard=str(cleaned.get("applicant_heard") or ""),
            cited=None,  # judged above
            reclaim=None,
        )
        for field, reasons in found.errors.items():
            problems.setdefault(field, []).extend(reasons)
        return problems
