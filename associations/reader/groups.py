"""Step 2 of reading membership (``membership.py``): the *group terms* in a membership-condition
sentence (students, residents, women, citizens, believers, ...), each with the protected ground
it limits membership by, if any, and the conditions that are no group (an extra requirement, a
minimum age, membership of another organisation).

A term is ignored when it is negated or generalised ("oavsett kön", "inte", "främst", "även"),
when it is the object of support ("stödja kvinnor ..."), when it is part of the association's
own name, and when both sexes are named ("kvinnor och män"). ``eligibility.py`` looks up the same
terms in clauses about offices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import lexicon as lx
from .engine import Hit, compile_rx
from .normalize import Normalized
from .sexes import is_men


@dataclass(frozen=True, slots=True)
class GroupTerm:
    """A kind of group; ``protected`` rule id when membership by it is discriminatory."""

    rule_id: str
    protected: str | None
    pattern: re.Pattern[str]


GROUP_TERMS: tuple[GroupTerm, ...] = tuple(
    GroupTerm(rule_id, protected, compile_rx(pattern))
    for rule_id, protected, pattern in (
        ("OM_GROUP_SEX", "DC_SEX", lx.FEMALE),
        ("OM_GROUP_SEX", "DC_SEX", lx.MALE),
        ("OM_GROUP_GENDER_IDENTITY", "DC_GENDER_IDENTITY", lx.GENDER_IDENTITY),
        ("OM_GROUP_ORIGIN", "DC_ORIGIN", lx.ORIGIN),
        ("OM_GROUP_CITIZENSHIP", "DC_CITIZENSHIP", lx.CITIZENSHIP),
        ("OM_GROUP_RELIGION", "DC_RELIGION", lx.RELIGION),
        ("OM_GROUP_ORIENTATION", "DC_ORIENTATION", lx.ORIENTATION),
        ("OM_GROUP_STUDY", None, lx.STUDY),
        ("OM_GROUP_ALUMNI", None, lx.ALUMNI),
        ("OM_GROUP_WORK", None, lx.WORK),
        ("OM_GROUP_PROFESSION", None, lx.PROFESSION),
        ("OM_GROUP_RESIDENCE", None, lx.RESIDENCE),
        ("OM_GROUP_AGE", None, lx.AGE_BAND),
        ("OM_GROUP_FAMILY", None, lx.FAMILY),
        ("OM_GROUP_BELONGING", None, lx.BELONGING),
        ("OM_GROUP_AGE", None, lx.AGE_MIN),
    )
)
SENIOR_AGE = 50  # a minimum age from this on limits membership to a group (seniors)
_AGE_RULES = frozenset({"OM_GROUP_AGE", "OM_MIN_AGE"})
_GUARDIAN = compile_rx(r"vardnadshavar|malsman|foraldra|foralders|formyndare")

CONDITION_TERMS: tuple[GroupTerm, ...] = (
    GroupTerm("OM_EXTRA_REQUIREMENT", None, compile_rx(lx.EXTRA)),
    GroupTerm("OM_MIN_AGE", None, compile_rx(lx.AGE_MIN)),
    GroupTerm("OM_OTHER_MEMBERSHIP", None, compile_rx(lx.OTHER_MEMBERSHIP)),
)

# A term is not a restriction when a list negation governs it ("oavsett kön, ursprung").
_LIST_NEUTRAL = compile_rx(
    r"\b(?:oavsett|oberoende\s+av|utan\s+hansyn\s+till|utan\s+ataskillnad|pa\s+grund\s+av|pga"
    r"|p\.\s?g\.\s?a|oaktat|utan\s+att\s+gora\s+skillnad|ingen\s+skillnad|diskrimin\w*"
    r"|alla\s+kon)\b"
)
LIST_REACH = 240
_CLAUSE_BREAK = compile_rx(
    r"[;:]|\b(?:som|samt|men|dock|ar|har|ska|skall|maste|bor|vill|kan|far|forutsatt|villkor)\b"
)
# ... or when one of the four words before it (in its clause, below) negates, generalises or
# makes it an object.
_NEAR_NEUTRAL = frozenset(
    [
        "inte",
        "ej",
        "icke",
        "ingen",
        "inga",
        "aldrig",
        "framst",
        "huvudsakligen",
        "foretradesvis",
        "synnerhet",
        "sarskilt",
        "exempelvis",
        "annat",
        "allt",
        "aven",
        "forsta",
        "stodja",
        "stoder",
        "stod",
        "verka",
        "hjalpa",
        "bista",
        "framja",
        "varna",
        "forsvara",
        "solidaritet",
        "behover",
        "intresserad",
        "intresserade",
        "intresse",
        "kunskap",
    ]
)
# ... but only in the term's own clause: not across a semicolon or a comma with a conjunction
# ("Föreningen stöder ändamålet, och en man eller kvinna kan väljas": "stöder" is not about "man").
NEAR_WORDS = 4
NEAR_REACH = 48
_NEAR_CLAUSE_BREAK = compile_rx(r";|,\s*(?:och|samt|men|medan|dock|utan)\b")
# "religiöst och partipolitiskt obunden" is independence, not a condition.
_AFTER_NEUTRAL = compile_rx(r"\w+(?:\s+och\s+\w+)?\s+(?:obunden|obundet|oberoende|neutral\w*)\b")
_OWN_NAME = compile_rx(
    r"\bmedlem\w*\s+i\s+(.{1,60}?)(?=\s+(?:kan|ar|blir|far|ska|skall|i\s+fortsattningen)\b|,)"
)


@dataclass(frozen=True, slots=True)
class GroupHit:
    term: GroupTerm
    hit: Hit


def terms_in(doc: Normalized, index: int, terms: Sequence[GroupTerm]) -> list[GroupHit]:
    start, end = doc.sentences[index]
    own = _OWN_NAME.match(doc.text, start, min(end, start + 80))
    skip = own.span(1) if own else (start, start)
    found: list[GroupHit] = []
    for term in terms:
        for match in term.pattern.finditer(doc.text, start, end):
            if skip[0] <= match.start() < skip[1] or _neutralised(doc.text, start, match.start()):
                continue
            if (
                term.rule_id == "OM_GROUP_SEX"
                and match.group().startswith("man")
                and (not is_men(doc, match, start))
            ):
                continue
            if term.rule_id in _AGE_RULES and not _age_applies(doc.text, start, end, match, term):
                continue
            found.append(GroupHit(term, Hit(term.rule_id, match.start(), match.end(), index)))
    return _drop_both_sexes(found)


def _age_applies(text: str, start: int, end: int, match: re.Match[str], term: GroupTerm) -> bool:
    """An age limit with a guardian's consent ("under 18 år ... vårdnadshavares
    godkännande") is neither a group nor a condition. A minimum age of 50 or more is a
    senior group; a lower one is a condition."""
    if _GUARDIAN.search(text, start, end):
        return False
    if term.pattern.pattern != lx.AGE_MIN:
        return True
    digits = re.search(r"\d+", match.group())
    senior = digits is not None and int(digits.group()) >= SENIOR_AGE
    return senior == (term.rule_id == "OM_GROUP_AGE")


def _neutralised(text: str, sentence_start: int, pos: int) -> bool:
    if _AFTER_NEUTRAL.match(text, pos):
        return True
    if _in_neutral_list(text, sentence_start, pos):
        return True
    return any(word in _NEAR_NEUTRAL for word in _near_words(text, sentence_start, pos))


def _near_words(text: str, sentence_start: int, pos: int) -> list[str]:
    """The (at most four) words before ``pos`` in its clause of the sentence."""
    low = max(sentence_start, pos - NEAR_REACH)
    for brk in _NEAR_CLAUSE_BREAK.finditer(text, low, pos):
        low = brk.end()
    return re.findall(r"\w+", text[low:pos])[-NEAR_WORDS:]


def _in_neutral_list(text: str, sentence_start: int, pos: int) -> bool:
    """Is ``pos`` inside a list governed by "oavsett" (or similar), with no new clause
    between ("oavsett kön, religion eller annan trosuppfattning, sexuell läggning ...")?"""
    window_start = max(sentence_start, pos - LIST_REACH)
    triggers = list(_LIST_NEUTRAL.finditer(text, window_start, pos))
    return bool(triggers) and _CLAUSE_BREAK.search(text, triggers[-1].end(), pos) is None


def _drop_both_sexes(found: list[GroupHit]) -> list[GroupHit]:
    """ "kvinnor och män" in one sentence is no restriction by sex."""
    sexes = {h.term.pattern.pattern for h in found if h.term.rule_id == "OM_GROUP_SEX"}
    if len(sexes) < 2:
        return found
    return [h for h in found if h.term.rule_id != "OM_GROUP_SEX"]
