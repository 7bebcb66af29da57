"""The facts a document prints, kept as they were sent (vetting.facts): the pure function, and
the snapshot each service takes in its transaction (communicate, decide, correct, revoke)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from django.utils.timezone import localdate

from associations.models import Association
from audit.context import SYSTEM
from bookings.models import Premises
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.facts import FACTS_VERSION, administration_contact, document_facts
from vetting.models import Administration, Application, Decision, Delegation, Kind, State

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Kim Ordförande", "contact_email": "kim@example.se"}
STARTS = datetime(2027, 5, 14, 16, 0, tzinfo=UTC)


def _rental(world: World) -> Application:
    app = world.submit(Kind.LOKALUTHYRNING, subject="Vårkonsert", **CONTACT)
    Application.objects.filter(pk=app.pk).update(
        event_starts_at=STARTS, event_ends_at=STARTS + timedelta(hours=3, minutes=30)
    )
    return Application.objects.select_related(
        "association", "administration", "premises", "booking_request__client"
    ).get(pk=app.pk)


def test_the_facts_of_a_rental_are_plain_json(world: World) -> None:
    app = _rental(world)
    assert document_facts(app) == {
        "version": FACTS_VERSION,
        "administration": "Kultur- och fritidsförvaltningen",
        "administration_contact": {"address": "", "email": "", "phone": ""},
        "booking_system": "",  # entered by an officer
        "subject": "Vårkonsert",
        "association": {"name": "Scoutkåren Exempel", "org_number": "802000-0017"},
        "contact": {"name": "Kim Ordförande", "email": "kim@example.se"},
        "amount_applied": None,  # premises are let, not paid for
        "event": {
            "title": "Vårkonsert",
            "starts_at": "2027-05-14T16:00:00+00:00",
            "ends_at": "2027-05-14T19:30:00+00:00",
            "expected_attendance": 80,
            "premises": {
                "code": "stora-salen",
                "name": "Stora salen",
                "address": world.hall.address,
            },
        },
        "appeal_route": "",  # a service passes the route the document cites by
    }
    facts = document_facts(app, delegation=Delegation(note=" Delegationsordning 4.1 "))
    assert json.loads(json.dumps(facts)) == facts  # no Decimal, datetime or lazy text
    assert facts["delegation_note"] == "Delegationsordning 4.1"


def test_the_facts_are_stable_and_read_no_more_than_the_case(
    world: World, django_assert_num_queries: Any
) -> None:
    """The same facts however the case's values are held (a Decimal without its decimals, a
    time in another offset), each time; no query once the related rows are loaded."""
    app = _rental(world)
    app.amount_applied = Decimal("4000.00")
    with django_assert_num_queries(0):
        first = document_facts(app)
        assert document_facts(app) == first
    assert first["amount_applied"] == "4000.00"
    app.amount_applied = Decimal("4000")
    app.event_starts_at = STARTS.astimezone(timezone(timedelta(hours=2)))
    assert document_facts(app) == first


def test_a_grant_has_no_event_and_no_contact_when_none_was_given(world: World) -> None:
    app = world.submit(Kind.FORENINGSBIDRAG)
    facts = document_facts(app)
    assert facts["event"] is None and facts["contact"] == {"name": "", "email": ""}
    assert "delegation_note" not in facts


def test_the_administrations_contact_details_fall_back_to_the_municipalitys(
    world: World, settings: Any
) -> None:
    """Each detail the administration has not filled in is the municipality's; "" where
    neither has one."""
    settings.GRANSKA_MUNICIPALITY_ADDRESS = "Box 1, 123 00 Exempelstad"
    settings.GRANSKA_MUNICIPALITY_EMAIL = "kommunen@example.se"
    settings.GRANSKA_MUNICIPALITY_PHONE = ""
    kultur = world.kultur
    assert administration_contact(kultur) == {
        "address": "Box 1, 123 00 Exempelstad",
        "email": "kommunen@example.se",
        "phone": "",
    }
    kultur.email, kultur.phone = "kultur@example.se", "010-123 45 00"
    assert administration_contact(kultur) == {
        "address": "Box 1, 123 00 Exempelstad",
        "email": "kultur@example.se",
        "phone": "010-123 45 00",
    }


def test_a_case_from_a_booking_system_names_it(world: World) -> None:
    from bookings.models import BookingRequest
    from bookings.services import client_create

    app = _rental(world)
    creds = client_create(actor=SYSTEM, name="Bokningsportalen", premises=[world.hall])
    BookingRequest.objects.create(
        client=creds.client,
        external_ref="bk-1",
        application=app,
        changed_at=datetime.now(UTC),
        change_seq=1,
    )
    app = Application.objects.get(pk=app.pk)
    assert document_facts(app)["booking_system"] == "Bokningsportalen"


def _rename_everything(world: World, app: Application) -> None:
    Association.objects.filter(pk=app.association_id).update(name="Nya namnet", org_number="x")
    Application.objects.filter(pk=app.pk).update(contact_name="Ny", contact_email="ny@example.se")
    Premises.objects.filter(pk=world.hall.pk).update(name="Lilla salen", address="Nygatan 2")


def test_communicating_keeps_the_facts_as_sent(world: World) -> None:
    app = _rental(world)
    sent = document_facts(app, route="laglighetsprovning")  # the route it cites by
    communication = drive(world, app, State.COMMUNICATED).communications.get()
    assert communication.facts == sent
    _rename_everything(world, app)
    communication.refresh_from_db()
    assert communication.facts == sent


def test_deciding_keeps_the_facts_and_the_delegations_point(world: World) -> None:
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning 4.1")
    app = _rental(world)
    expected = {
        **document_facts(app, route="laglighetsprovning"),
        "delegation_note": "Delegationsordning 4.1",
        "delegation_board": "Kultur- och fritidsnämnden",
    }
    decision = drive(world, app, State.REJECTED).decisions.get()
    assert decision.facts == expected
    # Officers stay linked to their accounts, so that an erasure reaches the documents too.
    names = [u.get_full_name() for u in (world.decider, world.handler)]
    assert all(name and name not in json.dumps(decision.facts) for name in names)
    _rename_everything(world, app)
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning 9.9")
    # The nämnd as it was named when the decision was made (KL 6:37), whatever it is renamed.
    Administration.objects.filter(pk=world.kultur.pk).update(board_name="Fritidsnämnden")
    assert Decision.objects.get(pk=decision.pk).facts == expected


def test_a_correction_keeps_the_facts_at_its_own_time(world: World) -> None:
    """The decision it replaces keeps what it printed; the correction prints the case as it was
    when the correction was made."""
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG, **CONTACT), State.APPROVED)
    old = app.decisions.get()
    Association.objects.filter(pk=app.association_id).update(name="Scoutkåren Nytt Namn")
    Delegation.objects.filter(user=world.decider_small).update(max_amount=None)
    new = svc.decision_correct(
        decision=old,
        actor=world.decider_small,
        outcome="approved",
        reasons="Rättelse av skrivfel i motiveringen.",
        no_conflict_confirmed=True,
    )
    old.refresh_from_db()
    assert old.facts["association"]["name"] == "Scoutkåren Exempel"
    assert new.facts["association"]["name"] == "Scoutkåren Nytt Namn"
    assert new.facts["contact"] == {"name": "Kim Ordförande", "email": "kim@example.se"}
    assert new.facts["delegation_note"] == ""


def test_a_revocation_keeps_the_facts(world: World) -> None:
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG, **CONTACT), State.PAID)
    demo.record_new_facts(cast(world), app)
    Application.objects.filter(pk=app.pk).update(contact_name="Ny kontakt")
    revocation = svc.application_revoke(
        application=app,
        actor=world.decider,
        reasons="Föreningen nekade en person medlemskap på grund av religion.",
        criteria=[demo.REVOCATION_GROUND],
        reclaim_amount=Decimal("4000"),
        repayment_due=localdate() + timedelta(days=30),
        no_conflict_confirmed=True,
        applicant_heard="Brev med svarstid två veckor; föreningen svarade inte.",
        hearing_exception="urgent",
        confirm_not_opinion=True,  # the grounds name a religion (RF 2:21)
    )
    app.refresh_from_db()
    assert revocation.facts == {
        **document_facts(app, route="laglighetsprovning"),
        "delegation_note": "",
        "delegation_board": "Kultur- och fritidsnämnden",
    }
    assert revocation.facts["contact"]["name"] == "Ny kontakt"
    assert revocation.replaces is not None
    assert revocation.replaces.facts["contact"]["name"] == "Kim Ordförande"
