"""A response to the kommunicering that does not object (ADR 0006): registered as such
(``contests`` false, on the form, over the API and in the service), it needs no
``response_considered`` in the decision, whose letter says that the applicant had nothing to
object; the trail records which the response was. An objecting response (the default) still
needs the decision to deal with it."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Communication, Kind, State

pytestmark = pytest.mark.django_db

AGREES = "Föreningen har tagit del av förslaget och har inget att invända."
NOTHING_TO_OBJECT = "Sökanden har inte haft något att invända."


def _communicated(world: World) -> Application:
    return drive(world, world.submit(Kind.FORENINGSBIDRAG), State.COMMUNICATED)


def _decide(world: World, app: Application, **extra: Any) -> Any:
    return svc.application_decide(
        application=app, actor=world.decider, outcome="rejected", no_conflict_confirmed=True,
        **extra,
    )  # fmt: skip


def test_a_response_that_does_not_object_needs_no_answer(world: World) -> None:
    app = _communicated(world)
    svc.application_record_response(
        application=app, actor=world.handler, response=AGREES, contests=False
    )
    app.refresh_from_db()
    assert app.communications.get().response_contests is False
    event = AuditEvent.objects.get(action="application.record_response")
    assert event.changes["contests"] is False
    decision = _decide(world, app)
    assert decision.response_considered == ""


def test_an_objecting_response_still_needs_one(world: World) -> None:
    app = _communicated(world)
    svc.application_record_response(application=app, actor=world.handler, response=AGREES)
    app.refresh_from_db()
    assert AuditEvent.objects.get(action="application.record_response").changes["contests"]
    with pytest.raises(InvalidInput) as info:
        _decide(world, app)
    assert "response_considered" in info.value.errors


def test_the_pages_ask_and_the_letter_says_so(world: World, login: Any) -> None:
    app = _communicated(world)
    handler = login(world.handler)
    url = f"/arenden/{app.reference}/atgard/record_response/"
    page = handler.get(url).content.decode()
    assert 'name="contests"' in page and "Invänder sökanden?" in page
    assert handler.post(url, {"response": AGREES, "contests": "no"}).status_code == 302
    assert Communication.objects.get(application=app).response_contests is False
    decider = login(world.decider)
    url = f"/arenden/{app.reference}/atgard/decide/"
    opened = decider.get(url)
    assert "fältet kan lämnas tomt" in opened.content.decode()
    post = {
        "outcome": "rejected",
        "no_conflict_confirmed": "on",
        "proposal_version": opened.context["form"].initial["proposal_version"],
    }
    assert decider.post(url, post).status_code == 302
    decision = app.decisions.get()
    letter = decider.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    assert NOTHING_TO_OBJECT in letter and AGREES in letter
    assert "Sökandens synpunkter och nämndens bedömning" not in letter


def test_the_letter_of_an_objecting_response_does_not_say_so(world: World, login: Any) -> None:
    app = _communicated(world)
    svc.application_record_response(application=app, actor=world.handler, response=AGREES)
    decision = _decide(
        world, Application.objects.get(pk=app.pk),
        response_considered="Invändningarna ändrar inte bedömningen av de konkreta handlingarna.",
    )  # fmt: skip
    letter = login(world.decider).get(f"/arenden/{app.reference}/beslut/{decision.pk}/")
    assert NOTHING_TO_OBJECT not in letter.content.decode()


def test_the_api_takes_contests_and_the_decision_follows(world: World) -> None:
    app = _communicated(world)
    base = f"/api/v1/applications/{app.pk}/actions/"
    response = officer_for(world.handler).post(
        f"{base}record_response/", {"response": AGREES, "contests": False}, format="json"
    )
    assert response.status_code == 200, response.json()
    decided = officer_for(world.decider).post(
        f"{base}decide/", {"outcome": "rejected", "no_conflict_confirmed": True}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "rejected"
