"""Reconciliation of inkomna handlingar: each ``IncomingDocument`` against its
``document.received`` event, which records the kind, the day it came in, the stored file and the
SHA-256 of its bytes (ADR 0012). A file replaced or gone, a digest, kind, day or file name
changed in the database is a finding naming the document and its case; an event recorded
without the digest is reconciled on what it holds and counted in a note, not failed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.context import actor_for_user
from audit.reconcile import reconcile, reconciliation
from audit.reconcile_documents import document_reconciliation
from audit.services import record_event
from tests.audit.test_trail import delegation_events
from tests.files import pdf_bytes
from tests.world import World
from vetting.models import Application, IncomingDocument
from vetting.services.incoming import application_attach_document

pytestmark = pytest.mark.django_db

PDF = pdf_bytes(["Ansökan om verksamhetsbidrag 2026", "Scoutkåren Exempel"])


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attached(world: World, app: Application | None = None) -> tuple[Application, IncomingDocument]:
    app = app or world.submit()
    document = application_attach_document(
        application=app, actor=world.handler, kind="application",
        file=SimpleUploadedFile("ansokan.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    delegation_events()
    return app, document


def label(app: Application, document: IncomingDocument) -> str:
    return f"document {document.pk} ({app.reference})"


def test_reconciliation_is_clean_after_registering_documents(world: World) -> None:
    attached(world)
    result = reconciliation()
    assert result.findings == [] and result.notes == []


def test_a_replaced_or_missing_file_is_a_finding(world: World) -> None:
    app, document = attached(world)
    stored = Path(document.file.path)
    stored.write_bytes(b"En annan ansokan.")
    assert reconcile() == [f"{label(app, document)}: file differs from its digest in the trail"]
    stored.unlink()
    assert reconcile() == [
        f"{label(app, document)}: file {document.file.name} missing or unreadable"
    ]


def test_a_changed_row_is_a_finding_naming_the_field(world: World) -> None:
    app, document = attached(world)
    name, day = label(app, document), document.received_on
    earlier = day - timedelta(days=3)
    IncomingDocument.objects.filter(pk=document.pk).update(
        kind="other", received_on=earlier, sha256="0" * 64
    )
    assert reconcile() == [
        f"{name}: kind other, trail says application",
        f"{name}: received on {earlier.isoformat()}, trail says {day.isoformat()}",
        f"{name}: stored digest differs from the trail's",
    ]


def test_a_row_pointing_at_another_file_is_a_finding(world: World) -> None:
    app, document = attached(world)
    _, other = attached(world, app)
    IncomingDocument.objects.filter(pk=document.pk).update(file=other.file.name)
    assert reconcile() == [
        f"{label(app, document)}: file {other.file.name}, trail says {document.file.name}"
    ]


def test_a_document_without_its_event_is_a_finding(world: World) -> None:
    app, document = attached(world)
    copy = IncomingDocument(
        application=app, kind="other", file=document.file.name, sha256=document.sha256,
        received_on=timezone.localdate(), registered_by=world.handler,
    )  # fmt: skip
    copy.save()
    assert reconcile() == [f"{label(app, copy)}: no document.received event"]


def test_an_event_without_a_digest_is_noted_not_failed(world: World, media: Path) -> None:
    app = world.submit()
    (media / "incoming").mkdir()
    (media / "incoming" / "old.pdf").write_bytes(PDF)
    old = IncomingDocument(
        application=app, kind="application", file="incoming/old.pdf", sha256="",
        received_on=app.received_on, registered_by=world.handler,
    )  # fmt: skip
    old.save()
    with transaction.atomic():
        record_event(
            actor=actor_for_user(world.handler), action="document.received",
            object_type="incoming_document", object_id=old.pk, case_ref=app.reference,
            association_id=app.association_id,
            changes={"document_kind": "application", "received_on": app.received_on},
        )  # fmt: skip
    attached(world, app)
    result = reconciliation()
    assert result.findings == []
    assert result.notes == [
        "1 inkomna handlingar recorded before file digests: kind, day and file name reconciled, "
        "the file itself not"
    ]
    assert {"code": "documents_without_digest", "count": 1} in result.note_records
    IncomingDocument.objects.filter(pk=old.pk).update(kind="other")
    assert reconcile() == [f"{label(app, old)}: kind other, trail says application"]


def test_the_queries_do_not_grow_with_the_documents(world: World) -> None:
    app, _ = attached(world)
    with CaptureQueriesContext(connection) as one:
        document_reconciliation()
    for _ in range(3):
        attached(world, app)
    with CaptureQueriesContext(connection) as four:
        assert document_reconciliation().findings == []
    assert len(four) == len(one)
