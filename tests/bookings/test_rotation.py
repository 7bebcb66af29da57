"""Rotating a booking system's API key and webhook secret without an outage: the previous key
works, and webhooks carry a signature with the previous secret too, for a grace period; the
previous key can be revoked at once, and revoking the client ends every key."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIClient

from audit.context import SYSTEM
from audit.models import AuditEvent
from bookings import keys
from bookings.intake_selectors import active_client_by_key_hash
from bookings.models import BookingClient, WebhookMessage
from bookings.services import (
    Credentials,
    client_for_key,
    client_revoke,
    client_revoke_previous_key,
    client_rotate_key,
    client_rotate_webhook_secret,
)
from bookings.webhooks import webhook_deliver
from tests.api.conftest import post_booking
from tests.bookings.receiver import Receiver, signed_with
from tests.bookings.test_requests import STATEMENTS
from tests.bookings.test_webhooks import make_client
from tests.world import World, admin_browser

pytestmark = pytest.mark.django_db
PREMISES = "/api/v1/premises/"


@pytest.fixture(autouse=True)
def _grace(settings: Any) -> None:
    settings.GRANSKA_KEY_ROTATION_GRACE_HOURS = 24
    settings.GRANSKA_WEBHOOK_SECRET_GRACE_HOURS = 24


class Clock:
    """``timezone.now`` moved on by ``advance`` (a fixed offset from the real clock)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = timedelta()
        real = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real() + self.offset)

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def status(key: str) -> int:
    return int(api(key).get(PREMISES).status_code)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=f"booking_client.{action}").order_by("seq"))


# --- the API key -------------------------------------------------------------------------------


def test_the_previous_key_works_within_the_grace_and_not_after(creds: Credentials, clock: Clock):
    rotated_at = timezone.now()
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client)
    assert (status(creds.api_key), status(new_key)) == (200, 200)
    client = BookingClient.objects.get(pk=creds.client.pk)
    assert client.previous_key_expires_at is not None
    assert abs(client.previous_key_expires_at - rotated_at - timedelta(hours=24)).seconds < 5
    assert client.previous_key_hash == keys.key_hash(creds.api_key)  # only the hash is kept
    assert creds.api_key not in json.dumps(list(BookingClient.objects.values()), default=str)
    clock.advance(hours=23, minutes=59)
    assert (status(creds.api_key), status(new_key)) == (200, 200)
    clock.advance(minutes=2)
    assert (status(creds.api_key), status(new_key)) == (401, 200)
    assert client_for_key(creds.api_key) is None


def test_revoke_the_old_key_now_when_rotating(creds: Credentials):
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client, revoke_previous=True)
    assert (status(creds.api_key), status(new_key)) == (401, 200)
    assert creds.client.previous_key_hash is None and creds.client.previous_key_expires_at is None
    [event] = events("key_rotated")
    assert event.changes["grace_hours"] == 0 and event.changes["previous_key_valid_until"] is None


def test_no_grace_when_the_setting_is_zero(creds: Credentials, settings: Any):
    settings.GRANSKA_KEY_ROTATION_GRACE_HOURS = 0
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client)
    assert (status(creds.api_key), status(new_key)) == (401, 200)


def test_revoking_the_previous_key_ends_its_grace_once(creds: Credentials):
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client)
    client_revoke_previous_key(actor=SYSTEM, client=creds.client)
    assert (status(creds.api_key), status(new_key)) == (401, 200)
    client_revoke_previous_key(actor=SYSTEM, client=creds.client)  # nothing left to revoke
    [event] = events("previous_key_revoked")
    assert event.changes["previous_key_prefix"] == keys.display_prefix(creds.api_key)


def test_revoking_the_client_refuses_both_keys(creds: Credentials):
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client)
    client_revoke(actor=SYSTEM, client=creds.client)
    assert (status(creds.api_key), status(new_key)) == (401, 401)


def test_a_second_rotation_ends_the_first_key(creds: Credentials):
    second = client_rotate_key(actor=SYSTEM, client=creds.client)
    third = client_rotate_key(actor=SYSTEM, client=creds.client)
    assert (status(creds.api_key), status(second), status(third)) == (401, 200, 200)


