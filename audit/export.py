"""Exports of the trail for auditors: JSONL (verifiable on its own) and CSV (for reading).

JSONL lines, in order (docs/audit-format.md, "Export"):

1. ``{"header":{...}}`` with the range, the origin and the public key;
2. ``{"checkpoint":{...}}`` for each signed checkpoint in the range (and the one anchoring it);
3. ``{"event":<canonical bytes>,"hash":"<hex>"}`` for each event: the stored canonical bytes,
   written as they are, never rebuilt; after a format v2 event, one ``{"text":{...}}`` line
   for each text it commits to (its reasons, then free texts of its ``changes``, by field) with
   the text and its nonce, or when and by which event it was pruned (outside the canonical
   bytes: ADR 0027);
4. ``{"signature":{...}}``, last (format version 3): Ed25519, by the audit signing key, over
   the SHA-256 of every byte before it, computed as the lines stream out (audit.export_signing).
   An export written where no signing key is configured has no such line (header ``signed``
   false).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from hashlib import sha256
from itertools import islice
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, transaction
from django.utils import timezone

from audit.context import Actor
from audit.export_signing import EXPORT_VERSION, signature_line
from audit.keyset import keyset_rows
from audit.models import REASONS, AuditEvent, Checkpoint, shown_changes
from audit.selectors import day_end, day_start
from audit.services import record_event
from audit.signing import (
    SigningKeyMissing,
    key_name,
    previous_public_keys,
    private_key,
    public_pem,
    verifier_key,
)
from audit.texts import pruned_label

FORMATS = ("jsonl", "csv")
EXPORT_FORMAT = "granska-audit-export"
CHUNK = 20_000
CSV_COLUMNS = (
    "seq", "occurred_at", "actor_type", "actor_id", "actor_role", "actor_administration",
    "action", "object_type", "object_id", "case_ref", "association_id", "from_state",
    "to_state", "reasons", "criteria", "rulebook_version", "changes", "request_id", "ip",
    "prev_hash", "hash",
)  # fmt: skip


@dataclass(frozen=True)
class ExportRange:
    since: date | None
    until: date | None
    first_seq: int
    last_seq: int

    @property
    def count(self) -> int:
        return max(0, self.last_seq - self.first_seq + 1)


def export_range(since: date | None, until: date | None) -> ExportRange:
    """The contiguous run of sequence numbers from the first event on ``since`` to the last
    event on ``until`` (inclusive days, local time); the chain is only verifiable unbroken."""
    qs = AuditEvent.objects.all()
    if since is not None:
        qs = qs.filter(occurred_at__gte=day_start(since))
    if until is not None:
        qs = qs.filter(occurred_at__lt=day_end(until))
    first = qs.order_by("seq").values_list("seq", flat=True).first()
    last = qs.order_by("-seq").values_list("seq", flat=True).first()
    if first is None or last is None:
        return ExportRange(since, until, 1, 0)
    return ExportRange(since, until, first, last)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _key_fields(key: Ed25519PrivateKey | None) -> dict[str, Any]:
    """The current key, and the public keys before it (AUDIT_PREVIOUS_PUBLIC_KEYS), which
    checkpoints signed before a rotation verify with."""
    previous = {"previous_public_keys_pem": [public_pem(k) for k in previous_public_keys()]}
    if key is None:
        return {"public_key_pem": None, "verifier_key": None, **previous}
    public = key.public_key()
    current = {
        "public_key_pem": public_pem(public),
        "verifier_key": verifier_key(key_name(), public),
    }
    return {**current, **previous}


def signing_key() -> Ed25519PrivateKey | None:
    """The key the export is signed with; None where no signing key is configured."""
    try:
        return private_key()
    except SigningKeyMissing:
        return None


def header(rng: ExportRange, key: Ed25519PrivateKey | None) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,  # 3: signed as a whole (ADR 0027, docs/audit-format.md 4)
        "origin": key_name(),
        "since": rng.since.isoformat() if rng.since else None,
        "until": rng.until.isoformat() if rng.until else None,
        "first_seq": rng.first_seq,
        "last_seq": rng.last_seq,
        "events": rng.count,
        "exported_at": timezone.now().isoformat(),
        "signed": key is not None,  # a signature line ends the file
        **_key_fields(key),
    }


_TEXT_COLUMNS = "t.text, t.nonce, t.pruned_at, t.pruned_by"
_WITH_TEXTS = (
    "audit_auditevent e LEFT JOIN audit_eventtext t ON t.event_seq = e.seq AND t.field = 'reasons'"
)


def _event_chunks(rng: ExportRange, columns: str) -> Iterator[list[tuple[Any, ...]]]:
    sql = (
        f"SELECT {columns} FROM {_WITH_TEXTS} "  # noqa: S608
        f"WHERE e.seq > %s AND e.seq <= %s ORDER BY e.seq LIMIT {CHUNK}"
    )
    with connection.cursor() as cursor:
        rows = keyset_rows(cursor, sql, after=rng.first_seq - 1, until=rng.last_seq)
        while chunk := list(islice(rows, CHUNK)):  # a page of keyset_rows (its texts read once)
            yield chunk


_CHANGE_TEXTS = (
    "SELECT event_seq, field, text, nonce, pruned_at, pruned_by FROM audit_eventtext "
    "WHERE field <> 'reasons' AND event_seq >= %s AND event_seq <= %s ORDER BY event_seq, field"
)


def _change_texts(first: int, last: int) -> dict[int, list[tuple[Any, ...]]]:
    """The side texts of ``changes`` (1.9) of events ``first``..``last``, by event."""
    found: dict[int, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_CHANGE_TEXTS, [first, last])
        for seq, *rest in cursor.fetchall():
            found.setdefault(seq, []).append((seq, *rest))
    return found


def jsonl_lines(rng: ExportRange) -> Iterator[bytes]:
    """The export, chunk by chunk, each chunk hashed as it goes; signed at the end when the
    signing key is configured (docs/audit-format.md 4). Never the whole file in memory."""
    key = signing_key()
    digest = sha256()
    for chunk in _unsigned_lines(rng, key):
        digest.update(chunk)
        yield chunk
    if key is not None:
        yield signature_line(digest.digest(), key, key_name())


def _unsigned_lines(rng: ExportRange, key: Ed25519PrivateKey | None) -> Iterator[bytes]:
    yield _dumps({"header": header(rng, key)}) + b"\n"
    checkpoints = Checkpoint.objects.filter(
        seq__gte=rng.first_seq - 1, seq__lte=rng.last_seq
    ).values("seq", "hash", "signed_at", "origin", "key_id", "note")
    for cp in checkpoints.order_by("seq"):
        yield _dumps({"checkpoint": {**cp, "signed_at": cp["signed_at"].isoformat()}}) + b"\n"
    batch: list[bytes] = []
    columns = f"e.seq, e.canonical, e.hash, e.reasons_sha256, {_TEXT_COLUMNS}"
    for chunk in _event_chunks(rng, columns):
        others = _change_texts(chunk[0][0], chunk[-1][0])
        for seq, canonical, digest, committed, *text in chunk:
            batch.append(b'{"event":%s,"hash":"%s"}\n' % (canonical.encode(), digest.encode()))
            if committed is not None and text[0] is not None:  # a side row, present or pruned
                batch.append(_dumps({"text": text_record(seq, *text)}) + b"\n")
            for _seq, field, value, nonce, pruned_at, by in others.get(seq, ()):
                record = text_record(seq, value, nonce, pruned_at, by, field=field)
                batch.append(_dumps({"text": record}) + b"\n")
            if len(batch) >= 1000:
                yield b"".join(batch)
                batch = []
    if batch:
        yield b"".join(batch)


def text_record(
    seq: int, text: str, nonce: str, pruned_at: Any, pruned_by: int | None, field: str = REASONS
) -> dict:
    """The text line of an event (docs/audit-format.md 4): its field, text and nonce, or,
    pruned, when and by which ``audit.texts_pruned`` event."""
    if pruned_at is None and (text or nonce):
        return {"seq": seq, "field": field, "nonce": nonce, "text": text}
    moment = _aware(pruned_at).isoformat() if pruned_at is not None else None
    return {"seq": seq, "field": field, "pruned_at": moment, "pruned_by": pruned_by}


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: a leading formula character is quoted with '.
    (The CSV is for reading; the JSONL export is the one to verify, byte for byte.)"""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _aware(value: Any) -> Any:
    """A time column as a raw cursor reads it (SQLite: text in UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def csv_lines(rng: ExportRange) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    columns = ", ".join([*(f"e.{c}" for c in CSV_COLUMNS), "e.reasons_sha256", _TEXT_COLUMNS])
    reasons, changes = CSV_COLUMNS.index("reasons"), CSV_COLUMNS.index("changes")
    for chunk in _event_chunks(rng, columns):
        others = _change_texts(chunk[0][0], chunk[-1][0])
        for *row, committed, text, _nonce, pruned_at, _by in chunk:
            if committed is not None:  # format v2: the side text, or when it was pruned
                row[reasons] = pruned_label(_aware(pruned_at)) if pruned_at else (text or "")
            if row[0] in others:  # texts of changes (1.9): shown as their text, or pruned
                row[changes] = _changes_shown(row[changes], others[row[0]])
            writer.writerow([spreadsheet_safe(v) for v in row])
            if buffer.tell() > 1 << 16:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue().encode()


def _changes_shown(changes: Any, rows: list[tuple[Any, ...]]) -> str:
    recorded = json.loads(changes) if isinstance(changes, str) else changes
    texts = {field: (text, _aware(pruned) if pruned else None)
             for _seq, field, text, _nonce, pruned, _by in rows}  # fmt: skip
    shown = shown_changes(recorded, texts)
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))


def audit_export(
    *, actor: Actor, since: date | None, until: date | None, fmt: str
) -> tuple[ExportRange, Iterator[bytes]]:
    """Record the export as an event, then give its range and its bytes (streamed)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    rng = export_range(since, until)
    with transaction.atomic():
        record_event(
            actor=actor,
            action="audit.exported",
            object_type="audit_export",
            changes={
                "since": since,
                "until": until,
                "format": fmt,
                "first_seq": rng.first_seq,
                "last_seq": rng.last_seq,
                "events": rng.count,
            },
        )
    return rng, jsonl_lines(rng) if fmt == "jsonl" else csv_lines(rng)
