"""The proposal's reasons are text an officer typed (they may name people: "Ordföranden …"):
the propose event keeps them beside the chain as its committed reasons, never in clear as a
field change ``{"from", "to"}`` in ``changes``, where pruning the case could not reach them
(ADR 0027, docs/audit-format.md 1.9)."""

from __future__ import annotations

import pytest

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.pruning import event_texts_prune
from tests.world import World, assess_all, drive
from vetting import services as svc
from vetting.models import State

pytestmark = pytest.mark.django_db

TEXT = "Ordföranden Per Persson uppmanade till våld vid föreningens möte (NO_VIOLENT_EXTREMISM)."


def test_the_proposals_reasons_are_not_in_the_chain_in_clear(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="rejected",
        reasons=TEXT,
        criteria=["NO_VIOLENT_EXTREMISM"],
    )
    app.refresh_from_db()
    assert app.proposal_reasons == TEXT  # the case keeps its proposal
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.propose")
    assert "proposal_reasons" not in event.changes
    assert event.changes["proposed_outcome"] == {"from": "", "to": "rejected"}
    assert event.reasons_text == TEXT and "Per Persson" not in event.canonical

    event_texts_prune(actor=SYSTEM, case_ref=app.reference, ground="DHP 4.2, tre år")
    assert not AuditEvent.objects.filter(canonical__contains="Per Persson").exists()
