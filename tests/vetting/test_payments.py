"""Registering a payment records what was paid, under which reference and on which day (ADR
0016): the whole granted amount (a partial payment is refused, saying why), a required
verifikationsnummer or utbetalningsreferens, and a day neither in the future nor before the
decision. The återkrav of a revocation is judged against the recorded amount paid."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.world import World, drive
from vetting import demo
from vetting import services as svc
from vetting.errors import ActionNotAllowed, InvalidInput
from vetting.models import Application, State

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
GRANTED = Decimal("4000.00")


def approved(world: World) -> Application:
    return drive(world, world.submit(amount=GRANTED), State.APPROVED)


def test_a_payment_records_the_amount_reference_and_day(world: World) -> None:
    app = approved(world)
    svc.application_pay(application=app, actor=world.handler, reference="  VER-2026-0412 ")
    app.refresh_from_db()
    assert (app.state, app.amount_paid, app.payment_reference, app.paid_on) == (
        State.PAID, GRANTED, "VER-2026-0412", timezone.localdate()
    )  # fmt: skip
    event = AuditEvent.objects.get(action="application.pay", case_ref=app.reference)
    assert event.changes["amount"] == "4000.00" and event.reasons_text == "VER-2026-0412"
    # ADR 0027: the reference is kept beside the chain, which holds its commitment
    assert event.changes_shown["payment_reference"] == "VER-2026-0412"
    assert set(event.changes["payment_reference"]) == {"sha256"}
    assert event.changes["paid_on"] == timezone.localdate().isoformat()


def test_the_day_it_was_paid_may_be_earlier_than_today(world: World) -> None:
    app = approved(world)
    Application.objects.filter(pk=app.pk).update(decided_at=timezone.now() - 5 * DAY)
    day = timezone.localdate() - 2 * DAY
    svc.application_pay(
        application=app, actor=world.handler, reference="V-1", amount=GRANTED, paid_on=day
    )
    app.refresh_from_db()
    assert app.paid_on == day


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"reference": "   "}, "reference", "verifikationsnummer"),
        ({"reference": "V" * 101}, "reference", "100 tecken"),
        ({"amount": Decimal("4000.01")}, "amount", "Mer än det beviljade beloppet"),
        ({"amount": Decimal("1000")}, "amount", "delutbetalning"),
        ({"amount": Decimal("0")}, "amount", "större än noll"),
        ({"paid_on": "tomorrow"}, "paid_on", "framtiden"),
        ({"paid_on": "before_decision"}, "paid_on", "före beslutet"),
    ],
)
def test_a_payment_that_cannot_be_is_refused_naming_the_field(
    world: World, changes: dict[str, Any], field: str, words: str
) -> None:
    app = approved(world)
    days = {"tomorrow": timezone.localdate() + DAY, "before_decision": timezone.localdate() - DAY}
    data = {"reference": "V-1", **changes}
    data["paid_on"] = days.get(data.get("paid_on", ""))
    with pytest.raises(InvalidInput) as caught:
        svc.application_pay(application=app, actor=world.handler, **data)
    assert list(caught.value.errors) == [field]
    assert words in str(caught.value.errors[field][0])
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.paid_at is None


def test_every_field_s_problem_at_once_and_the_state_first(world: World) -> None:
    app = approved(world)
    with pytest.raises(InvalidInput) as caught:
        svc.application_pay(
            application=app, actor=world.handler, amount=Decimal("1"),
            paid_on=timezone.localdate() + DAY,
        )  # fmt: skip
    assert set(caught.value.errors) == {"amount", "reference", "paid_on"}
    rejected = drive(world, world.submit(), State.REJECTED)
    with pytest.raises(ActionNotAllowed):
        svc.application_pay(application=rejected, actor=world.handler)


def test_a_revocation_reclaims_at_most_the_recorded_amount_paid(world: World) -> None:
    """Judged against ``amount_paid``, not the granted amount: by default all of it."""
    app = drive(world, world.submit(amount=GRANTED), State.PAID)
    Application.objects.filter(pk=app.pk).update(amount_paid=Decimal("1000"))
    demo.record_new_facts(world, app)  # type: ignore[arg-type]
    asked: dict[str, Any] = {
        "actor": world.decider, "reasons": demo.NEW_FACT, "criteria": [demo.REVOCATION_GROUND],
        "no_conflict_confirmed": True, "repayment_due": timezone.localdate() + 30 * DAY,
        "hearing_exception": "unnecessary",  # not heard through the service first (ADR 0015)
        "applicant_heard": "Föreningen har själv anmält uppgifterna.",
        "confirm_not_opinion": True,  # the fact names a religion (RF 2:21)
    }  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        svc.application_revoke(application=app, reclaim_amount=Decimal("1500"), **asked)
    assert "0 och 1\xa0000 kr." in str(caught.value.errors["reclaim_amount"][0])  # as money
    decision = svc.application_revoke(application=app, **asked)
    assert decision.amount_granted == Decimal("1000.00")


def test_the_migration_fills_old_payments_from_their_event(world: World, monkeypatch: Any) -> None:
    # The events as they were when the migration ran: the reference in clear (before ADR 0027
    # kept it beside the chain; the migration predates the side table).
    from audit import freetext

    monkeypatch.setattr(freetext, "FREE_TEXT", {})
    app = approved(world)
    svc.application_pay(application=app, actor=world.handler, reference="Gammal ref")
    without = approved(world)
    svc.application_pay(application=without, actor=world.handler, reference="X")
    two_days_ago = timezone.now() - 2 * DAY
    Application.objects.filter(pk__in=[app.pk, without.pk]).update(
        amount_paid=None, payment_reference="", paid_on=None, paid_at=two_days_ago
    )
    Application.objects.filter(pk=without.pk).update(reference="KFN-1999-00001")
    migration = importlib.import_module("vetting.migrations.0018_program_received_on")
    migration.fill_payments(apps, None)
    app.refresh_from_db()
    without.refresh_from_db()
    assert (app.amount_paid, app.payment_reference, app.paid_on) == (
        GRANTED, "Gammal ref", timezone.localdate(two_days_ago)
    )  # fmt: skip
    assert without.payment_reference == "" and without.amount_paid == without.amount_granted


def test_the_page_asks_for_the_reference_and_shows_the_payment(world: World) -> None:
    page = Client()
    page.force_login(world.handler)
    app = approved(world)
    url = f"/arenden/{app.reference}/atgard/pay/"
    form = page.get(url).content.decode()
    assert 'name="reference"' in form and 'value="4000.00"' in form and "delutbetalning" in form
    refused = page.post(url, {"amount": "4000.00", "reference": ""})
    assert refused.status_code == 422 and 'id="id_reference_error"' in refused.content.decode()
    partial = page.post(url, {"amount": "1000", "reference": "V-9"})
    assert partial.status_code == 422 and 'id="id_amount_error"' in partial.content.decode()
    done = page.post(url, {"amount": "4000.00", "reference": "VER-9"})
    assert done.status_code == 302
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    assert f"4\xa0000 kr, {timezone.localdate().isoformat()}, referens VER-9" in case


def test_the_api_takes_the_payment_and_shows_it_in_the_detail(world: World) -> None:
    api = officer_for(world.handler)
    app = approved(world)
    url = f"/api/v1/applications/{app.pk}/actions/pay/"
    missing = api.post(url, {}, format="json")
    assert missing.status_code == 422 and list(missing.json()["errors"]) == ["reference"]
    partial = api.post(url, {"reference": "V-1", "amount": "10.00"}, format="json")
    assert partial.status_code == 422 and list(partial.json()["errors"]) == ["amount"]
    done = api.post(url, {"reference": "V-1"}, format="json")
    assert done.status_code == 200, done.json()
    detail = done.json()
    assert (detail["amount_paid"], detail["payment_reference"], detail["paid_on"]) == (
        "4000.00", "V-1", timezone.localdate().isoformat()
    )  # fmt: skip
    assert detail["paid_at"] is not None
