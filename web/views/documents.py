"""Printable decision documents and communication letters (HTML and PDF)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation

from vetting.models import Communication, Decision, SupplementRequest
from web.access import is_auditor, page
from web.documents.communication import communication_letter, revocation_dropped_letter
from web.documents.decision import decision_document
from web.documents.layout import Document
from web.documents.supplement import supplement_letter
from web.pdf import render_pdf
from web.views.case import visible_case


def _respond(
    request: HttpRequest, build: Callable[[], Document], fmt: str, back: str, events: str = ""
) -> HttpResponse:
    """The page in the officer's language; the PDF, which is what the applicant gets, always in
    Swedish (the municipality's language, språklagen 10 §), whatever the officer reads in."""
    if fmt == "pdf":
        with translation.override("sv"):
            doc = build()
            content = render_pdf(doc)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{doc.filename}"'
        return response
    context = {"doc": build(), "back": back, "pdf": "pdf", "events": events}
    return render(request, "web/document.html", context)


@page
def decision(request: HttpRequest, reference: str, pk: int, fmt: str = "html") -> HttpResponse:
    app = visible_case(request, reference)
    obj = get_object_or_404(
        Decision.objects.select_related(
            "decided_by", "handler", "rulebook", "delegation", "application__association"
        ),
        application=app,
        pk=pk,
    )
    obj.application = app
    events = ""
    if is_auditor(request.user):  # to the decision's event among the case's, for the auditor
        timeline = reverse("web:audit_case", args=[app.reference])
        events = f"{timeline}?decision={obj.pk}#decision-{obj.pk}"
    return _respond(request, lambda: decision_document(obj), fmt, app.reference, events)


@page
def communication(request: HttpRequest, reference: str, pk: int, fmt: str = "html") -> HttpResponse:
    app = visible_case(request, reference)
    obj = get_object_or_404(Communication.objects.select_related("sent_by"), application=app, pk=pk)
    obj.application = app
    return _respond(request, lambda: communication_letter(obj), fmt, app.reference)


@page
def communication_dropped(
    request: HttpRequest, reference: str, pk: int, fmt: str = "html"
) -> HttpResponse:
    """The letter that an intended revocation is not carried out (``drop_revocation``)."""
    app = visible_case(request, reference)
    dropped = Communication.objects.select_related("sent_by", "dropped_by")
    obj = get_object_or_404(dropped, application=app, pk=pk, dropped_at__isnull=False)
    obj.application = app
    return _respond(request, lambda: revocation_dropped_letter(obj), fmt, app.reference)


@page
def supplement(request: HttpRequest, reference: str, pk: int, fmt: str = "html") -> HttpResponse:
    """The letter asking for a supplement (föreläggande, FL 20 §)."""
    app = visible_case(request, reference)
    requests = SupplementRequest.objects.select_related("requested_by")
    obj = get_object_or_404(requests, application=app, pk=pk)
    obj.application = app
    return _respond(request, lambda: supplement_letter(obj), fmt, app.reference)
