"""The filters of the work queue and the decision log, and the period of an audit-trail export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from bookings.models import Premises
from vetting.models import Administration, Kind, State
from web.forms.base import DateInput, PlainForm, UserChoiceField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def any_of(label: StrOrPromise, model: type[Model]) -> forms.ModelChoiceField:
    """An optional filter on one of ``model``'s rows, by name; "–" is any."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model._default_manager.order_by("name"),
        required=False,
        empty_label="–",
    )


class QueueFilterForm(PlainForm):
    kind = forms.ChoiceField(
        label=_("Ärendeslag"), required=False, choices=[("", "–"), *Kind.choices]
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "–"), *State.choices]
    )
    administration = any_of(_("Förvaltning"), Administration)
    premises = any_of(_("Lokal"), Premises)
    association = any_of(_("Förening"), Association)
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
    administration = any_of(_("Förvaltning"), Administration)
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
    association = any_of(_("Förening"), Association)
    decisions_only = forms.BooleanField(label=_("Bara beslut"), required=False)
    case = forms.CharField(label=_("Diarienummer"), required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from web.auditlog import decision_makers

        super().__init__(*args, **kwargs)
        field = self.fields["decision_maker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = decision_makers()

    def clean(self) -> dict[str, Any]:
        return days_in_order(self, "date_from", "date_to")


class SystemLogFilterForm(PlainForm):
    """The filter of the events that are not about a case (``web.systemlog``)."""

    kind = forms.ChoiceField(label=_("Slag av händelse"), required=False)
    date_from = forms.DateField(label=_("Från och med"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Till och med"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from web.systemlabels import SYSTEM_KINDS

        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–"), *((k, label) for k, (label, _p) in SYSTEM_KINDS.items())]

    def clean(self) -> dict[str, Any]:
        return days_in_order(self, "date_from", "date_to")


class TrailExportForm(PlainForm):
    """The period of a JSONL export of the audit trail (inclusive days, local time)."""

    since = forms.DateField(label=_("Från och med"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Till och med"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        return days_in_order(self, "since", "until")


def days_in_order(form: forms.Form, first: str, last: str) -> dict[str, Any]:
    """The cleaned data, with an error at ``last`` when it is before ``first``: a reversed
    period would silently show or export nothing."""
    data = forms.Form.clean(form) or {}
    if data.get(first) and data.get(last) and data[first] > data[last]:
        form.add_error(last, _("Slutdagen är före startdagen."))
    return data
