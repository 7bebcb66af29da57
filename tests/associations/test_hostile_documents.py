"""Hostile statutes files: a few kilobytes must not buy minutes of CPU or gigabytes of memory in
a web worker. PDF and DOCX are parsed in a child process under limits
(``associations.reader._isolated``), with caps on pages, text and unpacked size."""

from __future__ import annotations

import io
import time
import zipfile
import zlib

import pytest

from associations.reader import UnreadableDocument, extract, extract_text


def pdf(pages: int, ops_per_page: int, word: bytes = b"Medlemskap") -> bytes:
    """A valid PDF whose pages all share ONE small Flate stream of many text operators."""
    content = (b"BT /F1 12 Tf 10 10 Td (" + word + b") Tj ET\n") * ops_per_page
    stream = zlib.compress(content, 9)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        *[
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        ]
        * pages,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def refused(data: bytes, name: str) -> UnreadableDocument:
    with pytest.raises(UnreadableDocument) as info:
        extract_text(data, name)
    return info.value


def test_a_pdf_within_the_caps_is_read() -> None:
    assert "Medlemskap" in extract_text(pdf(pages=2, ops_per_page=3), "stadgar.pdf")


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(extract, "MAX_PAGES", 3)
    error = refused(pdf(pages=4, ops_per_page=3), "stadgar.pdf")
    assert error.reason == "too_complex" and "3 pages" in str(error)


def test_a_pdf_with_more_text_than_statutes_ever_have_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 1_000)
    error = refused(pdf(pages=2, ops_per_page=200), "stadgar.pdf")
    assert error.reason == "too_complex" and "1000 characters" in str(error)


def test_a_parser_past_its_cpu_limit_is_stopped(monkeypatch) -> None:
    """Pages sharing one stream of many operators: tens of kilobytes, minutes of parsing."""
    monkeypatch.setattr(extract, "CPU_SECONDS", 1)
    data = pdf(pages=200, ops_per_page=20_000)
    assert len(data) < 50_000
    started = time.monotonic()
    error = refused(data, "stadgar.pdf")
    assert error.reason == "too_complex"
    assert time.monotonic() - started < extract.WALL_SECONDS


def test_a_parser_past_its_wall_clock_limit_is_stopped(monkeypatch) -> None:
    monkeypatch.setattr(extract, "WALL_SECONDS", 0.01)
    error = refused(pdf(pages=1, ops_per_page=3), "stadgar.pdf")
    assert error.reason == "too_complex"


def docx_bomb(member_bytes: int) -> bytes:
    """A DOCX whose word/document.xml inflates about 1000:1."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", b"<w:p><w:r><w:t>Medlem</w:t></w:r></w:p>" * (
            member_bytes // 40
        ))  # fmt: skip
    return buf.getvalue()


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated() -> None:
    data = docx_bomb(8 * 1_048_576)
    assert len(data) < 100_000
    error = refused(data, "stadgar.docx")
    assert error.reason == "too_complex" and "compression" in str(error)
