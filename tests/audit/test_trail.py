"""What the trail holds: transitions (also the system's), decisions, refusals, notes views,
erasure of names; reconciliation of cases, decisions and delegations; checkpoints and tasks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from audit.checkpoints import run_verification, sign_checkpoint
from audit.context import SYSTEM
from audit.models import DECISION_ACTIONS, AuditEvent, Checkpoint, Person
from audit.reconcile import reconcile
from audit.selectors import case_timeline
from audit.services import person_erase, person_pseudonym, record_event
from audit.signing import key_name, verify_note
from audit.tasks import sign_checkpoint as sign_task
from audit.tasks import verify_chain as verify_task
from tests.audit.conftest import sql
from tests.factories import DelegationFactory
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import PermissionRefused
from vetting.models import Application, Decision, Delegation, State


def delegation_events() -> None:
    """Give delegations made by factories (no event) their reference-data events."""
    with transaction.atomic():
        for pk in Delegation.objects.values_list("pk", flat=True):
            record_event(actor=SYSTEM, action="delegation.created", object_type="delegation",
                         object_id=pk)  # fmt: skip


def actions_of(app: Application) -> list[str]:
    return list(case_timeline(app.reference).values_list("action", flat=True))


def test_every_transition_and_decision_is_in_the_case_timeline(world: World) -> None:
    app = drive(world, world.submit(), State.PAID)
    actions = actions_of(app)
    assert actions[0] == "application.submitted"
    assert {"application.assign", "assessment.recorded", "application.propose"} <= set(actions)
    assert actions[-2:] == ["application.decide", "application.pay"]
    decide = case_timeline(app.reference).get(action="application.decide")
    decision = Decision.objects.get(application=app)
    assert decide.changes["decision_id"] == decision.pk
    assert decide.actor_id == person_pseudonym(world.decider)
    assert decide.actor_role == "beslutsfattare" and decide.actor_administration == "kultur"
    assert decide.rulebook_version == app.rulebook.version and decide.criteria


def test_write_off_is_recorded_with_the_decision_maker_who_decided_it(world: World) -> None:
    """A write-off is a decision (ADR 0025): its event names the decision and is in the log."""
    app = drive(world, world.submit(), State.WRITTEN_OFF)
    last = case_timeline(app.reference).last()
    assert last is not None and last.to_state == "written_off"
    assert (last.actor_type, last.actor_id) == ("person", person_pseudonym(world.decider))
    decision = app.decisions.get()
    assert last.changes["decision_id"] == decision.pk and decision.kind == "write_off"
    assert last.action in DECISION_ACTIONS


def test_refused_attempt_is_recorded(world: World) -> None:
    app = drive(world, world.submit(amount=Decimal("50000")), State.PROPOSED)
    with pytest.raises(PermissionRefused):
        svc.application_decide(
            application=app, actor=world.decider_small, outcome="approved",
            amount=Decimal("50000"), no_conflict_confirmed=True,
        )  # fmt: skip
    refused = case_timeline(app.reference).filter(action="application.refused").get()
    assert refused.changes["attempted_action"] == "decide"
    assert refused.actor_id == person_pseudonym(world.decider_small)


def test_person_erase_keeps_events_and_verification(world: World) -> None:
    drive(world, world.submit(), State.APPROVED)
    pseudonym = person_pseudonym(world.decider)
    before = list(AuditEvent.objects.filter(actor_id=pseudonym).values_list("seq", "hash"))
    world.decider.is_active = False
    world.decider.save(update_fields=["is_active"])
    person = person_erase(user=world.decider, actor=SYSTEM)
    assert person.display_name == "" and person.user is None
    assert Person.objects.get(pseudonym=pseudonym).erased_at is not None
    after = list(AuditEvent.objects.filter(actor_id=pseudonym).values_list("seq", "hash"))
    assert after == before and before
    assert AuditEvent.objects.filter(action="person.erased", object_id=pseudonym).exists()
    assert run_verification().intact


def test_reconciliation_is_clean_after_real_work(world: World) -> None:
    drive(world, world.submit(), State.PAID)
    drive(world, world.submit(), State.REJECTED)
    delegation_events()
    assert reconcile() == []


def test_a_state_without_an_event_is_a_finding(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    delegation_events()
    Application.objects.filter(pk=app.pk).update(state=State.APPROVED)
    assert reconcile() == [f"case {app.reference}: state approved, trail says in_review"]


def test_a_decision_or_delegation_without_an_event_is_a_finding(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    decision = Decision.objects.get(application=app)
    assert reconcile() == []
    unrecorded = DelegationFactory(user=world.handler2, administration=world.kultur)
    assert reconcile() == [f"delegation {unrecorded.pk}: no reference-data event"]
    delegation_events()
    sql("DROP TRIGGER IF EXISTS audit_auditevent_no_delete" + (
        " ON audit_auditevent" if _pg() else ""))  # fmt: skip
    sql("DELETE FROM audit_auditevent WHERE action = 'application.decide'")
    assert (
        f"decision {decision.pk} ({app.reference}): no decide/correct/revoke event" in reconcile()
    )


def _pg() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def test_checkpoint_is_signed_stored_and_idempotent(record: Any) -> None:
    record(3)
    checkpoint = sign_checkpoint()
    assert checkpoint is not None and checkpoint.seq == 3
    assert checkpoint.hash == AuditEvent.objects.get(seq=3).hash
    assert sign_checkpoint() is None
    record(1)
    assert sign_task() == 4
    from audit.signing import public_key

    body = verify_note(Checkpoint.objects.get(seq=4).note, public_key(), key_name())
    assert body is not None and (body.size, body.origin) == (4, "granska.example/audit")


def test_verify_task_records_its_result(record: Any) -> None:
    record(2)
    result = verify_task()
    assert result["intact"] is True and result["summary"].startswith("OK: 2 events")
    event = AuditEvent.objects.get(action="audit.verified")
    assert event.changes["intact"] is True and event.actor_type == "system"
    assert event.changes["problem"] is None


def test_audit_verify_command_reports_reconciliation_findings(world: World, capsys: Any) -> None:
    from django.core.management import call_command

    drive(world, world.submit(), State.IN_REVIEW)
    DelegationFactory(user=world.handler2, administration=world.kultur)  # no event
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "avstämningen: 1 avvikelse" in err and "delegation" in err  # the finding as recorded
    delegation_events()
    call_command("audit_verify")
    head = AuditEvent.objects.order_by("-seq").first()
    assert head is not None
    assert capsys.readouterr().out == (
        f"OK: kedjan obruten till #{head.seq} ({head.hash[:16]}…), 0 kontrollpunkter "
        "verifierade, avstämningen utan avvikelser\n"
    )
    with translation.override("en"):
        call_command("audit_verify")
    assert capsys.readouterr().out == (
        f"OK: chain intact to #{head.seq} ({head.hash[:16]}…), 0 checkpoints verified, "
        "reconciliation clean\n"
    )


def test_escalation_notes_view_is_recorded(world: World) -> None:
    app = drive(world, world.submit(), State.ESCALATED)
    svc.escalation_notes_view(application=app, actor=world.security)
    assert "escalation.notes_viewed" in actions_of(app)


def test_checkpoints_without_a_configured_key_fail_verification(record: Any, settings: Any) -> None:
    record(2)
    sign_checkpoint()
    settings.AUDIT_SIGNING_KEY = ""
    report = run_verification()
    assert (report.first_bad, report.problem) == (2, "checkpoint signature does not verify")


def test_checkpoints_survive_a_key_rotation_and_an_origin_change(
    record: Any, settings: Any, signing_key: Any
) -> None:
    """Each checkpoint names its key (key id) and origin: after a rotation the old public key in
    AUDIT_PREVIOUS_PUBLIC_KEYS still verifies the old ones; without it they fail."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tests.audit.conftest import pem

    record(2)
    sign_checkpoint()
    old_public = signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    settings.AUDIT_SIGNING_KEY = pem(Ed25519PrivateKey.generate())
    settings.AUDIT_LOG_ORIGIN = "granska.kommun.example/audit"
    record(1)
    sign_checkpoint()
    broken = run_verification()
    assert (broken.first_bad, broken.problem) == (2, "checkpoint signature does not verify")
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = old_public.decode()
    report = run_verification()
    assert report.intact and report.checkpoints == 2, report.problem


def test_verification_reads_the_head_before_the_events(record: Any, monkeypatch: Any) -> None:
    """An event and a checkpoint committed while verification runs never look like events
    missing at the end: the head is read before the events' bounds."""
    from audit import verify

    record(2)
    sign_checkpoint()
    real_bounds = verify._bounds

    def bounds_after_a_new_checkpoint() -> tuple[int, int]:
        lo, hi = real_bounds()
        record(1)  # commits between the bounds and anything read after them
        sign_checkpoint()
        return lo, hi

    monkeypatch.setattr(verify, "_bounds", bounds_after_a_new_checkpoint)
    report = verify.verify_chain(workers=1)
    assert report.intact, report.problem
