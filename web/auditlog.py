"""The auditors' decision log: every decision and transition, filtered, and its CSV export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from audit.checkpoints import run_verification
from audit.context import ACTOR_SYSTEM, actor_for_user
from audit.export import spreadsheet_safe
from audit.facts import Fact, event_facts, recorded
from audit.labels import actor_type_label, attempted_action_label
from audit.models import AuditEvent, Checkpoint, Person
from audit.reconcile import NOTES
from audit.selectors import day_end, day_start
from audit.services import record_event
from audit.signing import SigningKeyMissing, key_name, public_key, verifier_key
from audit.verify import PROBLEMS
from vetting import roles
from vetting.models import Application, Decision
from web.selectors import actor_name, actor_names
from web.templatetags.granska import (
    event_label,
    outcome_label,
    recorded_decision,
    role_label,
    state_label,
)

# Transition events of cases (and refused attempts), as written by vetting.services._core.
LOG_OBJECT_TYPE = "application"
REFUSED = "application.refused"


@dataclass
class LogFilter:
    date_from: date | None = None
    date_to: date | None = None
    administration: int | None = None
    kind: str = ""
    outcome: str = ""
    decision_maker: int | None = None
    association: int | None = None
    decisions_only: bool = False
    case: str = ""  # one case's reference (diarienummer)

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}


def decision_log(f: LogFilter) -> QuerySet[AuditEvent]:
    """The transition events of cases matching the filter, newest first."""
    qs = AuditEvent.objects.filter(object_type=LOG_OBJECT_TYPE, action__startswith="application.")
    if f.decisions_only:
        qs = qs.filter(
            action__in=["application.decide", "application.correct", "application.revoke"]
        )
    if f.date_from:
        qs = qs.filter(occurred_at__gte=day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=day_end(f.date_to))
    if f.outcome:
        qs = qs.filter(to_state=f.outcome)
    if f.association:
        qs = qs.filter(association_id=f.association)
    if f.case:
        qs = qs.filter(case_ref=f.case)
    if f.kind or f.administration:
        cases = Application.objects.all()
        if f.kind:
            cases = cases.filter(kind=f.kind)
        if f.administration:
            cases = cases.filter(administration_id=f.administration)
        qs = qs.filter(case_ref__in=cases.values("reference"))
    if f.decision_maker:
        pseudonyms = Person.objects.filter(user_id=f.decision_maker).values("pseudonym")
        qs = qs.filter(actor_id__in=pseudonyms)
    return qs.order_by("-seq")


def no_events() -> QuerySet[AuditEvent]:
    """The empty log, shown for an invalid filter rather than an unfiltered one."""
    return AuditEvent.objects.none()


@dataclass
class LogRow:
    event: AuditEvent
    actor_name: str
    application: Application | None

    @property
    def outcome(self) -> str:
        return str(self.event.changes.get("outcome", "")) if self.event.changes else ""

    @property
    def amount(self) -> Any:
        """The amount the event records: granted (decision, correction), proposed, paid or
        applied for; None when it records none (a rejection, a transition)."""
        return _recorded_amount(self.event, AMOUNT_KEYS)

    @property
    def reclaim_amount(self) -> Any:
        """What a revocation reclaims (återkrav)."""
        return _recorded_amount(self.event, ("reclaim_amount",))

    @property
    def amount_facts(self) -> list[Fact]:
        """The amounts the event records, labelled as the case page's facts label them (granted,
        proposed, paid, reclaimed, applied for): read from the event itself, no query."""
        return [fact for fact in event_facts(self.event) if fact.key in AMOUNT_FACT_KEYS]

    @property
    def refused(self) -> bool:
        """A refused attempt: recorded, but nothing changed (no transition to show)."""
        return self.event.action == REFUSED

    @property
    def attempted_action(self) -> str:
        return str((self.event.changes or {}).get("attempted_action", ""))


# The keys under which an event records its amount, first found first (audit.facts names them).
AMOUNT_KEYS = ("amount_granted", "proposed_amount", "amount", "amount_applied")
AMOUNT_FACT_KEYS = frozenset({*AMOUNT_KEYS, "reclaim_amount"})


def _recorded_amount(event: AuditEvent, keys: Iterable[str]) -> Any:
    changes = event.changes if isinstance(event.changes, Mapping) else {}
    values = (recorded(changes.get(key)) for key in keys)
    return next((v for v in values if v not in (None, "") and not isinstance(v, Mapping)), None)


def log_rows(events: Iterable[AuditEvent]) -> list[LogRow]:
    """Events with their actor's name and case (two queries for the whole page, three when a
    booking system acted on it)."""
    events = list(events)
    names = actor_names(events)
    refs = {e.case_ref for e in events if e.case_ref}
    cases = {
        a.reference: a
        for a in Application.objects.filter(reference__in=refs).select_related(
            "association", "administration"
        )
    }
    return [LogRow(e, actor_name(names, e), cases.get(e.case_ref)) for e in events]


def decision_makers() -> QuerySet[User]:
    """Everyone the log's "Beslutsfattare" filter offers: today's decision makers, and everyone
    who has decided, corrected or revoked (each such event writes a ``Decision`` naming them;
    reconciliation checks that they agree), even if they have lost the role since. The decisions
    are read, not the trail: the table is far smaller, and the form is on every log page."""
    return (
        User.objects.filter(
            Q(groups__name=roles.DECISION_MAKER)
            | Q(pk__in=Decision.objects.values("decided_by_id"))
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# The export follows the page's language, headers and values alike (kind, event, states,
# outcome, role as the log page shows them); seq, rulebook version and hash are numbers and codes.
CSV_HEADER = [
    "seq",
    _("tidpunkt"),
    _("diarienummer"),
    _("ärendeslag"),
    _("förvaltning"),
    _("förening"),
    _("organisationsnummer"),
    _("händelse"),
    _("från status"),
    _("till status"),
    _("utfall"),
    _("aktör"),
    _("aktörens roll"),
    _("kriterier"),
    _("regelverk"),
    _("motivering"),
    "hash",
    _("nekad åtgärd"),  # last, so the columns before it keep their places
    _("belopp"),  # the amounts after it, as numbers in the page's language (4000,00)
    _("återkrävt belopp"),
    _("beslut nr"),  # the decision document the page links to (decision, correction, revocation)
]


def _csv_line(row: LogRow) -> list[str]:
    e, app = row.event, row.application
    texts = [
        e.case_ref,
        app.get_kind_display() if app else "",
        app.administration.name if app else "",
        app.association.name if app else "",
        app.association.org_number if app else "",
        event_label(e.action),
        state_label(e.from_state),
        "" if row.refused else state_label(e.to_state),  # a refused attempt changed nothing
        outcome_label(row.outcome) if row.outcome else "",
        row.actor_name,
        role_label(e.actor_role),
        " ".join(e.criteria or []),
    ]
    return [
        str(e.seq),
        timezone.localtime(e.occurred_at).isoformat(),
        *(spreadsheet_safe(str(t)) for t in texts),
        "" if e.rulebook_version is None else str(e.rulebook_version),
        spreadsheet_safe(e.reasons),
        spreadsheet_safe(e.hash),
        # What a refused attempt tried, as the log page says it ("" for any other event).
        spreadsheet_safe(attempted_action_label(row.attempted_action)) if row.refused else "",
        spreadsheet_safe(_csv_amount(row.amount)),
        spreadsheet_safe(_csv_amount(row.reclaim_amount)),
        str(recorded_decision(e) or ""),
    ]


def _csv_amount(value: Any) -> str:
    """An amount as a spreadsheet of the page's language reads a number: ``4000,00`` in Swedish,
    ``4000.00`` in English (no grouping, no "kr"); as recorded when it is not a number."""
    if value is None:
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return formats.number_format(number, 2, use_l10n=True, force_grouping=False)


def export_csv(f: LogFilter, user: Any, chunk: int = 2000) -> str:
    """The filtered log as CSV; the export itself is recorded in the audit trail."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in CSV_HEADER])
    qs = decision_log(f)
    count = 0
    start = 0
    while True:
        events = list(qs[start : start + chunk])
        if not events:
            break
        for row in log_rows(events):
            writer.writerow(_csv_line(row))
        count += len(events)
        start += chunk
    _record_export(user, f.as_dict(), count)
    return buffer.getvalue()


