"""Dropping an intended revocation (ADR 0015, ``drop_revocation``): after the kommunicering the
authority may decide not to revoke. The hearing ends (open or closed), the grant stays in force
as decided, the trail records why, and a payment waits while a revocation is being prepared."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from audit.facts import event_facts
from audit.models import AuditEvent
from audit.reconcile_decisions import decisions_reconciliation
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.errors import ActionNotAllowed, InvalidInput, PermissionRefused, RevocationPending
from vetting.models import Application, Communication, State
from vetting.services.decision_checks import default_repayment_due

pytestmark = pytest.mark.django_db

DROP_REASONS = (
    "Föreningens yttrande visar att personen fick medlemskap; villkoret om "
    "icke-diskriminering är uppfyllt."
)


def hearing(world: World, state: str = State.PAID) -> Application:
    """A grant in ``state`` whose intended revocation was communicated (the hearing open)."""
    app = drive(world, world.submit(), state)
    demo.communicate_revocation(cast(world), app)
    app.refresh_from_db()
    return app


def respond(world: World, app: Application) -> None:
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    app.refresh_from_db()


def expire(app: Application) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(revocation_response_due=yesterday)
    Communication.objects.filter(application=app).update(due=yesterday)
    app.refresh_from_db()


def drop(world: World, app: Application, **overrides: Any) -> Communication:
    fields: dict[str, Any] = {"reasons": DROP_REASONS, "no_conflict_confirmed": True, **overrides}
    letter = svc.application_drop_revocation(application=app, actor=world.decider, **fields)
    app.refresh_from_db()
    return letter


@pytest.mark.parametrize("state", [State.APPROVED, State.PAID])
@pytest.mark.parametrize("stage", ["open", "answered", "lapsed"])
def test_the_intended_revocation_is_dropped_and_the_grant_stays_in_force(
    world: World, state: str, stage: str
) -> None:
    app = hearing(world, state)
    if stage == "answered":
        respond(world, app)
    if stage == "lapsed":
        expire(app)
    assert "drop_revocation" in allowed_actions(app, world.decider)
    letter = drop(world, app)
    assert app.state == state  # nothing decided: the grant is in force as before
    assert app.revocation_response_due is None and app.revocation_responded_at is None
    assert letter.dropped_at is not None and letter.dropped_by == world.decider
    assert letter.drop_reasons == DROP_REASONS
    assert app.decisions.count() == 1  # no revocation, no new decision
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.drop_revocation")
    assert event.from_state == event.to_state == state
    assert event.reasons_text == DROP_REASONS
    assert event.changes["communication_id"] == letter.pk
    assert event.changes["hearing_answered"] is (stage == "answered")
    assert event.changes["revocation_response_due"]["to"] is None


def test_after_the_drop_the_revocation_is_gone_from_the_actions(world: World) -> None:
    """Neither revoking on the dropped hearing nor dropping again; a new letter may follow."""
    app = hearing(world)
    respond(world, app)
    drop(world, app)
    offered = set(allowed_actions(app, world.decider)) | set(allowed_actions(app, world.handler))
    assert "drop_revocation" not in offered
    assert "communicate_revocation" in offered
    with pytest.raises(ActionNotAllowed):
        drop(world, app)
    # Revoking now needs a new hearing, or names an exception (the dropped one is no hearing).
    with pytest.raises(InvalidInput) as info:
        svc.application_revoke(
            application=app,
            actor=world.decider,
            reasons=demo.REVOCATION_REASONS,
            criteria=[demo.REVOCATION_GROUND],
            no_conflict_confirmed=True,
            repayment_due=default_repayment_due(),
        )
    assert "hearing_exception" in info.value.errors


@pytest.mark.parametrize(
    "state", [State.APPROVED, State.PAID, State.REVOKED, State.REJECTED, State.IN_REVIEW]
)
def test_no_drop_without_a_hearing_in_progress(world: World, state: str) -> None:
    app = drive(world, world.submit(), state)
    assert "drop_revocation" not in allowed_actions(app, world.decider)
    with pytest.raises(ActionNotAllowed):
        drop(world, app)


def test_no_drop_once_revoked(world: World) -> None:
    app = drive(world, world.submit(), State.REVOKED)  # revoked after a hearing (demo)
    assert app.revocation_response_due is not None
    with pytest.raises(ActionNotAllowed):
        drop(world, app)


def test_only_a_decision_maker_drops(world: World) -> None:
    app = hearing(world)
    assert "drop_revocation" not in allowed_actions(app, world.handler)
    assert "drop_revocation" not in allowed_actions(app, world.auditor)
    with pytest.raises(PermissionRefused):
        svc.application_drop_revocation(application=app, actor=world.handler, reasons=DROP_REASONS)
    app.refresh_from_db()
    assert app.revocation_response_due is not None
    refused = AuditEvent.objects.get(case_ref=app.reference, action="application.refused")
    assert refused.changes["attempted_action"] == "drop_revocation"


@pytest.mark.parametrize("reasons", ["", "   ", "Inte längre.", "Återkallas inte."])
def test_the_reasons_are_required_with_the_floor_of_a_decisions(world: World, reasons: str) -> None:
    app = hearing(world)
    with pytest.raises(InvalidInput) as info:
        drop(world, app, reasons=reasons)
    assert set(info.value.errors) == {"reasons"}
    app.refresh_from_db()
    assert app.revocation_response_due is not None
    assert not AuditEvent.objects.filter(action="application.drop_revocation").exists()


def test_the_state_comes_before_the_reasons(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    with pytest.raises(ActionNotAllowed):
        drop(world, app, reasons="")


def test_the_trail_says_it_in_words(world: World) -> None:
    app = hearing(world)
    respond(world, app)
    drop(world, app)
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.drop_revocation")
    facts = {f.label: f.value for f in event_facts(event)}
    assert facts["Återkallandet kommunicerat"] == timezone.localdate().isoformat()
    assert facts["Yttrande över återkallandet inkommet"] == "ja"
    assert "Yttrande över återkallandet senast" in facts


def test_reconciliation_accepts_a_dropped_hearings_letter(world: World) -> None:
    app = hearing(world)
    respond(world, app)
    drop(world, app)
    found = decisions_reconciliation()
    assert [f for f in found.findings if app.reference in f] == []


def test_reconciliation_still_sees_a_dropped_letter_changed_afterwards(world: World) -> None:
    app = hearing(world)
    letter = drop(world, app)
    Communication.objects.filter(pk=letter.pk).update(proposal_text="Något annat.")
    found = decisions_reconciliation()
    assert any(f"kommunicering {letter.pk}" in f for f in found.findings)


# Paying while a revocation is being prepared.


def test_no_payment_while_the_hearing_is_open_or_closed(world: World) -> None:
    app = hearing(world, State.APPROVED)
    assert "pay" in allowed_actions(app, world.handler)  # the form says why, on sending
    for stage in ("open", "answered"):
        if stage == "answered":
            respond(world, app)  # closed: still prepared, not decided
        with pytest.raises(RevocationPending) as info:
            svc.application_pay(application=app, actor=world.handler, reference="V-1")
        assert info.value.code == "revocation_pending" and info.value.status == 422
        assert set(info.value.errors) == {"revocation_hearing"}
        message = str(info.value.errors["revocation_hearing"][0])
        assert "återkallelse av bidraget förbereds" in message
        app.refresh_from_db()
        assert app.state == State.APPROVED and app.paid_at is None


def test_payment_after_the_drop(world: World) -> None:
    app = hearing(world, State.APPROVED)
    drop(world, app)
    svc.application_pay(application=app, actor=world.handler, reference="V-1")
    app.refresh_from_db()
    assert app.state == State.PAID


@pytest.mark.parametrize("closing", [respond, expire], ids=["answered", "lapsed"])
def test_no_second_letter_until_the_first_is_dropped_or_decided(world: World, closing) -> None:
    """A second letter replaced an answered one, which was then neither dropped nor decided:
    the applicant was left with an open FL 25 § letter."""
    app = hearing(world)
    closing(world, app) if closing is respond else closing(app)
    app.refresh_from_db()
    assert "communicate_revocation" not in allowed_actions(app, world.handler)
    with pytest.raises(ActionNotAllowed):
        demo.communicate_revocation(cast(world), app)
    drop(world, app)
    app.refresh_from_db()
    assert "communicate_revocation" in allowed_actions(app, world.handler)
