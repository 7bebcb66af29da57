"""Problem details (RFC 9457): the one shape of every error under /api/."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES: dict[str, str] = {
    "invalid_input": "Ogiltiga uppgifter / Invalid input",
    "malformed_request": "Felaktig begäran / Malformed request",
    "not_authenticated": "Inloggning krävs / Authentication required",
    "authentication_failed": "Autentiseringen misslyckades / Authentication failed",
    "permission_denied": "Åtkomst nekas / Permission denied",
    "permission_refused": "Åtgärden är inte tillåten för dig / Not permitted for you",
    "not_found": "Finns inte / Not found",
    "method_not_allowed": "Metoden stöds inte / Method not allowed",
    "not_acceptable": "Kan inte leverera det formatet / Not acceptable",
    "unsupported_media_type": "Formatet stöds inte / Unsupported media type",
    "request_too_large": "Begäran är för stor / Request too large",
    "throttled": "För många anrop / Too many requests",
    "action_not_allowed": "Åtgärden är inte möjlig i ärendets status / Action not allowed now",
    "guard_failed": "Villkor för åtgärden är inte uppfyllt / Precondition failed",
    "idempotency_key_required": "Idempotency-Key saknas / Idempotency-Key required",
    "idempotency_key_reused": "Idempotency-Key återanvänd / Idempotency-Key reused",
    "duplicate_external_ref": "external_ref finns redan / external_ref already used",
    "server_error": "Internt fel / Internal server error",
    "no_published_rulebook": "Inget regelverk publicerat / No rulebook published",
}

STATUS_CODES: dict[int, str] = {
    400: "malformed_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "throttled",
}


def problem(status: int, code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"urn:granska:problem:{code}",
        "title": TITLES.get(code, TITLES.get(STATUS_CODES.get(status, ""), "Fel / Error")),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }


def problem_response(status: int, code: str, detail: str, **extra: Any) -> JsonResponse:
    """A plain Django response, for errors raised outside DRF views."""
    return JsonResponse(
        problem(status, code, detail, **extra),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
