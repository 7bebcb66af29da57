"""Reconciliation of decisions, kommuniceringar and notices (ADR 0019): each row against the event
that recorded it. A decision's outcome, amount, reasons, criteria, reclaim, repayment day,
replaced decision, decision maker or time changed afterwards in the database is a finding naming
the case, the decision and the field; events recorded before the newer keys are reconciled on
what they hold, and said so in a note; the queries do not grow with the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from audit.models import AuditEvent
from audit.reconcile import reconcile, reconciliation
from audit.services import person_pseudonym
from tests.audit.test_trail import delegation_events
from tests.factories import DelegationFactory
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Application, Communication, Decision, DecisionNotice, State

pytestmark = pytest.mark.django_db

HEARD = "Föreningen hördes per telefon 2026-10-01."


def decided(world: World, to: str = State.APPROVED) -> tuple[Application, Decision]:
    app = world.submit()
    demo.advance(cast(world), app, to)
    delegation_events()
    return app, Decision.objects.filter(application=app).order_by("-pk").first()  # type: ignore[return-value]


def name(decision: Decision) -> str:
    return f"decision {decision.pk} ({decision.application.reference})"


def forged(decision: Decision, **values: Any) -> list[str]:
    Decision.objects.filter(pk=decision.pk).update(**values)
    return reconcile()


def corrected(world: World) -> tuple[Decision, Decision]:
    _, old = decided(world)
    new = svc.decision_correct(
        decision=old, actor=world.decider, outcome="partly_approved",
        reasons="Skrivfel: nämnden beviljade 400 kr.", amount=Decimal("400"),
        no_conflict_confirmed=True, applicant_heard=HEARD,
    )  # fmt: skip
    return old, new


def test_reconciliation_is_clean_after_real_work(world: World) -> None:
    drive(world, world.submit(), State.REJECTED)  # kommunicering, response, rejection
    decided(world, demo.REVOKED_AFTER_PAYMENT)
    old, _ = corrected(world)
    svc.decision_notify(decision=old, actor=world.handler, channel="letter", recipient="Kim Ek")
    delegation_events()
    result = reconciliation()
    assert result.findings == [] and result.notes == []


def test_the_event_records_what_reconciliation_compares(world: World) -> None:
    _, decision = decided(world, demo.REVOKED_AFTER_PAYMENT)
    changes = AuditEvent.objects.get(action="application.revoke").changes
    assert changes["replaces"] == decision.replaces_id is not None
    assert changes["decision_time"] == decision.decided_at.isoformat()
    assert {"criteria_sha256", "document_sha256"} <= changes.keys()
    text = AuditEvent.objects.get(action="application.revoke").canonical
    evidence = [row["evidence"] for row in decision.criteria if row["evidence"]]
    assert evidence and not any(e in text for e in evidence)  # evidence by digest only


def test_the_hearing_is_reconciled_against_its_text_beside_the_chain(world: World) -> None:
    """ADR 0027: the correction's ``applicant_heard`` is a commitment in the chain; the text
    beside it is what the decision is compared with, and once pruned there is nothing to."""
    from audit.context import SYSTEM
    from audit.pruning import event_texts_prune

    _, new = corrected(world)
    event = AuditEvent.objects.get(action="application.correct")
    assert HEARD not in event.canonical and set(event.changes["applicant_heard"]) == {"sha256"}
    assert event.changes_shown["applicant_heard"] == HEARD
    event_texts_prune(actor=SYSTEM, case_ref=new.application.reference, ground="DHP")
    assert forged(new, applicant_heard="Ej hörd.") == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"amount_granted": Decimal("40000")}, ["amount granted 40000.00, trail says 4000.00"]),
        ({"outcome": "rejected"}, ["outcome rejected, trail says approved"]),
        ({"reasons": "Avslag"}, ["reasons differ from the trail"]),
        ({"kind": "correction"}, ["kind correction, trail says decision"]),
        ({"appeal_instructions": "Kan inte överklagas."}, [
            "appeal text, revocation clause, repayment instructions or facts differ from digest"
        ]),
    ],
)  # fmt: skip
def test_each_forged_field_of_a_decision_is_a_finding(
    world: World, values: dict[str, Any], expected: list[str]
) -> None:
    _, decision = decided(world)
    assert reconcile() == []
    assert forged(decision, **values) == [f"{name(decision)}: {e}" for e in expected]


def test_forged_criteria_are_findings(world: World) -> None:
    _, decision = decided(world)
    rows = [dict(row) for row in decision.criteria]
    rows[0]["evidence"] = "Något annat."
    digest = "criteria (outcomes and evidence at decision time) differ from their digest"
    assert forged(decision, criteria=rows) == [f"{name(decision)}: {digest}"]
    cited = sorted(row["code"] for row in rows if row["cited"])
    rows[0]["cited"] = not rows[0]["cited"]
    now = sorted(row["code"] for row in rows if row["cited"])
    assert forged(decision, criteria=rows) == [
        f"{name(decision)}: cited criteria {', '.join(now) or 'none'}, trail says "
        f"{', '.join(cited)}",
        f"{name(decision)}: {digest}",
    ]


def test_a_forged_decision_maker_or_time_or_delegation_is_a_finding(world: World) -> None:
    _, decision = decided(world)
    pseudonym, other = person_pseudonym(world.decider), person_pseudonym(world.decider_small)
    assert forged(decision, decided_by=world.decider_small) == [
        f"{name(decision)}: decided by {other}, trail says {pseudonym}"
    ]
    Decision.objects.filter(pk=decision.pk).update(decided_by=world.decider)
    moved = decision.decided_at - timedelta(days=3)
    assert forged(decision, decided_at=moved) == [
        f"{name(decision)}: decided at {moved.isoformat()}, trail says "
        f"{decision.decided_at.isoformat()}"
    ]
    Decision.objects.filter(pk=decision.pk).update(decided_at=decision.decided_at)
    delegation = DelegationFactory(user=world.decider, administration=world.kultur)
    delegation_events()
    assert forged(decision, delegation=delegation) == [
        f"{name(decision)}: delegation {delegation.pk}, trail says {decision.delegation_id}"
    ]


def test_a_forged_correction_or_revocation_is_a_finding(world: World) -> None:
    old, new = corrected(world)
    assert reconcile() == []
    assert forged(new, replaces=None) == [f"{name(new)}: replaces none, trail says {old.pk}"]
    assert forged(new, replaces=old, applicant_heard="Ej hörd.") == [
        f"{name(new)}: hearing of the applicant differs from the trail"
    ]
    _, revocation = decided(world, demo.REVOKED_AFTER_PAYMENT)
    due = revocation.repayment_due
    assert due is not None
    assert forged(new, applicant_heard=HEARD, replaces=old) == []
    assert forged(revocation, amount_granted=Decimal("1"), repayment_due=due + timedelta(1)) == [
        f"{name(revocation)}: reclaim amount 1.00, trail says 4000.00",
        f"{name(revocation)}: repayment due {due + timedelta(1)}, trail says {due}",
    ]


def test_audit_verify_names_a_forged_amount(world: World, capsys: Any) -> None:
    _, decision = decided(world)
    Decision.objects.filter(pk=decision.pk).update(amount_granted=Decimal("250000"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 2
    with translation.override("en"), pytest.raises(SystemExit):
        call_command("audit_verify")
    sv, en = capsys.readouterr().err.split("OK: chain")
    where = f"{decision.pk} ({decision.application.reference})"
    assert f"beslut {where}: beviljat belopp 250000.00, kedjan anger 4000.00" in sv
    assert f"{name(decision)}: amount granted 250000.00, trail says 4000.00" in en


def communicated(world: World) -> tuple[Application, Communication, str]:
    app = drive(world, world.submit(), State.COMMUNICATED)
    delegation_events()
    letter = Communication.objects.get(application=app)
    return app, letter, f"kommunicering {letter.pk} ({app.reference})"


def test_each_forged_field_of_a_kommunicering_is_a_finding(world: World) -> None:
    _, letter, label = communicated(world)
    assert reconcile() == []
    due = letter.due
    forged_values: list[tuple[dict[str, Any], str]] = [
        ({"proposal_text": "Bifall."}, "proposal text differs from the trail"),
        ({"due": due + timedelta(days=30)}, f"due {due + timedelta(days=30)}, trail says {due}"),
        ({"proposed_outcome": "approved"}, "proposed outcome approved, trail says rejected"),
        ({"proposed_amount": Decimal("10")}, "proposed amount 10.00, trail says none"),
        ({"criteria": ["OPEN_MEMBERSHIP"]},
         "criteria OPEN_MEMBERSHIP, trail says NO_VIOLENT_EXTREMISM"),
        ({"material": []}, "the letter's material or facts differ from their digest in the trail"),
    ]  # fmt: skip
    for values, expected in forged_values:
        original = {k: getattr(letter, k) for k in values}
        Communication.objects.filter(pk=letter.pk).update(**values)
        assert reconcile() == [f"{label}: {expected}"], values
        Communication.objects.filter(pk=letter.pk).update(**original)
    assert reconcile() == []


def test_a_forged_notice_is_a_finding(world: World) -> None:
    _, decision = decided(world)
    notice = svc.decision_notify(
        decision=decision, actor=world.handler, channel="letter", recipient="Kim Ek"
    )
    DecisionNotice.objects.filter(pk=notice.pk).update(channel="email")
    assert reconcile() == [
        f"notice {notice.pk} ({decision.application.reference}): channel email, trail says letter"
    ]


def old_style(monkeypatch: Any) -> None:
    """Services that record events as before session 10 (no decision or letter keys)."""
    monkeypatch.setattr("vetting.services.decisions.decision_record", lambda decision: {})
    monkeypatch.setattr("vetting.services.proposals.communication_record", lambda letter: {})


def test_old_events_are_reconciled_on_what_they_hold_and_noted(
    world: World, monkeypatch: Any
) -> None:
    old_style(monkeypatch)
    app, decision = decided(world, State.REJECTED)
    letter = Communication.objects.get(application=app)
    result = reconciliation()
    assert result.findings == []
    assert [n.split(":")[0] for n in result.notes] == [
        "1 decisions recorded before decision digests",
        "1 kommuniceringar recorded before letter digests",
    ]
    Decision.objects.filter(pk=decision.pk).update(appeal_instructions="Kan inte överklagas.")
    Communication.objects.filter(pk=letter.pk).update(proposed_amount=Decimal("10"))
    assert reconcile() == []  # the old events hold nothing to compare these with
    assert forged(decision, outcome="approved", decided_at=decision.decided_at + timedelta(1)) == [
        f"{name(decision)}: outcome approved, trail says rejected",
        f"{name(decision)}: decided at {(decision.decided_at + timedelta(1)).isoformat()}, "
        f"trail says {AuditEvent.objects.get(action='application.decide').occurred_at.isoformat()}",
    ]


def _queries(action: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_the_queries_do_not_grow_with_the_number_of_decisions(world: World) -> None:
    old, _ = corrected(world)
    svc.decision_notify(decision=old, actor=world.handler, channel="letter", recipient="Kim Ek")
    drive(world, world.submit(), State.REJECTED)
    few = _queries(reconciliation)
    for target in (State.REJECTED, State.PAID, demo.REVOKED_AFTER_PAYMENT, State.REJECTED):
        _, decision = decided(world, target)
        svc.decision_notify(decision=decision, actor=world.handler, channel="email",
                            recipient="kim@forening.se")  # fmt: skip
    assert Decision.objects.count() >= 7
    assert _queries(reconciliation) == few


def test_an_erased_decision_maker_is_still_matched_by_pseudonym(world: World) -> None:
    from audit.context import SYSTEM
    from audit.services import person_erase

    decided(world)
    world.decider.is_active = False
    world.decider.save()
    person_erase(user=world.decider, actor=SYSTEM)
    assert reconcile() == []


def test_an_intended_revocation_s_letter_is_reconciled(world: World) -> None:
    """The kommunicering of an intended revocation (ADR 0015) is a Communication too: its event
    records the same keys as a proposal's, so a forged letter is found, not reported eventless."""
    _, revocation = decided(world, demo.REVOKED_AFTER_PAYMENT)
    letter = revocation.revocation_hearing
    assert letter is not None and letter.proposed_amount is not None
    assert reconcile() == []
    Communication.objects.filter(pk=letter.pk).update(proposed_amount=Decimal("1"))
    label = f"kommunicering {letter.pk} ({revocation.application.reference})"
    trail = f"{letter.proposed_amount:.2f}"
    assert reconcile() == [f"{label}: proposed amount 1.00, trail says {trail}"]


