"""Reconciliation of decisions, kommuniceringar and notices against their events (ADR 0019).

Each decision is compared with the decide/correct/revoke event that names it: its kind (the
action), outcome, amount (granted, or a revocation's reclaim), reasons, cited criteria,
delegation, the decision maker (by pseudonym, as recorded), a correction's replaced decision, a
revocation's repayment day and what a correction or revocation recorded of the hearing; from
session 10 on also its own time, the decision it replaces, and by digest the criteria as it keeps
them and the rest of what its document prints (``audit.decision_digests``). Each kommunicering
is compared with its ``application.communicate`` event (the proposal text, criteria, due date and
sender; from session 10 on also the proposed outcome and amount and by digest the letter's
material and facts), each notice with its ``decision.notified`` event (decision, channel,
sender). Only what an event recorded is compared; events recorded before the newer keys are
counted in notes.

One pass: a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from audit.decision_digests import (
    DOCUMENT_FIELDS,
    LETTER_FIELDS,
    fields_sha256,
    json_sha256,
)
from audit.findings import Finding, value
from audit.freetext import committed_keys, field_name
from audit.models import DECISION_ACTIONS, AuditEvent, Person, change_texts_from
from vetting.models import Communication, Decision, DecisionNotice

KINDS = {
    "application.decide": "decision",
    "application.correct": "correction",
    "application.revoke": "revocation",
    "application.write_off": "write_off",
}
# What of a row differs from its event: a finding's code and its parameters (``audit.findings``).
Difference = tuple[str, dict[str, Any]]
# An event recorded before ``decided_at`` was: the decision's time is the event's, less the
# moment the transaction took (a wait for the chain lock included).
TIME_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class Event:
    """What reconciliation reads of an event."""

    action: str
    object_id: str
    actor_id: str
    occurred_at: datetime
    reasons: str | None  # None: a v2 text pruned (or missing: audit.texts finds that)
    criteria: list[str]
    changes: Mapping[str, Any]


def _events(**filters: Any) -> Iterator[Event]:
    rows = AuditEvent.objects.filter(**filters).with_texts().order_by("seq")
    for row in rows.values_list(
        "action", "object_id", "actor_id", "occurred_at", "reasons", "criteria", "changes",
        "reasons_sha256", "_reasons_text", "_change_texts_json",
    ):  # fmt: skip
        action, object_id, actor_id, occurred_at, reasons, criteria, changes, sha, text, more = row
        yield Event(
            action, object_id, actor_id, occurred_at,
            # format v2: the side text; None once pruned (nothing left to compare)
            reasons if sha is None else (text or None), list(criteria or []),
            _with_texts(changes, change_texts_from(more)),
        )  # fmt: skip


def _with_texts(changes: Any, texts: Mapping[str, tuple[str, Any]]) -> Mapping[str, Any]:
    """``changes`` with each committed free text (1.9) as its side text; a pruned (or missing)
    one left out: nothing to compare (audit.texts reports a missing one)."""
    if not isinstance(changes, Mapping):
        return {}
    keys = committed_keys(changes)
    if not keys:
        return changes
    shown = {k: v for k, v in changes.items() if k not in keys}
    for key in keys:
        text, pruned = texts.get(field_name(key), ("", None))
        if text and pruned is None:
            shown[key] = text
    return shown


def _by_change(events: Iterator[Event], key: str) -> dict[str, Event]:
    """The first event naming each ``changes[key]``, by that value as a string."""
    found: dict[str, Event] = {}
    for event in events:
        if key in event.changes:
            found.setdefault(str(event.changes[key]), event)
    return found


def pseudonyms() -> dict[int, str]:
    """Each user's pseudonym, by user id (an erased user's account is named by it)."""
    return dict(Person.objects.filter(user__isnull=False).values_list("user_id", "pseudonym"))


def _pseudonym(names: Mapping[int, str], user: Any) -> str:
    return names.get(user.pk) or user.get_username()


def _amount(value: Any) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value))
    except InvalidOperation:
        return None


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "none" if value in (None, "") else str(value)


def _differ(name: str, mine: Any, recorded: Any) -> Iterator[Difference]:
    """``name`` as it is and as the trail says, when they differ."""
    if _text(mine) != _text(recorded):
        yield "differs", {"field": name, "value": value(mine), "recorded": value(recorded)}


def _recorded_amount(event: Event) -> tuple[bool, Any]:
    """Whether the event says the decision's amount, and the amount it says."""
    changes = event.changes
    if event.action == "application.revoke":
        return "reclaim_amount" in changes, changes.get("reclaim_amount")
    granted = changes.get("amount_granted")
    if event.action == "application.correct":
        return "amount_granted" in changes, granted
    # A decision: the case's amount from none to the granted one; unchanged (none) on a refusal.
    return True, granted.get("to") if isinstance(granted, Mapping) else None


