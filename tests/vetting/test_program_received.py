"""A program is registered with the day it reached the municipality (the officer's day for one
that came by post or e-mail, the upload's day for a booking system's), by which its deadline is
judged as a supplement's and a response's are: shown on the case page, in the auditors' facts
and recorded in the audit event."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from audit.facts import event_facts
from audit.models import AuditEvent
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Kind, ProgramReview, State

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def today() -> date:
    return timezone.localdate()


def asked_days_ago(world: World, days: int, due_in: int) -> Application:
    """A case whose program was asked for ``days`` ago, due ``due_in`` days from today."""
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)
    app.program_reviews.update(requested_at=timezone.now() - days * DAY, due=today() + due_in * DAY)
    return app


def test_a_program_by_post_is_judged_by_the_day_it_came_in(world: World) -> None:
    """Registered after the deadline, it came in before it: in time."""
    app = asked_days_ago(world, 10, due_in=-2)
    review = svc.program_submit(
        application=app, actor=world.handler, text="18.00 Konsert", received_on=today() - 3 * DAY
    )
    assert review.program_received_on == today() - 3 * DAY and not review.late
    event = AuditEvent.objects.get(action="program.received")
    assert event.changes["received_on"] == (today() - 3 * DAY).isoformat()
    assert event.changes["late"] is False


def test_a_program_after_its_deadline_is_late_and_the_facts_say_so(world: World) -> None:
    app = asked_days_ago(world, 10, due_in=-2)
    review = svc.program_submit(application=app, actor=world.handler, text="Program")
    assert review.program_received_on == today() and review.late
    event = AuditEvent.objects.get(action="program.received")
    facts = {f.label: f.value for f in event_facts(event)}
    assert facts["Inkom"] == today().isoformat() and facts["För sent"] == "ja"


@pytest.mark.parametrize(
    ("day", "words"), [(1, "framtiden"), (-11, "begärdes")], ids=["future", "before_request"]
)
def test_a_day_out_of_range_is_refused_naming_the_field(world: World, day: int, words: str) -> None:
    app = asked_days_ago(world, 10, due_in=3)
    with pytest.raises(InvalidInput) as caught:
        svc.program_submit(
            application=app, actor=world.handler, text="Program", received_on=today() + day * DAY
        )
    assert list(caught.value.errors) == ["received_on"]
    assert words in str(caught.value.errors["received_on"][0])
    assert not ProgramReview.objects.filter(program_received_at__isnull=False).exists()


def test_a_future_day_and_a_missing_program_are_named_at_once(world: World) -> None:
    app = asked_days_ago(world, 10, due_in=3)
    with pytest.raises(InvalidInput) as caught:
        svc.program_submit(application=app, actor=world.handler, received_on=today() + DAY)
    assert set(caught.value.errors) == {"received_on", "file"}


def test_the_assessment_names_the_day_the_program_came_in(world: World) -> None:
    app = asked_days_ago(world, 10, due_in=3)
    svc.program_submit(
        application=app, actor=world.handler, text="Program", received_on=today() - 2 * DAY
    )
    svc.application_complete_program_review(
        application=app,
        actor=world.handler,
        result="pass",
        notes="Programmet är en konsert med kören och inget annat.",
    )
    assessment = app.assessments.get(criterion__code="PROGRAM_REVIEW")
    assert f"programmet inkom {(today() - 2 * DAY).isoformat()}" in assessment.comment


def test_the_page_takes_the_day_and_shows_it_with_late(world: World) -> None:
    page = Client()
    page.force_login(world.handler)
    app = asked_days_ago(world, 10, due_in=-2)
    url = f"/arenden/{app.reference}/atgard/program_submit/"
    form = page.get(url).content.decode()
    assert 'name="received_on"' in form and f'value="{today().isoformat()}"' in form
    future = page.post(url, {"text": "Program", "received_on": (today() + DAY).isoformat()})
    assert future.status_code == 422 and 'id="id_received_on_error"' in future.content.decode()
    day = today() - DAY
    done = page.post(url, {"text": "Program", "received_on": day.isoformat()})
    assert done.status_code == 302
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    assert f"inkom {day.isoformat()} <strong>(efter fristen)</strong>" in case


def test_the_migration_fills_the_day_from_the_upload(world: World) -> None:
    received = asked_days_ago(world, 10, due_in=3)
    svc.program_submit(application=received, actor=world.handler, text="Program")
    waiting = asked_days_ago(world, 10, due_in=3)
    two_days_ago = timezone.now() - 2 * DAY
    ProgramReview.objects.update(program_received_on=None)
    ProgramReview.objects.filter(application=received).update(program_received_at=two_days_ago)
    migration = importlib.import_module("vetting.migrations.0018_program_received_on")
    migration.fill_program_received_on(apps, None)
    days = dict(ProgramReview.objects.values_list("application_id", "program_received_on"))
    assert days == {received.pk: timezone.localdate(two_days_ago), waiting.pk: None}
