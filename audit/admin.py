"""The audit trail in the admin: read-only. No one changes or deletes an event or checkpoint."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.checkpoints import sign_checkpoint
from audit.models import AuditEvent, Checkpoint
from audit.signing import SigningKeyMissing
from vetting import roles


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


def may_sign_checkpoint(user: Any) -> bool:
    """Superusers and administrators; auditors read only."""
    return bool(user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR))


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    """Checkpoints are read only; "Signera kontrollpunkt nu" signs the head at once, as the
    hourly beat task does (the new checkpoint is itself the record, append-only)."""

    list_display = ["seq", "signed_at", "key_id"]
    change_list_template = "admin/audit/checkpoint/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        sign = self.admin_site.admin_view(require_POST(self.sign_now))
        return [path("sign/", sign, name="audit_checkpoint_sign"), *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {**(extra_context or {}), "may_sign": may_sign_checkpoint(request.user)}
        return super().changelist_view(request, extra_context=extra)

    def sign_now(self, request: HttpRequest) -> HttpResponse:
        if not may_sign_checkpoint(request.user):
            raise PermissionDenied(_("Bara administratörer kan signera kontrollpunkter."))
        try:
            checkpoint = sign_checkpoint()
        except SigningKeyMissing:
            self.message_user(request, _("Ingen signeringsnyckel är inställd."), messages.ERROR)
        else:
            if checkpoint is None:
                text = _("Inget nytt att signera: senaste kontrollpunkten täcker kedjans topp.")
                self.message_user(request, text, messages.INFO)
            else:
                text = _("Kontrollpunkt #%(seq)s är signerad.") % {"seq": checkpoint.seq}
                self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:audit_checkpoint_changelist"))
