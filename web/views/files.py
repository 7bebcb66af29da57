"""Downloads of a case's files: the programme, supplements, responses and evidence documents.

Served as attachments, never inline: the content type is judged by the stored bytes (a PDF or
UTF-8 text, else a plain byte stream), the name is the upload's own, made safe and given the
suffix of its type, and no storage path is shown. Whoever may see the case may open them
(vetting.selectors); anyone else gets 404, as for the case itself.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from config.files import shown_name
from vetting import selectors
from web.access import page

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain; charset=utf-8"
BYTES = "application/octet-stream"
SUFFIXES = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", TEXT: ".txt", BYTES: ".bin"}
# The kinds uploads may be (vetting.services.assessments.EVIDENCE_SIGNATURES), by their first bytes.
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
SNIFF_LIMIT = 16 * 1024 * 1024  # larger files are not read whole to decide whether they are text
UNSAFE = re.compile(r"[^\w.\- ]+")


def content_type(file: FieldFile) -> str:
    """PDF, PNG, JPEG, UTF-8 text or bytes, by the stored content (never the name)."""
    with file.open("rb") as handle:
        head = handle.read(8)
        for signature, kind in SIGNATURES:
            if head.startswith(signature):
                return kind
        if file.size > SNIFF_LIMIT:
            return BYTES
        data = head + handle.read()
    if b"\x00" in data:
        return BYTES
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return BYTES
    return TEXT


def download_name(stored: str, kind: str, default: str, original: str = "") -> str:
    """The name as shown (``shown_name``), with only word characters, dots, dashes and spaces,
    and the suffix of its content type."""
    stem = PurePosixPath(shown_name(stored, original).replace("/", "_")).stem
    stem = UNSAFE.sub("_", stem).strip(" ._")[:80] or default
    return stem + SUFFIXES[kind]


def _serve(file: FieldFile | None, default: str) -> FileResponse:
    if file is None or not file.name or not file.storage.exists(file.name):
        raise Http404
    kind = content_type(file)
    original = str(getattr(file.instance, "original_filename", "") or "")
    name = download_name(file.name, kind, default, original)
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


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
