"""The admin's list actions on booking systems' messages and on API tokens, driven as the admin
does: each runs its service (event), and a message the service refuses is named with why."""

from __future__ import annotations

from unittest import mock

import pytest

from api.models import ApiToken
from api.tokens import api_token_create
from audit.context import SYSTEM
from audit.models import AuditEvent
from bookings.models import BookingClient, WebhookMessage
from bookings.services import client_revoke
from bookings.services.clients import REVOKED_CLIENT
from bookings.webhooks import REDELIVER_REVOKED
from tests.api.conftest import client_for, post_booking
from tests.bookings.test_webhooks import make_client
from tests.world import World, admin_browser

pytestmark = pytest.mark.django_db
MESSAGES = "/admin/bookings/webhookmessage/"


def _message(world: World) -> WebhookMessage:
    creds = make_client(world, "https://bokning.example/h")
    assert post_booking(client_for(creds)).status_code == 201
    return WebhookMessage.objects.get()


def test_a_message_is_sent_again_with_its_event(world: World) -> None:
    message = _message(world)
    browser = admin_browser(world)
    assert browser.get(MESSAGES).status_code == 200
    with mock.patch("bookings.tasks.deliver_webhook.delay"):
        response = browser.post(
            MESSAGES, {"action": "redeliver", "_selected_action": [message.pk]}, follow=True
        )
    assert any("Köade för ny leverans." in str(m) for m in response.context["messages"])
    assert AuditEvent.objects.filter(action="webhook.redelivered", object_id=str(message.pk))


def test_a_revoked_clients_message_is_not_sent_again_and_the_admin_says_why(
    world: World,
) -> None:
    message = _message(world)
    client_revoke(actor=SYSTEM, client=message.client)
    message.refresh_from_db()
    browser = admin_browser(world)
    response = browser.post(
        MESSAGES, {"action": "redeliver", "_selected_action": [message.pk]}, follow=True
    )
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert texts == [f"{message.msg_id}: {REDELIVER_REVOKED}"]
    assert WebhookMessage.objects.get(pk=message.pk).status == message.status
    assert not AuditEvent.objects.filter(action="webhook.redelivered").exists()


def test_an_api_token_is_revoked_with_its_event(world: World) -> None:
    token, _raw = api_token_create(actor=SYSTEM, user=world.handler)
    browser = admin_browser(world)
    assert browser.get("/admin/api/apitoken/").status_code == 200
    response = browser.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


CLIENTS = "/admin/bookings/bookingclient/"


def _client_action(world: World, action: str, client_pk: int) -> list[str]:
    response = admin_browser(world).post(
        CLIENTS, {"action": action, "_selected_action": [client_pk]}, follow=True
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    "action", ["rotate_key", "rotate_key_revoke_previous", "rotate_webhook_secret"]
)
def test_a_revoked_client_gets_no_new_key_or_secret(world: World, action: str) -> None:
    """A revoked client's key never works and its secret never signs: the admin showed a new
    one "once", to be passed on; the service refuses, and the admin names the client."""
    creds = make_client(world, "https://bokning.example/h")
    client_revoke(actor=SYSTEM, client=creds.client)
    before = BookingClient.objects.values_list("key_hash", "webhook_secret").get()
    texts = _client_action(world, action, creds.client.pk)
    assert texts == [f"{creds.client.name}: {REVOKED_CLIENT}"]
    assert BookingClient.objects.values_list("key_hash", "webhook_secret").get() == before
    assert not AuditEvent.objects.filter(action__contains="_rotated").exists()


def test_revoking_the_previous_key_without_a_grace_says_so(world: World) -> None:
    creds = make_client(world, "https://bokning.example/h")
    texts = _client_action(world, "revoke_previous_key", creds.client.pk)
    assert texts == ["Ingen övergångstid pågår: ingen gammal API-nyckel fungerar."]
    assert not AuditEvent.objects.filter(action="booking_client.previous_key_revoked").exists()


def test_revoking_names_the_booking_system_and_says_its_keys_are_refused(world: World) -> None:
    creds = make_client(world, "https://bokning.example/h")
    texts = _client_action(world, "revoke", creds.client.pk)
    assert texts == [f"Spärrade {creds.client.name}: dess API-nycklar nekas nu (401)."]
    assert BookingClient.objects.get().revoked_at is not None
    again = _client_action(world, "revoke", creds.client.pk)
    assert again == [f"Redan spärrade: {creds.client.name}."]
    assert AuditEvent.objects.filter(action="booking_client.revoked").count() == 1


def test_the_webhook_messages_list_shows_the_newest_first(world: World) -> None:
    creds = make_client(world, "https://bokning.example/h")
    api = client_for(creds)
    assert post_booking(api).status_code == 201
    assert post_booking(api, external_ref="bk-2", key="key-2").status_code == 201
    response = admin_browser(world).get(MESSAGES)
    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown == list(WebhookMessage.objects.order_by("-id").values_list("pk", flat=True))
    assert len(shown) == 2
