"""GDPR erasure from a shell (``manage.py erase_person USERNAME``) and the admin (an action on
users): only an inactive account; the account keeps no name, the trail stays by pseudonym."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.checkpoints import run_verification
from audit.context import SYSTEM
from audit.models import AuditEvent, Person
from audit.services import ErasureRefused, person_erase, person_pseudonym
from tests.world import World, admin_browser, drive
from vetting.models import State

pytestmark = pytest.mark.django_db


def deactivate(user: Any) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


def assert_erased(user: Any, pseudonym: str) -> None:
    user.refresh_from_db()
    assert (user.username, user.first_name, user.last_name, user.email) == (pseudonym, "", "", "")
    assert not user.has_usable_password()
    person = Person.objects.get(pseudonym=pseudonym)
    assert person.display_name == "" and person.user is None and person.erased_at is not None
    assert AuditEvent.objects.filter(action="person.erased", object_id=pseudonym).exists()


def test_an_active_account_is_refused(world: World) -> None:
    drive(world, world.submit(), State.APPROVED)
    with pytest.raises(ErasureRefused, match="Inaktivera det först"):
        person_erase(user=world.decider, actor=SYSTEM)
    world.decider.refresh_from_db()
    assert world.decider.username == "decider"
    assert not AuditEvent.objects.filter(action="person.erased").exists()


def test_the_command_erases_an_inactive_account(world: World, capsys: Any) -> None:
    drive(world, world.submit(), State.APPROVED)
    pseudonym = person_pseudonym(world.decider)
    deactivate(world.decider)
    before = list(AuditEvent.objects.values_list("seq", "hash"))
    call_command("erase_person", "decider")
    assert pseudonym in capsys.readouterr().out
    assert_erased(world.decider, pseudonym)
    assert list(AuditEvent.objects.values_list("seq", "hash"))[: len(before)] == before
    assert run_verification().intact


def test_the_command_refuses_an_active_account_with_a_clear_message(world: World) -> None:
    with pytest.raises(CommandError, match="Kontot är aktivt"):
        call_command("erase_person", "handler")
    with pytest.raises(
        CommandError,
        match=r"Ingen användare med användarnamnet 'nobody'\. Om personen redan har raderats",
    ):
        call_command("erase_person", "nobody")


def test_erasing_twice_is_refused(world: World) -> None:
    deactivate(world.handler2)
    call_command("erase_person", "handler2")
    erased = User.objects.get(pk=world.handler2.pk)
    with pytest.raises(CommandError, match="redan raderade"):
        call_command("erase_person", erased.username)
    assert AuditEvent.objects.filter(action="person.erased").count() == 1


def test_a_user_who_never_acted_gets_a_pseudonym_and_is_erased(world: World) -> None:
    deactivate(world.handler2)
    assert not Person.objects.filter(user=world.handler2).exists()
    person = person_erase(user=world.handler2, actor=SYSTEM)
    assert_erased(world.handler2, person.pseudonym)


def test_the_admin_action_erases_inactive_and_refuses_active_accounts(world: World) -> None:
    drive(world, world.submit(), State.APPROVED)
    pseudonym = person_pseudonym(world.decider)
    deactivate(world.decider)
    browser = admin_browser(world)
    response = browser.post(
        "/admin/auth/user/",
        {
            "action": "erase_personal_data",
            "_selected_action": [world.decider.pk, world.handler.pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Handler: Kontot är aktivt" in page  # the admin capitalises messages
    assert "Personuppgifterna för 1 konton är raderade." in page
    assert_erased(world.decider, pseudonym)
    event = AuditEvent.objects.get(action="person.erased")
    assert event.actor_id == person_pseudonym(world.admin)
    world.handler.refresh_from_db()
    assert world.handler.username == "handler" and world.handler.first_name


def test_erasure_removes_the_name_from_the_admins_history(world: World) -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    user = world.handler2
    LogEntry.objects.create(
        user=world.admin, content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk), object_repr=user.get_username(), action_flag=CHANGE,
    )  # fmt: skip
    name = user.get_username()
    pseudonym = person_pseudonym(user)
    deactivate(user)
    person_erase(user=user, actor=SYSTEM)
    assert not LogEntry.objects.filter(object_repr=name).exists()
    assert LogEntry.objects.filter(object_repr=pseudonym).count() == 1


def test_erasure_renames_the_account_in_its_objects_history_and_only_there(
    world: World,
) -> None:
    """A delegation's admin history reads "decider: … ≤ 100000"; after erasure it reads the
    pseudonym. Another's delegation ("decider_small: …") starts with the same letters and keeps
    its name, and so does a row of the erased person's delegation not naming it first."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from vetting.models import Delegation

    ct = ContentType.objects.get_for_model(Delegation)

    def logged(delegation: Delegation, text: str) -> LogEntry:
        return LogEntry.objects.create(
            user=world.admin, content_type=ct, object_id=str(delegation.pk),
            object_repr=text, action_flag=CHANGE,
        )  # fmt: skip

    own = Delegation.objects.get(user=world.decider)
    other = Delegation.objects.get(user=world.decider_small)
    mine = logged(own, str(own))
    group_named = logged(own, "beslutsfattare: decider ≤ 5")  # not of the form "<user>: …"
    theirs = logged(other, str(other))
    assert str(own).startswith("decider: ") and str(other).startswith("decider_small: ")
    pseudonym = person_pseudonym(world.decider)
    deactivate(world.decider)
    person_erase(user=world.decider, actor=SYSTEM)
    mine.refresh_from_db()
    assert mine.object_repr == pseudonym + str(own).removeprefix("decider")
    assert LogEntry.objects.get(pk=theirs.pk).object_repr == str(other)
    assert LogEntry.objects.get(pk=group_named.pk).object_repr == "beslutsfattare: decider ≤ 5"


def test_an_erased_account_keeps_no_access(world: World) -> None:
    from django.contrib.auth.models import Permission

    user = world.handler2
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert user.groups.exists()
    deactivate(user)
    person_erase(user=user, actor=SYSTEM)
    user = User.objects.get(pk=user.pk)
    assert not user.is_staff and not user.is_superuser
    assert not user.groups.exists() and not user.user_permissions.exists()


def test_erasing_again_by_the_old_username_says_it_may_already_be_erased(world: World) -> None:
    """The old username is kept nowhere after erasure, so the command cannot tell "already
    erased" from "no such user" by it: it says both (Swedish, English through i18n)."""
    from django.utils import translation

    deactivate(world.handler2)
    call_command("erase_person", "handler2")
    with pytest.raises(CommandError, match="Om personen redan har raderats heter kontot nu"):
        call_command("erase_person", "handler2")
    with translation.override("en"), pytest.raises(CommandError, match="already been erased"):
        call_command("erase_person", "handler2")
    assert AuditEvent.objects.filter(action="person.erased").count() == 1


def test_the_audit_commands_speak_the_language_of_their_errors(world: World, capsys: Any) -> None:
    from django.utils import translation

    deactivate(world.handler2)
    call_command("erase_person", "handler2")
    assert "Raderade 'handler2': nu pseudonymen" in capsys.readouterr().out
    with translation.override("en"):
        call_command("audit_checkpoint")
    assert "Signed checkpoint #" in capsys.readouterr().out
