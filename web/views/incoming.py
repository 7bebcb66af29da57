"""Registering an inkommen handling in a case: the application itself, a supplement that came in
on its own, another document (``vetting.services.incoming.application_attach_document``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vetting.errors import DomainError, InvalidInput
from vetting.models import Application
from vetting.selectors import applications_visible_to
from vetting.services.incoming import application_attach_document, may_attach_documents
from web.access import page
from web.forms.incoming import AttachDocumentForm


@page
def attach_document(request: HttpRequest, reference: str) -> HttpResponse:
    app = applications_visible_to(request.user).filter(reference=reference).first()
    if app is None:
        raise Http404
    if not may_attach_documents(request.user):
        raise PermissionDenied(
            _("Bara handläggare och administratörer kan registrera inkomna handlingar.")
        )
    if request.method != "POST":
        form = AttachDocumentForm(app=app, user=request.user)
        return render(request, "web/attach_document.html", {"app": app, "form": form})
    form = AttachDocumentForm(request.POST, request.FILES, app=app, user=request.user)
    refusal = None
    if form.is_valid():
        try:
            _register(request, app, form)
        except InvalidInput as exc:
            for field, reasons in exc.errors.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
        except DomainError as exc:
            refusal = exc
        else:
            messages.success(request, _("Handlingen är registrerad i ärendet."))
            return redirect("web:case", reference=app.reference)
    status = 422 if refusal is None else refusal.status
    context = {"app": app, "form": form, "refusal": refusal}
    return render(request, "web/attach_document.html", context, status=status)


def _register(request: HttpRequest, app: Application, form: AttachDocumentForm) -> None:
    d = form.cleaned_data
    application_attach_document(
        application=app,
        actor=request.user,
        file=d.get("file"),
        kind=d["kind"],
        received_on=d.get("received_on"),
    )
