"""The statute reader: explainable rules over Swedish association statutes (stadgar).

Public API::

    text = extract_text(data, filename)   # PDF, DOCX, text, Markdown, HTML
    reading = read_statutes(text)         # document kind + six findings with evidence
    reading.to_dict()

Every finding names the rule that decided it (documented in ``RULES.md``) and quotes
its evidence verbatim from ``text`` with character offsets (``text[start:end] ==
quote``). The package is pure Python (plus pypdf and python-docx for extraction) and
does not depend on Django.
"""

from __future__ import annotations

from types import MappingProxyType

from . import eligibility, governance, membership, nondiscrimination
from .extract import UnreadableDocument, extract_text
from .kind import classify
from .model import (
    DISCRIMINATORY_ELIGIBILITY_CONDITION,
    DISCRIMINATORY_MEMBERSHIP_CONDITION,
    DOCUMENT_KINDS,
    FLAGS,
    MEMBERS_MEETING_SUPREME,
    NON_DISCRIMINATION_CLAUSE,
    NOT_APPLICABLE,
    ONE_MEMBER_ONE_VOTE,
    OPEN_MEMBERSHIP,
    QUESTIONS,
    RULES_VERSION,
    STATUTES,
    VALUES,
    Evidence,
    Finding,
    Reading,
)
from .normalize import normalize

__all__ = [
    "DISCRIMINATORY_ELIGIBILITY_CONDITION",
    "DISCRIMINATORY_MEMBERSHIP_CONDITION",
    "DOCUMENT_KINDS",
    "MEMBERS_MEETING_SUPREME",
    "NON_DISCRIMINATION_CLAUSE",
    "ONE_MEMBER_ONE_VOTE",
    "OPEN_MEMBERSHIP",
    "QUESTIONS",
    "RULES_VERSION",
    "VALUES",
    "Evidence",
    "Finding",
    "Reading",
    "UnreadableDocument",
    "extract_text",
    "read_statutes",
]


def read_statutes(text: str) -> Reading:
    """Read ``text`` (extracted statutes) and answer the six questions with evidence.

    A document that is not statutes (minutes, a policy, anything else) gets
    ``not_applicable`` for every question except the discriminatory membership and
    eligibility conditions, which are ``no``; the kind rule and its evidence explain why.
    """
    doc = normalize(text)
    kind = classify(doc)
    if kind.kind != STATUTES:
        return _not_statutes(kind.kind, kind.rule, kind.evidence)
    non_discrimination, explicit_hits = nondiscrimination.analyse(doc)
    open_membership, discriminatory = membership.analyse(doc, explicit_hits)
    findings = {
        OPEN_MEMBERSHIP: open_membership,
        NON_DISCRIMINATION_CLAUSE: non_discrimination,
        DISCRIMINATORY_MEMBERSHIP_CONDITION: discriminatory,
        MEMBERS_MEETING_SUPREME: governance.analyse_supreme(doc),
        ONE_MEMBER_ONE_VOTE: governance.analyse_vote(doc),
        DISCRIMINATORY_ELIGIBILITY_CONDITION: eligibility.analyse(doc),
    }
    return Reading(kind.kind, MappingProxyType(findings), kind.rule, kind.evidence)


def _not_statutes(kind: str, rule_id: str, evidence: tuple[Evidence, ...]) -> Reading:
    findings = {
        question: Finding(
            "no" if question in FLAGS else NOT_APPLICABLE,
            rule_id,
            evidence,
        )
        for question in QUESTIONS
    }
    return Reading(kind, MappingProxyType(findings), rule_id, evidence)
