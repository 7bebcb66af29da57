"""An officer registers a case that came in by post, e-mail or the e-service
(``vetting.services.registration``): who may, for which administration, a new association
registered only with a valid case, and the rules on the day it came in and the event's times."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from associations.models import Association
from audit.models import AuditEvent
from tests.factories import PremisesFactory
from tests.world import World
from vetting import services as svc
from vetting.errors import InvalidInput, NoPublishedRulebook, PermissionRefused
from vetting.models import Application, Kind, Rulebook
from vetting.services.registration import application_register, registration_problems

pytestmark = pytest.mark.django_db

BAD_NUMBER = "802000-0018"  # the check digit of 802000-001x is 7
VALID_NEW_NUMBER = "802000-0025"


def grant(world: World, **overrides: Any) -> svc.NewApplication:
    fields: dict[str, Any] = {
        "kind": Kind.FORENINGSBIDRAG,
        "association": world.scouts,
        "subject": "Verksamhetsbidrag 2026",
        "administration": world.kultur,
        "amount_applied": Decimal("12000"),
    }
    return svc.NewApplication(**{**fields, **overrides})


def rental(world: World, premises: Any, **overrides: Any) -> svc.NewApplication:
    start = timezone.now() + timedelta(days=10)
    event = svc.EventDetails(
        title="Årsmöte",
        description="",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        expected_attendance=20,
        premises=premises,
    )
    fields = {"kind": Kind.LOKALUTHYRNING, "subject": "Lokal för årsmöte", "event": event}
    return grant(world, **{**fields, **overrides})


def test_a_handler_registers_a_case_received_by_post(world: World) -> None:
    received = timezone.localdate() - timedelta(days=5)
    app = application_register(actor=world.handler, data=grant(world, received_on=received))
    assert app.received_on == received and app.state == "submitted"
    event = AuditEvent.objects.get(action="application.submitted", case_ref=app.reference)
    assert event.object_id == str(app.pk)


@pytest.mark.parametrize("who", ["decider", "security", "auditor"])
def test_only_handlers_and_administrators_register(world: World, who: str) -> None:
    with pytest.raises(PermissionRefused):
        application_register(actor=getattr(world, who), data=grant(world))
    assert not Application.objects.exists()


def test_a_handler_registers_only_for_an_own_administration(world: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        application_register(actor=world.handler, data=grant(world, administration=world.social))
    assert set(caught.value.errors) == {"administration"}
    app = application_register(actor=world.admin, data=grant(world, administration=world.social))
    assert app.administration_id == world.social.pk


def test_a_rental_s_premises_belong_to_the_case_s_administration(world: World) -> None:
    social_hall = PremisesFactory(code="fritidsgarden", administration=world.social)
    data = rental(world, social_hall)
    assert set(registration_problems(world.admin, data)) == {"event.premises"}
    # Without an administration the premises' is taken: not the handler's own here.
    data = rental(world, social_hall, administration=None)
    assert set(registration_problems(world.handler, data)) == {"administration"}
    app = application_register(actor=world.handler, data=rental(world, world.hall))
    assert app.premises_id == world.hall.pk


def test_a_new_association_is_registered_with_the_case(world: World) -> None:
    data = grant(world, association=Association(org_number="8020000025", name=" Nya kören "))
    app = application_register(actor=world.handler, data=data)
    association = Association.objects.get(org_number=VALID_NEW_NUMBER)
    assert app.association_id == association.pk and association.name == "Nya kören"
    registered = AuditEvent.objects.get(action="association.registered")
    assert registered.association_id == association.pk


@pytest.mark.parametrize("name", ["", "Fel Namn", "Scoutkåren Exempel"])
def test_a_new_association_s_number_that_is_registered_is_refused_naming_it(
    world: World, name: str
) -> None:
    """A typing error in the number would put the case on another party (ADR 0020): the
    officer chooses the registered association instead, or corrects the number."""
    data = grant(world, association=Association(org_number="8020000017", name=name))
    with pytest.raises(InvalidInput) as caught:
        application_register(actor=world.handler, data=data)
    assert set(caught.value.errors) == {"association.org_number"}
    message = str(caught.value.errors["association.org_number"][0])
    assert "802000-0017" in message and "Scoutkåren Exempel" in message
    assert "välj" in message and "rätta numret" in message
    assert not Application.objects.exists()


def test_the_name_of_a_new_association_is_the_case_s_applicant_name(world: World) -> None:
    data = grant(world, association=Association(org_number="8020000025", name="Kören"))
    assert application_register(actor=world.handler, data=data).applicant_name == "Kören"


def test_an_invalid_case_registers_no_association_and_names_every_field(world: World) -> None:
    data = grant(
        world,
        association=Association(org_number=BAD_NUMBER, name=""),
        subject=" ",
        amount_applied=Decimal("0"),
        received_on=timezone.localdate() + timedelta(days=1),
    )
    with pytest.raises(InvalidInput) as caught:
        application_register(actor=world.handler, data=data)
    assert set(caught.value.errors) == {
        "association.org_number",
        "association.name",
        "subject",
        "amount_applied",
        "received_on",
    }
    assert "Luhn" in str(caught.value.errors["association.org_number"][0])
    new = Association(org_number=VALID_NEW_NUMBER, name="Kören")
    with pytest.raises(InvalidInput):
        application_register(actor=world.handler, data=grant(world, association=new, subject=""))
    assert not Association.objects.filter(org_number=VALID_NEW_NUMBER).exists()
    assert not AuditEvent.objects.filter(action="association.registered").exists()


def test_without_a_published_rulebook_no_association_is_registered(world: World) -> None:
    Rulebook.objects.update(published=False)
    data = grant(world, association=Association(org_number=VALID_NEW_NUMBER, name="Kören"))
    with pytest.raises(NoPublishedRulebook):
        application_register(actor=world.handler, data=data)
    assert not Association.objects.filter(org_number=VALID_NEW_NUMBER).exists()


def test_the_day_a_case_came_in_is_not_in_the_future(world: World) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidInput) as caught:
        svc.application_submit(actor=world.handler, data=grant(world, received_on=tomorrow))
    assert caught.value.errors == {"received_on": ["Inkomstdatumet kan inte vara i framtiden."]}


def test_an_event_s_missing_times_are_named_with_the_other_fields(world: World) -> None:
    event = svc.EventDetails(
        title="", description="", starts_at=None, ends_at=None, expected_attendance=0
    )
    data = grant(world, kind=Kind.ARRANGORSSTOD, event=event)
    assert set(svc.validate_new_application(data)) == {
        "event.title",
        "event.starts_at",
        "event.ends_at",
        "event.expected_attendance",
    }


def test_an_officer_registers_an_event_that_starts_soon_or_has_begun(world: World) -> None:
    """The booking API books ahead (``event_time_errors`` with ``now``); an application for
    arrangörsstöd that came in by post may be for an event that starts within the hour."""
    for start in (timezone.now() + timedelta(minutes=30), timezone.now() - timedelta(hours=1)):
        event = svc.EventDetails(
            title="Konsert",
            description="",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            expected_attendance=50,
        )
        data = grant(world, kind=Kind.ARRANGORSSTOD, event=event)
        assert application_register(actor=world.handler, data=data).event_starts_at == start


def test_a_received_day_further_back_than_the_limit_is_refused_naming_it(
    world: World, settings: Any
) -> None:
    """A typo (2016 for 2026) would give the case a diarienummer of that year: refused, with
    the limit and the earliest day allowed; the limit's own day is accepted."""
    settings.GRANSKA_MAX_RECEIVED_AGE_DAYS = 30
    earliest = timezone.localdate() - timedelta(days=30)
    too_old = grant(world, received_on=earliest - timedelta(days=1))
    with pytest.raises(InvalidInput) as caught:
        application_register(actor=world.handler, data=too_old)
    message = str(caught.value.errors["received_on"][0])
    assert "30 dagar" in message and earliest.isoformat() in message
    assert not Application.objects.exists()
    app = application_register(actor=world.handler, data=grant(world, received_on=earliest))
    assert app.reference.startswith(f"KFN-{earliest.year}-") and app.received_on == earliest


def test_the_received_day_s_default_limit_is_a_year(world: World) -> None:
    typo = timezone.localdate().replace(year=timezone.localdate().year - 10)
    assert set(registration_problems(world.handler, grant(world, received_on=typo))) == {
        "received_on"
    }
    year_ago = timezone.localdate() - timedelta(days=365)
    assert registration_problems(world.handler, grant(world, received_on=year_ago)) == {}
