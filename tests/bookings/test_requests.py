"""The booking intake (bookings.services.requests.booking_request_submit): an invalid request
creates nothing, and the common path keeps its number of statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from associations.models import Association
from associations.services import org_number_checked
from audit.models import AuditEvent
from bookings import services as booking_services
from tests.api.conftest import START, post_booking
from vetting.errors import InvalidInput
from vetting.models import Application

pytestmark = pytest.mark.django_db

UNKNOWN = {"org_number": "802400-0104", "name": "Vi Unga"}
UNKNOWN_NUMBER = org_number_checked(UNKNOWN["org_number"])


@contextmanager
def nothing_created() -> Iterator[None]:
    associations, events = Association.objects.count(), AuditEvent.objects.count()
    applications = Application.objects.count()
    yield
    assert Association.objects.count() == associations
    assert not Association.objects.filter(org_number=UNKNOWN_NUMBER).exists()
    assert AuditEvent.objects.count() == events
    assert Application.objects.count() == applications


def test_an_invalid_request_from_an_unknown_association_registers_nothing(bc, world):
    """The association used to be registered before the case's validation refused the body."""
    attendance = world.hall.capacity + 1
    with nothing_created():
        response = post_booking(bc, association=UNKNOWN, expected_attendance=attendance)
    assert response.status_code == 422, response.json()
    problem = response.json()
    assert problem["code"] == "invalid_input"
    assert "expected_attendance" in problem["errors"], problem
    assert str(world.hall.capacity) in problem["errors"]["expected_attendance"][0]


def test_a_request_ending_before_it_starts_registers_no_association(creds):
    """The API's serializer refuses this first; the service refuses it too, before registering."""
    data = booking_services.BookingInput(
        external_ref="bk-1", org_number=UNKNOWN["org_number"], association_name=UNKNOWN["name"],
        premises="stora-salen", starts_at=START, ends_at=START - timedelta(hours=1),
        title="Vårkonsert", description="", expected_attendance=10,
        contact_name="Kim", contact_email="kim@forening.example",
    )  # fmt: skip
    with nothing_created(), pytest.raises(InvalidInput) as refused:
        booking_services.booking_request_submit(
            client=creds.client, idempotency_key="k-1", request_hash="h", data=data
        )
    assert "event.ends_at" in refused.value.errors


def test_the_service_refuses_a_start_in_the_past_with_an_unknown_premises_in_one_error(creds):
    """Called from elsewhere than the API, the intake still applies the rule on the times (and
    names the premises with them)."""
    past = timezone.now() - timedelta(days=1)
    data = booking_services.BookingInput(
        external_ref="bk-1", org_number=UNKNOWN["org_number"], association_name=UNKNOWN["name"],
        premises="finns-inte", starts_at=past, ends_at=past + timedelta(hours=1),
        title="Vårkonsert", description="", expected_attendance=10,
        contact_name="Kim", contact_email="kim@forening.example",
    )  # fmt: skip
    with nothing_created(), pytest.raises(InvalidInput) as refused:
        booking_services.booking_request_submit(
            client=creds.client, idempotency_key="k-1", request_hash="h", data=data
        )
    assert set(refused.value.errors) == {"event.starts_at", "premises"}


def test_a_reused_external_ref_from_an_unknown_association_registers_nothing(bc):
    """The 409 used to come after the new association had been registered (and audited)."""
    first = post_booking(bc).json()
    with nothing_created():
        response = post_booking(bc, key="key-2", association=UNKNOWN)
    assert response.status_code == 409, response.json()
    problem = response.json()
    assert problem["code"] == "duplicate_external_ref"
    assert problem["existing"] == {"id": first["id"], "reference": first["reference"]}


def test_a_valid_request_from_an_unknown_association_registers_it_and_the_case(bc):
    response = post_booking(bc, association=UNKNOWN)
    assert response.status_code == 201, response.json()
    association = Association.objects.get(org_number=UNKNOWN_NUMBER)
    assert Application.objects.get(reference=response.json()["reference"]).association == (
        association
    )
    assert AuditEvent.objects.filter(
        action="association.registered", association_id=association.pk
    ).exists()


# What one registration costs: the client, the intake context, then the case's transaction.
# SQLite: savepoint, number, case, chain head, event, request, webhook and idempotency rows,
# release. PostgreSQL: savepoint, number and case in one statement, the event (chain lock and
# head read with it), the request's rows in one statement, release.
STATEMENTS = {"sqlite": 10, "postgresql": 7}


def test_the_intake_of_a_known_association_costs_a_fixed_number_of_statements(bc):
    post_booking(bc, key="warm", external_ref="warm")  # per-process look-ups are done once
    with CaptureQueriesContext(connection) as statements:
        assert post_booking(bc, key="k-2", external_ref="bk-2").status_code == 201
    assert len(statements) == STATEMENTS[connection.vendor]
