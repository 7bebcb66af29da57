"""The probes' answers: JSON, never cached, naming only check codes."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.http import HttpRequest, JsonResponse

from ops.health import readiness

log = logging.getLogger("ops.health")


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
    response = _json(body, 200 if result.ready else 503)
    if not result.ready:
        # One warning naming each check, not Django's ERROR "Service Unavailable: /readyz" for
        # every probe: a load balancer probes every few seconds, and an upgrade's migrate window
        # or a broker restart is an expected 503, not an error to alert on (docs/operations.md
        # section 8: alert on ERROR). A failed check has logged why already (ops/health.py).
        log.warning(
            "readiness: unavailable, %s",
            ", ".join(f"{code} {result.checks[code]}" for code in result.failed),
        )
        response._has_been_logged = True  # type: ignore[attr-defined]  # django.utils.log
    return response
