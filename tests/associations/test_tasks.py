"""The reader's tasks: a reading (associations.tasks.read_statutes_version) records the version
of the reader's rules that made it, a reading by newer rules is on record, and a version already
read is not read again; beat queues again a reading lost with the broker
(associations.tasks.requeue_waiting_readings). Tasks are called directly, never in eager mode."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from associations import tasks
from associations.models import StatutesVersion
from associations.reader import RULES_VERSION
from associations.services import statutes_add
from associations.tasks import read_statutes_version, requeue_waiting_readings
from audit.models import AuditEvent
from ops.selectors import statutes_waiting
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


def _upload_lost(world: World, capture, day: int, minutes_ago: int) -> StatutesVersion:  # type: ignore[no-untyped-def]
    """A statutes version whose reading was queued on commit and lost with the broker (the
    captured callback never runs: ``capture`` is django_capture_on_commit_callbacks), uploaded
    ``minutes_ago``."""
    with capture(execute=False) as lost:
        version = statutes_add(
            association=world.spex,
            actor=world.handler,
            adopted_on=date(2026, 1, day),
            text=statutes(f"Medlem kan var och en bli som stöder syftet ({day})."),
        )
    assert len(lost) == 1  # the reading was to be queued on commit
    uploaded = timezone.now() - timedelta(minutes=minutes_ago)
    StatutesVersion.objects.filter(pk=version.pk).update(uploaded_at=uploaded)
    return version


def _requeue() -> list[int]:
    """Run the beat task; the readings it queues run at once (as a worker would)."""
    with mock.patch.object(read_statutes_version, "delay", side_effect=read_statutes_version) as q:
        requeue_waiting_readings()
    return [call.args[0] for call in q.call_args_list]


def test_a_reading_lost_with_the_broker_is_queued_again_once_it_has_waited(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    waited = settings.GRANSKA_STATUTES_REQUEUE_MINUTES
    capture = django_capture_on_commit_callbacks
    before = statutes_waiting().count  # the world's own statutes, uploaded just now
    young = _upload_lost(world, capture, 1, minutes_ago=waited - 1)
    lost = _upload_lost(world, capture, 2, minutes_ago=waited + 1)
    assert statutes_waiting().count == before + 2
    assert _requeue() == [lost.pk]
    lost.refresh_from_db()
    assert (lost.reader_status, lost.reader_version) == ("done", RULES_VERSION)
    assert [e["rules_version"] for e in read_events(lost)] == [RULES_VERSION]
    assert _requeue() == []  # nothing waits that long any more; the young one waits its turn
    StatutesVersion.objects.filter(pk=young.pk).update(
        uploaded_at=timezone.now() - timedelta(minutes=waited + 1)
    )
    assert _requeue() == [young.pk] and statutes_waiting().count == before


def test_the_threshold_is_a_setting_and_the_longest_waiting_go_first(
    world: World,
    settings,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    settings.GRANSKA_STATUTES_REQUEUE_MINUTES = 60
    capture = django_capture_on_commit_callbacks
    newer = _upload_lost(world, capture, 1, minutes_ago=90)
    older = _upload_lost(world, capture, 2, minutes_ago=120)
    _upload_lost(world, capture, 3, minutes_ago=30)
    monkeypatch.setattr(tasks, "REQUEUE_BATCH", 1)
    assert _requeue() == [older.pk]
    assert _requeue() == [newer.pk]
    assert _requeue() == []


def test_a_reading_queued_twice_reads_once(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """The beat task may queue a reading that is still on its way: the second is a no-op."""
    version = _upload_lost(world, django_capture_on_commit_callbacks, 1, minutes_ago=0)
    assert read_statutes_version(version.pk) == "statutes"
    version.refresh_from_db()
    read_at = version.read_at
    with mock.patch("associations.reader.read_statutes") as reader:
        assert read_statutes_version(version.pk) == "already_read"
    reader.assert_not_called()
    version.refresh_from_db()
    assert version.read_at == read_at and len(read_events(version)) == 1
    assert read_statutes_version(0) == "missing"


def test_beat_runs_the_requeue_as_often_as_the_threshold() -> None:
    entry: dict[str, Any] = settings.CELERY_BEAT_SCHEDULE["statutes-requeue-waiting"]
    assert entry["task"] == requeue_waiting_readings.name
    assert entry["schedule"] == timedelta(minutes=settings.GRANSKA_STATUTES_REQUEUE_MINUTES)
    assert entry["options"]["expires"] == settings.GRANSKA_STATUTES_REQUEUE_MINUTES * 60


def _reader_raises(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("a bug of the reader on this text")


def test_a_text_the_reader_fails_on_is_marked_failed_and_not_queued_again(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    version = statutes_add(
        association=world.spex, actor=world.handler, adopted_on=date(2026, 2, 1), text=statutes()
    )
    with mock.patch("associations.reader.read_statutes", side_effect=_reader_raises):
        assert read_statutes_version(version.pk) == "failed"
        assert read_statutes_version(version.pk) == "failed"  # again: no second event
    version.refresh_from_db()
    assert version.reader_status == StatutesVersion.ReaderStatus.FAILED
    event = AuditEvent.objects.get(action="statutes.read_failed", object_id=str(version.pk))
    assert event.changes["error"] == "ValueError" and event.association_id == world.spex.pk
    assert "statute reader failed" in caplog.text and "Traceback" in caplog.text
    later = timezone.now() + timedelta(days=1)
    with (
        mock.patch.object(read_statutes_version, "delay") as queued,
        mock.patch("associations.tasks.timezone.now", return_value=later),
    ):
        requeue_waiting_readings()
    assert version.pk not in [call.args[0] for call in queued.call_args_list]
    assert statutes_waiting().failed == 1


def test_a_failed_reread_keeps_the_earlier_reading(world: World) -> None:
    version = statutes_add(
        association=world.spex, actor=world.handler, adopted_on=date(2026, 2, 2), text=statutes()
    )
    read_statutes_version(version.pk)
    StatutesVersion.objects.filter(pk=version.pk).update(reader_version=RULES_VERSION - 1)
    with mock.patch("associations.reader.read_statutes", side_effect=_reader_raises):
        assert read_statutes_version(version.pk) == "failed"
    version.refresh_from_db()
    assert version.reader_status == StatutesVersion.ReaderStatus.DONE and version.reader_findings
    assert not AuditEvent.objects.filter(action="statutes.read_failed").exists()
