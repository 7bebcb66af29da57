"""A partly approved grant says so wherever its state is shown (case page, queue, API), not
only "Beviljad"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.world import drive
from vetting import services as svc
from vetting.models import Application, Decision, State

pytestmark = pytest.mark.django_db


def _partly(world) -> Application:  # type: ignore[no-untyped-def]
    app = drive(world, world.submit(), State.APPROVED)  # 4 000 kr applied for and granted
    svc.decision_correct(
        decision=Decision.objects.get(application=app), actor=world.decider,
        outcome="partly_approved", reasons="Skrivfel: nämnden beviljade 1 000 kr, inte 4 000 kr.",
        amount=Decimal("1000"), no_conflict_confirmed=True,
        applicant_heard="Föreningen hördes per telefon 2026-10-01.",
    )  # fmt: skip
    app.refresh_from_db()
    return app


def test_a_partial_grant_is_shown_as_partly_granted(world, login) -> None:
    app = _partly(world)
    assert app.state == State.APPROVED and app.get_state_display() == "Delvis beviljad"
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "Delvis beviljad" in page and "1\xa0000 kr av sökta 4\xa0000 kr" in page
    queue = client.get("/?group=all").content.decode()
    row = queue[queue.index(app.reference) :]
    assert "Delvis beviljad" in row[: row.index("</tr>")]


def test_a_full_grant_is_still_granted(world) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    assert app.get_state_display() == "Beviljad" and not app.partly_granted
