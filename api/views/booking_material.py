"""The documents a booking system's applicant is sent: each enclosure (bilaga) of a communicated
proposal's letter, as it was sent (FL 25 §; ``bookings.selectors.communicated_document``), and
the decision document (FL 33 §; ``bookings.selectors.client_decision``), the same PDF as the
officers'."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from api.schema import BOOKING_REQUEST_ID, CLIENT_AUTH, ok, path_id, problems
from api.views.booking import TAG, ClientView
from bookings.selectors import client_decision, client_decision_by_id, communicated_document
from config.downloads import BYTES, JPEG, PDF, PNG, TEXT, file_response
from vetting.enclosures import intact
from vetting.models import Decision
from web.documents.decision import decision_document
from web.pdf import render_pdf

DOWNLOAD_TYPES = (PDF, PNG, JPEG, TEXT.split(";")[0], BYTES)


class AnyAccept(DefaultContentNegotiation):
    """A file is served as it is, whatever the caller accepts; an error is problem+json."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


@extend_schema(
    tags=TAG,
    auth=CLIENT_AUTH,
    summary="Bilaga till kommuniceringen / An enclosure of the communicated proposal",
    description="Dokument som förslaget bygger på, som det skickades till sökanden med "
    "kommuniceringen (FL 25 §): adressen står i requested[].material[].document.url. Filen "
    "som den skickades, även om bedömningen senare ersatts; typen bedöms av innehållet. Bara "
    "den egna förfrågans bilagor. / A document the proposal rests on, as it was sent to the "
    "applicant with the communication: its address is in requested[].material[].document.url. "
    "The file as sent, also after the assessment was replaced; its type is judged by its "
    "content. Only your own requests' enclosures.",
    parameters=[
        BOOKING_REQUEST_ID,
        path_id(
            name="communication",
            description="Kommuniceringens id (ur document.url) / The communication's id (from "
            "document.url)",
        ),
        path_id(
            name="number",
            description="Bilagans nummer i brevet, från 1 (document.enclosure) / The "
            "enclosure's number in the letter, from 1 (document.enclosure)",
        ),
    ],
    responses={
        **{
            (200, media): ok(OpenApiTypes.BINARY, "Dokumentet som bilaga / The document")
            for media in DOWNLOAD_TYPES
        },
        **problems(
            403,
            404,
            s404="Ingen sådan bilaga till en egen förfrågan / No such enclosure of your own "
            "request",
        ),
    },
)
class MaterialDocumentView(ClientView):
    content_negotiation_class = AnyAccept

    def get(self, request: Request, pk: int, communication: int, number: int) -> FileResponse:
        item = communicated_document(self.client, pk, communication, number)
        if item is None or not default_storage.exists(item.get("document") or ""):
            raise Http404
        if not intact(item):
            raise NotFound(
                _("Bilagan finns inte längre som den skickades; kontakta förvaltningen.")
            )
        original = str(item.get("document_name") or "")
        return file_response(default_storage, item["document"], "bilaga", original)


def decision_pdf(decision: Decision) -> HttpResponse:
    with translation.override("sv"):
        document = decision_document(decision)
        content = render_pdf(document)
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


@extend_schema(
    tags=TAG,
    auth=CLIENT_AUTH,
    summary="Beslutet i kraft / The decision in force",
    description="Det beslut som gäller nu, som PDF (FL 33 §): efter en ändring det nya "
    "beslutet. Alltid på svenska. Bara den egna förfrågans beslut. En länk till ett visst beslut, "
    "som en senare ändring (FL 37 §) inte byter ut, står i decision.document_url "
    "(…/decisions/{decision}.pdf). / The decision in force now, as a PDF: after an amendment the "
    "new decision. Always in Swedish. Only your own request's decision. A link to one decision, "
    "which an amendment does not change, is in decision.document_url (…/decisions/{decision}.pdf).",
    parameters=[BOOKING_REQUEST_ID],
    responses={
        (200, PDF): ok(OpenApiTypes.BINARY, "Beslutet som PDF / The decision as a PDF"),
        **problems(
            403,
            404,
            s404="Ingen egen förfrågan med ett beslut / No decided request of your own",
        ),
    },
)
class DecisionDocumentView(ClientView):
    content_negotiation_class = AnyAccept

    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = client_decision(self.client, pk)
        if decision is None:
            raise Http404
        return decision_pdf(decision)


@extend_schema(
    tags=TAG,
    auth=CLIENT_AUTH,
    summary="Beslutsdokumentet / The decision document",
    description="Ett beslut som PDF, som sökanden ska få det (FL 33 §): beslutsfattare, "
    "delegation, skäl och hur man överklagar. Adressen står i decision.document_url och namnger "
    "beslutet: den visar samma beslut även sedan det ersatts genom en ändring (en adress ur en "
    "äldre webhook hämtar det beslut den meddelade). Alltid på svenska. Bara den egna "
    "förfrågans beslut. / One decision as a PDF, as the applicant is to receive it: decision "
    "maker, delegation, reasons and how to appeal. Its address is in decision.document_url and "
    "names the decision: it serves that decision also after an amendment replaced it (a URL "
    "from an older webhook fetches the decision that webhook announced). Always in Swedish. "
    "Only your own request's decisions.",
    parameters=[
        BOOKING_REQUEST_ID,
        path_id(
            name="decision",
            description="Beslutets id (ur decision.document_url) / The decision's id (from "
            "decision.document_url)",
        ),
    ],
    responses={
        (200, PDF): ok(OpenApiTypes.BINARY, "Beslutet som PDF / The decision as a PDF"),
        **problems(
            403,
            404,
            s404="Inget sådant beslut i en egen förfrågan / No such decision of your own request",
        ),
    },
)
class DecisionDocumentByIdView(ClientView):
    content_negotiation_class = AnyAccept

    def get(self, request: Request, pk: int, decision: int) -> HttpResponse:
        found = client_decision_by_id(self.client, pk, decision)
        if found is None:
            raise Http404
        return decision_pdf(found)
