"""Health probes, answered before every other middleware.

First in MIDDLEWARE, so a probe gets no HTTPS redirect (load balancers and orchestrators probe the
process over plain HTTP), no host check (they send the pod's or server's address as Host), no
session, language, CSP, login redirect or lockout, no API throttle and no audit context. The
answers carry no data beyond check codes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from ops import views

PROBES: dict[str, Callable[[HttpRequest], JsonResponse]] = {
    "/healthz": views.healthz,
    "/readyz": views.readyz,
}


class HealthProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "method_not_allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return probe(request)
