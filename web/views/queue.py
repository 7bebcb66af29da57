"""The work queue: the start page of officers."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from vetting.models import Application
from vetting.models.deadlines import supplement_overdue
from web import selectors
from web.access import is_read_only, page
from web.forms.filters import QueueFilterForm

PAGE_SIZE = 25
GROUP_LABELS = {
    "mine": _("Mina ärenden"),
    "to_decide": _("Att besluta"),
    "escalated": _("Eskalerade"),
    "unassigned": _("Ej tilldelade"),
    "waiting": _("Väntar på sökanden"),
    "overdue": _("Försenade"),
    "all": _("Alla synliga"),
}
# The headers an htmx answer differs by: the same URL answers a full page to the browser and only
# the results to htmx, so a cache (the browser's own, restoring a page on Back) must tell them
# apart. A history restore (htmx re-fetching a pushed URL it no longer holds) wants the full page.
HTMX_VARY = ("HX-Request", "HX-History-Restore-Request")


def _is_partial(request: HttpRequest) -> bool:
    """Whether to answer only the results: an htmx filter or paging, not a history restore."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


# Which deadline a row shows (web.selectors.with_deadline).
DEADLINE_KINDS = {
    "supplement": _("komplettering"),
    "program": _("arrangemangets program"),
    "response": _("sökandens yttrande"),
    "revocation": _("yttrande över avsett återkallande"),
    "handling": _("handläggningstid"),
}


# Where a grant's revocation hearing stands (``Application.revocation_hearing_status``), marked
# on its row: the case is decided, so the state alone does not say why it is listed.
REVOCATION_MARKS = {
    "awaiting": _("återkallelse: väntar på yttrande"),
    "answered": _("återkallelse: yttrande inkommet"),
    "lapsed": _("återkallelse: svarstiden har gått ut"),
}
# A case whose supplement deadline passed with nothing delivered (``supplement_overdue``): the
# decision makers' to write off, or the handler's to chase (ADR 0025).
WRITE_OFF_MARK = _("kompletteringsfristen har gått ut: skriva av?")


def _mark(app: Application) -> Any:
    """What a row is marked with: where a revocation hearing stands, or an overdue supplement."""
    if supplement_overdue(app):
        return WRITE_OFF_MARK
    return REVOCATION_MARKS.get(app.revocation_hearing_status(), "")


def _filter(request: HttpRequest, form: QueueFilterForm) -> selectors.QueueFilter:
    groups = selectors.groups_for(request.user)
    group = request.GET.get("group", groups[0])
    if group not in groups:
        group = groups[0]
    valid = not form.is_bound or form.is_valid()
    data = form.cleaned_data if form.is_bound and valid else {}

    def pk(name: str) -> int | None:
        value = data.get(name)
        return value.pk if value is not None else None

    return selectors.QueueFilter(
        group=group,
        kind=data.get("kind") or "",
        state=data.get("state") or "",
        administration=pk("administration"),
        premises=pk("premises"),
        association=pk("association"),
        sort=data.get("sort") or "received",
        valid=valid,
    )


@page
def queue(request: HttpRequest) -> HttpResponse:
    if is_read_only(request.user) and not request.GET:
        return redirect("web:audit_log")
    form = QueueFilterForm(request.GET or None)
    f = _filter(request, form)
    paginator = Paginator(selectors.queue(request.user, f), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = []
    for app in page_obj.object_list:
        deadline, late, kind = selectors.row_deadline(app)
        rows.append((app, deadline, late, DEADLINE_KINDS.get(kind, ""), _mark(app)))
    counts = selectors.queue_counts(request.user, f)
    params = request.GET.copy()
    params.pop("page", None)
    group_params = request.GET.copy()
    group_params.pop("page", None)
    group_params.pop("group", None)
    context = {
        "form": form,
        "filter": f,
        "groups": [(g, GROUP_LABELS[g], n) for g, n in counts.items()],
        "group_label": GROUP_LABELS[f.group],
        "page_obj": page_obj,
        "rows": rows,
        "query": params.urlencode(),
        "group_query": group_params.urlencode(),
        "taken_over": selectors.taken_over_from(request.user),
        "taken_over_days": selectors.TAKEN_OVER_DAYS,
    }
    if _is_partial(request):
        response = render(request, "web/_queue_results.html", {**context, "oob": True})
    else:
        response = render(request, "web/queue.html", context)
    patch_vary_headers(response, HTMX_VARY)
    return response
