"""Two erasures of one person at the same moment (an admin action and a double post): one erases,
the other is refused; the checks ran before any lock, so both passed and the second made a
new pseudonym and a second event. An erasure and a revocation of one of the account's tokens at
the same moment: both go through, in the one lock order."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from api.models import ApiToken
from api.tokens import api_token_create
from audit.context import SYSTEM, actor_for_user
from audit.models import AuditEvent
from audit.services import ErasureRefused, person_erase, person_pseudonym, record_event
from tests.threads import errors, run_at_once, values
from tests.world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_two_erasures_at_once_erase_once(audit_rows_removed_after) -> None:
    world = build_world()
    user = world.decider
    pseudonym = person_pseudonym(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    def erase() -> str:
        copy = type(user).objects.get(pk=user.pk)  # each request loads the user itself
        try:
            person_erase(user=copy, actor=SYSTEM)
        except ErasureRefused:
            return "refused"
        return "erased"

    assert sorted(values(run_at_once(erase, erase, timeout=30))) == ["erased", "refused"]
    assert AuditEvent.objects.filter(action="person.erased").count() == 1
    user.refresh_from_db()
    assert user.username == pseudonym


def _wait_for_a_lock_wait(cursor: Any) -> bool:
    """Whether another transaction waits on a row lock within five seconds."""
    for _ in range(100):
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        if cursor.fetchone()[0]:
            return True
        time.sleep(0.05)
    return False


def test_an_erasure_and_a_token_revoked_at_once_both_go_through(audit_rows_removed_after) -> None:
    """An administrator revokes one of the account's tokens while it is erased. The revocation
    locks the token's row, then the chain; so does the erasure, all its tokens before its
    first event. Revoking them one by one, each with its event, the erasure would hold the
    chain while waiting for the second token's row, the revocation that row while waiting for
    the chain: PostgreSQL aborts one ("deadlock detected")."""
    world = build_world()
    user = world.handler2
    person_pseudonym(user)
    first, second = (api_token_create(actor=SYSTEM, user=user, name=n)[0] for n in "ab")
    user.is_active = False
    user.save(update_fields=["is_active"])
    admin = actor_for_user(world.admin)
    held = threading.Event()

    def revoke() -> None:  # api_token_revoke, held between its row and its event
        with transaction.atomic():
            ApiToken.objects.filter(pk=second.pk).update(revoked_at=timezone.now())
            held.set()
            with connection.cursor() as cursor:
                assert _wait_for_a_lock_wait(cursor)
            record_event(
                actor=admin, action="api_token.revoked", object_type="api_token",
                object_id=second.pk, changes={"user": person_pseudonym(user)},
            )  # fmt: skip

    def erase() -> None:
        held.wait(10)
        person_erase(user=type(user).objects.get(pk=user.pk), actor=SYSTEM)

    assert errors(run_at_once(revoke, erase, timeout=30)) == []
    revoked = AuditEvent.objects.filter(action="api_token.revoked").order_by("seq")
    assert [e.object_id for e in revoked] == [str(second.pk), str(first.pk)]
    erased = AuditEvent.objects.get(action="person.erased")
    assert erased.changes["access_removed"]["api_tokens"] == 1
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
