"""Deadlines of a case: when a deadline date has passed, which cases wait for the applicant's
supplement or programme (the work queue), and when a supplement is overdue (``write_off``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from vetting.models.guards import as_application
from vetting.models.states import State

# The supplement deadline rule, once: a case waiting for a supplement (nothing delivered for the
# open request: ``supplement_delivered_at`` is null) past its deadline may be written off and is
# overdue in the work queue. A deadline date has passed once its day has ended in
# Europe/Stockholm: "today" is timezone.localdate(), never the database's (UTC) clock. The queue
# (web.selectors) builds on ``awaiting_supplement``; ``supplement_overdue`` is the rule on one row
# (tests/web/test_queue_write_off.py ties them). Both read the case's own row only.


def deadline_passed(due: date | None, today: date | None = None) -> bool:
    """Whether a deadline date has passed: the day after it has begun in Europe/Stockholm."""
    return due is not None and due < (today or timezone.localdate())


def awaiting_supplement() -> Q:
    """Cases waiting for the applicant's supplement: asked for, and nothing delivered yet."""
    return Q(state=State.SUPPLEMENT_REQUESTED, supplement_delivered_at__isnull=True)


def _programs_awaited() -> QuerySet[Any]:
    from vetting.models.casework import ProgramReview

    return ProgramReview.objects.filter(
        application=OuterRef("pk"), closed_at__isnull=True, program_received_at__isnull=True
    )


def awaiting_program() -> Q:
    """Cases waiting for the applicant's programme: asked for, and nothing received yet (the
    programme's counterpart of ``awaiting_supplement``)."""
    return Q(Q(state=State.PROGRAM_REVIEW), Exists(_programs_awaited()))


def program_due() -> Subquery:
    """The deadline of the programme awaited (``awaiting_program``): the earliest open one."""
    return Subquery(_programs_awaited().order_by("due").values("due")[:1])


def supplement_overdue(instance: models.Model) -> bool:
    """Waiting for a supplement past its deadline: the condition of ``write_off``. Pure: the
    case's own fields only (``supplement_delivered_at`` stands for what was delivered)."""
    app = as_application(instance)
    return (
        app.state == State.SUPPLEMENT_REQUESTED
        and deadline_passed(app.supplement_due)
        and app.supplement_delivered_at is None
    )
