"""Ending a rotation's grace early from the admin (ADR 0011): on the client's page, while a grace
runs, "Sluta signera med den gamla hemligheten nu" and "Återkalla den gamla API-nyckeln nu" lead
to a confirmation page; confirming ends it through the service, which writes the event."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from audit.context import SYSTEM
from audit.models import AuditEvent
from bookings.models import BookingClient
from bookings.services import (
    Credentials,
    client_revoke,
    client_revoke_previous_secret,
    client_rotate_key,
    client_rotate_webhook_secret,
)
from tests.bookings.receiver import Receiver, signed_with
from tests.bookings.test_rotation import _deliver_one, status
from tests.bookings.test_webhooks import make_client
from tests.world import World, admin_browser

pytestmark = pytest.mark.django_db
SECRET_BUTTON = "Sluta signera med den gamla hemligheten nu"
KEY_BUTTON = "Återkalla den gamla API-nyckeln nu"


@pytest.fixture(autouse=True)
def _grace(settings: Any) -> None:
    settings.GRANSKA_KEY_ROTATION_GRACE_HOURS = 24
    settings.GRANSKA_WEBHOOK_SECRET_GRACE_HOURS = 24


def page(creds: Credentials, end: str = "") -> str:
    base = f"/admin/bookings/bookingclient/{creds.client.pk}/"
    return f"{base}{end}/" if end else f"{base}change/"


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=f"booking_client.{action}").order_by("seq"))


def signing(creds: Credentials) -> int:
    return len(BookingClient.objects.get(pk=creds.client.pk).signing_secrets(timezone.now()))


def test_no_buttons_and_nothing_to_end_without_a_grace(world: World, creds: Credentials) -> None:
    browser = admin_browser(world)
    change = browser.get(page(creds)).content.decode()
    assert SECRET_BUTTON not in change and KEY_BUTTON not in change
    for end in ("end-previous-secret", "revoke-previous-key"):
        response = browser.post(page(creds, end), follow=True)
        assert response.redirect_chain[-1][0] == page(creds)
        assert any("Ingen övergångstid pågår" in str(m) for m in response.context["messages"])
    assert not AuditEvent.objects.filter(action__startswith="booking_client.previous_").exists()


def test_ending_the_secret_grace_asks_first_then_signs_with_the_new_secret_only(
    world: World, creds: Credentials
) -> None:
    client_rotate_webhook_secret(actor=SYSTEM, client=creds.client)
    browser = admin_browser(world)
    change = browser.get(page(creds)).content.decode()
    assert SECRET_BUTTON in change and KEY_BUTTON not in change
    assert page(creds, "end-previous-secret") in change
    confirm = browser.get(page(creds, "end-previous-secret"))
    assert confirm.status_code == 200
    until = BookingClient.objects.get().previous_webhook_secret_expires_at
    assert timezone.localtime(until).strftime("%Y-%m-%d %H:%M") in confirm.content.decode()
    assert signing(creds) == 2 and not events("previous_secret_revoked")  # not before confirming
    done = browser.post(page(creds, "end-previous-secret"), follow=True)
    assert any("bara med den nya" in str(m) for m in done.context["messages"])
    assert signing(creds) == 1
    [event] = events("previous_secret_revoked")
    assert event.actor_type == "person" and event.changes["previous_secret_valid_until"]
    assert creds.webhook_secret not in event.canonical
    assert SECRET_BUTTON not in browser.get(page(creds)).content.decode()


def test_revoking_the_old_key_asks_first_then_the_old_key_is_refused(
    world: World, creds: Credentials
) -> None:
    new_key = client_rotate_key(actor=SYSTEM, client=creds.client)
    browser = admin_browser(world)
    assert KEY_BUTTON in browser.get(page(creds)).content.decode()
    assert browser.get(page(creds, "revoke-previous-key")).status_code == 200
    assert status(creds.api_key) == 200
    browser.post(page(creds, "revoke-previous-key"))
    assert (status(creds.api_key), status(new_key)) == (401, 200)
    assert len(events("previous_key_revoked")) == 1
    assert KEY_BUTTON not in browser.get(page(creds)).content.decode()


def test_no_buttons_on_a_revoked_client(world: World, creds: Credentials) -> None:
    client_rotate_key(actor=SYSTEM, client=creds.client)
    client_rotate_webhook_secret(actor=SYSTEM, client=creds.client)
    client_revoke(actor=SYSTEM, client=creds.client)
    change = admin_browser(world).get(page(creds)).content.decode()
    assert SECRET_BUTTON not in change and KEY_BUTTON not in change


def test_a_staff_user_who_may_only_view_clients_cannot_end_a_grace(
    world: World, creds: Credentials
) -> None:
    client_rotate_webhook_secret(actor=SYSTEM, client=creds.client)
    user = world.auditor
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_bookingclient"))
    browser = Client()
    browser.force_login(User.objects.get(pk=user.pk))
    assert browser.post(page(creds, "end-previous-secret")).status_code == 403
    assert signing(creds) == 2


def test_the_service_ends_the_secret_grace_once(world: World, creds: Credentials) -> None:
    client_rotate_webhook_secret(actor=SYSTEM, client=creds.client)
    client_revoke_previous_secret(actor=SYSTEM, client=creds.client)
    client_revoke_previous_secret(actor=SYSTEM, client=creds.client)  # nothing left to end
    assert len(events("previous_secret_revoked")) == 1
    assert creds.client.previous_webhook_secret == ""


@pytest.mark.usefixtures("allow_local_receivers")
def test_a_webhook_after_the_grace_ended_carries_the_new_signature_only(
    world: World, receiver: Receiver
) -> None:
    creds = make_client(world, receiver.url)
    new = client_rotate_webhook_secret(actor=SYSTEM, client=creds.client)
    admin_browser(world).post(page(creds, "end-previous-secret"))
    _deliver_one(creds, "after-end")
    [only] = receiver.received[0].signatures
    assert signed_with(new, receiver.received[0], only)
