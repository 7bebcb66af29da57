"""New statutes sent as a supplement are registered as the association's statutes from the case,
through the statutes service, so the reader, the end of reuse and the event follow as for an
upload on the association's page."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from associations.services import statutes_add
from audit.models import AuditEvent
from tests.files import pdf_bytes
from tests.world import World, assess_all, drive
from vetting import services as svc
from vetting.errors import GuardFailed, InvalidInput, PermissionRefused
from vetting.models import Application, State, SupplementRequest
from vetting.selectors import checklist

pytestmark = pytest.mark.django_db

NEW_STATUTES = (
    "Stadgar för Scoutkåren Exempel, antagna vid årsmötet 2026. Föreningen är öppen för alla "
    "som delar dess syfte. Årsmötet är föreningens högsta beslutande organ."
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def sent(world: World, content: bytes = NEW_STATUTES.encode(), name: str = "stadgar.txt") -> Any:
    """A case whose applicant sent ``content`` as a supplement; (case, supplement request)."""
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    upload = SimpleUploadedFile(name, content)
    request = svc.supplement_deliver(application=app, actor=world.handler, file=upload)
    return app, request


def register(world: World, app: Application, request: SupplementRequest, **kw: Any) -> Any:
    data = {"supplement": request.pk, "adopted_on": date(2026, 3, 1), "actor": world.handler}
    data.update(kw)
    return svc.supplement_register_statutes(application=app, **data)


def test_a_supplement_becomes_the_statutes_as_an_upload_would(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    earlier = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, earlier)
    app, request = sent(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = register(world, app, request)
    assert len(callbacks) == 1  # the statute reader is queued after commit
    assert world.scouts.current_statutes() == version
    assert version.text == NEW_STATUTES and version.adopted_on == date(2026, 3, 1)
    assert version.original_filename.endswith(".txt") and version.uploaded_by == world.handler
    event = AuditEvent.objects.get(action="statutes.added", object_id=str(version.pk))
    assert event.case_ref == app.reference
    assert event.changes["supplement_request"] == request.pk
    later = drive(world, world.submit(), State.IN_REVIEW)
    assert not any(row.reused for row in checklist(later))  # passes on the old statutes end


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (PNG, "stadgar.png", "Godtas: PDF med textlager, DOCX eller UTF-8-text"),
        (pdf_bytes([]), "skannad.pdf", "Godtas"),
    ],
    ids=["image", "pdf-without-text"],
)
def test_a_file_the_statutes_upload_refuses_is_refused_naming_the_supplement(
    world: World, content: bytes, name: str, says: str
) -> None:
    app, request = sent(world, content, name)
    with pytest.raises(InvalidInput) as info:
        register(world, app, request)
    assert list(info.value.errors) == ["supplement"]
    assert says in str(info.value.errors["supplement"][0])
    assert world.scouts.statutes_versions.count() == 1
    assert not AuditEvent.objects.filter(action="statutes.added", case_ref=app.reference)


def test_too_large_a_file_or_a_missing_date_is_refused(world: World, settings: Any) -> None:
    app, request = sent(world)
    with pytest.raises(InvalidInput) as undated:
        register(world, app, request, adopted_on=None)
    assert list(undated.value.errors) == ["adopted_on"]
    with pytest.raises(InvalidInput) as future:
        register(world, app, request, adopted_on=timezone.localdate() + timedelta(days=1))
    assert list(future.value.errors) == ["adopted_on"]
    settings.GRANSKA_STATUTES_MAX_BYTES = 10
    with pytest.raises(InvalidInput) as large:
        register(world, app, request)
    assert list(large.value.errors) == ["supplement"] and "för stor" in str(
        large.value.errors["supplement"][0]
    )


def test_the_same_file_twice_is_refused_as_already_registered(world: World) -> None:
    app, request = sent(world)
    version = register(world, app, request)
    with pytest.raises(GuardFailed) as info:
        register(world, app, request, adopted_on=date(2026, 4, 1))
    assert info.value.code == "statutes_registered" and "2026-03-01" in str(info.value.message)
    assert world.scouts.current_statutes() == version


def test_only_a_supplement_of_the_case_with_a_file_and_only_handlers(world: World) -> None:
    app, request = sent(world)
    _other, other_request = sent(world)
    with pytest.raises(InvalidInput) as info:
        register(world, app, other_request)
    assert list(info.value.errors) == ["supplement"]
    for user in (world.decider, world.security):
        with pytest.raises(PermissionRefused):
            register(world, app, request, actor=user)
    assert AuditEvent.objects.filter(action="application.refused").count() == 2
    assert world.scouts.statutes_versions.count() == 1


def test_from_the_case_page(world: World) -> None:
    app, request = sent(world)
    page = Client()
    page.force_login(world.handler)
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    link = f"/arenden/{app.reference}/atgard/supplement_statutes/?supplement={request.pk}"
    assert link in case
    form = page.get(link).content.decode()
    assert f'<option value="{request.pk}" selected>' in form and 'name="adopted_on"' in form
    url = f"/arenden/{app.reference}/atgard/supplement_statutes/"
    missing = page.post(url, {"supplement": request.pk})
    assert missing.status_code == 422 and 'id="id_adopted_on_error"' in missing.content.decode()
    done = page.post(url, {"supplement": request.pk, "adopted_on": "2026-03-01"})
    assert done.status_code == 302
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    assert "Antagna 2026-03-01." in case and "Stadgar registrerade" in case
    decider = Client()
    decider.force_login(world.decider)
    assert link not in decider.get(f"/arenden/{app.reference}/").content.decode()


def test_a_refused_file_is_shown_at_the_field(world: World) -> None:
    app, request = sent(world, PNG, "stadgar.png")
    page = Client()
    page.force_login(world.handler)
    response = page.post(
        f"/arenden/{app.reference}/atgard/supplement_statutes/",
        {"supplement": request.pk, "adopted_on": "2026-03-01"},
    )
    html = response.content.decode()
    assert response.status_code == 422 and 'id="id_supplement_error"' in html
    assert "stadgar" in html and "Godtas" in html


def test_a_registered_supplement_records_the_version_it_became(world: World) -> None:
    app, request = sent(world)
    version = register(world, app, request)
    request.refresh_from_db()
    assert request.registered_statutes == version
    with pytest.raises(GuardFailed):
        register(world, app, request)
    request.refresh_from_db()
    assert request.registered_statutes == version


def test_a_file_already_uploaded_as_statutes_is_not_recorded_as_registered_from_it(
    world: World,
) -> None:
    app, request = sent(world)
    statutes_add(
        association=world.scouts, actor=world.handler, adopted_on=date(2026, 2, 1),
        data=NEW_STATUTES.encode(), filename="stadgar.txt",
    )  # fmt: skip
    with pytest.raises(GuardFailed):
        register(world, app, request)
    request.refresh_from_db()
    assert request.registered_statutes is None


def test_the_case_page_shows_a_registered_supplement_instead_of_the_button(world: World) -> None:
    app, request = sent(world)
    _same_case, other = sent(world)  # a second supplement, in the same case
    other.application = app
    other.save(update_fields=["application"])
    version = register(world, app, request)
    page = Client()
    page.force_login(world.handler)
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    button = "/atgard/supplement_statutes/?supplement={}"
    assert button.format(request.pk) not in case
    assert button.format(other.pk) in case  # not registered: still offered
    day = timezone.localdate(version.uploaded_at).isoformat()
    anchor = f"/foreningar/{world.scouts.pk}/#stadgar-{version.pk}"
    assert f'<a href="{anchor}" data-registered-statutes="{version.pk}">' in case
    assert f"Registrerad som stadgar {day}</a>" in case and "(antagna 2026-03-01)" in case
    association = page.get(f"/foreningar/{world.scouts.pk}/").content.decode()
    assert f'<tr id="stadgar-{version.pk}">' in association
    decider = Client()
    decider.force_login(world.decider)  # may not register, but sees that it was
    seen = decider.get(f"/arenden/{app.reference}/").content.decode()
    assert f"Registrerad som stadgar {day}" in seen
    form = page.get(f"/arenden/{app.reference}/atgard/supplement_statutes/").content.decode()
    assert "redan registrerad som stadgar" in form


def test_the_case_page_reads_registered_supplements_in_one_query(world: World) -> None:
    app, request = sent(world)
    register(world, app, request)
    page = Client()
    page.force_login(world.handler)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert page.get(f"/arenden/{app.reference}/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(3):
        _other, more = sent(world, f"{NEW_STATUTES} Ändrade {n}.".encode())
        more.application = app
        more.save(update_fields=["application"])
        register(world, app, more)
    assert count() == few


def test_the_migration_links_supplements_registered_before_the_link_was_kept(
    world: World,
) -> None:
    app, registered = sent(world)
    version = register(world, app, registered)
    _other, waiting = sent(world, "Protokoll från styrelsen.".encode(), "protokoll.txt")
    statutes_add(
        association=world.scouts, actor=world.handler, adopted_on=date(2026, 4, 1),
        text="Stadgar uppladdade på föreningens sida.",
    )  # fmt: skip
    SupplementRequest.objects.update(registered_statutes=None)
    migration = importlib.import_module("vetting.migrations.0014_supplement_registered_statutes")
    migration.link_registered_supplements(apps, None)
    links = dict(SupplementRequest.objects.values_list("pk", "registered_statutes"))
    assert links == {registered.pk: version.pk, waiting.pk: None}


def test_statutes_adopted_before_the_current_version_are_refused_at_the_date(
    world: World,
) -> None:
    """From the case the file is the new statutes: an older date would register a version that
    does not become current, and the case would go on reading the old statutes."""
    current = world.scouts.current_statutes()
    assert current is not None and current.adopted_on == date(2024, 3, 1)
    app, request = sent(world)
    with pytest.raises(InvalidInput) as info:
        register(world, app, request, adopted_on=date(2024, 2, 29))
    assert list(info.value.errors) == ["adopted_on"]
    message = str(info.value.errors["adopted_on"][0])
    assert "antagna 2024-03-01" in message and "föreningens sida" in message
    assert world.scouts.current_statutes() == current
    assert world.scouts.statutes_versions.count() == 1
    request.refresh_from_db()
    assert request.registered_statutes is None
    assert not AuditEvent.objects.filter(action="statutes.added", case_ref=app.reference)


def test_statutes_adopted_the_same_day_as_the_current_version_become_current(
    world: World,
) -> None:
    app, request = sent(world)
    version = register(world, app, request, adopted_on=date(2024, 3, 1))
    assert world.scouts.current_statutes() == version


def test_the_form_names_the_file_and_the_current_date_and_shows_an_older_date_at_the_field(
    world: World,
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    svc.application_request_supplement(
        application=app, actor=world.handler, what="Protokoll från senaste årsmötet"
    )
    upload = SimpleUploadedFile("stadgar_2026.txt", NEW_STATUTES.encode())
    request = svc.supplement_deliver(application=app, actor=world.handler, file=upload)
    page = Client()
    page.force_login(world.handler)
    url = f"/arenden/{app.reference}/atgard/supplement_statutes/"
    form = page.get(f"{url}?supplement={request.pk}").content.decode()
    assert f'<option value="{request.pk}" selected>stadgar_2026.txt</option>' in form
    assert "Protokoll från senaste årsmötet" not in form.split('name="supplement"', 1)[1]
    assert "Föreningens gällande stadgar är antagna 2024-03-01." in form
    older = page.post(url, {"supplement": request.pk, "adopted_on": "2023-05-01"})
    html = older.content.decode()
    assert older.status_code == 422
    errors = html[html.index('id="id_adopted_on_error"') :].split("</ul>", 1)[0]
    assert "Föreningens gällande stadgar är antagna 2024-03-01" in errors
    assert world.scouts.statutes_versions.count() == 1
