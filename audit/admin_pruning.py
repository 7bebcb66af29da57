"""Pruning (gallring) of the free texts in the audit trail from the admin (ADR 0027): a page
under the events for those the service lets prune (``may_erase_persons``: administrators and
superusers). A case's texts, or those of the events before a day, with the ground required;
first how many texts will be pruned, then, confirmed, ``audit.pruning.event_texts_prune``: the
same service as ``manage.py prune_event_texts``, the same rules and the same event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.context import actor_for_user
from audit.pruning import MAX_GROUND, PruneRefused, event_texts_prune, event_texts_prune_count
from audit.services import may_erase_persons

TEMPLATE = "admin/audit/auditevent/prune.html"


class PruneTextsForm(forms.Form):
    """What to prune and why. Nothing is required here: the service's rules name the field
    (a case or a day; the ground), as they do for the command."""

    case = forms.CharField(
        label=gettext_lazy("Ärende (diarienummer)"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("Gallra texterna i ärendets händelser, t.ex. KFN-2026-00017."),
    )
    before = forms.DateField(
        label=gettext_lazy("Händelser före dagen"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Gallra texterna i alla händelser före dagen (ÅÅÅÅ-MM-DD)."),
    )
    ground = forms.CharField(
        label=gettext_lazy("Grund för gallringen"),
        required=False,
        max_length=MAX_GROUND,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "T.ex. dokumenthanteringsplanens punkt. Registreras i klartext i loggen: nämn "
            "ingen person."
        ),
    )

    def arguments(self, request: HttpRequest) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "actor": actor_for_user(request.user),
            "case_ref": data["case"].strip() or None,
            "before": data["before"],
            "ground": data["ground"],
        }

    def refused(self, refusal: PruneRefused) -> None:
        for field, reason in refusal.errors.items():
            self.add_error(field if field in self.fields else None, str(reason))


class PruneTextsAdminMixin(admin.ModelAdmin):
    """The events' admin with its "Gallra texter" page (``prune/``)."""

    change_list_template = "admin/audit/auditevent/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.prune_texts)
        return [path("prune/", view, name="audit_auditevent_prune"), *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {**(extra_context or {}), "may_prune": may_erase_persons(request.user)}
        return super().changelist_view(request, extra_context=extra)

    def prune_texts(self, request: HttpRequest) -> HttpResponse:
        if not may_erase_persons(request.user):
            raise PermissionDenied(_("Bara administratörer kan gallra texter i loggen."))
        form = PruneTextsForm(request.POST if request.method == "POST" else None)
        count = None
        if form.is_bound and form.is_valid():
            try:
                if "confirm" in request.POST:
                    return self._pruned(request, form)
                count = event_texts_prune_count(**form.arguments(request))
            except PruneRefused as refusal:
                form.refused(refusal)
        return self._page(request, form, count)

    def _pruned(self, request: HttpRequest, form: PruneTextsForm) -> HttpResponse:
        pruned = event_texts_prune(**form.arguments(request))
        text = ngettext(
            "Texten i %(events)d händelse är gallrad; gallringen är registrerad som händelse "
            "#%(seq)d.",
            "Texterna i %(events)d händelser är gallrade; gallringen är registrerad som "
            "händelse #%(seq)d.",
            len(pruned.seqs),
        ) % {"events": len(pruned.seqs), "seq": pruned.event_seq}
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:audit_auditevent_changelist"))

    def _page(self, request: HttpRequest, form: PruneTextsForm, count: int | None) -> HttpResponse:
        confirmation = None
        if count is not None:
            confirmation = ngettext(
                "%(count)d text kommer att gallras. Det går inte att ångra.",
                "%(count)d texter kommer att gallras. Det går inte att ångra.",
                count,
            ) % {"count": count}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Gallra texter i loggen"),
            "opts": self.opts,
            "form": form,
            "confirmation": confirmation,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, TEMPLATE, context)
