"""The essential facts of an audit event, read from its recorded ``changes``, as the auditors'
case page and the case timeline show them: an assessment's criterion and outcome, a decision's
outcome and amount, a notice's channel and the decision it concerns, and so on.

Only what the event itself recorded is shown (no query): the trail is what the auditor reviews.
Each action names the keys it shows, in order (``EVENT_FACTS``); an action not listed shows the
keys it has among those known (``FACT_LABELS``). A key the event lacks, a key nobody knows, or a
value of an unexpected shape (the trail may be old, or altered) is left out, never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vetting.models import (
    Assessment,
    Communication,
    DecisionNotice,
    DecisionOutcome,
    Escalation,
    HearingException,
    IncomingDocument,
    Kind,
    Outcome,
    ProgramReview,
)
from vetting.money import kronor


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    adverse: bool = False  # a fail, doubt, rejection or revocation: shown so that it stands out
    key: str = ""  # the key it shows (of ``FACT_LABELS``)
    recorded: Any = None  # the value as the event recorded it (a code, an amount, a flag)


def recorded_amount(value: Any) -> Decimal | str:
    """An amount as recorded, as a number; "" when none, and the text as recorded when it is
    not a finite number (the trail may be old, or altered)."""
    if value is None:
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return number if number.is_finite() else str(value)


def amount_text(value: Any) -> str:
    """An amount as the page's language writes it, as letters and decisions do
    (``vetting.money.kronor``): "17 500 kr", "17 500,50 kr" with öre in Swedish ("" when none;
    as recorded when it is not a number, ``recorded_amount``)."""
    number = recorded_amount(value)
    return kronor(number) if isinstance(number, Decimal) else number


def recorded(value: Any) -> Any:
    """The value after the change: a field change is recorded as ``{"from": …, "to": …}``
    (``vetting.services._core.save_transition``), a fact of the event as the value itself."""
    return value.get("to") if isinstance(value, Mapping) and "to" in value else value


# The labels of the coded values an event records.
CHOICES: dict[str, Mapping[str, Any]] = {
    "outcome": {**dict(Outcome.choices), **dict(DecisionOutcome.choices)},
    "evidence_kind": dict(Assessment.EvidenceKind.choices),
    "kind": dict(Kind.choices),
    "channel": dict(DecisionNotice.Channel.choices),
    "result": dict(ProgramReview.Result.choices),
    "conclusion": dict(Escalation.Conclusion.choices),
    "purpose": dict(Communication.Purpose.choices),
    "hearing_exception": dict(HearingException.choices),
    "document_kind": dict(IncomingDocument.Kind.choices),
}
ADVERSE = frozenset(
    {"fail", "doubt", "rejected", "partly_approved", "revoked", "written_off", "link"}
)


def _choice(name: str) -> Callable[[Any], str]:
    def label(value: Any) -> str:
        found = CHOICES[name].get(value) if isinstance(value, str) else None
        return str(found) if found is not None else str(value)

    return label


def _decision(value: Any) -> str:
    """A decision the facts could not number (its case's numbers not given): by its id."""
    return str(_("nr %(id)s") % {"id": value})


def decision_name(reference: str, number: int) -> str:
    """A decision as the decision log and the documents name it: "KFN-2026-00006 beslut 2"
    (its number in the case, ``vetting.selectors.decision_number``)."""
    return str(gettext("%(ref)s beslut %(number)s") % {"ref": reference, "number": number})


def _yes_no(value: Any) -> str:
    return str(_("ja") if value else _("nej"))


def _text(value: Any) -> str:
    return str(value)


# What each key of ``changes`` is called, and how its value reads.
FACT_LABELS: dict[str, tuple[Promise, Callable[[Any], str]]] = {
    "criterion": (_("Kriterium"), _text),
    "outcome": (_("Utfall"), _choice("outcome")),
    "proposed_outcome": (_("Föreslaget utfall"), _choice("outcome")),
    "evidence_kind": (_("Underlag"), _choice("evidence_kind")),
    "followed_reader": (_("Följde stadgeläsaren"), _yes_no),
    "kind": (_("Ärendeslag"), _choice("kind")),
    "amount_applied": (_("Sökt belopp"), amount_text),
    "proposed_amount": (_("Föreslaget belopp"), amount_text),
    "amount_granted": (_("Beviljat belopp"), amount_text),
    "amount": (_("Utbetalt belopp"), amount_text),
    "paid_on": (_("Utbetalningsdag"), _text),
    "payment_reference": (_("Utbetalningsreferens"), _text),
    "reclaim_amount": (_("Återkrävt belopp"), amount_text),
    "decision_id": (_("Beslut"), _decision),
    "replaces": (_("Ersätter beslut"), _decision),
    "concerns_decision": (_("Gäller beslut"), _decision),
    "channel": (_("Kanal"), _choice("channel")),
    "applicant_heard": (_("Sökanden hörd"), _text),
    "no_conflict_confirmed": (_("Jäv prövat"), _yes_no),
    "supplement_due": (_("Kompletteras senast"), _text),
    "program_due": (_("Program senast"), _text),
    "response_due": (_("Yttrande senast"), _text),
    "received_on": (_("Inkom"), _text),
    "late": (_("För sent"), _yes_no),
    # Whether a registered response objects to what was communicated (ADR 0006).
    "contests": (_("Sökanden invänder"), _yes_no),
    "result": (_("Resultat"), _choice("result")),
    "conclusion": (_("Slutsats"), _choice("conclusion")),
    "has_text": (_("Text"), _yes_no),
    "document_kind": (_("Slag av handling"), _choice("document_kind")),
    # The hearing of an intended revocation (ADR 0015).
    "revocation_response_due": (_("Yttrande över återkallandet senast"), _text),
    "purpose": (_("Yttrande över"), _choice("purpose")),
    "hearing_sent_on": (_("Återkallandet kommunicerat"), _text),
    "hearing_due": (_("Yttrande över återkallandet senast"), _text),
    "hearing_answered": (_("Yttrande över återkallandet inkommet"), _yes_no),
    "hearing_exception": (_("Undantag från kommunicering"), _choice("hearing_exception")),
    # A deadline shorter than the minimum, and why (FL 25 §, ADR 0026).
    "short_deadline_reason": (_("Skäl till kortare svarstid"), _text),
    # Free texts kept beside the chain (docs/audit-format.md 1.9): the text, or "gallrad <date>".
    "response_considered": (_("Sökandens synpunkter och nämndens bedömning"), _text),
    "reason": (_("Grund för jävet"), _text),
}

DECISION_FACTS = ("decision_id", "outcome", "amount_granted")
# The keys each action shows, in order; an action not listed shows every known key it has.
EVENT_FACTS: dict[str, tuple[str, ...]] = {
    "application.submitted": ("kind", "amount_applied"),
    "application.assign": ("no_conflict_confirmed",),
    "application.request_supplement": ("supplement_due", "short_deadline_reason"),
    "application.receive_supplement": ("received_on", "late"),
    "application.start_program_review": ("program_due", "short_deadline_reason"),
    "application.complete_program_review": ("result",),
    "application.conclude_escalation": ("conclusion",),
    "application.propose": ("proposed_outcome", "proposed_amount"),
    "application.communicate": ("response_due", "short_deadline_reason"),
    "application.communicate_revocation": (
        "revocation_response_due",
        "reclaim_amount",
        "short_deadline_reason",
    ),
    "application.record_response": ("purpose", "received_on", "late", "contests"),
    "application.decide": (
        *DECISION_FACTS,
        "hearing_exception",
        "applicant_heard",
        "response_considered",
    ),
    "application.correct": (*DECISION_FACTS, "replaces", "applicant_heard"),
    "application.pay": ("amount", "paid_on", "payment_reference"),
    "application.revoke": (
        "decision_id",
        "outcome",
        "reclaim_amount",
        "hearing_sent_on",
        "hearing_exception",
        "applicant_heard",
        "response_considered",
    ),
    "application.write_off": ("decision_id", "outcome", "supplement_due"),
    "application.drop_revocation": ("hearing_sent_on", "hearing_due", "hearing_answered"),
    "assessment.recorded": ("criterion", "outcome", "evidence_kind", "followed_reader"),
    "decision.notified": ("concerns_decision", "channel"),
    "program.received": ("received_on", "late", "has_text"),
    "supplement.delivered": ("has_text",),
    "document.received": ("document_kind", "received_on"),
    "conflict.declared": ("reason",),
}
# Facts read from elsewhere than ``changes`` (``_values``): only for the actions that list them.
# "reason" is the jäv's ground only where listed (other events' "reason" means something else).
ONLY_WHEN_LISTED = frozenset({"criterion", "concerns_decision", "reason"})
# Keys whose value is an outcome (adverse ones stand out), and flags shown only when set.
OUTCOME_KEYS = frozenset({"outcome", "proposed_outcome", "result", "conclusion"})
SHOWN_ONLY_WHEN_TRUE = frozenset({"late"})


def _values(event: Any) -> dict[str, Any]:
    """The event's facts by key: its ``changes``, and what it records elsewhere (the one
    criterion an assessment is of, the decision a notice concerns)."""
    # Free texts kept outside the chain (1.9) as their text, or "gallrad <date>" once pruned.
    changes = getattr(event, "changes_shown", None) or getattr(event, "changes", None)
    values = {k: recorded(v) for k, v in changes.items()} if isinstance(changes, Mapping) else {}
    criteria = getattr(event, "criteria", None)
    if event.action == "assessment.recorded" and isinstance(criteria, list) and criteria:
        values["criterion"] = ", ".join(str(c) for c in criteria)
    if event.action == "decision.notified" and getattr(event, "object_type", "") == "decision":
        values["concerns_decision"] = event.object_id
    return values


def _fact(key: str, value: Any) -> Fact | None:
    """One key's fact; None when there is nothing to show (no value, or not one of its shape)."""
    if key not in FACT_LABELS or value is None or value == "" or isinstance(value, Mapping | list):
        return None
    if key in SHOWN_ONLY_WHEN_TRUE and value is not True:
        return None
    label, show = FACT_LABELS[key]
    adverse = (key in OUTCOME_KEYS and value in ADVERSE) or key in SHOWN_ONLY_WHEN_TRUE
    return Fact(str(label), show(value), adverse, key, value)


def event_facts(event: Any, decisions: Mapping[int, int] | None = None) -> list[Fact]:
    """The readable facts of one event (an ``AuditEvent`` or anything with its attributes).
    ``decisions``: the number in its case of each decision by id
    (``vetting.selectors.case_decision_numbers``, read once for a page of events), so that a
    decision the event records, replaces or concerns reads as the decision log names it
    ("KFN-2026-00006 beslut 2"), not by its database id."""
    values = _values(event)
    keys = EVENT_FACTS.get(event.action) or [k for k in FACT_LABELS if k not in ONLY_WHEN_LISTED]
    facts = [_fact(key, values.get(key)) for key in keys]
    return [_numbered(fact, event, decisions or {}) for fact in facts if fact is not None]


DECISION_KEYS = frozenset({"decision_id", "replaces", "concerns_decision"})


def _numbered(fact: Fact, event: Any, decisions: Mapping[int, int]) -> Fact:
    """A decision fact named by its case and number, when both are known."""
    reference = getattr(event, "case_ref", "")
    number = decisions.get(_as_id(fact.recorded)) if fact.key in DECISION_KEYS else None
    if number is None or not reference:
        return fact
    return replace(fact, value=decision_name(reference, number))


def _as_id(value: Any) -> int:
    """A recorded decision id as a number (a notice's object id is text); 0 when not one."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else 0
