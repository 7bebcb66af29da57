"""Free text outside the chain (format v2, ADR 0027): commitments, reading, verification.

A v2 event's non-empty ``reasons`` is kept in ``audit.EventText`` with a random nonce; the chain
holds ``{"sha256": <hex>}``, SHA-256 of the RFC 8785 bytes of ``{"nonce": …, "text": …}``
(docs/audit-format.md 1.9). The text can then be pruned (gallring) or erased without touching the
chain: ``audit.pruning`` blanks it and records an ``audit.texts_pruned`` event naming the events.
Verification accepts a present text only if it matches its commitment, and a missing one only if
such an event covers it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import rfc8785
from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.findings import Finding
from audit.freetext import FREE_TEXT, committed_keys, field_name
from audit.keyset import keyset_rows
from audit.models import REASONS, AuditEvent

PRUNE_ACTION = "audit.texts_pruned"
CHUNK = 20_000


def new_nonce() -> str:
    """128 random bits, hex: after pruning nobody can confirm a guessed text by its digest."""
    return secrets.token_hex(16)


def text_commitment(nonce: str, text: str) -> str:
    """Lowercase hex SHA-256 of the RFC 8785 bytes of ``{"nonce": nonce, "text": text}``."""
    return hashlib.sha256(rfc8785.dumps({"nonce": nonce, "text": text})).hexdigest()


def insert_texts(cursor: Any, seq: int, texts: list[tuple[str, str, str]]) -> None:
    """The side rows of a v2 event's texts, (field, text, nonce) each, in one statement with
    the caller's cursor (inside ``record_event``)."""
    marks = ", ".join(["(%s, %s, %s, %s)"] * len(texts))
    cursor.execute(
        f"INSERT INTO audit_eventtext (event_seq, field, text, nonce) VALUES {marks}",  # noqa: S608
        [value for field, text, nonce in texts for value in (seq, field, text, nonce)],
    )


def pruned_label(moment: Any) -> str:
    """What pages, the API, exports and letters show for a pruned text: "gallrad <date>"."""
    if isinstance(moment, datetime):  # stored in UTC (naive from raw SQL on SQLite)
        aware = moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
        moment = timezone.localdate(aware)  # the day in Sweden, as every other date shown
    day = formats.date_format(moment, "Y-m-d")
    return _("gallrad %(date)s") % {"date": day}


def reasons_shown(event: AuditEvent) -> str:
    """The event's reasons to show: the text, or "gallrad <date>" once pruned."""
    pruned = event.reasons_pruned_at
    return pruned_label(pruned) if pruned is not None else event.reasons_text


# --- verification ------------------------------------------------------------------------------


def pruned_seqs() -> dict[int, int]:
    """The events whose texts a pruning event covers: event seq → the pruning event's seq."""
    covered: dict[int, int] = {}
    rows = AuditEvent.objects.filter(action=PRUNE_ACTION).values_list("seq", "changes")
    for seq, changes in rows.order_by("seq"):
        listed = changes.get("seqs") if isinstance(changes, Mapping) else None
        for covered_seq in listed if isinstance(listed, list) else []:
            if isinstance(covered_seq, int) and covered_seq < seq:
                covered.setdefault(covered_seq, seq)
    return covered


_COMMITTED = (
    "SELECT e.seq, e.reasons_sha256, t.text, t.nonce FROM audit_auditevent e "  # noqa: S608
    "LEFT JOIN audit_eventtext t ON t.event_seq = e.seq AND t.field = %s "
    "WHERE e.reasons_sha256 IS NOT NULL AND e.seq > %s ORDER BY e.seq LIMIT " + str(CHUNK)
)
_ORPHANS = (
    "SELECT t.event_seq, t.field FROM audit_eventtext t "
    "LEFT JOIN audit_auditevent e ON e.seq = t.event_seq "
    "WHERE (e.reasons_sha256 IS NULL AND t.field = %s) "
    "OR (t.field <> %s AND t.field NOT LIKE 'changes.%%') ORDER BY t.event_seq"
)
_CHANGE_TEXTS = (
    "SELECT t.event_seq, t.field, t.text, t.nonce FROM audit_eventtext t "
    "WHERE t.field LIKE 'changes.%%' ORDER BY t.event_seq"
)


def _committed_rows() -> Iterator[tuple[int, str, str | None, str | None]]:
    with connection.cursor() as cursor:
        yield from keyset_rows(cursor, _COMMITTED, after=0, params=[REASONS])


def text_findings() -> list[Finding]:
    """Every committed text against its commitment; a missing one must be covered by pruning;
    a text no event commits to is a finding too (it would be shown as the event's)."""
    findings: list[Finding] = []
    covered: dict[int, int] | None = None
    for seq, committed, text, nonce in _committed_rows():
        if text or nonce:
            if text_commitment(nonce or "", text or "") != committed:
                findings.append(Finding("event", "text_differs", seq=seq, text=REASONS))
            continue
        covered = pruned_seqs() if covered is None else covered
        if seq not in covered:  # the finding names PRUNE_ACTION
            findings.append(Finding("event", "text_missing", seq=seq, text=REASONS))
    with connection.cursor() as cursor:
        cursor.execute(_ORPHANS, [REASONS, REASONS])
        for seq, field in cursor.fetchall():
            findings.append(Finding("event_text", "text_uncommitted", seq=seq, text=field))
    return findings + change_text_findings()


def _change_commitments() -> Iterator[tuple[int, str, str]]:
    """(seq, field, digest) of every commitment in a v2 event's ``changes``: the events of the
    actions ``FREE_TEXT`` declares (a commitment elsewhere would leave its side text an
    orphan, which is reported)."""
    events = AuditEvent.objects.filter(format_version__isnull=False, action__in=list(FREE_TEXT))
    rows = events.order_by("seq").values_list("seq", "changes")
    for seq, changes in rows.iterator(chunk_size=CHUNK):
        for key, digest in committed_keys(changes).items():
            yield seq, field_name(key), digest


def change_text_findings() -> list[Finding]:
    """Each commitment in ``changes`` against its side text, as ``text_findings`` does for
    reasons; a side text of ``changes`` that no event commits to is a finding."""
    with connection.cursor() as cursor:
        cursor.execute(_CHANGE_TEXTS, [])
        texts = {(seq, field): (text, nonce) for seq, field, text, nonce in cursor.fetchall()}
    findings: list[Finding] = []
    covered: dict[int, int] | None = None
    for seq, field, committed in _change_commitments():
        text, nonce = texts.pop((seq, field), (None, None))
        if text or nonce:
            if text_commitment(nonce or "", text or "") != committed:
                findings.append(Finding("event", "text_differs", seq=seq, text=field))
            continue
        covered = pruned_seqs() if covered is None else covered
        if seq not in covered:
            findings.append(Finding("event", "text_missing", seq=seq, text=field))
    for seq, field in sorted(texts):
        findings.append(Finding("event_text", "text_uncommitted", seq=seq, text=field))
    return findings
