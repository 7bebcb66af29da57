"""Each guard of the workflow, with a test that tries to break it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import person_pseudonym
from tests.factories import DelegationFactory
from tests.world import World, assess, assess_all, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.errors import ActionNotAllowed, GuardFailed, InvalidInput, PermissionRefused
from vetting.models import (
    Application,
    ConflictOfInterest,
    Decision,
    Delegation,
    Kind,
    State,
)


def propose_reject(world: World, app: Application) -> None:
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="rejected",
        reasons="NO_VIOLENT_EXTREMISM är inte uppfyllt: uppmaning till våld.",
        criteria=["NO_VIOLENT_EXTREMISM"],
    )


# A proposal to approve needs every applicable criterion passed or n/a, nothing open.


def test_approve_needs_every_criterion_assessed(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess(world, app, "OPEN_MEMBERSHIP", "pass")
    with pytest.raises(GuardFailed) as info:
        svc.application_propose(
            application=app, actor=world.handler, outcome="approved", reasons=""
        )
    assert info.value.code == "criteria_not_passed"
    assert "NO_VIOLENT_EXTREMISM" in info.value.message
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


def test_approve_refused_with_a_doubt(world: World) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    assess_all(world, app)
    assess(
        world,
        app,
        "PROGRAM_REVIEW",
        "doubt",
        by=world.handler,
        fact="Affischen nämner en talare dömd för hets.",
    )
    with pytest.raises(GuardFailed, match="PROGRAM_REVIEW"):
        svc.application_propose(
            application=app, actor=world.handler, outcome="approved", reasons=""
        )


def test_approve_refused_while_program_review_is_open(world: World) -> None:
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_start_program_review(application=app, actor=world.handler, reason="Tveksamt")
    with pytest.raises(ActionNotAllowed) as info:
        svc.application_propose(
            application=app, actor=world.handler, outcome="approved", reasons=""
        )
    assert "complete_program_review" in info.value.allowed


def test_approve_refused_when_an_open_escalation_remains(world: World) -> None:
    """Even if the state were moved back by hand, an open escalation blocks the proposal."""
    app = drive(world, world.submit(), State.ESCALATED)
    assess_all_in = Application.objects.filter(pk=app.pk)
    assess_all_in.update(state=State.IN_REVIEW)  # simulate a broken path
    app.refresh_from_db()
    assess_all(world, app)
    with pytest.raises(GuardFailed) as info:
        svc.application_propose(
            application=app, actor=world.handler, outcome="approved", reasons=""
        )
    assert info.value.code == "escalation_open"


# A proposal to reject needs a failed criterion with evidence, and reasons.


def test_reject_needs_a_failed_criterion(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    with pytest.raises(GuardFailed) as info:
        propose_reject(world, app)
    assert info.value.code == "no_failed_criterion"


def test_reject_needs_reasons(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    with pytest.raises(InvalidInput) as info:
        svc.application_propose(
            application=app, actor=world.handler, outcome="rejected", reasons=" "
        )
    assert "reasons" in info.value.errors


def test_reject_cannot_cite_a_passed_criterion(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    with pytest.raises(InvalidInput) as info:
        svc.application_propose(
            application=app,
            actor=world.handler,
            outcome="rejected",
            reasons="Medlemskapet är inte öppet för alla som delar föreningens syfte.",
            criteria=["OPEN_MEMBERSHIP"],
        )
    assert "criteria" in info.value.errors


def test_fail_assessment_needs_evidence(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(InvalidInput) as info:
        assess(world, app, "NO_VIOLENT_EXTREMISM", "fail")
    assert "evidence_kind" in info.value.errors
    assert app.assessments.count() == 0


# An adverse proposal is communicated, and the decision waits for the response or deadline.


def test_adverse_proposal_cannot_be_decided_before_communication(world: World) -> None:
    """Unless under an FL 25 § exception, named with why it applies (ADR 0026): without one the
    decision is refused naming the exception's field, and nothing is decided."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    propose_reject(world, app)
    with pytest.raises(InvalidInput) as info:
        svc.application_decide(
            application=app, actor=world.decider, outcome="rejected", no_conflict_confirmed=True
        )
    assert "kommuniceras" in str(info.value.errors["hearing_exception"][0])
    app.refresh_from_db()
    assert app.state == State.PROPOSED and not app.decisions.exists()


def test_decision_waits_for_response_or_deadline(world: World) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    assert app.response_due == timezone.localdate() + timedelta(days=14)
    with pytest.raises(ActionNotAllowed, match="yttra sig"):
        svc.application_decide(
            application=app, actor=world.decider, outcome="rejected", no_conflict_confirmed=True
        )
    Application.objects.filter(pk=app.pk).update(response_due=date.today() - timedelta(days=1))
    decision = svc.application_decide(
        application=app,
        actor=world.decider,
        outcome="rejected",
        reasons="Tiden för yttrande har gått ut.",
        no_conflict_confirmed=True,
    )
    assert decision.outcome == "rejected"


