"""Declaring and withdrawing a jäv, and changing an association, through their services."""

from __future__ import annotations

import pytest

from associations.services import association_update
from audit.context import SYSTEM
from audit.models import AuditEvent
from tests.world import World
from vetting.errors import InvalidInput
from vetting.services.conflicts import conflict_declare, conflict_withdraw

pytestmark = pytest.mark.django_db


def test_a_jav_without_grounds_is_refused_at_the_reason(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        conflict_declare(actor=SYSTEM, user=world.handler, association=world.scouts, reason="  ")
    assert set(refused.value.errors) == {"reason"}


def test_withdrawing_twice_records_one_event(world: World) -> None:
    conflict = conflict_declare(
        actor=SYSTEM, user=world.handler, association=world.scouts, reason="Styrelseledamot"
    )
    conflict_withdraw(actor=SYSTEM, conflict=conflict)
    conflict_withdraw(actor=SYSTEM, conflict=conflict)
    assert AuditEvent.objects.filter(action="conflict.withdrawn").count() == 1


def test_an_unchanged_association_records_nothing_and_an_empty_name_is_refused(
    world: World,
) -> None:
    association_update(actor=SYSTEM, association=world.spex, values={"name": world.spex.name})
    assert not AuditEvent.objects.filter(action="association.changed").exists()
    with pytest.raises(InvalidInput) as refused:
        association_update(actor=SYSTEM, association=world.spex, values={"name": " "})
    assert set(refused.value.errors) == {"name"}
