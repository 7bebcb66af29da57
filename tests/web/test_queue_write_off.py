"""The supplement deadline rule, once: a case waiting for a supplement past its deadline is in the
work queue's "overdue" group exactly when the state machine lets it be written off
(``supplement_overdue``, the condition of ``write_off``), and "passed" means the deadline's day
has ended in Europe/Stockholm.

Every case here was received today, so its handling time (the queue's other deadline) is far
ahead and the supplement deadline is the only one that can be overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_fsm import can_proceed

from tests.world import World, drive
from vetting import services as svc
from vetting.models import Application, Kind, State
from web.selectors import QueueFilter, queue

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _case(world: World, state: str, due: int, delivered: bool) -> Application:
    """A case in ``state`` whose supplement deadline is ``due`` days from today (Stockholm)."""
    app = world.submit(Kind.ARRANGORSSTOD)
    waits = state != State.IN_REVIEW and state != State.PROGRAM_REVIEW
    drive(world, app, State.SUPPLEMENT_REQUESTED if waits else state)
    if delivered:
        svc.supplement_deliver(application=app, actor=world.handler, text="Årsmötesprotokoll")
    if state == State.WITHDRAWN:
        svc.application_withdraw(application=app, actor=world.handler, reason="Sökandens e-post")
    Application.objects.filter(pk=app.pk).update(
        supplement_due=timezone.localdate() + due * DAY
    )  # also where no supplement is asked for: only the state machine's state may count there
    app.refresh_from_db()
    return app


ROWS = [
    # state, deadline (days from today), supplement delivered, overdue and write-off allowed
    (State.SUPPLEMENT_REQUESTED, -1, False, True),
    (State.SUPPLEMENT_REQUESTED, 0, False, False),  # "senast" today: the day is not over
    (State.SUPPLEMENT_REQUESTED, 1, False, False),
    (State.SUPPLEMENT_REQUESTED, -1, True, False),  # the applicant sent it: the handler reads it
    (State.SUPPLEMENT_REQUESTED, 0, True, False),
    (State.SUPPLEMENT_REQUESTED, 1, True, False),
    (State.IN_REVIEW, -1, False, False),
    (State.PROGRAM_REVIEW, -1, False, False),
    (State.WITHDRAWN, -1, False, False),
]


def _agree(world: World, apps: list[Application]) -> dict[int, tuple[bool, bool]]:
    overdue = set(queue(world.handler, QueueFilter(group="overdue")).values_list("pk", flat=True))
    return {app.pk: (app.pk in overdue, can_proceed(app.write_off)) for app in apps}


def test_the_overdue_group_is_what_may_be_written_off(world: World) -> None:
    apps = [_case(world, state, due, delivered) for state, due, delivered, _ in ROWS]
    found = _agree(world, apps)
    expected = {app.pk: (row[3], row[3]) for app, row in zip(apps, ROWS, strict=True)}
    assert found == expected


def test_a_deadline_passes_at_midnight_in_stockholm_not_in_utc(
    world: World, monkeypatch: Any
) -> None:
    """At 23:30 UTC it is already the next day in Stockholm: a deadline of the UTC date has
    passed, for the queue and for the write-off alike; an hour earlier (23:30 there) neither."""
    app = _case(world, State.SUPPLEMENT_REQUESTED, 1, False)
    utc_day = date(2026, 11, 20)
    Application.objects.filter(pk=app.pk).update(supplement_due=utc_day)
    app.refresh_from_db()
    for hour, minute, passed in ((23, 30, True), (22, 30, False)):
        now = datetime(2026, 11, 20, hour, minute, tzinfo=UTC)
        monkeypatch.setattr(timezone, "now", lambda now=now: now)
        assert _agree(world, [app]) == {app.pk: (passed, passed)}


def test_a_delivered_supplement_no_longer_waits_for_the_applicant(world: World) -> None:
    """The "waiting" group is the rule's waiting part: what the applicant sent is the handler's
    to read, as a received programme is."""
    sent = _case(world, State.SUPPLEMENT_REQUESTED, 1, True)
    waiting = _case(world, State.SUPPLEMENT_REQUESTED, 1, False)
    listed = queue(world.handler, QueueFilter(group="waiting")).values_list("pk", flat=True)
    assert list(listed) == [waiting.pk]
    assert sent.state == State.SUPPLEMENT_REQUESTED


@pytest.mark.parametrize(("state", "due", "delivered", "allowed"), ROWS)
def test_the_write_off_condition_reads_only_the_case(
    world: World,
    django_assert_num_queries: Any,
    state: str,
    due: int,
    delivered: bool,
    allowed: bool,
) -> None:
    """A transition's condition is pure: whether a supplement came is on the case's own row
    (``supplement_delivered_at``), so asking the state machine runs no query."""
    app = _case(world, state, due, delivered)
    with django_assert_num_queries(0):
        assert can_proceed(app.write_off) is allowed
