"""What a booking system does with its request when asked: send the programme, a supplement or
the applicant's response, or withdraw it. The views translate to ``bookings.services``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.parsers import SafeJSONParser
from api.schema import BOOKING_REQUEST_ID, CLIENT_AUTH, PROGRAM_MAX_BYTES, ok, problems, size
from api.serializers.booking import (
    BookingRequestSerializer,
    ProgramUploadSerializer,
    RespondSerializer,
    SupplementUploadSerializer,
    WithdrawSerializer,
)
from api.views.booking import TAG, ClientView
from bookings import services
from bookings.models import BookingRequest

EVIDENCE_MAX_BYTES = int(settings.GRANSKA_EVIDENCE_MAX_BYTES)


def request_action(
    *, summary: str, description: str, request: Any, answer: str, **refusals: str | tuple[str, ...]
) -> Callable[[Any], Any]:
    """The schema of what a booking system does with one of its requests (POST on
    /requests/{id}/…): answered with the request (``answer``: what it shows), or a problem of
    400, 403, 404, 409 or 422, described as ``problems`` takes them (``s409="…"``)."""
    return extend_schema(
        tags=TAG,
        auth=CLIENT_AUTH,
        summary=summary,
        description=description,
        request=request,
        parameters=[BOOKING_REQUEST_ID],
        responses={
            200: ok(BookingRequestSerializer, answer),
            # anonymous and examples named: what ``refusals`` holds are texts, not those.
            **problems(400, 403, 404, 409, 422, anonymous=False, examples=None, **refusals),
        },
    )


@request_action(
    summary="Skicka programmet / Send the event programme",
    description="När programmet begärts (requested[].kind = program). En PDF eller UTF-8-text, "
    f"högst {size(PROGRAM_MAX_BYTES)} (GRANSKA_API_PROGRAM_MAX_BYTES); innehållet kontrolleras, "
    "inte namnet. En större fil eller en fil av annat slag ger 422 som nämner file. / When the "
    "programme was requested. One PDF or UTF-8 text file, at most "
    f"{size(PROGRAM_MAX_BYTES)} (GRANSKA_API_PROGRAM_MAX_BYTES); the content is checked, not "
    "the name. A larger file or a file of another kind is 422 naming file.",
    request={"multipart/form-data": ProgramUploadSerializer},
    answer="Förfrågan med programmet / The request",
    s400="För många filer eller fält / Too many files or fields",
    s409="Inget program är begärt / No programme was requested",
    s422=f"Filen saknas, är större än {size(PROGRAM_MAX_BYTES)} eller är inte PDF/text "
    f"/ File missing, larger than {size(PROGRAM_MAX_BYTES)} or not PDF/text",
    e422=("program_too_large", "program_wrong_kind"),
)
class ProgramUploadView(ClientView):
    parser_classes = [MultiPartParser]

    def post(self, request: Request, pk: int) -> Response:
        return self.act(pk, "program", ProgramUploadSerializer, self.program, asked=True)

    def program(self, br: BookingRequest, data: dict[str, Any]) -> None:
        services.booking_request_program(client=self.client, booking_request=br, file=data["file"])


@request_action(
    summary="Skicka kompletteringen / Send the supplement",
    description="När en komplettering begärts (requested[].kind = supplement): en fil (PDF, PNG, "
    f"JPEG eller UTF-8-text, kontrollerad till innehållet, högst {size(EVIDENCE_MAX_BYTES)}) "
    "och/eller text. Handläggaren läser den "
    "och registrerar kompletteringen; requested[].received_at visar att den kommit in. / When a "
    "supplement was asked for: a file (PDF, PNG, JPEG or UTF-8 text, checked by content, at "
    f"most {size(EVIDENCE_MAX_BYTES)}) and/or "
    "text. The handler reads it and registers the supplement; requested[].received_at shows "
    "that it arrived.",
    request={"multipart/form-data": SupplementUploadSerializer},
    answer="Förfrågan med kompletteringen / The request",
    s400="För många filer eller fält / Too many files or fields",
    s409="Ingen komplettering är begärd / No supplement was asked for",
    s422="Fil och text saknas, eller filen är för stor eller av fel slag / Neither file nor "
    "text, or the file is too large or of the wrong kind",
)
class SupplementUploadView(ClientView):
    parser_classes = [MultiPartParser]

    def post(self, request: Request, pk: int) -> Response:
        return self.act(pk, "supplement", SupplementUploadSerializer, self.send, asked=True)

    def send(self, br: BookingRequest, data: dict[str, Any]) -> None:
        services.booking_request_supplement(
            client=self.client, booking_request=br, file=data.get("file"), text=data["text"]
        )


@request_action(
    summary="Skicka sökandens yttrande / Send the applicant's response",
    description="När ett förslag har kommunicerats (requested[].kind = response): sökandens "
    "yttrande registreras i ärendet före beslutet. Samma yttrande igen ger samma svar. / When a "
    "proposal was communicated: the applicant's response is recorded on the case before the "
    "decision. The same response again gives the same answer.",
    request=RespondSerializer,
    answer="Förfrågan med yttrandet / The request",
    s409="Inget yttrande är begärt / No response was asked for",
    s422="Yttrandet saknas eller är för långt / The response is missing or too long",
)
class RespondView(ClientView):
    parser_classes = [SafeJSONParser]

    def post(self, request: Request, pk: int) -> Response:
        return self.act(pk, "respond", RespondSerializer, self.respond)

    def respond(self, br: BookingRequest, data: dict[str, Any]) -> None:
        services.booking_request_respond(
            client=self.client, booking_request=br, response=data["response"]
        )


@request_action(
    summary="Återkalla förfrågan / Withdraw the request",
    description='Sökanden återkallar förfrågan; valfritt {"reason": "…"}. Möjligt till '
    "beslutet, sedan 409 med allowed_actions. En redan återkallad förfrågan ger 200 med den (ett "
    "nytt försök), utan en andra registrering. / The applicant withdraws the request; optional "
    '{"reason": "…"}. Possible until the decision, then 409 with allowed_actions. A request '
    "already withdrawn answers 200 with it (a retry), without a second record.",
    request=WithdrawSerializer,
    answer="Den återkallade förfrågan / The withdrawn request",
    s409="Redan avgjord / Already decided",
)
class WithdrawView(ClientView):
    parser_classes = [SafeJSONParser]

    def post(self, request: Request, pk: int) -> Response:
        return self.act(pk, "withdraw", WithdrawSerializer, self.withdraw)

    def withdraw(self, br: BookingRequest, data: dict[str, Any]) -> None:
        services.booking_request_withdraw(
            client=self.client, booking_request=br, reason=data["reason"]
        )
