"""Downloads of a case's files: the programme, supplements, responses and evidence documents.

Served as attachments, never inline (``config.downloads``: the content type judged by the
stored bytes, the upload's own name made safe, no storage path shown). Whoever may see the case
may open them (vetting.selectors); anyone else gets 404, as for the case itself.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from config.downloads import file_response
from vetting import selectors
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
def evidence_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _serve(selectors.evidence_file(request.user, reference, pk), "underlag")
