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
from collections.abc import Iterator
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


def _fold(text: str) -> str:
    """``text.translate(_FOLD_TABLE)``, but faster: one ``str.replace`` per distinct
    character that folds (a text has few), instead of a table lookup per character."""
    for char in set(text):
        folded = _FOLD_TABLE.get(ord(char))
        if folded is not None:
            text = text.replace(char, folded)
    return text


# --- markup removal (may change length: recorded as edits) ---------------------------------

_BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "li",
        "ul",
        "ol",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
    ]
)

_EDIT_RE = re.compile(
    r"(?P<crlf>\r(?=\n))"
    r"|(?P<tag><!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,300})?/?>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,9});)"
    r"|(?P<hyphen>(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_]))"
    r"|(?P<link>\]\([^()\s]{0,300}\))"
    r"|(?P<latex>\\[A-Za-z]+\*?(?:\[[^\]\n]{0,60}\])?)"
    r"|(?P<mark>[*_#`~{}|]+|(?<![^\n])>+|\\(?=[\\`*_{}\[\]()#+.!-]))"
    r"|(?P<invisible>[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0300-\u036f]+)"
    r"|(?P<ligature>[\ufb00-\ufb06])",
    re.DOTALL,
)
# Every edit starts with one of these characters: scanning for them first is much faster
# than trying the whole alternation at every position.
_EDIT_START = re.compile(
    "[\r<&\\-\\]\\\\*_#`~{}|>\u00ad\u200b\u200c\u200d\u2060\ufeff\u0300-\u036f\ufb00-\ufb06]"
)


def _tag_replacement(text: str, start: int, end: int) -> str:
    name = re.match(r"</?\s*([A-Za-z0-9]+)", text[start:end])
    if name and name.group(1).lower() in _BLOCK_TAGS:
        return "\n"
    return _gap_replacement(text, start, end)


def _gap_replacement(text: str, start: int, end: int) -> str:
    """Nothing inside a word or next to white space; otherwise a space between words."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() or after.isspace() or (before.isalnum() and after.isalnum()):
        return ""
    return " "


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    value = match.group()
    if kind == "tag":
        return _tag_replacement(match.string, match.start(), match.end())
    if kind == "entity":
        return html.unescape(value)
    if kind == "ligature":
        return unicodedata.normalize("NFKD", value)
    if kind == "mark":
        return _gap_replacement(match.string, match.start(), match.end())
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


def _edits(text: str) -> Iterator[re.Match[str]]:
    end = 0
    for start in _EDIT_START.finditer(text):
        if start.start() < end:
            continue
        match = _EDIT_RE.match(text, start.start())
        if match is not None:
            end = match.end()
            yield match


class _Builder:
    """Collects the segments of the normalised text and their original positions."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.norm_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.orig_ends: list[int] = []
        self.copied: list[bool] = []
        self.norm_pos = 0

    def add(self, piece: str, orig_start: int, orig_end: int, is_copy: bool) -> None:
        self.norm_starts.append(self.norm_pos)
        self.orig_starts.append(orig_start)
        self.orig_ends.append(orig_end)
        self.copied.append(is_copy)
        self.pieces.append(piece)
        self.norm_pos += len(piece)

    def offsets(self) -> OffsetMap:
        return OffsetMap(
            tuple(self.norm_starts),
            tuple(self.orig_starts),
            tuple(self.orig_ends),
            tuple(self.copied),
        )


def _strip_markup(text: str) -> tuple[str, OffsetMap]:
    built = _Builder()
    orig_pos = 0
    for match in _edits(text):
        replacement = _replacement(match)
        if replacement == match.group():
            continue
        if match.start() > orig_pos:
            built.add(text[orig_pos : match.start()], orig_pos, match.start(), True)
        built.add(replacement, match.start(), match.end(), False)
        orig_pos = match.end()
    if not built.pieces:
        return text, _IDENTITY
    if orig_pos < len(text):
        built.add(text[orig_pos:], orig_pos, len(text), True)
    return "".join(built.pieces), built.offsets()


# --- sentences -----------------------------------------------------------------------------

# A line break is a continuation of the sentence (it becomes a space) when the previous
# line does not end a sentence and the next line starts with a lower-case letter, a comma
# or a parenthesis; or when the previous line is long (wrapped prose, 50+ characters) and
# the next line starts with a capitalised word (a name).
_NEWLINE_RE = re.compile(r"\n(?=[ \t]*[A-Za-z,(])")
_SENTENCE_END = frozenset(".:;!?")
LONG_LINE = 50


def _join_wrapped_lines(text: str) -> str:
    pieces: list[str] = []
    last = 0
    for match in _NEWLINE_RE.finditer(text):
        pos = match.start()
        if _continues(text, pos):
            pieces.append(text[last:pos])
            pieces.append(" ")
            last = pos + 1
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _continues(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    line = text[line_start:pos].rstrip()
    if not line or line[-1] in _SENTENCE_END or line[-1].isspace():
        return False
    following = text[pos + 1 : pos + 40].lstrip(" \t")[:2]
    if following[:1].islower() or following[:1] in ",(":
        return True
    return (
        len(line) >= LONG_LINE
        and (line[-1].isalpha() or line[-1] == ",")
        and (following[1:2].islower())
    )


_ABBREVIATIONS = frozenset(
    [
        "t.ex",
        "m.m",
        "bl.a",
        "fr.o.m",
        "t.o.m",
        "s.k",
        "d.v.s",
        "o.s.v",
        "p.g.a",
        "m.fl",
        "f.d",
        "resp",
        "kap",
        "st",
        "nr",
        "ca",
        "jfr",
        "ev",
        "inkl",
        "exkl",
        "org",
        "ang",
        "mom",
        "dvs",
        "osv",
        "pga",
        "e.d",
        "u.a",
    ]
)
_BOUNDARY_RE = re.compile(r"[\n.!?](?:(?<=\n)|(?=[ \t]+[A-Z0-9§\"'(\-]))")
_EMPHASIS = frozenset("*_`~")
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
        if text[pos] == "\n":
            _add_span(text, start, pos, spans)
            start = pos + 1
        elif _boundary_ok(text, pos + 1):
            _add_span(text, start, pos + 1, spans)
            start = pos + 1
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
        if orig_end > orig_start:  # keep emphasis marks balanced: "**Föreningen** ..."
            while orig_start > 0 and self.original[orig_start - 1] in _EMPHASIS:
                orig_start -= 1
            while orig_end < len(self.original) and self.original[orig_end] in _EMPHASIS:
                orig_end += 1
        return orig_start, orig_end


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def normalize(original: str) -> Normalized:
    """Normalise ``original`` for matching (see the module docstring)."""
    stripped, offsets = _strip_markup(original)
    folded = _fold(stripped)
    if len(folded) != len(stripped):  # pragma: no cover - table maps to single characters
        raise AssertionError("fold table must preserve length")
    joined = _join_wrapped_lines(folded)
    spans = _sentence_spans(joined)
    return Normalized(
        original=original,
        text=_lower(joined),
        offsets=offsets,
        sentences=tuple(spans),
        sentence_starts=tuple(start for start, _ in spans),
    )
