"""Normalisation for matching, with an offset map back to the original text.

The reader matches its rules against a *normalised* copy of the extracted text:

* markup is removed (Markdown emphasis and heading marks, HTML tags and entities,
  LaTeX commands, soft hyphens, words hyphenated across a line break);
* letters are folded: case-folded and stripped of diacritics, so that ``å``, ``ä``
  and ``ö`` read as ``a``, ``a`` and ``o`` (the same as text whose diacritics were
  lost by OCR);
* a line break inside a sentence (a wrapped line) becomes a space, so that a line
  break left in the normalised text is a sentence boundary.

Every position in the normalised text maps back to the original text, so evidence
is always quoted as a verbatim slice of the original.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# --- character folding (length preserving) -------------------------------------------------

_MANUAL_FOLDS = {
    "ø": "o",
    "Ø": "O",
    "æ": "a",
    "Æ": "A",
    "ß": "s",
    "ı": "i",
    "İ": "I",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2022": "-",
    "\u2023": "-",
    "\u25cf": "-",
    "\u25aa": "-",
    "\u00a7": "§",
    "\r": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\t": " ",
}


def _single_char_fold(char: str) -> str | None:
    if char in _MANUAL_FOLDS:
        return _MANUAL_FOLDS[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) == 1 and base != char:
        return base
    return None


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0x80, 0x250), (0x1E00, 0x1F00), (0x2000, 0x2070)]
    for low, high in ranges:
        for code in range(low, high):
            folded = _single_char_fold(chr(code))
            if folded is not None:
                table[code] = folded
    for char, folded in _MANUAL_FOLDS.items():
        table[ord(char)] = folded
    return table


_FOLD_TABLE = _build_fold_table()

# --- markup removal (may change length: recorded as edits) ---------------------------------

_BLOCK_TAGS = frozenset(
    "p br li ul ol div h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote".split()
)

_EDIT_RE = re.compile(
    r"(?P<crlf>\r(?=\n))"
    r"|(?P<tag><!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,300})?/?>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,9});)"
    r"|(?P<hyphen>(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_]))"
    r"|(?P<link>\]\([^()\s]{0,300}\))"
    r"|(?P<latex>\\[A-Za-z]+\*?(?:\[[^\]\n]{0,60}\])?)"
    r"|(?P<mark>[*_#`~{}|]+|^[ \t]*>+|\\(?=[\\`*_{}\[\]()#+.!-]))"
    r"|(?P<invisible>[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0300-\u036f]+)"
    r"|(?P<ligature>[\ufb00-\ufb06])",
    re.MULTILINE | re.DOTALL,
)


def _tag_replacement(tag: str) -> str:
    name = re.match(r"</?\s*([A-Za-z0-9]+)", tag)
    if name and name.group(1).lower() in _BLOCK_TAGS:
        return "\n"
    return " "


def _mark_replacement(text: str, start: int, end: int) -> str:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() and after.isalnum():
        return ""
    return " "


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    value = match.group()
    if kind == "tag":
        return _tag_replacement(value)
    if kind == "entity":
        return html.unescape(value)
    if kind == "ligature":
        return unicodedata.normalize("NFKD", value)
    if kind == "mark":
        return _mark_replacement(match.string, match.start(), match.end())
    if kind == "latex":
        return " "
    return ""


# --- offset map ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps positions in the normalised text to positions in the original text.

    The normalised text is a sequence of segments: copied runs (same length in both
    texts) and replaced runs (markup removed or rewritten). ``norm_starts`` and
    ``orig_starts`` give the start of each segment; ``copied`` says which kind it is.
    """

    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    orig_ends: tuple[int, ...]
    copied: tuple[bool, ...]

    def start(self, norm_pos: int) -> int:
        """Original position of the character at ``norm_pos``."""
        if not self.norm_starts:
            return norm_pos
        index = max(bisect_right(self.norm_starts, norm_pos) - 1, 0)
        if self.copied[index]:
            return self.orig_starts[index] + norm_pos - self.norm_starts[index]
        return self.orig_starts[index]

    def end(self, norm_end: int) -> int:
        """Original end position (exclusive) of a span ending at ``norm_end``."""
        if not self.norm_starts:
            return norm_end
        index = max(bisect_right(self.norm_starts, norm_end - 1) - 1, 0)
        if self.copied[index]:
            return self.orig_starts[index] + norm_end - self.norm_starts[index]
        return self.orig_ends[index]


