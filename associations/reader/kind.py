"""What the document is: statutes, minutes, policy or other.

The decision counts markers (rule ids in RULES.md):

* minutes (``KIND_MINUTES``): past-tense decision formulas of a record ("beslutade att",
  "valdes", "förklarade mötet öppnat", "Närvarande:", "Justeras:"); at least three,
  and at least two of them decision verbs;
* a plan or policy by its title (``KIND_PLAN``, kind ``other``, for an activity plan such as
  "Verksamhetsplan 2025"; ``KIND_POLICY`` for "Likabehandlingsplan", "Policy mot …");
* policy (``KIND_POLICY``): "policy", "riktlinjer", "uppförandekod", "handlingsplan" and
  plan words ("…plan" other than an activity plan, "planen"), at least twice and at least
  half as often as there are statute topics;
* statutes (``KIND_STATUTES``): at least five distinct statute topics (membership,
  members' meeting, board, amendment of the statutes, dissolution, signatory,
  financial year, audit, voting, purpose, nomination committee, name and seat), or
  three when the text calls itself "stadgar"/"stadga", and statute structure (it calls
  itself "stadgar" or has numbered paragraphs); topics without structure are
  ``KIND_NO_STRUCTURE`` (kind ``other``);
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
# Plans: a compound "…plan(en/er)" or "planen". An activity plan (verksamhetsplan, budget) is
# neither statutes nor a policy (KIND_PLAN); other plans (likabehandlingsplan,
# jämställdhetsplan, handlingsplan) are policies.
_PLAN = compile_rx(r"plan(?:en|er|erna)?\b")
_PLAN_WORD = compile_rx(r"(?:\w+plan(?:en|er|erna)?|planen)$")
_ACTIVITY_PLAN = compile_rx(
    r"(?:verksamhets|aktivitets|projekt|arbets|tids|budget|ekonomi|tavlings"
    r"|tranings|kommunikations|marknadsforings|underhalls)plan"
)
_TITLE_NOT_STATUTES = compile_rx(r"(?:stadg|protokoll)")
# Statute structure: numbered paragraphs ("§ 3", "3 §", "3.", "3.1") or the word "stadgar".
_SECTION = compile_rx(r"(?:§\s*\d|\d\s*§|(?m:^)[^\w\n]{0,6}\d{1,2}(?:\.\d{1,2})*[.)]?\s+[a-z])")
MIN_SECTIONS = 3
_SELF_DETERMINER = compile_rx(r"\b(?:denna|detta|dessa|var|vara)\s+$")
# Addresses and file paths are never prose: markers inside them count for nothing.
_URL = compile_rx(r"(?:https?://|www\.)\S+|[^\s/]*/[^\s/]*/\S*")
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
    topics = [m for p in _TOPICS if (m := _first_outside_url(p, text)) is not None]
    policy = _all(_POLICY, text) if _mentions(text, _POLICY_STEMS) else []
    policy = [m for m in policy if not _in_url(text, m.start())]
    plans, activity = _plans(text)
    titled = _titled(doc, policy + plans + activity)
    if titled is not None:
        return titled
    if len(policy + plans) >= 2 and 2 * len(policy + plans) >= len(topics):
        return _result(doc, POLICY, "KIND_POLICY", _direct_first(text, policy + plans))
    named = _first_outside_url(_SELF_REFERENCE, text)
    narrative = len(_NARRATIVE.findall(text)) if _mentions(text, _NARRATIVE_STEMS) else 0
    if narrative >= 5 and narrative > len(_NORMATIVE.findall(text)):
        return _result(doc, OTHER, "KIND_REPORT", list(_NARRATIVE.finditer(text)))
    if len(topics) >= 5 or (len(topics) >= 3 and named):
        if named or len(_all(_SECTION, text)) >= MIN_SECTIONS:
            return _result(doc, STATUTES, "KIND_STATUTES", _statute_markers(named, topics))
        return _result(doc, OTHER, "KIND_NO_STRUCTURE", [])
    return _result(doc, OTHER, "KIND_OTHER", [])


def _plans(text: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """Plan words outside URLs: (other plans, activity plans)."""
    plans: list[re.Match[str]] = []
    activity: list[re.Match[str]] = []
    if "plan" not in text:
        return plans, activity
    for match in _PLAN.finditer(text):
        word = _PLAN_WORD.search(text, max(0, match.start() - 40), match.end())
        if word is None or "handlingsplan" in word.group() or _in_url(text, match.start()):
            continue  # "handlingsplan" is counted as a policy word
        (activity if _ACTIVITY_PLAN.match(word.group()) else plans).append(word)
    return plans, activity


def _titled(doc: Normalized, markers: list[re.Match[str]]) -> KindResult | None:
    """A document whose title (first sentence) names a plan or a policy, and not statutes or
    minutes, is that plan or policy: "Verksamhetsplan 2025", "Likabehandlingsplan för …"."""
    if not doc.sentences:
        return None
    start, end = doc.sentences[0]
    in_title = [m for m in markers if start <= m.start() < end]
    if not in_title or _TITLE_NOT_STATUTES.search(doc.text, start, end):
        return None
    if all(_ACTIVITY_PLAN.match(m.group()) for m in in_title):
        return _result(doc, OTHER, "KIND_PLAN", in_title)
    return _result(doc, POLICY, "KIND_POLICY", in_title + [m for m in markers if m.start() >= end])


def _first_outside_url(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(text) if not _in_url(text, m.start())), None)


def _direct_first(text: str, markers: list[re.Match[str]]) -> list[re.Match[str]]:
    """Markers by which the document names itself ("denna policy", "policyn", "planen")
    first, as the evidence that most directly shows what it is; then the others."""
    return sorted(markers, key=lambda m: (not _names_itself(text, m), m.start()))


def _names_itself(text: str, marker: re.Match[str]) -> bool:
    word = marker.group()
    return word.endswith(("yn", "nen", "na", "koden")) or bool(
        _SELF_DETERMINER.search(text, max(0, marker.start() - 12), marker.start())
    )


def _in_url(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return any(u.start() <= pos < u.end() for u in _URL.finditer(text, line_start, pos + 1))


def _all(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


def _statute_markers(
    named: re.Match[str] | None, topics: list[re.Match[str]]
) -> list[re.Match[str]]:
    return ([named] if named else []) + sorted(topics, key=lambda m: m.start())


def _result(doc: Normalized, kind: str, rule_id: str, found: list[re.Match[str]]) -> KindResult:
    hits = [Hit(rule_id, m.start(), m.end(), doc.sentence_index(m.start())) for m in found]
    return KindResult(kind, rule_id, evidence(doc, hits))
