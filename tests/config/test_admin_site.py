"""The admin lets in only those it has something for (config/admin.py): a superuser, or a staff
user with a permission. The demo's auditor (staff, no permission) got an empty admin index."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client

from vetting.management.commands.seed_demo import USERS

pytestmark = pytest.mark.django_db
ADMIN_LINK = 'id="admin-link"'
MENU_PAGE = "/tillganglighet/"  # every logged-in user sees it, with the site menu


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_demo_role_gets_the_admin_and_its_link_only_if_it_can_use_it(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    seen = {}
    for username, *_rest in USERS:
        client = browser(User.objects.get(username=username))
        index = client.get("/admin/")
        menu = client.get(MENU_PAGE).content.decode()
        seen[username] = (index.status_code, ADMIN_LINK in menu)
        if index.status_code == 302:
            assert index["Location"] == "/admin/login/?next=/admin/"
    assert seen == {
        "handlaggare": (302, False),
        "handlaggare2": (302, False),
        "beslutsfattare": (302, False),
        "sakerhet": (302, False),
        "revisor": (302, False),
        "admin": (200, True),
    }


def test_a_staff_user_with_a_permission_gets_in_and_sees_only_that(world: Any) -> None:
    auditor = world.auditor
    auditor.is_staff = True
    auditor.save()
    assert browser(auditor).get("/admin/").status_code == 302
    auditor.user_permissions.add(Permission.objects.get(codename="view_association"))
    client = browser(User.objects.get(pk=auditor.pk))
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "/admin/associations/association/" in index.content.decode()
    assert ADMIN_LINK in client.get(MENU_PAGE).content.decode()


def test_no_link_for_a_user_who_is_not_staff(world: Any) -> None:
    world.handler.user_permissions.add(Permission.objects.get(codename="view_association"))
    client = browser(world.handler)
    assert client.get("/admin/").status_code == 302
    assert ADMIN_LINK not in client.get(MENU_PAGE).content.decode()
