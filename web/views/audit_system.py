"""Auditors' pages of the events that are not about a case, their CSV export, and one event of
the trail (any event: its hashes, what it recorded, and where it belongs)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from audit.models import AuditEvent
from web import systemlog
from web.access import auditor_page
from web.forms.filters import SystemLogFilterForm
from web.selectors import with_actor_names
from web.views.audit import PAGE_SIZE, _invalid_filter, csv_download


def _filter(form: SystemLogFilterForm) -> systemlog.SystemFilter | None:
    """The filter the form asks for; None when it is invalid (nothing is listed)."""
    if not form.is_bound:
        return systemlog.SystemFilter()
    if not form.is_valid():
        return None
    d: dict[str, Any] = form.cleaned_data
    return systemlog.SystemFilter(
        date_from=d.get("date_from"), date_to=d.get("date_to"), kind=d.get("kind") or ""
    )


@auditor_page
def audit_system(request: HttpRequest) -> HttpResponse:
    form = SystemLogFilterForm(request.GET or None)
    f = _filter(form)
    events = systemlog.system_events(f) if f is not None else AuditEvent.objects.none()
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": systemlog.system_rows(page_obj.object_list),
        "query": params.urlencode(),
        "invalid_filter": f is None,
    }
    return render(request, "web/audit_system.html", context)


@auditor_page
def system_export(request: HttpRequest) -> HttpResponse:
    form = SystemLogFilterForm(request.GET or None)
    f = _filter(form)
    if f is None:
        return _invalid_filter(form)
    return csv_download(systemlog.export_csv(f, request.user), "systemhandelser")


@auditor_page
def audit_event(request: HttpRequest, seq: int) -> HttpResponse:
    """One event of the trail: its number, hash and the hash before it, who did what, and for a
    case's event the link to it among the case's events."""
    event = get_object_or_404(AuditEvent, seq=seq)
    context: dict[str, Any] = {"event": event}
    if event.case_ref:
        context["timeline"] = with_actor_names([event])
    else:
        context["row"] = systemlog.system_rows([event])[0]
    return render(request, "web/audit_event.html", context)
