"""Telling "män" (men) from the pronoun "man" (one) once diacritics are folded: both read
"man" in the normalised text."""

from __future__ import annotations

import re

from .engine import compile_rx
from .normalize import Normalized

_MAN_CONTEXT = compile_rx(r"(?:endast|enbart|bara|for|av|till|vuxna|unga|aldre|och|eller)\s+$")
_MAN_PAIRED = compile_rx(r"(?:kvinn\w*|flick\w*|tjej\w*)\s+(?:som|eller|och|respektive)\s+$")
_MAN_PAIRED_AFTER = compile_rx(r"\s+(?:som|eller|och|respektive)\s+(?:kvinn|flick|tjej)")
# "en man", "en kristen man", "som är man": the noun.
_MAN_ARTICLE = compile_rx(r"\b(?:en|som\s+ar)\s+(?:\w+\s+)?$")
_MAN_VERB = compile_rx(r"\s+(?:ar|kan|ska|skall|far|har|maste|bor|vill|blir|inte|ej|sjalv)\b")


def is_men(doc: Normalized, match: re.Match[str], sentence_start: int) -> bool:
    """Tell "män" (men) from the pronoun "man" (one), also when diacritics are lost."""
    word = match.group()
    if word.startswith("manlig"):
        return True
    orig = doc.offsets.start(match.start() + 1)
    if doc.original[orig : orig + 1] in ("ä", "Ä"):
        return True
    before = doc.text[max(sentence_start, match.start() - 20) : match.start()]
    if _MAN_PAIRED.search(before) or _MAN_PAIRED_AFTER.match(doc.text, match.end()):
        return True
    if word == "man" and _MAN_ARTICLE.search(before):
        return True
    if any(c in doc.original for c in "åäöÅÄÖ"):
        return False
    after = doc.text[match.end() : match.end() + 10]
    return bool(_MAN_CONTEXT.search(before)) and not _MAN_VERB.match(after)
