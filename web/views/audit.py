"""Auditors' pages: the decision log, its CSV export, chain verification, any case's timeline."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit import export as trail_export
from audit.context import actor_for_user
from audit.models import DECISION_ACTIONS, AuditEvent
from audit.selectors import case_timeline
from vetting.models import Application
from web import auditchain, auditlog
from web.access import auditor_check, auditor_page
from web.casepage import documents_of
from web.forms.filters import LogFilterForm, TrailExportForm
from web.selectors import with_actor_names

PAGE_SIZE = 50


def _log_filter(form: LogFilterForm) -> auditlog.LogFilter | None:
    """The filter the form asks for; None when any part of it is invalid (nothing is listed)."""
    if not form.is_bound:
        return auditlog.LogFilter()
    if not form.is_valid():
        return None
    d: dict[str, Any] = form.cleaned_data

    def pk(name: str) -> int | None:
        return d[name].pk if d.get(name) is not None else None

    return auditlog.LogFilter(
        date_from=d.get("date_from"),
        date_to=d.get("date_to"),
        administration=pk("administration"),
        kind=d.get("kind") or "",
        outcome=d.get("outcome") or "",
        decision_maker=pk("decision_maker"),
        association=pk("association"),
        decisions_only=bool(d.get("decisions_only")),
        case=d.get("case") or "",
    )


@auditor_page
def audit_log(request: HttpRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    f = _log_filter(form)
    events = auditlog.decision_log(f) if f is not None else auditlog.no_events()
    paginator = Paginator(events, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": auditlog.log_rows(page_obj.object_list),
        "query": params.urlencode(),
        "invalid_filter": f is None,
        "trail_query": _trail_period(f),
    }
    return render(request, "web/audit_log.html", context)


def _trail_period(f: auditlog.LogFilter | None) -> str:
    """The log's period as the query of the JSONL export on the chain page ("" for none)."""
    period = {"since": f.date_from, "until": f.date_to} if f is not None else {}
    return urlencode({k: v.isoformat() for k, v in period.items() if v is not None})


@auditor_page
def audit_export(request: HttpRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    f = _log_filter(form)
    if f is None:
        return _invalid_filter(form)
    return csv_download(auditlog.export_csv(f, request.user), "beslutslogg")


def csv_download(body: str, name: str) -> HttpResponse:
    """A CSV export as a download named by ``name`` and the time (with a BOM, for Excel)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


@auditor_page
def audit_trail_export(request: HttpRequest) -> HttpResponseBase:
    """The verifiable JSONL export of the trail for a period, as GET /api/v1/audit/export gives
    it (tools/verify_audit_export.py checks it); the export is itself recorded."""
    form = TrailExportForm(request.GET)
    if not form.is_valid():  # the chain page again, with the errors at the fields
        return _chain_page(request, form, status=400)
    since, until = form.cleaned_data.get("since"), form.cleaned_data.get("until")
    actor = actor_for_user(request.user)
    rng, chunks = trail_export.audit_export(actor=actor, since=since, until=until, fmt="jsonl")
    response = StreamingHttpResponse(chunks, content_type="application/x-ndjson")
    name = f"granska-audit-{rng.first_seq}-{rng.last_seq}.jsonl"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _invalid_filter(form: forms.Form) -> HttpResponse:
    """400: an export of an invalid filter would widen it; say which fields are wrong."""
    lines = [_("Filtret är ogiltigt; inget exporterades. Rätta filtret i beslutsloggen.")]
    for field in form:
        lines += [f"{field.label}: {error}" for error in field.errors]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


@auditor_page
def audit_chain(request: HttpRequest) -> HttpResponse:
    """The latest recorded verification and checkpoint; a GET never walks or writes. The export's
    period starts as the decision log's (``?since=&until=``, its link), if any."""
    initial = {k: request.GET[k] for k in ("since", "until") if request.GET.get(k)}
    return _chain_page(request, TrailExportForm(initial=initial))


def _chain_page(
    request: HttpRequest, export_form: TrailExportForm, status: int = 200
) -> HttpResponse:
    context = {
        "status": auditchain.chain_status(),
        "export_form": export_form,
        "verifier_key": auditchain.published_verifier_key(),
        "verifier_script": auditchain.verifier_script(),
    }
    return render(request, "web/audit_chain.html", context, status=status)


@auditor_page
def verifier_download(request: HttpRequest) -> HttpResponse:
    """tools/verify_audit_export.py as a download, so an auditor need not fetch Granska's source
    to check an export; the chain page gives its SHA-256 to compare with the published copy."""
    script = auditchain.verifier_script()
    if script is None:
        raise Http404(_("Verifieraren finns inte i den här installationen."))
    response = HttpResponse(script[0], content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verify_audit_export.py"'
    return response


@auditor_check("web:audit_chain")
def audit_verify(request: HttpRequest) -> HttpResponse:
    """Verify the whole chain now and record the result, as the nightly task does; then back to
    the chain page (POST/redirect/GET), which shows the recorded result."""
    result = auditchain.verify_chain_now(request.user)
    text = _("Hela kedjan är verifierad nu och resultatet registrerat: %(summary)s")
    if result.ok:
        messages.success(request, text % {"summary": result.summary})
    elif result.intact:  # the chain holds; the reconciliation found records that differ
        warning = ngettext(
            "Kedjan är obruten, men %(n)d post skiljer sig i avstämningen. Resultatet är "
            "registrerat: %(summary)s",
            "Kedjan är obruten, men %(n)d poster skiljer sig i avstämningen. Resultatet är "
            "registrerat: %(summary)s",
            result.findings,
        )
        messages.warning(request, warning % {"n": result.findings, "summary": result.summary})
    else:  # not "verifierad": the check ran, and the chain did not hold
        broken = _(
            "Kedjan är bruten: loggen har ändrats efter att händelserna skrevs. Kontrollen är "
            "registrerad: %(summary)s"
        )
        messages.error(request, broken % {"summary": result.summary})
    return redirect("web:audit_chain")


@auditor_page
def audit_case(request: HttpRequest, reference: str) -> HttpResponse:
    """One case's events, oldest first, a page at a time, and its documents as the officers'
    case page lists them (a fixed number of queries a page).
    ``?event=<seq>`` or ``?decision=<pk>`` opens the page holding that event (the log's and the
    decision document's links to it)."""
    app = get_object_or_404(
        Application.objects.select_related("association", "administration"), reference=reference
    )
    events = case_timeline(app.reference)
    paginator = Paginator(events, PAGE_SIZE)
    number = _page_of(request, events) or request.GET.get("page")
    page_obj = paginator.get_page(number)
    context = {
        "app": app,
        "page_obj": page_obj,
        "timeline": with_actor_names(list(page_obj.object_list)),
        "documents": documents_of(app),  # the officers' Handlingar list, read only
    }
    return render(request, "web/audit_case.html", context)


def _page_of(request: HttpRequest, events: QuerySet[AuditEvent]) -> int | None:
    """The page of the case's timeline holding the event ``?event=`` or the decision
    ``?decision=`` names; None when neither names one of the case's events."""
    seq = _number(request.GET.get("event"))
    decision = _number(request.GET.get("decision"))
    if seq is None and decision is not None:
        decisions = events.filter(action__in=DECISION_ACTIONS, changes__decision_id=decision)
        seq = decisions.values_list("seq", flat=True).first()
    if seq is None:
        return None
    return events.filter(seq__lt=seq).count() // PAGE_SIZE + 1


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None
