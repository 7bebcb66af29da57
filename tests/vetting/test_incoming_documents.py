"""Inkomna handlingar (``vetting.services.incoming``): the application itself, registered with
the case or later, supplements and other documents; checked as every upload is (ADR 0023),
stored like the case's other files, audited with the stored file's digest (ADR 0012)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from tests.files import pdf_bytes
from tests.world import World
from vetting import services as svc
from vetting.errors import InvalidInput, NotFound, PermissionRefused
from vetting.models import Application, IncomingDocument, Kind
from vetting.services.incoming import application_attach_document
from vetting.services.registration import application_register

pytestmark = pytest.mark.django_db

PDF = pdf_bytes(["Ansökan om verksamhetsbidrag 2026", "Scoutkåren Exempel"])


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def upload(data: bytes = PDF, name: str = "ansokan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/pdf")


def grant(world: World, **overrides: Any) -> svc.NewApplication:
    fields: dict[str, Any] = {
        "kind": Kind.FORENINGSBIDRAG,
        "association": world.scouts,
        "subject": "Verksamhetsbidrag 2026",
        "administration": world.kultur,
        "amount_applied": Decimal("12000"),
        "received_on": timezone.localdate() - timedelta(days=4),
    }
    return svc.NewApplication(**{**fields, **overrides})


def test_an_officer_attaches_the_application_with_its_digest_in_the_trail(
    world: World, media: Path
) -> None:
    app = world.submit()
    day = timezone.localdate()
    document = application_attach_document(
        application=app, actor=world.handler, file=upload(), kind="application", received_on=day
    )
    assert document.received_on == day and document.kind == "application"
    assert document.file.read() == PDF and document.original_filename == "ansokan.pdf"
    digest = hashlib.sha256(PDF).hexdigest()
    assert document.sha256 == digest
    event = AuditEvent.objects.get(action="document.received", case_ref=app.reference)
    assert event.object_type == "incoming_document" and event.object_id == str(document.pk)
    assert event.changes["file_sha256"] == digest
    assert event.changes["document_kind"] == "application"
    assert event.changes["received_on"] == day.isoformat()


def test_the_document_is_kept_as_it_came_in(world: World) -> None:
    document = application_attach_document(
        application=world.submit(), actor=world.handler, file=upload(), kind="other"
    )
    with pytest.raises(PermissionError):
        document.save()
    with pytest.raises(PermissionError):
        document.delete()


@pytest.mark.parametrize(
    ("file", "kind", "days", "field"),
    [
        (None, "application", 0, "file"),
        (b"%PDF-1.4 <script>garbage", "application", 0, "file"),
        (b"\x00\x01binary", "application", 0, "file"),
        (PDF, "letter", 0, "kind"),
        (PDF, "application", -1, "received_on"),
        (PDF, "application", 30, "received_on"),  # before the case came in
    ],
)
def test_a_refused_document_names_its_field_and_stores_nothing(
    world: World, media: Path, file: bytes | None, kind: str, days: int, field: str
) -> None:
    app = world.submit()
    Application.objects.filter(pk=app.pk).update(received_on=timezone.localdate() - timedelta(7))
    with pytest.raises(InvalidInput) as exc:
        application_attach_document(
            application=app,
            actor=world.handler,
            file=upload(file) if file is not None else None,
            kind=kind,
            received_on=timezone.localdate() - timedelta(days=days),
        )
    assert field in exc.value.errors
    assert not IncomingDocument.objects.exists() and stored(media) == []
    assert not AuditEvent.objects.filter(action="document.received").exists()


def test_a_file_over_the_limit_is_refused(world: World, settings: Any) -> None:
    settings.GRANSKA_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(InvalidInput) as exc:
        application_attach_document(
            application=world.submit(), actor=world.handler, file=upload(), kind="application"
        )
    assert "100" in str(exc.value.errors["file"][0])


def test_every_problem_is_named_at_once(world: World) -> None:
    with pytest.raises(InvalidInput) as exc:
        application_attach_document(
            application=world.submit(),
            actor=world.handler,
            file=None,
            kind="",
            received_on=timezone.localdate() + timedelta(days=1),
        )
    assert set(exc.value.errors) == {"file", "kind", "received_on"}


def test_who_may_attach(world: World) -> None:
    app = world.submit()
    for who in (world.decider, world.auditor, world.security):
        with pytest.raises(PermissionRefused):
            application_attach_document(
                application=app, actor=who, file=upload(), kind="application"
            )
    with pytest.raises(NotFound):  # another administration's case is not visible
        application_attach_document(
            application=app, actor=world.other_handler, file=upload(), kind="application"
        )
    assert not IncomingDocument.objects.exists()
    application_attach_document(application=app, actor=world.admin, file=upload(), kind="other")


def test_a_case_is_registered_with_its_application_document(world: World) -> None:
    app = application_register(actor=world.handler, data=grant(world), document=upload())
    document = app.incoming_documents.get()
    assert document.kind == "application" and document.received_on == app.received_on
    event = AuditEvent.objects.get(action="document.received", case_ref=app.reference)
    assert event.changes["file_sha256"] == hashlib.sha256(PDF).hexdigest()


def test_a_refused_application_document_registers_nothing(world: World, media: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        application_register(
            actor=world.handler,
            data=grant(world, subject=""),
            document=upload(b"%PDF-1.4 garbage"),
        )
    assert {"document", "subject"} <= set(exc.value.errors)
    assert not Application.objects.exists() and not IncomingDocument.objects.exists()
    assert stored(media) == []
