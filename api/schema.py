"""OpenAPI pieces shared by the views: the problem shape, error responses, auth schemes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    inline_serializer,
)
from rest_framework import serializers

from api.openapi_security import SECURITY_SCHEMES
from api.problem_codes import CHOICES as PROBLEM_CODE_CHOICES
from api.problems import PROBLEM_CONTENT_TYPE, problem

# Security requirement objects (drf-spectacular passes them through as they are).
CLIENT_AUTH: Any = [{"bookingClientKey": []}]
OFFICER_AUTH: Any = [{"officerToken": []}, {"cookieAuth": []}]


# A database id: a positive integer (0 names nothing, so a client, or a generated test, that
# sends it learns from the schema rather than from a 404).
PATH_ID_SCHEMA = {"type": "integer", "minimum": 1}


def path_id(description: str, name: str = "id") -> OpenApiParameter:
    """An id in a path (``{id}`` by default), described (drf-spectacular leaves it blank for an
    APIView), and positive."""
    return OpenApiParameter(name, PATH_ID_SCHEMA, OpenApiParameter.PATH, description=description)


APPLICATION_ID = path_id("Ärendets id (fältet id i listan) / The case's id (field id in the list)")
BOOKING_REQUEST_ID = path_id(
    "Förfrågans id från svaret på POST / The request's id from the answer to the POST"
)


def ok(response: Any, description: str) -> OpenApiResponse:
    """A documented success response."""
    return OpenApiResponse(response=response, description=description)


class ExistingRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Befintlig förfrågan / Existing request id")
    reference = serializers.CharField(help_text="Diarienummer / Case reference")


# application/problem+json (RFC 9457). Built inline: a declared field named ``errors`` would
# shadow Serializer.errors.
ProblemSerializer = inline_serializer(
    name="Problem",
    fields={
        "type": serializers.CharField(help_text="URI för feltypen / Problem type URI"),
        "title": serializers.CharField(help_text="Kort rubrik / Short summary"),
        "status": serializers.IntegerField(help_text="HTTP-status / HTTP status"),
        "detail": serializers.CharField(
            help_text="Förklaring, på Accept-Language / Explanation, in Accept-Language"
        ),
        "code": serializers.ChoiceField(
            choices=PROBLEM_CODE_CHOICES,
            help_text="Stabil felkod; matcha på den, inte på texten. Listan nedan ger status och "
            "betydelse / Stable machine-readable code; match on it, not on the text. The list "
            "below gives each one's status and meaning",
        ),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Fel per fält / Errors per field (validation only)",
        ),
        "allowed_actions": serializers.ListField(
            child=serializers.CharField(),
            required=False,
            help_text="Tillåtna åtgärder nu / Actions allowed now (409 only)",
        ),
        "existing": ExistingRequestSerializer(
            required=False, help_text="Förfrågan som redan finns / The existing request (409)"
        ),
    },
)


EXAMPLES: dict[int, tuple[str, str, dict[str, Any]]] = {
    400: ("malformed_request", "Ogiltig JSON: fel på rad 1, kolumn 1.", {}),
    401: ("not_authenticated", "Autentiseringsuppgifter ej tillhandahållna.", {}),
    403: ("permission_denied", "Endast bokningssystem (API-nyckel).", {}),
    404: ("not_found", "Finns inte.", {}),
    409: (
        "action_not_allowed",
        "Åtgärden 'Besluta (decide)' är inte tillåten när ärendet har status 'Inkommen "
        "(submitted)'. Tillåtna åtgärder: Ta ärendet (assign), Registrera återkallelse från "
        "sökande (withdraw).",
        {"allowed_actions": ["assign", "withdraw"]},
    ),
    422: ("invalid_input", "", {}),  # answered(): luhn_refused()
    429: ("throttled", "För många anrop; försök igen om 12 sekunder.", {}),
    503: ("server_error", "Ingen signeringsnyckel är konfigurerad.", {}),
}


Example = tuple[str, str, dict[str, Any]]


def answered(exc: Exception) -> Example:
    """An example as the API answers ``exc`` (code, detail and the other members), made by the
    exception handler itself in Swedish, so that it says what the API says, not a copy."""
    from api.exceptions import problem_exception_handler

    with translation.override("sv"):
        response = problem_exception_handler(exc, {})
    assert response is not None
    body = dict(response.data)
    for member in ("type", "title", "status"):
        body.pop(member)
    return str(body.pop("code")), str(body.pop("detail")), body


def luhn_refused() -> Example:
    """A 422 as the intake answers an organisation number whose check digit is wrong."""
    from django.core.exceptions import ValidationError as DjangoValidationError

    from associations.validators import normalize_org_number

    with translation.override("sv"):
        try:
            normalize_org_number("802000-0018")
        except DjangoValidationError as exc:
            message = exc.messages[0]
    refused = serializers.ValidationError({"association": {"org_number": [message]}})
    return answered(refused)


def size(limit: int) -> str:
    """A byte limit as people read it: "5 MiB (5242880 byte)"."""
    mib = limit / (1024 * 1024)
    return f"{mib:g} MiB ({limit} byte)" if mib >= 1 else f"{limit} byte"


def _file_problem(message: str) -> tuple[str, str, dict[str, Any]]:
    return (
        "invalid_input",
        f"Ogiltiga uppgifter – file: {message}",
        {"errors": {"file": [message]}},
    )


PROGRAM_MAX_BYTES = int(settings.GRANSKA_API_PROGRAM_MAX_BYTES)
# Other examples for a status, by name: ``problems(503, e503="no_published_rulebook")``, several
# as a tuple (``e422=("program_too_large", "program_wrong_kind")``).
ALTERNATIVE_EXAMPLES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "program_too_large": _file_problem(f"Filen är större än {PROGRAM_MAX_BYTES} byte."),
    "program_wrong_kind": _file_problem("Programmet ska vara en PDF eller en textfil (UTF-8)."),
    "no_published_rulebook": (
        "no_published_rulebook",
        "Inget regelverk är publicerat, så ärendet kan inte registreras. Kommunen behöver "
        "publicera en version av demokrativillkoren.",
        {},
    ),
}

DESCRIPTIONS = {
    400: "Felaktig begäran (t.ex. ogiltig JSON) / Malformed request",
    401: "Saknad eller ogiltig nyckel / Missing or invalid credentials",
    403: "Inte tillåtet för anroparen / Not permitted for the caller",
    404: "Finns inte eller inte synlig för anroparen / Not found or not visible",
    409: "Konflikt med ärendets status / Conflict with the current state",
    411: "Content-Length krävs: en kropp i delar (Transfer-Encoding: chunked) läses inte / "
    "Length required: a chunked body is not read",
    413: "För stor begäran / Request too large",
    415: "Formatet stöds inte / Unsupported media type",
    422: "Ogiltiga uppgifter, fel per fält / Invalid input, errors per field",
    429: "För många anrop; se Retry-After / Rate limited; see Retry-After",
    503: "Tillfälligt otillgängligt / Temporarily unavailable",
}


def _default_example(status: int) -> Example:
    return luhn_refused() if status == 422 else EXAMPLES[status]


def problems(
    *statuses: int,
    anonymous: bool = False,
    examples: dict[int, list[tuple[str, Example]]] | None = None,
    **overrides: str | tuple[str, ...],
) -> dict[Any, Any]:
    """Documented error responses for ``extend_schema(responses=...)``: the given statuses, 429
    and, unless the endpoint needs no credentials (``anonymous``), 401. ``examples``: an
    endpoint's own examples of a status, by name (made with ``answered``). 411, 413 and 415 of
    a body, and the headers of 401 and 429, are added to every operation by
    ``api.schema_responses.ApiAutoSchema`` from what its view does."""
    out: dict[Any, Any] = {}
    for status in (*statuses, *(() if anonymous else (401,)), 429):
        named = overrides.get(f"e{status}", ())
        names = (named,) if isinstance(named, str) else named
        chosen = [(n, ALTERNATIVE_EXAMPLES[n]) for n in names]
        chosen = chosen or list((examples or {}).get(status, ()))
        chosen = chosen or [(EXAMPLES[status][0], _default_example(status))]
        out[(status, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
            response=ProblemSerializer,
            description=str(overrides.get(f"s{status}", DESCRIPTIONS[status])),
            examples=[
                OpenApiExample(
                    f"{status} {name}",
                    value=problem(status, code, detail, **extra),
                    response_only=True,
                    status_codes=[str(status)],
                    media_type=PROBLEM_CONTENT_TYPE,
                )
                for name, (code, detail, extra) in chosen
            ],
        )
    return out


class BookingClientAuthScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BookingClientAuthentication"
    name = "bookingClientKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return SECURITY_SCHEMES["bookingClientKey"]


class OfficerTokenAuthScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.OfficerTokenAuthentication"
    name = "officerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return SECURITY_SCHEMES["officerToken"]


class OfficerSessionAuthScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.OfficerSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return SECURITY_SCHEMES["cookieAuth"]


# Response headers (OpenApiParameter(response=[status])), so that generated clients expose them.
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Sekunder att vänta innan nästa försök / Seconds to wait before trying again",
)


def www_authenticate(challenge: str) -> OpenApiParameter:
    """The 401's ``WWW-Authenticate`` as the operation sends it: ``challenge`` is what its view's
    first authentication class answers (DRF asks that one only, whichever the credentials were
    for; ``ApiAutoSchema.challenge``)."""
    return OpenApiParameter(
        "WWW-Authenticate",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[401],
        enum=[challenge],
        description=f"Alltid {challenge}, vilken nyckel eller token som saknades eller var fel "
        f"/ Always {challenge}, whichever key or token was missing or wrong",
    )


IDEMPOTENT_REPLAYED = OpenApiParameter(
    "Idempotent-Replayed",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    enum=["true"],
    description="true när svaret är det första svaret igen (samma Idempotency-Key och kropp); "
    "saknas annars / true when the answer is the first one replayed (same Idempotency-Key and "
    "body); absent otherwise",
)


RESPONSE_CONSIDERED_HELP = (
    "Hur beslutet bemöter sökandens yttrande över det kommunicerade förslaget (FL 25 §), som i "
    "beslutsdokumentet under ”Sökandens synpunkter och nämndens bedömning”; null när inget "
    "yttrande kom in / How the decision answers the applicant's response to the communicated "
    "proposal, as the decision document prints it (in Swedish); null when no response was "
    "recorded"
)
