"""The API's OpenAPI security schemes. No Django imports: settings read it (APPEND_COMPONENTS),
since every operation states its ``auth`` and so drf-spectacular registers no scheme itself."""

from __future__ import annotations

from typing import Any

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "bookingClientKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "Bokningssystemets API-nyckel (gk_…) / The booking system's API key",
    },
    "officerToken": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Personlig token: 'Token gt_…' / Personal token: 'Token gt_…'",
    },
    "cookieAuth": {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
        "description": "Inloggad session; CSRF-token krävs / Browser session; CSRF enforced",
    },
}
