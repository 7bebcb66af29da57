"""The probes' answers: JSON, never cached, naming only check codes."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest, JsonResponse

from ops.health import readiness


def _json(data: Mapping[str, object], status: int = 200) -> JsonResponse:
    response = JsonResponse(dict(data), status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process serves requests (no database, no broker)."""
    return _json({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when every check passes, 503 naming each check that did not."""
    result = readiness()
    body = {
        "status": "ready" if result.ready else "unavailable",
        "checks": result.checks,
        "failed": result.failed,
    }
    return _json(body, 200 if result.ready else 503)
