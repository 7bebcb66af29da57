"""RF 2 kap. 21 §: a refusal rests on concrete acts or the statutes' text, never on opinions.

The Instrument of Government forbids restricting rights *only* because of political,
religious or other views (RF 2:21 with 2:1); a court annulled a refusal resting on a reading of
a party programme (Jönköping administrative court, 2018; DOMAIN.md). So when a failed
criterion, or a refusal resting on one, is argued in words that speak of political or
religious affiliation or opinions, the officer confirms explicitly that the ground is concrete
acts or the statutes' text and not the affiliation (``confirm_not_opinion``). A revocation of a
grant (FL 37 §) withdraws a right as a refusal does: its kommunicering and the revocation itself
are judged the same way (``revocation_opinion_problem``). Deciding not to revoke
(``drop_revocation``) restricts nothing and is not asked, as an approval is not.

**A safeguard, not a classifier.** The word list below only prompts a person to think again;
it judges nothing and never refuses on its own: with the confirmation the action goes on. It
misses grounds worded otherwise (a party by its name, an ideology described in other words) and
flags innocent ones ("ett parti varor", "församlingen" as a meeting): a missed word is no
approval and a flag no finding. GDPR art. 9: nothing of it is kept. The matched words are not
stored, shown in a list or searchable anywhere; the audit event records only that the
confirmation was given (``OPINION_CONFIRMED``), never why it was asked.

Maintained here, in one place. Terms are lowercase Swedish; ``PARTS`` match anywhere in a word
(compounds such as "partitillhörighet", "kulturpolitiken", "frikyrkoförsamling"), ``PREFIXES``
only at a word's start (short stems that occur inside unrelated words: "ljudet", "förtroende").
``NOT_MEANT`` are words that start with a term and mean something else, ``NOT_MEANT_PARTS``
parts of words that do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from vetting.models import Application, Assessment, DecisionOutcome, Outcome
from vetting.selectors import checklist

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PARTS = (
    "parti",  # partiet, partitillhörighet, riksdagspartiet
    "politisk",
    "politik",
    "åsikt",
    "religi",
    "muslim",
    "islam",
    "kristen",
    "kristna",
    "judisk",
    "moské",
    "moske",
    "kyrk",
    "församling",
    "synagog",
    "samfund",
    "trosuppfattning",
    "ideolog",
    "imam",
    "rabbin",
)
PREFIXES = (
    "jude",
    "judar",
    "judend",
    "troende",
    "hindu",
    "buddh",
    "katolsk",
    "katolik",
    "ortodox",
    "ateis",
    "präst",
    "pastor",
    "nazis",
    "fascis",
    "kommunis",
    "socialis",
    "feminis",
    "anarkis",
)
NOT_MEANT = ("partiell", "partikel", "partitur", "partisk", "opartisk")
# Parts of words that contain a term and mean something else: a politician threatened is a
# person's office, not the association's opinion.
NOT_MEANT_PARTS = ("politiker",)

OPINION_FIELD = "confirm_not_opinion"
# What the audit event of a confirmed assessment, proposal, decision or revocation records.
OPINION_CONFIRMED = "confirmed_not_opinion"

CONFIRM_LABEL = _(
    "Jag bekräftar att grunden är konkreta handlingar eller stadgarnas text, inte åsikter eller "
    "politisk eller religiös tillhörighet (2 kap. 21 § regeringsformen)."
)
GUIDANCE = _(
    "Ett kriterium som inte är uppfyllt, och ett avslag, ska grunda sig på konkreta handlingar "
    "(vad föreningen eller någon som företräder den har gjort) eller på stadgarnas text, aldrig "
    "på åsikter eller politisk eller religiös tillhörighet i sig (2 kap. 1 och 21 §§ "
    "regeringsformen)."
)
PROBLEM = _(
    "Underlaget eller motiveringen talar om åsikter eller politisk eller religiös tillhörighet. "
    "Ett avslag får inte grundas på åsikter eller tillhörighet i sig (2 kap. 21 § "
    "regeringsformen): bekräfta att grunden är konkreta handlingar eller stadgarnas text, eller "
    "skriv om underlaget."
)

_WORD = re.compile(r"\w+")


def _flagged(word: str) -> bool:
    if word.startswith(NOT_MEANT) or any(part in word for part in NOT_MEANT_PARTS):
        return False
    return word.startswith(PREFIXES) or any(part in word for part in PARTS)


def mentions_opinion(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` uses a word of the list (see the module's note on its limits)."""
    return any(_flagged(w) for text in texts for w in _WORD.findall(text.lower()))


def opinion_problem(texts: Iterable[str], confirmed: bool) -> StrOrPromise | None:
    """The ``confirm_not_opinion`` field's problem: texts that mention opinions or affiliation
    without the confirmation; None when confirmed or when nothing is mentioned."""
    if confirmed or not mentions_opinion(texts):
        return None
    return PROBLEM


def confirmed_record(confirmed: bool) -> dict[str, bool]:
    """What the event records: that the confirmation was given, nothing else (GDPR art. 9)."""
    return {OPINION_CONFIRMED: True} if confirmed else {}


def evidence_texts(kind: str, text: str) -> list[str]:
    """The evidence's words to look at: a fact's or a document's description. A statute quote
    is checked against the statutes (``quotes.validate_passages``), so it is the statutes'
    text, which a refusal may rest on."""
    return [] if kind == Assessment.EvidenceKind.STATUTE_QUOTE else [text]


def refusal_texts(app: Application, reasons: str, cited: list[str]) -> list[str]:
    """What a refusal of ``app`` rests on, in words: its reasons and the evidence of the failed
    criteria it cites (none cited: every failed one, as ``require_failed`` takes them)."""
    failed = [r.assessment for r in checklist(app) if r.outcome == Outcome.FAIL and r.assessment]
    chosen = [a for a in failed if a.criterion.code in cited] or failed
    texts = [reasons]
    for assessment in chosen:
        texts.extend(evidence_texts(assessment.evidence_kind, assessment.evidence_text))
    return texts


def revocation_opinion_problem(
    app: Application, reasons: str, cited: list[str], confirmed: bool
) -> StrOrPromise | None:
    """The confirmation's problem for an intended or decided revocation (always adverse): its
    reasons and the evidence of the failed criteria it cites, judged as a refusal's."""
    return opinion_problem(refusal_texts(app, reasons, cited), confirmed)


def refusal_opinion_problem(
    app: Application, outcome: str, reasons: str, cited: list[str], confirmed: bool
) -> StrOrPromise | None:
    """The confirmation's problem for a proposal or decision: a refusal only (an approval rests
    on no failed criterion), judged on ``refusal_texts``."""
    if outcome != DecisionOutcome.REJECTED:
        return None
    return opinion_problem(refusal_texts(app, reasons, cited), confirmed)
