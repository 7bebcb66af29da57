"""The audit trail in the admin: read-only. No one changes or deletes an event or checkpoint."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent, Checkpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "seq",
        "occurred_at",
        "action",
        "case_ref",
        "actor_id",
        "from_state",
        "to_state",
    ]
    list_filter = ["action", "actor_type"]
    search_fields = ["case_ref", "actor_id", "=seq"]
    show_full_result_count = False


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["seq", "signed_at", "key_id"]
