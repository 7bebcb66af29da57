"""A webhook receiver for the tests: a real HTTP(S) server on 127.0.0.1 that records what it is
sent and answers as the test asks.

- ``Receiver(fail=N, fail_with=...)``: the first N deliveries fail (``fail_with`` a status such
  as 503 or 410, ``Fault.TIMEOUT``: no answer until the sender gives up, ``Fault.CLOSE``: the
  connection is closed without an answer); every later one is answered 200.
- ``Receiver(trickle=Trickle.HEADERS | Trickle.BODY)``: every answer trickles, a byte at a time,
  for the per-attempt deadline's tests.
- ``Receiver(tls=pki)``: HTTPS with the certificate for ``tests.bookings.tls.NAME``
  (``url`` names it; ``resolve_to_loopback`` makes it reach 127.0.0.1).
- ``received``: every request in arrival order (path, headers as sent, body, the answer given);
  ``Request.signatures`` and ``signed_with`` check its Standard Webhooks signature, written
  apart from bookings.keys.

It is a context manager: bound to a free port on entry; on exit (passed or failed) the server is
shut down and its threads are joined, held and trickling answers cut short. The fixtures
``receiver`` (HTTP) and ``tls_receiver`` (HTTPS) give one per test; ``allow_local_receivers``
lets deliveries reach http://127.0.0.1 (bookings/webhook_transport.py refuses both by default).

Not here: the CONNECT proxy of test_webhook_proxy.py, a raw tunnel between two sockets rather
than an HTTP server that answers requests.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

import pytest

from audit.context import SYSTEM
from bookings.models import WebhookMessage
from bookings.services import client_create
from tests.api.conftest import client_for, post_booking
from tests.bookings.tls import NAME
from tests.world import World

TRICKLE_SECONDS = 8  # how long a trickling answer goes on if the sender does not hang up
HOLD_SECONDS = 30  # how long Fault.TIMEOUT holds a request if the sender does not hang up
OK = 200


class Fault(enum.Enum):
    """A failed delivery without a status."""

    TIMEOUT = "timeout"  # read the request, answer nothing until the sender hangs up
    CLOSE = "close"  # read the request, close the connection without an answer


class Trickle(enum.Enum):
    """An answer sent a piece every 0.2 s for TRICKLE_SECONDS."""

    HEADERS = "headers"  # the status line, then one header after another: never complete
    BODY = "body"  # status line and headers at once, then the body a byte at a time


Answer = int | Fault | Trickle


@dataclass(frozen=True)
class Request:
    """One request as the receiver got it, and what it answered."""

    path: str
    headers: dict[str, str]  # names as the sender spelled them
    body: bytes
    answer: Answer

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def succeeded(self) -> bool:
        return isinstance(self.answer, int) and 200 <= self.answer < 300

    def header(self, name: str) -> str:
        """A header's value, whatever the case of its name."""
        return next(v for k, v in self.headers.items() if k.lower() == name.lower())

    @property
    def signatures(self) -> list[str]:
        """The ``webhook-signature`` header's signatures, in its order."""
        return self.header("webhook-signature").split(" ")


