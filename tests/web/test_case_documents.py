"""The case page's "Handlingar": one list, in date order, of every document in the case, what
came in and what the authority drew up or sent, each opening where only those who may see the
case may open it; the page's query count, and the auditors' case page's, does not grow with
them. And registering an inkommen handling from the page, and the application itself with the
registration."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from tests.files import pdf_bytes
from tests.world import World, drive
from vetting import services as svc
from vetting.models import (
    Application,
    IncomingDocument,
    Kind,
    ProgramReview,
    State,
    SupplementRequest,
)
from vetting.services.incoming import application_attach_document

pytestmark = pytest.mark.django_db

PDF = pdf_bytes(["Ansökan om arrangörsstöd"])
EVERY_KIND = {
    "incoming_application", "incoming_other", "statutes", "program", "supplement",
    "communication", "response", "decision", "notice",
}  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name: str = "ansokan.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def decided(world: World) -> Application:
    """A rejected case (assessed on the statutes, communicated, answered), notified."""
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.REJECTED)
    svc.decision_notify(
        decision=app.decisions.get(), actor=world.handler, channel="letter", recipient="Kåren"
    )
    return app


def add_every_kind(world: World, app: Application, back: int = 0) -> None:
    """The documents the workflow did not add: the application itself, another document, a
    programme and a supplement that came in (rows, as a booking system's upload leaves them)."""
    today = timezone.localdate()
    Application.objects.filter(pk=app.pk).update(received_on=today - timedelta(days=20))
    for kind, days in (("application", 20), ("other", 12)):
        application_attach_document(
            application=app, actor=world.handler, file=upload(f"{kind}.pdf"), kind=kind,
            received_on=today - timedelta(days=days - back),
        )  # fmt: skip
    ProgramReview.objects.create(
        application=app, requested_by=world.handler, reason="Program", due=today,
        program_file=upload("program.txt", "18.00 Kören".encode()), original_filename="program.txt",
        program_received_at=timezone.now(), program_received_on=today - timedelta(days=8),
    )  # fmt: skip
    SupplementRequest.objects.create(
        application=app, what="Protokoll", due=today, requested_by=world.handler,
        delivered_file=upload("protokoll.pdf"), original_filename="protokoll.pdf",
        delivered_at=timezone.now(), received_on=today - timedelta(days=5),
    )  # fmt: skip


def rows(page: str) -> list[tuple[str, str, str]]:
    """(date, code, direction) of each line of the list, in the page's order."""
    return re.findall(
        r'<tr data-document="(\w+)" data-direction="(\w+)">\s*<td>([\d-]+)</td>', page
    )


def test_every_document_of_the_case_in_date_order(world: World, login: Any) -> None:
    app = decided(world)
    add_every_kind(world, app)
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    found = rows(page)
    assert {code for code, _direction, _day in found} == EVERY_KIND
    days = [day for _code, _direction, day in found]
    assert days == sorted(days)
    assert [code for code, _d, _day in found][:4] == [
        "incoming_application", "incoming_other", "program", "supplement",
    ]  # fmt: skip
    directions = {code: direction for code, direction, _day in found}
    assert directions["incoming_application"] == directions["statutes"] == "incoming"
    assert directions["response"] == directions["supplement"] == "incoming"
    assert directions["decision"] == "drawn_up" and directions["notice"] == "sent"
    version = world.scouts.current_statutes()
    assert f'/foreningar/{world.scouts.pk}/#stadgar-{version.pk}"' in page
    for document in IncomingDocument.objects.filter(application=app):
        assert f'href="/arenden/{app.reference}/handlingar/{document.pk}/fil/" download' in page


@pytest.mark.parametrize(
    ("role", "url"),
    [("handler", "/arenden/{}/"), ("auditor", "/revision/arenden/{}/")],
    ids=["officers", "auditors"],
)
def test_the_page_s_query_count_does_not_grow_with_the_documents(
    world: World, login: Any, role: str, url: str
) -> None:
    app = decided(world)
    client = login(getattr(world, role))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url.format(app.reference)).status_code == 200
        return len(queries)

    few = count()
    add_every_kind(world, app)
    more = count()
    add_every_kind(world, app, back=1)
    assert count() == more == few


def test_only_officers_who_may_see_the_case_open_its_documents(world: World, login: Any) -> None:
    app = world.submit()
    document = application_attach_document(
        application=app, actor=world.handler, file=upload(), kind="application"
    )
    url = f"/arenden/{app.reference}/handlingar/{document.pk}/fil/"
    response = login(world.auditor).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert 'filename="ansokan.pdf"' in response["Content-Disposition"]
    assert login(world.other_handler).get(url).status_code == 404
    other = world.submit()
    wrong_case = f"/arenden/{other.reference}/handlingar/{document.pk}/fil/"
    assert login(world.handler).get(wrong_case).status_code == 404
    assert Client().get(url).status_code == 302


def test_an_officer_registers_a_document_from_the_case_page(world: World, login: Any) -> None:
    app = world.submit()
    client = login(world.handler)
    assert 'id="attach-document"' in client.get(f"/arenden/{app.reference}/").content.decode()
    url = f"/arenden/{app.reference}/handlingar/ny/"
    day = timezone.localdate().isoformat()
    response = client.post(url, {"kind": "supplement", "received_on": day, "file": upload()})
    assert response.status_code == 302
    document = app.incoming_documents.get()
    assert document.kind == "supplement"
    assert AuditEvent.objects.filter(action="document.received", case_ref=app.reference).exists()
    refused = client.post(url, {"kind": "supplement", "received_on": day})
    assert refused.status_code == 422 and "Bifoga handlingen som fil." in refused.content.decode()
    assert login(world.other_handler).get(url).status_code == 404
    assert login(world.decider).get(url).status_code == 403
    assert 'id="attach-document"' not in (
        login(world.decider).get(f"/arenden/{app.reference}/").content.decode()
    )


def test_the_registration_form_keeps_the_application_itself(world: World, login: Any) -> None:
    from tests.web.test_register import grant_post

    post: dict[str, Any] = {**grant_post(world), "document": upload()}
    response = login(world.handler).post("/registrera/", post)
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.incoming_documents.get().kind == "application"
    bad = {**grant_post(world), "document": upload("fel.pdf", b"%PDF-1.4 garbage")}
    refused = login(world.handler).post("/registrera/", bad)
    assert refused.status_code == 422 and "går inte att öppna som PDF" in refused.content.decode()
    assert Application.objects.count() == 1


def test_a_bad_application_document_is_named_with_the_form_s_other_errors(
    world: World, login: Any
) -> None:
    from tests.web.test_register import grant_post

    post: dict[str, Any] = {
        **grant_post(world, amount_applied="-5"),
        "document": upload("fel.pdf", b"%PDF-1.4 garbage"),
    }
    refused = login(world.handler).post("/registrera/", post)
    page = refused.content.decode()
    assert refused.status_code == 422 and "går inte att öppna som PDF" in page
    assert not Application.objects.exists()


def test_the_timeline_names_a_registered_document(world: World, login: Any) -> None:
    app = world.submit()
    application_attach_document(
        application=app, actor=world.handler, file=upload(), kind="supplement"
    )
    page = login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    assert "Inkommen handling registrerad" in page and "Komplettering" in page
