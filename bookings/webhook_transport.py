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
* Proxies and credentials from the environment (``HTTPS_PROXY``, ``.netrc``) are not used, as
  a proxy would connect to addresses nobody checked. With ``GRANSKA_WEBHOOK_PROXY`` the delivery
  goes through that proxy, in a CONNECT tunnel to an address checked here: the receiver's name is
  resolved here, every address it has is checked as above, and the proxy is asked for each in
  the resolver's order as an IP literal (so it resolves nothing itself) until one tunnel opens,
  within the attempt's one deadline, as a direct connection tries each address of the name (an
  IPv6-first name behind an IPv4-only proxy is reached at its IPv4 address). TLS runs over the
  tunnel with SNI and certificate verification for the receiver's name. A proxy that is down, or
  refuses the tunnel to every address, is a transient failure
  (``requests.exceptions.ProxyError``), retried like an unreachable receiver.
* One trust store for both paths, so they never disagree on a receiver's certificate: the one
  requests uses, its bundle (certifi) unless ``REQUESTS_CA_BUNDLE`` (or ``CURL_CA_BUNDLE``) names
  a file or folder of CA certificates, read as requests reads it (``ca_certificates``). Neither
  path reads the system's CA store or ``SSL_CERT_FILE``.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import os
import socket
import ssl
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests
import requests.utils
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
    if not host or not _resolvable_name(host):
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


def _resolvable_name(host: str) -> bool:
    """Whether a lookup can take the name (IDNA: no empty label, none over 63 characters)."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


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


def error_for_the_record(text: str, url: str) -> str:
    """An error of a delivery to ``url`` without the URL's secrets: requests and urllib3 put the
    path and query (``… with url: /hook?token=…``) into their messages, which go to the log and
    to the delivery attempt the admin shows. Credentials and query values are masked as
    ``url_for_the_record`` masks them."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return text
    if parts.query:
        text = text.replace(parts.query, urlsplit(url_for_the_record(url)).query)
    credentials = parts.netloc.rpartition("@")[0]
    return text.replace(credentials, "***") if credentials else text


def ca_certificates() -> str:
    """The CA certificates a receiver's certificate is verified against, direct or through the
    proxy: ``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE`` (a file or a folder), as requests reads
    them from the environment, else requests' own bundle (certifi). Read at each delivery."""
    return (
        os.environ.get("REQUESTS_CA_BUNDLE")
        or os.environ.get("CURL_CA_BUNDLE")
        or requests.utils.extract_zipped_paths(requests.utils.DEFAULT_CA_BUNDLE_PATH)
    )


def _tls_context() -> ssl.SSLContext:
    """Certificate and name verification against ``ca_certificates`` only."""
    where = ca_certificates()
    if os.path.isdir(where):
        return ssl.create_default_context(capath=where)
    return ssl.create_default_context(cafile=where)


def _internal_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not address_is_public(host)
    except ValueError:
        return False  # a name: checked on delivery, at the address it is connected to


