"""Reconciliation of inkomna handlingar (``vetting.IncomingDocument``) against their
``document.received`` events, as assessments' evidence is (ADR 0012): the event records the kind,
the day it came in, the stored file's name and the SHA-256 of its bytes (``file_sha256``). A row
or a file changed afterwards is a finding naming the document and its case: the file's bytes
read from storage against the recorded digest (a file missing is a finding too), the digest the
row keeps, the file it names, its kind and its day. An event recorded without the digest is
reconciled on what it holds and counted in a note, as older assessments' events are."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.evidence import file_sha256
from audit.models import AuditEvent
from audit.reconcile_decisions import Found
from vetting.models import IncomingDocument


def _document_events() -> dict[str, Mapping[str, Any]]:
    """The changes of each inkommen handling's event, by the document's id (one query)."""
    rows = AuditEvent.objects.filter(
        action="document.received", object_type="incoming_document"
    ).values_list("object_id", "changes")
    return {pk: changes if isinstance(changes, Mapping) else {} for pk, changes in rows}


def _file_differences(document: IncomingDocument, recorded: Any) -> Iterator[str]:
    if document.sha256 != recorded:
        yield "stored digest differs from the trail's"
    try:
        digest = file_sha256(document.file)
    except OSError:
        yield f"file {document.file.name} missing or unreadable"
        return
    if digest != recorded:
        yield "file differs from its digest in the trail"


def _document_differences(document: IncomingDocument, changes: Mapping[str, Any]) -> Iterator[str]:
    """What of the document differs from what its event recorded (only what it recorded)."""
    kind, day = changes.get("document_kind"), changes.get("received_on")
    if kind is not None and kind != document.kind:
        yield f"kind {document.kind}, trail says {kind}"
    if day is not None and day != document.received_on.isoformat():
        yield f"received on {document.received_on.isoformat()}, trail says {day}"
    if "file" in changes and changes["file"] != document.file.name:
        yield f"file {document.file.name}, trail says {changes['file']}"
    if "file_sha256" in changes:
        yield from _file_differences(document, changes["file_sha256"])


def document_reconciliation() -> Found:
    """Every inkommen handling against its event: findings, and a note counting the events
    recorded without a digest (their file is not checked)."""
    events = _document_events()
    found, undigested = Found([], []), 0
    rows = IncomingDocument.objects.select_related("application").only(
        "kind", "file", "sha256", "received_on", "application__reference"
    )
    for document in rows.order_by("pk").iterator(chunk_size=2000):
        name = f"document {document.pk} ({document.application.reference})"
        changes = events.get(str(document.pk))
        if changes is None:
            found.findings.append(f"{name}: no document.received event")
            continue
        found.findings += [f"{name}: {d}" for d in _document_differences(document, changes)]
        undigested += "file_sha256" not in changes
    if undigested:
        found.notes.append({"code": "documents_without_digest", "count": undigested})
    return found
