"""Two officers take the same case at once: the second was silently made its handler (a take-over
nobody chose). The form carries the handler it showed; a case taken meanwhile is a conflict
naming who took it, nothing changes and nothing is recorded, and the take-over form is offered."""

from __future__ import annotations

import re
from typing import Any

import pytest

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.world import World
from vetting import services as svc
from vetting.errors import Conflict
from vetting.models import State

pytestmark = pytest.mark.django_db


def assign_url(app: Any) -> str:
    return f"/arenden/{app.reference}/atgard/assign/"


def shown_handler(page: str) -> str:
    [tag] = re.findall(r'<input type="hidden" name="expected_handler"[^>]*>', page)
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else ""


def test_the_second_of_two_takes_is_a_conflict_naming_the_first(world: World, login: Any) -> None:
    app = world.submit()
    hanna, hugo = login(world.handler), login(world.handler2)
    hannas_form = hanna.get(assign_url(app)).content.decode()
    hugos_form = hugo.get(assign_url(app)).content.decode()
    assert shown_handler(hannas_form) == shown_handler(hugos_form) == ""
    sent = {"no_conflict_confirmed": "on", "expected_handler": shown_handler(hugos_form)}
    assert hanna.post(assign_url(app), sent).status_code == 302
    events = AuditEvent.objects.count()
    response = hugo.post(assign_url(app), sent)
    assert response.status_code == 409
    page = response.content.decode()
    name = world.handler.get_full_name()
    assert f"Ärendet togs nyss av {name}." in page and "Någon annan tog nyss ärendet" in page
    # The explicit take-over form, carrying the handler the case has now.
    assert "<h1>Ta över ärendet</h1>" in page and shown_handler(page) == world.handler.username
    assert 'name="no_conflict_confirmed" checked' not in page
    app.refresh_from_db()
    assert app.handler == world.handler and app.state == State.IN_REVIEW
    assert AuditEvent.objects.count() == events  # no take-over, and no refusal recorded
    taken = hugo.post(
        assign_url(app), {"no_conflict_confirmed": "on", "expected_handler": shown_handler(page)}
    )
    assert taken.status_code == 302
    app.refresh_from_db()
    assert app.handler == world.handler2


def test_the_service_refuses_a_take_over_nobody_saw(world: World) -> None:
    app = world.submit()
    svc.application_assign(application=app, actor=world.handler, no_conflict_confirmed=True)
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        svc.application_assign(
            application=app, actor=world.handler2, no_conflict_confirmed=True, expected_handler=""
        )
    assert refused.value.code == "handler_changed" and refused.value.status == 409
    app.refresh_from_db()
    assert app.handler == world.handler and AuditEvent.objects.count() == events


def test_a_second_send_of_ones_own_take_is_not_named_a_colleagues(world: World) -> None:
    app = world.submit()
    svc.application_assign(
        application=app, actor=world.handler, no_conflict_confirmed=True, expected_handler=""
    )
    with pytest.raises(Exception) as again:
        svc.application_assign(
            application=app, actor=world.handler, no_conflict_confirmed=True, expected_handler=""
        )
    assert "Du handlägger redan ärendet." in str(again.value.message)  # type: ignore[attr-defined]


def test_the_api_checks_the_expected_handler_when_given(world: World) -> None:
    app = world.submit()
    url = f"/api/v1/applications/{app.pk}/actions/assign/"
    body = {"no_conflict_confirmed": True, "expected_handler": ""}
    assert officer_for(world.handler).post(url, body, format="json").status_code == 200
    response = officer_for(world.handler2).post(url, body, format="json")
    assert response.status_code == 409, response.json()
    problem = response.json()
    assert problem["code"] == "handler_changed"
    assert world.handler.get_full_name() in problem["detail"]
    app.refresh_from_db()
    assert app.handler == world.handler
    # Naming the handler read, or not saying, takes it over as before.
    body = {"no_conflict_confirmed": True, "expected_handler": world.handler.username}
    assert officer_for(world.handler2).post(url, body, format="json").status_code == 200
