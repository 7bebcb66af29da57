"""Quotes of the statutes as evidence: what an officer types is found in the statutes, whitespace
aside, and recorded as the statutes' own text of the span (so it is verbatim by construction)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.errors import InvalidInput
from vetting.models import Assessment

if TYPE_CHECKING:
    from vetting.services.assessments import AssessmentInput

# A quote of several passages may separate them by "[…]" or "[...]", on its own line or inline.
PASSAGE_SEPARATOR = re.compile(r"\s*\[(?:…|\.\.\.)\]\s*")

QUOTE_HINT = _(
    "Blanksteg och radbrytningar spelar ingen roll, men varje ord och skiljetecken ska vara som "
    "i stadgarna. Skilj flera avsnitt åt med […] på en egen rad."
)


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    """The quote with any run of whitespace matching any run of whitespace (a line break, several
    spaces, a non-breaking space); None for a quote of nothing (or of blanks)."""
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def _locate(statutes_text: str, quote: str) -> tuple[int, int] | None:
    """Where the statutes hold the quote, whitespace aside: the first such span, or None."""
    pattern = _quote_pattern(quote)
    found = pattern.search(statutes_text) if pattern else None
    return found.span() if found else None


def _not_found(message: str | Promise) -> InvalidInput:
    return InvalidInput({"evidence_text": format_lazy("{} {}", message, QUOTE_HINT)})


def validate_quote(data: AssessmentInput, statutes_text: str | None) -> None:
    """A quote of the statutes, whitespace aside (any run of it matches any run): recorded as the
    statutes' own text of the span it matches, so what is stored is verbatim by construction.
    A given evidence_start/evidence_end must locate the match."""
    if statutes_text is None:
        raise InvalidInput({"evidence_kind": _("Föreningen har inga stadgar registrerade.")})
    pattern = _quote_pattern(data.evidence_text)
    blank = InvalidInput({"evidence_text": _("Skriv in citatet ur stadgarna.")})
    start, end = data.evidence_start, data.evidence_end
    if start is None or end is None:
        if pattern is None:  # a quote of nothing (or of blanks) is no evidence
            raise blank
        found = pattern.search(statutes_text)
        if found is None:
            raise _not_found(_("Citatet finns inte ordagrant i stadgarna."))
        start, end = found.span()
    elif not 0 <= start < end <= len(statutes_text):
        raise InvalidInput(
            {
                "evidence_start": format_lazy(
                    _("Citatets position ska vara 0 ≤ start < slut ≤ {length} (stadgarnas längd)."),
                    length=len(statutes_text),
                )
            }
        )
    elif pattern is None:
        raise blank
    else:  # the span holds the quote, give or take whitespace at its ends; recorded without it
        located = re.fullmatch(rf"\s*({pattern.pattern})\s*", statutes_text[start:end])
        if located is None:
            raise _not_found(
                format_lazy(
                    _("Citatet stämmer inte med stadgarnas text på position {start}–{end}."),
                    start=start,
                    end=end,
                )
            )
        start, end = start + located.start(1), start + located.end(1)
    data.evidence_start, data.evidence_end = start, end
    data.evidence_text = statutes_text[start:end]


def validate_passages(data: AssessmentInput, statutes_text: str | None) -> None:
    """A quote of several passages, separated by "[…]" or "[...]" (on its own line or inline):
    the first is checked as a quote and gives the span, and every other must be in the statutes
    too (whitespace aside). Recorded as the statutes' own text of each passage, joined by
    Assessment.PASSAGE_BREAK (as an accepted reader proposal records them). A text the statutes
    hold whole is one quote."""
    first, *more = PASSAGE_SEPARATOR.split(data.evidence_text.strip())
    if not more or statutes_text is None or _locate(statutes_text, data.evidence_text):
        validate_quote(data, statutes_text)
        return
    whole, data.evidence_text = data.evidence_text, first
    try:
        validate_quote(data, statutes_text)
    except InvalidInput:
        data.evidence_text = whole
        raise
    passages = [data.evidence_text]
    for passage in more:
        span = _locate(statutes_text, passage)
        if span is None:
            data.evidence_text = whole
            raise _not_found(_("Varje citerat avsnitt ska finnas ordagrant i stadgarna."))
        passages.append(statutes_text[span[0] : span[1]])
    data.evidence_text = Assessment.PASSAGE_BREAK.join(passages)
