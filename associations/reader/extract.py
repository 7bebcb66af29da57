"""Text extraction from uploaded statutes: PDF (pypdf), DOCX (python-docx), plain text,
Markdown and HTML.

Any failure is reported as :class:`UnreadableDocument`, whose ``reason`` names what is wrong
and whose message (English, for logs) also says what would be accepted. The package does not
depend on Django: the pages show ``associations.texts.unreadable_message``, in Swedish through
gettext.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path, PurePath

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
    "too_complex": (
        "{name!r} is too large or complex to read (limit: {limit}); accepted: {accepted}"
    ),
}


class UnreadableDocument(ValueError):
    """The upload cannot be read as a document with text.

    ``reason`` is a key of ``REASONS``; ``filename`` and ``params`` (``format``, ``error``,
    ``limit``) fill in its message; a parameter not given reads "?".
    """

    def __init__(self, reason: str, filename: str, **params: str) -> None:
        self.reason, self.filename, self.params = reason, filename, params
        values = _Params(name=filename, accepted=ACCEPTED, **params)
        super().__init__(REASONS[reason].format_map(values))


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def pdf_unreadable(data: bytes, filename: str) -> str | None:
    """Why a file that starts like a PDF cannot be opened as one (parsed in the isolated child,
    as extraction is), or None when it opens: a PDF without a text layer (a scan) opens."""
    try:
        _pdf_text(data, filename)
    except UnreadableDocument as exc:
        return str(exc.params.get("error", exc)) if exc.reason == "unreadable_pdf" else None
    except RuntimeError:  # the isolated parser itself failed: not a verdict on the file
        return None
    return None


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


# A PDF or DOCX is parsed in a child process with these limits (see ``_isolated``): a hostile
# file of a few kilobytes can otherwise cost a parser minutes of CPU or gigabytes of memory.
ISOLATED = Path(__file__).with_name("_isolated.py")
CPU_SECONDS = 10
WALL_SECONDS = 20
MEMORY_BYTES = 1 << 30
MAX_PAGES = 500
MAX_TEXT_CHARS = 500_000  # the longest statutes of the corpus have about 32 000 characters


def _pdf_text(data: bytes, filename: str) -> str:
    return _isolated_text("pdf", data, filename)


def _docx_text(data: bytes, filename: str) -> str:
    return _isolated_text("docx", data, filename)


def _isolated_text(kind: str, data: bytes, filename: str) -> str:
    limits = (CPU_SECONDS, MEMORY_BYTES, MAX_PAGES, MAX_TEXT_CHARS)
    command = [sys.executable, "-I", str(ISOLATED), kind, *map(str, limits)]
    try:
        done = subprocess.run(  # noqa: S603 (our own script, no shell, fixed arguments)
            command, input=data, capture_output=True, timeout=WALL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise UnreadableDocument("too_complex", filename, limit=f"{WALL_SECONDS} s") from error
    if done.returncode < 0 or b"MemoryError" in done.stderr[-2000:]:
        # Killed at its CPU limit (SIGXCPU/SIGKILL) or out of its memory.
        raise UnreadableDocument("too_complex", filename, limit="CPU or memory")
    if done.returncode != 0:
        raise RuntimeError(
            f"the {kind} parser failed: {done.stderr[-2000:].decode(errors='replace')}"
        )
    result = json.loads(done.stdout)
    if "text" in result:
        return str(result["text"])
    raise UnreadableDocument(result["reason"], filename, **result["params"])


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