def _record_export(user: Any, filters: Mapping[str, Any], rows: int) -> None:
    with transaction.atomic():
        record_event(
            actor=actor_for_user(user),
            action="audit.exported",
            object_type="decision_log",
            changes={"filters": dict(filters), "rows": rows, "format": "csv"},
        )


# Verification and checkpoints. The page shows the latest recorded run: the nightly beat task
# records one, and so does an auditor who verifies the whole chain from the page (a POST).


@dataclass
class ChainStatus:
    available: bool
    ok: bool | None = None
    detail: str = ""
    events: int | None = None
    first_bad: int | None = None
    checkpoint: Checkpoint | None = None
    last_recorded: AuditEvent | None = None
    findings: list[str] = field(default_factory=list)
    verified_by: str = ""  # who ran the recorded verification (the system: the nightly task)
    notes: list[str] = field(default_factory=list)  # what reconciliation could not check in full
    head_hash: str = ""  # the hash of the last event verified ("" when not recorded)
    # The chain itself (hashes, links, checkpoint signatures) holds: findings of reconciliation
    # alone (records that do not match their events) do not make it broken.
    intact: bool = False


# Why the chain is broken, by the code audit.verify records in the audit.verified event
# (``changes.problem``, docs/audit-format.md), filled from the event's structured fields.
PROBLEM_TEXTS = {
    "hash_mismatch": _("hashen stämmer inte med händelsens kanoniska byte"),
    "invalid_event": _("de kanoniska byten är ingen giltig händelse"),
    "columns_differ": _("kolumnerna skiljer sig från de kanoniska byten"),
    "json_columns_differ": _("kriterier eller ändringar skiljer sig från de kanoniska byten"),
    "event_missing": _("händelsen saknas (raderad)"),
    "link_broken": _("hashen för #%(seq)s är inte den som #%(next)s länkar till"),
    "seq_below_one": _("löpnummer under 1"),
    "events_missing_at_end": _("händelser saknas i slutet (huvudet anger #%(recorded_head)s)"),
    "head_differs": _("det registrerade huvudet skiljer sig från händelsen med dess nummer"),
    "checkpoint_signature": _(
        "kontrollpunkten vid #%(checkpoint)s: signaturen kan inte verifieras"
    ),
    "checkpoint_note": _("kontrollpunkten vid #%(checkpoint)s: noten skiljer sig från posten"),
    "checkpoint_mismatch": _(
        "kontrollpunkten vid #%(checkpoint)s stämmer inte med händelsen med det numret"
    ),
}


