"""The caller's address, the same way everywhere (API rate limits, login lockouts)."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import BaseThrottle


def client_ip(request: Any) -> str | None:
    """REMOTE_ADDR, or the address GRANSKA_NUM_PROXIES trusted proxies put in X-Forwarded-For
    (DRF's rule, so a login lockout and an API limit count the same caller); None when the
    request has none (an internal request, e.g. a test client's login), never the text "None",
    which PostgreSQL's inet column refuses."""
    ident = BaseThrottle().get_ident(request)
    return str(ident) if ident else None