def test_communication_deadline_is_configurable(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GRANSKA_COMMUNICATION_DAYS = 21
    app = drive(world, world.submit(), State.COMMUNICATED)
    assert app.response_due == timezone.localdate() + timedelta(days=21)


# Four-eyes, delegation and jäv.


def test_handler_cannot_decide_own_case(world: World) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    world.handler.groups.add(*world.decider.groups.all())
    DelegationFactory(user=world.handler, administration=world.kultur)
    world.handler._granska_roles = None  # type: ignore[attr-defined]
    with pytest.raises(PermissionRefused) as info:
        svc.application_decide(
            application=app, actor=world.handler, outcome="approved", no_conflict_confirmed=True
        )
    assert info.value.code == "four_eyes"
    app.refresh_from_db()
    assert app.state == State.PROPOSED
    refused = AuditEvent.objects.filter(action="application.refused", case_ref=app.reference)
    assert refused.count() == 1
    assert refused.get().changes["refusal_code"] == "four_eyes"


def test_four_eyes_is_also_a_database_constraint(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    decision = app.decisions.get()
    clone = Decision(
        application=app,
        outcome="approved",
        reasons="x",
        rulebook=app.rulebook,
        decided_by=world.handler,
        handler=world.handler,
        proposed_by=world.handler,
        delegation=decision.delegation,
        decided_at=timezone.now(),
        appeal_route="laglighetsprovning",
        appeal_instructions="x",
        no_conflict_confirmed=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_delegation_must_cover_the_amount(world: World) -> None:
    app = world.submit(amount=Decimal("8000"))
    drive(world, app, State.PROPOSED)
    with pytest.raises(PermissionRefused) as info:
        svc.application_decide(
            application=app,
            actor=world.decider_small,
            outcome="approved",
            no_conflict_confirmed=True,
        )
    assert info.value.code == "no_delegation"
    assert "8\xa0000 kr" in info.value.message  # Swedish money, as the letters write it
    svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )


def test_delegation_must_cover_the_kind_and_be_valid(world: World) -> None:
    Delegation.objects.filter(user=world.decider).update(kinds=["lokaluthyrning"])
    app = drive(world, world.submit(), State.PROPOSED)
    with pytest.raises(PermissionRefused, match="Delegation saknas"):
        svc.application_decide(
            application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
        )
    Delegation.objects.filter(user=world.decider).update(
        kinds=["foreningsbidrag"], valid_to=date.today() - timedelta(days=1)
    )
    with pytest.raises(PermissionRefused, match="Delegation saknas"):
        svc.application_decide(
            application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
        )


def test_group_delegation_counts(world: World) -> None:
    Delegation.objects.filter(user=world.decider).delete()
    DelegationFactory(group=world.decider.groups.get(), administration=world.kultur)
    app = drive(world, world.submit(), State.PROPOSED)
    decision = svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )
    assert decision.delegation.group is not None


def test_conflict_of_interest_blocks_handling_and_deciding(world: World) -> None:
    ConflictOfInterest.objects.create(
        user=world.handler, association=world.scouts, reason="Styrelseledamot"
    )
    app = world.submit()
    with pytest.raises(PermissionRefused) as info:
        svc.application_assign(application=app, actor=world.handler, no_conflict_confirmed=True)
    assert info.value.code == "conflict_of_interest"
    ConflictOfInterest.objects.create(user=world.decider, association=world.scouts, reason="Make")
    world.handler, world.handler2 = world.handler2, world.handler
    drive(world, app, State.PROPOSED)
    with pytest.raises(PermissionRefused) as info:
        svc.application_decide(
            application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
        )
    assert info.value.code == "conflict_of_interest"


def test_assignment_and_decision_record_the_jav_confirmation(world: World) -> None:
    app = world.submit()
    with pytest.raises(InvalidInput) as info:
        svc.application_assign(application=app, actor=world.handler)
    assert "no_conflict_confirmed" in info.value.errors
    drive(world, app, State.PROPOSED)
    with pytest.raises(InvalidInput):
        svc.application_decide(application=app, actor=world.decider, outcome="approved")
    decision = svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )
    assert decision.no_conflict_confirmed is True
    assign_event = AuditEvent.objects.get(action="application.assign", case_ref=app.reference)
    assert assign_event.changes["no_conflict_confirmed"] is True


# Decisions are immutable and complete.


