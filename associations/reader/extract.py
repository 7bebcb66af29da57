"""Text extraction from uploaded statutes: PDF (pypdf), DOCX (python-docx), plain text,
Markdown and HTML.

Any failure is reported as :class:`UnreadableDocument`, whose ``reason`` names what is wrong
and whose message (English, for logs) also says what would be accepted. The package does not
depend on Django: the pages show ``associations.texts.unreadable_message``, in Swedish through
gettext.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePath

ACCEPTED = "PDF with a text layer, DOCX, or UTF-8 text (.txt, .md, .html)"
MIN_TEXT_CHARS = 20


# Each reason an upload is unreadable, with its English message.
REASONS = {
    "unopenable": "{name!r} cannot be opened ({error})",
    "empty": "{name!r} is empty; accepted: {accepted}",
    "no_text": (
        "{name!r} has no readable text (a scanned image needs OCR first); accepted: {accepted}"
    ),
    "unsupported_format": "{name!r}: format {format} is not supported; accepted: {accepted}",
    "invalid_file": "{name!r} is not a valid {format} file",
    "encrypted_pdf": "{name!r} is an encrypted PDF; upload it unencrypted",
    "unreadable_pdf": "{name!r} is not a readable PDF: {error}",
    "unreadable_docx": "{name!r} is not a readable DOCX file: {error}",
    "invalid_utf16": "{name!r} is not valid UTF-16 text",
    "binary": "{name!r} looks like a binary file, not text; accepted: {accepted}",
}


class UnreadableDocument(ValueError):
    """The upload cannot be read as a document with text.

    ``reason`` is a key of ``REASONS``; ``filename`` and ``params`` (``format``, ``error``)
    fill in its message.
    """

    def __init__(self, reason: str, filename: str, **params: str) -> None:
        self.reason, self.filename, self.params = reason, filename, params
        super().__init__(REASONS[reason].format(name=filename, accepted=ACCEPTED, **params))


def extract_text(data: bytes, filename: str) -> str:
    """Extract the text of an uploaded document.

    The format is chosen by the file's content (magic bytes) and, failing that, by its
    extension. Raises :class:`UnreadableDocument` on empty, corrupt, encrypted, image-only
    or unsupported input.
    """
    if not data:
        raise UnreadableDocument("empty", filename)
    reader = _reader_for(data, filename)
    text = reader(data, filename)
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise UnreadableDocument("no_text", filename)
    return text


def _reader_for(data: bytes, filename: str) -> Callable[[bytes, str], str]:
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        return _pdf_text
    if data.startswith(b"PK\x03\x04"):
        return _docx_text
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix in (".doc", ".rtf", ".odt", ".pages"):
        raise UnreadableDocument("unsupported_format", filename, format=suffix or "unknown")
    if suffix in (".pdf", ".docx"):
        raise UnreadableDocument("invalid_file", filename, format=suffix[1:].upper())
    return _plain_text


def _pdf_text(data: bytes, filename: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("encrypted_pdf", filename)
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise UnreadableDocument("unreadable_pdf", filename, error=str(error)) from error
    return "\n\n".join(pages)


def _docx_text(data: bytes, filename: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument("unreadable_docx", filename, error=str(error)) from error
    blocks = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append("\t".join(cell.text for cell in row.cells))
    return "\n\n".join(block for block in blocks if block.strip())


def _plain_text(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableDocument("invalid_utf16", filename) from error
    if b"\x00" in data[:4096]:
        raise UnreadableDocument("binary", filename)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