# What reconciliation could not check in full, by the code audit.reconcile records in the
# audit.verified event (``changes.note_records``), filled from the record's fields.
NOTE_TEXTS = {
    "assessments_without_digest": ngettext_lazy(
        "%(count)d bedömning registrerades före underlagets hashvärden: kriterium, utfall och "
        "typ av underlag är avstämda, själva underlaget inte",
        "%(count)d bedömningar registrerades före underlagets hashvärden: kriterium, utfall och "
        "typ av underlag är avstämda, själva underlaget inte",
        "count",
    ),
    "decisions_without_digest": ngettext_lazy(
        "%(count)d beslut registrerades före beslutens hashvärden: slag, utfall, belopp, skäl, "
        "åberopade kriterier, delegation och beslutsfattare är avstämda och beslutstiden inom fem "
        "minuter från händelsens; kriterierna som de sparades vid beslutet, dokumentets övriga "
        "texter och vilket beslut en återkallelse ersätter inte",
        "%(count)d beslut registrerades före beslutens hashvärden: slag, utfall, belopp, skäl, "
        "åberopade kriterier, delegation och beslutsfattare är avstämda och beslutstiden inom fem "
        "minuter från händelsens; kriterierna som de sparades vid beslutet, dokumentets övriga "
        "texter och vilket beslut en återkallelse ersätter inte",
        "count",
    ),
    "communications_without_digest": ngettext_lazy(
        "%(count)d kommunicering registrerades före brevens hashvärden: förslagets text, "
        "kriterier, svarsdag och avsändare är avstämda, föreslaget utfall och belopp samt brevets "
        "underlag och uppgifter inte",
        "%(count)d kommuniceringar registrerades före brevens hashvärden: förslagets text, "
        "kriterier, svarsdag och avsändare är avstämda, föreslaget utfall och belopp samt brevets "
        "underlag och uppgifter inte",
        "count",
    ),
}