_IDENTITY = OffsetMap((), (), (), ())


def _strip_markup(text: str) -> tuple[str, OffsetMap]:
    pieces: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    copied: list[bool] = []
    norm_pos = 0
    orig_pos = 0

    def add(piece: str, orig_start: int, orig_end: int, is_copy: bool) -> None:
        nonlocal norm_pos
        norm_starts.append(norm_pos)
        orig_starts.append(orig_start)
        orig_ends.append(orig_end)
        copied.append(is_copy)
        pieces.append(piece)
        norm_pos += len(piece)

    for match in _EDIT_RE.finditer(text):
        replacement = _replacement(match)
        if replacement == match.group():
            continue
        if match.start() > orig_pos:
            add(text[orig_pos : match.start()], orig_pos, match.start(), True)
        add(replacement, match.start(), match.end(), False)
        orig_pos = match.end()
    if not pieces:
        return text, _IDENTITY
    if orig_pos < len(text):
        add(text[orig_pos:], orig_pos, len(text), True)
    return "".join(pieces), OffsetMap(
        tuple(norm_starts), tuple(orig_starts), tuple(orig_ends), tuple(copied)
    )


# --- sentences -----------------------------------------------------------------------------

# A line break is a continuation of the sentence when the previous line does not end a
# sentence and the next line starts with a lower-case letter or a comma.
_CONTINUATION_RE = re.compile(r"(?<=[^\s.:;!?])([ \t]*)\n(?=[ \t]*[a-z,(])")

_ABBREVIATIONS = frozenset(
    "t.ex m.m bl.a fr.o.m t.o.m s.k d.v.s o.s.v p.g.a m.fl f.d resp kap st nr ca jfr ev "
    "inkl exkl org ang mom dvs osv pga e.d u.a".split()
)
_BOUNDARY_RE = re.compile(r"\n|(?<=[.!?])(?=[ \t]+[A-Z0-9§\"'(\-])")
_TRIM_RE = re.compile(r"[\s\-*+>]*")


def _boundary_ok(text: str, pos: int) -> bool:
    """Reject a full stop that ends a known abbreviation (``t.ex.``, ``kap.``)."""
    if text[pos - 1] != ".":
        return True
    start = pos - 1
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start : pos - 1].lower()
    return word not in _ABBREVIATIONS


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        pos = match.start()
        if text[pos : pos + 1] != "\n" and not _boundary_ok(text, pos):
            continue
        _add_span(text, start, pos, spans)
        start = pos + 1 if text[pos : pos + 1] == "\n" else pos
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    lead = _TRIM_RE.match(text, start, end)
    if lead is not None:
        start = lead.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# --- the normalised document ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Normalized:
    """The original text, its normalised form, the offset map and the sentences."""

    original: str
    text: str
    offsets: OffsetMap
    sentences: tuple[tuple[int, int], ...]
    sentence_starts: tuple[int, ...]

    def sentence_index(self, norm_pos: int) -> int:
        """Index of the sentence that contains (or precedes) ``norm_pos``."""
        return max(bisect_right(self.sentence_starts, norm_pos) - 1, 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) for a normalised span, trimmed of white space."""
        orig_start = self.offsets.start(start)
        orig_end = max(self.offsets.end(end), orig_start)
        while orig_start < orig_end and self.original[orig_start].isspace():
            orig_start += 1
        while orig_end > orig_start and self.original[orig_end - 1].isspace():
            orig_end -= 1
        return orig_start, orig_end


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def normalize(original: str) -> Normalized:
    """Normalise ``original`` for matching (see the module docstring)."""
    stripped, offsets = _strip_markup(original)
    folded = stripped.translate(_FOLD_TABLE)
    if len(folded) != len(stripped):  # pragma: no cover - table maps to single characters
        raise AssertionError("fold table must preserve length")
    joined = _CONTINUATION_RE.sub(r"\1 ", folded)
    spans = _sentence_spans(joined)
    return Normalized(
        original=original,
        text=_lower(joined),
        offsets=offsets,
        sentences=tuple(spans),
        sentence_starts=tuple(start for start, _ in spans),
    )