class _Guard:
    """One attempt's sockets: checked when connected, shut down when the deadline passes."""

    def __init__(self, *, allow_private: bool, timeout: float) -> None:
        self.allow_private = allow_private
        self.deadline = time.monotonic() + timeout
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def check(self, ip: str) -> None:
        if not self.allow_private and not address_is_public(ip):
            raise BlockedAddress(f"{ip} is an internal address (GRANSKA_WEBHOOK_ALLOW_PRIVATE)")

    def connected(self, sock: socket.socket) -> socket.socket:
        try:
            self.check(str(sock.getpeername()[0]))
        except BlockedAddress:
            sock.close()
            raise
        return self.track(sock)

    def track(self, sock: socket.socket) -> socket.socket:
        """Shut ``sock`` down when the deadline passes (a proxy's, or a tunnel's TLS socket)."""
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)
        return sock

    def remaining(self) -> float:
        """Seconds left before the deadline (a moment at least, so a timeout is never 0)."""
        return max(self.deadline - time.monotonic(), 0.001)

    def past_deadline(self) -> bool:
        return time.monotonic() >= self.deadline

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for a TLS socket: the reader gets an error at once, and
    # the TLS state the reading thread uses is left alone.
    with contextlib.suppress(OSError):  # closed already
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


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

    def connect(self) -> None:
        super().connect()
        guard = _current.get()
        if guard is not None and self.sock is not None:
            # The TLS socket: the wrap detached the plain one, whose shutdown does nothing now.
            guard.track(self.sock)


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
    guard = _Guard(allow_private=settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE, timeout=timeout)
    token = _current.set(guard)
    watchdog = threading.Timer(timeout, guard.expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        if settings.GRANSKA_WEBHOOK_PROXY:
            request = _Request(_prepared_url(url), body, headers, timeout)
            status = _post_through_proxy(settings.GRANSKA_WEBHOOK_PROXY, request, guard)
        else:
            status = _post_direct(url, body=body, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        # A socket's own timeout may come a moment before the watchdog: the deadline all the same.
        if guard.expired or guard.past_deadline():
            raise DeadlineExceeded(f"no answer within {timeout} s") from exc
        raise
    except ValueError as exc:  # a name no lookup can take (urllib3's or the idna codec's error)
        raise requests.exceptions.InvalidURL(f"{url_for_the_record(url)}: {exc}") from exc
    finally:
        watchdog.cancel()
        _current.reset(token)
    if guard.expired:  # the headers were cut short by the deadline: not an answer
        raise DeadlineExceeded(f"no answer within {timeout} s")
    return status


def _post_direct(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    with requests.Session() as session:
        session.trust_env = False  # no proxy or .netrc from the environment: the CAs are given
        adapter = _GuardedAdapter(max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        response = session.post(
            url,
            data=body,
            headers=headers,
            timeout=(timeout, timeout),
            allow_redirects=False,
            verify=ca_certificates(),
            stream=True,  # the status and headers only: the body is never read
        )
        response.close()
    return response.status_code


def _prepared_url(url: str) -> str:
    """The URL as requests sends it on the direct path: the name in IDNA (punycode), the path
    and query percent-encoded (http.client refuses spaces and sends no other non-ASCII)."""
    return requests.Request("POST", url).prepare().url or url


@dataclass(frozen=True)
class _Request:
    url: str
    body: bytes
    headers: dict[str, str]
    timeout: float


def _post_through_proxy(proxy: str, request: _Request, guard: _Guard) -> int:
    """One delivery through the proxy's CONNECT tunnel to the receiver's checked address."""
    parts = urlsplit(request.url)
    host, tls = parts.hostname or "", parts.scheme == "https"
    port = parts.port or (443 if tls else 80)
    sock = _tunnel_to_any(proxy, _checked_addresses(host, port, guard), port, guard)
    try:
        if tls:  # SNI and the certificate are the receiver's name, whatever address it has
            sock = guard.track(_tls_context().wrap_socket(sock, server_hostname=host))
        return _post_over(sock, _host_header(host, port, default=443 if tls else 80), request)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        message = f"{host}:{port} through the proxy: {type(exc).__name__}: {exc}"
        raise requests.ConnectionError(message) from exc
    finally:
        sock.close()


def _checked_addresses(host: str, port: int, guard: _Guard) -> list[str]:
    """The receiver's addresses in the resolver's order, once every one has passed the check."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise requests.ConnectionError(f"{host} could not be resolved: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    for ip in addresses:
        guard.check(ip)
    return addresses


class _TunnelRefused(requests.exceptions.ProxyError):
    """The proxy answered, but opened no tunnel to this address: the next one may do."""


def _tunnel_to_any(proxy: str, addresses: list[str], port: int, guard: _Guard) -> socket.socket:
    """A tunnel to the first of ``addresses`` the proxy opens one to, each tried in order within
    the attempt's deadline. A proxy that cannot be reached is not asked again."""
    refusals: list[_TunnelRefused] = []
    for ip in addresses:
        if guard.expired or guard.past_deadline():
            break
        try:
            return _tunnel(proxy, ip, port, guard)
        except _TunnelRefused as exc:
            refusals.append(exc)
    reasons = "; ".join(str(exc) for exc in refusals) or "no address tried"
    raise requests.exceptions.ProxyError(reasons) from (refusals[-1] if refusals else None)


def _tunnel(proxy: str, ip: str, port: int, guard: _Guard) -> socket.socket:
    """A connection to the proxy, tunnelled with CONNECT to the IP literal ``ip``."""
    where = urlsplit(proxy)
    name = f"proxy {where.hostname}:{where.port}"
    target = f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"
    address = (where.hostname or "", where.port or 80)
    try:
        sock = socket.create_connection(address, timeout=guard.remaining())
    except OSError as exc:
        raise requests.exceptions.ProxyError(f"{name} is unreachable: {exc}") from exc
    guard.track(sock)
    try:
        sock.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode("ascii"))
        answer = http.client.HTTPResponse(sock, method="CONNECT")
        answer.begin()  # the status line and headers: nothing follows until we speak
        answer.close()
    except (OSError, http.client.HTTPException) as exc:
        sock.close()
        raise _TunnelRefused(f"{name}: no answer to CONNECT {target}: {exc}") from exc
    if not 200 <= answer.status < 300:
        sock.close()
        raise _TunnelRefused(f"{name} refused CONNECT {target}: {answer.status} {answer.reason}")
    return sock


def _host_header(host: str, port: int, *, default: int) -> str:
    name = f"[{host}]" if ":" in host else host
    return name if port == default else f"{name}:{port}"


def _post_over(sock: socket.socket, host: str, request: _Request) -> int:
    """POST over an open (tunnelled) socket; the status line and headers only are read."""
    parts = urlsplit(request.url)
    connection = http.client.HTTPConnection(host)  # never connects: it is given the socket
    connection.sock = sock
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    connection.request("POST", path, body=request.body, headers={"Host": host, **request.headers})
    response = connection.getresponse()
    response.close()  # the body is never read
    return response.status
