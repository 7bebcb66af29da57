"""Reconciliation: the current state of cases, decisions, assessments, inkomna handlingar and
delegations against the trail.

A state with no event that led to it is a finding: the last ``application.*`` event of a case must
end in the case's state, a case's revocation hearing must answer by the day its latest revocation
letter says (none once that letter was dropped) and its response be registered when the trail
last says (``revocation_responded_at``), every decision, kommunicering and notice must have its
event and say what it recorded (``audit.reconcile_decisions``), every assessment must have its
``assessment.recorded`` event with the same criterion, outcome, evidence kind and evidence (by
digest, ``audit.evidence``), every inkommen handling its ``document.received`` event with the same
kind, day, file and file digest (``audit.reconcile_documents``), and every delegation must have a
reference-data event (object type ``delegation``). Every free text kept outside the chain
(format v2) must match its commitment, or be missing only where an ``audit.texts_pruned`` event
covers it (``audit.texts``). Events recorded before the digests are reconciled on what they hold,
and counted in a note rather than a finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Max, Subquery

from audit.evidence import evidence_sha256, file_sha256
from audit.findings import Finding, differs, value
from audit.models import AuditEvent
from audit.reconcile_decisions import decisions_reconciliation
from audit.reconcile_documents import document_reconciliation
from audit.texts import text_findings
from vetting.models import Application, Assessment, Communication, Delegation

# What reconciliation could not check in full: a stable code (recorded in the ``audit.verified``
# event, ``changes.note_records``, where the auditors' page words it in its own language) and its
# English text (the command's ``note:`` line and the event's ``notes``).
NOTES: dict[str, str] = {
    "assessments_without_digest": (
        "{count} assessments recorded before evidence digests: criterion, outcome and evidence "
        "kind reconciled, the evidence itself not"
    ),
    "decisions_without_digest": (
        "{count} decisions recorded before decision digests: kind, outcome, amount, reasons, "
        "cited criteria, delegation and decision maker reconciled, the decision time within five "
        "minutes of the event's; the criteria as kept at decision time, the document's other "
        "texts and a revocation's replaced decision not"
    ),
    "communications_without_digest": (
        "{count} kommuniceringar recorded before letter digests: proposal text, criteria, due "
        "date and sender reconciled, the proposed outcome and amount and the letter's material "
        "and facts not"
    ),
    "documents_without_digest": (
        "{count} inkomna handlingar recorded before file digests: kind, day and file name "
        "reconciled, the file itself not"
    ),
}


@dataclass
class Reconciliation:
    findings: list[Finding] = field(default_factory=list)  # rows that do not match the trail
    notes: list[str] = field(default_factory=list)  # what could not be reconciled in full
    note_records: list[dict[str, Any]] = field(default_factory=list)  # the notes as fields

    def note(self, code: str, **details: Any) -> None:
        """Say what could not be checked in full: in English, and as fields."""
        self.notes.append(NOTES[code].format(**details))
        self.note_records.append({"code": code, **details})


def _last_states() -> dict[str, str]:
    last = (
        AuditEvent.objects.filter(object_type="application", action__startswith="application.")
        .exclude(to_state="")
        .values("object_id")
        .annotate(last_seq=Max("seq"))
        .values("last_seq")
    )
    rows = AuditEvent.objects.filter(seq__in=Subquery(last)).values_list("object_id", "to_state")
    return dict(rows)


def _revocation_letters() -> dict[int, tuple[int, date | None]]:
    """The latest revocation letter of each case (ADR 0015): its id and the day to answer by
    the case holds while its hearing is under way, None once it was dropped (ADR 0022)."""
    rows = (
        Communication.objects.filter(purpose=Communication.Purpose.REVOCATION)
        .order_by("application_id", "sent_at", "id")
        .values_list("application_id", "pk", "due", "dropped_at")
    )
    return {app: (pk, None if dropped else due) for app, pk, due, dropped in rows}


def _revocation_due_finding(
    reference: str, due: date | None, letter: tuple[int, date | None] | None
) -> Finding | None:
    """The case's ``revocation_response_due`` against its latest revocation letter's ``due``
    (none once that letter was dropped)."""
    pk, expected = letter if letter is not None else (None, None)
    if due == expected:
        return None
    mine = due.isoformat() if due else None
    if pk is None:
        return Finding("case", "revocation_without_letter", case=reference, value=mine)
    said = expected.isoformat() if expected else None
    return Finding(
        "case", "revocation_letter_differs", case=reference, value=mine, letter=pk, recorded=said
    )


# The transitions that set or clear a case's ``revocation_responded_at`` (ADR 0015, 0022); each
# records it as ``{"from": …, "to": …}`` in its event's changes when it changed.
RESPONSE_ACTIONS = (
    "application.communicate_revocation",
    "application.record_response",
    "application.drop_revocation",
)


def _revocation_responses() -> dict[str, str | None]:
    """The ``revocation_responded_at`` the trail last recorded for each case (ISO 8601, None
    when cleared): one query."""
    rows = (
        AuditEvent.objects.filter(
            object_type="application",
            action__in=RESPONSE_ACTIONS,
            changes__has_key="revocation_responded_at",
        )
        .order_by("seq")
        .values_list("object_id", "changes")
    )
    found: dict[str, str | None] = {}
    for pk, changes in rows:
        change = changes.get("revocation_responded_at") if isinstance(changes, Mapping) else None
        found[pk] = change.get("to") if isinstance(change, Mapping) else None
    return found


def _revocation_response_finding(
    reference: str, registered: datetime | None, recorded: str | None
) -> Finding | None:
    """The case's ``revocation_responded_at`` against the revocation response registration
    (``application.record_response``) the trail last recorded for it."""
    try:
        expected = datetime.fromisoformat(recorded) if recorded else None
    except ValueError:
        expected = None
    if registered == expected:
        return None
    return differs("case", "revocation_responded_at", registered, recorded, case=reference)


def case_findings() -> list[Finding]:
    """Each case's state against its last event, and a revocation hearing's day to answer by
    against its letter and its response's registration against its event (one query each,
    whatever the number of cases)."""
    states, letters, responses = _last_states(), _revocation_letters(), _revocation_responses()
    findings = []
    cases = Application.objects.values_list(
        "pk", "reference", "state", "revocation_response_due", "revocation_responded_at"
    )
    for pk, reference, state, due, responded in cases:
        recorded = states.get(str(pk))
        if recorded is None:
            findings.append(Finding("case", "no_event", case=reference))
        elif recorded != state:
            findings.append(differs("case", "state", state, recorded, case=reference))
        revocation = _revocation_due_finding(reference, due, letters.get(pk))
        response = _revocation_response_finding(reference, responded, responses.get(str(pk)))
        findings += [f for f in (revocation, response) if f is not None]
    return findings


def delegation_findings() -> list[Finding]:
    named = set(
        AuditEvent.objects.filter(object_type="delegation").values_list("object_id", flat=True)
    )
    return [
        Finding("delegation", "no_event", id=pk)
        for pk in Delegation.objects.values_list("pk", flat=True)
        if str(pk) not in named
    ]


def _assessment_events() -> dict[str, tuple[Any, Mapping[str, Any]]]:
    """The criteria and changes of each assessment's event, by the assessment's id."""
    rows = AuditEvent.objects.filter(
        action="assessment.recorded", object_type="assessment"
    ).values_list("object_id", "criteria", "changes")
    return {
        pk: (criteria, changes if isinstance(changes, Mapping) else {})
        for pk, criteria, changes in rows
    }


def _evidence_differences(
    assessment: Assessment, changes: Mapping[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        file_digest = file_sha256(assessment.evidence_document)
    except OSError:
        yield "evidence_file_unreadable", {"file": assessment.evidence_document.name}
        return
    if "evidence_file_sha256" in changes and changes["evidence_file_sha256"] != file_digest:
        yield "evidence_file_differs", {}
    elif evidence_sha256(assessment.evidence_text, file_digest) != changes["evidence_sha256"]:
        yield "evidence_text_differs", {}


def _assessment_differences(
    assessment: Assessment, criteria: Any, changes: Mapping[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """What of the assessment differs from what its event recorded (only what it recorded):
    each a finding's code and its parameters."""
    code = assessment.criterion.code
    if criteria and criteria != [code]:
        yield "differs", _values("criterion", code, ", ".join(map(str, criteria)))
    for name in ("outcome", "evidence_kind"):
        mine = getattr(assessment, name)
        if name in changes and changes[name] != mine:
            yield "differs", _values(name, mine, changes[name])
    if "evidence_sha256" in changes:
        yield from _evidence_differences(assessment, changes)


