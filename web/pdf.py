"""A document (``web.documents.layout.Document``) as the PDF the applicant gets, with fpdf2.

The text is printed exactly as recorded: DejaVu Sans, vendored in ``web/fonts`` (licence
beside it), is embedded as a subset, so "[…]", "–", "”" and every Swedish letter print as
themselves (ADR 0009). A character the font has no glyph for (an emoji in an association's
name) prints as U+FFFD "�", visibly, instead of vanishing. Accessibility as far as fpdf2 goes:
language, title, author and creator, the title shown by the viewer, and an outline of the
sections; fpdf2 does not tag text, so the PDF has no structure tree (ADR 0009).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, cast

from django.utils import translation
from django.utils.translation import gettext as _

from web.pdffonts import FONT, add_fonts

if TYPE_CHECKING:
    from fpdf import FPDF

    from web.documents.layout import Document, Section

REPLACEMENT = "\ufffd"  # in both fonts
LANGUAGE = "sv"  # the documents are always built in Swedish (web.views.documents)
CREATOR = "Granska"
# fpdf2 writes the number of pages where this stands. Not its default "{nb}", which recorded
# text may contain: a private-use character DejaVu Sans has no glyph for, so ``_printable``
# has turned it into "�" in any text before fpdf2 sees it.
PAGES_ALIAS = "\ue000nb\ue000"
HEADING_LINE = 7  # mm, a line of a section heading (12 pt)
TEXT_LINE = 5  # mm, a line of text (10 pt)
PARAGRAPH_GAP = 1  # mm after each paragraph
KEPT_LINES = 2  # a heading is never left without this many lines of its text on its page
SHORT_SECTION = 5  # lines: a section this short is never split from its heading


# Rendered PDFs kept in this process, by what they print (``_printed``): a document already
# sent is never changed (decisions and letters are append-only), and one that is, prints
# differently (a later decision replacing it, a name erased) and so is rendered anew. A few
# hundred kB of PDFs; nothing is kept outside the process.
CACHE_SIZE = 64
_rendered: OrderedDict[str, bytes] = OrderedDict()
_rendered_lock = threading.Lock()


def render_pdf(doc: Document) -> bytes:
    """The document as a PDF: rendered once for what it prints (``_render`` takes about a
    second; a document is opened many times), then served from this process's cache."""
    key = _printed(doc)
    with _rendered_lock:
        if key in _rendered:
            _rendered.move_to_end(key)
            return _rendered[key]
    content = _render(doc)
    with _rendered_lock:
        _rendered[key] = content
        while len(_rendered) > CACHE_SIZE:
            _rendered.popitem(last=False)
    return content


