"""Result types of the statute reader: a reading, its findings and their evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STATUTES = "statutes"
MINUTES = "minutes"
POLICY = "policy"
OTHER = "other"
DOCUMENT_KINDS = (STATUTES, MINUTES, POLICY, OTHER)

OPEN_MEMBERSHIP = "open_membership"
NON_DISCRIMINATION_CLAUSE = "non_discrimination_clause"
DISCRIMINATORY_MEMBERSHIP_CONDITION = "discriminatory_membership_condition"
DISCRIMINATORY_ELIGIBILITY_CONDITION = "discriminatory_eligibility_condition"
MEMBERS_MEETING_SUPREME = "members_meeting_supreme"
ONE_MEMBER_ONE_VOTE = "one_member_one_vote"
QUESTIONS = (
    OPEN_MEMBERSHIP,
    NON_DISCRIMINATION_CLAUSE,
    DISCRIMINATORY_MEMBERSHIP_CONDITION,
    MEMBERS_MEETING_SUPREME,
    ONE_MEMBER_ONE_VOTE,
    DISCRIMINATORY_ELIGIBILITY_CONDITION,
)
# The version of the rules, stored with every reading (StatutesVersion.reader_version): raise it
# when a change of the rules can change what a reading says, so readings by older rules are
# known (the case page says so) and ``manage.py reread_statutes`` reads them again. 1: before
# discriminatory_eligibility_condition (and a board limited to one sex read as closed
# membership); 2: with it; 3: a discriminatory condition names every protected ground it rests
# on (``Finding.grounds``), not only the first; 4: a cancelling word ("stöder", "inte",
# "främst", ...) cancels a group term only in its own clause, not past a semicolon or a comma
# with a conjunction; 5: a closed or conditional membership names every condition found
# (``Finding.conditions``) and quotes the other conditions of a closed one too (an approved
# application, a recommendation), and membership of another organisation is a condition
# (``OM_OTHER_MEMBERSHIP``).
RULES_VERSION = 5

# Flags that a text which is not statutes answers "no" (it limits nothing).
FLAGS = (DISCRIMINATORY_MEMBERSHIP_CONDITION, DISCRIMINATORY_ELIGIBILITY_CONDITION)

NOT_APPLICABLE = "not_applicable"

# The values each question can take (see RULES.md).
VALUES: Mapping[str, tuple[str, ...]] = {
    OPEN_MEMBERSHIP: ("open", "conditional", "closed", "unclear", NOT_APPLICABLE),
    NON_DISCRIMINATION_CLAUSE: ("explicit", "general", "absent", NOT_APPLICABLE),
    DISCRIMINATORY_MEMBERSHIP_CONDITION: ("yes", "no"),
    MEMBERS_MEETING_SUPREME: ("yes", "no", "unclear", NOT_APPLICABLE),
    ONE_MEMBER_ONE_VOTE: ("yes", "no", "unclear", NOT_APPLICABLE),
    DISCRIMINATORY_ELIGIBILITY_CONDITION: ("yes", "no"),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A verbatim passage of the extracted text: ``text[start:end] == quote``."""

    quote: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Finding:
    """The answer to one question, the rule that decided it and the passages it rests on.

    ``grounds``: for a discriminatory membership or eligibility condition, every protected
    ground found (its ``DC_*``/``DE_*`` rule id, ``rule`` first); empty for other findings.
    ``conditions``: for a closed or conditional membership, every condition's rule id found
    (``OM_GROUP_*``, ``OM_BOARD_APPROVAL``, ``OM_OTHER_MEMBERSHIP``, ...), ``rule`` first;
    empty for other findings.
    """

    value: str
    rule: str
    evidence: tuple[Evidence, ...] = ()
    grounds: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "rule": self.rule,
            "evidence": [item.to_dict() for item in self.evidence],
            "grounds": list(self.grounds),
            "conditions": list(self.conditions),
        }


@dataclass(frozen=True, slots=True)
class Reading:
    """What the document is and, per question, a finding.

    ``kind_rule`` and ``kind_evidence`` explain ``document_kind``; they are not part of
    :meth:`to_dict`, which has exactly the keys ``document_kind`` and ``findings``.
    """

    document_kind: str
    findings: Mapping[str, Finding]
    kind_rule: str = ""
    kind_evidence: tuple[Evidence, ...] = field(default=())

    def value(self, question: str) -> str:
        return self.findings[question].value

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_kind": self.document_kind,
            "findings": {name: self.findings[name].to_dict() for name in QUESTIONS},
        }
