"""Two erasures of one person at the same moment (an admin action and a double post): one erases,
the other is refused; the checks ran before any lock, so both passed and the second made a
new pseudonym and a second event."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import ErasureRefused, person_erase, person_pseudonym
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
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    def erase() -> None:
        try:
            copy = type(user).objects.get(pk=user.pk)  # each request loads the user itself
            barrier.wait()
            person_erase(user=copy, actor=SYSTEM)
            outcomes.append("erased")
        except ErasureRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=erase) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["erased", "refused"]
    assert AuditEvent.objects.filter(action="person.erased").count() == 1
    user.refresh_from_db()
    assert user.username == pseudonym
