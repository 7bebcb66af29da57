"""The PDFs' fonts, read once per process (ADR 0009: DejaVu Sans, embedded as a subset).

fpdf2's ``add_font`` parses the whole font file for every document (its cmap, the width of
each of its ~6 000 glyphs): about a third of a decision PDF's time. What it reads from the file
does not change, so each style is parsed once and every document gets its own copy of the
parsed font, with what a document changes of it new: the subset of the glyphs it uses, the
glyphs it lacks, and the font file itself, which fpdf2 cuts down to that subset in place when
it writes the PDF (``fpdf.output``), so each document opens it afresh (lazily, from the bytes
kept in memory). Relies on fpdf2's ``TTFFont`` (2.8); ``tests/web/test_pdf_fonts.py`` checks
that each document still embeds exactly its own glyphs."""

from __future__ import annotations

import copy
import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


# The tables fpdf2 drops from every subset it embeds (``fpdf.output``, "options.drop_tables"):
# the layout tables (GSUB, GPOS, GDEF) alone take a third of its subsetting, which reads them
# before it drops them. The kept font file goes without them from the start.
DROPPED_TABLES = (
    "FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT", "CBLC", "EBDT",
    "EBLC", "EBSC", "SVG ", "CPAL", "COLR",
)  # fmt: skip


@cache
def _font_file(filename: str) -> bytes:
    """The font file as each document subsets it: without the tables no subset keeps."""
    from fontTools import ttLib

    font = ttLib.TTFont(FONT_DIR / filename, recalcTimestamp=False)
    for tag in DROPPED_TABLES:
        if tag in font:
            del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def _parsed(style: str) -> TTFFont:
    """The style's font as fpdf2 parses it, once; never used in a document itself."""
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    pdf = FPDF()
    pdf.add_font(FONT, style, FONT_DIR / FONT_FILES[style])
    font = pdf.fonts[f"{FONT.lower()}{style}"]
    assert isinstance(font, TTFFont)
    return font


def add_fonts(pdf: FPDF) -> None:
    """The fonts (each style of ``FONT_FILES``) added to ``pdf``, as ``pdf.add_font`` would."""
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap

    for style, filename in FONT_FILES.items():
        font = copy.copy(_parsed(style))
        font.i = len(pdf.fonts) + 1
        font.ttfont = ttLib.TTFont(
            io.BytesIO(_font_file(filename)), recalcTimestamp=False, lazy=True
        )
        font.subset = SubsetMap(font)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        pdf.fonts[font.fontkey] = font
