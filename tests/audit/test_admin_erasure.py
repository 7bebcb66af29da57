"""Who may erase a person's personal data (GDPR): the erasure service's rule
(``audit.services.may_erase_persons``: an administrator or a superuser), and the admin offers
and carries out its action for them only. A staff officer with "change user" got it too."""

from __future__ import annotations

from typing import Any

import pytest

from audit.context import SYSTEM, actor_for_client, actor_for_user
from audit.models import AuditEvent
from audit.services import ErasureRefused, may_erase_persons, person_erase, person_pseudonym
from tests.world import World, staff_browser

pytestmark = pytest.mark.django_db
USERS = "/admin/auth/user/"
ERASE = 'value="erase_personal_data"'


def _inactive(user: Any) -> Any:
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def _erase(browser: Any, user: Any) -> Any:
    return browser.post(USERS, {"action": "erase_personal_data", "_selected_action": [user.pk]})


def test_the_rule_is_the_services_administrators_and_superusers(world: World) -> None:
    assert may_erase_persons(world.admin)
    assert not may_erase_persons(world.handler) and not may_erase_persons(world.auditor)
    world.handler.is_superuser = True
    assert may_erase_persons(world.handler)


def test_the_service_refuses_an_officer_and_a_booking_system(world: World) -> None:
    target = _inactive(world.handler2)
    for actor in (actor_for_user(world.handler), actor_for_client("1")):
        with pytest.raises(ErasureRefused, match="Bara administratörer"):
            person_erase(user=target, actor=actor)
    assert not AuditEvent.objects.filter(action="person.erased").exists()
    person_erase(user=target, actor=SYSTEM)  # the command, run by operations
    assert AuditEvent.objects.filter(action="person.erased").exists()


def test_an_officer_with_change_user_is_not_offered_the_erasure_and_cannot_post_it(
    world: World,
) -> None:
    target = _inactive(world.handler2)
    officer = staff_browser(world.handler, "view_user", "change_user")
    page = officer.get(USERS)
    assert page.status_code == 200 and ERASE not in page.content.decode()
    assert _erase(officer, target).status_code == 403
    target.refresh_from_db()
    assert target.username == "handler2"
    assert not AuditEvent.objects.filter(action="person.erased").exists()


def test_an_administrator_is_offered_the_erasure_and_erases(world: World) -> None:
    target = _inactive(world.handler2)
    pseudonym = person_pseudonym(target)
    administrator = staff_browser(world.admin, "view_user", "change_user")
    assert ERASE in administrator.get(USERS).content.decode()
    assert _erase(administrator, target).status_code == 302
    target.refresh_from_db()
    assert target.username == pseudonym
    event = AuditEvent.objects.get(action="person.erased")
    assert event.actor_id == person_pseudonym(world.admin)
