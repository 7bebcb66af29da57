"""Admin changes of reference data are audit events, written in the admin's transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest

from audit.context import actor_for_user
from audit.services import record_event

SECRET_FIELDS = frozenset({"password", "key_hash", "api_key", "secret", "webhook_secret"})


def _changes(form: BaseForm | None, obj: models.Model) -> dict[str, Any]:
    if form is None:
        return {}
    changed = [f for f in form.changed_data if f not in SECRET_FIELDS]
    return {f: _plain(form.cleaned_data.get(f)) for f in changed}


def _plain(value: Any) -> Any:
    """Model instances and querysets (m2m fields) as their names, for the event."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(str(v) for v in value)
    return value


def record_reference_change(
    *, request: HttpRequest, obj: models.Model, verb: str, changes: dict[str, Any]
) -> None:
    record_event(
        actor=actor_for_user(request.user),
        action=f"refdata.{obj._meta.model_name}.{verb}",
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        changes=changes,
    )


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes each write an audit event."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = "changed" if change else "created"
        record_reference_change(request=request, obj=obj, verb=verb, changes=_changes(form, obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_reference_change(request=request, obj=obj, verb="deleted", changes={})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            record_reference_change(request=request, obj=obj, verb="deleted", changes={})
        super().delete_queryset(request, queryset)
