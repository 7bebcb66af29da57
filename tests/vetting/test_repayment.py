"""Återkrav with terms: a revocation that reclaims money records by when it is to be paid back
(``repayment_due``: required then, refused when nothing is reclaimed, after the decision day in
Swedish time and at most a year ahead) and how, as the municipality's instructions said at the
decision; every field's problem at once with the reclaim's (ADR 0010, 0011)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Decision, State
from vetting.services.decision_checks import default_repayment_due, repayment_problem

pytestmark = pytest.mark.django_db

BANKGIRO = "Betala till bankgiro 123-4567 och ange diarienumret som referens."


def revoke(world: World, app: Application, **overrides: Any) -> Decision:
    if not app.assessments.filter(criterion__code=demo.REVOCATION_GROUND, outcome="fail").exists():
        demo.record_new_facts(cast(world), app)
    fields: dict[str, Any] = {
        "reasons": "Föreningen nekade en person medlemskap på grund av religion.",
        "criteria": [demo.REVOCATION_GROUND],
        "no_conflict_confirmed": True,
        "applicant_heard": "Brev 2026-09-20 med svarstid två veckor; inget svar kom in.",
        "hearing_exception": "urgent",
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
        **overrides,
    }
    return svc.application_revoke(application=app, actor=world.decider, **fields)


def _problems(world: World, app: Application, **overrides: Any) -> dict[str, str]:
    with pytest.raises(InvalidInput) as info:
        revoke(world, app, **overrides)
    app.refresh_from_db()
    assert app.state in (State.PAID, State.APPROVED) and not app.decisions.filter(kind="revocation")
    errors = info.value.errors
    return {field: " ".join(str(r) for r in reasons) for field, reasons in errors.items()}


def test_a_revocation_reclaiming_the_payment_needs_the_due_date(world: World, settings) -> None:
    settings.GRANSKA_REPAYMENT_INSTRUCTIONS = BANKGIRO
    app = drive(world, world.submit(), State.PAID)
    assert _problems(world, app) == {
        "repayment_due": "Ange sista dag för återbetalning av återkravet."
    }
    due = timezone.localdate() + timedelta(days=30)
    decision = revoke(world, app, repayment_due=due)
    assert decision.amount_granted == Decimal("4000.00") and decision.repayment_due == due
    assert decision.repayment_instructions == BANKGIRO  # as they stood at the decision
    event = AuditEvent.objects.get(action="application.revoke", case_ref=app.reference)
    assert event.changes["repayment_due"] == due.isoformat()
    assert event.changes["reclaim_amount"] == "4000.00"


def test_a_due_date_with_nothing_reclaimed_is_refused(world: World) -> None:
    """Refused, not dropped: whoever gave one thought something was reclaimed (ADR 0013)."""
    due = timezone.localdate() + timedelta(days=30)
    unpaid = drive(world, world.submit(), State.APPROVED)
    problems = _problems(world, unpaid, repayment_due=due)
    assert (
        set(problems) == {"repayment_due"} and "Inget belopp återkrävs" in problems["repayment_due"]
    )
    paid = drive(world, world.submit(), State.PAID)
    problems = _problems(world, paid, reclaim_amount=Decimal("0"), repayment_due=due)
    assert set(problems) == {"repayment_due"}
    decision = revoke(world, paid, reclaim_amount=Decimal("0"))
    assert decision.repayment_due is None and decision.repayment_instructions == ""
    assert revoke(world, unpaid).repayment_due is None


@pytest.mark.parametrize(
    ("days", "why"),
    [
        (0, "efter beslutsdagen"),
        (-3, "efter beslutsdagen"),
        (367, "högst ett år fram"),
    ],
    ids=["decision-day", "past", "over-a-year"],
)
def test_the_due_date_is_after_the_decision_day_and_within_a_year(
    world: World, days: int, why: str
) -> None:
    app = drive(world, world.submit(), State.PAID)
    due = timezone.localdate() + timedelta(days=days)
    problems = _problems(world, app, repayment_due=due)
    assert set(problems) == {"repayment_due"} and why in problems["repayment_due"]


@pytest.mark.parametrize("days", [1, 366])
def test_the_due_date_may_be_the_next_day_or_a_year_ahead(world: World, days: int) -> None:
    app = drive(world, world.submit(), State.PAID)
    due = timezone.localdate() + timedelta(days=days)
    assert revoke(world, app, repayment_due=due).repayment_due == due


def test_the_decision_day_is_the_day_in_stockholm(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 23:30 UTC on 10 March it is already 11 March in Stockholm: that is the decision day,
    so 11 March is no due date, and 12 March is."""
    late = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    owed = Decimal("100")
    assert "efter beslutsdagen" in str(repayment_problem(owed, date(2026, 3, 11)))
    assert repayment_problem(owed, date(2026, 3, 12)) is None


def test_every_field_s_problem_comes_with_the_due_date_s(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    yesterday = timezone.localdate() - timedelta(days=1)
    assert set(
        _problems(
            world,
            app,
            reasons="Villkor brutna.",
            reclaim_amount=Decimal("999999"),
            repayment_due=yesterday,
            no_conflict_confirmed=False,
        )
    ) == {"reasons", "reclaim_amount", "repayment_due", "no_conflict_confirmed"}
    assert set(
        _problems(world, app, reasons="Villkor brutna.", reclaim_amount=Decimal("1000"))
    ) == {"reasons", "repayment_due"}


def test_the_rules_without_the_case_judge_a_given_amount(world: World) -> None:
    """What a form or a serializer adds when another field fails (ADR 0010): the due date is
    judged against the reclaim asked for; without one, only the date itself."""
    from vetting.services.decision_checks import revocation_value_problems

    base = {"reasons": demo.NEW_FACT, "criteria": ["X"], "applicant_heard": "Brev."}
    assert set(revocation_value_problems({**base, "reclaim_amount": Decimal("5")})) == {
        "repayment_due"
    }
    assert revocation_value_problems({**base, "repayment_due": default_repayment_due()}) == {}
    past = {**base, "repayment_due": timezone.localdate()}
    assert set(revocation_value_problems(past)) == {"repayment_due"}


def test_the_default_due_date_follows_the_setting(settings) -> None:
    settings.GRANSKA_REPAYMENT_DAYS = 10
    assert default_repayment_due() == timezone.localdate() + timedelta(days=10)
