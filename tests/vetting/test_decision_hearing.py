"""The decision keeps how the applicant was heard: whether it was taken on a communicated
proposal (``after_communication``) and what a correction's or revocation's decision maker
recorded (``applicant_heard``). Before, the documents dug both out of the audit event;
migration 0015 fills older decisions from their events, which stay as they were."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from audit.models import AuditEvent
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Decision, Delegation, Kind, State
from vetting.services.decision_checks import default_repayment_due

pytestmark = pytest.mark.django_db

HEARD_CORRECTION = "Telefonsamtal med ordföranden 2026-10-02; inget att tillägga."
HEARD_REVOCATION = "Brev 2026-09-20 med svarstid två veckor; föreningen svarade inte."


def _decisions(world: World) -> dict[str, Decision]:
    """One decision of each kind the hearing matters to."""
    communicated = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REJECTED)
    approved = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    Delegation.objects.filter(user=world.decider_small).update(max_amount=None)
    correction = svc.decision_correct(
        decision=approved.decisions.get(),
        actor=world.decider_small,
        outcome="partly_approved",
        amount=Decimal("3000"),
        reasons="Beloppet rättas: 1 000 kr avsåg en aktivitet som inte får bidrag.",
        no_conflict_confirmed=True,
        applicant_heard=f"  {HEARD_CORRECTION}\n",
    )
    paid = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.PAID)
    demo.record_new_facts(cast(world), paid)
    revocation = svc.application_revoke(
        application=paid,
        actor=world.decider,
        reasons="Föreningen uppfyller inte villkoret om icke-diskriminering sedan september.",
        criteria=[demo.REVOCATION_GROUND],
        repayment_due=default_repayment_due(),
        no_conflict_confirmed=True,
        applicant_heard=HEARD_REVOCATION,
        hearing_exception="urgent",
        confirm_not_opinion=True,  # RF 2:21: the new facts name a religion
    )
    return {
        "communicated": communicated.decisions.get(),
        "approval": approved.decisions.get(pk=correction.replaces_id),
        "correction": correction,
        "paid": paid.decisions.get(pk=revocation.replaces_id),
        "revocation": revocation,
    }


EXPECTED = {
    "communicated": (True, ""),
    "approval": (False, ""),
    "correction": (False, HEARD_CORRECTION),
    "paid": (False, ""),
    "revocation": (False, HEARD_REVOCATION),
}


def _hearing(decisions: dict[str, Decision]) -> dict[str, tuple[bool, str]]:
    rows = Decision.objects.in_bulk([d.pk for d in decisions.values()])
    return {
        name: (rows[d.pk].after_communication, rows[d.pk].applicant_heard)
        for name, d in decisions.items()
    }


def test_the_services_record_the_hearing_on_the_decision(world: World) -> None:
    assert _hearing(_decisions(world)) == EXPECTED


@pytest.fixture
def clear_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events as they were written when the migration ran: free text in clear in ``changes``
    (before ADR 0027's amendment kept it beside the chain)."""
    monkeypatch.setattr("audit.freetext.FREE_TEXT", {})


def test_the_migration_fills_the_hearing_from_the_audit_events(
    world: World, clear_events: None
) -> None:
    decisions = _decisions(world)
    events = list(AuditEvent.objects.values_list("seq", "hash", "changes"))
    # As a decision made before the fields were kept: the hearing only in its audit event.
    Decision.objects.update(after_communication=False, applicant_heard="")
    migration = importlib.import_module("vetting.migrations.0015_decision_repayment_and_hearing")
    migration.hearing_from_events(apps, None)
    assert _hearing(decisions) == EXPECTED
    assert list(AuditEvent.objects.values_list("seq", "hash", "changes")) == events


def test_the_migration_never_copies_a_commitment_as_the_hearing(world: World) -> None:
    decisions = _decisions(world)  # applicant_heard committed in the chain, the text beside it
    Decision.objects.update(after_communication=False, applicant_heard="")
    migration = importlib.import_module("vetting.migrations.0015_decision_repayment_and_hearing")
    migration.hearing_from_events(apps, None)
    assert _hearing(decisions)["correction"] == (False, "")
    assert _hearing(decisions)["revocation"] == (False, "")


def test_the_migration_reads_only_events_of_the_decision_s_own_case(
    world: World, clear_events: None
) -> None:
    """As ``decision_event`` read them: an event of another case that names the same decision
    id (none should) is not the decision's, even when it is the latest."""
    from django.db import transaction

    from audit.context import actor_for_user
    from audit.services import record_event

    decisions = _decisions(world)
    Decision.objects.update(after_communication=False, applicant_heard="")
    revocation = decisions["revocation"]
    with transaction.atomic():
        record_event(
            actor=actor_for_user(world.decider),
            action="application.correct",
            case_ref=decisions["communicated"].application.reference,
            changes={"decision_id": revocation.pk, "applicant_heard": "Fel ärende."},
        )
    migration = importlib.import_module("vetting.migrations.0015_decision_repayment_and_hearing")
    migration.hearing_from_events(apps, None)
    assert _hearing(decisions)["revocation"] == (False, HEARD_REVOCATION)
