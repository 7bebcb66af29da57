"""Rows that belong to no case and no administration in the admin (vetting.admin_scope):
system events of the trail, booking systems without an administration. They are the
administrator's (and the auditor's, who sees every case): an officer sees none of them, as the
officer sees nothing of another administration. A webhook message always has a booking request,
so it is always a case's, and shown by that case's administration."""

from __future__ import annotations

import pytest

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import record_event
from bookings.models import BookingClient, WebhookMessage
from bookings.services import client_create
from tests.world import World, staff_browser

pytestmark = pytest.mark.django_db
EVENTS = "/admin/audit/auditevent/"
CLIENTS = "/admin/bookings/bookingclient/"


def _system_event() -> AuditEvent:
    return record_event(actor=SYSTEM, action="refdata.premises.changed", object_type="premises",
                        object_id=1, changes={"name": "Lilla salen"})  # fmt: skip


def test_an_officer_sees_no_system_event_the_administrator_and_auditor_do(world: World) -> None:
    mine = world.submit()
    event = _system_event()
    officer = staff_browser(world.handler, "view_auditevent")
    listed = officer.get(EVENTS).context["cl"].queryset
    assert listed.filter(case_ref=mine.reference).exists()
    assert not listed.filter(pk=event.pk).exists()
    assert officer.get(f"{EVENTS}{event.pk}/change/").status_code == 404
    for who in (world.admin, world.auditor):
        browser = staff_browser(who, "view_auditevent")
        assert browser.get(EVENTS).context["cl"].queryset.filter(pk=event.pk).exists()
        assert browser.get(f"{EVENTS}{event.pk}/change/").status_code == 200


def test_a_booking_system_without_an_administration_is_the_administrators(world: World) -> None:
    client_create(actor=SYSTEM, name="Kommungemensam", premises=[world.hall])
    client = BookingClient.objects.get(name="Kommungemensam")
    assert client.administration_id is None
    officer = staff_browser(world.handler, "view_bookingclient")
    assert "Kommungemensam" not in officer.get(CLIENTS).content.decode()
    assert officer.get(f"{CLIENTS}{client.pk}/change/").status_code == 404
    administrator = staff_browser(world.admin, "view_bookingclient")
    assert "Kommungemensam" in administrator.get(CLIENTS).content.decode()
    assert administrator.get(f"{CLIENTS}{client.pk}/change/").status_code == 200


def test_a_webhook_message_always_names_its_booking_request() -> None:
    """So no message is system-wide: the officers' rule by the request's case covers all."""
    assert WebhookMessage._meta.get_field("booking_request").null is False
