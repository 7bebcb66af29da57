"""Declaring one's own jäv over the API (FL 17 §): ``POST …/actions/declare_conflict/`` with the
ground (``reason``), through the service the case page uses. Offered in ``allowed_actions`` to
every officer who acts on cases and has not declared one towards the association; exempt from
the jäv's own bar, but declared once (409 ``conflict_already_declared`` after)."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.chain import committed_text
from tests.world import World, drive
from vetting.actions import allowed_actions
from vetting.models import Application, ConflictOfInterest, State

pytestmark = pytest.mark.django_db

REASON = "Jag är kassör i föreningen."


def url(app: Application, action: str = "") -> str:
    base = f"/api/v1/applications/{app.pk}/"
    return f"{base}actions/{action}/" if action else base


def test_a_handler_declares_jav_and_the_case_waits_for_another(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    api = officer_for(world.handler)
    assert "declare_conflict" in api.get(url(app)).json()["allowed_actions"]
    response = api.post(url(app, "declare_conflict"), {"reason": f"  {REASON} "}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["allowed_actions"] == []  # every action refused from now on
    conflict = ConflictOfInterest.objects.get(user=world.handler, association=world.scouts)
    assert conflict.reason == REASON
    event = AuditEvent.objects.get(action="conflict.declared")
    assert event.case_ref == app.reference and committed_text(event, "reason") == REASON
    assert "assign" in allowed_actions(app, world.handler2)  # to be taken over


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 301}])
def test_the_reason_is_required_and_named(world: World, body: dict[str, str]) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    response = officer_for(world.decider).post(url(app, "declare_conflict"), body, format="json")
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["reason"]
    assert not ConflictOfInterest.objects.exists()


def test_once_declared_it_is_not_offered_again_and_a_second_is_409(world: World) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    api = officer_for(world.decider)
    assert "declare_conflict" in allowed_actions(app, world.decider)
    assert api.post(url(app, "declare_conflict"), {"reason": REASON}, format="json").status_code
    assert "declare_conflict" not in allowed_actions(app, world.decider)
    again = api.post(url(app, "declare_conflict"), {"reason": REASON}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "conflict_already_declared"
    assert ConflictOfInterest.objects.count() == 1


def test_an_auditor_reads_and_declares_nothing(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assert "declare_conflict" not in allowed_actions(app, world.auditor)
    response = officer_for(world.auditor).post(
        url(app, "declare_conflict"), {"reason": REASON}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "role"


def test_declaring_is_open_in_every_state_and_is_no_button_on_the_page(world: World) -> None:
    from web.actions import page_actions

    app = drive(world, world.submit(), State.PAID)
    allowed = allowed_actions(app, world.security)
    assert "declare_conflict" in allowed
    assert "declare_conflict" not in page_actions(app, allowed, world.security)
