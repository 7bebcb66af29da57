"""Associations: the list, one association's page and uploading a new statutes version."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from associations.models import Association
from associations.services import check_statutes_size, statutes_add_or_find
from vetting import roles
from vetting.errors import InvalidInput
from web import selectors
from web.access import page
from web.forms.assessment import StatutesForm

PAGE_SIZE = 25


@page
def association_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    paginator = Paginator(selectors.associations_list(request.user, search), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = urlencode({"q": search}) if search else ""
    context = {"page_obj": page_obj, "q": search, "query": query}
    return render(request, "web/association_list.html", context)


def _may_upload(request: HttpRequest) -> bool:
    return roles.has_role(request.user, roles.HANDLER, roles.ADMINISTRATOR)


@page
def association_detail(request: HttpRequest, pk: int) -> HttpResponse:
    association = get_object_or_404(Association, pk=pk)
    form = StatutesForm()
    status = 200
    if request.method == "POST":
        form, status = _upload(request, association)
        if status == 302:
            return redirect("web:association", pk=association.pk)
    cases = Paginator(selectors.association_cases(request.user, association), PAGE_SIZE)
    assessments = Paginator(selectors.association_assessments(request.user, association), PAGE_SIZE)
    context = {
        "association": association,
        "versions": list(selectors.statutes_versions(association)),
        "cases": cases.get_page(request.GET.get("cases")),
        "assessments": assessments.get_page(request.GET.get("assessments")),
        "form": form,
        "may_upload": _may_upload(request),
    }
    return render(request, "web/association.html", context, status=status)


def _upload(request: HttpRequest, association: Association) -> tuple[StatutesForm, int]:
    form = StatutesForm(request.POST, request.FILES)
    if not _may_upload(request):
        form.add_error(None, _("Bara handläggare och administratörer kan lägga till stadgar."))
        return form, 403
    if not form.is_valid():
        return form, 422
    upload = form.cleaned_data.get("file")
    try:
        if upload is not None:
            check_statutes_size(upload.size)  # before the file is read into memory
        version, created = statutes_add_or_find(
            association=association,
            actor=request.user,
            adopted_on=form.cleaned_data["adopted_on"],
            data=upload.read() if upload else None,
            filename=upload.name if upload else "",
            text=form.cleaned_data.get("text") or "",
        )
    except InvalidInput as exc:
        for field, reasons in exc.errors.items():
            for reason in reasons:
                form.add_error(field if field in form.fields else None, reason)
        return form, 422
    current = association.current_statutes()
    if created and current is not None and current != version:
        messages.warning(request, _not_current(version.adopted_on, current.adopted_on))
    elif created:
        messages.success(request, _("Stadgarna är registrerade och läses av stadgeläsaren."))
    else:
        messages.warning(request, _already_registered(version.adopted_on))
    return form, 302


def _already_registered(adopted_on: date) -> str:
    return _(
        "Stadgarna finns redan registrerade (antagna %(date)s). Ingen ny version sparades."
    ) % {"date": adopted_on.isoformat()}


def _not_current(adopted_on: date, current: date) -> str:
    """An older version is registered (as history) but does not become the current statutes."""
    return _(
        "Stadgarna är registrerade som en äldre version (antagna %(date)s) och läses av "
        "stadgeläsaren, men de blir inte föreningens gällande stadgar: gällande är fortfarande "
        "stadgarna antagna %(current)s."
    ) % {"date": adopted_on.isoformat(), "current": current.isoformat()}
