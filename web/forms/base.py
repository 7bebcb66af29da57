"""What the officers' forms share: a form about one case, labels without Django's colon, the
date input, the jäv confirmation and the fields for something that came in from the applicant."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vetting.citations import case_route, fill_citations
from vetting.models import Application
from vetting.selectors import applicable_criteria

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DateInput = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# {conflict}: the jäv rules of the case's appeal route (``vetting.citations``; CaseForm fills it).
NO_CONFLICT_LABEL = _("Jag bekräftar att jag inte är jävig i ärendet ({conflict}).")


def criteria_choices(app: Application) -> list[tuple[str, str]]:
    """The criteria by title (the code is the value sent, never shown)."""
    return [(c.code, c.title) for c in applicable_criteria(app)]


def set_choices(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class CaseForm(forms.Form):
    """A form about one case; subclasses may use the case to build their choices."""

    def __init__(self, *args: Any, app: Application, user: Any = None, **kwargs: Any) -> None:
        self.app, self.user = app, user
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self._fill_citations()

    def _fill_citations(self) -> None:
        """Each label and help text that names a citation (``{conflict}``, ``{fl25}``…) cites
        the law as the case's appeal route makes it (``vetting.citations``)."""
        route = case_route(self.app)
        for field in self.fields.values():
            for attr in ("label", "help_text"):
                text = getattr(field, attr, None)
                if text and "{" in str(text):
                    setattr(field, attr, fill_citations(text, route))

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


def short_deadline_field() -> forms.CharField:
    """Why the deadline is shorter than the minimum (FL 25 §: a reasonable time,
    ``vetting.services.response_time``); the letter prints it."""
    return forms.CharField(
        label=_("Skäl till kortare svarstid (bara om svarstiden är kortare än normalt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Skrivs i brevet efter ”Svarstiden är kortare än normalt eftersom …”: ange de "
            "omständigheter som gör att sökanden inte kan få normal svarstid, till exempel "
            "evenemangets datum."
        ),
    )


class PlainForm(forms.Form):
    """Labels without Django's trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class UserChoiceField(forms.ModelChoiceField):
    """A choice of officers, by full name (or user name when none is recorded)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())
