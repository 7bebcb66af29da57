"""The worker's heartbeat: scheduled by beat, recorded by the worker."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from ops.models import Heartbeat
from ops.tasks import heartbeat


def test_beat_schedules_the_heartbeat():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == heartbeat.name)
    assert entry["schedule"].total_seconds() == settings.GRANSKA_HEARTBEAT_SECONDS
    assert entry["options"]["expires"] == settings.GRANSKA_HEARTBEAT_SECONDS


@pytest.mark.django_db
def test_the_heartbeat_keeps_one_row_with_the_latest_time():
    before = timezone.now()
    heartbeat.apply()
    heartbeat.apply()
    beat = Heartbeat.objects.get()
    assert beat.name == Heartbeat.WORKER and beat.at >= before
