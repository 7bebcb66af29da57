"""Registering a case that came in by post, e-mail or the municipality's e-service (officers).
The case is registered by ``vetting.services.registration.application_register``."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from associations.validators import normalize_org_number
from vetting.errors import DomainError, InvalidInput
from vetting.services.registration import application_register, may_register
from web import selectors
from web.access import page
from web.forms.registration import RegisterApplicationForm

# The button that searches the associations (the form's other fields are kept, not checked).
FIND = "find"


@page
def register_application(request: HttpRequest) -> HttpResponse:
    if not may_register(request.user):
        raise PermissionDenied(
            _("Bara handläggare och administratörer kan registrera ansökningar.")
        )
    data = request.POST if request.method == "POST" else request.GET
    matches = selectors.association_matches(data.get("association_search", ""))
    chosen = _chosen(data)
    associations = [*matches, *([chosen] if chosen is not None else [])]
    if request.method == "POST" and FIND not in request.POST:
        return _register(request, associations)
    initial = _initial(data, matches, chosen)
    form = RegisterApplicationForm(initial=initial, user=request.user, associations=associations)
    if "association_search" in data:
        _describe_matches(form, data["association_search"], len(matches))
    return render(request, "web/register.html", {"form": form})


def _register(request: HttpRequest, associations: list[int]) -> HttpResponse:
    form = RegisterApplicationForm(
        request.POST, request.FILES, user=request.user, associations=associations
    )
    refusal = None
    if form.is_valid():
        try:
            app = application_register(
                actor=request.user,
                data=form.new_application(),
                document=form.cleaned_data.get("document"),
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except DomainError as exc:
            refusal = exc
        else:
            messages.success(
                request,
                _("Ansökan är registrerad med diarienummer %(reference)s.")
                % {"reference": app.reference},
            )
            return redirect("web:case", reference=app.reference)
    status = 422 if refusal is None else refusal.status
    return render(request, "web/register.html", {"form": form, "refusal": refusal}, status=status)


def _chosen(data: QueryDict) -> int | None:
    value = data.get("association", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _initial(data: QueryDict, matches: list[int], chosen: int | None) -> dict[str, Any]:
    """What the form shows after a search (what was typed, kept), or opened with
    ``?association=<id>``: one match is chosen; a search by a valid organisation number that
    matches no association fills in the new association's number."""
    initial: dict[str, Any] = {
        k: v for k, v in data.items() if k not in ("csrfmiddlewaretoken", FIND)
    }
    if len(matches) == 1 and chosen is None:
        initial["association"] = matches[0]
    elif not matches and not initial.get("org_number"):
        with suppress(ValidationError):  # not an organisation number: nothing to fill in
            initial["org_number"] = normalize_org_number(data.get("association_search", ""))
    return initial


def _describe_matches(form: RegisterApplicationForm, search: str, count: int) -> None:
    """Says by the association list what the search found (read with the list)."""
    field = form.fields["association"]
    if not search.strip():
        return
    if count == 0:
        field.help_text = _("Ingen förening matchar sökningen; ange en ny förening nedan.")
    elif count >= selectors.ASSOCIATION_MATCHES:
        field.help_text = _(
            "Listan visar de %(count)d första träffarna; sök på mer av namnet för att se färre."
        ) % {"count": count}
    else:
        field.help_text = ngettext(
            "%(count)d förening matchar sökningen.",
            "%(count)d föreningar matchar sökningen.",
            count,
        ) % {"count": count}
