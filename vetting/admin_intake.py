"""Admin forms that register cases and statutes through the services, and the administration's
form (its diarium prefix numbers its cases)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from associations.models import StatutesVersion
from associations.reader import UnreadableDocument, extract_text
from associations.services import check_adopted_on
from associations.texts import unreadable_message
from bookings.models import Premises
from vetting.errors import InvalidInput, NoPublishedRulebook
from vetting.forms import application_document_field
from vetting.models import Administration, Application, IncomingDocument
from vetting.services.incoming import document_problems
from vetting.services.intake import EventDetails, NewApplication, current_rulebook
from vetting.services.reference import administration_save
from vetting.services.registration import registration_problems

EVENT_FIELDS = {
    "title": "event_title",
    "description": "event_description",
    "starts_at": "event_starts_at",
    "ends_at": "event_ends_at",
    "expected_attendance": "expected_attendance",
    "premises": "premises",
}


class ApplicationIntakeForm(forms.ModelForm):
    """Registering a case by hand (an application received by mail or e-mail), by the rules of
    the officers' registration (``registration_problems``: a handläggare for an administration of
    their own, a rental's premises of the case's administration). ``user``: who registers (the
    admin sets it on a subclass per request)."""

    user: Any = None
    # The application itself, kept with the case as its inkommen handling "ansökan", as the
    # officers' registration page does (``application_register``'s ``document``).
    document = application_document_field()

    class Meta:
        model = Application
        fields = [
            "kind",
            "association",
            "administration",
            "subject",
            "received_on",
            "amount_applied",
            "event_title",
            "event_description",
            "event_starts_at",
            "event_ends_at",
            "expected_attendance",
            "premises",
            "contact_name",
            "contact_email",
        ]

    def new_application(self) -> NewApplication:
        d = self.cleaned_data
        event = None
        if d.get("event_starts_at") and d.get("event_ends_at"):
            event = EventDetails(
                title=d.get("event_title") or "",
                description=d.get("event_description") or "",
                starts_at=d["event_starts_at"],
                ends_at=d["event_ends_at"],
                expected_attendance=d.get("expected_attendance") or 0,
                premises=d.get("premises"),
            )
        return NewApplication(
            kind=d.get("kind") or "",
            association=d.get("association"),  # type: ignore[arg-type]
            subject=d.get("subject") or "",
            administration=d.get("administration"),
            received_on=d.get("received_on"),
            amount_applied=d.get("amount_applied"),
            event=event,
            contact_name=d.get("contact_name") or "",
            contact_email=d.get("contact_email") or "",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("document") is not None:  # checked as every upload is (ADR 0023)
            found = document_problems(
                file=cleaned["document"], kind=IncomingDocument.Kind.APPLICATION,
                received_on=None, field="document",
            )  # fmt: skip
            for reason in found.get("document", []):
                self.add_error("document", reason)
        if self.errors:
            return cleaned
        try:
            current_rulebook()
        except NoPublishedRulebook as exc:
            self.add_error(None, exc.message)
        for key, message in registration_problems(self.user, self.new_application()).items():
            name = key.split(".", 1)[1] if key.startswith("event.") else key
            field = EVENT_FIELDS.get(name, name)
            if key == "event":
                field = "event_starts_at"
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class StatutesUploadForm(forms.ModelForm):
    upload = forms.FileField(label=_("Fil (PDF, DOCX, text)"), required=False)
    pasted_text = forms.CharField(
        label=_("eller klistra in texten"), widget=forms.Textarea, required=False
    )

    class Meta:
        model = StatutesVersion
        fields = ["association", "adopted_on"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("adopted_on"):
            try:
                check_adopted_on(cleaned["adopted_on"])
            except InvalidInput as exc:
                self.add_error("adopted_on", exc.errors["adopted_on"])
        upload = cleaned.get("upload")
        if not upload and not (cleaned.get("pasted_text") or "").strip():
            self.add_error("upload", _("Ladda upp stadgarna som fil eller klistra in texten."))
        elif upload:
            self._check_upload(upload)
        return cleaned

    def _check_upload(self, upload: Any) -> None:
        if upload.size > settings.GRANSKA_STATUTES_MAX_BYTES:
            self.add_error("upload", _("Filen är för stor."))
            return
        data = upload.read()
        upload.seek(0)
        try:
            extract_text(data, upload.name or "")
        except UnreadableDocument as exc:
            self.add_error("upload", unreadable_message(exc))


__all__ = ["ApplicationIntakeForm", "Premises", "StatutesUploadForm"]


class AdministrationForm(forms.ModelForm):
    """``refused``: the save's refusal of the prefix posted (``PrefixRaceAdmin``), shown at the
    field instead of the model's check, which passed a moment before."""

    refused: InvalidInput | None = None

    class Meta:
        model = Administration
        fields = [
            "code",
            "name",
            "board_name",
            "reference_prefix",
            "postal_address",
            "email",
            "phone",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefix = self.fields.get("reference_prefix")
        if prefix is not None:  # changed or not: against the row, not a posted hidden initial
            prefix.show_hidden_initial = False

    def clean_reference_prefix(self) -> str:
        """In capitals (``sn`` is SN); blank is the common series. Whether the prefix may be
        the administration's is the model's rule (``Administration.clean``: no other
        administration's, nor the common series'; a kept prefix not judged again), an error at
        this field."""
        return (self.cleaned_data.get("reference_prefix") or "").strip().upper()

    def full_clean(self) -> None:
        super().full_clean()
        if self.refused is not None and self.is_bound:
            self.errors.pop("reference_prefix", None)
            for reason in self.refused.errors["reference_prefix"]:
                self.add_error("reference_prefix", str(reason))


class PrefixRaceAdmin(admin.ModelAdmin):
    """An administration saved through ``administration_save``. When its prefix was taken
    between the form's check and the save (two administrators at once), the admin's
    transaction is rolled back and the form shown again with the refusal at
    ``reference_prefix``, instead of a 500 from the database's constraint."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        administration_save(administration=obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except InvalidInput as exc:
            if "reference_prefix" not in exc.errors:
                raise
            request.prefix_refused = exc  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "prefix_refused", None)
        if refused is None:
            return form
        return type(form.__name__, (form,), {"refused": refused})
