"""A supplement or a response that came by post is registered with the day it reached the
municipality and, optionally, the scanned letter; its deadline is judged by that day, not by
when it was registered."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.files import tiny_pdf
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Communication, State, SupplementRequest

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scan(name: str = "brev.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf("Skannat brev"))


def today() -> date:
    return timezone.localdate()


def asked_days_ago(world: World, days: int, due_in: int) -> Application:
    """A case whose supplement was asked for ``days`` ago, due ``due_in`` days from today."""
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    app.supplement_requests.update(
        requested_at=timezone.now() - days * DAY, due=today() + due_in * DAY
    )
    Application.objects.filter(pk=app.pk).update(supplement_due=today() + due_in * DAY)
    app.refresh_from_db()
    return app


def heard_days_ago(world: World, days: int, due_in: int) -> Application:
    """A case whose proposal was communicated ``days`` ago, the response due in ``due_in``."""
    app = drive(world, world.submit(), State.COMMUNICATED)
    app.communications.update(sent_at=timezone.now() - days * DAY, due=today() + due_in * DAY)
    Application.objects.filter(pk=app.pk).update(response_due=today() + due_in * DAY)
    app.refresh_from_db()
    return app


def test_a_supplement_by_post_is_registered_with_its_day_and_the_scan(world: World) -> None:
    """It came in time (before the deadline), though registered after it had passed."""
    app = asked_days_ago(world, 10, due_in=-2)
    svc.application_receive_supplement(
        application=app, actor=world.handler, received_on=today() - 3 * DAY, file=scan()
    )
    request = SupplementRequest.objects.get(application=app)
    assert request.received_on == today() - 3 * DAY and not request.late
    assert request.fulfilled_at is not None and request.delivered_file.name.startswith(
        "supplements/"
    )
    event = AuditEvent.objects.get(action="application.receive_supplement")
    assert event.changes["received_on"] == (today() - 3 * DAY).isoformat()
    assert event.changes["late"] is False and event.changes["file"] == request.delivered_file.name


def test_a_supplement_received_after_its_deadline_is_late(world: World) -> None:
    app = asked_days_ago(world, 10, due_in=-2)
    svc.application_receive_supplement(application=app, actor=world.handler, received_on=today())
    request = SupplementRequest.objects.get(application=app)
    assert request.late
    assert AuditEvent.objects.get(action="application.receive_supplement").changes["late"] is True


def test_the_received_day_defaults_to_the_delivery_or_today(world: World) -> None:
    by_post = asked_days_ago(world, 10, due_in=3)
    svc.application_receive_supplement(application=by_post, actor=world.handler)
    assert SupplementRequest.objects.get(application=by_post).received_on == today()
    delivered = asked_days_ago(world, 10, due_in=3)
    svc.supplement_deliver(application=delivered, actor=world.handler, text="Protokollet")
    SupplementRequest.objects.filter(application=delivered).update(received_on=today() - 2 * DAY)
    svc.application_receive_supplement(application=delivered, actor=world.handler)
    assert SupplementRequest.objects.get(application=delivered).received_on == today() - 2 * DAY


@pytest.mark.parametrize(
    ("received", "file", "field", "says"),
    [
        (1, None, "received_on", "Inkomstdatumet kan inte vara i framtiden."),
        (-11, None, "received_on", "kan inte ha kommit in före"),
        (0, SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03\x00"), "file", "Underlaget ska vara"),
    ],
    ids=["future", "before-the-request", "not-a-document"],
)
def test_a_received_day_out_of_range_or_a_bad_scan_is_refused_naming_the_field(
    world: World, received: int, file: Any, field: str, says: str
) -> None:
    app = asked_days_ago(world, 10, due_in=3)
    with pytest.raises(InvalidInput) as info:
        svc.application_receive_supplement(
            application=app, actor=world.handler, received_on=today() + received * DAY, file=file
        )
    assert list(info.value.errors) == [field] and says in str(info.value.errors[field][0])
    app.refresh_from_db()
    assert app.state == State.SUPPLEMENT_REQUESTED
    assert SupplementRequest.objects.get(application=app).fulfilled_at is None


def test_a_scan_does_not_replace_what_the_applicant_sent(world: World) -> None:
    app = asked_days_ago(world, 10, due_in=3)
    svc.supplement_deliver(application=app, actor=world.handler, file=scan("e-tjanst.pdf"))
    with pytest.raises(InvalidInput) as info:
        svc.application_receive_supplement(application=app, actor=world.handler, file=scan())
    assert list(info.value.errors) == ["file"]


def test_a_response_by_post_is_recorded_with_its_day_and_the_scan(world: World) -> None:
    app = heard_days_ago(world, 10, due_in=-1)
    svc.application_record_response(
        application=app,
        actor=world.handler,
        response="Föreningen bestrider uppgifterna.",
        received_on=today() - 2 * DAY,
        file=scan("yttrande.pdf"),
    )
    hearing = Communication.objects.get(application=app)
    assert hearing.response_received_on == today() - 2 * DAY and not hearing.response_late
    assert hearing.response_file.name.startswith("responses/")
    event = AuditEvent.objects.get(action="application.record_response")
    assert event.changes["received_on"] == (today() - 2 * DAY).isoformat()
    assert event.changes["late"] is False
    late = heard_days_ago(world, 10, due_in=-3)
    svc.application_record_response(application=late, actor=world.handler, response="Sent svar")
    assert Communication.objects.get(application=late).response_late


@pytest.mark.parametrize(
    ("received", "says"),
    [(1, "i framtiden"), (-11, "då förslaget kommunicerades")],
    ids=["future", "before-the-communication"],
)
def test_a_response_day_out_of_range_is_refused_naming_the_field(
    world: World, received: int, says: str
) -> None:
    app = heard_days_ago(world, 10, due_in=3)
    with pytest.raises(InvalidInput) as info:
        svc.application_record_response(
            application=app,
            actor=world.handler,
            response="Svar",
            received_on=today() + received * DAY,
        )
    assert list(info.value.errors) == ["received_on"]
    assert says in str(info.value.errors["received_on"][0])
    app.refresh_from_db()
    assert app.responded_at is None


def test_the_forms_take_the_day_and_the_scan(world: World) -> None:
    page = Client()
    page.force_login(world.handler)
    app = asked_days_ago(world, 10, due_in=-2)
    url = f"/arenden/{app.reference}/atgard/receive_supplement/"
    form = page.get(url).content.decode()
    assert 'name="received_on"' in form and f'value="{today().isoformat()}"' in form
    assert 'type="file" name="file"' in form
    future = page.post(url, {"received_on": (today() + DAY).isoformat()})
    assert future.status_code == 422 and 'id="id_received_on_error"' in future.content.decode()
    day = today() - 3 * DAY
    done = page.post(url, {"received_on": day.isoformat(), "file": scan(), "note": "Per post"})
    assert done.status_code == 302
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    assert f"inkom {day.isoformat()}" in case and "brev.pdf" in case
    heard = heard_days_ago(world, 10, due_in=-1)
    response_url = f"/arenden/{heard.reference}/atgard/record_response/"
    done = page.post(
        response_url,
        {"response": "Vi bestrider", "received_on": (today() - DAY).isoformat(), "file": scan()},
    )
    assert done.status_code == 302
    case = page.get(f"/arenden/{heard.reference}/").content.decode()
    assert f"yttrande inkom {(today() - DAY).isoformat()}" in case
    hearing = Communication.objects.get(application=heard)
    download = page.get(f"/arenden/{heard.reference}/kommunicering/{hearing.pk}/yttrande/fil/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_the_api_takes_the_day_and_a_scan_as_multipart(world: World) -> None:
    api = officer_for(world.handler)
    app = asked_days_ago(world, 10, due_in=3)
    url = f"/api/v1/applications/{app.pk}/actions/receive_supplement/"
    future = api.post(url, {"received_on": (today() + DAY).isoformat()}, format="json")
    assert future.status_code == 422 and list(future.json()["errors"]) == ["received_on"]
    day = today() - 2 * DAY
    done = api.post(url, {"received_on": day.isoformat(), "file": scan()}, format="multipart")
    assert done.status_code == 200, done.json()
    request = SupplementRequest.objects.get(application=app)
    assert request.received_on == day and request.delivered_file.name
    heard = heard_days_ago(world, 10, due_in=3)
    done = api.post(
        f"/api/v1/applications/{heard.pk}/actions/record_response/",
        {"response": "Vi bestrider", "received_on": day.isoformat()},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert Communication.objects.get(application=heard).response_received_on == day


def test_the_migration_fills_the_days_from_what_was_recorded(world: World) -> None:
    delivered = asked_days_ago(world, 10, due_in=3)
    svc.supplement_deliver(application=delivered, actor=world.handler, text="Protokollet")
    registered = asked_days_ago(world, 10, due_in=3)
    svc.application_receive_supplement(application=registered, actor=world.handler)
    waiting = asked_days_ago(world, 10, due_in=3)
    heard = heard_days_ago(world, 10, due_in=3)
    svc.application_record_response(application=heard, actor=world.handler, response="Svar")
    two_days_ago = timezone.now() - 2 * DAY
    SupplementRequest.objects.filter(application=delivered).update(delivered_at=two_days_ago)
    SupplementRequest.objects.update(received_on=None)
    Communication.objects.update(response_received_on=None, responded_at=two_days_ago)
    migration = importlib.import_module("vetting.migrations.0012_received_dates")
    migration.fill_received_dates(apps, None)
    days = dict(SupplementRequest.objects.values_list("application_id", "received_on"))
    assert days == {
        delivered.pk: timezone.localdate(two_days_ago),
        registered.pk: today(),
        waiting.pk: None,
    }
    assert Communication.objects.get(application=heard).response_received_on == (
        timezone.localdate(two_days_ago)
    )


def test_a_response_names_its_text_date_and_file_at_once(world: World) -> None:
    """A blank response, a day in the future and a file that is no document: one error naming
    all three, not one per attempt."""
    app = heard_days_ago(world, 3, due_in=7)
    gif = SimpleUploadedFile("brev.gif", b"GIF89a\x01\x00\x01\x00")
    with pytest.raises(InvalidInput) as info:
        svc.application_record_response(
            application=app, actor=world.handler, response=" ", received_on=today() + DAY, file=gif
        )
    assert set(info.value.errors) == {"response", "received_on", "file"}
    app.refresh_from_db()
    assert app.state == State.COMMUNICATED


def test_a_supplement_names_its_date_and_file_at_once(world: World) -> None:
    app = asked_days_ago(world, 3, due_in=7)
    gif = SimpleUploadedFile("komplettering.gif", b"GIF89a\x01\x00\x01\x00")
    with pytest.raises(InvalidInput) as info:
        svc.application_receive_supplement(
            application=app, actor=world.handler, received_on=today() + DAY, file=gif
        )
    assert set(info.value.errors) == {"received_on", "file"}
    app.refresh_from_db()
    assert app.state == State.SUPPLEMENT_REQUESTED
