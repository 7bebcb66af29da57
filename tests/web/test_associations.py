"""The association page: statutes versions, assessments over time, cases, uploads."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from tests.factories import AssociationFactory
from tests.world import RV_STATUTES, drive
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


def test_other_administrations_cases_are_neither_listed_nor_counted(world, login):
    app = world.submit()
    drive(world, app, State.APPROVED)  # a case of kultur, with assessments
    own, other = login(world.handler), login(world.other_handler)  # kultur, social
    assert app.reference in own.get(page_url(world)).content.decode()
    page = other.get(page_url(world)).content.decode()
    assert app.reference not in page and "Inga bedömningar ännu." in page
    assert case_count(own) == 1 and case_count(other) == 0
    assert case_count(login(world.auditor)) == 1


def case_count(client) -> int:
    page = client.get("/foreningar/").content.decode()
    match = re.search(r"Scoutkåren Exempel</a></td><td>802000-0017</td><td>(\d+)</td>", page)
    assert match is not None
    return int(match.group(1))


@pytest.mark.parametrize(
    ("adopted_on", "message"),
    [
        ((timezone.localdate() + timedelta(days=1)).isoformat(), "antagna i framtiden"),
        ("0001-01-01", "antagna före 1900-01-01"),
        ("1899-12-31", "antagna före 1900-01-01"),
    ],
    ids=["tomorrow", "year-1", "1899"],
)
def test_implausible_adoption_dates_are_refused_at_the_field(world, login, adopted_on, message):
    text = "Stadgar för Scoutkåren. Årsmötet är högsta beslutande organ."
    response = login(world.handler).post(page_url(world), {"adopted_on": adopted_on, "text": text})
    assert response.status_code == 422
    page = response.content.decode()
    field_errors = page[page.index('id="id_adopted_on_error"') :].split("</ul>", 1)[0]
    assert message in field_errors
    assert world.scouts.statutes_versions.count() == 1


def test_the_same_statutes_again_are_reported_as_already_registered(world, login):
    client = login(world.handler)
    response = client.post(
        page_url(world), {"adopted_on": "2025-06-01", "text": RV_STATUTES}, follow=True
    )
    page = response.content.decode()
    assert "Stadgarna finns redan registrerade (antagna 2024-03-01)." in page
    assert "Stadgarna är registrerade" not in page
    assert world.scouts.statutes_versions.count() == 1


def test_unreadable_uploads_are_explained_in_the_page_language(world, login):
    client = login(world.handler)

    def upload(name: str, data: bytes) -> str:
        file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        response = client.post(page_url(world), {"adopted_on": "2026-03-01", "file": file})
        assert response.status_code == 422
        return response.content.decode()

    assert "”x.pdf” är ingen giltig PDF-fil." in upload("x.pdf", b"inte en pdf")
    page = upload("x.exe", b"MZ\x00\x01" * 50)
    assert "”x.exe” ser ut att vara en binärfil, inte text. Godtas: PDF med textlager" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = upload("x.exe", b"MZ\x00\x01" * 50)
    assert "“x.exe” looks like a binary file, not text. Accepted: PDF with a text layer" in page


def test_the_statutes_page_checks_the_size_before_reading_the_file(
    world, login, settings, monkeypatch
) -> None:
    settings.GRANSKA_STATUTES_MAX_BYTES = 1_000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000  # the upload itself is spooled to disk
    import web.views.associations as view

    monkeypatch.setattr(view, "statutes_add_or_find", lambda **kw: pytest.fail("read it"))
    big = io.BytesIO(b"a" * 200_000)
    big.name = "stadgar.txt"
    response = login(world.handler).post(
        f"/foreningar/{world.scouts.pk}/", {"adopted_on": date(2024, 1, 1).isoformat(), "file": big}
    )
    assert response.status_code == 422
    assert "Filen är för stor" in response.content.decode()


def test_an_older_version_is_registered_but_said_not_to_become_current(world, login):
    """The association's page adds older versions (history); it says they are not current."""
    text = "Stadgar för Scoutkåren, antagna 2020. Årsmötet är högsta beslutande organ."
    response = login(world.handler).post(
        page_url(world), {"adopted_on": "2020-04-01", "text": text}, follow=True
    )
    page = response.content.decode()
    assert "registrerade som en äldre version (antagna 2020-04-01)" in page
    assert "gällande är fortfarande stadgarna antagna 2024-03-01" in page
    assert world.scouts.statutes_versions.count() == 2
    assert world.scouts.current_statutes().adopted_on == date(2024, 3, 1)
