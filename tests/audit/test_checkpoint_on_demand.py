"""A checkpoint can be signed on demand, so an export made in the first hour carries one:
``manage.py audit_checkpoint`` and "Signera kontrollpunkt nu" in the admin (superusers and
administrators; an auditor reads only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from audit.checkpoints import sign_checkpoint
from audit.models import Checkpoint
from tests.world import World, admin_browser, drive
from vetting.models import State

SIGN = "/admin/audit/checkpoint/sign/"
LIST = "/admin/audit/checkpoint/"


def staff_browser(user: Any) -> Client:
    """A staff user who may view checkpoints in the admin, with no other privilege."""
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_checkpoint"))
    browser = Client()
    browser.force_login(user)
    return browser


def test_the_command_signs_the_head_at_once(world: World, capsys: Any) -> None:
    drive(world, world.submit(), State.IN_REVIEW)
    call_command("audit_checkpoint")
    checkpoint = Checkpoint.objects.get()
    assert f"Signerade kontrollpunkt #{checkpoint.seq}" in capsys.readouterr().out
    call_command("audit_checkpoint")
    assert "Inget nytt att signera" in capsys.readouterr().out
    assert Checkpoint.objects.count() == 1


def test_the_command_without_a_key_says_what_to_set(world: World, settings: Any) -> None:
    world.submit()
    settings.AUDIT_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="AUDIT_SIGNING_KEY"):
        call_command("audit_checkpoint")


def test_a_superuser_signs_a_checkpoint_in_the_admin(world: World) -> None:
    world.submit()
    browser = admin_browser(world)
    page = browser.get(LIST).content.decode()
    assert "Signera kontrollpunkt nu" in page
    response = browser.post(SIGN, follow=True)
    checkpoint = Checkpoint.objects.get()
    assert f"Kontrollpunkt #{checkpoint.seq} är signerad." in response.content.decode()
    again = browser.post(SIGN, follow=True).content.decode()
    assert "Inget nytt att signera" in again and Checkpoint.objects.count() == 1


def test_an_administrator_who_is_not_superuser_may_sign(world: World) -> None:
    world.submit()
    browser = staff_browser(world.admin)
    assert "Signera kontrollpunkt nu" in browser.get(LIST).content.decode()
    assert browser.post(SIGN).status_code == 302
    assert Checkpoint.objects.count() == 1


def test_an_auditor_reads_checkpoints_but_cannot_sign(world: World) -> None:
    world.submit()
    browser = staff_browser(world.auditor)
    page = browser.get(LIST)
    assert page.status_code == 200 and "Signera kontrollpunkt nu" not in page.content.decode()
    assert browser.post(SIGN).status_code == 403
    assert not Checkpoint.objects.exists()


def test_signing_is_a_post(world: World) -> None:
    world.submit()
    assert admin_browser(world).get(SIGN).status_code == 405
    assert not Checkpoint.objects.exists()
    assert sign_checkpoint() is not None
