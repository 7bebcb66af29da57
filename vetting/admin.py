"""Admin for cases and reference data. Case state changes only through the services. The
officers' accounts (users and groups) are in ``vetting.admin_accounts``, registered from here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.context import actor_for_user
from audit.services import record_event
from vetting import admin_accounts  # noqa: F401  (registers the accounts' admin)
from vetting.admin_audit import AuditedAdmin, record_reference_change
from vetting.admin_intake import AdministrationForm, ApplicationIntakeForm, PrefixRaceAdmin
from vetting.admin_scope import (
    SHARED,
    ReadOnlyAdmin,
    ScopedAdminMixin,
    by_administration,
    by_colleague,
)
from vetting.admin_transitions import TransitionFormsMixin
from vetting.forms import TRANSITION_FORMS
from vetting.models import (
    Administration,
    Application,
    Assessment,
    ConflictOfInterest,
    Criterion,
    Decision,
    DecisionOutcome,
    Delegation,
    Kind,
    Rulebook,
    State,
)
from vetting.services.conflicts import conflict_declare, conflict_withdraw
from vetting.services.reference import delegation_problems, may_set_reference_prefix
from vetting.services.registration import application_register, may_register


class ReadOnlyInline(ScopedAdminMixin, admin.TabularInline):
    visibility = by_administration("application__administration")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AssessmentInline(ReadOnlyInline):
    model = Assessment
    fields = readonly_fields = (
        "criterion",
        "outcome",
        "evidence_kind",
        "evidence_text",
        "assessor",
        "assessed_at",
    )


class DecisionInline(ReadOnlyInline):
    model = Decision
    fk_name = "application"
    fields = readonly_fields = (
        "kind",
        "outcome",
        "amount_granted",
        "decided_by",
        "decided_at",
        "replaces",
    )


# Fields holding a code shown by their label on the (read-only) change form.
LABELLED = {
    "proposed_outcome": "proposed_outcome_label",
    "escalated_from": "escalated_from_label",
}


@admin.register(Application)
class ApplicationAdmin(ScopedAdminMixin, TransitionFormsMixin, admin.ModelAdmin):
    """Cases: every field read-only; the allowed actions come from the state machine, each with
    its form (vetting.admin_transitions)."""

    visibility = by_administration("administration")
    fsm_fields = ["state"]
    fsm_forms = dict(TRANSITION_FORMS)
    list_display = ["reference", "kind", "association", "state", "handler", "received_on"]
    list_filter = ["kind", "state", "administration"]
    search_fields = ["reference", "subject", "association__name", "association__org_number"]
    list_select_related = ["association", "handler"]
    # Registering: the associations and premises the user may see, searched (vetting.admin_scope).
    autocomplete_fields = ["association", "premises"]
    inlines = [AssessmentInline, DecisionInline]

    @staticmethod
    def get_fsm_block_label(fsm_field_name: str) -> str:
        return str(_("Åtgärder"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [LABELLED.get(f.name, f.name) for f in Application._meta.fields]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str] | None:
        """A field shown by its label is read-only too: not an input on the change form."""
        return list(LABELLED) if obj is not None else None

    @admin.display(description=_("föreslaget utfall"))
    def proposed_outcome_label(self, obj: Application) -> str:
        """The label, not the code (the field has no choices: it stays blank between proposals)."""
        code = obj.proposed_outcome
        return str(DecisionOutcome(code).label) if code in DecisionOutcome.values else code

    @admin.display(description=_("eskalerad från status"))
    def escalated_from_label(self, obj: Application) -> str:
        code = obj.escalated_from
        return str(State(code).label) if code in State.values else code

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            # The form judges the case as the registration service will, for this user.
            kwargs["form"] = type("IntakeForm", (ApplicationIntakeForm,), {"user": request.user})
            kwargs["fields"] = ApplicationIntakeForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Only those who may register cases (handläggare, administrators), as on the pages."""
        return super().has_add_permission(request) and may_register(request.user)

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[Any]:
        return list(self.inlines) if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Registering a case goes through the registration service (role, administration,
        premises; then the intake service: reference number, event), with the application
        itself when one is attached (kept as the case's inkommen handling "ansökan")."""
        if change:
            return  # every field is read-only; state changes are transitions
        created = application_register(
            actor=request.user,
            data=form.new_application(),
            document=form.cleaned_data.get("document"),
        )
        obj.__dict__.update(created.__dict__)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> list[dict[str, Any]]:
        """Without the (read-only, never saved) inlines: an action button posts the change form,
        and the saved-object lists of formsets that were not saved do not exist (a 500)."""
        return super().construct_change_message(request, form, [], add)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """The decisions of the cases the user may see, as the case list."""

    visibility = by_administration("application__administration")
    list_display = ["application", "kind", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome", "kind", "appeal_route"]
    list_select_related = ["application", "decided_by"]


class CriterionInline(ScopedAdminMixin, admin.TabularInline):
    visibility = SHARED
    model = Criterion
    extra = 0
    fields = ["position", "code", "title", "description", "source", "kinds", "basis"]


@admin.register(Rulebook)
class RulebookAdmin(ScopedAdminMixin, AuditedAdmin):
    """A published rulebook is never edited: publish a new version instead."""

    visibility = SHARED

    list_display = ["version", "title", "adopted_on", "published"]
    inlines = [CriterionInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Every criterion added, changed (each changed field's new value) or deleted is an
        event: the criteria are what refusals rest on."""
        deleted = [(f.instance.pk, f.instance.code) for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        changed = {obj.pk: fields for obj, fields in formset.changed_objects}
        for criterion in [*formset.new_objects, *(pair[0] for pair in formset.changed_objects)]:
            fields = changed.get(criterion.pk, CriterionInline.fields)
            record_reference_change(
                request=request,
                obj=criterion,
                verb="changed" if criterion.pk in changed else "created",
                changes={"code": criterion.code, **{f: getattr(criterion, f) for f in fields}},
            )
        for pk, code in deleted:
            record_event(
                actor=actor_for_user(request.user),
                action="refdata.criterion.deleted",
                object_type="criterion",
                object_id=pk,
                changes={"code": code},
            )


class DelegationForm(forms.ModelForm):
    """The delegation service's rules (``delegation_problems``), at their fields. The kinds are
    the JSON field's textarea: its help names the codes and the form (the ops tester met only
    "Fyll i ett giltigt JSON." for text or ``[]``)."""

    class Meta:
        model = Delegation
        fields = [
            "user", "group", "administration", "kinds", "max_amount", "valid_from", "valid_to",
            "note",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = self.fields.get("kinds")
        if kinds is not None:
            kinds.help_text = format_lazy(
                _("En lista med minst ett ärendeslag, t.ex. {example}. Ärendeslag: {kinds}."),
                example='["foreningsbidrag", "lokaluthyrning"]',
                kinds=", ".join(f"{value} ({label})" for value, label in Kind.choices),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problems = delegation_problems(
            user=cleaned.get("user"),
            group=cleaned.get("group"),
            kinds=cleaned.get("kinds"),
            max_amount=cleaned.get("max_amount"),
            valid_from=cleaned.get("valid_from"),
            valid_to=cleaned.get("valid_to"),
        )
        for name, message in problems.items():
            if name not in self.errors:  # a value the field itself refused is not judged again
                self.add_error(name if name in self.fields else None, message)
        return cleaned


@admin.register(Delegation)
class DelegationAdmin(ScopedAdminMixin, AuditedAdmin):
    visibility = by_administration("administration")
    form = DelegationForm
    list_display = ["__str__", "administration", "valid_from", "valid_to", "note"]
    list_filter = ["administration"]


CONFLICT_FIELDS = ("user", "association", "reason", "declared_at", "withdrawn_at")


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A jäv is declared and withdrawn through the services (vetting.services.conflicts), which
    write the events; a declaration is a record: never edited or deleted, withdrawn instead."""

    visibility = by_colleague("user")
    list_display = ["user", "association", "reason", "declared_at", "withdrawn_at"]
    list_filter = ["withdrawn_at"]
    list_select_related = ["user", "association"]
    autocomplete_fields = ["association"]
    fields = CONFLICT_FIELDS
    actions = ["withdraw"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(CONFLICT_FIELDS) if obj is not None else ["declared_at", "withdrawn_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return  # every field is read-only; withdrawing is the action
        data = form.cleaned_data
        created = conflict_declare(
            actor=request.user, user=data["user"], association=data["association"],
            reason=data["reason"],
        )  # fmt: skip
        obj.__dict__.update(created.__dict__)

    @admin.action(permissions=["change"], description=_("Återta jävsanmälan"))
    def withdraw(self, request: HttpRequest, queryset: Any) -> TemplateResponse | None:
        """First a page naming the declarations still in force, to confirm (as the admin's
        delete); then each through the service. Going back changes nothing."""
        conflicts = list(
            queryset.filter(withdrawn_at__isnull=True).select_related("user", "association")
        )
        if not conflicts:
            self.message_user(request, _("Ingen av de valda jävsanmälningarna gäller."))
            return None
        if request.POST.get("post") != "yes":
            return self._withdraw_confirmation(request, conflicts)
        for conflict in conflicts:
            conflict_withdraw(actor=request.user, conflict=conflict)
        self.message_user(request, _("Jävsanmälningarna är återtagna."), messages.SUCCESS)
        return None

    def _withdraw_confirmation(
        self, request: HttpRequest, conflicts: list[Any]
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Återta jävsanmälan"),
            "opts": self.opts,
            "conflicts": conflicts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        template = "admin/vetting/conflictofinterest/withdraw_confirmation.html"
        return TemplateResponse(request, template, context)


@admin.register(Administration)
class AdministrationAdmin(ScopedAdminMixin, AuditedAdmin, PrefixRaceAdmin):
    """Contact details (printed in letters and decisions, vetting.facts) and the diarium prefix
    of the administration's case numbers, which only an administrator sets."""

    visibility = by_administration("pk")
    form = AdministrationForm
    list_display = [
        "code",
        "name",
        "board_name",
        "reference_prefix",
        "postal_address",
        "email",
        "phone",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not may_set_reference_prefix(request.user):
            fields.append("reference_prefix")
        return fields