def _amount_differ(name: str, mine: Decimal | None, recorded: Any) -> Iterator[Difference]:
    """An amount as it is and as the trail says (a decimal string), when they differ."""
    if _amount(recorded) != mine:
        yield from _differ(name, mine, recorded)


def _amount_differences(decision: Decision, event: Event) -> Iterator[Difference]:
    known, recorded = _recorded_amount(event)
    if known:
        name = "reclaim_amount" if event.action == "application.revoke" else "amount_granted"
        yield from _amount_differ(name, decision.amount_granted, recorded)


def _cited_differences(decision: Decision, event: Event) -> Iterator[Difference]:
    """The criteria the decision marks cited against the event's. An older event (before the
    criteria digest) is compared on the criteria the decision keeps a row of: a row missing
    there was never shown, and is what the digest now covers."""
    rows = [r for r in decision.criteria or [] if isinstance(r, Mapping)]
    cited = sorted({str(r.get("code")) for r in rows if r.get("cited")})
    recorded = sorted(event.criteria)
    if "criteria_sha256" not in event.changes:
        recorded = [c for c in recorded if c in {str(r.get("code")) for r in rows}]
    if cited != recorded:
        yield from _differ("cited_criteria", ", ".join(cited), ", ".join(recorded))


def _time_differences(decision: Decision, event: Event) -> Iterator[Difference]:
    mine = decision.decided_at
    if "decision_time" in event.changes:
        recorded = event.changes["decision_time"]
        if _moment(recorded) != mine:
            yield (
                "differs",
                {"field": "decided_at", "value": value(mine), "recorded": value(recorded)},
            )
    elif not timedelta(0) <= event.occurred_at - mine <= TIME_TOLERANCE:
        yield (
            "differs",
            {"field": "decided_at", "value": value(mine), "recorded": value(event.occurred_at)},
        )


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _replaces_differences(decision: Decision, event: Event) -> Iterator[Difference]:
    """A correction's event names the decision it replaces, and from session 10 on every
    decision's does; a first decision replaces none. An older revocation's does not say."""
    if "replaces" in event.changes:
        yield from _differ("replaces", decision.replaces_id, event.changes["replaces"])
    elif event.action == "application.decide":
        yield from _differ("replaces", decision.replaces_id, None)


def _digest_differences(decision: Decision, changes: Mapping[str, Any]) -> Iterator[Difference]:
    digest = changes.get("criteria_sha256")
    if digest is not None and json_sha256(decision.criteria) != digest:
        yield "criteria_digest_differs", {}
    digest = changes.get("document_sha256")
    if digest is not None and fields_sha256(decision, DOCUMENT_FIELDS) != digest:
        yield "document_digest_differs", {}


def decision_differences(decision: Decision, event: Event, decider: str) -> Iterator[Difference]:
    """What of the decision differs from what its event recorded (only what it recorded)."""
    changes = event.changes
    yield from _differ("kind", decision.kind, KINDS.get(event.action, event.action))
    yield from _differ("outcome", decision.outcome, changes.get("outcome"))
    yield from _amount_differences(decision, event)
    if event.reasons is not None and decision.reasons != event.reasons:
        yield "reasons_differ", {}
    yield from _cited_differences(decision, event)
    yield from _differ("delegation", decision.delegation_id, changes.get("delegation_id"))
    yield from _differ("decided_by", decider, event.actor_id)
    yield from _time_differences(decision, event)
    yield from _replaces_differences(decision, event)
    yield from _differ("repayment_due", decision.repayment_due, changes.get("repayment_due"))
    if "applicant_heard" in changes and decision.applicant_heard != changes["applicant_heard"]:
        yield "hearing_differs", {}
    yield from _digest_differences(decision, changes)


@dataclass
class Found:
    """Findings, and notes on what could not be reconciled in full."""

    findings: list[Finding]
    notes: list[dict[str, Any]]  # {"code", "count"}: worded by audit.reconcile.NOTES


def _decisions() -> Any:
    return Decision.objects.select_related("application", "decided_by").only(
        "outcome", "amount_granted", "reasons", "criteria", "decided_at", "replaces",
        "repayment_due", "delegation", "kind", "applicant_heard", *DOCUMENT_FIELDS,
        "application__reference", "decided_by__username",
    )  # fmt: skip


def decision_reconciliation(names: Mapping[int, str]) -> Found:
    events = _by_change(_events(action__in=DECISION_ACTIONS), "decision_id")
    found, older = Found([], []), 0
    for decision in _decisions().order_by("pk").iterator(chunk_size=2000):
        name = {"id": decision.pk, "case": decision.application.reference}
        event = events.get(str(decision.pk))
        if event is None:
            found.findings.append(Finding("decision", "no_event", **name))
            continue
        decider = _pseudonym(names, decision.decided_by)
        differences = decision_differences(decision, event, decider)
        found.findings += [Finding("decision", c, **name, **f) for c, f in differences]
        older += "criteria_sha256" not in event.changes
    if older:
        found.notes.append({"code": "decisions_without_digest", "count": older})
    return found


