"""Every field's problem in one error: a proposal, a decision, a correction and a revocation
name every bad field of their input in one InvalidInput (the pages and the API show them all at
once), not the first one per attempt. Refusals that are not about a field still come alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.vetting.test_reasons import GOOD
from tests.world import World, assess_all, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.errors import FieldProblems, GuardFailed, InvalidInput
from vetting.models import Application, State

pytestmark = pytest.mark.django_db


def _problems(call, **kwargs) -> set[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as info:
        call(**kwargs)
    return set(info.value.errors)


def test_field_problems_gathers_fields_and_lets_a_guard_wait_for_them() -> None:
    found = FieldProblems()
    found.add("reasons", None)  # no problem
    assert found.check(lambda: 7) == 7 and found.errors == {}
    found.add("reasons", "för korta")
    found.check(lambda: (_ for _ in ()).throw(InvalidInput({"amount": "för stort"})))
    assert found.errors == {"reasons": ["för korta"], "amount": ["för stort"]}
    guard = GuardFailed("inte bedömt", code="criteria_not_passed")
    with pytest.raises(InvalidInput) as info:  # the fields first, as before
        found.check(lambda: (_ for _ in ()).throw(guard))
    assert set(info.value.errors) == {"reasons", "amount"}
    with pytest.raises(GuardFailed):
        FieldProblems().check(lambda: (_ for _ in ()).throw(guard))


def _in_review(world: World, *, fail: str | None = None) -> Application:
    app = drive(world, world.submit(amount=Decimal("4000")), State.IN_REVIEW)
    assess_all(world, app, fail=fail)
    return app


def test_a_proposal_names_a_bad_amount_and_thin_reasons_together(world: World) -> None:
    app = _in_review(world)
    propose = {"application": app, "actor": world.handler, "outcome": "partly_approved"}
    assert _problems(
        svc.application_propose, **propose, amount=Decimal("5000"), reasons="Avslag."
    ) == {"amount", "reasons"}
    assert _problems(svc.application_propose, **propose, amount=Decimal("4000"), reasons="") == {
        "amount",
        "reasons",
    }
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW and not app.proposed_outcome


def test_a_rejection_names_thin_reasons_and_a_wrongly_cited_criterion_together(
    world: World,
) -> None:
    app = _in_review(world, fail="NO_VIOLENT_EXTREMISM")
    assert _problems(
        svc.application_propose,
        application=app,
        actor=world.handler,
        outcome="rejected",
        reasons="Avslag.",
        criteria=["OPEN_MEMBERSHIP"],  # passed: not a ground for a refusal
    ) == {"reasons", "criteria"}


def test_a_field_problem_comes_before_a_rule_of_the_workflow(world: World) -> None:
    """Nothing failed, so a refusal has no ground (a guard); thin reasons are still named first,
    as before, and with good reasons the guard speaks."""
    app = _in_review(world)
    propose = {"application": app, "actor": world.handler, "outcome": "rejected"}
    assert _problems(svc.application_propose, **propose, reasons="Avslag.") == {"reasons"}
    with pytest.raises(GuardFailed):
        svc.application_propose(**propose, reasons=GOOD)


def test_a_decision_names_the_jav_confirmation_with_the_outcome_s_fields(world: World) -> None:
    app = _in_review(world)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="partly_approved",
        amount=Decimal("2000"),
        reasons="Budgeten räcker bara till halva beloppet i år.",
    )
    svc.application_communicate(application=app, actor=world.handler)
    svc.application_record_response(application=app, actor=world.handler, response="Godtas.")
    decide = {"application": app, "actor": world.decider, "outcome": "partly_approved"}
    assert _problems(
        svc.application_decide, **decide, amount=Decimal("9000"), reasons="Delvis."
    ) == {"no_conflict_confirmed", "amount", "reasons", "response_considered"}
    app.refresh_from_db()
    assert app.state == State.COMMUNICATED
    decision = svc.application_decide(
        **decide,
        amount=Decimal("2000"),
        no_conflict_confirmed=True,
        response_considered="Sökanden godtar förslaget och har inga invändningar mot det.",
    )
    assert decision.amount_granted == Decimal("2000")


def test_a_correction_names_every_bad_field_at_once(world: World) -> None:
    app = drive(world, world.submit(amount=Decimal("1000")), State.APPROVED)
    demo.record_new_facts(cast(world), app)
    correct = {"decision": app.decisions.get(), "actor": world.decider_small}
    assert _problems(svc.decision_correct, **correct, outcome="rejected", reasons="") == {
        "reasons",
        "no_conflict_confirmed",
        "applicant_heard",
        "confirm_not_opinion",  # the new facts name a religion (RF 2:21)
    }
    assert _problems(
        svc.decision_correct,
        **correct,
        outcome="approved",
        amount=Decimal("5000"),
        reasons="",
        no_conflict_confirmed=True,
    ) == {"reasons", "amount"}


def test_a_revocation_names_every_bad_field_at_once(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    revoke = {"application": app, "actor": world.decider}
    assert _problems(svc.application_revoke, **revoke, reasons="Villkor brutna.", criteria=[]) == {
        "reasons",
        "criteria",
        "applicant_heard",
        "hearing_exception",  # no hearing of the intended revocation, and no exception named
        "no_conflict_confirmed",
        "repayment_due",  # the payment is reclaimed by default: by when?
        "confirm_not_opinion",  # no criterion cited: every failed one, whose facts name a religion
    }
    assert _problems(
        svc.application_revoke,
        **revoke,
        reasons="Villkor brutna.",
        criteria=["OPEN_MEMBERSHIP"],  # passed: no ground
        reclaim_amount=Decimal("999999"),
        applicant_heard="Föreningen yttrade sig skriftligt 2026-10-01.",
        hearing_exception="urgent",
        no_conflict_confirmed=True,
    ) == {"reasons", "criteria", "reclaim_amount", "confirm_not_opinion"}  # the new facts: RF 2:21
    app.refresh_from_db()
    assert app.state == State.PAID
