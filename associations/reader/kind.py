"""What the document is: statutes, minutes, policy or other.

The decision counts markers (rule ids in RULES.md):

* minutes (``KIND_MINUTES``): past-tense decision formulas of a record ("beslutade att",
  "valdes", "förklarade mötet öppnat", "Närvarande:", "Justeras:"); at least three,
  and at least two of them decision verbs;
* policy (``KIND_POLICY``): "policy", "riktlinjer", "uppförandekod", "handlingsplan",
  at least twice and at least half as often as there are statute topics;
* statutes (``KIND_STATUTES``): at least five distinct statute topics (membership,
  members' meeting, board, amendment of the statutes, dissolution, signatory,
  financial year, audit, voting, purpose, nomination committee, name and seat), or
  three when the text calls itself "stadgar"/"stadga";
* a report (``KIND_REPORT``, kind ``other``): at least five past-tense narrative verbs
  ("genomfördes", "hölls", "deltog"), more than normative verbs ("ska", "får");
* otherwise ``KIND_OTHER``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .engine import Hit, compile_rx, evidence
from .model import MINUTES, OTHER, POLICY, STATUTES, Evidence
from .normalize import Normalized

# Patterns start with a literal (no leading \b or \w*), so the regex engine can scan fast.
_MINUTES_DECISION = compile_rx(
    r"(?:beslutade[s]?|beslot|beslots|valdes|omvaldes|nyvaldes|godkandes|faststalldes"
    r"|konstaterade[s]?|forklarade|forklarades|lades\s+till\s+handlingarna|beviljades"
    r"|utsags|utsagos|justerades|antogs\s+(?:enhalligt|med)|bifolls|avslogs)\b"
)
_MINUTES_FORM = compile_rx(
    r"(?:protokoll\s+(?:fort|fort\s+vid|fran)|narvarande\s*:|justeras\s*:|justerare\s*:"
    r"|vid\s+protokollet|motesprotokoll|arsmotesprotokoll|styrelseprotokoll\s+(?:fort|fran)"
    r"|minnesanteckningar|motet\s+oppnades|motet\s+avslutades)"
)
_POLICY = compile_rx(
    r"(?:polic(?:y|yn|ys|ies|ydokument\w*)|riktlinje\w*|uppforandekod\w*|handlingsplan\w*"
    r"|code\s+of\s+conduct)\b"
)
# Substrings that every match of the pattern above them contains.
_MINUTES_STEMS = (  # decisions; minutes need at least two
    "beslutade",
    "beslot",
    "valdes",
    "godkandes",
    "faststalldes",
    "konstaterade",
    "forklarade",
    "handlingarna",
    "beviljades",
    "utsag",
    "justerades",
    "antogs",
    "bifolls",
    "avslogs",
)
_POLICY_STEMS = ("polic", "riktlinje", "uppforandekod", "handlingsplan", "conduct")
_NARRATIVE_STEMS = (
    "genomfordes",
    "holls",
    "deltog",
    "arrangerades",
    "anordnades",
    "besoktes",
    "haft",
    "hade",
    "aret",
)
_SELF_REFERENCE = compile_rx(r"(?:stadg(?:ar|arna|a|an|ade|e)|stadgeandring\w*)\b")
_NORMATIVE = compile_rx(r"(?:ska|skall|maste|far|kan|bor|aligger|kravs|halls|valjs|utses)\b")
_NARRATIVE = compile_rx(
    r"(?:genomfordes|holls|deltog|arrangerades|anordnades|besoktes|har\s+haft|hade"
    r"|under\s+(?:aret|verksamhetsaret)\s+(?:har|hade))\b"
)
_TOPICS: tuple[re.Pattern[str], ...] = tuple(
    compile_rx(pattern)
    for pattern in (
        r"medlem",
        r"arsmote|stamma|stamman|kongress|fullmaktige|medlemsmote|foreningsmote",
        r"styrelse",
        r"stadgeandring|andring\w*\s+(?:av|i)\s+(?:dessa\s+|foreningens\s+)?stadg",
        r"upplos",
        r"firma",
        r"verksamhetsar|rakenskapsar",
        r"revisor|revision",
        r"rost|omrostning|beslutsmassig|beslutsfor",
        r"andamal|syfte",
        r"valberedning",
        r"foreningens\s+(?:namn|sate)|sate\b",
    )
)


@dataclass(frozen=True, slots=True)
class KindResult:
    kind: str
    rule: str
    evidence: tuple[Evidence, ...]


def _mentions(text: str, stems: tuple[str, ...]) -> bool:
    """A fast pre-check (plain substring search) before a slower regular expression."""
    return any(stem in text for stem in stems)


def classify(doc: Normalized) -> KindResult:
    text = doc.text
    decisions = _all(_MINUTES_DECISION, text) if _mentions(text, _MINUTES_STEMS) else []
    forms = _all(_MINUTES_FORM, text) if len(decisions) >= 2 else []
    if len(decisions) + len(forms) >= 3 and len(decisions) >= 2:
        return _result(doc, MINUTES, "KIND_MINUTES", forms + decisions)
    topics = [m for p in _TOPICS if (m := p.search(text)) is not None]
    policy = _all(_POLICY, text) if _mentions(text, _POLICY_STEMS) else []
    if len(policy) >= 2 and 2 * len(policy) >= len(topics):
        return _result(doc, POLICY, "KIND_POLICY", policy)
    named = _SELF_REFERENCE.search(text)
    narrative = len(_NARRATIVE.findall(text)) if _mentions(text, _NARRATIVE_STEMS) else 0
    if narrative >= 5 and narrative > len(_NORMATIVE.findall(text)):
        return _result(doc, OTHER, "KIND_REPORT", list(_NARRATIVE.finditer(text)))
    if len(topics) >= 5 or (len(topics) >= 3 and named):
        return _result(doc, STATUTES, "KIND_STATUTES", _statute_markers(named, topics))
    return _result(doc, OTHER, "KIND_OTHER", [])


def _all(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


def _statute_markers(
    named: re.Match[str] | None, topics: list[re.Match[str]]
) -> list[re.Match[str]]:
    return ([named] if named else []) + sorted(topics, key=lambda m: m.start())


def _result(doc: Normalized, kind: str, rule_id: str, found: list[re.Match[str]]) -> KindResult:
    hits = [Hit(rule_id, m.start(), m.end(), doc.sentence_index(m.start())) for m in found]
    return KindResult(kind, rule_id, evidence(doc, hits))