def _recorded_due(changes: Mapping[str, Any]) -> tuple[bool, Any]:
    if "due" in changes:
        return True, changes["due"]
    moved = changes.get("response_due")  # older events: the case's deadline, when it changed
    return isinstance(moved, Mapping), moved.get("to") if isinstance(moved, Mapping) else None


def communication_differences(
    letter: Communication, event: Event, sender: str
) -> Iterator[Difference]:
    """What of the kommunicering differs from what its event recorded (only what it recorded)."""
    changes = event.changes
    if event.reasons is not None and letter.proposal_text != event.reasons:
        yield "proposal_text_differs", {}
    criteria = sorted({str(c) for c in letter.criteria or []})
    if criteria != sorted(event.criteria):
        yield from _differ("criteria", ", ".join(criteria), ", ".join(event.criteria))
    known, due = _recorded_due(changes)
    if known:
        yield from _differ("due", letter.due, due)
    yield from _differ("sent_by", sender, event.actor_id)
    if "proposed_outcome" in changes:
        yield from _differ("proposed_outcome", letter.proposed_outcome, changes["proposed_outcome"])
    if "proposed_amount" in changes:
        yield from _amount_differ(
            "proposed_amount", letter.proposed_amount, changes["proposed_amount"]
        )
    digest = changes.get("letter_sha256")
    if digest is not None and fields_sha256(letter, LETTER_FIELDS) != digest:
        yield "letter_digest_differs", {}


# A proposal's kommunicering, and an intended revocation's (ADR 0015): both write a Communication.
COMMUNICATE_ACTIONS = ("application.communicate", "application.communicate_revocation")


def _communication_events() -> tuple[dict[str, Event], dict[str, list[Event]]]:
    """The events by the kommunicering they name; older ones (naming none) by case, in order."""
    by_id: dict[str, Event] = {}
    by_case: dict[str, list[Event]] = defaultdict(list)
    for event in _events(action__in=COMMUNICATE_ACTIONS):
        if "communication_id" in event.changes:
            by_id.setdefault(str(event.changes["communication_id"]), event)
        else:
            by_case[event.object_id].append(event)
    return by_id, by_case


def communication_reconciliation(names: Mapping[int, str]) -> Found:
    by_id, by_case = _communication_events()
    found, older = Found([], []), 0
    rows = Communication.objects.select_related("application", "sent_by").only(
        "due", "proposal_text", "proposed_outcome", "proposed_amount", "criteria", *LETTER_FIELDS,
        "application__reference", "sent_by__username",
    )  # fmt: skip
    for letter in rows.order_by("pk").iterator(chunk_size=2000):
        name = {"id": letter.pk, "case": letter.application.reference}
        event = by_id.get(str(letter.pk))
        if event is None and by_case[str(letter.application_id)]:
            event, older = by_case[str(letter.application_id)].pop(0), older + 1
        if event is None:
            found.findings.append(Finding("communication", "no_event", **name))
            continue
        differences = communication_differences(letter, event, _pseudonym(names, letter.sent_by))
        found.findings += [Finding("communication", c, **name, **f) for c, f in differences]
    if older:
        found.notes.append({"code": "communications_without_digest", "count": older})
    return found


def notice_reconciliation(names: Mapping[int, str]) -> Found:
    """Each notice against its ``decision.notified`` event: the decision, channel and sender
    (the recipient stays in the notice, erasable, and is not in the trail)."""
    events = _by_change(_events(action="decision.notified"), "notice_id")
    found = Found([], [])
    rows = DecisionNotice.objects.select_related("decision__application", "sent_by").only(
        "channel", "decision__application__reference", "sent_by__username"
    )
    for notice in rows.order_by("pk").iterator(chunk_size=2000):
        name = {"id": notice.pk, "case": notice.decision.application.reference}
        event = events.get(str(notice.pk))
        if event is None:
            found.findings.append(Finding("notice", "no_event", **name))
            continue
        differences = [
            *_differ("decision", notice.decision_id, event.object_id),
            *_differ("channel", notice.channel, event.changes.get("channel")),
        ]
        if notice.sent_by is not None:
            differences += _differ("sent_by", _pseudonym(names, notice.sent_by), event.actor_id)
        found.findings += [Finding("notice", c, **name, **f) for c, f in differences]
    return found


def decisions_reconciliation() -> Found:
    """Decisions, kommuniceringar and notices against the trail: findings and notes."""
    names = pseudonyms()
    parts = [
        decision_reconciliation(names),
        communication_reconciliation(names),
        notice_reconciliation(names),
    ]
    return Found([f for p in parts for f in p.findings], [n for p in parts for n in p.notes])
