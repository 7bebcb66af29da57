"""The auditors' case page (``/revision/arenden/<ref>/``) lists the case's documents as the
officers' case page does (web.casedocuments), read only: no registering a document, nothing of
the security coordinator's restricted notes. Its query count is tested with the officers' page
(tests/web/test_case_documents.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.test_case_documents import EVERY_KIND, add_every_kind, decided, rows
from tests.world import World, drive
from vetting import services as svc
from vetting.models import IncomingDocument, Kind, State

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def audit_page(login: Any, world: World, reference: str) -> str:
    response = login(world.auditor).get(f"/revision/arenden/{reference}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_auditor_sees_the_officers_documents_list_read_only(world: World, login: Any) -> None:
    app = decided(world)
    add_every_kind(world, app)
    page = audit_page(login, world, app.reference)
    officers = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    assert rows(page) == rows(officers)
    assert {code for code, _direction, _day in rows(page)} == EVERY_KIND
    assert 'id="documents-heading"' in page and 'id="attach-document"' not in page
    assert "/handlingar/ny/" not in page
    for document in IncomingDocument.objects.filter(application=app):
        assert f'href="/arenden/{app.reference}/handlingar/{document.pk}/fil/" download' in page


def test_an_empty_case_says_it_has_no_documents(world: World, login: Any) -> None:
    app = world.submit()
    assert "Inga handlingar registrerade i ärendet." in audit_page(login, world, app.reference)


def test_the_security_coordinators_notes_are_not_on_the_page(world: World, login: Any) -> None:
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.ESCALATED)
    svc.application_conclude_escalation(
        application=app, actor=world.security, conclusion="no_link", notes="Hemlig anteckning"
    )
    page = audit_page(login, world, app.reference)
    assert "Hemlig anteckning" not in page
    assert f"/arenden/{app.reference}/sakerhetsanteckningar/" not in page
