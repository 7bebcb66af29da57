"""The PDF the applicant gets (web/pdf.py): the recorded text exactly, and what a reader or a
screen reader is told of the document (ADR 0009)."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from associations.models import Association
from tests.web.test_documents import pdf_text
from tests.world import drive
from vetting.models import Decision, Kind, State
from web.documents.communication import communication_letter
from web.documents.decision import decision_document
from web.documents.layout import Document, Section
from web.pdf import render_pdf

pytestmark = pytest.mark.django_db

REASONS = (
    "Stadgarna säger ”alla är välkomna” – men 4 § utesluter den som […] inte delar "
    "styrelsens åsikter. ÅÄÖåäö"
)
QUOTE = "”Medlem är den som […] betalat avgift – och godkänts av styrelsen.” ÅÄÖåäö"


def _flat(text: str) -> str:
    """The extracted text with line breaks (where a line wrapped) as single spaces."""
    return " ".join(text.split())


def _approved(world):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    return app, app.decisions.get()


def test_the_pdf_carries_the_recorded_text_exactly(world, login):
    """The core fonts transliterated: "[…]" printed as "[...]", "–" as "-", "”" as '"'. A
    decision quotes the statutes verbatim (the evidence), so the PDF must carry each character."""
    app, decision = _approved(world)
    criteria = decision.criteria
    criteria[0]["evidence"] = QUOTE
    Decision.objects.filter(pk=decision.pk).update(reasons=REASONS, criteria=criteria)
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/pdf/"
    text = pdf_text(login(world.handler).get(url).content)
    assert REASONS in _flat(text) and QUOTE in _flat(text)
    assert "[...]" not in text and '"' not in text


def test_every_character_of_swedish_text_prints_as_itself():
    characters = "… – — „ ” “ ’ ‘ § « » ° ½ € é ü ß ø æ ÅÄÖåäö ≤ → ✓"
    doc = Document("Beslut", "Kommunen", "Förvaltningen", [("Diarienummer", "X-1")], [], "x.pdf")
    doc.sections = [Section("Skäl för beslutet", [characters])]
    assert characters in pdf_text(render_pdf(doc))


def test_a_no_break_space_keeps_the_amount_together():
    """fpdf2 breaks no line at a no-break space and draws it as a space (so the text layer has
    a plain space there): "4 000,00 kr" stays on one line wherever a paragraph wraps."""
    amount = "4\xa0000,00\xa0kr"
    paragraphs = [" ".join(["ord"] * words) + f" {amount} beviljas." for words in range(30)]
    doc = Document("Beslut", "Kommunen", "Förvaltningen", [("Diarienummer", "X-1")], [], "")
    doc.sections = [Section("Skäl", paragraphs)]
    assert pdf_text(render_pdf(doc)).replace("\xa0", " ").count("4 000,00 kr") == 30


def test_a_character_no_font_has_is_replaced_visibly_not_a_crash(world, login, caplog):
    """An emoji in an association's name: the core fonts could not print it; DejaVu Sans has no
    glyph for it either, where fpdf2 only logs a warning and leaves a gap. It prints as "�"."""
    Association.objects.filter(pk=world.scouts.pk).update(name="Scoutkåren 🦄 Exempel 🇸🇪")
    app, decision = _approved(world)
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    assert "Scoutkåren 🦄 Exempel 🇸🇪" in page
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        response = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "Scoutkåren \ufffd Exempel \ufffd\ufffd, org.nr" in pdf_text(response.content)
    assert not [r for r in caplog.records if r.name.startswith("fpdf")]


def _catalog(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    return reader, reader.trailer["/Root"]


def _titles(outline) -> list:
    return [_titles(item) if isinstance(item, list) else item.title for item in outline]


def test_the_decision_pdf_says_its_language_title_author_and_sections(world, login):
    """Lagen om tillgänglighet till digital offentlig service: the language (sv), the title
    the viewer shows instead of the file name, author and creator, and bookmarks of the
    sections (the headings of the page). fpdf2 cannot tag text: no structure tree (ADR 0009)."""
    app, decision = _approved(world)
    data = login(world.handler).get(f"/arenden/{app.reference}/beslut/{decision.pk}/pdf/").content
    reader, catalog = _catalog(data)
    assert catalog["/Lang"] == "sv"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/PageMode"] == "/UseOutlines"
    meta = reader.metadata
    assert meta.title == f"Beslut {app.reference}" and meta.creator == "Granska"
    assert meta.author == f"{settings.GRANSKA_MUNICIPALITY} – Kultur- och fritidsförvaltningen"
    assert _titles(reader.outline) == [
        "Beslut",
        [
            "Beslutet",
            "Skäl för beslutet",
            "Kriterier som beslutet grundar sig på",
            "Återkallelseförbehåll (jfr 37 § förvaltningslagen)",
            "Hur man överklagar (laglighetsprövning enligt 13 kap. kommunallagen)",
        ],
    ]


def test_the_letter_pdf_has_the_same_and_embeds_its_fonts(world, login):
    app = drive(world, world.submit(), State.COMMUNICATED)
    communication = app.communications.get()
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/pdf/"
    reader, catalog = _catalog(login(world.handler).get(url).content)
    assert catalog["/Lang"] == "sv"
    assert reader.metadata.title == f"Kommunicering av förslag till beslut {app.reference}"
    titles = _titles(reader.outline)
    assert titles[0] == "Kommunicering av förslag till beslut"
    assert titles[1][:3] == [
        "Kommunicering enligt jfr 25 § förvaltningslagen",
        "Förslagets skäl",
        "Underlaget förslaget bygger på",
    ]
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()["/DescendantFonts"][0].get_object()
        assert "DejaVuSans" in font["/BaseFont"] and "/FontFile2" in font["/FontDescriptor"]


def _pages(data: bytes) -> list[list[str]]:
    return [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(data)).pages]


def _headings(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [item.title for item in reader.outline[1]]


def _check_pages(data: bytes, reference: str) -> int:
    """Every page ends with the diarienummer and "Sida n av N"; above that, the page does not
    end with a section heading (a heading that wraps is two lines of the extracted text)."""
    pages, headings = _pages(data), _headings(data)
    for number, lines in enumerate(pages, 1):
        assert lines[-1] == f"Diarienummer {reference} Sida {number} av {len(pages)}"
        body = _flat(" ".join(lines[:-1]))
        assert not [h for h in headings if body.endswith(h)], (number, lines[-4:])
    return len(pages)


def _reasons(words: int) -> str:
    return " ".join(["Skälen"] * words) + "."


def test_every_page_of_a_long_decision_has_the_reference_and_keeps_headings_with_text(world):
    """A heading never sits alone at the foot of a page: with reasons of about 54 words, "Hur
    man överklagar (…)", which wraps to two lines, did (a line more or less each time around
    it); and a page that comes loose says which case and which page it is."""
    app, decision = _approved(world)
    seen = set()
    with translation.override("sv"):
        for words in [*range(40, 70, 4), 700]:
            decision.reasons = _reasons(words)
            seen.add(_check_pages(render_pdf(decision_document(decision)), app.reference))
    assert seen == {2, 3}


def test_every_page_of_a_long_letter_has_the_reference_and_keeps_headings_with_text(world):
    app = drive(world, world.submit(), State.COMMUNICATED)
    communication = app.communications.get()
    seen = set()
    with translation.override("sv"):
        for words in (10, 300, 1400):
            communication.proposal_text = _reasons(words)
            seen.add(_check_pages(render_pdf(communication_letter(communication)), app.reference))
    assert seen == {1, 2, 3}


def test_a_heading_that_wraps_is_kept_with_two_lines_of_its_text():
    """Wherever the page ends, a two-line heading is followed on its page by two lines of its
    (long) text."""
    heading = "Hur man överklagar (laglighetsprövning enligt 13 kap. kommunallagen)"
    text = " ".join(["Överklagandet"] * 120)
    for lines in range(30, 38):  # 37 fill the first page
        doc = Document("Beslut", "Kommunen", "Förvaltningen", [("Diarienummer", "X-1")], [], "")
        doc.sections = [
            Section("Skäl", [f"Rad {n}" for n in range(lines)]),
            Section(heading, [text]),
        ]
        pages = _pages(render_pdf(doc))
        page = next(p for p in pages if "kommunallagen)" in p)
        start = page.index("kommunallagen)") - 1
        assert page[start].startswith("Hur man överklagar"), page
        assert [line.split()[0] for line in page[start + 2 : start + 4]] == ["Överklagandet"] * 2


def test_a_short_section_moves_whole_with_its_heading():
    """Wherever the page ends, a heading with three lines of text is on the page of all three,
    not with two and the third alone overleaf."""
    for lines in range(30, 38):  # 37 fill the first page
        doc = Document("Beslut", "Kommunen", "Förvaltningen", [("Diarienummer", "X-1")], [], "")
        filler = [f"Rad {n}" for n in range(lines)]
        doc.sections = [Section("Skäl", filler), Section("Kort", ["Ett", "Två", "Tre"])]
        page = next(p for p in _pages(render_pdf(doc)) if "Kort" in p)
        assert page[page.index("Kort") :][:4] == ["Kort", "Ett", "Två", "Tre"]


def test_recorded_text_with_fpdf2s_page_count_alias_is_printed_as_it_is():
    """fpdf2 replaces "{nb}" by the number of pages; the page count has its own alias, so
    recorded text saying "{nb}" keeps it."""
    doc = Document("Beslut", "Kommunen", "Förvaltningen", [("Diarienummer", "X-1")], [], "")
    doc.sections = [Section("Skäl", ["Se {nb} och {nb}."])]
    assert "Se {nb} och {nb}." in pdf_text(render_pdf(doc))
