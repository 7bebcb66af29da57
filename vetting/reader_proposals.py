"""The statute reader's findings as proposals per criterion. The reader never decides: an
officer accepts or overrides each proposal, and the assessment records which."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vetting.models import Application, Outcome

# (question, value) -> proposed outcome for the criterion the question informs.
OPEN_MEMBERSHIP = {
    "open": Outcome.PASS,
    "conditional": Outcome.DOUBT,
    "closed": Outcome.FAIL,
    "unclear": Outcome.DOUBT,
}
SUPREME = {"yes": Outcome.PASS, "no": Outcome.FAIL, "unclear": Outcome.DOUBT}


@dataclass(frozen=True)
class ReaderProposal:
    criterion_code: str
    outcome: str
    rules: tuple[str, ...]
    evidence: tuple[dict[str, Any], ...] = field(default=())
    note: str = ""

    @property
    def first_quote(self) -> dict[str, Any] | None:
        return self.evidence[0] if self.evidence else None


def _finding(findings: dict[str, Any], question: str) -> dict[str, Any]:
    return findings.get(question) or {"value": "unclear", "rule": "", "evidence": []}


def _open_membership(findings: dict[str, Any]) -> ReaderProposal:
    f = _finding(findings, "open_membership")
    return ReaderProposal(
        "OPEN_MEMBERSHIP",
        OPEN_MEMBERSHIP.get(f["value"], Outcome.DOUBT),
        (f["rule"],),
        tuple(f["evidence"]),
        f"open_membership={f['value']}",
    )


def _non_discrimination(findings: dict[str, Any]) -> ReaderProposal:
    clause = _finding(findings, "non_discrimination_clause")
    condition = _finding(findings, "discriminatory_membership_condition")
    if condition["value"] == "yes":
        # A flag for the officer, never a rejection: there may be objective reasons.
        return ReaderProposal(
            "NON_DISCRIMINATION",
            Outcome.DOUBT,
            (condition["rule"], clause["rule"]),
            tuple(condition["evidence"]),
            "Medlemskapet beror på en diskrimineringsgrund; pröva om det finns sakliga skäl.",
        )
    return ReaderProposal(
        "NON_DISCRIMINATION",
        Outcome.PASS,
        (clause["rule"], condition["rule"]),
        tuple(clause["evidence"]),
        f"non_discrimination_clause={clause['value']}",
    )


def _democratic_structure(findings: dict[str, Any]) -> ReaderProposal:
    supreme = _finding(findings, "members_meeting_supreme")
    vote = _finding(findings, "one_member_one_vote")
    outcome = SUPREME.get(supreme["value"], Outcome.DOUBT)
    if outcome == Outcome.PASS and vote["value"] == "no":
        outcome = Outcome.DOUBT  # weighted or delegated votes: the officer judges
    return ReaderProposal(
        "DEMOCRATIC_STRUCTURE",
        outcome,
        (supreme["rule"], vote["rule"]),
        tuple(supreme["evidence"]) + tuple(vote["evidence"]),
        f"members_meeting_supreme={supreme['value']}, one_member_one_vote={vote['value']}",
    )


def reader_proposals(application: Application) -> list[ReaderProposal]:
    """Proposals for the statute-based criteria of this case, from the current statutes."""
    statutes = application.association.current_statutes()
    if statutes is None or statutes.reader_status != "done":
        return []
    if statutes.document_kind != "statutes":
        return []  # a policy or minutes is not statutes: nothing to propose from it
    findings = statutes.reader_findings
    proposals = [
        _open_membership(findings),
        _non_discrimination(findings),
        _democratic_structure(findings),
    ]
    applicable = {
        c.code for c in application.rulebook.criteria.all() if c.applies_to(application.kind)
    }
    return [p for p in proposals if p.criterion_code in applicable]
