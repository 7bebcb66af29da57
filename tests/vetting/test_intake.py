"""Registering cases: validation per kind, reference numbers, rulebook version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from tests.factories import AdministrationFactory
from tests.threads import run_at_once, values
from tests.world import World
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Kind, Rulebook
from vetting.services.intake import next_reference


def test_reference_numbers_are_sequential_per_year_and_prefixed(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    first = world.submit()
    second = world.submit(Kind.LOKALUTHYRNING)
    year = timezone.localdate().year
    assert first.reference == f"KFN-{year}-00001"
    assert second.reference == f"KFN-{year}-00002"
    settings.GRANSKA_REFERENCE_PREFIX = "KS"  # the common series, of those without their own
    assert world.submit().reference == f"KS-{year}-00001"  # Kultur has none of its own
    assert AdministrationFactory(code="ks").reference_prefix == ""
    assert next_reference(year=year - 1) == f"KS-{year - 1}-00001"


def test_registration_stores_every_field_and_numbers_past_five_digits(world: World) -> None:
    from vetting.models import ReferenceSequence, State

    year = timezone.localdate().year
    ReferenceSequence.objects.create(prefix="KFN", year=year, last_value=99_999)
    app = world.submit(Kind.LOKALUTHYRNING)
    assert app.reference == f"KFN-{year}-100000"
    stored = Application.objects.get(pk=app.pk)
    assert (stored.reference, stored.state, stored.kind) == (
        app.reference,
        State.SUBMITTED,
        app.kind,
    )
    assert stored.premises_id == world.hall.pk and stored.administration_id == world.kultur.pk
    assert stored.event_starts_at == app.event_starts_at and stored.expected_attendance == 80
    assert stored.created_at == app.created_at and stored.proposal_criteria == []
    assert stored.contact_email == app.contact_email and stored.rulebook_id == app.rulebook_id


# 23:30 UTC on New Year's Eve is 00:30 on New Year's Day in Stockholm (UTC+1 in winter).
JUST_AFTER_MIDNIGHT = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)


def test_a_case_registered_just_after_midnight_gets_the_swedish_date(
    world: World, monkeypatch: Any
) -> None:
    """The date received is the date in Europe/Stockholm, not the server's or UTC date, both
    for a registration and for the field's own default: it starts the handling deadline."""
    monkeypatch.setattr(timezone, "now", lambda: JUST_AFTER_MIDNIGHT)
    swedish = JUST_AFTER_MIDNIGHT.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    assert swedish != JUST_AFTER_MIDNIGHT.date()
    app = world.submit()
    assert app.received_on == swedish and app.reference.startswith(f"KFN-{swedish.year}-")
    assert Application._meta.get_field("received_on").get_default() == swedish


def test_reference_numbers_are_never_reused(world: World) -> None:
    app = world.submit()
    ref = app.reference
    svc.application_withdraw(application=app, actor=world.handler, reason="Återkallad")
    assert world.submit().reference != ref


def test_submission_is_audited_with_the_rulebook_version(world: World) -> None:
    app = world.submit()
    event = AuditEvent.objects.get(action="application.submitted")
    assert event.case_ref == app.reference and event.to_state == "submitted"
    assert event.rulebook_version == app.rulebook.version == 1


def test_new_rulebook_version_does_not_change_old_cases(world: World) -> None:
    old = world.submit()
    v2 = Rulebook.objects.create(
        version=2, title="v2", adopted_on=timezone.localdate(), published=True
    )
    new = world.submit()
    assert old.rulebook.version == 1 and new.rulebook == v2


@pytest.mark.parametrize(
    ("kind", "changes", "field"),
    [
        (Kind.FORENINGSBIDRAG, {"amount": None}, "amount_applied"),
        (Kind.FORENINGSBIDRAG, {"amount": Decimal("-1")}, "amount_applied"),
        (Kind.FORENINGSBIDRAG, {"subject": "  "}, "subject"),
    ],
)
def test_grant_validation_names_the_field(
    world: World, kind: str, changes: dict, field: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        world.submit(kind, **changes)
    assert field in info.value.errors


def _event(world: World, **overrides: object) -> svc.EventDetails:
    start = timezone.now() + timedelta(days=3)
    values: dict = {
        "title": "Möte",
        "description": "",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "expected_attendance": 10,
        "premises": world.hall,
    }
    values.update(overrides)
    return svc.EventDetails(**values)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"premises": None}, "event.premises"),
        ({"expected_attendance": 1000}, "event.expected_attendance"),
        ({"expected_attendance": 0}, "event.expected_attendance"),
        ({"title": ""}, "event.title"),
    ],
)
def test_rental_validation_names_the_field(world: World, overrides: dict, field: str) -> None:
    data = svc.NewApplication(
        kind=Kind.LOKALUTHYRNING,
        association=world.scouts,
        subject="Hyra",
        administration=world.kultur,
        event=_event(world, **overrides),
    )
    with pytest.raises(InvalidInput) as info:
        svc.application_submit(actor=world.handler, data=data)
    assert field in info.value.errors


