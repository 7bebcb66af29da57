"""``manage.py reread_statutes``: every statutes version read by older rules of the reader is
read again through the reader's task; nothing else is, and a second run queues nothing."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import translation

from associations.models import StatutesVersion
from associations.reader import DISCRIMINATORY_ELIGIBILITY_CONDITION, RULES_VERSION
from associations.services import statutes_add
from associations.tasks import read_statutes_version
from audit.models import AuditEvent
from tests.associations.test_reader_synthetic import statutes
from tests.world import World

pytestmark = pytest.mark.django_db


def _read(world: World, n: int, **stored: Any) -> StatutesVersion:
    """A statutes version read now, then stored as ``stored`` says (an older reading)."""
    text = statutes(f"Medlem kan alla bli som delar föreningens ändamål ({n}).")
    version = statutes_add(
        association=world.spex, actor=world.handler, adopted_on=date(2026, 1, n), text=text
    )
    read_statutes_version(version.pk)
    StatutesVersion.objects.filter(pk=version.pk).update(**stored)
    version.refresh_from_db()
    return version


def _reread() -> list[int]:
    with mock.patch.object(read_statutes_version, "delay", side_effect=read_statutes_version) as q:
        call_command("reread_statutes", stdout=StringIO())
    return [call.args[0] for call in q.call_args_list]


def test_versions_read_by_older_rules_are_read_again_through_the_task(world: World) -> None:
    unversioned = _read(world, 1, reader_version=None)
    findings = dict(unversioned.reader_findings)
    del findings[DISCRIMINATORY_ELIGIBILITY_CONDITION]  # as readings before the question were
    StatutesVersion.objects.filter(pk=unversioned.pk).update(reader_findings=findings)
    older = _read(world, 2, reader_version=RULES_VERSION - 1)
    current = _read(world, 3)
    pending = _read(world, 4, reader_status=StatutesVersion.ReaderStatus.PENDING)
    events = AuditEvent.objects.filter(action="statutes.read")
    before = events.count()
    assert _reread() == [unversioned.pk, older.pk]
    for version in (unversioned, older):
        version.refresh_from_db()
        assert version.reader_version == RULES_VERSION
        assert DISCRIMINATORY_ELIGIBILITY_CONDITION in version.reader_findings
        assert events.filter(object_id=str(version.pk)).count() == 2
    assert events.count() == before + 2  # and none for the current or the pending one
    assert (current.reader_version, pending.reader_status) == (RULES_VERSION, "pending")
    assert _reread() == [] and events.count() == before + 2  # a second run: nothing to do


def test_versions_the_reader_failed_on_are_read_again(world: World) -> None:
    failed = _read(world, 5, reader_status=StatutesVersion.ReaderStatus.FAILED)
    assert _reread() == [failed.pk]  # once the reader is fixed
    failed.refresh_from_db()
    assert failed.reader_status == StatutesVersion.ReaderStatus.DONE


def test_the_command_says_how_many_it_queued_in_the_servers_language(world: World) -> None:
    """It said "1 statutes version(s) queued …" in English whatever the language."""
    _read(world, 6, reader_version=RULES_VERSION - 1)
    lines = []
    for language in ("sv", "en"):
        out = StringIO()
        with mock.patch.object(read_statutes_version, "delay"), translation.override(language):
            call_command("reread_statutes", stdout=out)
        lines.append(out.getvalue())
    assert lines == [
        f"1 stadgeversion köad att läsas med stadgeläsarens regler, version {RULES_VERSION}.\n",
        f"1 statutes version queued to be read by the reader's rules, version {RULES_VERSION}.\n",
    ]
