"""The reader's task (associations.tasks.read_statutes_version): a reading records the version
of the reader's rules that made it, and a reading by newer rules is on record."""

from __future__ import annotations

from datetime import date

import pytest

from associations.models import StatutesVersion
from associations.reader import RULES_VERSION
from associations.services import statutes_add
from associations.tasks import read_statutes_version
from audit.models import AuditEvent
from tests.associations.test_reader_synthetic import statutes
from tests.world import World

pytestmark = pytest.mark.django_db


def read_events(version: StatutesVersion) -> list[dict]:
    events = AuditEvent.objects.filter(action="statutes.read", object_id=str(version.pk))
    return [event.changes for event in events.order_by("seq")]


def test_a_reading_records_the_rules_version_and_a_reread_by_newer_rules_is_audited(
    world: World,
) -> None:
    version = statutes_add(
        association=world.spex, actor=world.handler, adopted_on=date(2026, 1, 1), text=statutes()
    )
    read_statutes_version(version.pk)
    version.refresh_from_db()
    assert version.reader_version == RULES_VERSION and not version.read_by_older_rules
    assert [e["rules_version"] for e in read_events(version)] == [RULES_VERSION]
    # The same findings by older rules: the new reading is on record all the same, once.
    StatutesVersion.objects.filter(pk=version.pk).update(reader_version=RULES_VERSION - 1)
    version.refresh_from_db()
    assert version.read_by_older_rules
    read_statutes_version(version.pk)
    read_statutes_version(version.pk)
    version.refresh_from_db()
    assert version.reader_version == RULES_VERSION
    assert [e["rules_version"] for e in read_events(version)] == [RULES_VERSION] * 2
