"""Who may use which page: everything needs a login; auditors only read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from vetting import roles

View = Callable[..., HttpResponseBase]
ACTING_ROLES = (roles.HANDLER, roles.DECISION_MAKER, roles.SECURITY, roles.ADMINISTRATOR)


def is_read_only(user: Any) -> bool:
    """Auditors (without another role) read everything and change nothing."""
    return roles.has_role(user, roles.AUDITOR) and not roles.has_role(user, *ACTING_ROLES)


def is_auditor(user: Any) -> bool:
    return bool(roles.has_role(user, roles.AUDITOR) or getattr(user, "is_superuser", False))


def page(view: View) -> View:
    """A page for logged-in users; a POST by a read-only user (auditor) is refused with 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") and is_read_only(request.user):
            raise PermissionDenied(_("Revisorer har läsbehörighet och kan inte ändra något."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def auditor_page(view: View) -> View:
    """A page for auditors only (read-only by construction)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_auditor(request.user):
            raise PermissionDenied(_("Sidan är till för revisorer."))
        return view(request, *args, **kwargs)

    return page(wrapped)


def auditor_check(back: str) -> Callable[[View], View]:
    """A POST for auditors that changes nothing in the cases and only adds to the trail (verifying
    the chain records the result): open to read-only auditors, unlike ``page``'s POSTs. A GET
    (an old bookmark) goes to the page ``back`` names without running the view; any other
    method is 405, on the site's own page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in ("GET", "HEAD"):
                return redirect(back)
            if request.method != "POST":
                return method_not_allowed(request, ["GET", "HEAD", "POST"])
            if not is_auditor(request.user):
                raise PermissionDenied(_("Sidan är till för revisorer."))
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    """405 on the site's own error page, with the methods the address takes."""
    response = render(request, "405.html", {"method": request.method}, status=405)
    response["Allow"] = ", ".join(allowed)
    return response
