"""What the applicant sends for a supplement request (e.g. through its booking system) is kept
on the request with an event; the handler then registers the supplement. No transition."""

from __future__ import annotations

import importlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from tests.files import tiny_pdf
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import GuardFailed, InvalidInput
from vetting.models import Application, State, SupplementRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_delivered_supplement_is_kept_for_the_handler(world: World) -> None:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    minutes = SimpleUploadedFile("protokoll.pdf", tiny_pdf("Protokoll"))
    request = svc.supplement_deliver(
        application=app, actor=world.handler, file=minutes, text="Årsmötesprotokoll 2026"
    )
    request.refresh_from_db()
    assert request.delivered_at and request.delivered_text == "Årsmötesprotokoll 2026"
    assert request.delivered_file.name.startswith("supplements/")
    assert request.fulfilled_at is None
    app.refresh_from_db()
    assert app.state == State.SUPPLEMENT_REQUESTED  # the handler registers it, not the delivery
    event = AuditEvent.objects.get(action="supplement.delivered")
    assert event.object_type == "supplement_request" and event.object_id == str(request.pk)
    assert event.changes["has_text"] is True
    svc.application_receive_supplement(application=app, actor=world.handler, note="Komplett")
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


@pytest.mark.parametrize(
    ("file", "text", "field"),
    [
        (None, "  ", "file"),
        (SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03\x00\x00\x00"), "", "file"),
    ],
)
def test_nothing_or_an_unaccepted_file_is_refused_naming_the_field(
    world: World, file: Any, text: str, field: str
) -> None:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    with pytest.raises(InvalidInput) as info:
        svc.supplement_deliver(application=app, actor=world.handler, file=file, text=text)
    assert field in info.value.errors
    assert not AuditEvent.objects.filter(action="supplement.delivered").exists()


def test_no_delivery_when_no_supplement_is_asked_for(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(GuardFailed) as info:
        svc.supplement_deliver(application=app, actor=world.handler, text="Protokollet")
    assert info.value.code == "no_supplement"


def test_the_case_carries_whether_a_supplement_was_delivered(world: World) -> None:
    """``Application.supplement_delivered_at`` is set with the delivery, in its transaction,
    and cleared when the handler registers the supplement or asks again."""
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    assert app.supplement_delivered_at is None
    request = svc.supplement_deliver(application=app, actor=world.handler, text="Protokollet")
    app.refresh_from_db()
    assert app.supplement_delivered_at == request.delivered_at is not None
    svc.application_receive_supplement(application=app, actor=world.handler)
    app.refresh_from_db()
    assert app.supplement_delivered_at is None and app.state == State.IN_REVIEW
    svc.application_request_supplement(application=app, actor=world.handler, what="Stadgarna")
    app.refresh_from_db()
    assert app.supplement_delivered_at is None and app.state == State.SUPPLEMENT_REQUESTED


def test_the_migration_fills_what_was_read_from_the_requests(world: World) -> None:
    """Migration 0011 sets ``supplement_delivered_at`` from the requests, as the condition of
    ``write_off`` read them before: a delivery not yet registered counts, nothing else."""
    waiting = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    delivered = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    request = svc.supplement_deliver(application=delivered, actor=world.handler, text="Här")
    registered = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    svc.supplement_deliver(application=registered, actor=world.handler, text="Här")
    svc.application_receive_supplement(application=registered, actor=world.handler)
    earlier = timezone.now() - timedelta(days=3)
    SupplementRequest.objects.create(  # an older delivery not registered: the latest counts
        application=delivered, what="Äldre", due=timezone.localdate(),
        requested_by=world.handler, delivered_at=earlier,
    )  # fmt: skip
    Application.objects.update(supplement_delivered_at=None)
    migration = importlib.import_module("vetting.migrations.0011_supplement_delivered_at")
    migration.fill_supplement_delivered_at(apps, None)
    filled = dict(Application.objects.values_list("pk", "supplement_delivered_at"))
    assert filled[waiting.pk] is None and filled[registered.pk] is None
    assert filled[delivered.pk] == request.delivered_at
