"""An open case whose handler's account was deactivated (the person left, or was erased) is
listed in the other handlers' "Ej tilldelade" and marked to be taken over, on the case page too,
until another handler takes it over."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from audit.context import SYSTEM
from audit.services import person_erase
from tests.world import World, drive
from vetting.models import State
from vetting.services.assignment import application_assign

pytestmark = pytest.mark.django_db

MARK = "inaktiverad, ska tas över"


def deactivate(user: Any) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


def unassigned(world: World, login: Any) -> str:
    return login(world.handler2).get("/?group=unassigned").content.decode()


def test_a_deactivated_handlers_open_case_is_listed_to_be_taken_over(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assert app.reference not in unassigned(world, login)  # an active handler holds it

    deactivate(world.handler)
    queue = unassigned(world, login)
    assert app.reference in queue and MARK in queue
    page = login(world.handler2).get(f"/arenden/{app.reference}/").content.decode()
    assert 'id="handler-inactive"' in page and f"({MARK})" in page
    assert "assign" in re.findall(r'data-action="([a-z_]+)"', page)  # the take-over

    application_assign(application=app, actor=world.handler2, no_conflict_confirmed=True)
    assert app.reference not in unassigned(world, login)
    page = login(world.handler2).get(f"/arenden/{app.reference}/").content.decode()
    assert 'id="handler-inactive"' not in page


def test_an_erased_handlers_open_case_stays_listed_under_the_pseudonym(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    deactivate(world.handler)
    person = person_erase(user=world.handler, actor=SYSTEM)
    queue = unassigned(world, login)
    assert app.reference in queue and MARK in queue and person.pseudonym in queue


def test_a_decided_case_of_a_deactivated_handler_is_nobodys_work(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    deactivate(world.handler)
    assert app.reference not in unassigned(world, login)


def test_the_mark_in_english(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    deactivate(world.handler)
    client = login(world.handler2)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        queue = client.get("/?group=unassigned", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        page = client.get(f"/arenden/{app.reference}/", HTTP_ACCEPT_LANGUAGE="en")
    assert app.reference in queue and "deactivated, to be taken over" in queue
    assert "no longer has an active account" in page.content.decode()
