"""Webhooks through an outbound proxy (GRANSKA_WEBHOOK_PROXY, bookings/webhook_transport.py,
ADR 0007): a real CONNECT proxy and a real TLS receiver on 127.0.0.1, each in a thread.

The receiver (tests/bookings/receiver.py) is named ``hooks.bokning.example`` (resolved to
127.0.0.1 for this process) and has a certificate for that name from a CA made per module
(tests/bookings/tls.py), trusted through REQUESTS_CA_BUNDLE, as direct deliveries trust it.
The proxy is its own code: a raw tunnel between two sockets, not an HTTP server.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bookings import keys
from bookings.models import BookingClient, WebhookMessage
from bookings.webhooks import webhook_deliver
from tests.bookings.receiver import Receiver, message_to, resolve_to_loopback
from tests.bookings.tls import NAME
from tests.world import World

pytestmark = pytest.mark.django_db


class ConnectProxy:
    """A CONNECT proxy on 127.0.0.1 that keeps the targets it was asked for. ``answer``: the
    status it gives (200 opens the tunnel); ``silent``: it accepts and never answers;
    ``ipv4_only``: it cannot reach IPv6 addresses and answers 502 to a tunnel to one."""

    def __init__(self, *, answer: int = 200, silent: bool = False) -> None:
        self.targets: list[str] = []
        self.answer, self.silent, self.ipv4_only = answer, silent, False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(1024)
                if not chunk:
                    return
                head += chunk
            method, target, _version = head.split(b"\r\n", 1)[0].decode().split(" ")
            self.targets.append(target)
            if self.silent:
                time.sleep(5)
                return
            if self.ipv4_only and target.startswith("["):
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\n\r\n")
                return
            if method != "CONNECT" or self.answer != 200:
                reason = http.client.responses.get(self.answer, "")
                client.sendall(f"HTTP/1.1 {self.answer} {reason}\r\n\r\n".encode())
                return
            host, _, port = target.rpartition(":")
            with (
                socket.create_connection((host.strip("[]"), int(port))) as upstream,
                contextlib.suppress(OSError),  # one side hung up: the tunnel ends
            ):
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _pipe(client, upstream)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() that waits
        self.listener.close()


def _pipe(one: socket.socket, other: socket.socket) -> None:
    peers = {one: other, other: one}
    while True:
        ready, _, _ = select.select(list(peers), [], [], 5)
        if not ready:
            return
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            peers[sock].sendall(data)


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    p = ConnectProxy()
    yield p
    p.close()


@pytest.fixture
def local_receivers(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """NAME resolves to 127.0.0.1, local receivers are allowed (https only), and no CA is
    configured in the environment: requests' own bundle, which knows no test CA."""
    resolve_to_loopback(monkeypatch, "bokning.example")
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = True
    settings.GRANSKA_WEBHOOK_ALLOW_HTTP = False


