"""An erasure records the access it removed (``person.erased``, ``access_removed``): whether the
account had admin access or was superuser, how many roles, permissions, open API tokens,
delegations and sessions it lost; kinds and counts, no names. The auditor's page of the event
shows it. Before, the account lost its access but the event said only which fields were erased,
and its API tokens stayed open (unusable only while the account was inactive)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission

from api.models import ApiToken
from api.tokens import api_token_create
from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import person_erase
from tests.audit.test_erasure import deactivate
from tests.world import World

pytestmark = pytest.mark.django_db


def _erase_with_access(world: World) -> AuditEvent:
    user = world.handler2
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    api_token_create(actor=SYSTEM, user=user, name="script")
    revoked, _raw = api_token_create(actor=SYSTEM, user=user, name="old")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=revoked.created_at)
    deactivate(user)
    person_erase(user=user, actor=SYSTEM)
    return AuditEvent.objects.get(action="person.erased")


def test_the_erasure_records_the_access_it_removed(world: World) -> None:
    groups = world.handler2.groups.count()
    assert groups > 0
    event = _erase_with_access(world)
    assert event.changes["access_removed"] == {
        "is_staff": True,
        "is_superuser": False,
        "groups": groups,
        "user_permissions": 1,
        "api_tokens": 1,  # the open one; the one revoked before is not counted
        "delegations": 0,
        "sessions": 0,
    }
    assert not ApiToken.objects.filter(user=world.handler2, revoked_at__isnull=True).exists()


def test_the_auditors_page_of_the_erasure_shows_it(world: World, login: Any) -> None:
    groups = world.handler2.groups.count()
    event = _erase_with_access(world)
    client = login(world.auditor)
    page = " ".join(client.get(f"/revision/handelser/{event.seq}/").content.decode().split())
    assert "Borttagen åtkomst" in page
    shown = f"Tillgång till administrationen; Roller: {groups}; Behörigheter: 1; API-token: 1"
    assert shown in page
    assert "handler2" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = " ".join(client.get(f"/revision/handelser/{event.seq}/").content.decode().split())
    assert "Access removed" in page and f"Roles: {groups}; Permissions: 1" in page


def test_an_account_with_nothing_left_records_zeros(world: World) -> None:
    user = world.handler2
    user.groups.clear()
    deactivate(user)
    person_erase(user=user, actor=SYSTEM)
    event = AuditEvent.objects.get(action="person.erased")
    assert event.changes["access_removed"] == {
        "is_staff": False,
        "is_superuser": False,
        "groups": 0,
        "user_permissions": 0,
        "api_tokens": 0,
        "delegations": 0,
        "sessions": 0,
    }


def test_the_auditors_page_names_the_delegations_and_sessions_ended(
    world: World, login: Any
) -> None:
    from django.test import Client

    Client().force_login(world.decider)
    deactivate(world.decider)
    person_erase(user=world.decider, actor=SYSTEM)
    event = AuditEvent.objects.get(action="person.erased")
    client = login(world.auditor)
    page = " ".join(client.get(f"/revision/handelser/{event.seq}/").content.decode().split())
    assert "Delegationer: 1; Inloggade sessioner: 1" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = " ".join(client.get(f"/revision/handelser/{event.seq}/").content.decode().split())
    assert "Delegations: 1; Logged-in sessions: 1" in page
