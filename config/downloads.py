"""Serving a stored file as a download, for the officers' pages and the booking API alike.

Served as an attachment, never inline: the content type is judged by the stored bytes (a PDF,
PNG, JPEG or UTF-8 text, else a plain byte stream), the name is the upload's own, made safe and
given the suffix of its type, and no storage path is shown.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from django.core.files.storage import Storage
from django.http import FileResponse

from config.files import shown_name

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain; charset=utf-8"
BYTES = "application/octet-stream"
SUFFIXES = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", TEXT: ".txt", BYTES: ".bin"}
# The kinds uploads may be (vetting.services.uploads.EVIDENCE_SIGNATURES), by their first bytes.
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
SNIFF_LIMIT = 16 * 1024 * 1024  # larger files are not read whole to decide whether they are text
UNSAFE = re.compile(r"[^\w.\- ]+")


def content_type(storage: Storage, name: str) -> str:
    """PDF, PNG, JPEG, UTF-8 text or bytes, by the stored content (never the name)."""
    with storage.open(name, "rb") as handle:
        head = handle.read(8)
        for signature, kind in SIGNATURES:
            if head.startswith(signature):
                return kind
        if storage.size(name) > SNIFF_LIMIT:
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


def file_response(storage: Storage, name: str, default: str, original: str = "") -> FileResponse:
    """The stored file ``name`` as an attachment named ``download_name``; the caller checks that
    it exists and that the reader may have it."""
    kind = content_type(storage, name)
    filename = download_name(name, kind, default, original)
    response = FileResponse(
        storage.open(name, "rb"), as_attachment=True, filename=filename, content_type=kind
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_sha256(storage: Storage, name: str) -> str:
    """The SHA-256 (hex) of a stored file, read in chunks."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
