"""Signing checkpoints of the chain head, and recording verification runs."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from audit.context import SYSTEM, Actor
from audit.models import ChainHead, Checkpoint
from audit.reconcile import reconciliation
from audit.services import chain_head, record_event
from audit.signing import NoteBody, format_time, key_id, key_name, private_key, sign_note
from audit.verify import ChainReport, verify_chain


def sign_checkpoint() -> Checkpoint | None:
    """Sign the current head; None when the newest checkpoint already covers it (idempotent)."""
    key, name = private_key(), key_name()
    with transaction.atomic(), connection.cursor() as cursor:
        seq, digest = chain_head(cursor, lock=True)
        if seq == 0 or Checkpoint.objects.filter(seq__gte=seq).exists():
            return None
        ChainHead.objects.update_or_create(id=1, defaults={"seq": seq, "hash": digest})
        now = timezone.now()
        body = NoteBody(origin=name, size=seq, hash_hex=digest, time=format_time(now))
        return Checkpoint.objects.create(
            seq=seq,
            hash=digest,
            signed_at=now,
            origin=name,
            key_id=key_id(name, key.public_key()).hex(),
            note=sign_note(body, key, name),
        )


def summary(report: ChainReport) -> str:
    """The one-line result of a verification run."""
    if not report.intact:
        return f"BROKEN at #{report.first_bad}: {report.problem}"
    text = (
        f"OK: {report.events} events, chain intact to #{report.head_seq} "
        f"({report.head_hash[:16]}…), {report.checkpoints} checkpoints verified"
    )
    if report.findings:
        return f"{text}; RECONCILIATION: {len(report.findings)} findings"
    return f"{text}, reconciliation clean"


def run_verification(*, actor: Actor = SYSTEM, record: bool = False) -> ChainReport:
    """Verify the chain and checkpoints and reconcile; optionally record the result as an event."""
    report = verify_chain()
    reconciled = reconciliation()
    report.findings, report.notes = reconciled.findings, reconciled.notes
    report.note_records = reconciled.note_records
    if record:
        with transaction.atomic():
            record_event(
                actor=actor,
                action="audit.verified",
                object_type="audit_chain",
                reasons=summary(report),
                changes={
                    "intact": report.intact,
                    "first_bad": report.first_bad,
                    "problem": report.problem_record(),
                    "head_seq": report.head_seq,
                    "head_hash": report.head_hash if report.intact else None,
                    "checkpoints": report.checkpoints,
                    "findings": [str(f) for f in report.findings[:50]],
                    "finding_records": [f.record for f in report.findings[:50]],
                    "notes": report.notes,
                    "note_records": report.note_records,
                },
            )
    return report
