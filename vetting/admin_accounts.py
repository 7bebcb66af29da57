"""Admin for the officers' accounts (users, their profile and administrations, and the roles as
groups), in place of Django's own: every change an audit event (``vetting.admin_audit``), rights
granted only by whom may grant them, and personal data erased through the erasure service.
Registered when ``vetting.admin`` is loaded."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.context import actor_for_user
from audit.services import ErasureRefused, may_erase_persons, person_erase
from vetting import roles
from vetting.admin_audit import (
    USER_ACCESS_FLAGS,
    AuditedAdmin,
    from_to,
    record_reference_change,
    user_access,
)
from vetting.admin_scope import SHARED, ScopedAdminMixin, by_colleague
from vetting.models import Profile
from vetting.selectors import visible_administration_ids


class ProfileInline(ScopedAdminMixin, admin.StackedInline):
    visibility = by_colleague("user")
    model = Profile
    can_delete = False
    filter_horizontal = ["administrations"]


admin.site.unregister(User)
admin.site.unregister(Group)


# What grants rights: only a superuser sets these; the roles (groups) and staff access also an
# administrator, never on their own account (a staff officer with "change user" made themselves
# superuser and administratör).
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")
RIGHTS_FIELDS = ("groups", "is_staff")


@admin.register(User)
class AuditedUserAdmin(ScopedAdminMixin, AuditedAdmin, UserAdmin):
    visibility = by_colleague("pk")
    inlines = [ProfileInline]
    actions = ["erase_personal_data"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # When the account was made and last used are facts, not settings (and the form's
        # seconds against the stored microseconds made every save "change" date_joined).
        fields = [*super().get_readonly_fields(request, obj), "date_joined", "last_login"]
        editor = request.user
        if getattr(editor, "is_superuser", False):
            return fields
        fields += SUPERUSER_ONLY_FIELDS
        own = obj is not None and obj.pk == editor.pk
        if own or not roles.has_role(editor, roles.ADMINISTRATOR):
            fields += RIGHTS_FIELDS
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Nobody but a superuser changes a superuser's account (or takes it over by its
        password or e-mail)."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_erase_permission(self, request: HttpRequest) -> bool:
        """The erasure service's rule (``may_erase_persons``): the action is offered to no one
        else, and their POST of it is refused with 403 (vetting.admin_scope)."""
        return may_erase_persons(request.user)

    @admin.action(
        permissions=["erase"],
        description=_("Radera personuppgifter (GDPR, bara inaktiva konton)"),
    )
    def erase_personal_data(self, request: HttpRequest, queryset: Any) -> None:
        """Erase each selected inactive account (audit.services.person_erase); an active one is
        refused by name, with what to do."""
        actor = actor_for_user(request.user)
        erased = 0
        for user in queryset.order_by("pk"):
            name = user.get_username()
            try:
                person_erase(user=user, actor=actor)
            except ErasureRefused as refused:
                self.message_user(request, f"{name}: {refused.message}", messages.ERROR)
            else:
                erased += 1
        if erased:
            text = _("Personuppgifterna för %(n)d konton är raderade.") % {"n": erased}
            self.message_user(request, text, messages.SUCCESS)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """The password form saves on its own; its event (that it changed, never the value) is
        written in the same transaction."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            changed = request.method == "POST" and response.status_code == 302
            user = self.get_object(request, id) if changed else None
            if user is not None:
                record_reference_change(
                    request=request,
                    obj=user,
                    verb="password_changed",
                    changes={"changed_not_recorded": ["password"]},
                )
        return response

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        form.access_before = user_access(obj)  # before anything is saved: the event's "from"
        super().save_model(request, obj, form, change)

    def audit_changes(self, form: Any, obj: Any) -> dict[str, Any]:
        """Groups and the active, staff and superuser flags from what they were to what they are."""
        access = getattr(form, "access_before", {})
        return from_to(super().audit_changes(form, obj), {
            k: access[k] for k in ("groups", *USER_ACCESS_FLAGS) if k in access
        })  # fmt: skip

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        hidden = _administrations_hidden_from(request.user, form.instance)
        super().save_related(request, form, formsets, change)
        if hidden:  # the picker offered only the editor's own: keep the others the user has
            form.instance.profile.administrations.add(*hidden)
        before = getattr(form, "access_before", {}).get("administrations", [])
        for formset in formsets:
            if formset.has_changed():
                after = sorted(a.code for a in form.instance.profile.administrations.all())
                if after == before:
                    continue
                record_reference_change(
                    request=request,
                    obj=form.instance,
                    verb="administrations_changed",
                    changes={"administrations": {"from": before, "to": after}},
                )


def _administrations_hidden_from(editor: Any, user: Any) -> list[int]:
    """The user's administrations the editor may not see (so was not offered to keep)."""
    visible = visible_administration_ids(editor)
    profile = getattr(user, "profile", None) if user.pk else None
    if visible is None or getattr(editor, "is_superuser", False) or profile is None:
        return []
    return list(profile.administrations.exclude(pk__in=visible).values_list("pk", flat=True))


@admin.register(Group)
class AuditedGroupAdmin(ScopedAdminMixin, AuditedAdmin, GroupAdmin):
    visibility = SHARED
