"""The auditors' chain page: the last verification in words, verifying now, the published key."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from audit.checkpoints import run_verification
from audit.context import ACTOR_SYSTEM, actor_for_user
from audit.labels import actor_type_label
from audit.models import AuditEvent, Checkpoint
from audit.reconcile import NOTES
from audit.signing import SigningKeyMissing, key_name, public_key, verifier_key
from audit.verification_words import (
    chain_summary,
    note_label,
    problem_label,
    recorded_findings,
    report_summary,
    worded,
)
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
    return worded(texts, changes.get("note_records"), note_label, _legacy_note)


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
        checkpoint, last, findings=recorded_findings(changes),
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
    summary = report_summary(report)
    intact = bool(report.intact) and report.first_bad is None
    return VerifyResult(intact, len(report.findings), summary)


def published_verifier_key() -> str:
    """The verifier key GET /api/v1/audit/public-key publishes; "" without a signing key."""
    try:
        key = public_key()
    except SigningKeyMissing:
        return ""
    return verifier_key(key_name(), key)


# The offline verifier auditors run on an export (docs/audit-format.md, section 5), offered for
# download with its SHA-256 on the chain page. Its own checksum lets an auditor compare the copy
# with the one published in Granska's source, rather than trust the system it checks.
VERIFIER_PATH = Path(settings.BASE_DIR) / "tools" / "verify_audit_export.py"


@functools.cache
def verifier_script() -> tuple[bytes, str] | None:
    """The verifier's bytes and their SHA-256 (hex), read once per process; None when the
    deployment does not carry ``tools/``."""
    try:
        data = VERIFIER_PATH.read_bytes()
    except OSError:
        return None
    return data, hashlib.sha256(data).hexdigest()
