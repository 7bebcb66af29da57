"""The decide page (and the case page) show what the applicant said in response to the
kommunicering, verbatim, or that nothing came in by the deadline, or that the window is still
open (FL 25 §): the decision maker decides having seen it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from tests.world import World, drive
from vetting import services as svc
from vetting.models import Application, Communication, State

pytestmark = pytest.mark.django_db

RESPONSE = (
    "Vi bestrider förslaget.\nOrdföranden har avgått och styrelsen har tagit avstånd från "
    "uttalandet i protokoll 2026-03-01, § 4; vi bifogar protokollet & årsmötets beslut."
)


def _pages(world, login, app) -> tuple[str, str]:
    client = login(world.decider)
    decide = client.get(f"/arenden/{app.reference}/atgard/decide/")
    case = client.get(f"/arenden/{app.reference}/")
    assert decide.status_code == case.status_code == 200
    return decide.content.decode(), case.content.decode()


def _due_passed(app: Application, days: int = 3) -> None:
    due = timezone.localdate() - timedelta(days=days)
    Application.objects.filter(pk=app.pk).update(response_due=due)
    Communication.objects.filter(application=app).update(due=due)


def _verbatim(text: str) -> str:
    return text.replace("&", "&amp;").replace("\n", "<br>")


def test_the_response_in_time_is_shown_in_full_with_its_date(world, login):
    app = drive(world, world.submit(), State.COMMUNICATED)
    svc.application_record_response(application=app, actor=world.handler, response=RESPONSE)
    today, due = timezone.localdate(), app.communications.get().due
    for page in _pages(world, login, app):
        assert 'id="hearing"' in page and _verbatim(RESPONSE) in page
        assert f"Yttrandet inkom {today:%Y-%m-%d}; svar senast {due:%Y-%m-%d}." in page
        assert "Yttrandet kom in i tid." in page and "efter fristen." not in page


def test_a_late_response_is_said_to_be_late(world, login):
    app = drive(world, world.submit(), State.COMMUNICATED)
    _due_passed(app)
    svc.application_record_response(application=app, actor=world.handler, response=RESPONSE)
    decide, case = _pages(world, login, app)
    for page in (decide, case):
        assert _verbatim(RESPONSE) in page and "Yttrandet kom in efter fristen." in page


def test_no_response_by_the_deadline_is_said(world, login):
    app = drive(world, world.submit(), State.COMMUNICATED)
    _due_passed(app)
    due = timezone.localdate() - timedelta(days=3)
    for page in _pages(world, login, app):
        assert f"Inget yttrande kom in senast {due:%Y-%m-%d}, när fristen gick ut." in page


def test_an_open_window_is_said(world, login):
    app = drive(world, world.submit(), State.COMMUNICATED)
    due = app.communications.get().due
    for page in _pages(world, login, app):
        assert f"sökanden kan yttra sig till och med {due:%Y-%m-%d}." in page


def test_a_proposal_not_communicated_has_no_hearing(world, login):
    app = drive(world, world.submit(), State.PROPOSED)
    for page in _pages(world, login, app):
        assert 'id="hearing"' not in page


def test_the_hearing_in_english(world, login):
    app = drive(world, world.submit(), State.COMMUNICATED)
    svc.application_record_response(application=app, actor=world.handler, response=RESPONSE)
    client = login(world.decider)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/arenden/{app.reference}/atgard/decide/").content.decode()
    assert "The applicant's response (§ 25 of the Administrative Procedure Act)" in page
    assert "The response came in on time." in page and _verbatim(RESPONSE) in page


def test_the_decide_form_says_why_before_it_is_filled_in(world: World, login) -> None:
    """A case still in review: the form said "submit to learn why", and submitting it said the
    proposal was missing from the form. It now says what the state allows, as the API's 409."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    page = login(world.decider).get(f"/arenden/{app.reference}/atgard/decide/").content.decode()
    assert 'id="refusal"' in page and "Åtgärden kan inte utföras nu" in page
    assert "&#x27;Besluta&#x27; är inte tillåten när ärendet har status" in page
    assert "Om du skickar formuläret" not in page
    assert not AuditEvent.objects.filter(action="application.refused").exists()  # only opened
