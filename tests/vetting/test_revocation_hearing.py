"""Kommunicering of an intended revocation (FL 25 §, ADR 0015): the handler sends the grounds,
the failed criteria and the återkrav to the applicant, registers the answer (or none comes),
and only then may a decision maker revoke; the revocation records the hearing it followed.
Without a hearing, a revocation names an FL 25 § exception and why it applies."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from tests.chain import committed_text
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.errors import ActionNotAllowed, InvalidInput
from vetting.models import Application, Communication, Decision, HearingException, State
from vetting.selectors import took_part_in_preparing
from vetting.services.decision_checks import default_repayment_due

pytestmark = pytest.mark.django_db


def paid_with_new_facts(world: World, state: str = State.PAID) -> Application:
    app = drive(world, world.submit(), state)
    demo.record_new_facts(cast(world), app)
    app.refresh_from_db()
    return app


def communicate(world: World, app: Application, **overrides: Any) -> Communication:
    fields: dict[str, Any] = {
        "reasons": demo.REVOCATION_REASONS,
        "criteria": [demo.REVOCATION_GROUND],
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
        **overrides,
    }
    sent = svc.application_communicate_revocation(application=app, actor=world.handler, **fields)
    app.refresh_from_db()
    return sent


def respond(world: World, app: Application) -> None:
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    app.refresh_from_db()


def revoke(world: World, app: Application, **overrides: Any) -> Decision:
    fields: dict[str, Any] = {
        "reasons": demo.REVOCATION_REASONS,
        "criteria": [demo.REVOCATION_GROUND],
        "no_conflict_confirmed": True,
        "repayment_due": default_repayment_due() if app.paid_at else None,
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
        # The answer to the applicant's objection (FL 32 §), once one is registered.
        "response_considered": (
            demo.REVOCATION_RESPONSE_CONSIDERED if app.revocation_responded_at else ""
        ),
        **overrides,
    }
    return svc.application_revoke(application=app, actor=world.decider, **fields)


def expire(app: Application) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(revocation_response_due=yesterday)
    app.refresh_from_db()


def problems(call: Any) -> set[str]:
    with pytest.raises(InvalidInput) as info:
        call()
    return set(info.value.errors)


def test_the_intended_revocation_is_sent_and_the_grant_stays_in_force(world: World) -> None:
    app = paid_with_new_facts(world)
    sent = communicate(world, app)
    assert app.state == State.PAID  # nothing decided yet
    assert sent.purpose == Communication.Purpose.REVOCATION and sent.is_revocation
    assert sent.proposed_outcome == "revoked" and sent.proposed_amount == Decimal("4000.00")
    assert sent.criteria == [demo.REVOCATION_GROUND]
    assert [m["code"] for m in sent.material] == [demo.REVOCATION_GROUND]
    assert app.revocation_response_due == sent.due > timezone.localdate()
    event = AuditEvent.objects.get(
        case_ref=app.reference, action="application.communicate_revocation"
    )
    assert event.from_state == event.to_state == State.PAID
    assert event.changes["communication_id"] == sent.pk
    assert event.changes["reclaim_amount"] == "4000.00"
    assert event.criteria == [demo.REVOCATION_GROUND]


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (State.APPROVED, True),
        (State.PAID, True),
        (State.IN_REVIEW, False),
        (State.REJECTED, False),
        (State.REVOKED, False),
    ],
)
def test_which_states_may_communicate_an_intended_revocation(
    world: World, state: str, allowed: bool
) -> None:
    app = drive(world, world.submit(), state)
    assert ("communicate_revocation" in allowed_actions(app, world.handler)) is allowed
    if not allowed:
        with pytest.raises(ActionNotAllowed):
            communicate(world, app)


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"reasons": ""}, {"reasons"}),
        ({"reasons": "För kort."}, {"reasons"}),
        ({"criteria": []}, {"criteria"}),
        ({"criteria": ["OPEN_MEMBERSHIP"]}, {"criteria"}),  # assessed as met
        ({"reclaim_amount": Decimal("9999")}, {"reclaim_amount"}),
        ({"due": timezone.localdate()}, {"due"}),
        (
            {"reasons": "", "criteria": [], "due": timezone.localdate()},
            {"reasons", "criteria", "due"},
        ),
    ],
)
def test_what_a_revocation_hearing_needs(
    world: World, overrides: dict[str, Any], fields: set[str]
) -> None:
    app = paid_with_new_facts(world)
    assert problems(lambda: communicate(world, app, **overrides)) == fields
    app.refresh_from_db()
    assert app.revocation_response_due is None and not app.communications.exists()


def test_nothing_is_reclaimed_when_an_approved_grant_was_never_paid(world: World) -> None:
    app = paid_with_new_facts(world, State.APPROVED)
    assert communicate(world, app).proposed_amount == Decimal("0")


def test_while_the_applicant_may_answer_the_grant_is_not_revoked(world: World) -> None:
    app = paid_with_new_facts(world)
    communicate(world, app)
    assert "revoke" not in allowed_actions(app, world.decider)
    assert "communicate_revocation" not in allowed_actions(app, world.handler)
    assert "record_response" in allowed_actions(app, world.handler)
    with pytest.raises(ActionNotAllowed) as info:
        revoke(world, app)
    assert "yttra sig över det avsedda återkallandet" in str(info.value.message)
    app.refresh_from_db()
    assert app.state == State.PAID


@pytest.mark.parametrize("how", ["answered", "deadline_passed"])
def test_after_the_hearing_the_decision_maker_revokes_and_the_decision_names_it(
    world: World, how: str
) -> None:
    app = paid_with_new_facts(world)
    sent = communicate(world, app)
    if how == "answered":
        respond(world, app)
        sent.refresh_from_db()
        assert sent.response == demo.REVOCATION_RESPONSE
        assert sent.response_received_on == timezone.localdate()
        assert app.revocation_responded_at is not None and app.responded_at is None
        event = AuditEvent.objects.get(case_ref=app.reference, action="application.record_response")
        assert event.changes["purpose"] == "revocation" and event.to_state == State.PAID
    else:
        expire(app)
    assert "revoke" in allowed_actions(app, world.decider)
    assert "record_response" in allowed_actions(app, world.handler) or how == "answered"
    decision = revoke(world, app)
    app.refresh_from_db()
    assert app.state == State.REVOKED
    assert decision.revocation_hearing == sent and decision.hearing_exception == ""
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.revoke")
    assert event.changes["revocation_hearing"] == sent.pk
    assert event.changes["hearing_sent_on"] == timezone.localdate().isoformat()
    assert event.changes["hearing_exception"] == ""


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"hearing_exception": HearingException.URGENT}, {"hearing_exception"}),
        ({"criteria": [demo.REVOCATION_GROUND, "OPEN_MEMBERSHIP"]}, {"criteria"}),
        ({"reclaim_amount": Decimal("4000.01")}, {"reclaim_amount"}),
    ],
)
def test_a_revocation_after_the_hearing_is_not_worse_than_what_was_communicated(
    world: World, overrides: dict[str, Any], fields: set[str]
) -> None:
    app = paid_with_new_facts(world)
    communicate(world, app)
    respond(world, app)
    assert fields <= problems(lambda: revoke(world, app, **overrides))
    app.refresh_from_db()
    assert app.state == State.PAID


def test_a_lower_reclaim_than_communicated_needs_no_new_hearing(world: World) -> None:
    app = paid_with_new_facts(world)
    communicate(world, app, reclaim_amount=Decimal("3000"))
    respond(world, app)
    assert problems(lambda: revoke(world, app)) == {"reclaim_amount"}  # the whole 4000 paid
    assert revoke(world, app, reclaim_amount=Decimal("2500")).amount_granted == Decimal("2500")


def test_paid_after_a_hearing_that_reclaimed_nothing_needs_a_new_hearing(world: World) -> None:
    """A grant is not paid while its revocation is prepared (the hearing open or closed, not
    decided): only once the intended revocation is dropped. Then a revocation needs a new
    hearing, which reclaims what was paid."""
    app = paid_with_new_facts(world, State.APPROVED)
    communicate(world, app)
    expire(app)
    assert problems(
        lambda: svc.application_pay(application=app, actor=world.handler, reference="V-1")
    ) == {"revocation_hearing"}
    svc.application_drop_revocation(
        application=app,
        actor=world.decider,
        reasons="Föreningens yttrande visar att villkoret om icke-diskriminering är uppfyllt.",
        no_conflict_confirmed=True,
    )
    svc.application_pay(application=app, actor=world.handler, reference="V-1")
    app.refresh_from_db()
    assert "hearing_exception" in problems(lambda: revoke(world, app))
    sent = communicate(world, app)
    assert sent.proposed_amount == Decimal("4000.00")


URGENT_FACTS = "Bidraget avser ett arrangemang i morgon; avgörandet kan inte skjutas upp."


@pytest.mark.parametrize(
    ("exception", "heard", "fields"),
    [
        ("", "", {"hearing_exception", "applicant_heard"}),
        ("", URGENT_FACTS, {"hearing_exception"}),
        (HearingException.URGENT, "", {"applicant_heard"}),
        # Why it applies: the floor of a decision's reasons, and facts (ADR 0026).
        (HearingException.URGENT, "Brådskande.", {"applicant_heard"}),
        (HearingException.URGENT, "Ärendet är brådskande och kan inte vänta.", {"applicant_heard"}),
        ("phoned", URGENT_FACTS, {"hearing_exception"}),
        (HearingException.RECORDED_BEFORE, URGENT_FACTS, {"hearing_exception"}),  # not chosen now
    ],
)
def test_without_a_hearing_a_revocation_names_the_exception_and_why(
    world: World, exception: str, heard: str, fields: set[str]
) -> None:
    app = paid_with_new_facts(world)
    call = lambda: revoke(world, app, hearing_exception=exception, applicant_heard=heard)  # noqa: E731
    assert problems(call) == fields


@pytest.mark.parametrize("exception", [e.value for e in HearingException][:3])
def test_a_revocation_under_an_exception_records_it(world: World, exception: str) -> None:
    app = paid_with_new_facts(world)
    why = "Bidraget avser ett arrangemang i morgon; avgörandet kan inte skjutas upp."
    decision = revoke(world, app, hearing_exception=exception, applicant_heard=why)
    assert decision.hearing_exception == exception and decision.revocation_hearing is None
    assert decision.applicant_heard == why
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.revoke")
    assert event.changes["hearing_exception"] == exception
    assert event.changes["revocation_hearing"] is None


def test_who_sent_the_hearing_prepared_the_revocation(world: World) -> None:
    """Four-eyes (ADR 0002): sending the intended revocation prepares it."""
    app = paid_with_new_facts(world)
    assert not took_part_in_preparing(world.handler2, app)
    svc.application_communicate_revocation(
        application=app,
        actor=world.handler2,
        reasons=demo.REVOCATION_REASONS,
        criteria=[demo.REVOCATION_GROUND],
        confirm_not_opinion=True,
    )
    assert took_part_in_preparing(world.handler2, app)


def test_the_demo_revokes_after_hearing_the_applicant(world: World) -> None:
    app = demo.advance(cast(world), world.submit(), demo.REVOKED_AFTER_PAYMENT)
    decision = app.decisions.get(kind="revocation")
    assert decision.revocation_hearing is not None
    assert decision.revocation_hearing.response == demo.REVOCATION_RESPONSE
    assert decision.hearing_exception == ""


def test_the_migration_marks_revocations_decided_before_hearings_were_kept(world: World) -> None:
    import importlib

    from django.apps import apps

    earlier = paid_with_new_facts(world)
    why = "Föreningen yttrade sig skriftligt 2026-10-01."
    old = revoke(world, earlier, hearing_exception=HearingException.URGENT, applicant_heard=why)
    heard = paid_with_new_facts(world)
    communicate(world, heard)
    expire(heard)
    new = revoke(world, heard)
    approval = heard.decisions.get(kind="decision")
    # As a revocation made before this change: only its free text.
    Decision.objects.filter(pk=old.pk).update(hearing_exception="")
    migration = importlib.import_module("vetting.migrations.0017_revocation_hearing")
    migration.mark_earlier_revocations(apps, None)
    old.refresh_from_db()
    assert old.hearing_exception == HearingException.RECORDED_BEFORE
    assert old.applicant_heard == why  # kept as recorded
    assert Decision.objects.get(pk=new.pk).hearing_exception == ""
    assert Decision.objects.get(pk=approval.pk).hearing_exception == ""


def test_the_auditors_facts_name_the_hearing_and_the_exception(world: World) -> None:
    from audit.facts import event_facts

    def facts(app: Application, action: str) -> str:
        event = AuditEvent.objects.get(case_ref=app.reference, action=action)
        return " · ".join(f"{f.label}: {f.value}" for f in event_facts(event))

    heard = paid_with_new_facts(world)
    sent = communicate(world, heard)
    respond(world, heard)
    revoke(world, heard)
    due = sent.due.isoformat()
    assert facts(heard, "application.communicate_revocation") == (
        f"Yttrande över återkallandet senast: {due} · Återkrävt belopp: 4\xa0000 kr"
    )
    assert facts(heard, "application.record_response").startswith(
        "Yttrande över: avsett återkallande · Inkom: "
    )
    today = timezone.localdate().isoformat()
    assert f"Återkallandet kommunicerat: {today}" in facts(heard, "application.revoke")
    urgent = paid_with_new_facts(world)
    revoke(world, urgent, hearing_exception="urgent", applicant_heard=URGENT_FACTS)
    assert (
        "Undantag från kommunicering: Avgörandet kan inte skjutas upp (25 § andra stycket 3 FL)"
        f" · Sökanden hörd: {URGENT_FACTS}" in facts(urgent, "application.revoke")
    )


def test_an_objection_to_the_intended_revocation_is_answered_in_the_revocation(
    world: World,
) -> None:
    """FL 32 §, as ``application_decide``'s ``response_considered``: refused at the field without
    an answer (nothing revoked, no event), recorded in the decision and the event with one."""
    app = paid_with_new_facts(world)
    communicate(world, app)
    respond(world, app)  # registered as objecting (contests, the default)
    assert problems(lambda: revoke(world, app, response_considered="")) == {"response_considered"}
    assert problems(lambda: revoke(world, app, response_considered="Nej.")) == {
        "response_considered"
    }
    app.refresh_from_db()
    assert app.state == State.PAID
    assert not AuditEvent.objects.filter(case_ref=app.reference, action="application.revoke")
    decision = revoke(world, app, response_considered=demo.REVOCATION_RESPONSE_CONSIDERED)
    assert decision.response_considered == demo.REVOCATION_RESPONSE_CONSIDERED
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.revoke")
    # Free text, kept beside the chain (ADR 0027): the chain holds its commitment.
    assert committed_text(event, "response_considered") == demo.REVOCATION_RESPONSE_CONSIDERED


def test_an_answer_without_a_response_to_answer_is_refused(world: World) -> None:
    app = paid_with_new_facts(world)
    communicate(world, app)
    expire(app)
    given = {"response_considered": demo.REVOCATION_RESPONSE_CONSIDERED}
    assert problems(lambda: revoke(world, app, **given)) == {"response_considered"}