def _english_pattern(template: str) -> re.Pattern[str]:
    """A PROBLEMS text as a pattern, each ``{name}`` a number."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else rf"(?P<{p}>\d+)" for i, p in enumerate(parts))
    )


def _legacy_problem(reasons: str) -> dict[str, Any] | None:
    """The problem of an audit.verified event recorded before it carried ``problem`` (only the
    English line, "BROKEN at #<seq>: <text>"): the code whose English text it is, if any."""
    head, _sep, text = reasons.partition(": ")
    seq = head.removeprefix("BROKEN at #")
    if not seq.isdigit():
        return None
    for code, template in PROBLEMS.items():
        found = _english_pattern(template).fullmatch(text)
        if found:
            details = {k: int(v) for k, v in found.groupdict().items() if k not in ("seq", "next")}
            return {"code": code, "seq": int(seq), **details}
    return None


def problem_label(problem: Any, written: str = "") -> str:
    """Why the chain is broken, in the active language, from the recorded structured problem;
    the text as ``written`` (English) when the code is unknown or the record is not the shape
    ``audit.verify`` writes (the event is read from the trail, which may have been altered: the
    page that shows the chain broken must not fail on it)."""
    if not isinstance(problem, Mapping):
        return written
    code, seq = problem.get("code"), problem.get("seq")
    if not isinstance(code, str) or code not in PROBLEM_TEXTS or not isinstance(seq, int):
        return written
    values = {"seq": seq, "next": seq + 1, "checkpoint": seq, "recorded_head": ""}
    values.update({k: v for k, v in problem.items() if k != "code"})
    return str(PROBLEM_TEXTS[code] % values)


def note_label(record: Any) -> str | None:
    """A recorded note in the active language; None when it is not one the page knows (an
    unknown code, or not the shape ``audit.reconcile`` writes: the trail may have been altered)."""
    if not isinstance(record, Mapping) or record.get("code") not in NOTE_TEXTS:
        return None
    count = record.get("count")
    if not isinstance(count, int) or isinstance(count, bool):
        return None
    return str(NOTE_TEXTS[record["code"]] % {"count": count})


def _legacy_note(text: str) -> dict[str, Any] | None:
    """The fields of a note recorded only as its English text (before ``note_records``)."""
    for code, template in NOTES.items():
        found = _english_pattern(template).fullmatch(text)
        if found:
            return {"code": code, **{k: int(v) for k, v in found.groupdict().items()}}
    return None


def recorded_notes(changes: Mapping[str, Any]) -> list[str]:
    """The notes of a recorded run, in the active language: from their fields, or for a run
    recorded before there were any, from the English text (shown as written when unknown)."""
    texts = [t for t in changes.get("notes") or [] if isinstance(t, str)]
    records = changes.get("note_records")
    if not isinstance(records, list) or len(records) != len(texts):
        records = [_legacy_note(text) for text in texts]
    return [note_label(r) or text for r, text in zip(records, texts, strict=True)]


def chain_summary(
    *,
    head_seq: int | None,
    checkpoints: int | None,
    first_bad: int | None,
    problem: str,
    findings: int,
) -> str:
    """One line about a verification run in the active language (audit.checkpoints.summary is
    the English line of the command and the trail); ``problem`` as ``problem_label`` gives it."""
    if first_bad is not None:
        return _("BRUTEN vid #%(seq)s: %(problem)s") % {"seq": first_bad, "problem": problem}
    text = ngettext(
        "OK: kedjan obruten till #%(seq)s, %(n)s kontrollpunkt verifierad",
        "OK: kedjan obruten till #%(seq)s, %(n)s kontrollpunkter verifierade",
        checkpoints or 0,
    ) % {"seq": head_seq or 0, "n": checkpoints or 0}
    if findings:
        more = ngettext(
            "avstämningen: %(n)d avvikelse", "avstämningen: %(n)d avvikelser", findings
        ) % {"n": findings}
        return f"{text}; {more}"
    return f"{text}, {_('avstämningen utan avvikelser')}"


def recorded_summary(event: AuditEvent) -> str:
    """The summary of a recorded run: from its structured ``problem``, or for a run recorded
    before there was one, from the code its English reason names (else that reason as written)."""
    changes = event.changes or {}
    problem = changes.get("problem") if "problem" in changes else _legacy_problem(event.reasons)
    return chain_summary(
        head_seq=changes.get("head_seq"),
        checkpoints=changes.get("checkpoints"),
        first_bad=changes.get("first_bad"),
        problem=problem_label(problem, event.reasons.partition(": ")[2]),
        findings=len(changes.get("findings") or []),
    )  # fmt: skip


def chain_status() -> ChainStatus:
    """The latest signed checkpoint and the latest recorded verification (a read: nothing is
    walked or written here)."""
    checkpoint = Checkpoint.objects.order_by("-seq").first()
    last = AuditEvent.objects.filter(action="audit.verified").order_by("-seq").first()
    if last is None:
        return ChainStatus(available=False, checkpoint=checkpoint)
    changes = last.changes or {}
    ok = bool(changes.get("intact")) and not changes.get("findings")
    return ChainStatus(
        True, ok, recorded_summary(last), changes.get("head_seq"), changes.get("first_bad"),
        checkpoint, last, findings=list(changes.get("findings") or []),
        verified_by=_verified_by(last), notes=recorded_notes(changes),
        head_hash=_head_hash(changes, last.reasons),
        intact=bool(changes.get("intact")) and changes.get("first_bad") is None,
    )  # fmt: skip


# The head's hash as the command's line gives it (the first 16 hex digits), for runs recorded
# before ``changes.head_hash``.
_LINE_HASH = re.compile(r"chain intact to #\d+ \(([0-9a-f]{16})…\)")


def _head_hash(changes: Mapping[str, Any], reasons: str) -> str:
    """The hash of the last event a run verified: as recorded, else from the command's line."""
    digest = changes.get("head_hash")
    if isinstance(digest, str) and digest:
        return digest
    found = _LINE_HASH.search(reasons)
    return f"{found.group(1)}…" if found else ""


def _verified_by(event: AuditEvent) -> str:
    if event.actor_type == ACTOR_SYSTEM:
        return actor_type_label(ACTOR_SYSTEM)
    return actor_name(actor_names([event]), event)


def verify_chain_now(user: Any) -> tuple[bool, str]:
    """Walk the whole chain, its checkpoints and the reconciliation, as the nightly task and
    ``audit_verify --record`` do, and record the result (``audit.verified``) with ``user`` as the
    actor. Returns whether all is well, and the result in the active language."""
    report = run_verification(actor=actor_for_user(user), record=True)
    summary = chain_summary(
        head_seq=report.head_seq,
        checkpoints=report.checkpoints,
        first_bad=report.first_bad,
        problem=problem_label(report.problem_record(), report.problem),
        findings=len(report.findings),
    )
    return report.intact and not report.findings, summary


def published_verifier_key() -> str:
    """The verifier key GET /api/v1/audit/public-key publishes; "" without a signing key."""
    try:
        key = public_key()
    except SigningKeyMissing:
        return ""
    return verifier_key(key_name(), key)