def test_event_must_end_after_it_starts(world: World) -> None:
    start = timezone.now()
    data = svc.NewApplication(
        kind=Kind.LOKALUTHYRNING,
        association=world.scouts,
        subject="Hyra",
        event=_event(world, starts_at=start, ends_at=start),
    )
    with pytest.raises(InvalidInput) as info:
        svc.application_submit(actor=world.handler, data=data)
    assert "event.ends_at" in info.value.errors


def test_the_rule_on_an_event_s_times_is_one_pure_function() -> None:
    """``event_time_errors``: the end after the start always; the start ahead of ``now`` when
    given (the booking intake, its API validation and its service alike)."""
    now = timezone.now()
    later = now + timedelta(days=1)
    assert svc.event_time_errors(later, later + timedelta(hours=1), now=now) == {}
    assert set(svc.event_time_errors(later, later)) == {"event.ends_at"}
    assert svc.event_time_errors(now - timedelta(hours=1), now) == {}  # no ``now``: not judged
    past = svc.event_time_errors(now - timedelta(hours=1), now - timedelta(hours=2), now=now)
    assert set(past) == {"event.starts_at", "event.ends_at"}
    assert str(past["event.starts_at"]) == "Starttiden ska vara i framtiden."


def test_an_event_lasts_at_most_the_configured_days(settings: Any) -> None:
    settings.GRANSKA_MAX_EVENT_DAYS = 10
    start = timezone.now() + timedelta(days=1)
    assert svc.event_time_errors(start, start + timedelta(days=10)) == {}
    errors = svc.event_time_errors(start, start + timedelta(days=10, seconds=1))
    assert set(errors) == {"event.ends_at"}
    assert str(errors["event.ends_at"]) == "Arrangemanget får pågå i högst 10 dagar."


def test_a_booking_starts_at_most_the_configured_days_ahead(settings: Any) -> None:
    settings.GRANSKA_MAX_BOOKING_AHEAD_DAYS = 30
    now = timezone.now()
    far = now + timedelta(days=30, seconds=1)
    assert svc.event_time_errors(now + timedelta(days=30), far, now=now) == {}
    errors = svc.event_time_errors(far, far + timedelta(hours=2), now=now)
    assert set(errors) == {"event.starts_at"}
    assert str(errors["event.starts_at"]) == "Starttiden får ligga högst 30 dagar fram i tiden."
    assert svc.event_time_errors(far, far + timedelta(hours=2)) == {}  # no ``now``: not judged


def test_an_overlong_event_is_refused_by_the_service(world: World) -> None:
    start = timezone.now() + timedelta(days=3)
    data = svc.NewApplication(
        kind=Kind.LOKALUTHYRNING,
        association=world.scouts,
        subject="Hyra",
        event=_event(world, starts_at=start, ends_at=start + timedelta(days=400)),
    )
    with pytest.raises(InvalidInput) as info:
        svc.application_submit(actor=world.handler, data=data)
    assert set(info.value.errors) == {"event.ends_at"}


def test_rental_takes_the_premises_administration_and_stores_no_amount(world: World) -> None:
    data = svc.NewApplication(
        kind=Kind.LOKALUTHYRNING,
        association=world.scouts,
        subject="Hyra",
        amount_applied=Decimal("100"),
        event=_event(world),
    )
    app = svc.application_submit(actor=world.handler, data=data)
    assert app.administration == world.hall.administration and app.amount_applied is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_references_are_unique() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks only mean something on PostgreSQL")
    results = values(run_at_once(*[lambda: next_reference(year=2031)] * 8))
    assert sorted(results) == [f"KFN-2031-{n:05d}" for n in range(1, 9)]
