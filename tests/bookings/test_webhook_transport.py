"""Webhook delivery against a hostile or misdirected receiver (bookings/webhook_transport.py).

``_send`` called ``requests.post(url, timeout=(t, t))`` without ``stream=True``: the whole answer
was read into memory, and the read timeout is per socket read, not per attempt, so a receiver
that answers and then trickles its body held a Celery worker as long as it liked. And the URL
was never checked: loopback, link-local (cloud metadata) and private addresses were posted to,
with a case's data, like any other.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from audit.context import SYSTEM
from bookings.models import BookingClient, WebhookMessage
from bookings.services import ClientSettings, client_create, client_update
from bookings.webhook_transport import address_is_public, check_webhook_url
from bookings.webhooks import webhook_deliver
from tests.bookings.receiver import Receiver, Trickle, message_to, resolve_to_loopback
from tests.bookings.tls import NAME
from tests.world import World
from vetting.errors import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("which", [Trickle.BODY, Trickle.HEADERS], ids=["body", "headers"])
def test_a_trickling_receiver_cannot_hold_the_worker_past_the_timeout(
    world: World, settings: Any, allow_local_receivers: None, which: Trickle
) -> None:
    settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS = 1
    with Receiver(trickle=which) as trickler:
        message = message_to(world, trickler.url)
        started = time.monotonic()
        webhook_deliver(message_id=message.pk)
        took = time.monotonic() - started
    assert took < 3 * settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS, f"{which}: {took:.1f} s"
    message.refresh_from_db()
    if which is Trickle.BODY:  # its status line and headers came at once: delivered
        assert message.status == WebhookMessage.Status.DELIVERED
    else:  # no complete answer within the deadline: retried later
        assert message.status == WebhookMessage.Status.PENDING
        assert message.last_error.startswith("transient: DeadlineExceeded")


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5:9200/_bulk",
        "https://localhost:6379/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://192.168.1.10/hook",
        "ftp://bokning.example/hook",
        "https:///hook",
        "https://bokning.example:port/hook",
        f"https://{'a' * 70}.bokning.example/hook",  # a label over 63 characters: no name
        "https://hooks..bokning.example/hook",
    ],
)
def test_internal_or_insecure_webhook_urls_are_refused_when_registered(
    world: World, url: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        client_create(actor=SYSTEM, name="Hook", webhook_url=url, premises=[world.hall])
    assert set(info.value.errors) == {"webhook_url"}


def test_plain_http_is_refused_unless_allowed(world: World, settings: Any) -> None:
    with pytest.raises(InvalidInput):
        check_webhook_url("http://bokning.example/hook")
    settings.GRANSKA_WEBHOOK_ALLOW_HTTP = True
    check_webhook_url("http://bokning.example/hook")
    check_webhook_url("https://bokning.example/hook")
    check_webhook_url("")  # no webhooks


def test_a_changed_url_is_checked_too(world: World) -> None:
    creds = client_create(
        actor=SYSTEM, name="Hook", webhook_url="https://bokning.example/h", premises=[world.hall]
    )
    values = ClientSettings(
        name="Hook",
        webhook_url="https://169.254.169.254/h",
        administration_id=None,
        premises=frozenset({world.hall.pk}),
    )
    with pytest.raises(InvalidInput):
        client_update(actor=SYSTEM, client=creds.client, values=values)


def test_delivery_to_an_internal_address_is_refused_for_good(
    world: World, settings: Any, allow_local_receivers: None, receiver: Receiver
) -> None:
    """Registered while allowed (or a name that resolves there): nothing is sent."""
    message = message_to(world, receiver.url)
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = False
    assert webhook_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.last_error.startswith("permanent: BlockedAddress")
    assert receiver.received == []


def test_a_name_is_checked_at_the_address_it_is_connected_to(
    world: World, settings: Any, allow_local_receivers: None, receiver: Receiver, monkeypatch: Any
) -> None:
    """A public-looking name that resolves to loopback (DNS rebinding) gains nothing: the
    connected peer is what is checked, not an earlier lookup."""
    resolve_to_loopback(monkeypatch, "hooks.bokning.example")
    message = message_to(world, f"http://hooks.bokning.example:{receiver.port}/hook")
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = False
    assert webhook_deliver(message_id=message.pk) == "failed"
    assert receiver.received == []
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = True  # the same receiver, allowed: it gets it
    from bookings.webhooks import webhook_redeliver

    webhook_redeliver(actor=SYSTEM, message=message)
    assert webhook_deliver(message_id=message.pk) == "delivered"
    assert [request.path for request in receiver.received] == ["/hook"]


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_which_addresses_are_public(ip: str, public: bool) -> None:
    assert address_is_public(ip) is public


def test_a_trickling_tls_receiver_cannot_hold_the_worker_past_the_timeout(
    world: World, settings: Any, monkeypatch: Any, pki: dict[str, Path]
) -> None:
    """Over https the watchdog shut down the plain socket, which the TLS wrap had detached
    (nothing happened): a receiver trickling its headers held the worker for all of them."""
    resolve_to_loopback(monkeypatch, NAME)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(pki["ca"]))  # trust it
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = True
    settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS = 1
    with Receiver(tls=pki, trickle=Trickle.HEADERS) as trickler:
        message = message_to(world, trickler.url)
        started = time.monotonic()
        assert webhook_deliver(message_id=message.pk) == "pending"
        took = time.monotonic() - started
    assert len(trickler.received) == 1  # it was connected to, and trickled
    assert took < 3 * settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS, f"{took:.1f} s"
    message.refresh_from_db()
    assert message.last_error.startswith("transient: DeadlineExceeded")


def test_a_name_no_lookup_can_take_fails_for_good(
    world: World, allow_local_receivers: None, receiver: Receiver
) -> None:
    """A URL registered before the check (a label over 63 characters): a permanent InvalidURL,
    not urllib3's parse error escaping the transport on every attempt."""
    message = message_to(world, receiver.url)
    BookingClient.objects.update(webhook_url=f"http://{'a' * 70}.example/hook")
    assert webhook_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.last_error.startswith("permanent: InvalidURL")
    assert receiver.received == []