def test_decision_is_immutable_and_complete(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    decision = app.decisions.get()
    assert decision.rulebook.version == 1
    assert decision.appeal_route == "laglighetsprovning"
    assert "förvaltningsrätten" in decision.appeal_instructions.lower()  # the court, named
    assert "Återkallelseförbehåll" in decision.revocation_clause
    assert {c["code"] for c in decision.criteria} >= {"OPEN_MEMBERSHIP", "NO_VIOLENT_EXTREMISM"}
    assert decision.decided_by == world.decider and decision.amount_granted == Decimal("4000.00")
    decision.reasons = "ändrat i efterhand"
    with pytest.raises(PermissionError):
        decision.save()
    with pytest.raises(PermissionError):
        decision.delete()


def test_rental_decision_has_no_revocation_clause_and_uses_configured_route(
    world: World,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.GRANSKA_APPEAL_ROUTES = {**settings.GRANSKA_APPEAL_ROUTES}
    settings.GRANSKA_APPEAL_ROUTES["lokaluthyrning"] = "forvaltningsbesvar"
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.APPROVED)
    decision = app.decisions.get()
    assert decision.revocation_clause == ""
    assert decision.appeal_route == "forvaltningsbesvar"
    assert "förvaltningslagen" in decision.appeal_instructions


def test_correction_is_a_new_decision_referring_to_the_old(world: World) -> None:
    app = drive(world, world.submit(), State.REJECTED)
    old = app.decisions.get()
    other = world.decider_small
    Delegation.objects.filter(user=other).update(max_amount=None)
    new = svc.decision_correct(
        decision=old,
        actor=other,
        outcome="rejected",
        reasons="Rättelse av skrivfel i motiveringen.",
        no_conflict_confirmed=True,
    )
    assert new.replaces == old and new.kind == "correction"
    old.refresh_from_db()
    assert old.reasons.startswith("Villkoret Ingen våldsbejakande extremism")  # unchanged
    with pytest.raises(GuardFailed):
        svc.decision_correct(
            decision=old,
            actor=other,
            outcome="rejected",
            reasons="igen",
            no_conflict_confirmed=True,
        )


def test_partly_approved_grant_is_adverse_and_must_be_communicated(world: World) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="partly_approved",
        amount=Decimal("2500.50"),
        reasons="Budgeten räcker inte till hela beloppet.",
    )
    app.refresh_from_db()
    assert app.proposal_is_adverse
    svc.application_communicate(application=app, actor=world.handler)
    svc.application_record_response(application=app, actor=world.handler, response="Vi godtar.")
    decision = svc.application_decide(
        application=app,
        actor=world.decider,
        outcome="partly_approved",
        amount=Decimal("2500.50"),
        no_conflict_confirmed=True,
        response_considered="Sökanden godtar det lägre beloppet och har inga invändningar.",
    )
    assert decision.amount_granted == Decimal("2500.50")


@pytest.mark.parametrize("amount", ["5000", "0", "4000"])
def test_partly_approved_amount_is_checked(world: World, amount: str) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.IN_REVIEW)
    assess_all(world, app)
    with pytest.raises(InvalidInput) as info:
        svc.application_propose(
            application=app,
            actor=world.handler,
            outcome="partly_approved",
            amount=Decimal(amount),
            reasons="Budgeten räcker inte till hela det sökta beloppet.",
        )
    assert "amount" in info.value.errors


# Supplement deadline and write-off: a person decides (DOMAIN.md: no automated decisions).


def _overdue(world: World) -> Application:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    Application.objects.filter(pk=app.pk).update(supplement_due=date.today() - timedelta(days=1))
    app.refresh_from_db()
    return app


def test_a_decision_maker_writes_off_a_case_past_its_supplement_deadline(world: World) -> None:
    """A write-off is a decision (ADR 0025): the decision maker's, never the handler's."""
    app = _overdue(world)
    assert "write_off" not in allowed_actions(app, world.handler)
    assert "write_off" in allowed_actions(app, world.decider)
    decision = svc.application_write_off(
        application=app, actor=world.decider, note="Ingen kontakt.", no_conflict_confirmed=True
    )
    app.refresh_from_db()
    assert app.state == State.WRITTEN_OFF and app.closed_at is not None
    assert decision.outcome == "written_off" and decision.decided_by == world.decider
    event = AuditEvent.objects.get(action="application.write_off")
    assert event.actor_type == "person" and event.actor_id == person_pseudonym(world.decider)
    missed = f"Kompletteringen kom inte in senast {date.today() - timedelta(days=1)}."
    assert missed in event.reasons_text and event.reasons_text.endswith(
        "Anteckning: Ingen kontakt."
    )
    assert event.changes["decision_id"] == decision.pk


def test_no_write_off_before_the_deadline_and_none_by_itself(world: World, settings) -> None:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    assert "write_off" not in allowed_actions(app, world.handler)
    with pytest.raises(ActionNotAllowed) as info:
        svc.application_write_off(application=app, actor=world.handler)
    assert "har inte gått ut" in str(info.value.message)
    app.refresh_from_db()
    assert app.state == State.SUPPLEMENT_REQUESTED
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert not any("write_off" in task for task in tasks)  # nothing decides on its own