def test_the_rotation_event_records_the_grace_and_no_secret(creds: Credentials):
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client)
    secret = client_rotate_webhook_secret(actor=SYSTEM, client=creds.client)
    [key_event] = events("key_rotated")
    assert key_event.changes["grace_hours"] == 24
    assert key_event.changes["key_prefix"] == keys.display_prefix(new_key)
    assert key_event.changes["previous_key_prefix"] == keys.display_prefix(creds.api_key)
    until = datetime.fromisoformat(key_event.changes["previous_key_valid_until"])
    assert until == BookingClient.objects.get(pk=creds.client.pk).previous_key_expires_at
    [secret_event] = events("webhook_secret_rotated")
    assert secret_event.changes["grace_hours"] == 24
    assert secret_event.changes["previous_secret_valid_until"] is not None
    for event in (key_event, secret_event):
        for value in (new_key, creds.api_key, secret, creds.webhook_secret):
            assert value not in event.canonical
        for value in (keys.key_hash(new_key), keys.key_hash(creds.api_key)):
            assert value not in event.canonical


def test_the_key_lookup_is_one_query_for_the_previous_key(creds: Credentials):
    client_rotate_key(actor=SYSTEM, client=creds.client)
    with CaptureQueriesContext(connection) as queries:
        client = active_client_by_key_hash(keys.key_hash(creds.api_key))
    assert len(queries) == 1
    assert client is not None and client.pk == creds.client.pk


def test_the_intake_with_the_previous_key_costs_no_more_statements(creds: Credentials):
    client_rotate_key(actor=SYSTEM, client=creds.client)
    old = api(creds.api_key)
    post_booking(old, key="warm", external_ref="warm")  # per-process look-ups are done once
    with CaptureQueriesContext(connection) as statements:
        assert post_booking(old, key="k-2", external_ref="bk-2").status_code == 201
    assert len(statements) == STATEMENTS[connection.vendor]


# --- the webhook secret ------------------------------------------------------------------------


def _deliver_one(creds: Credentials, ref: str) -> None:
    assert post_booking(api(creds.api_key), key=ref, external_ref=ref).status_code == 201
    message = WebhookMessage.objects.filter(status="pending").get()
    assert webhook_deliver(message_id=message.pk, now=timezone.now()) == "delivered"


@pytest.mark.usefixtures("allow_local_receivers")
def test_webhooks_are_signed_with_both_secrets_within_the_grace_then_the_new_one(
    world: World, receiver: Receiver, clock: Clock
):
    creds = make_client(world, receiver.url)
    new = client_rotate_webhook_secret(actor=SYSTEM, client=creds.client)
    _deliver_one(creds, "during")
    first, second = receiver.received[0].signatures
    assert signed_with(new, receiver.received[0], first)  # the new secret's signature first
    assert signed_with(creds.webhook_secret, receiver.received[0], second)
    assert not signed_with(creds.webhook_secret, receiver.received[0], first)
    clock.advance(hours=24, seconds=1)
    _deliver_one(creds, "after")
    [only] = receiver.received[1].signatures
    assert signed_with(new, receiver.received[1], only)


@pytest.mark.usefixtures("allow_local_receivers")
def test_without_a_grace_the_new_secret_signs_alone_at_once(world: World, receiver: Receiver):
    creds = make_client(world, receiver.url)
    new = client_rotate_webhook_secret(actor=SYSTEM, client=creds.client, revoke_previous=True)
    _deliver_one(creds, "now")
    [only] = receiver.received[0].signatures
    assert signed_with(new, receiver.received[0], only)
    [event] = events("webhook_secret_rotated")
    assert event.changes["grace_hours"] == 0


def test_signature_header_of_one_and_two_secrets():
    one, two = keys.new_webhook_secret(), keys.new_webhook_secret()
    assert keys.signature_header([one], "msg_1", 1, "{}") == keys.sign(one, "msg_1", 1, "{}")
    both = keys.signature_header([two, one], "msg_1", 1, "{}")
    assert both == f"{keys.sign(two, 'msg_1', 1, '{}')} {keys.sign(one, 'msg_1', 1, '{}')}"


# --- the command and the admin -----------------------------------------------------------------


