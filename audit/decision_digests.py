"""What the events of a decision and of a kommunicering record of them, beyond the event's own
fields, so that reconciliation can compare the rows with the trail (ADR 0019).

The event of a decision already holds its reasons (``reasons``), its cited criteria
(``criteria``), its outcome, delegation and amount (``changes``) and the decision maker (the
actor's pseudonym). From session 10 on it also records (docs/audit-format.md 1.8):

* ``decision_time``: the decision's own time (the event's is a moment later; ``decided_at``
  is the case's, from and to);
* ``replaces``: the id of the decision it replaces (a correction's or a revocation's), or null;
* ``criteria_sha256``: the digest of the criteria as the decision keeps them (each criterion's
  outcome and evidence at decision time: text that may name people, so by digest only, as an
  assessment's evidence, ADR 0012);
* ``document_sha256``: the digest of what else the decision document prints: the appeal route
  and instructions, the revocation clause, the repayment instructions, whether it followed a
  kommunicering, and the case's facts as they were (party, contact, event).

A digest is SHA-256 (lowercase hex) of the RFC 8785 bytes of the value as JSON.
"""

from __future__ import annotations

import hashlib
from typing import Any

from audit.canonical import jcs
from audit.services import jsonable

# What ``document_sha256`` covers, by the Decision's field names.
DOCUMENT_FIELDS = (
    "appeal_route",
    "appeal_instructions",
    "revocation_clause",
    "repayment_instructions",
    "after_communication",
    "facts",
)
# What ``letter_sha256`` of a kommunicering covers: the material and facts the letter prints.
LETTER_FIELDS = ("material", "facts")


def json_sha256(value: Any) -> str:
    """SHA-256 (hex) of the RFC 8785 bytes of ``value`` as the trail writes JSON."""
    return hashlib.sha256(jcs(jsonable(value))).hexdigest()


def fields_sha256(row: Any, names: tuple[str, ...]) -> str:
    return json_sha256({name: getattr(row, name) for name in names})


def decision_record(decision: Any) -> dict[str, Any]:
    """The keys a decide/correct/revoke event records of its decision besides the older ones."""
    return {
        "decision_time": decision.decided_at,
        "replaces": decision.replaces_id,
        "criteria_sha256": json_sha256(decision.criteria),
        "document_sha256": fields_sha256(decision, DOCUMENT_FIELDS),
    }


def communication_record(communication: Any) -> dict[str, Any]:
    """The keys an ``application.communicate`` event records of the letter it sent (its
    ``reasons`` and ``criteria`` are the proposal's text and criteria)."""
    return {
        "communication_id": communication.pk,
        "due": communication.due,
        "proposed_outcome": communication.proposed_outcome,
        "proposed_amount": communication.proposed_amount,
        "letter_sha256": fields_sha256(communication, LETTER_FIELDS),
    }
