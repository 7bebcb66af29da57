"""The auditors' chain page: the last verification in words, verifying now, the published key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from audit.checkpoints import run_verification
from audit.context import ACTOR_SYSTEM, actor_for_user
from audit.labels import actor_type_label
from audit.models import AuditEvent, Checkpoint
from audit.reconcile import NOTES
from audit.signing import SigningKeyMissing, key_name, public_key, verifier_key
from audit.verify import PROBLEMS
from web.selectors import actor_name, actor_names


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
    "documents_without_digest": ngettext_lazy(
        "%(count)d inkommen handling registrerades före filernas hashvärden: slag, datum och "
        "filnamn är avstämda, själva filen inte",
        "%(count)d inkomna handlingar registrerades före filernas hashvärden: slag, datum och "
        "filnamn är avstämda, själva filen inte",
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
    reasons = event.reasons_text
    problem = changes.get("problem") if "problem" in changes else _legacy_problem(reasons)
    return chain_summary(
        head_seq=changes.get("head_seq"),
        checkpoints=changes.get("checkpoints"),
        first_bad=changes.get("first_bad"),
        problem=problem_label(problem, reasons.partition(": ")[2]),
        findings=len(changes.get("findings") or []),
    )  # fmt: skip


def chain_status() -> ChainStatus:
    """The latest signed checkpoint and the latest recorded verification (a read: nothing is
    walked or written here)."""
    checkpoint = Checkpoint.objects.order_by("-seq").first()
    last = AuditEvent.objects.filter(action="audit.verified").with_texts().order_by("-seq").first()
    if last is None:
        return ChainStatus(available=False, checkpoint=checkpoint)
    changes = last.changes or {}
    ok = bool(changes.get("intact")) and not changes.get("findings")
    return ChainStatus(
        True, ok, recorded_summary(last), changes.get("head_seq"), changes.get("first_bad"),
        checkpoint, last, findings=list(changes.get("findings") or []),
        verified_by=_verified_by(last), notes=recorded_notes(changes),
        head_hash=_head_hash(changes, last.reasons_text),
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


@dataclass(frozen=True)
class VerifyResult:
    """A run from the page: whether the chain holds, how many records the reconciliation found
    differing from the trail, and the result in the active language."""

    intact: bool
    findings: int
    summary: str

    @property
    def ok(self) -> bool:
        return self.intact and not self.findings


def verify_chain_now(user: Any) -> VerifyResult:
    """Walk the whole chain, its checkpoints and the reconciliation, as the nightly task and
    ``audit_verify --record`` do, and record the result (``audit.verified``) with ``user`` as the
    actor."""
    report = run_verification(actor=actor_for_user(user), record=True)
    summary = chain_summary(
        head_seq=report.head_seq,
        checkpoints=report.checkpoints,
        first_bad=report.first_bad,
        problem=problem_label(report.problem_record(), report.problem),
        findings=len(report.findings),
    )
    intact = bool(report.intact) and report.first_bad is None
    return VerifyResult(intact, len(report.findings), summary)


def published_verifier_key() -> str:
    """The verifier key GET /api/v1/audit/public-key publishes; "" without a signing key."""
    try:
        key = public_key()
    except SigningKeyMissing:
        return ""
    return verifier_key(key_name(), key)