def _values(name: str, mine: Any, recorded: Any) -> dict[str, Any]:
    return {"field": name, "value": value(mine), "recorded": value(recorded)}


def assessment_reconciliation() -> Reconciliation:
    events = _assessment_events()
    result, undigested = Reconciliation(), 0
    rows = Assessment.objects.select_related("criterion", "application").only(
        "outcome", "evidence_kind", "evidence_text", "evidence_document",
        "criterion__code", "application__reference",
    )  # fmt: skip
    for assessment in rows.order_by("pk").iterator(chunk_size=2000):
        name = {"id": assessment.pk, "case": assessment.application.reference}
        recorded = events.get(str(assessment.pk))
        if recorded is None:
            result.findings.append(Finding("assessment", "no_event", **name))
            continue
        criteria, changes = recorded
        result.findings += [
            Finding("assessment", code, **name, **fields)
            for code, fields in _assessment_differences(assessment, criteria, changes)
        ]
        undigested += "evidence_sha256" not in changes
    if undigested:
        result.note("assessments_without_digest", count=undigested)
    return result


def reconciliation() -> Reconciliation:
    """Every finding, and notes on what could not be reconciled in full."""
    assessments, decisions = assessment_reconciliation(), decisions_reconciliation()
    documents = document_reconciliation()
    findings = case_findings() + decisions.findings + assessments.findings + documents.findings
    result = Reconciliation(
        findings + delegation_findings() + text_findings(),
        assessments.notes,
        assessments.note_records,
    )
    for record in decisions.notes + documents.notes:
        result.note(record["code"], count=record["count"])
    return result


def reconcile() -> list[Finding]:
    """Every finding; empty when the current state matches the trail."""
    return reconciliation().findings
