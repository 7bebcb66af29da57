"""The association page: statutes versions, assessments over time, cases, uploads."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from tests.factories import AssociationFactory
from tests.world import drive
from vetting.models import State

pytestmark = pytest.mark.django_db


def page_url(world) -> str:
    return f"/foreningar/{world.scouts.pk}/"


def test_association_page_shows_statutes_assessments_and_cases(world, login):
    app = world.submit(subject="Bidrag till lägerverksamhet")
    drive(world, app, State.APPROVED)
    page = login(world.handler).get(page_url(world)).content.decode()
    for text in ("Scoutkåren Exempel", "802000-0017", "2024-03-01", "gällande", app.reference):
        assert text in page, text
    assert "OPEN_MEMBERSHIP" in page and "Uppfyllt" in page  # assessments over time


def test_upload_a_new_statutes_version(world, login, django_capture_on_commit_callbacks):
    client = login(world.handler)
    upload = SimpleUploadedFile(
        "stadgar-2026.txt",
        "Stadgar för Scoutkåren. Årsmötet är högsta beslutande organ.".encode(),
        content_type="text/plain",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(page_url(world), {"adopted_on": "2026-03-01", "file": upload})
    assert response.status_code == 302
    current = world.scouts.current_statutes()
    assert current is not None and current.adopted_on == date(2026, 3, 1)
    assert current.original_filename == "stadgar-2026.txt"
    assert AuditEvent.objects.filter(action="statutes.added", object_id=str(current.pk)).exists()
    assert len(callbacks) == 1  # the statute reader is queued after commit


def test_upload_errors_are_shown(world, login):
    response = login(world.handler).post(page_url(world), {"adopted_on": "2026-03-01"})
    assert response.status_code == 422
    assert "Ladda upp stadgarna som fil eller klistra in texten." in response.content.decode()


def test_auditor_cannot_upload(world, login):
    response = login(world.auditor).post(page_url(world), {"adopted_on": "2026-03-01", "text": "x"})
    assert response.status_code == 403
    assert world.scouts.statutes_versions.count() == 1


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_are_constant_in_rows(world, login):
    client = login(world.handler)

    def add(n: int) -> None:
        for _ in range(n):
            drive(world, world.submit(), State.PROPOSED)
            AssociationFactory()

    add(2)
    few = (_queries(client, page_url(world)), _queries(client, "/foreningar/"))
    add(18)
    many = (_queries(client, page_url(world)), _queries(client, "/foreningar/"))
    assert few == many
