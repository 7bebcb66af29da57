"""Assigning a case on its page: a handler takes it; an administrator may give it to another
handler of the case's administration (one without declared jäv)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import UserFactory
from tests.world import World
from vetting import roles
from vetting.models import ConflictOfInterest
from vetting.selectors import eligible_handlers

pytestmark = pytest.mark.django_db


def assign_url(app: Any) -> str:
    return f"/arenden/{app.reference}/atgard/assign/"


def test_eligible_handlers_are_of_the_administration_and_without_jav(world: World) -> None:
    app = world.submit()
    ConflictOfInterest.objects.create(user=world.handler2, association=app.association)
    UserFactory(username="inactive", roles=[roles.HANDLER], administrations=[world.kultur],
                is_active=False)  # fmt: skip
    assert list(eligible_handlers(app)) == [world.handler]  # not handler2 (jäv), not social


def test_administrator_gives_the_case_to_another_handler(world: World, login: Any) -> None:
    app = world.submit()
    client = login(world.admin)
    page = client.get(assign_url(app)).content.decode()
    assert 'name="handler"' in page and f'value="{world.handler2.pk}"' in page
    assert f'value="{world.other_handler.pk}"' not in page  # another administration
    response = client.post(
        assign_url(app), {"handler": world.handler2.pk, "no_conflict_confirmed": "on"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.handler == world.handler2 and app.state == "in_review"


def test_a_handler_takes_the_case_and_cannot_choose_someone_else(world: World, login: Any) -> None:
    app = world.submit()
    client = login(world.handler)
    assert 'name="handler"' not in client.get(assign_url(app)).content.decode()
    client.post(assign_url(app), {"handler": world.handler2.pk, "no_conflict_confirmed": "on"})
    app.refresh_from_db()
    assert app.handler == world.handler
