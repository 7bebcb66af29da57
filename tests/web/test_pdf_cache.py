"""A PDF is rendered once for what it prints (web.pdf), with fonts read once per process
(web.pdffonts): each document still embeds its own glyphs, and prints what it says."""

from __future__ import annotations

import pytest

from tests.web.test_documents import pdf_text
from web import pdf
from web.documents.layout import Document, Section
from web.pdffonts import _parsed


def _doc(text: str) -> Document:
    return Document(
        title="Beslut", municipality="Exempelstad", administration="Kultur",
        meta=[("Diarienummer", "KFN-2026-00001")], sections=[Section("Skäl", [text])],
        filename="beslut.pdf",
    )  # fmt: skip


def test_a_document_is_rendered_once_and_again_when_it_prints_otherwise(monkeypatch) -> None:
    calls: list[str] = []
    real = pdf._render

    def counted(doc: Document) -> bytes:
        calls.append(doc.title)
        return real(doc)

    monkeypatch.setattr(pdf, "_render", counted)
    first = pdf.render_pdf(_doc("Cachetest ett"))
    assert pdf.render_pdf(_doc("Cachetest ett")) == first and len(calls) == 1
    assert pdf.render_pdf(_doc("Cachetest två")) != first and len(calls) == 2


def test_documents_rendered_one_after_another_each_print_their_own_text() -> None:
    one = pdf._render(_doc("Ωmega och ÅÄÖ " * 40))
    two = pdf._render(_doc("Bara vanlig text."))
    assert "Ωmega och ÅÄÖ" in pdf_text(one) and "Bara vanlig text." in pdf_text(two)
    assert "Ω" not in pdf_text(two)
    assert len(two) < len(one)  # the second embeds no glyphs of the first
    assert len(_parsed("").subset) <= 2  # the parsed font itself is never used in a document


@pytest.mark.parametrize("lines", [1, 5, 6, 30])
def test_a_heading_keeps_the_same_lines_as_when_all_were_laid_out(lines) -> None:
    """``_kept`` lays out only what decides it; the height is the one the whole text gives."""
    from fpdf import FPDF

    from web.pdffonts import add_fonts

    text = " ".join(["ord"] * 22 * lines)
    section = Section("Rubrik", [text, "Kort stycke."], items=["punkt"])
    doc = FPDF(format="A4")
    add_fonts(doc)
    doc.set_margins(20, 20, 20)
    doc.add_page()
    pdf._set_font(doc, size=10)
    count = len(pdf._lines(doc, text))
    whole = [pdf.TEXT_LINE] * (count - 1) + [pdf.TEXT_LINE + pdf.PARAGRAPH_GAP]
    whole += [pdf.TEXT_LINE + pdf.PARAGRAPH_GAP, pdf.TEXT_LINE]
    kept = whole if len(whole) <= pdf.SHORT_SECTION else whole[: pdf.KEPT_LINES]
    assert pdf._kept(doc, section) == pytest.approx(pdf.HEADING_LINE + sum(kept))
