"""Procedure the law asks for beyond the state machine: nobody who prepared a case decides it,
nobody with jäv prepares it, the applicant is heard on exactly what the decision may rest on, a
grant that was never paid is not reclaimed, and deadlines are real dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from audit.models import AuditEvent
from tests.chain import committed_text
from tests.factories import DelegationFactory
from tests.world import World, assess, assess_all, cast, drive, take_over
from vetting import demo, roles
from vetting import services as svc
from vetting.demo import FAIL_FACT
from vetting.errors import GuardFailed, InvalidInput, PermissionRefused
from vetting.models import Application, ConflictOfInterest, Kind, State
from vetting.services.assessments import EXTREMISM
from vetting.services.decision_checks import answered_hearing, default_repayment_due

pytestmark = pytest.mark.django_db


def also_decision_maker(world: World, user) -> None:  # type: ignore[no-untyped-def]
    user.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    DelegationFactory(user=user, administration=world.kultur)
    user._granska_roles = None


def decide(world: World, app: Application, actor, **kwargs) -> object:  # type: ignore[no-untyped-def]
    if answered_hearing(Application.objects.get(pk=app.pk)) is not None:  # the response answered
        kwargs.setdefault("response_considered", demo.RESPONSE_CONSIDERED)
    return svc.application_decide(
        application=app, actor=actor, no_conflict_confirmed=True, **kwargs
    )


# Four-eyes: whoever took part in preparing the case may not decide it.


def test_an_assessor_may_not_decide_the_case(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    also_decision_maker(world, world.handler2)
    take_over(world, app, world.handler2)
    assess(world, app, "OPEN_MEMBERSHIP", "pass", by=world.handler2)
    take_over(world, app, world.handler)  # and back: the trail still shows the assessment
    assess_all(world, app)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="approved",
        reasons="Föreningen uppfyller villkoren.",
    )
    with pytest.raises(PermissionRefused) as info:
        decide(world, app, world.handler2, outcome="approved")
    assert info.value.code == "four_eyes"
    decide(world, app, world.decider, outcome="approved")


def test_an_earlier_proposer_may_not_decide_after_the_case_was_returned(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    take_over(world, app, world.handler2)
    svc.application_propose(
        application=app,
        actor=world.handler2,
        outcome="approved",
        reasons="Föreningen uppfyller villkoren.",
    )
    svc.application_return_to_review(
        application=app, actor=world.decider, reasons="Komplettera motiveringen."
    )
    take_over(world, app, world.handler)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="approved",
        reasons="Kompletteringen visar att villkoren är uppfyllda.",
    )
    app.refresh_from_db()
    assert app.proposed_by == world.handler  # the first proposer is no longer on the case
    also_decision_maker(world, world.handler2)
    with pytest.raises(PermissionRefused) as info:
        decide(world, app, world.handler2, outcome="approved")
    assert info.value.code == "four_eyes"


def test_returning_a_case_is_no_preparation(world: World) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    svc.application_return_to_review(
        application=app, actor=world.decider, reasons="Komplettera motiveringen."
    )
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="approved",
        reasons="Kompletteringen visar att villkoren är uppfyllda.",
    )
    assert decide(world, app, world.decider, outcome="approved")


# Jäv: a declared conflict of interest stops preparation too, not only assignment and decision.


def test_a_handler_with_jav_may_neither_assess_nor_propose(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    take_over(world, app, world.handler2)  # jäv declared after taking the case
    ConflictOfInterest.objects.create(
        user=world.handler2, association=world.scouts, reason="Kassör i föreningen"
    )
    with pytest.raises(PermissionRefused) as assessing:
        assess(world, app, "OPEN_MEMBERSHIP", "pass", by=world.handler2)
    with pytest.raises(PermissionRefused) as proposing:
        svc.application_propose(
            application=app,
            actor=world.handler2,
            outcome="approved",
            reasons="Föreningen uppfyller villkoren.",
        )
    assert assessing.value.code == proposing.value.code == "conflict_of_interest"
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    assert not app.assessments.filter(assessor=world.handler2).exists()


# Kommunicering: the letter keeps what was sent, with its material; the decision may not be worse.


def communicated_partly(world: World, amount: str = "2500") -> Application:
    app = drive(world, world.submit(amount=Decimal("4000")), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="partly_approved",
        amount=Decimal(amount),
        reasons="Budgeten räcker inte till hela beloppet.",
    )
    svc.application_communicate(application=app, actor=world.handler)
    svc.application_record_response(application=app, actor=world.handler, response="Vi godtar.")
    app.refresh_from_db()
    return app


def test_the_communication_keeps_the_proposal_and_its_material(world: World) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    sent = app.communications.get()
    assert (sent.proposed_outcome, sent.criteria) == ("rejected", ["NO_VIOLENT_EXTREMISM"])
    [material] = sent.material
    assert material["code"] == "NO_VIOLENT_EXTREMISM" and material["outcome"] == "fail"
    assert material["evidence"] == FAIL_FACT
    svc.application_return_to_review(
        application=app, actor=world.decider, reasons="Pröva bifall i stället."
    )
    sent.refresh_from_db()
    assert sent.proposed_outcome == "rejected"  # the record of what was sent does not move


def test_a_lower_amount_than_communicated_is_refused(world: World) -> None:
    """The applicant accepted 2 500 kr; 100 kr is a worse decision they were never heard on."""
    app = communicated_partly(world)
    with pytest.raises(GuardFailed) as info:
        decide(world, app, world.decider, outcome="partly_approved", amount=Decimal("100"))
    assert info.value.code == "deviation_needs_review"
    app.refresh_from_db()
    assert app.state == State.COMMUNICATED


def test_a_rejection_may_not_rest_on_a_ground_that_was_not_communicated(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    assess(
        world,
        app,
        "DEMOCRATIC_PRINCIPLES",
        "fail",
        by=world.handler,
        fact="Styrelsen har uteslutit medlemmar på grund av kön (protokoll 2026-02).",
    )
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="rejected",
        reasons="Villkoret NO_VIOLENT_EXTREMISM är inte uppfyllt.",
        criteria=["NO_VIOLENT_EXTREMISM"],
    )
    svc.application_communicate(application=app, actor=world.handler)
    svc.application_record_response(application=app, actor=world.handler, response="Bestrids.")
    with pytest.raises(GuardFailed) as info:
        decide(
            world,
            app,
            world.decider,
            outcome="rejected",
            reasons="Avslag på annan grund: styrelsen har uteslutit medlemmar på grund av kön.",
            criteria=["DEMOCRATIC_PRINCIPLES"],
        )
    assert info.value.code == "deviation_needs_review"
    decision = decide(
        world,
        app,
        world.decider,
        outcome="rejected",
        reasons="NO_VIOLENT_EXTREMISM är inte uppfyllt: uppmaning till våld.",
    )
    assert decision.outcome == "rejected"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("outcome", "amount"), [("partly_approved", "2500"), ("partly_approved", "3000")]
)
def test_the_communicated_or_a_more_favourable_decision_is_allowed(
    world: World, outcome: str, amount: str
) -> None:
    app = communicated_partly(world)
    decision = decide(world, app, world.decider, outcome=outcome, amount=Decimal(amount))
    assert decision.amount_granted == Decimal(amount)  # type: ignore[attr-defined]


def test_an_omitted_amount_is_the_proposals_when_the_outcome_is_the_proposals(
    world: World,
) -> None:
    """As empty reasons and omitted criteria: the decision maker decides what was proposed
    (and communicated). Another outcome takes no amount from the proposal."""
    app = communicated_partly(world)
    decision = decide(world, app, world.decider, outcome="partly_approved")
    assert decision.amount_granted == Decimal("2500")  # type: ignore[attr-defined]
    assert decision.reasons == "Budgeten räcker inte till hela beloppet."  # type: ignore[attr-defined]


def test_an_omitted_amount_for_another_outcome_is_not_the_proposals(world: World) -> None:
    app = communicated_partly(world)
    decision = decide(world, app, world.decider, outcome="approved")
    assert decision.amount_granted == app.amount_applied  # type: ignore[attr-defined]


# Återkrav: only what was paid can be reclaimed.


def revoke(world: World, app: Application, **overrides: object) -> object:
    """Revoke on the new facts recorded first as a failed NON_DISCRIMINATION (vetting.demo)."""
    if not app.assessments.filter(criterion__code=demo.REVOCATION_GROUND, outcome="fail").exists():
        demo.record_new_facts(cast(world), app)
    fields: dict[str, object] = {
        "reasons": "Föreningen nekade en person medlemskap på grund av religion.",
        "criteria": [demo.REVOCATION_GROUND],
        "no_conflict_confirmed": True,
        "applicant_heard": "Föreningen yttrade sig skriftligt 2026-10-01.",
        "hearing_exception": "urgent",
        "repayment_due": default_repayment_due() if app.paid_at else None,
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
        **overrides,
    }
    return svc.application_revoke(application=app, actor=world.decider, **fields)  # type: ignore[arg-type]


def test_revoking_an_unpaid_grant_reclaims_nothing(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    with pytest.raises(InvalidInput) as info:
        revoke(world, app, reclaim_amount=Decimal("4000"))
    assert set(info.value.errors) == {"reclaim_amount"}
    decision = revoke(world, app)
    assert decision.amount_granted == Decimal("0")


def test_revoking_a_paid_grant_reclaims_the_payment_by_default(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    decision = revoke(world, app)
    assert decision.amount_granted == Decimal("4000.00")


# Deadlines: after today and within a year.


def _start_deadline(world: World, step: str, due: date) -> None:
    if step == "supplement":
        app = drive(world, world.submit(), State.IN_REVIEW)
        svc.application_request_supplement(
            application=app, actor=world.handler, what="Protokoll", due=due
        )
    elif step == "program_review":
        app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.IN_REVIEW)
        svc.application_start_program_review(
            application=app, actor=world.handler, reason="Tveksamt program", due=due
        )
    else:
        app = drive(world, world.submit(), State.IN_REVIEW)
        assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
        svc.application_propose(
            application=app,
            actor=world.handler,
            outcome="rejected",
            reasons="NO_VIOLENT_EXTREMISM är inte uppfyllt: uppmaning till våld.",
            criteria=["NO_VIOLENT_EXTREMISM"],
        )
        svc.application_communicate(application=app, actor=world.handler, due=due)


@pytest.mark.parametrize("step", ["supplement", "program_review", "communicate"])
def test_a_deadline_more_than_a_year_ahead_is_refused(world: World, step: str) -> None:
    with pytest.raises(InvalidInput) as info:
        _start_deadline(world, step, timezone.localdate() + timedelta(days=400))
    assert set(info.value.errors) == {"due"}
    _start_deadline(world, step, timezone.localdate() + timedelta(days=300))


# A link to violent extremism is the security coordinator's to assess.


def _record(world: World, app: Application, outcome: str) -> object:
    return svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="NO_VIOLENT_EXTREMISM",
            outcome=outcome,
            evidence_kind="fact",
            evidence_text=FAIL_FACT if outcome != "pass" else demo.pass_fact(EXTREMISM),
        ),
    )


def _escalate_and_conclude(world: World, app: Application, conclusion: str) -> None:
    svc.application_escalate(application=app, actor=world.handler, reason="Uppgifter om våld.")
    svc.application_conclude_escalation(
        application=app, actor=world.security, conclusion=conclusion, notes="Polisens bild."
    )


def test_no_violent_extremism_fails_only_after_the_security_coordinator(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(GuardFailed) as info:
        _record(world, app, "fail")
    assert info.value.code == "escalation_required"
    _record(world, app, "doubt")  # a suspicion may be recorded: it is what leads to escalation
    _escalate_and_conclude(world, app, "link")
    _record(world, app, "fail")


def test_no_violent_extremism_cannot_pass_against_the_coordinators_finding(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    _escalate_and_conclude(world, app, "link")
    with pytest.raises(GuardFailed) as info:
        _record(world, app, "pass")
    assert info.value.code == "escalation_found_link"
    other = drive(world, world.submit(), State.IN_REVIEW)
    _escalate_and_conclude(world, other, "no_link")
    _record(world, other, "pass")


def test_an_escalation_from_program_review_returns_to_the_open_review(world: World) -> None:
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)
    _escalate_and_conclude(world, app, "no_link")
    app.refresh_from_db()
    assert app.state == State.PROGRAM_REVIEW
    svc.program_submit(application=app, actor=world.handler, text="18.00 Konsert")


def test_a_handler_who_is_no_decision_maker_is_told_so(world: World) -> None:
    """The refusal names the missing role, not a missing delegation."""
    app = drive(world, world.submit(), State.PROPOSED)
    with pytest.raises(PermissionRefused) as info:
        decide(world, app, world.handler2, outcome="approved")
    assert info.value.code == "role"


# FL 37 § (ändring), 25 §: a correction to the detriment of the applicant needs them heard first.


def test_a_correction_to_the_applicants_detriment_needs_them_heard(world: World) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.APPROVED)
    old = app.decisions.get()
    other = world.decider_small
    lower = {
        "outcome": "partly_approved",
        "amount": Decimal("400"),
        "reasons": "Skrivfel: nämnden beviljade 400 kr, inte 4 000 kr.",
    }
    with pytest.raises(InvalidInput) as info:
        svc.decision_correct(decision=old, actor=other, no_conflict_confirmed=True, **lower)
    assert set(info.value.errors) == {"applicant_heard"}
    new = svc.decision_correct(
        decision=old,
        actor=other,
        no_conflict_confirmed=True,
        applicant_heard="Telefonsamtal med ordföranden 2026-11-20; föreningen godtog rättelsen.",
        **lower,
    )
    assert new.amount_granted == Decimal("400")
    event = AuditEvent.objects.get(action="application.correct")
    assert committed_text(event, "applicant_heard").startswith("Telefonsamtal")
    # The decision log reads the outcome from the event: the state stays "approved".
    assert event.changes["outcome"] == "partly_approved" and event.to_state == "approved"
    assert event.changes["delegation_id"] == new.delegation_id


def test_a_correction_in_the_applicants_favour_needs_no_hearing(world: World) -> None:
    app = drive(world, world.submit(), State.REJECTED)
    old = app.decisions.get()
    new = svc.decision_correct(
        decision=old,
        actor=world.decider_small,
        outcome="rejected",
        reasons="Rättelse av skrivfel i motiveringen.",
        no_conflict_confirmed=True,
    )
    assert new.replaces == old


def test_a_revocation_needs_the_applicant_heard_first(world: World) -> None:
    """A revocation is an adverse decision: kommunicering (FL 25 §) before it."""
    app = drive(world, world.submit(), State.PAID)
    with pytest.raises(InvalidInput) as info:
        revoke(world, app, applicant_heard="")
    assert set(info.value.errors) == {"applicant_heard"}
    app.refresh_from_db()
    assert app.state == State.PAID
