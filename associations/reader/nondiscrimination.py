"""Non-discrimination clause: explicit (names grounds and forbids exclusion or different
treatment on them), general (a general commitment against discrimination) or absent.

Negation is part of the patterns: a prohibition is a negated exclusion verb
("får inte utestänga", "ingen får nekas", "gör ingen skillnad på") or an
irrespective-of list ("oavsett kön, etnisk tillhörighet ..."), followed by a named
ground. A general clause opposes discrimination without naming grounds ("motverka
all form av diskriminering", "alla människors lika värde").
"""

from __future__ import annotations

from .engine import Hit, Rule, all_hits, candidates, compile_rx, evidence, gated, rule
from .lexicon import GROUND, GROUND_CORE
from .model import Finding
from .normalize import Normalized

ANCHOR = compile_rx(
    r"diskrimin|sarbehandl|oavsett|oberoende\s+av|hansyn|skillnad|fodda\s+fria"
    r"|lika\s+varde|likabehandl|rasis|framlingsfientl|homofob|transfob|sexism"
    r"|intolerans|krankande|trakasser|grund\s+av|pga|p\.\s?g\.\s?a|utifran|basis|baserat"
    r"|beroende\s+pa|for\s+sin|lika\s+ratt|manniskor\s+ar\s+lika|oaktat"
)

_EXCLUDE_VERB = (
    r"(?:utestang\w*|uteslut\w*|nek\w*|vagr\w*|diskriminer\w*|sarbehandl\w*|missgynn\w*"
    r"|avvis\w*|behandl\w*\s+(?:olika|samre|annorlunda)|hindr\w*|stang\w*\s+ute|trakasser\w*)"
)
_BECAUSE = (
    r"(?:pa\s+grund\s+av|pga\.?|p\.\s?g\.\s?a\.?|med\s+hansyn\s+till|pa\s+basis\s+av|utifran"
    r"|baserat?\s+pa|beroende\s+pa|pa\s+grund\s+utav|for\s+sin|for\s+sitt|for\s+sina)"
)
_OPPOSE = (
    r"\b(?:inte|ej|icke|aldrig|ingen|inga|motverk\w*|motarbet\w*|bekamp\w*|avstand|forbjud\w*"
    r"|tolerer\w*|accepter\w*|forebygg\w*|mot|fri(?:tt|a)?\s+fran|nolltolerans|uteslut\w*|varna\w*"
    r"|fordom\w*|forhindra\w*|stoppa\w*|upphora)\b"
)

_COMMITMENT = compile_rx(
    r"\b(?:motverk\w*|bekamp\w*|avstand|nolltolerans|fri(?:tt|a)?\s+fran|(?:arbet|verk)\w*\s+"
    r"(?:aktivt\s+)?(?:mot|for)|accepter\w*\s+(?:inte|ej|aldrig)|tolerer\w*\s+(?:inte|ej|aldrig)"
    r"|lika\s+varde|likabehandling|diskrimineringslag\w*|oavsett|oberoende\s+av)"
)

EXPLICIT_RULES: tuple[Rule, ...] = (
    rule(
        "ND_EXPLICIT_PROHIBITION",
        rf"\b(?:far|ska|skall|kan|maste|ma)\s+(?:\w+\s+){{0,3}}?(?:inte|ej|icke|aldrig)\s+"
        rf"(?:\w+\s+){{0,4}}?{_EXCLUDE_VERB}.{{0,120}}?{_BECAUSE}.{{0,60}}?{GROUND}"
        rf"|\bingen\s+(?:\w+\s+){{0,4}}?(?:far|ska|skall|kan|maste)\s+(?:\w+\s+){{0,4}}?"
        rf"{_EXCLUDE_VERB}.{{0,120}}?{_BECAUSE}.{{0,60}}?{GROUND}",
    ),
    rule(
        "ND_EXPLICIT_NO_DISTINCTION",
        rf"\b(?:gor\w*|gora|ska|skall)\s+(?:\w+\s+){{0,2}}?ingen\s+(?:at)?skillnad\s+(?:pa|mellan"
        rf"|med\s+hansyn\s+till|beroende\s+pa|utifran|i\s+fraga\s+om).{{0,80}}?{GROUND}"
        rf"|\butan\s+(?:at)?skillnad\s+(?:pa\s+grund\s+av\s+|av\s+|till\s+|pa\s+|i\s+)?.{{0,60}}?"
        rf"{GROUND}|\butan\s+att\s+gora\s+skillnad.{{0,80}}?{GROUND}",
    ),
    rule(
        "ND_EXPLICIT_IRRESPECTIVE",
        rf"\b(?:oavsett|oberoende\s+av|utan\s+hansyn\s+till|oaktat)\s+(?:.{{0,60}}?{GROUND_CORE}"
        rf"|.{{0,30}}?{GROUND}.{{0,40}}?{GROUND})",
    ),
    rule(
        "ND_EXPLICIT_AGAINST_GROUNDS",
        rf"\b(?:diskriminer\w*|sarbehandl\w*|utestang\w*|trakasser\w*|krankande\s+behandling)"
        rf".{{0,80}}?{_BECAUSE}.{{0,60}}?{GROUND}",
        also=_OPPOSE,
    ),
)

