"""Endpoints for booking systems. They translate HTTP to ``bookings.services`` and back."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.exceptions import ParseError, UnsupportedMediaType, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from api.exceptions import ClientActionNotAllowed
from api.filters import MAX_ID
from api.pagination import page_parameter
from api.parsers import SafeJSONParser
from api.permissions import IsBookingClient
from api.problems import PROBLEM_CONTENT_TYPE, problem
from api.schema import (
    BOOKING_REQUEST_ID,
    CLIENT_AUTH,
    IDEMPOTENT_REPLAYED,
    Example,
    answered,
    luhn_refused,
    ok,
    problems,
)
from api.serializers.booking import (
    BookingRequestCreateSerializer,
    BookingRequestPageSerializer,
    BookingRequestSerializer,
    PremisesSerializer,
)
from bookings import services
from bookings.models import BookingClient, BookingRequest
from bookings.selectors import (
    STORED_LANGUAGE,
    booking_request_changes,
    booking_request_data,
    booking_requests_for_client,
    change_position,
    client_state,
    premises_for_client,
)
from vetting.errors import ActionNotAllowed, InvalidInput
from vetting.models import Application

TAG = ["Bokningssystem / Booking systems"]
# Service field names → the names in the request body.
FIELD_NAMES = {
    "org_number": "association.org_number",
    "name": "association.name",
    "event.premises": "premises",
    "event.title": "title",
    "event.starts_at": "starts_at",
    "event.ends_at": "ends_at",
    "event.expected_attendance": "expected_attendance",
    "event": "non_field_errors",
}
EXAMPLE_BODY = {
    "external_ref": "bk-2026-000123",
    "association": {"org_number": "802000-0017", "name": "Scoutkåren Exempel"},
    "premises": "stora-salen",
    "starts_at": "2027-03-14T18:00:00+01:00",
    "ends_at": "2027-03-14T21:00:00+01:00",
    "title": "Vårkonsert",
    "description": "Konsert med föreningens kör, öppen för allmänheten.",
    "expected_attendance": 80,
    "contact": {"name": "Kim Ordförande", "email": "kim@forening.example"},
}
EXAMPLE_RESPONSE = {
    "id": 42,
    "reference": "KFN-2026-00042",
    "external_ref": "bk-2026-000123",
    "state": "submitted",
    "state_label": "Inkommen",
    "premises": "stora-salen",
    "starts_at": "2027-03-14T17:00:00+00:00",
    "ends_at": "2027-03-14T20:00:00+00:00",
    "title": "Vårkonsert",
    "created_at": "2026-11-21T10:00:00+00:00",
    "updated_at": "2026-11-21T10:00:00+00:00",
    "requested": [],
    "decision": None,
}
# The key as the view takes it: visible ASCII with inner spaces allowed, 1–255 characters (a
# header's leading and trailing whitespace is not part of its value, RFC 9110 5.5). Without the
# bounds in the schema, clients generated from it (and the contract run) sent empty keys.
IDEMPOTENCY_KEY_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": 255,
    "pattern": "^[!-~]([ -~]*[!-~])?$",
}
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    IDEMPOTENCY_KEY_SCHEMA,
    OpenApiParameter.HEADER,
    required=True,
    description="Unik nyckel per förfrågan (t.ex. UUID); samma nyckel och kropp ger samma svar / "
    "A unique key per request (e.g. a UUID); retrying with the same key and body gives the "
    "same answer and never a second case",
)


class ClientView(APIView):
    permission_classes = [IsBookingClient]

    @property
    def client(self) -> BookingClient:
        user = self.request.user
        assert isinstance(user, BookingClient)
        return user

    def get_request_or_404(self, pk: int) -> BookingRequest:
        br = booking_requests_for_client(self.client).filter(pk=pk).first()
        if br is None:
            raise Http404
        return br

    def act(
        self,
        pk: int,
        action: str,
        serializer_class: type[Serializer],
        call: Callable[[BookingRequest, dict[str, Any]], Any],
        *,
        asked: bool = False,
    ) -> Response:
        """One action of the client on its request: check that the action is offered now
        (``asked``: for what is only ever done when asked for), validate the input, call the
        service, answer with the request; a refusal is the client's 409. Input that is refused
        for an action not offered now (a withdrawal of a decided request without a reason) gets
        that 409, not the input's error: the state comes first."""
        br = self.get_request_or_404(pk)
        if asked and action not in services.client_actions(br):
            raise self.conflict(action, br)
        try:
            serializer = serializer_class(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            call(br, dict(serializer.validated_data))
        except ActionNotAllowed as exc:
            raise self.conflict(action, br, exc.explanation) from exc
        except (ParseError, UnsupportedMediaType, ValidationError, InvalidInput):
            if not services.client_action_open(br, action):
                raise self.conflict(action, br) from None
            raise
        return Response(shown(self.get_request_or_404(pk)))

    def conflict(self, action: str, br: BookingRequest, why: Any = "") -> ClientActionNotAllowed:
        """The 409 names the state the client sees and what the client (not an officer) may do
        now (never a state the client is not shown, such as a referral to security)."""
        br.application.refresh_from_db()
        return ClientActionNotAllowed(
            action=action,
            state=client_state(br.application),
            allowed=services.client_actions(br),
            message=why,
        )


class PremisesListView(ClientView):
    @extend_schema(
        tags=TAG,
        auth=CLIENT_AUTH,
        summary="Lokaler klienten får boka / Premises the client may book",
        description="Lokalerna på bokningssystemets post och, har det en förvaltning, alla "
        "förvaltningens aktiva lokaler: code (att skicka som premises), name, capacity. En tom "
        "lista betyder att klienten inte får boka något. / The premises on the booking "
        "system's record and, if it has an administration, every active premises of that "
        "administration: code (to send as premises), name, capacity. An empty list means the "
        "client may book nothing.",
        operation_id="premises_list",
        responses={
            200: ok(PremisesSerializer(many=True), "Lokalerna / The premises"),
            **problems(403),
        },
    )
    def get(self, request: Request) -> Response:
        rows = premises_for_client(self.client)
        return Response(PremisesSerializer(rows, many=True).data)


def _request_hash(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_BOOKING_INPUT = BookingRequestCreateSerializer()  # its fields are built once per process


def shown(br: BookingRequest) -> dict[str, Any]:
    """The request as an answer that is not stored shows it: ``state_label`` in the caller's
    language (Accept-Language). The intake's answer and webhook bodies are stored, in Swedish."""
    return booking_request_data(br, language=translation.get_language() or STORED_LANGUAGE)


def _validated_booking(data: Any) -> dict[str, Any]:
    """The body validated by a serializer built once, not per request (the intake is the API's
    hot path: bench/intake.py). Invalid input goes through ``is_valid`` as usual, so the errors
    are DRF's, every bad field at once (the event's times among them, also when another field
    is wrong: ``BookingRequestCreateSerializer.to_internal_value``)."""
    try:
        return dict(_BOOKING_INPUT.run_validation(data))
    except ValidationError:
        serializer = BookingRequestCreateSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        raise  # is_valid raised already; this only keeps the first error if it did not


def _idempotency_key_problem(key: str) -> dict[str, Any] | None:
    """The 400 for a missing key, or for one that is there but unusable (and why); None when
    the key is good."""
    if not key:
        detail = _("Headern Idempotency-Key (1–255 tecken ASCII) krävs.")
        return problem(400, "idempotency_key_required", detail)
    if len(key) > 255:
        detail = format_lazy(
            _("Idempotency-Key får vara högst 255 tecken; den här har {n}."), n=len(key)
        )
    elif not key.isascii() or not key.isprintable():
        detail = _("Idempotency-Key får bara innehålla synliga ASCII-tecken (t.ex. en UUID).")
    else:
        return None
    return problem(400, "idempotency_key_invalid", detail)


def _example(body: dict[str, Any]) -> Example:
    rest = {k: v for k, v in body.items() if k not in ("type", "title", "status")}
    return str(rest.pop("code")), str(rest.pop("detail")), rest


def intake_examples() -> dict[int, list[tuple[str, Example]]]:
    """POST /booking-requests/'s own errors, each made by the code that answers it (in Swedish,
    as the schema's examples are): not the officers' 409, nor copies of the texts."""
    existing = BookingRequest(
        pk=41,
        external_ref=str(EXAMPLE_BODY["external_ref"]),
        application=Application(reference="KFN-2026-00041"),
    )
    with translation.override("sv"):
        required = _example(cast(dict[str, Any], _idempotency_key_problem("")))
        invalid = _example(cast(dict[str, Any], _idempotency_key_problem("nyckel-å")))
        try:
            SafeJSONParser().parse(io.BytesIO(b'{"title": '))
        except ParseError as exc:
            malformed = answered(exc)
    return {
        400: [
            ("idempotency_key_required", required),
            ("idempotency_key_invalid", invalid),
            ("malformed_request", malformed),
        ],
        409: [("duplicate_external_ref", answered(services.DuplicateExternalRef(existing)))],
        422: [
            ("invalid_input", luhn_refused()),
            ("idempotency_key_reused", answered(services.IdempotencyKeyReused())),
        ],
    }


def _rename(exc: InvalidInput) -> InvalidInput:
    return InvalidInput({FIELD_NAMES.get(k, k): v for k, v in exc.errors.items()})


def encode_cursor(br: BookingRequest | None, previous: str) -> str:
    if br is None:
        return previous
    return base64.urlsafe_b64encode(f"{br.change_seq}.{br.pk}".encode()).decode()


# Above every id: a position cursor stands after everything changed at or before its number.
AFTER_ALL_IDS = 2**62


def position_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{seq}.{AFTER_ALL_IDS}".encode()).decode()


def decode_cursor(raw: str) -> tuple[int, int]:
    try:
        seq, pk = base64.urlsafe_b64decode(raw.encode()).decode().split(".")
        position = int(seq), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput({"cursor": _("Ogiltig cursor.")}) from exc
    if not all(0 <= n <= MAX_ID for n in position):
        raise InvalidInput({"cursor": _("Ogiltig cursor.")})
    return position


def _since(raw: str) -> datetime:
    """``updated_since``: RFC 3339 with a zone (a '+' decoded to a space is taken back), a real
    calendar time that UTC can hold; anything else is 422 naming the parameter."""
    error = InvalidInput({"updated_since": _("RFC 3339 med tidszon, t.ex. 2026-11-21T10:00:00Z.")})
    try:
        since = parse_datetime(raw.replace(" ", "+"))
        if since is None or since.tzinfo is None:
            raise error
        return since.astimezone(UTC)
    except (ValueError, OverflowError) as exc:  # e.g. 2026-02-30, 25:00, +24:00, year 1 at +14
        raise error from exc


def _limit(raw: str | None) -> int:
    return page_parameter(raw, name="limit", default=50, low=1, high=200)


class BookingRequestListView(ClientView):
    @extend_schema(
        tags=TAG,
        auth=CLIENT_AUTH,
        operation_id="booking_requests_list",
        summary="Ändrade förfrågningar / Requests changed since",
        description="Klientens förfrågningar i ändringsordning, äldsta ändring först. Börja med "
        "updated_since, fortsätt med cursor från förra svaret: då missas ingen ändring. / "
        "The client's requests in change order, oldest change first. Start with updated_since, "
        "then pass the previous answer's next_cursor: no change is ever missed.",
        parameters=[
            OpenApiParameter(
                "updated_since",
                OpenApiTypes.DATETIME,
                description="Ändrade efter (RFC 3339, med tidszon) / Changed after (RFC 3339)",
            ),
            OpenApiParameter(
                "cursor",
                OpenApiTypes.STR,
                description="next_cursor från förra svaret (utelämnas första gången) / "
                "next_cursor from the previous answer (omitted the first time)",
            ),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                description="Antal per sida, högst 200 (standard 50) / Page size, at most 200 "
                "(default 50)",
            ),
        ],
        responses={
            200: ok(
                BookingRequestPageSerializer,
                "En sida förfrågningar, äldsta ändring först / A page of requests, oldest change "
                "first",
            ),
            **problems(403, 422),
        },
    )
    def get(self, request: Request) -> Response:
        previous = request.query_params.get("cursor", "")
        # A first page may be empty; its cursor is then the position before the query ran.
        start = "" if previous else position_cursor(change_position())
        qs = self._filtered(request)
        limit = _limit(request.query_params.get("limit"))
        rows = list(qs[: limit + 1])
        page = rows[:limit]
        return Response(
            {
                "results": [shown(br) for br in page],
                "next_cursor": encode_cursor(page[-1] if page else None, previous or start),
                "has_more": len(rows) > limit,
            }
        )

    def _filtered(self, request: Request) -> QuerySet[BookingRequest]:
        raw_since = request.query_params.get("updated_since")
        since = None
        if raw_since:
            since = _since(raw_since)
        qs = booking_request_changes(self.client, since=since)
        cursor = request.query_params.get("cursor")
        if cursor:
            seq, pk = decode_cursor(cursor)
            qs = qs.filter(Q(change_seq__gt=seq) | Q(change_seq=seq, id__gt=pk))
        return qs

    @extend_schema(
        tags=TAG,
        auth=CLIENT_AUTH,
        summary="Skicka en bokningsförfrågan / Send a booking request",
        description="Registrerar ett lokaluthyrningsärende. Samma Idempotency-Key och kropp igen "
        "ger samma svar och inget nytt ärende. Organisationsnumret avgör parten: ett nummer som "
        "redan är registrerat ger ärendet den föreningen (201) även med ett annat namn; namnet "
        "sparas som sökandens namn, och är det i sak ett annat än det registrerade "
        "återanvänds inga tidigare bedömningar förrän en handläggare bekräftat parten. / "
        "Registers a premises-rental case. The same Idempotency-Key and body again gives the "
        "same answer and no second case. The organisation number decides the party: a number "
        "already registered files the case under that association (201) even with another "
        "name; the name is kept as the applicant's, and when it is not the registered name in "
        "substance no earlier assessments are reused until an officer confirms the party.",
        parameters=[IDEMPOTENCY_HEADER, IDEMPOTENT_REPLAYED],
        request=BookingRequestCreateSerializer,
        responses={
            201: ok(
                BookingRequestSerializer,
                "Registrerad, eller samma svar igen för samma nyckel och kropp (då med "
                "Idempotent-Replayed: true) / Registered, or the first answer replayed",
            ),
            **problems(
                400,
                403,
                409,
                422,
                503,
                s409="external_ref används redan (under en annan nyckel) / external_ref used",
                s422="Ogiltiga uppgifter, eller nyckeln återanvänd med en annan kropp / "
                "Invalid input, or the key reused with another body",
                s503="Inget regelverk publicerat; försök igen senare / No rulebook published; "
                "retry later",
                e503="no_published_rulebook",
                examples=intake_examples(),
            ),
        },
        examples=[
            OpenApiExample("Förfrågan / Request", value=EXAMPLE_BODY, request_only=True),
            OpenApiExample("Registrerad / Created", value=EXAMPLE_RESPONSE, response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key", "").strip()
        refused = _idempotency_key_problem(key)
        if refused is not None:
            return Response(refused, status=400, content_type=PROBLEM_CONTENT_TYPE)
        body = request.data  # a body that cannot be read is refused here, before any replay
        try:
            v = _validated_booking(body)
        except ValidationError:
            replay = services.booking_request_replay(
                client=self.client, idempotency_key=key, request_hash=_request_hash(body)
            )
            if replay is None:
                raise
            return Response(
                replay.body, status=replay.status, headers={"Idempotent-Replayed": "true"}
            )
        data = services.BookingInput(
            external_ref=v["external_ref"],
            org_number=v["association"]["org_number"],
            association_name=v["association"]["name"],
            premises=v["premises"],
            starts_at=v["starts_at"],
            ends_at=v["ends_at"],
            title=v["title"],
            description=v["description"],
            expected_attendance=v["expected_attendance"],
            contact_name=v["contact"]["name"],
            contact_email=v["contact"]["email"],
        )
        try:
            result = services.booking_request_submit(
                client=self.client,
                idempotency_key=key,
                request_hash=_request_hash(body),
                data=data,
            )
        except InvalidInput as exc:
            raise _rename(exc) from exc
        headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
        return Response(result.body, status=result.status, headers=headers)


@extend_schema(
    tags=TAG,
    auth=CLIENT_AUTH,
    summary="En förfrågan / One request",
    description="Status, vad som begärs av sökanden och, när beslut fattats, beslutet med "
    "motivering och överklagandehänvisning. / State, what is asked of the applicant and, once "
    "decided, the decision with reasons and appeal instructions.",
    parameters=[BOOKING_REQUEST_ID],
    responses={
        200: ok(BookingRequestSerializer, "Förfrågan / The request"),
        **problems(403, 404),
    },
)
class BookingRequestDetailView(ClientView):
    def get(self, request: Request, pk: int) -> Response:
        return Response(shown(self.get_request_or_404(pk)))
