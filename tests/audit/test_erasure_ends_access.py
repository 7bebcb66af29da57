"""An erased account keeps no standing authority, ended through the shared services: each open
API token revoked by ``api_token_revoke`` (its own event, naming the erasure's actor; before,
one bulk update wrote none), each delegation in force or to come ended (before, it stayed valid:
the account, reactivated, could decide under it again), its logged-in sessions ended and the
failed logins under its old username forgotten. Jäv declarations stay (they explain past
recusals). The erasure's event counts what was ended."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.tokens import api_token_create
from audit.context import SYSTEM, actor_for_user
from audit.models import AuditEvent, Person
from audit.services import person_erase, person_pseudonym
from tests.audit.test_erasure import deactivate
from tests.world import World
from vetting.models import ConflictOfInterest, Delegation, Kind
from vetting.selectors import valid_delegations
from vetting.services.conflicts import conflict_declare
from vetting.services.reference import delegation_create

pytestmark = pytest.mark.django_db


def _erased_event() -> AuditEvent:
    return AuditEvent.objects.get(action="person.erased")


def test_each_revoked_token_has_its_event_naming_the_erasures_actor(world: World) -> None:
    user = world.handler2
    pseudonym = person_pseudonym(user)
    tokens = [api_token_create(actor=SYSTEM, user=user, name=n)[0] for n in ("a", "b")]
    earlier, _raw = api_token_create(actor=SYSTEM, user=user, name="old")
    ApiToken.objects.filter(pk=earlier.pk).update(revoked_at=earlier.created_at)
    actor = actor_for_user(world.admin)
    persons = Person.objects.count()
    deactivate(user)
    person_erase(user=user, actor=actor)
    erased = _erased_event()
    revoked = AuditEvent.objects.filter(action="api_token.revoked").order_by("seq")
    assert [e.object_id for e in revoked] == [str(t.pk) for t in tokens]
    for event in revoked:
        assert event.actor_id == person_pseudonym(world.admin) == erased.actor_id
        assert event.changes["user"] == pseudonym  # the account's pseudonym, no new person
        assert event.seq < erased.seq  # in the erasure's transaction, before its own event
    assert Person.objects.count() == persons
    assert erased.changes["access_removed"]["api_tokens"] == 2
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert ApiToken.objects.get(pk=earlier.pk).revoked_at == earlier.created_at


def test_the_erased_accounts_delegations_end_with_the_erasure(world: World) -> None:
    """In force: ends on the erasure's day (what was decided under it that day stays covered);
    to come: withdrawn (an end before its start is no period); ended before: left."""
    user, today = world.decider, timezone.localdate()
    current = Delegation.objects.get(user=user)
    common = {"actor": SYSTEM, "user": user, "administration": world.kultur}
    future = delegation_create(**common, kinds=[Kind.FORENINGSBIDRAG],
                               valid_from=today + timedelta(days=10))  # fmt: skip
    past = delegation_create(**common, kinds=[Kind.FORENINGSBIDRAG], max_amount=Decimal(1),
                             valid_from=date(2020, 1, 1), valid_to=date(2021, 1, 1))  # fmt: skip
    others = Delegation.objects.get(user=world.decider_small)
    deactivate(user)
    person_erase(user=user, actor=actor_for_user(world.admin))
    current.refresh_from_db()
    assert current.valid_to == today
    assert not Delegation.objects.filter(pk=future.pk).exists()
    assert Delegation.objects.get(pk=past.pk).valid_to == date(2021, 1, 1)
    assert Delegation.objects.get(pk=others.pk).valid_to is None
    admin = person_pseudonym(world.admin)
    changed = AuditEvent.objects.get(action="refdata.delegation.changed")
    assert (changed.object_id, changed.actor_id) == (str(current.pk), admin)
    assert changed.changes == {"valid_to": today.isoformat()}
    deleted = AuditEvent.objects.get(action="refdata.delegation.deleted")
    assert (deleted.object_id, deleted.actor_id) == (str(future.pk), admin)
    assert _erased_event().changes["access_removed"]["delegations"] == 2
    # Reactivated with its role again, the account has no delegation from the next day on.
    user = User.objects.get(pk=user.pk)
    user.is_active = True
    user.save(update_fields=["is_active"])
    user.groups.set(world.decider_small.groups.all())
    for day in (today + timedelta(days=1), today + timedelta(days=20)):
        assert not valid_delegations(user, day).exists()


def test_jav_declarations_stay(world: World) -> None:
    conflict = conflict_declare(
        actor=world.admin, user=world.decider, association=world.scouts, reason="Styrelseledamot"
    )
    deactivate(world.decider)
    person_erase(user=world.decider, actor=SYSTEM)
    kept = ConflictOfInterest.objects.get(pk=conflict.pk)
    assert kept.withdrawn_at is None and kept.user_id == world.decider.pk


def _session_of(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return str(client.session.session_key)


def test_the_accounts_sessions_end(world: World) -> None:
    user = world.handler2
    own = [_session_of(user), _session_of(user)]
    others = _session_of(world.handler)
    deactivate(user)
    person_erase(user=user, actor=SYSTEM)
    assert not Session.objects.filter(session_key__in=own).exists()
    assert Session.objects.filter(session_key=others).exists()
    assert _erased_event().changes["access_removed"]["sessions"] == 2


def test_failed_logins_under_the_old_username_are_forgotten(world: World) -> None:
    from axes.models import AccessAttempt

    def failed(username: str) -> AccessAttempt:
        return AccessAttempt.objects.create(
            username=username, ip_address="192.0.2.7", user_agent="x", failures_since_start=5,
            get_data="", post_data="", http_accept="", path_info="/login/",
        )  # fmt: skip

    failed("handler2")
    kept = failed("handler")
    deactivate(world.handler2)
    person_erase(user=world.handler2, actor=SYSTEM)
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_access_removed_is_the_locked_rows_not_the_callers_copy(world: World) -> None:
    """The caller's copy was loaded before an administrator gave the account admin access."""
    stale = User.objects.get(pk=world.handler2.pk)
    User.objects.filter(pk=stale.pk).update(is_staff=True, is_active=False)
    person_erase(user=stale, actor=SYSTEM)
    assert _erased_event().changes["access_removed"]["is_staff"] is True
    assert not User.objects.get(pk=stale.pk).is_staff
    assert stale.username == _erased_event().object_id and not stale.is_staff