GENERAL_RULES: tuple[Rule, ...] = (
    rule(
        "ND_GENERAL_AGAINST_DISCRIMINATION",
        r"\b(?:diskrimin\w*|icke-?diskrimin\w*|krankande\s+sarbehandling|sarbehandl\w*|rasis\w*"
        r"|framlingsfientlig\w*|homofob\w*|transfob\w*|sexism\w*|intolerans)",
        also=_OPPOSE,
    ),
    rule("ND_GENERAL_DISCRIMINATION_ACT", r"\bdiskrimineringslag\w*"),
    rule(
        "ND_GENERAL_EQUAL_WORTH",
        r"\b(?:manniskors|manniskans|individers|varje\s+manniskas|allas)\s+lika\s+(?:varde"
        r"|rattigheter|ratt)|\blika\s+varde\b|\blikabehandling\w*|\balla\s+manniskor\s+ar\s+"
        r"(?:lika\s+mycket\s+varda|lika\s+varda|fodda\s+fria\s+och\s+lika)",
    ),
    rule(
        "ND_GENERAL_IRRESPECTIVE",
        r"\b(?:oavsett|oberoende\s+av|utan\s+hansyn\s+till)\s+(?:\w+\s+){0,2}?(?:bakgrund"
        r"|forutsattningar|vem\s+(?:man|du)\s+ar|identitet|livssituation|tillhorighet|villkor)",
    ),
)


EXPLICIT_RULES = gated(
    EXPLICIT_RULES,
    {
        "ND_EXPLICIT_PROHIBITION": "inte|ej|icke|aldrig|ingen",
        "ND_EXPLICIT_NO_DISTINCTION": "skillnad",
        "ND_EXPLICIT_IRRESPECTIVE": "oavsett|oberoende|hansyn|oaktat",
        "ND_EXPLICIT_AGAINST_GROUNDS": "diskrimin|sarbehandl|utestang|trakasser|krankande",
    },
)
GENERAL_RULES = gated(
    GENERAL_RULES,
    {
        "ND_GENERAL_AGAINST_DISCRIMINATION": "diskrimin|sarbehandl|rasis|framlingsfient|homofob"
        "|transfob|sexism|intolerans",
        "ND_GENERAL_EQUAL_WORTH": "lika",
        "ND_GENERAL_IRRESPECTIVE": "oavsett|oberoende|hansyn",
        "ND_GENERAL_DISCRIMINATION_ACT": "diskrimineringslag",
    },
)


def analyse(doc: Normalized) -> tuple[Finding, list[Hit]]:
    """The non-discrimination finding and the explicit hits (used for membership)."""
    sentences = candidates(doc, ANCHOR)
    explicit = all_hits(EXPLICIT_RULES, doc, sentences)
    if explicit:
        return Finding("explicit", explicit[0].rule, evidence(doc, explicit)), explicit
    general = _commitments_first(doc, all_hits(GENERAL_RULES, doc, sentences))
    if general:
        return Finding("general", general[0].rule, evidence(doc, general)), []
    return Finding("absent", "ND_NONE"), []


def _commitments_first(doc: Normalized, hits: list[Hit]) -> list[Hit]:
    """The association's own commitment ("arbetar aktivt för att motverka all form av
    diskriminering") before passages that only mention discrimination in passing ("förslag
    som är diskriminerande kan inte genomföras"), so the first quote is the most direct."""
    return sorted(
        hits, key=lambda hit: _COMMITMENT.search(doc.text, *doc.sentences[hit.sentence]) is None
    )
