"""What the document is: statutes, minutes, policy or other.

The decision counts markers (rule ids in RULES.md):

* minutes (``KIND_MINUTES``): past-tense decision formulas of a record ("beslutade att",
  "valdes", "förklarade mötet öppnat", "Närvarande:", "Justeras:"); at least three,
  and at least two of them decision verbs;
* policy (``KIND_POLICY``): "policy", "riktlinjer", "uppförandekod", "handlingsplan",
  at least twice and at least half as often as there are statute topics;
* statutes (``KIND_STATUTES``): at least three distinct statute topics (membership,
  members' meeting, board, amendment of the statutes, dissolution, signatory,
  financial year, audit, voting, purpose, nomination committee, name and seat);
* otherwise ``KIND_OTHER``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .engine import Hit, compile_rx, evidence
from .model import MINUTES, OTHER, POLICY, STATUTES, Evidence
from .normalize import Normalized

_MINUTES_DECISION = compile_rx(
    r"\b(?:beslutade[s]?|beslot|beslots|valdes|omvaldes|nyvaldes|godkandes|faststalldes"
    r"|konstaterade[s]?|forklarade|forklarades|lades\s+till\s+handlingarna|beviljades"
    r"|utsags|utsagos|justerades|antogs\s+(?:enhalligt|med)|bifolls|avslogs|biflols)\b"
)
_MINUTES_FORM = compile_rx(
    r"\b(?:protokoll\s+(?:fort|fort\s+vid|fran)|narvarande\s*:|justeras\s*:|justerare\s*:"
    r"|vid\s+protokollet|motesprotokoll|arsmotesprotokoll|styrelseprotokoll\s+(?:fort|fran)"
    r"|minnesanteckningar|motet\s+oppnades|motet\s+avslutades)"
)
_POLICY = compile_rx(
    r"\b(?:polic(?:y|yn|ys|ies|ydokument\w*)|riktlinje\w*|uppforandekod\w*|handlingsplan\w*"
    r"|code\s+of\s+conduct)\b"
)
_TOPICS: tuple[re.Pattern[str], ...] = tuple(
    compile_rx(pattern)
    for pattern in (
        r"\bmedlem\w*",
        r"\b\w*(?:arsmote|stamma|stamman|kongress|fullmaktige|medlemsmote|foreningsmote)\w*",
        r"\bstyrelse\w*",
        r"\bstadgeandring\w*|\bandring\w*\s+(?:av|i)\s+(?:dessa\s+|foreningens\s+)?stadg\w*",
        r"\bupplos\w*",
        r"\bfirma\w*|\bfirmateck\w*",
        r"\b(?:verksamhetsar|rakenskapsar)\w*",
        r"\brevisor\w*|\brevision\w*",
        r"\brost\w*|\bomrostning\w*|\bbeslutsmassig\w*|\bbeslutsfor\w*",
        r"\b(?:andamal|syfte)\w*",
        r"\bvalberedning\w*",
        r"\bforeningens\s+(?:namn|sate)|\bsate\b",
    )
)


@dataclass(frozen=True, slots=True)
class KindResult:
    kind: str
    rule: str
    evidence: tuple[Evidence, ...]


def classify(doc: Normalized) -> KindResult:
    text = doc.text
    decisions = _all(_MINUTES_DECISION, text)
    forms = _all(_MINUTES_FORM, text)
    if len(decisions) + len(forms) >= 3 and len(decisions) >= 2:
        return _result(doc, MINUTES, "KIND_MINUTES", forms + decisions)
    topics = [m for p in _TOPICS if (m := p.search(text)) is not None]
    policy = _all(_POLICY, text)
    if len(policy) >= 2 and 2 * len(policy) >= len(topics):
        return _result(doc, POLICY, "KIND_POLICY", policy)
    if len(topics) >= 3:
        return _result(doc, STATUTES, "KIND_STATUTES", _statute_markers(text, topics))
    return _result(doc, OTHER, "KIND_OTHER", [])


def _all(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


def _statute_markers(text: str, topics: list[re.Match[str]]) -> list[re.Match[str]]:
    named = re.search(r"\bstadg(?:ar|arna|a|an)\b", text)
    return ([named] if named else []) + sorted(topics, key=lambda m: m.start())


def _result(doc: Normalized, kind: str, rule_id: str, found: list[re.Match[str]]) -> KindResult:
    hits = [Hit(rule_id, m.start(), m.end(), doc.sentence_index(m.start())) for m in found]
    return KindResult(kind, rule_id, evidence(doc, hits))
