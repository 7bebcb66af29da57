"""Booking systems in the admin for staff who may only view (vetting.admin_scope): the booking
requests and messages of their administration's cases, no buttons, and a POST is a 403."""

from __future__ import annotations

import pytest

from audit.context import SYSTEM
from audit.models import AuditEvent
from bookings.models import BookingRequest, WebhookMessage
from bookings.services import client_create, client_rotate_key
from tests.api.conftest import client_for, post_booking
from tests.world import World, admin_browser, staff_browser

pytestmark = pytest.mark.django_db
MESSAGES = "/admin/bookings/webhookmessage/"
REQUESTS = "/admin/bookings/bookingrequest/"
VIEW = ("view_webhookmessage", "view_bookingrequest", "view_bookingclient")


def _booked(world: World) -> WebhookMessage:
    """A booking of Kultur's hall (the case is Kultur's) with its first webhook message."""
    creds = client_create(
        actor=SYSTEM, name="Hook", webhook_url="https://bokning.example/h",
        premises=[world.hall], administration_id=world.kultur.pk,
    )  # fmt: skip
    assert post_booking(client_for(creds)).status_code == 201
    return WebhookMessage.objects.get()


def test_the_booking_requests_and_messages_of_another_administration_are_not_shown(
    world: World,
) -> None:
    message = _booked(world)
    booking = BookingRequest.objects.get()
    mine = staff_browser(world.handler, *VIEW)
    assert message.msg_id in mine.get(MESSAGES).content.decode()
    assert booking.external_ref in mine.get(REQUESTS).content.decode()
    theirs = staff_browser(world.other_handler, *VIEW)
    assert message.msg_id not in theirs.get(MESSAGES).content.decode()
    assert booking.external_ref not in theirs.get(REQUESTS).content.decode()
    assert theirs.get(f"{MESSAGES}{message.pk}/change/").status_code == 404
    assert theirs.get(f"{REQUESTS}{booking.pk}/change/").status_code == 404
    client = f"/admin/bookings/bookingclient/{message.client_id}/change/"
    assert mine.get(client).status_code == 200
    assert theirs.get(client).status_code == 404


def test_view_only_staff_cannot_send_a_message_again(world: World) -> None:
    message = _booked(world)
    viewer = staff_browser(world.handler, *VIEW)
    assert 'value="redeliver"' not in viewer.get(MESSAGES).content.decode()
    response = viewer.post(MESSAGES, {"action": "redeliver", "_selected_action": [message.pk]})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="webhook.redelivered").exists()
    assert 'value="redeliver"' in admin_browser(world).get(MESSAGES).content.decode()


def test_view_only_staff_see_no_key_buttons_and_cannot_rotate_or_end_a_grace(
    world: World,
) -> None:
    message = _booked(world)
    client = message.client
    client_rotate_key(actor=SYSTEM, client=client, revoke_previous=False)
    page = f"/admin/bookings/bookingclient/{client.pk}/change/"
    grace = f"/admin/bookings/bookingclient/{client.pk}/revoke-previous-key/"
    viewer = staff_browser(world.handler, *VIEW)
    assert grace not in viewer.get(page).content.decode()
    assert grace in admin_browser(world).get(page).content.decode()
    assert viewer.post(grace).status_code == 403
    clients = "/admin/bookings/bookingclient/"
    refused = viewer.post(clients, {"action": "rotate_key", "_selected_action": [client.pk]})
    assert refused.status_code == 403
    assert not AuditEvent.objects.filter(action="booking_client.previous_key_revoked").exists()
    assert AuditEvent.objects.filter(action__contains="key_rotated").count() == 1
