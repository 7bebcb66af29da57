"""DRF exception handler: every error as application/problem+json with a stable ``code``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.utils.translation import gettext, ngettext
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback

from api.problems import PROBLEM_CONTENT_TYPE, STATUS_CODES, problem
from api.serializers.fields import json_kind
from audit.labels import ATTEMPTED_ACTION_LABELS, CLIENT_ACTION_LABELS
from bookings.services import DuplicateExternalRef
from vetting.errors import (
    ActionNotAllowed,
    DomainError,
    GuardFailed,
    InvalidInput,
    describe_errors,
)
from vetting.models import State

DRF_CODES: dict[type[drf.APIException], str] = {
    drf.ParseError: "malformed_request",
    drf.NotAuthenticated: "not_authenticated",
    drf.AuthenticationFailed: "authentication_failed",
    drf.PermissionDenied: "permission_denied",
    drf.NotFound: "not_found",
    drf.MethodNotAllowed: "method_not_allowed",
    drf.NotAcceptable: "not_acceptable",
    drf.UnsupportedMediaType: "unsupported_media_type",
    drf.Throttled: "throttled",
}


class ClientActionNotAllowed(ActionNotAllowed):
    """A booking system's action not possible now: its 409 names the client's actions by the
    client's labels (``CLIENT_ACTION_LABELS``), not the officers'."""


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field.sub": ["message", ...]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" and not prefix else str(key)
            out.update(flatten_errors(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(detail, list) and detail and all(isinstance(v, Mapping) for v in detail):
        for index, value in enumerate(detail):
            out.update(flatten_errors(value, f"{prefix}.{index}" if prefix else str(index)))
    elif isinstance(detail, list):
        out[prefix or "non_field_errors"] = [str(v) for v in detail]
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def _domain(exc: DomainError) -> tuple[int, dict[str, Any]]:
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidInput):
        extra["errors"] = {k: [str(r) for r in v] for k, v in exc.errors.items()}
    if isinstance(exc, GuardFailed) and exc.field:
        extra["errors"] = {exc.field: [str(exc.message)]}
    if isinstance(exc, ActionNotAllowed):
        extra["allowed_actions"] = exc.allowed
    if isinstance(exc, DuplicateExternalRef):
        extra["existing"] = {"id": exc.existing_id, "reference": exc.existing_reference}
    message = exc.message
    if isinstance(exc, ActionNotAllowed):
        label = _client_action if isinstance(exc, ClientActionNotAllowed) else _action
        message = exc.describe(label, _state)
    return exc.status, problem(exc.status, exc.code, str(message), **extra)


def _action(code: str) -> str:
    """An action in a 409's detail: the label people read on the case page, then the code a
    client sends (and finds in ``allowed_actions``), e.g. "'Besluta' (decide)"."""
    label = ATTEMPTED_ACTION_LABELS.get(code)
    return f"{label} ({code})" if label is not None else code


def _client_action(code: str) -> str:
    """A booking system's action, by its label for the client: "Skicka programmet (program)"."""
    label = CLIENT_ACTION_LABELS.get(code)
    return f"{label} ({code})" if label is not None else code


def _state(code: str) -> str:
    return f"{State(code).label} ({code})" if code in State.values else code


def _drf(exc: drf.APIException, context: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    if isinstance(exc, drf.ValidationError):
        errors = (
            _no_body(exc.detail)
            or _not_an_object(exc.detail, context)
            or flatten_errors(exc.detail)
        )
        detail = gettext("Ogiltiga uppgifter – {errors}").format(errors=describe_errors(errors))
        return 422, problem(422, "invalid_input", detail, errors=errors)
    code = getattr(exc, "problem_code", "")  # an exception of ours that names its code
    code = code or next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "")
    code = code or STATUS_CODES.get(exc.status_code, "error")
    wait = getattr(exc, "wait", None)
    detail = _throttled(wait) if isinstance(exc, drf.Throttled) else str(exc.detail)
    if isinstance(exc, drf.UnsupportedMediaType):
        detail = _unsupported(context)
    return exc.status_code, problem(exc.status_code, code, detail)


