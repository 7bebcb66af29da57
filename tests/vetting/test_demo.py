"""Taking cases through the services (vetting.demo), as the demo data and the tests do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db


def test_a_case_written_off_just_after_midnight_missed_yesterdays_swedish_deadline(
    world: World, monkeypatch: Any
) -> None:
    """The demo's expired deadline is the day before today in Europe/Stockholm: at 00:30 there
    (23:30 UTC) the day before is the UTC date, whose deadline has passed, so the write-off
    goes through."""
    moment = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    app = drive(world, world.submit(), State.WRITTEN_OFF)
    assert app.supplement_due == timezone.localdate() - timedelta(days=1) == moment.date()