def rotate(*args: str, language: str = "sv") -> tuple[dict[str, Any], str]:
    """The command's JSON and its notes to the integrator (in the server's language)."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override(language):
        call_command("rotate_booking_client", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def test_the_command_rotates_and_says_what_to_do(creds: Credentials):
    data, notes = rotate("Bokningssystemet", "--key", "--webhook-secret", language="en")
    assert set(data) == {
        "client_id", "api_key", "previous_key_valid_until",
        "webhook_secret", "previous_secret_valid_until",
    }  # fmt: skip
    assert (status(creds.api_key), status(data["api_key"])) == (200, 200)
    assert data["previous_key_valid_until"] in notes and "deploy the new key" in notes
    assert "accept a message if any signature verifies" in notes
    client = BookingClient.objects.get(pk=creds.client.pk)
    assert client.webhook_secret == data["webhook_secret"]
    assert client.previous_webhook_secret == creds.webhook_secret


def test_the_command_revokes_the_previous_key_now(creds: Credentials):
    data, notes = rotate(str(creds.client.pk), "--key", "--revoke-previous")
    assert data["previous_key_valid_until"] is None
    assert notes == "Den gamla API-nyckeln fungerar inte längre.\n"
    assert (status(creds.api_key), status(data["api_key"])) == (401, 200)
    with pytest.raises(CommandError, match="Ange --key och/eller --webhook-secret"):
        rotate("Bokningssystemet")  # neither --key, --webhook-secret nor --revoke-previous
    with pytest.raises(CommandError, match="Inget aktivt bokningssystem heter eller har id"):
        rotate("finns-inte", "--key")
    with pytest.raises(CommandError, match="No active booking client has the name or id"):
        rotate("finns-inte", "--key", language="en")


def test_the_command_alone_with_revoke_previous_ends_both_graces(creds: Credentials):
    rotated, _notes = rotate("Bokningssystemet", "--key", "--webhook-secret")
    assert status(creds.api_key) == 200  # the old key in its grace
    data, notes = rotate("Bokningssystemet", "--revoke-previous", language="en")
    assert data == {
        "client_id": creds.client.pk,
        "previous_key_valid_until": None,
        "previous_secret_valid_until": None,
    }
    assert "no longer works" in notes and "new secret only" in notes
    assert (status(creds.api_key), status(rotated["api_key"])) == (401, 200)
    client = BookingClient.objects.get(pk=creds.client.pk)
    assert client.signing_secrets(timezone.now()) == [rotated["webhook_secret"]]
    assert len(events("previous_key_revoked")) == len(events("previous_secret_revoked")) == 1
    rotate("Bokningssystemet", "--revoke-previous")  # nothing running: no second event
    assert len(events("previous_key_revoked")) == len(events("previous_secret_revoked")) == 1


def _action(world: World, action: str, creds: Credentials) -> str:
    response = admin_browser(world).post(
        "/admin/bookings/bookingclient/",
        {"action": action, "_selected_action": [creds.client.pk]},
        follow=True,
    )
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_admin_rotates_with_a_grace_and_shows_when_the_old_key_stops(
    world: World, creds: Credentials
):
    page = _action(world, "rotate_key", creds)
    assert "fungerar till" in page and "driftsätt den nya" in page
    assert status(creds.api_key) == 200
    change = admin_browser(world).get(f"/admin/bookings/bookingclient/{creds.client.pk}/change/")
    until = timezone.localtime(BookingClient.objects.get().previous_key_expires_at)
    assert until.strftime("%Y-%m-%d %H:%M") in change.content.decode()
    _action(world, "revoke_previous_key", creds)
    assert status(creds.api_key) == 401
    assert len(events("previous_key_revoked")) == 1


def test_the_admin_rotates_and_revokes_the_old_key_at_once(world: World, creds: Credentials):
    page = _action(world, "rotate_key_revoke_previous", creds)
    assert "Den gamla nyckeln fungerar inte längre" in page
    assert status(creds.api_key) == 401


def test_the_admin_secret_rotation_says_both_sign_until_when(world: World, creds: Credentials):
    page = _action(world, "rotate_webhook_secret", creds)
    assert "både den nya och den gamla hemligheten" in page
    client = BookingClient.objects.get()
    until = timezone.localtime(client.previous_webhook_secret_expires_at)
    assert until.strftime("%Y-%m-%d %H:%M") in page
    change = admin_browser(world).get(f"/admin/bookings/bookingclient/{client.pk}/change/")
    assert "signerar också till" in change.content.decode()
