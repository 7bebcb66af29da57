"""The admin's registration of a case takes the application itself, as the officers'
registration page does: checked as every upload is (ADR 0023) and kept with the case as its
inkommen handling "ansökan", with its digest in the trail; a bad file is a field error and
registers nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from tests.files import pdf_bytes
from tests.world import World, admin_browser
from vetting.models import Application

pytestmark = pytest.mark.django_db

ADD = "/admin/vetting/application/add/"
PDF = pdf_bytes(["Ansökan om verksamhetsbidrag", "Scoutkåren Exempel"])


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def grant(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "foreningsbidrag", "association": world.scouts.pk,
        "administration": world.kultur.pk, "subject": "Verksamhetsbidrag",
        "received_on": "2026-11-01", "amount_applied": "12000", **extra,
    }  # fmt: skip


def test_the_add_form_offers_the_application_document_as_a_file(world: World) -> None:
    page = admin_browser(world).get(ADD).content.decode()
    assert 'type="file" name="document"' in page and 'enctype="multipart/form-data"' in page


def test_the_admin_registers_the_case_with_its_application_document(world: World) -> None:
    upload = SimpleUploadedFile("ansokan.pdf", PDF, "application/pdf")
    response = admin_browser(world).post(ADD, grant(world, document=upload))
    assert response.status_code == 302, response.content[:3000]
    app = Application.objects.get()
    document = app.incoming_documents.get()
    assert document.kind == "application" and document.received_on == app.received_on
    assert document.original_filename == "ansokan.pdf" and document.file.read() == PDF
    event = AuditEvent.objects.get(action="document.received", case_ref=app.reference)
    assert event.changes["file_sha256"] == hashlib.sha256(PDF).hexdigest()


def test_without_a_document_the_case_is_registered_as_before(world: World) -> None:
    assert admin_browser(world).post(ADD, grant(world)).status_code == 302
    assert not Application.objects.get().incoming_documents.exists()


def test_a_bad_document_is_a_field_error_and_registers_nothing(world: World, media: Path) -> None:
    broken = SimpleUploadedFile("fel.pdf", b"%PDF-1.4 garbage", "application/pdf")
    response = admin_browser(world).post(ADD, grant(world, document=broken))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "går inte att öppna som PDF" in " ".join(errors["document"])
    assert (
        not Application.objects.exists()
        and not AuditEvent.objects.filter(action="application.submitted").exists()
    )
    assert not [p for p in media.rglob("*") if p.is_file()]
