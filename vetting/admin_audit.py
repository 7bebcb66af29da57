"""Admin changes of reference data are audit events, written in the admin's transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.forms import BaseForm
from django.http import HttpRequest

from audit.context import actor_for_user
from audit.services import person_pseudonym, record_event

# What an event may never hold as a value: the chain keeps its bytes for ever, and exports copy
# them. A secret is named as changed, never recorded; personal data the same (it must stay
# erasable, and a person appears in the log only by pseudonym).
SECRET_MARKS = ("password", "secret", "key", "token")
PERSONAL_FIELDS = frozenset(
    {"username", "first_name", "last_name", "email", "contact_name", "contact_email",
     "contact_phone", "phone", "name_of_person"}
)  # fmt: skip


def _withheld(field: str) -> bool:
    return field in PERSONAL_FIELDS or any(mark in field.lower() for mark in SECRET_MARKS)


def _changes(form: BaseForm | None, obj: models.Model) -> dict[str, Any]:
    if form is None:
        return {}
    changes = {f: _plain(form.cleaned_data.get(f)) for f in form.changed_data if not _withheld(f)}
    withheld = sorted(f for f in form.changed_data if _withheld(f))
    if withheld:
        changes["changed_not_recorded"] = withheld
    return changes


def _plain(value: Any) -> Any:
    """Model instances and querysets (m2m fields) as their names for the event; a person as
    their pseudonym, never their name or username."""
    if isinstance(value, AbstractBaseUser):
        return person_pseudonym(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(str(_plain(v)) for v in value)
    return value


def record_reference_change(
    *, request: HttpRequest, obj: models.Model, verb: str, changes: dict[str, Any]
) -> None:
    record_event(
        actor=actor_for_user(request.user),
        action=f"refdata.{obj._meta.model_name}.{verb}",
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        association_id=_association_of(obj),
        changes=changes,
    )


def _association_of(obj: models.Model) -> int | None:
    """The association an event about ``obj`` concerns, so the log's association filter finds
    changes to the association itself and to what belongs to it (jäv, statutes)."""
    if obj._meta.label == "associations.Association":
        return int(obj.pk)
    association_id = getattr(obj, "association_id", None)
    return int(association_id) if association_id is not None else None


# What gives an account access: recorded from and to when the admin changes it, so that the
# trail says what a person could do before as well as after.
USER_ACCESS_FLAGS = ("is_active", "is_staff", "is_superuser")


def user_access(user: Any) -> dict[str, Any]:
    """An account's access as stored (read before a save): its flags, its groups by name and its
    administrations by code; none of them for an account not yet saved."""
    if user.pk is None:
        return {"groups": [], "administrations": [], **dict.fromkeys(USER_ACCESS_FLAGS)}
    manager = type(user)._default_manager
    stored = manager.filter(pk=user.pk).values(*USER_ACCESS_FLAGS).get()
    groups = manager.filter(pk=user.pk, groups__isnull=False).values_list("groups__name", flat=True)
    codes = manager.filter(pk=user.pk, profile__administrations__isnull=False).values_list(
        "profile__administrations__code", flat=True
    )
    return {**stored, "groups": sorted(groups), "administrations": sorted(codes)}


def from_to(changes: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with each key that ``before`` holds recorded as ``{"from": …, "to": …}``."""
    return {k: {"from": before[k], "to": v} if k in before else v for k, v in changes.items()}


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes each write an audit event."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changes = self.audit_changes(form, obj)
        if change and not changes:  # saved as it was: nothing happened to record
            return
        verb = "changed" if change else "created"
        record_reference_change(request=request, obj=obj, verb=verb, changes=changes)

    def audit_changes(self, form: Any, obj: Any) -> dict[str, Any]:
        """What the event of a save records of the form's changes."""
        return _changes(form, obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_reference_change(request=request, obj=obj, verb="deleted", changes={})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        """The admin's bulk delete runs outside a transaction: one here holds the deletes and
        their events together."""
        with transaction.atomic():
            for obj in queryset:
                record_reference_change(request=request, obj=obj, verb="deleted", changes={})
            super().delete_queryset(request, queryset)
