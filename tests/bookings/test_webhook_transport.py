"""Webhook delivery against a hostile receiver (bookings/webhook_transport.py).

``_send`` called ``requests.post(url, timeout=(t, t))`` without ``stream=True``: the whole answer
was read into memory, and the read timeout is per socket read, not per attempt, so a receiver
that answers and then trickles its body held a Celery worker as long as it liked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from audit.context import SYSTEM
from bookings.models import WebhookMessage
from bookings.services import client_create
from bookings.webhooks import webhook_deliver
from tests.api.conftest import client_for, post_booking
from tests.world import World

pytestmark = pytest.mark.django_db

DRIP_SECONDS = 8


class Receiver:
    """On 127.0.0.1: answers 200, then sends its headers (``slow_headers``) or its body one
    byte every 0.2 s for DRIP_SECONDS."""

    def __init__(self, *, slow_headers: bool = False) -> None:
        self.requests: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(self.path)
                deadline = time.monotonic() + DRIP_SECONDS
                try:
                    if slow_headers:
                        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                        while time.monotonic() < deadline:
                            self.wfile.write(b"X-Drip: x\r\n")
                            self.wfile.flush()
                            time.sleep(0.2)
                        return
                    self.send_response(200)
                    self.send_header("Content-Length", str(10_000_000))
                    self.end_headers()
                    while time.monotonic() < deadline:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass  # the sender hung up: what we want

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def slow_headers() -> Iterator[Receiver]:
    r = Receiver(slow_headers=True)
    yield r
    r.close()


def _message_to(world: World, url: str) -> WebhookMessage:
    creds = client_create(actor=SYSTEM, name="Hook", webhook_url=url, premises=[world.hall])
    assert post_booking(client_for(creds)).status_code == 201
    return WebhookMessage.objects.get()


@pytest.mark.parametrize("which", ["receiver", "slow_headers"])
def test_a_trickling_receiver_cannot_hold_the_worker_past_the_timeout(
    world: World, settings: Any, which: str, request: Any
) -> None:
    settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS = 1
    trickler = request.getfixturevalue(which)
    message = _message_to(world, trickler.url)
    started = time.monotonic()
    webhook_deliver(message_id=message.pk)
    took = time.monotonic() - started
    assert took < 3 * settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS, f"{which}: {took:.1f} s"
    message.refresh_from_db()
    if which == "receiver":  # its status line and headers came at once: delivered
        assert message.status == WebhookMessage.Status.DELIVERED
    else:  # no complete answer within the deadline: retried later
        assert message.status == WebhookMessage.Status.PENDING
        assert message.last_error.startswith("transient: DeadlineExceeded")