def signed_with(secret: str, request: Request, signature: str) -> bool:
    """Standard Webhooks: a ``v1,`` signature is the HMAC-SHA256 of id.timestamp.body, keyed with
    the base64-decoded part of the secret after ``whsec_``."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = ".".join([request.header("webhook-id"), request.header("webhook-timestamp")])
    digest = hmac.new(key, f"{signed}.{request.text}".encode(), hashlib.sha256).digest()
    return hmac.compare_digest("v1," + base64.b64encode(digest).decode(), signature)


class Receiver:
    """A webhook receiver on 127.0.0.1 (see the module's docstring); start it with ``with``."""

    def __init__(
        self,
        *,
        fail: int = 0,
        fail_with: int | Fault = 503,
        trickle: Trickle | None = None,
        tls: dict[str, Path] | None = None,
    ) -> None:
        self.fail, self.fail_with, self.trickle = fail, fail_with, trickle
        self.received: list[Request] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._context: ssl.SSLContext | None = None
        if tls is not None:
            self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._context.load_cert_chain(tls["cert"], tls["key"])
        self.scheme = "http" if tls is None else "https"
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "start the receiver first: with Receiver(...) as r"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Where it receives: 127.0.0.1 over HTTP, NAME (its certificate's) over HTTPS."""
        host = "127.0.0.1" if self.scheme == "http" else NAME
        return f"{self.scheme}://{host}:{self.port}/hook"

    def delivered(self) -> list[Any]:
        """The bodies (JSON) of the requests answered 2xx, in arrival order."""
        return [request.json() for request in self.received if request.succeeded]

    def __enter__(self) -> Receiver:
        """Bind to a free port on 127.0.0.1 and serve from a thread."""
        self._server = _Server(self, self._context)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving, cut short what is held or trickling, join every thread."""
        self._stop.set()
        if self._server is None or self._thread is None:
            return  # never started
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()  # joins the request threads (block_on_close)

    def _record(self, path: str, headers: dict[str, str], body: bytes) -> Answer:
        with self._lock:
            if self.trickle is not None:
                answer: Answer = self.trickle
            else:
                answer = self.fail_with if len(self.received) < self.fail else OK
            self.received.append(Request(path, headers, body, answer))
        return answer


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # request threads are joined by server_close()
    block_on_close = True

    def __init__(self, receiver: Receiver, context: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.receiver, self.context = receiver, context

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Over TLS the handshake is made here, in the request's own thread."""
        if self.context is None:
            super().finish_request(request, client_address)
            return
        try:
            connection = self.context.wrap_socket(request, server_side=True)
        except OSError:
            return  # the sender refused the certificate, or hung up
        with connection:
            super().finish_request(connection, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = HOLD_SECONDS  # a sender that stops sending its request does not hang the test

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        receiver = self.server.receiver
        answer = receiver._record(self.path, dict(self.headers.items()), body)
        if answer is Trickle.HEADERS:
            trickle(self.wfile, b"HTTP/1.1 200 OK\r\n", b"X-Drip: x\r\n", receiver._stop)
        elif answer is Trickle.BODY:
            head = b"HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n"
            trickle(self.wfile, head, b"x", receiver._stop)
        elif answer is Fault.TIMEOUT:
            self._hold(receiver._stop)
        elif isinstance(answer, int):
            self.send_response(answer)
            self.send_header("Content-Length", "0")
            self.end_headers()
        # Fault.CLOSE: nothing is sent; the connection is closed when this returns.

    def _hold(self, stop: threading.Event) -> None:
        """No answer until the sender hangs up (its end turns readable) or the receiver stops."""
        deadline = time.monotonic() + HOLD_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.1)
            if readable:
                return

    def log_message(self, format: str, *args: Any) -> None:
        pass


def trickle(wfile: BinaryIO, start: bytes, piece: bytes, stop: threading.Event) -> None:
    """Write ``start``, then ``piece`` every 0.2 s for TRICKLE_SECONDS, until the sender hangs
    up (what the deadline's tests want) or ``stop`` is set."""
    deadline = time.monotonic() + TRICKLE_SECONDS
    try:
        wfile.write(start)
        while time.monotonic() < deadline and not stop.wait(0.2):
            wfile.write(piece)
            wfile.flush()
    except OSError:
        pass  # the sender hung up


def resolve_to_loopback(monkeypatch: pytest.MonkeyPatch, domain: str = NAME) -> None:
    """``domain`` and every name under it resolve to 127.0.0.1 (others as before)."""
    real = socket.getaddrinfo

    def resolve(host: str, *args: Any, **kwargs: Any) -> Any:
        ours = host == domain or host.endswith(f".{domain}")
        return real("127.0.0.1" if ours else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def message_to(world: World, url: str) -> WebhookMessage:
    """The webhook message of one booking request, from a new client whose webhook is ``url``."""
    creds = client_create(actor=SYSTEM, name="Hook", webhook_url=url, premises=[world.hall])
    assert post_booking(client_for(creds)).status_code == 201
    return WebhookMessage.objects.select_related("client").get()


@pytest.fixture
def allow_local_receivers(settings: Any) -> None:
    """Deliveries may go to http:// and to 127.0.0.1, where these receivers listen."""
    settings.GRANSKA_WEBHOOK_ALLOW_HTTP = True
    settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP receiver that answers every delivery 200."""
    with Receiver() as started:
        yield started


@pytest.fixture
def tls_receiver(pki: dict[str, Path]) -> Iterator[Receiver]:
    """An HTTPS receiver with the certificate for NAME (from ``pki``) that answers 200."""
    with Receiver(tls=pki) as started:
        yield started
