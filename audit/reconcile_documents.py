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
from audit.findings import Finding, value
from audit.models import AuditEvent
from audit.reconcile_decisions import Difference, Found
from vetting.models import IncomingDocument


def _document_events() -> dict[str, Mapping[str, Any]]:
    """The changes of each inkommen handling's event, by the document's id (one query)."""
    rows = AuditEvent.objects.filter(
        action="document.received", object_type="incoming_document"
    ).values_list("object_id", "changes")
    return {pk: changes if isinstance(changes, Mapping) else {} for pk, changes in rows}


def _file_differences(document: IncomingDocument, recorded: Any) -> Iterator[Difference]:
    if document.sha256 != recorded:
        yield "stored_digest_differs", {}
    try:
        digest = file_sha256(document.file)
    except OSError:
        yield "file_unreadable", {"file": document.file.name}
        return
    if digest != recorded:
        yield "file_differs", {}


def _differs(name: str, mine: Any, recorded: Any) -> Difference:
    return "differs", {"field": name, "value": value(mine), "recorded": value(recorded)}


def _document_differences(
    document: IncomingDocument, changes: Mapping[str, Any]
) -> Iterator[Difference]:
    """What of the document differs from what its event recorded (only what it recorded)."""
    kind, day = changes.get("document_kind"), changes.get("received_on")
    if kind is not None and kind != document.kind:
        yield _differs("kind", document.kind, kind)
    if day is not None and day != document.received_on.isoformat():
        yield _differs("received_on", document.received_on, day)
    if "file" in changes and changes["file"] != document.file.name:
        yield _differs("file", document.file.name, changes["file"])
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
        name = {"id": document.pk, "case": document.application.reference}
        changes = events.get(str(document.pk))
        if changes is None:
            found.findings.append(Finding("document", "no_event", **name))
            continue
        differences = _document_differences(document, changes)
        found.findings += [Finding("document", c, **name, **f) for c, f in differences]
        undigested += "file_sha256" not in changes
    if undigested:
        found.notes.append({"code": "documents_without_digest", "count": undigested})
    return found
