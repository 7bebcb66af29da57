"""The revoke form asks by when an återkrav is to be paid back: offered GRANSKA_REPAYMENT_DAYS
after today on a paid grant, not asked at all when nothing was paid, and a bad date is shown at
its field, with the other fields' problems."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.web.test_form_errors import _field_errors, _rows, _url
from tests.world import World, cast, drive
from vetting import demo
from vetting.models import State

pytestmark = pytest.mark.django_db

HEARD = "Föreningen yttrade sig skriftligt 2026-10-01."


def _post(app: Any, **fields: Any) -> dict[str, Any]:
    return {
        "reasons": demo.NEW_FACT,
        "criteria": [demo.REVOCATION_GROUND],
        "hearing_exception": "urgent",
        "applicant_heard": HEARD,
        "no_conflict_confirmed": "on",
        "confirm_not_opinion": "on",  # the grounds name a religion (RF 2:21)
        **fields,
    }


def test_the_form_offers_the_default_due_date_on_a_paid_grant(
    world: World, login: Any, settings: Any
) -> None:
    settings.GRANSKA_REPAYMENT_DAYS = 45
    app = drive(world, world.submit(), State.PAID)
    response = login(world.decider).get(_url(app, "revoke"))
    offered = timezone.localdate() + timedelta(days=45)
    assert response.context["form"].initial["repayment_due"] == offered
    row = _rows(response.content.decode())["repayment_due"]
    assert f'value="{offered.isoformat()}"' in row and 'type="date"' in row
    assert "Återkravet ska vara betalt senast" in row


def test_nothing_paid_nothing_to_pay_back_is_asked(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    demo.record_new_facts(cast(world), app)
    client = login(world.decider)
    assert "repayment_due" not in client.get(_url(app, "revoke")).context["form"].fields
    response = client.post(_url(app, "revoke"), _post(app))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.REVOKED
    assert app.decisions.get(kind="revocation").repayment_due is None


def test_a_due_date_on_the_decision_day_is_shown_at_its_field(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    client = login(world.decider)
    today = timezone.localdate().isoformat()
    response = client.post(_url(app, "revoke"), _post(app, repayment_due=today))
    errors = _field_errors(response, {"repayment_due"})
    assert "efter beslutsdagen" in errors["repayment_due"]
    response = client.post(_url(app, "revoke"), _post(app, repayment_due=""))
    assert "Ange sista dag" in _field_errors(response, {"repayment_due"})["repayment_due"]
    due = timezone.localdate() + timedelta(days=30)
    assert client.post(_url(app, "revoke"), _post(app, repayment_due=due)).status_code == 302
    assert app.decisions.get(kind="revocation").repayment_due == due


def test_a_bad_due_date_comes_with_the_other_fields_problems(world: World, login: Any) -> None:
    """The reclaim fails the form's own check, so the service is not called: the rules it
    judges without the case name the due date with the reasons (ADR 0010)."""
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    post = _post(app, reasons="Villkor brutna.", reclaim_amount="-1", repayment_due="2020-01-01")
    response = login(world.decider).post(_url(app, "revoke"), post)
    errors = _field_errors(response, {"reasons", "reclaim_amount", "repayment_due"})
    assert "efter beslutsdagen" in errors["repayment_due"]
    app.refresh_from_db()
    assert app.state == State.PAID
