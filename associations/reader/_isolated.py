"""Text of a PDF or DOCX upload, parsed in a child process of its own.

Run by ``associations.reader.extract`` as ``python -I _isolated.py pdf|docx`` with the file on
stdin, under CPU, memory and wall-clock limits: a hostile file of a few kilobytes (pages sharing
one huge content stream, a zip bomb) can cost a parser minutes or gigabytes, and that must not
happen in a web worker. Standalone on purpose (no package imports), so the child starts fast.

Prints one JSON object: ``{"text": ...}``, or ``{"reason": ..., "params": {...}}`` with a reason
of ``extract.REASONS``. Structural caps refuse absurd documents before the limits are reached.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import zipfile

MAX_PAGES = 500  # defaults; the parent passes its own (extract.MAX_PAGES, MAX_TEXT_CHARS)
MAX_TEXT_CHARS = 500_000  # statutes run to tens of kilobytes
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
MAX_DOCX_RATIO = 200  # declared size / compressed size of one member


class Refused(Exception):
    def __init__(self, reason: str, **params: str) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused("encrypted_pdf")
        if len(reader.pages) > MAX_PAGES:
            raise Refused("too_complex", limit=f"{MAX_PAGES} pages")
        pages, total = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise Refused("too_complex", limit=f"{MAX_TEXT_CHARS} characters of text")
            pages.append(text)
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise Refused("unreadable_pdf", error=str(error)) from error
    return "\n\n".join(pages)


def check_zip(data: bytes) -> None:
    """Refuse a zip bomb by the sizes its directory declares, before anything is inflated (a
    member that inflates beyond its declared size fails its CRC check; the memory limit of the
    child process is the backstop)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Refused("unreadable_docx", error=str(error)) from error
    if sum(m.file_size for m in members) > MAX_DOCX_UNPACKED:
        raise Refused("too_complex", limit=f"{MAX_DOCX_UNPACKED // 1_048_576} MB unpacked")
    for m in members:
        if m.file_size > 1_048_576 and m.file_size > MAX_DOCX_RATIO * max(m.compress_size, 1):
            raise Refused("too_complex", limit=f"compression {MAX_DOCX_RATIO}:1")


def docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                blocks.append("\t".join(cell.text for cell in row.cells))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Refused("unreadable_docx", error=str(error)) from error
    text = "\n\n".join(block for block in blocks if block.strip())
    if len(text) > MAX_TEXT_CHARS:
        raise Refused("too_complex", limit=f"{MAX_TEXT_CHARS} characters of text")
    return text


def main() -> None:
    global MAX_PAGES, MAX_TEXT_CHARS
    kind, cpu_seconds, memory_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    MAX_PAGES, MAX_TEXT_CHARS = int(sys.argv[4]), int(sys.argv[5])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    data = sys.stdin.buffer.read()
    try:
        result: dict[str, object] = {"text": pdf_text(data) if kind == "pdf" else docx_text(data)}
    except Refused as refused:
        result = {"reason": refused.reason, "params": refused.params}
    except MemoryError:
        result = {"reason": "too_complex", "params": {"limit": "memory"}}
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
