from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from associations.models import Association, StatutesVersion
from associations.validators import normalize_org_number
from vetting.admin_audit import AuditedAdmin


class StatutesInline(admin.TabularInline):
    model = StatutesVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "adopted_on",
        "original_filename",
        "sha256",
        "document_kind",
        "reader_status",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # added through associations.services.statutes_add (hash, text, reader)


@admin.register(Association)
class AssociationAdmin(AuditedAdmin):
    list_display = ["name", "org_number", "contact_email"]
    search_fields = ["name", "org_number"]
    inlines = [StatutesInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.org_number = normalize_org_number(obj.org_number)
        super().save_model(request, obj, form, change)
