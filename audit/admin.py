"""The audit trail in the admin: read-only. No one changes or deletes an event or checkpoint."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.admin_pruning import PruneTextsAdminMixin
from audit.checkpoints import sign_checkpoint
from audit.labels import ACTOR_TYPE_LABELS, EVENT_LABELS, EVENT_PREFIX_LABELS, event_label
from audit.models import AuditEvent, Checkpoint
from audit.signing import SigningKeyMissing
from audit.texts import reasons_shown
from vetting import roles
from vetting.admin_scope import ALL_CASES, ReadOnlyAdmin, by_case_reference
from vetting.models import State


class ActionFilter(admin.SimpleListFilter):
    """Events by their label, as the officers' pages name them (a family of actions, such as
    the reference-data changes, as one). A fixed list: no scan of the trail for its actions."""

    title = gettext_lazy("händelse")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        labels = {**EVENT_LABELS, **EVENT_PREFIX_LABELS}
        return sorted(((code, str(label)) for code, label in labels.items()), key=lambda i: i[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        if value.endswith("."):
            return queryset.filter(action__startswith=value)
        return queryset.filter(action=value)


class ActorTypeFilter(admin.SimpleListFilter):
    title = gettext_lazy("aktörstyp")
    parameter_name = "actor_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(kind, str(label)) for kind, label in ACTOR_TYPE_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(actor_type=value) if value else queryset


# On the event's page: fields holding a code, shown by label.
LABELLED = {
    "action": "action_with_code",
    "from_state": "from_state_label",
    "to_state": "to_state_label",
    "reasons": "reasons_recorded",  # format v2: the side text, or when it was pruned
    "changes": "changes_recorded",  # and its free texts (docs/audit-format.md 1.9) likewise
}


@admin.register(AuditEvent)
class AuditEventAdmin(PruneTextsAdminMixin, ReadOnlyAdmin):
    """The events of the cases the user sees; the rest of the trail (reference data, accounts,
    booking systems) for those who see every case. Administrators prune free texts here
    (``audit.admin_pruning``)."""

    visibility = by_case_reference("case_ref")
    list_display = [
        "seq",
        "occurred_at",
        "action_label",
        "case_ref",
        "actor_id",
        "from_state_label",
        "to_state_label",
    ]
    list_filter = [ActionFilter, ActorTypeFilter]
    search_fields = ["case_ref", "actor_id", "=seq"]
    show_full_result_count = False
    # The event's (read-only) page: every field, the codes by their labels.
    fields = readonly_fields = tuple(
        LABELLED.get(f.name, f.name) for f in AuditEvent._meta.fields if f.name != "id"
    )

    @admin.display(description=gettext_lazy("händelse"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return event_label(event.action)

    @admin.display(description=gettext_lazy("händelse"))
    def action_with_code(self, event: AuditEvent) -> str:
        """The label and, as recorded (and hashed), the code."""
        return f"{event_label(event.action)} ({event.action})"

    @admin.display(description=gettext_lazy("motivering"))
    def reasons_recorded(self, event: AuditEvent) -> str:
        return reasons_shown(event)

    @admin.display(description=gettext_lazy("ändringar"))
    def changes_recorded(self, event: AuditEvent) -> str:
        return json.dumps(event.changes_shown, ensure_ascii=False, indent=1)

    @admin.display(description=gettext_lazy("från status"), ordering="from_state")
    def from_state_label(self, event: AuditEvent) -> str:
        return state_label(event.from_state)

    @admin.display(description=gettext_lazy("till status"), ordering="to_state")
    def to_state_label(self, event: AuditEvent) -> str:
        return state_label(event.to_state)


def state_label(value: str) -> str:
    return str(State(value).label) if value in State.values else value


def may_sign_checkpoint(user: Any) -> bool:
    """Superusers and administrators; auditors read only."""
    return bool(user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR))


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    """Checkpoints are read only; "Signera kontrollpunkt nu" signs the head at once, as the
    hourly beat task does (the new checkpoint is itself the record, append-only)."""

    visibility = ALL_CASES
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