@pytest.fixture
def through_proxy(
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    pki: dict[str, Path],
    proxy: ConnectProxy,
    local_receivers: None,
) -> ConnectProxy:
    """Deliveries go through ``proxy`` to local receivers, and the test CA is trusted. A test
    may take back that local receivers are allowed."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(pki["ca"]))
    settings.GRANSKA_WEBHOOK_PROXY = proxy.url
    return proxy


def test_a_delivery_through_the_proxy_arrives_signed_and_the_proxy_is_given_the_ip(
    world: World, through_proxy: ConnectProxy, tls_receiver: Receiver
) -> None:
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook?kanal=1")
    assert webhook_deliver(message_id=message.pk) == "delivered"
    assert through_proxy.targets == [f"127.0.0.1:{tls_receiver.port}"]  # the checked IP, not NAME
    [request] = tls_receiver.received
    headers = request.headers
    assert request.path == "/hook?kanal=1" and headers["Host"] == f"{NAME}:{tls_receiver.port}"
    assert request.text == message.body
    timestamp = int(headers["webhook-timestamp"])
    signature = keys.sign(message.client.webhook_secret, message.msg_id, timestamp, message.body)
    assert headers["webhook-id"] == message.msg_id and headers["webhook-signature"] == signature


def test_the_certificate_is_checked_for_the_receivers_name(
    world: World, through_proxy: ConnectProxy, tls_receiver: Receiver
) -> None:
    """The tunnel goes to the right address, but the certificate is for another name."""
    message = message_to(world, f"https://other.bokning.example:{tls_receiver.port}/hook")
    assert webhook_deliver(message_id=message.pk) == "pending"
    message.refresh_from_db()
    assert message.last_error.startswith("transient: ConnectionError")
    assert "CERTIFICATE_VERIFY_FAILED" in message.last_error
    assert tls_receiver.received == []


def test_an_internal_address_is_refused_before_the_proxy_is_asked(
    world: World, settings: Any, through_proxy: ConnectProxy, tls_receiver: Receiver
) -> None:
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = False
    assert webhook_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.last_error.startswith("permanent: BlockedAddress: 127.0.0.1")
    assert through_proxy.targets == [] and tls_receiver.received == []


def test_every_address_of_the_name_is_checked(
    world: World,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    through_proxy: ConnectProxy,
    tls_receiver: Receiver,
) -> None:
    """A name with a public address first and an internal one after is refused: the proxy
    would be given the first, but a name like that is not a receiver we may trust."""
    public = ("93.184.215.14", tls_receiver.port)
    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", public)]
    answers.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", tls_receiver.port)))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = False
    assert ipaddress.ip_address(public[0]).is_global
    assert webhook_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.last_error.startswith("permanent: BlockedAddress: 10.0.0.5")
    assert through_proxy.targets == []


def test_a_proxy_that_is_down_means_the_delivery_is_retried(
    world: World, settings: Any, through_proxy: ConnectProxy, tls_receiver: Receiver, caplog: Any
) -> None:
    through_proxy.close()  # nothing listens on its port any more
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    with caplog.at_level(logging.WARNING, logger="bookings.webhooks"):
        assert webhook_deliver(message_id=message.pk) == "pending"
    message.refresh_from_db()
    assert message.status == WebhookMessage.Status.PENDING and message.attempts == 1
    assert message.last_error.startswith(
        f"transient: ProxyError: proxy 127.0.0.1:{through_proxy.port} is unreachable"
    )
    assert "is unreachable" in caplog.text and tls_receiver.received == []


@pytest.mark.parametrize("answer", [403, 407, 502])
def test_a_proxy_that_refuses_the_tunnel_means_the_delivery_is_retried(
    world: World, settings: Any, through_proxy: ConnectProxy, tls_receiver: Receiver, answer: int
) -> None:
    through_proxy.answer = answer
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    assert webhook_deliver(message_id=message.pk) == "pending"
    message.refresh_from_db()
    assert message.last_error.startswith("transient: ProxyError")
    assert f"refused CONNECT 127.0.0.1:{tls_receiver.port}: {answer}" in message.last_error
    assert tls_receiver.received == []


def test_the_deadline_covers_a_proxy_that_never_answers(
    world: World, settings: Any, through_proxy: ConnectProxy, tls_receiver: Receiver
) -> None:
    settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS = 1
    through_proxy.silent = True
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    started = time.monotonic()
    assert webhook_deliver(message_id=message.pk) == "pending"
    assert time.monotonic() - started < 3
    message.refresh_from_db()
    assert message.last_error.startswith("transient: DeadlineExceeded")


def _ipv6_first(monkeypatch: pytest.MonkeyPatch, port: int) -> str:
    """NAME resolves to an IPv6 address first, then 127.0.0.1 (other names as before); the
    IPv6 address as the proxy is asked for it."""
    v6 = (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2001:db8::7", port, 0, 0))
    v4 = (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))
    resolve = socket.getaddrinfo

    def ipv6_first(host: str, *args: Any, **kwargs: Any) -> Any:
        return [v6, v4] if host == NAME else resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", ipv6_first)
    return f"[2001:db8::7]:{port}"


def test_an_ipv6_first_name_behind_an_ipv4_only_proxy_is_reached_at_its_next_address(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    through_proxy: ConnectProxy,
    tls_receiver: Receiver,
) -> None:
    """The proxy cannot reach the first address (502); the next checked address is tried, as a
    direct connection tries each address of the name."""
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    ipv6 = _ipv6_first(monkeypatch, tls_receiver.port)
    through_proxy.ipv4_only = True
    assert webhook_deliver(message_id=message.pk) == "delivered"
    assert through_proxy.targets == [ipv6, f"127.0.0.1:{tls_receiver.port}"]
    [request] = tls_receiver.received
    assert request.headers["Host"] == f"{NAME}:{tls_receiver.port}"


def test_a_tunnel_refused_to_every_address_names_each_and_is_retried(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    through_proxy: ConnectProxy,
    tls_receiver: Receiver,
) -> None:
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    ipv6 = _ipv6_first(monkeypatch, tls_receiver.port)
    through_proxy.answer = 502
    assert webhook_deliver(message_id=message.pk) == "pending"
    message.refresh_from_db()
    assert message.last_error.startswith("transient: ProxyError")
    assert f"refused CONNECT {ipv6}: 502" in message.last_error
    assert f"refused CONNECT 127.0.0.1:{tls_receiver.port}: 502" in message.last_error
    assert len(through_proxy.targets) == 2 and tls_receiver.received == []


def test_the_deadline_covers_every_address_tried(
    world: World,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    through_proxy: ConnectProxy,
    tls_receiver: Receiver,
) -> None:
    """A proxy that never answers about the first address uses up the attempt's deadline: the
    next address is not tried on a fresh one."""
    settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS = 1
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    ipv6 = _ipv6_first(monkeypatch, tls_receiver.port)
    through_proxy.silent = True
    started = time.monotonic()
    assert webhook_deliver(message_id=message.pk) == "pending"
    assert time.monotonic() - started < 3
    message.refresh_from_db()
    assert message.last_error.startswith("transient: DeadlineExceeded")
    assert through_proxy.targets == [ipv6]


@pytest.mark.parametrize("through", [True, False], ids=["proxy", "direct"])
@pytest.mark.parametrize("trusted", [True, False], ids=["ca-given", "ca-not-given"])
def test_both_paths_trust_the_same_certificates(
    world: World,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    pki: dict[str, Path],
    local_receivers: None,
    proxy: ConnectProxy,
    tls_receiver: Receiver,
    through: bool,
    trusted: bool,
) -> None:
    """Direct or through the proxy, a receiver signed by a CA given in REQUESTS_CA_BUNDLE is
    accepted, and refused when it is not given: the system store's SSL_CERT_FILE, which only the
    proxy path read, no longer makes the two disagree."""
    settings.GRANSKA_WEBHOOK_PROXY = proxy.url if through else ""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE" if trusted else "SSL_CERT_FILE", str(pki["ca"]))
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    assert webhook_deliver(message_id=message.pk) == ("delivered" if trusted else "pending")
    message.refresh_from_db()
    assert len(tls_receiver.received) == int(trusted)
    assert ("CERTIFICATE_VERIFY_FAILED" in message.last_error) is not trusted
    assert len(proxy.targets) == int(through)


def test_a_path_with_spaces_and_non_ascii_is_sent_encoded_as_on_the_direct_path(
    world: World, through_proxy: ConnectProxy, tls_receiver: Receiver
) -> None:
    """The URL a client registered is sent as requests sends it directly (percent-encoded), not
    refused by http.client over the tunnel and retried for a day."""
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/krok/å ä?kanal=ö")
    assert webhook_deliver(message_id=message.pk) == "delivered"
    [request] = tls_receiver.received
    assert request.path == "/krok/%C3%A5%20%C3%A4?kanal=%C3%B6"


def test_a_name_no_lookup_can_take_fails_for_good(
    world: World, through_proxy: ConnectProxy, tls_receiver: Receiver
) -> None:
    """A URL registered before the check (a label over 63 characters): a permanent InvalidURL,
    not an error that escapes the transport on every attempt."""
    message = message_to(world, f"https://{NAME}:{tls_receiver.port}/hook")
    BookingClient.objects.update(webhook_url=f"https://{'a' * 70}.example/hook")
    assert webhook_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.last_error.startswith("permanent: InvalidURL")
    assert through_proxy.targets == [] and tls_receiver.received == []
