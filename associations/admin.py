from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from associations.models import Association, StatutesVersion
from associations.services import (
    ASSOCIATION_CONTACT,
    ASSOCIATION_RECORDED,
    association_register,
    association_update,
    statutes_add,
)
from associations.validators import normalize_org_number
from vetting.admin_intake import StatutesUploadForm
from vetting.admin_scope import OFFICERS, ScopedAdminMixin
from vetting.errors import InvalidInput
from vetting.services.supplement_statutes import may_register_statutes

EDITABLE = (*ASSOCIATION_RECORDED, *ASSOCIATION_CONTACT)


class StatutesInline(ScopedAdminMixin, admin.TabularInline):
    visibility = OFFICERS
    model = StatutesVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "adopted_on",
        "original_filename",
        "sha256",
        "document_kind",
        "reader_status",
        "reader_version",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # added through associations.services.statutes_add (hash, text, reader)


class AssociationForm(forms.ModelForm):
    class Meta:
        model = Association
        fields = ["name", "org_number", *ASSOCIATION_CONTACT]

    def clean_org_number(self) -> str:
        """As stored (NNNNNN-NNNN), so that the unique check finds one written without its
        hyphen; an invalid one is this field's error."""
        return normalize_org_number(self.cleaned_data.get("org_number") or "")


@admin.register(Association)
class AssociationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Registered and changed through the services (``association_register``,
    ``association_update``), which write the events; the organisation number is the
    association's identity and is not changed; an association is never deleted (its cases and
    assessments refer to it)."""

    visibility = OFFICERS
    form = AssociationForm
    list_display = ["name", "org_number", "contact_email"]
    search_fields = ["name", "org_number"]
    inlines = [StatutesInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["org_number"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            values = {f: data[f] for f in form.changed_data if f in EDITABLE}
            obj.__dict__.update(
                association_update(actor=request.user, association=obj, values=values).__dict__
            )
            return
        created = association_register(
            actor=request.user,
            org_number=data["org_number"],
            **{f: data.get(f) or "" for f in EDITABLE},
        )
        obj.__dict__.update(created.__dict__)


@admin.register(StatutesVersion)
class StatutesVersionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Statutes are added (file or pasted text) through the service; never edited."""

    visibility = OFFICERS

    form = StatutesUploadForm
    list_display = [
        "association", "adopted_on", "document_kind", "reader_status", "reader_version", "sha256",
    ]  # fmt: skip
    list_filter = ["document_kind", "reader_status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Only those who add statutes on the association's page (handläggare, administrators)."""
        return super().has_add_permission(request) and may_register_statutes(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        upload = form.cleaned_data.get("upload")
        try:
            created = statutes_add(
                association=form.cleaned_data["association"],
                actor=request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                data=upload.read() if upload else None,
                filename=upload.name if upload else "",
                text=form.cleaned_data.get("pasted_text") or "",
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
            raise PermissionDenied(exc.message) from exc
        obj.__dict__.update(created.__dict__)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None