def _no_body(detail: Any) -> dict[str, list[str]] | None:
    """DRF's English "No data provided" for a body that is JSON ``null``, said in the caller's
    language and naming the body."""
    if not isinstance(detail, Mapping) or list(detail) != ["non_field_errors"]:
        return None
    reasons = detail["non_field_errors"]
    if len(reasons) != 1 or getattr(reasons[0], "code", None) != "null":
        return None
    message = gettext("Kroppen är null; ett JSON-objekt med fälten krävs.")
    return {"non_field_errors": [message]}


def _not_an_object(detail: Any, context: Mapping[str, Any]) -> dict[str, list[str]] | None:
    """A body that is JSON but not an object (a string, a number, a list): said so in words,
    not DRF's "Förväntade en dictionary, men fick int" with Python's type names."""
    if not isinstance(detail, Mapping) or list(detail) != ["non_field_errors"]:
        return None
    reasons = detail["non_field_errors"]
    if len(reasons) != 1 or getattr(reasons[0], "code", None) != "invalid":
        return None
    request = context.get("request")
    data = getattr(request, "data", None) if request is not None else None
    if data is None or isinstance(data, Mapping):
        return None
    message = gettext(
        "Kroppen ska vara ett JSON-objekt med fälten och deras värden, inte {kind}."
    ).format(kind=json_kind(data))
    return {"non_field_errors": [message]}


def _unsupported(context: Mapping[str, Any]) -> str:
    """A 415 that says what the endpoint takes (multipart/form-data for an upload)."""
    request, view = context.get("request"), context.get("view")
    given = getattr(request, "content_type", "") or ""
    parsers = view.get_parsers() if view is not None else []
    expected = ", ".join(p.media_type for p in parsers)
    if not expected:
        return gettext("Medietypen stöds inte.")
    return gettext("Medietypen '{given}' stöds inte här; skicka {expected}.").format(
        given=given.split(";")[0].strip(), expected=expected
    )


def _throttled(wait: float | None) -> str:
    """DRF's text is half English in Swedish ("… Expected available in 12 seconds.")."""
    if wait is None:
        return gettext("För många anrop.")
    seconds = math.ceil(wait)
    return ngettext(
        "För många anrop; försök igen om {n} sekund.",
        "För många anrop; försök igen om {n} sekunder.",
        seconds,
    ).format(n=seconds)


def _django(exc: Exception) -> tuple[int, dict[str, Any]] | None:
    if isinstance(exc, Http404):
        return 404, problem(404, "not_found", gettext("Finns inte."))
    if isinstance(exc, DjangoPermissionDenied):
        return 403, problem(403, "permission_denied", gettext("Åtkomst nekas."))
    if isinstance(exc, RequestDataTooBig):
        return 413, problem(413, "request_too_large", gettext("Begäran är för stor."))
    if isinstance(exc, TooManyFilesSent):
        message = gettext(
            "För många filer i begäran: högst {limit} tillåts. Skicka en fil i fältet file."
        ).format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FILES)
        return 400, problem(400, "malformed_request", message, errors={"file": [message]})
    if isinstance(exc, TooManyFieldsSent):
        message = gettext("För många fält i begäran: högst {limit} tillåts.").format(
            limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        )
        return 400, problem(400, "malformed_request", message)
    if isinstance(exc, SuspiciousOperation):
        return 400, problem(400, "malformed_request", gettext("Felaktig begäran."))
    return None


def problem_exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        status, body = _domain(exc)
    elif isinstance(exc, drf.APIException):
        status, body = _drf(exc, context)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        wait = getattr(exc, "wait", None)
        if isinstance(exc, drf.Throttled) and wait is not None:
            headers["Retry-After"] = str(math.ceil(wait))
    else:
        mapped = _django(exc)
        if mapped is None:
            return None  # a bug: the middleware answers 500 as problem+json and logs it
        status, body = mapped
    set_rollback()
    return Response(body, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
