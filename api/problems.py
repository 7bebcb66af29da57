"""Problem details (RFC 9457): the one shape of every error under /api/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Titles in the caller's language (Accept-Language; Swedish by default), like every message.
TITLES: dict[str, StrOrPromise] = {
    "invalid_input": _("Ogiltiga uppgifter"),
    "malformed_request": _("Felaktig begäran"),
    "not_authenticated": _("Inloggning krävs"),
    "authentication_failed": _("Autentiseringen misslyckades"),
    "permission_denied": _("Åtkomst nekas"),
    "permission_refused": _("Åtgärden är inte tillåten för dig"),
    "csrf_failed": _("CSRF-kontrollen misslyckades"),
    "not_found": _("Finns inte"),
    "method_not_allowed": _("Metoden stöds inte"),
    "not_acceptable": _("Kan inte leverera det formatet"),
    "unsupported_media_type": _("Formatet stöds inte"),
    "request_too_large": _("Begäran är för stor"),
    "length_required": _("Content-Length krävs"),
    "throttled": _("För många anrop"),
    "action_not_allowed": _("Åtgärden är inte möjlig i ärendets status"),
    "guard_failed": _("Villkor för åtgärden är inte uppfyllt"),
    "proposal_changed": _("Förslagets version stämmer inte"),
    "handler_changed": _("Ärendets handläggare har ändrats"),
    "idempotency_key_required": _("Idempotency-Key saknas"),
    "idempotency_key_invalid": _("Ogiltig Idempotency-Key"),
    "idempotency_key_reused": _("Idempotency-Key återanvänd"),
    "duplicate_external_ref": _("external_ref finns redan"),
    "server_error": _("Internt fel"),
    "no_published_rulebook": _("Inget regelverk publicerat"),
}

STATUS_CODES: dict[int, str] = {
    400: "malformed_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    411: "length_required",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "throttled",
}


def title(status: int, code: str) -> StrOrPromise:
    """The title of a code, else of its status, else a plain "Fel" (Error)."""
    if code in TITLES:
        return TITLES[code]
    return TITLES.get(STATUS_CODES.get(status, ""), _("Fel"))


def problem(status: int, code: str, detail: StrOrPromise, **extra: Any) -> dict[str, Any]:
    """The problem body, its title and detail in the active language."""
    return {
        "type": f"urn:granska:problem:{code}",
        "title": str(title(status, code)),
        "status": status,
        "detail": str(detail),
        "code": code,
        **extra,
    }


def problem_response(status: int, code: str, detail: StrOrPromise, **extra: Any) -> JsonResponse:
    """A plain Django response, for errors raised outside DRF views."""
    return JsonResponse(
        problem(status, code, detail, **extra),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