def _printed(doc: Document) -> str:
    """A digest of everything the PDF prints, in the language it is printed in (the texts
    ``_render`` adds itself, "Sida … av …", are translated when it runs)."""
    printed = [
        translation.get_language(),
        doc.title,
        doc.municipality,
        doc.administration,
        doc.meta,
        [(s.heading, s.paragraphs, [str(i) for i in s.items]) for s in doc.sections],
    ]
    text = json.dumps(printed, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _render(doc: Document) -> bytes:
    """Every page ends with the diarienummer and "Sida n av N" (``_footer``), as an authority's
    document does: a page that comes loose still says which case and which page it is."""
    pdf = _new_pdf(doc)
    pdf.add_page()
    _set_font(pdf, size=9)
    _text(pdf, 5, f"{doc.municipality} – {doc.administration}")
    pdf.ln(2)
    pdf.start_section(doc.title, level=0)
    _set_font(pdf, "B", 18)
    _text(pdf, 9, doc.title)
    pdf.ln(2)
    _meta(pdf, doc.meta)
    for section in doc.sections:
        _section(pdf, section)
    return bytes(pdf.output())


def _new_pdf(doc: Document) -> FPDF:
    """The page set-up, the fonts and what a reader or a screen reader is told of the document:
    its language, title (shown instead of the file name), author and creator."""
    from fpdf import FPDF, ViewerPreferences

    class PagedPDF(FPDF):
        def footer(self) -> None:
            _footer(self, doc.meta[0])

    pdf = PagedPDF(format="A4")
    pdf.alias_nb_pages(PAGES_ALIAS)
    add_fonts(pdf)  # parsed once per process (web.pdffonts)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_lang(LANGUAGE)
    # Metadata are text strings, not drawn: any character is kept.
    pdf.set_title(f"{doc.title} {doc.meta[0][1]}")
    pdf.set_author(f"{doc.municipality} – {doc.administration}")
    pdf.set_creator(CREATOR)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.page_mode = "UseOutlines"  # the bookmarks panel opens with the document
    return pdf


def _footer(pdf: FPDF, reference: tuple[str, str]) -> None:
    """In the bottom margin: "Diarienummer X" left, "Sida n av N" right (the first row of the
    facts is the diarienummer; ``render_pdf`` names the document by it too)."""
    from fpdf.enums import Align

    pdf.set_y(-14)
    _set_font(pdf, size=8)
    label, value = reference
    half = pdf.epw / 2
    pdf.cell(half, 5, _printable(pdf, f"{label} {value}"), align=Align.L)
    page = _("Sida %(page)s av %(pages)s") % {"page": pdf.page_no(), "pages": PAGES_ALIAS}
    pdf.cell(half, 5, page, align=Align.R)


def _meta(pdf: FPDF, rows: list[tuple[str, str]]) -> None:
    """The facts as a two-column table without borders: a long label or value wraps in its
    own column."""
    from fpdf.fonts import FontFace

    _set_font(pdf, size=10)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(
        col_widths=(60, pdf.epw - 60),
        first_row_as_headings=False,
        borders_layout="NONE",
        text_align="LEFT",
        v_align="TOP",
        line_height=5,
        padding=(0.5, 2, 0.5, 0),
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(_printable(pdf, label), style=bold)
            row.cell(_printable(pdf, value))


def _section(pdf: FPDF, section: Section) -> None:
    """The heading (a bookmark too), then the paragraphs and the items, each bullet on the page
    of its text. The heading goes to the next page unless it fits here with the first
    ``KEPT_LINES`` lines of its text, or with all of it if the section is short (``_kept``)."""
    pdf.ln(3)
    if pdf.will_page_break(_kept(pdf, section)):
        pdf.add_page()
    pdf.start_section(section.heading, level=1)
    _set_font(pdf, "B", 12)
    _text(pdf, HEADING_LINE, section.heading)
    _set_font(pdf, size=10)
    for paragraph in section.paragraphs:
        _text(pdf, TEXT_LINE, paragraph)
        pdf.ln(PARAGRAPH_GAP)
    for item in section.items:
        if pdf.will_page_break(TEXT_LINE):
            pdf.add_page()
        pdf.cell(5, TEXT_LINE, "•")
        _text(pdf, TEXT_LINE, str(item), pdf.epw - 5)


def _kept(pdf: FPDF, section: Section) -> float:
    """The height that must fit on the page for the heading to be printed there: the heading
    as it wraps (a long one takes two lines) and the lines of its text kept with it. Only as
    many lines are laid out as decide it (``_first_lines``): past ``SHORT_SECTION`` lines the
    section is long, and only its first ``KEPT_LINES`` are kept."""
    _set_font(pdf, "B", 12)
    heading = len(_lines(pdf, section.heading)) * HEADING_LINE
    _set_font(pdf, size=10)
    lines: list[float] = []
    texts: list[tuple[str, float, float]] = [(p, 0, PARAGRAPH_GAP) for p in section.paragraphs]
    texts += [(str(item), pdf.epw - 5, 0.0) for item in section.items]
    for text, width, gap in texts:
        if len(lines) > SHORT_SECTION:
            break
        count, complete = _first_lines(pdf, text, width, SHORT_SECTION + 1 - len(lines))
        lines += [TEXT_LINE] * count
        if complete:
            lines[-1] += gap
    kept = lines if len(lines) <= SHORT_SECTION else lines[:KEPT_LINES]
    return heading + sum(kept)


# Characters enough for more than a line of text (about 90 fit at 10 pt on A4); a text of
# narrower characters is simply laid out whole.
LINE_CHARS = 120


def _first_lines(pdf: FPDF, text: str, width: float, wanted: int) -> tuple[int, bool]:
    """How many lines the text takes, and True; or, for a long text, ``wanted`` and False when
    it takes more than that. Lines are broken greedily from the start, so the lines of a prefix
    of the text are the text's own lines, all but the prefix's last: a prefix of more than
    ``wanted`` lines shows that the text has more, without laying out the rest of it."""
    cut = wanted * LINE_CHARS
    if len(text) > cut and len(_lines(pdf, text[:cut], width)) > wanted:
        return wanted, False
    return len(_lines(pdf, text, width)), True


def _lines(pdf: FPDF, text: str, width: float = 0) -> list[str]:
    """The lines ``_text`` would print the text in, with the current font (nothing drawn)."""
    from fpdf.enums import Align, MethodReturnValue

    text = _printable(pdf, text)
    lines = pdf.multi_cell(
        width, TEXT_LINE, text, align=Align.L, dry_run=True, output=MethodReturnValue.LINES
    )
    return cast("list[str]", lines) or [""]  # what output=LINES returns


def _set_font(pdf: FPDF, style: str = "", size: float = 10) -> None:
    pdf.set_font(FONT, style, size)


def _text(pdf: FPDF, height: float, text: str, width: float = 0) -> None:
    from fpdf.enums import Align, XPos, YPos

    # Ragged right, not fpdf2's default justified: even word spacing reads better (WCAG 1.4.8),
    # and the text layer keeps single spaces.
    text = _printable(pdf, text)
    pdf.multi_cell(width, height, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _printable(pdf: FPDF, text: str) -> str:
    """The text with each character the current font has no glyph for as U+FFFD: fpdf2 would
    only log a warning and leave a gap, and the reader would not know something is missing.
    Control characters (line breaks) are left to fpdf2."""
    from fpdf.fonts import TTFFont

    font = pdf.current_font
    glyphs = font.cmap if isinstance(font, TTFFont) else {}
    return "".join(c if c < " " or ord(c) in glyphs else REPLACEMENT for c in text)