def test_no_write_off_of_a_delivered_supplement(world: World) -> None:
    """What the applicant sent waits for the handler to read it: the case is no longer waiting
    for the applicant, even past the deadline (``supplement_overdue``)."""
    app = _overdue(world)
    svc.supplement_deliver(application=app, actor=world.handler, text="Årsmötesprotokoll")
    app.refresh_from_db()  # the delivery is on the case's row (supplement_delivered_at)
    assert "write_off" not in allowed_actions(app, world.handler)
    with pytest.raises(ActionNotAllowed) as info:
        svc.application_write_off(application=app, actor=world.handler)
    assert "skickat in kompletteringen" in str(info.value.message)
    app.refresh_from_db()
    assert app.state == State.SUPPLEMENT_REQUESTED


def test_only_a_decision_maker_writes_off(world: World) -> None:
    app = _overdue(world)
    for user in (world.handler, world.auditor, world.security):
        assert "write_off" not in allowed_actions(app, user)
        with pytest.raises(PermissionRefused) as info:
            svc.application_write_off(application=app, actor=user, no_conflict_confirmed=True)
        assert info.value.code == "role"
    app.refresh_from_db()
    assert app.state == State.SUPPLEMENT_REQUESTED


def test_supplement_request_needs_a_future_deadline(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(InvalidInput) as info:
        svc.application_request_supplement(
            application=app, actor=world.handler, what="Stadgar", due=date.today()
        )
    assert "due" in info.value.errors


# Escalation notes are restricted.


def test_escalation_notes_only_for_security_and_decision_makers(world: World) -> None:
    app = drive(world, world.submit(), State.ESCALATED)
    svc.application_conclude_escalation(
        application=app, actor=world.security, conclusion="no_link", notes="Polisen: ingen koppling"
    )
    for user in (world.security, world.decider):
        notes = svc.escalation_notes_view(application=app, actor=user)
        assert notes[0].notes == "Polisen: ingen koppling"
    for user in (world.handler, world.handler2, world.decider_small):
        if user is world.decider_small:
            Delegation.objects.filter(user=user).update(kinds=["lokaluthyrning"])
        with pytest.raises(PermissionRefused) as info:
            svc.escalation_notes_view(application=app, actor=user)
        assert info.value.code == "restricted_notes"
    viewed = AuditEvent.objects.filter(action="escalation.notes_viewed", case_ref=app.reference)
    assert viewed.count() == 2
    conclude = AuditEvent.objects.get(action="application.conclude_escalation")
    assert "Polisen" not in conclude.canonical


def test_only_security_concludes_an_escalation(world: World) -> None:
    app = drive(world, world.submit(), State.ESCALATED)
    with pytest.raises(PermissionRefused):
        svc.application_conclude_escalation(
            application=app, actor=world.handler, conclusion="no_link", notes="x"
        )


# Visibility by administration.


def test_officer_of_another_administration_cannot_act(world: World) -> None:
    from vetting.errors import NotFound

    app = world.submit()
    with pytest.raises(NotFound):
        svc.application_assign(
            application=app, actor=world.other_handler, no_conflict_confirmed=True
        )


def test_auditor_cannot_act(world: World) -> None:
    app = world.submit()
    with pytest.raises(PermissionRefused):
        svc.application_withdraw(application=app, actor=world.auditor, reason="x")


def test_payment_event_carries_the_amount(world: World) -> None:
    app = drive(world, world.submit(amount=Decimal("4000")), State.PAID)
    event = AuditEvent.objects.get(action="application.pay", case_ref=app.reference)
    assert event.changes["amount"] == "4000.00" and event.to_state == State.PAID


def test_communication_event_carries_the_proposal(world: World) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    event = AuditEvent.objects.get(action="application.communicate", case_ref=app.reference)
    assert event.criteria == ["NO_VIOLENT_EXTREMISM"]
    assert (
        event.reasons_text == app.proposal_reasons
        and "våldsbejakande extremism" in event.reasons_text
    )
    assert app.communications.get().due == app.response_due


def test_a_role_refusal_names_the_action_as_the_pages_do(world: World) -> None:
    """Not the code ('revoke'): the label the state machine gives the action."""
    app = drive(world, world.submit(), State.PAID)
    with pytest.raises(PermissionRefused) as info:
        svc.application_revoke(
            application=app, actor=world.handler, reasons=demo.NEW_FACT,
            criteria=["OPEN_MEMBERSHIP"], no_conflict_confirmed=True,
            applicant_heard="Yttrande inkom.",
        )  # fmt: skip
    message = str(info.value.message)
    assert "'revoke'" not in message and "Återkalla" in message
