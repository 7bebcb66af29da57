"""Downloads of a case's files: the programme, supplements, responses, evidence documents, the
inkomna handlingar registered on their own (the application itself) and the documents a
communication letter enclosed.

Served as attachments, never inline (``config.downloads``: the content type judged by the
stored bytes, the upload's own name made safe, no storage path shown). Whoever may see the case
may open them (vetting.selectors); anyone else gets 404, as for the case itself.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from config.downloads import file_response
from vetting import selectors
from vetting.enclosures import intact
from web.access import page


def _serve(file: FieldFile | None, default: str) -> FileResponse:
    if file is None or not file.name or not file.storage.exists(file.name):
        raise Http404
    original = str(getattr(file.instance, "original_filename", "") or "")
    return file_response(file.storage, file.name, default, original)


@page
def program_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _serve(selectors.program_file(request.user, reference, pk), "program")


@page
def supplement_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _serve(selectors.supplement_file(request.user, reference, pk), "komplettering")


@page
def response_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _serve(selectors.response_file(request.user, reference, pk), "yttrande")


@page
def incoming_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """An inkommen handling registered in the case (the application itself, a supplement)."""
    return _serve(selectors.incoming_file(request.user, reference, pk), "handling")


@page
def evidence_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _serve(selectors.evidence_file(request.user, reference, pk), "underlag")


@page
def enclosure_file(request: HttpRequest, reference: str, pk: int, number: int) -> FileResponse:
    """An enclosure of a communication letter, as it was sent (not the assessment as it is
    now): what the officer sends with the letter."""
    item = selectors.communication_enclosure(request.user, reference, pk, number)
    if item is None or not intact(item):
        raise Http404
    original = str(item.get("document_name") or "")
    return file_response(default_storage, item["document"], "bilaga", original)
