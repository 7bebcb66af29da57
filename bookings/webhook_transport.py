"""Sending one webhook: to an outside address only, within one deadline.

* A webhook URL is https (``GRANSKA_WEBHOOK_ALLOW_HTTP=1`` allows http), and names no internal
  address: checked when a client is registered or changed (``check_webhook_url``).
* On delivery the address the socket is **connected to** is checked, after DNS and before a byte
  is sent: loopback, private, link-local (cloud metadata at 169.254.169.254), multicast and
  reserved addresses are refused unless ``GRANSKA_WEBHOOK_ALLOW_PRIVATE=1`` (local receivers, the
  demo, tests). Checking the connected peer, not a separate lookup, leaves no window for a name
  to resolve to a public address for the check and to an internal one for the connection (DNS
  rebinding).
* One deadline for the whole attempt, ``GRANSKA_WEBHOOK_TIMEOUT_SECONDS``: a watchdog shuts the
  attempt's sockets down when it passes, so a receiver that trickles its answer cannot hold a
  worker (the per-read timeout alone let it). Only the status line and headers are read; the
  answer's body never is.
* Sent directly: proxies and credentials from the environment (``HTTPS_PROXY``, ``.netrc``) are
  not used, as a proxy would connect to addresses nobody checked.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from vetting.errors import InvalidInput


class BlockedAddress(Exception):
    """The receiver's address is internal (loopback, private, link-local, multicast, reserved).
    Not an OSError: urllib3 must neither retry it nor wrap it as a connection error."""


class DeadlineExceeded(Exception):
    """The attempt took longer than GRANSKA_WEBHOOK_TIMEOUT_SECONDS."""


def address_is_public(ip: str) -> bool:
    """Whether an address may receive webhooks when private networks are not allowed."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_webhook_url(url: str) -> None:
    """InvalidInput naming ``webhook_url`` unless the URL is one webhooks may be sent to (empty:
    no webhooks). Names are resolved only on delivery, where the connected address is checked."""
    if not url:
        return
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname or "", parts.port  # a port that is no number: ValueError
    except ValueError as exc:
        raise InvalidInput({"webhook_url": _("Ogiltig webhook-adress.")}) from exc
    schemes = ("https", "http") if settings.GRANSKA_WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in schemes:
        raise InvalidInput({"webhook_url": _("Webhook-adressen ska börja med https://.")})
    if not host:
        raise InvalidInput({"webhook_url": _("Ogiltig webhook-adress.")})
    if not settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE and _internal_host(host):
        raise InvalidInput(
            {
                "webhook_url": _(
                    "Webhook-adressen får inte leda till en intern adress "
                    "(loopback, privat nät, länklokal adress)."
                )
            }
        )


def url_for_the_record(url: str) -> str:
    """The URL as the audit trail records it: without credentials (``user:password@`` becomes
    ``***@``) and with every query value masked, as receivers often take a token there. The
    trail is append-only and exported to auditors: a secret must never enter it."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    _credentials, at, host = parts.netloc.rpartition("@")
    netloc = f"***@{host}" if at else host
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = "&".join(f"{key}=***" if value else "***" for key, value in pairs)
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _internal_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not address_is_public(host)
    except ValueError:
        return False  # a name: checked on delivery, at the address it is connected to


class _Guard:
    """One attempt's sockets: checked when connected, shut down when the deadline passes."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def connected(self, sock: socket.socket) -> socket.socket:
        peer = str(sock.getpeername()[0])
        if not self.allow_private and not address_is_public(peer):
            sock.close()
            raise BlockedAddress(f"{peer} is an internal address (GRANSKA_WEBHOOK_ALLOW_PRIVATE)")
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                sock.shutdown(socket.SHUT_RDWR)
        return sock

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # closed already
                    sock.shutdown(socket.SHUT_RDWR)


_current: ContextVar[_Guard | None] = ContextVar("webhook_guard", default=None)


def _checked(sock: socket.socket) -> socket.socket:
    guard = _current.get()
    return guard.connected(sock) if guard is not None else sock


class _HTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _checked(super()._new_conn())


class _HTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _checked(super()._new_conn())


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST the body and return the answer's status code. Raises BlockedAddress,
    DeadlineExceeded or a requests exception."""
    guard = _Guard(allow_private=settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE)
    token = _current.set(guard)
    watchdog = threading.Timer(timeout, guard.expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        with requests.Session() as session:
            session.trust_env = False
            adapter = _GuardedAdapter(max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            response = session.post(
                url,
                data=body,
                headers=headers,
                timeout=(timeout, timeout),
                allow_redirects=False,
                stream=True,  # the status and headers only: the body is never read
            )
            response.close()
    except requests.RequestException as exc:
        if guard.expired:
            raise DeadlineExceeded(f"no answer within {timeout} s") from exc
        raise
    finally:
        watchdog.cancel()
        _current.reset(token)
    if guard.expired:  # the headers were cut short by the deadline: not an answer
        raise DeadlineExceeded(f"no answer within {timeout} s")
    return response.status_code
