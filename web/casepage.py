"""What the case page shows: the checklist, the statutes with highlighted evidence, the statute
reader's proposals, the panels and the timeline. Reads only; every change goes through services.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from associations.models import StatutesVersion
from audit.messages import MESSAGE_KEY
from vetting import actions as vetting_actions
from vetting.models import (
    Application,
    Assessment,
    Communication,
    Decision,
    DecisionOutcome,
    Outcome,
    State,
    SupplementRequest,
)
from vetting.models.states import OPEN_STATES
from vetting.reader_proposals import ReaderProposal, accepted_codes, reader_proposals
from vetting.selectors import (
    ChecklistRow,
    checklist,
    has_conflict,
    hidden_sources,
    may_read_escalation_notes,
    party_warning,
    reused_sources,
)
from vetting.services.conflicts import may_declare_conflict
from vetting.services.incoming import may_attach_documents
from vetting.services.supplement_statutes import may_register_statutes
from web.casedocuments import CaseDocument, case_documents
from web.selectors import case_events, with_actor_names
from web.statutesdisplay import Piece, rendered


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str = ""  # "" (plain), "assessment" or "reader"
    label: str = ""
    pieces: tuple[Piece, ...] = ()  # the text as shown: headings and bullets, not Markdown


def _spans(
    text: str, statutes: StatutesVersion, rows: list[ChecklistRow], proposals: list[ReaderProposal]
) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    for row in rows:
        a = row.assessment
        if a is None or a.evidence_kind != Assessment.EvidenceKind.STATUTE_QUOTE:
            continue
        if a.statutes_version_id not in (None, statutes.pk):
            continue
        spans.extend((*span, "assessment", row.criterion.code) for span in _quoted(text, a))
    for p in proposals:
        for e in p.evidence:
            start, end = e.get("start"), e.get("end")
            if (
                isinstance(start, int)
                and isinstance(end, int)
                and text[start:end] == e.get("quote")
            ):
                spans.append((start, end, "reader", p.criterion_code))
    return sorted(spans)


def _quoted(text: str, a: Assessment) -> list[tuple[int, int]]:
    """Where a statute quote's passages are: the first (or only) at the recorded span, each
    further one where the statutes hold it (``Assessment.PASSAGE_BREAK``)."""
    start, end = a.evidence_start, a.evidence_end
    if start is None or end is None:
        return []
    if text[start:end] == a.evidence_text:
        return [(start, end)]
    first, *more = a.passages
    if text[start:end] != first:
        return []
    found = [(start, end)]
    for passage in more:
        at = text.find(passage) if passage else -1
        if at >= 0:
            found.append((at, at + len(passage)))
    return found


def highlighted(
    statutes: StatutesVersion | None, rows: list[ChecklistRow], proposals: list[ReaderProposal]
) -> list[Segment]:
    """The statutes text cut into plain and marked segments (overlaps merge into the first)."""
    if statutes is None:
        return []
    text = statutes.text
    segments: list[Segment] = []
    pos = 0
    for start, end, kind, label in _spans(text, statutes, rows, proposals):
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], kind, label))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    shown = rendered([s.text for s in segments])
    return [replace(s, pieces=tuple(p)) for s, p in zip(segments, shown, strict=True)]


@dataclass(frozen=True)
class DecisionLine:
    """A decision in the case's documents: its number in the case, and the decision that
    replaced it (a correction or a revocation), if any."""

    decision: Decision
    number: int
    replaced_by: Decision | None = None
    replaced_by_number: int = 0

    @property
    def revoked(self) -> bool:
        return self.replaced_by is not None and self.replaced_by.outcome == DecisionOutcome.REVOKED


def decision_lines(decisions: list[Decision]) -> list[DecisionLine]:
    """Numbered in the order they were made (the list is in that order)."""
    numbers = {d.pk: n for n, d in enumerate(decisions, start=1)}
    successors = {d.replaces_id: d for d in decisions if d.replaces_id}
    lines = []
    for d in decisions:
        later = successors.get(d.pk)
        later_number = numbers[later.pk] if later else 0
        lines.append(DecisionLine(d, numbers[d.pk], later, later_number))
    return lines


def supplements(app: Application) -> list[SupplementRequest]:
    """The case's supplement requests, each with the statutes version its file was registered as
    (in the same query; the version's text is not needed)."""
    requests = app.supplement_requests.select_related("registered_statutes")
    return list(requests.defer("registered_statutes__text").order_by("requested_at"))


def _latest(communications: list[Communication], purpose: str) -> Communication | None:
    """The latest communication of ``purpose``: a proposal's, or an intended revocation's."""
    return next((c for c in reversed(communications) if c.purpose == purpose), None)


@dataclass(frozen=True)
class DroppedRevocation:
    """A dropped intended revocation whose failed criteria still stand as "not met"."""

    letter: Communication
    rows: list[ChecklistRow]


def reassess_after_drop(
    app: Application, rows: list[ChecklistRow], communications: list[Communication]
) -> DroppedRevocation | None:
    """After ``drop_revocation`` (ADR 0022) the grant stands, but the assessments the letter
    rested on still say "not met": the criteria of the dropped letter whose latest assessment
    is a fail made before the drop, for the handler to assess again (none once reassessed, or
    while a new hearing is under way)."""
    if app.state not in (State.APPROVED, State.PAID) or app.revocation_response_due is not None:
        return None
    letter = _latest(communications, Communication.Purpose.REVOCATION)
    if letter is None or letter.dropped_at is None:
        return None
    dropped_at = letter.dropped_at
    stale = [
        row
        for row in rows
        if row.criterion.code in letter.criteria
        and row.assessment is not None
        and row.assessment.outcome == Outcome.FAIL
        and row.assessment.assessed_at <= dropped_at
    ]
    return DroppedRevocation(letter, stale) if stale else None


def case_decisions(app: Application) -> list[Decision]:
    """The case's decisions in the order they were made, with their notices."""
    return list(
        app.decisions.select_related("decided_by", "rulebook")
        .prefetch_related("notices")
        .order_by("decided_at", "id")
    )


def documents_of(app: Application) -> list[CaseDocument]:
    """The case's Handlingar list on its own (the auditors' case page): read as the case page
    reads it, a fixed number of queries whatever the number of documents. Nothing in it is
    restricted: the security coordinator's notes are no document of the list (they are read
    through their own logged page, by whom ``may_read_escalation_notes`` allows)."""
    return case_documents(
        app,
        supplements=supplements(app),
        program_reviews=list(app.program_reviews.order_by("requested_at")),
        communications=list(app.communications.order_by("sent_at", "id")),
        decisions=decision_lines(case_decisions(app)),
        rows=checklist(app),
    )


def case_context(app: Application, user: Any) -> dict[str, Any]:
    """Everything the case page shows, for this user."""
    rows = checklist(app)
    statutes = app.association.current_statutes()
    proposals = reader_proposals(app)
    allowed = vetting_actions.allowed_actions(app, user)
    conflicted = vetting_actions.conflict_refusal(user, app, "assess") is not None
    decisions = case_decisions(app)
    communications = list(app.communications.order_by("sent_at", "id"))
    events = case_events(app.reference)
    lines = decision_lines(decisions)
    program_reviews = list(app.program_reviews.order_by("requested_at"))
    requests = supplements(app)
    return {
        "app": app,
        "rows": rows,
        "hidden_sources": hidden_sources(app, reused_sources(rows), user),
        "party_warning": party_warning(app),
        "statutes": statutes,
        "segments": highlighted(statutes, rows, proposals),
        "proposals": proposals,
        "accepted_proposals": accepted_codes(app, proposals),
        "allowed": allowed,
        "program_reviews": program_reviews,
        "escalations": list(
            app.escalations.select_related("escalated_by", "concluded_by").order_by("escalated_at")
        ),
        "may_read_notes": may_read_escalation_notes(user, app),
        "communications": communications,
        "hearing": _latest(communications, Communication.Purpose.PROPOSAL),  # the current one
        "revocation_hearing": (
            _latest(communications, Communication.Purpose.REVOCATION)
            if app.revocation_response_due
            else None
        ),
        "reassess": reassess_after_drop(app, rows, communications),
        "supplements": requests,
        "may_register_statutes": may_register_statutes(user) and not conflicted,
        "conflicted": conflicted,
        "may_declare_conflict": may_declare_conflict(user, app),
        "handler_conflicted": handler_conflicted(app),
        "handler_inactive": handler_inactive(app),
        "decisions": lines,
        "documents": case_documents(
            app,
            supplements=requests,
            program_reviews=program_reviews,
            communications=communications,
            decisions=lines,
            rows=rows,
        ),
        "may_attach_documents": may_attach_documents(user),
        "timeline": with_actor_names(events),
        "comment_messages": comment_messages(events),
    }


def handler_inactive(app: Application) -> bool:
    """The case's handler's account is deactivated while the case is open (``web.selectors.
    handler_inactive``): another handler must take it over."""
    return app.handler is not None and app.state in OPEN_STATES and not app.handler.is_active


def handler_conflicted(app: Application) -> bool:
    """The case's handler declared jäv towards its association while preparing it: another
    handler must take it over (``take_over``), as nobody else can act on it meanwhile."""
    return (
        app.handler_id is not None
        and app.state in OPEN_STATES
        and has_conflict(app.handler, app.association_id)
    )


def comment_messages(events: list[Any]) -> dict[int, Any]:
    """The message of each system-generated assessment comment, by assessment id, from the
    case's events (audit.messages; a reused assessment of another case has none here)."""
    found = {}
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        if event.action == "assessment.recorded" and MESSAGE_KEY in changes:
            with suppress(ValueError):
                found[int(event.object_id)] = changes[MESSAGE_KEY]
    return found