def test_the_case_and_its_revocation_letter_agree_on_the_day_to_answer_by(world: World) -> None:
    """A revocation hearing's day to answer by is kept twice: on the case (what ``revoke`` and
    the queue read) and in the letter. Either changed in the database is a finding; dropping
    the hearing clears the case's, as the letter's ``dropped_at`` says."""
    app = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(cast(world), app)
    letter = app.communications.get(purpose="revocation")
    dropped = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(cast(world), dropped)
    svc.application_drop_revocation(
        application=dropped,
        actor=world.decider,
        reasons="Föreningens yttrande visar att villkoret om icke-diskriminering är uppfyllt.",
        no_conflict_confirmed=True,
    )
    delegation_events()
    assert reconcile() == []
    due = letter.due
    later = due + timedelta(days=30)
    Application.objects.filter(pk=app.pk).update(revocation_response_due=later)
    assert reconcile() == [
        f"case {app.reference}: revocation response due {later.isoformat()}, "
        f"revocation letter {letter.pk} says {due.isoformat()}"
    ]
    Application.objects.filter(pk=app.pk).update(revocation_response_due=due)
    Application.objects.filter(pk=dropped.pk).update(revocation_response_due=later)
    dropped_letter = dropped.communications.get(purpose="revocation")
    assert reconcile() == [
        f"case {dropped.reference}: revocation response due {later.isoformat()}, "
        f"revocation letter {dropped_letter.pk} says none (dropped)"
    ]
    Application.objects.filter(pk=dropped.pk).update(revocation_response_due=None)
    Communication.objects.filter(pk=letter.pk).update(due=later)  # the letter's, this time
    assert (
        f"case {app.reference}: revocation response due {due.isoformat()}, "
        f"revocation letter {letter.pk} says {later.isoformat()}"
    ) in reconcile()
