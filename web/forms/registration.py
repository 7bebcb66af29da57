"""Registering a case that came in by post, e-mail or the municipality's e-service: the form asks
for what ``vetting.services.registration.application_register`` needs; the service checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from bookings.models import Premises
from vetting import roles
from vetting.forms import application_document_field
from vetting.models import Administration, Kind
from vetting.models.kinds import EVENT_KINDS
from vetting.selectors import administration_ids
from vetting.services import EventDetails, NewApplication
from vetting.services.registration import registration_problems
from web.forms.base import PlainForm, received_on_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The service's name of a field -> the form's.
SERVICE_FIELDS = {
    "association.org_number": "org_number",
    "association.name": "association_name",
    "event": "event_title",
    "event.title": "event_title",
    "event.description": "event_description",
    "event.starts_at": "event_starts_at",
    "event.ends_at": "event_ends_at",
    "event.expected_attendance": "expected_attendance",
    "event.premises": "premises",
}
LocalDateTimeInput = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_ATTENDANCE = 2_147_483_647  # the column's limit
NO_CHOICE = "–"  # every list's empty choice alike (not Django's "---------")


class RegisterApplicationForm(PlainForm):
    kind = forms.ChoiceField(label=_("Ärendeslag"), choices=[("", NO_CHOICE), *Kind.choices])
    administration = forms.ModelChoiceField(
        label=_("Förvaltning"),
        queryset=Administration.objects.none(),
        required=False,
        empty_label=NO_CHOICE,
        help_text=_("För lokaluthyrning kan den lämnas tom: då lokalens förvaltning."),
    )
    # Required (the service's message when it is missing); the browser is told so too.
    subject = forms.CharField(
        label=_("Ärendemening"),
        max_length=300,
        error_messages={"required": _("Ärendemening krävs.")},
    )
    received_on = received_on_field(_("Ansökan inkom (datum)"))
    document = application_document_field()
    association_search = forms.CharField(
        label=_("Sök förening"),
        required=False,
        help_text=_("Namn eller organisationsnummer; välj sedan föreningen i listan."),
    )
    association = forms.ModelChoiceField(
        label=_("Förening"),
        queryset=Association.objects.none(),
        required=False,
        empty_label=_("– ny förening (ange organisationsnummer och namn) –"),
        help_text=_("Föreningarna som sökningen hittar; ingen vald: en ny förening."),
    )
    org_number = forms.CharField(
        label=_("Organisationsnummer (ny förening)"),
        required=False,
        help_text=_("10 siffror med kontrollsiffra, NNNNNN-NNNN."),
    )
    association_name = forms.CharField(
        label=_("Föreningens namn (ny förening)"), max_length=200, required=False
    )
    amount_applied = forms.DecimalField(
        label=_("Sökt belopp (kr)"), max_digits=12, decimal_places=2, required=False
    )
    event_title = forms.CharField(label=_("Arrangemangets rubrik"), max_length=200, required=False)
    event_description = forms.CharField(
        label=_("Beskrivning av arrangemanget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    event_starts_at = forms.DateTimeField(
        label=_("Börjar"),
        required=False,
        widget=LocalDateTimeInput,
        help_text=_("Svensk tid (Europe/Stockholm)."),
    )
    event_ends_at = forms.DateTimeField(
        label=_("Slutar"),
        required=False,
        widget=LocalDateTimeInput,
        help_text=_("Svensk tid (Europe/Stockholm)."),
    )
    expected_attendance = forms.IntegerField(
        label=_("Förväntat antal deltagare"), required=False, max_value=MAX_ATTENDANCE
    )
    premises = forms.ModelChoiceField(
        label=_("Lokal"),
        queryset=Premises.objects.none(),
        required=False,
        empty_label=NO_CHOICE,
        help_text=_("Krävs för lokaluthyrning."),
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Kontaktpersonens e-post"), max_length=254, required=False
    )

    FIELDSETS = (
        (_("Ärendet"), ("kind", "administration", "subject", "received_on", "document")),
        (
            _("Sökande förening"),
            ("association_search", "association", "org_number", "association_name"),
        ),
        (_("Bidrag (föreningsbidrag och arrangörsstöd)"), ("amount_applied",)),
        (
            _("Arrangemanget (arrangörsstöd och lokaluthyrning)"),
            (
                "event_title",
                "event_description",
                "event_starts_at",
                "event_ends_at",
                "expected_attendance",
                "premises",
            ),
        ),
        (_("Kontaktperson"), ("contact_name", "contact_email")),
    )

    def __init__(
        self, *args: Any, user: Any, associations: Iterable[int] = (), **kwargs: Any
    ) -> None:
        """``associations``: the ids the association list offers (the search's matches and the
        one chosen); the list holds no more, however many associations are registered."""
        super().__init__(*args, **kwargs)
        self.user = user
        every = roles.has_role(user, roles.ADMINISTRATOR)
        own = administration_ids(user)
        administrations = Administration.objects.all()
        premises = Premises.objects.filter(active=True)
        if not every:
            administrations = administrations.filter(pk__in=own)
            premises = premises.filter(administration_id__in=own)
        self._choices("administration", administrations)
        self._choices("premises", premises)
        self._choices("association", Association.objects.filter(pk__in=list(associations)))
        if not every and len(own) == 1:
            self.fields["administration"].initial = own[0]

    def _choices(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    @property
    def fieldsets(self) -> list[tuple[StrOrPromise, list[BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def new_application(self) -> NewApplication:
        """The case as the service takes it; an association not chosen from the list is a new
        one (unsaved), by the organisation number and name given."""
        d = self.cleaned_data
        association = d.get("association") or Association(
            org_number=d.get("org_number") or "", name=d.get("association_name") or ""
        )
        kind = d.get("kind") or ""
        return NewApplication(
            kind=kind,
            association=association,
            subject=d.get("subject") or "",
            administration=d.get("administration"),
            received_on=d.get("received_on"),
            amount_applied=d.get("amount_applied"),
            event=self._event() if kind in EVENT_KINDS else None,
            contact_name=d.get("contact_name") or "",
            contact_email=d.get("contact_email") or "",
            applicant_name="" if d.get("association") else d.get("association_name") or "",
        )

    def _event(self) -> EventDetails:
        d = self.cleaned_data
        return EventDetails(
            title=d.get("event_title") or "",
            description=d.get("event_description") or "",
            starts_at=d.get("event_starts_at"),
            ends_at=d.get("event_ends_at"),
            expected_attendance=d.get("expected_attendance") or 0,
            premises=d.get("premises"),
        )

    def clean(self) -> dict[str, Any]:
        """A chosen association and a new one's number are not both given. When a field fails
        the form's own check, the service's rules are shown with it (ADR 0010): every field's
        error at once, not one per submit."""
        cleaned = super().clean() or {}
        if cleaned.get("association") and (cleaned.get("org_number") or "").strip():
            self.add_error(
                "org_number",
                _("Välj en förening i listan eller ange en ny förening, inte båda."),
            )
        if self.errors:
            problems = registration_problems(self.user, self.new_application())
            self.add_service_errors({field: [reason] for field, reason in problems.items()})
            if cleaned.get("document") is not None:
                self.add_service_errors(self._document_problems(cleaned["document"]))
        return cleaned

    @staticmethod
    def _document_problems(document: Any) -> dict[str, list[StrOrPromise]]:
        from vetting.models import IncomingDocument
        from vetting.services.incoming import document_problems

        found = document_problems(
            file=document, kind=IncomingDocument.Kind.APPLICATION, received_on=None,
            field="document",
        )  # fmt: skip
        return {"document": found["document"]} if "document" in found else {}

    def add_service_errors(self, errors: Mapping[str, Iterable[StrOrPromise]]) -> None:
        """The service's problems, each at its field (a field with an error of its own keeps
        just that one); one the form has no field for goes above the form."""
        for key, reasons in errors.items():
            name = SERVICE_FIELDS.get(key, key)
            if name in self.errors:
                continue
            for reason in reasons:
                self.add_error(name if name in self.fields else None, reason)
