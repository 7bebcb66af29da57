"""Pages around logging in and out that Django leaves bare: a form posted with an expired CSRF
token (a page opened before logging in again in another tab) and ``GET /logout/``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import redirect, render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: the site's 403 page, in the page's language, saying what happened
    and how to send the form again, instead of Django's English-only debugging page."""
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "again": request.path}
    return render(request, "csrf_failure.html", context, status=403)


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (the header's button). A GET, from a bookmark or a typed address,
    shows a page with that button instead of an empty 405."""

    http_method_names = ["get", "head", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("login")
        return render(request, "registration/logout.html")
