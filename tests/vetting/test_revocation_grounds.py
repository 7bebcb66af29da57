"""A revocation, and a correction to a refusal, rest on criteria assessed as not met on the case.

New facts after a decision are recorded as a failed assessment (with evidence) on the decided
case first; citing a criterion that is assessed as met is refused (422 naming ``criteria``).
Whoever records the new facts prepares the revocation, so the four-eyes rule keeps them from
deciding it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import DelegationFactory
from tests.world import World, assess, cast, drive
from vetting import demo, roles
from vetting import services as svc
from vetting.errors import ActionNotAllowed, GuardFailed, InvalidInput, PermissionRefused
from vetting.models import Application, Kind, State
from vetting.services.decision_checks import default_repayment_due

pytestmark = pytest.mark.django_db

HEARD = "Föreningen yttrade sig skriftligt; yttrande inkom 2026-10-01."


def revoke(world: World, app: Application, actor: object = None, **overrides: object) -> object:
    fields: dict[str, object] = {
        "reasons": "Föreningen nekade en person medlemskap på grund av religion.",
        "criteria": [demo.REVOCATION_GROUND],
        "no_conflict_confirmed": True,
        "applicant_heard": HEARD,
        "hearing_exception": "urgent",
        "repayment_due": default_repayment_due() if app.paid_at else None,
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
        **overrides,
    }
    return svc.application_revoke(application=app, actor=actor or world.decider, **fields)  # type: ignore[arg-type]


def test_a_revocation_may_not_rest_on_a_criterion_assessed_as_met(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    with pytest.raises(GuardFailed) as none_failed:
        revoke(world, app, criteria=["NON_DISCRIMINATION"])  # assessed as met when approved
    assert none_failed.value.code == "no_failed_criterion"
    assert "Registrera först bedömningen" in str(none_failed.value.message)
    demo.record_new_facts(cast(world), app)  # one criterion now failed, another is cited
    with pytest.raises(InvalidInput) as info:
        revoke(world, app, criteria=["OPEN_MEMBERSHIP"])
    assert set(info.value.errors) == {"criteria"}
    assert "OPEN_MEMBERSHIP" in str(info.value.errors["criteria"][0])
    with pytest.raises(InvalidInput) as unknown:
        revoke(world, app, criteria=["NO_SUCH_CRITERION"])
    assert set(unknown.value.errors) == {"criteria"}
    app.refresh_from_db()
    assert app.state == State.PAID and app.decisions.count() == 1


def test_new_facts_are_recorded_on_the_paid_case_and_the_revocation_rests_on_them(
    world: World,
) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)  # the handler, on a paid case
    decision = revoke(world, app)
    app.refresh_from_db()
    assert app.state == State.REVOKED
    cited = [c for c in decision.criteria if c["cited"]]  # type: ignore[attr-defined]
    assert [(c["code"], c["outcome"], c["evidence"]) for c in cited] == [
        ("NON_DISCRIMINATION", "fail", demo.NEW_FACT)
    ]
    browser = Client()
    browser.force_login(world.decider)
    page = browser.get(f"/arenden/{app.reference}/beslut/{decision.pk}/")  # type: ignore[attr-defined]
    body = page.content.decode()
    assert '<span lang="sv">Ingen diskriminering</span>: Inte uppfyllt' in body
    assert "Ingen diskriminering: Uppfyllt" not in body


def test_who_recorded_the_new_facts_may_not_decide_the_revocation(world: World) -> None:
    """Four-eyes: recording the assessment behind a revocation is preparing it (ADR 0002)."""
    app = drive(world, world.submit(), State.APPROVED)
    world.handler2.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    DelegationFactory(user=world.handler2, administration=world.kultur)
    demo.record_new_facts(demo.Cast(handler=world.handler2, decider=world.decider), app)
    with pytest.raises(PermissionRefused) as info:
        revoke(world, app, actor=world.handler2)
    assert info.value.code == "four_eyes"
    revoke(world, app)


def test_a_correction_to_a_refusal_cites_only_failed_criteria(world: World) -> None:
    """A doubt is not a ground: a correction to a refusal cites what is assessed as not met."""
    app = drive(world, world.submit(), State.REJECTED)
    assess(
        world,
        app,
        "DEMOCRATIC_STRUCTURE",
        "doubt",
        by=world.handler,
        fact="Årsmötesprotokollet saknar röstlängd.",
    )
    correction = {
        "outcome": "rejected",
        "reasons": "Rättelse: även den demokratiska strukturen brister.",
        "no_conflict_confirmed": True,
        "applicant_heard": HEARD,
    }
    with pytest.raises(InvalidInput) as info:
        svc.decision_correct(
            decision=app.decisions.get(),
            actor=world.decider_small,
            criteria=["NO_VIOLENT_EXTREMISM", "DEMOCRATIC_STRUCTURE"],
            **correction,  # type: ignore[arg-type]
        )
    assert set(info.value.errors) == {"criteria"}
    assert "DEMOCRATIC_STRUCTURE" in str(info.value.errors["criteria"][0])


def test_an_approval_is_corrected_to_a_refusal_on_new_facts(world: World) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.APPROVED)
    old = app.decisions.get()
    correction = {
        "outcome": "rejected",
        "reasons": "Rättelse på nya uppgifter om diskriminering.",
        "criteria": ["NON_DISCRIMINATION"],
        "no_conflict_confirmed": True,
        "applicant_heard": HEARD,
        # The new facts name a religion (a refusal of membership for it): RF 2:21 confirmed.
        "confirm_not_opinion": True,
    }
    with pytest.raises(GuardFailed) as info:
        svc.decision_correct(decision=old, actor=world.decider_small, **correction)  # type: ignore[arg-type]
    assert info.value.code == "no_failed_criterion"
    demo.record_new_facts(cast(world), app)
    new = svc.decision_correct(decision=old, actor=world.decider_small, **correction)  # type: ignore[arg-type]
    assert new.outcome == "rejected"


def test_a_paid_grant_is_revoked_for_a_link_to_violent_extremism_found_after_payment(
    world: World,
) -> None:
    """New facts about violence after payment: the handler escalates the decided case, the
    security coordinator finds a link, the case returns to paid, the handler records the failed
    criterion and a decision maker who took no part revokes it (the revocation clause)."""
    app = drive(world, world.submit(), State.PAID)
    svc.application_escalate(
        application=app, actor=world.handler, reason="Nya uppgifter om våld vid ett arrangemang"
    )
    app.refresh_from_db()
    assert app.state == State.ESCALATED and app.escalated_from == State.PAID
    with pytest.raises(ActionNotAllowed):  # the decision stands: no withdrawal now
        svc.application_withdraw(application=app, actor=world.handler, reason="Återkallad")
    svc.application_conclude_escalation(
        application=app, actor=world.security, conclusion="link", notes="Polisens lägesbild"
    )
    app.refresh_from_db()
    assert app.state == State.PAID and app.escalated_from == ""
    assess(
        world,
        app,
        "NO_VIOLENT_EXTREMISM",
        "fail",
        by=world.handler,
        fact="Säkerhetssamordnaren har konstaterat koppling.",
    )
    decision = revoke(world, app, criteria=["NO_VIOLENT_EXTREMISM"])
    app.refresh_from_db()
    assert app.state == State.REVOKED and decision.criteria  # type: ignore[attr-defined]


def test_an_approved_rental_escalated_afterwards_still_reads_approved_to_the_booking_system(
    world: World,
) -> None:
    from bookings.selectors import client_state

    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.APPROVED)
    svc.application_escalate(application=app, actor=world.handler, reason="Nya uppgifter")
    app.refresh_from_db()
    assert app.state == State.ESCALATED and client_state(app) == State.APPROVED
