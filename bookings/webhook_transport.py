"""Sending one webhook within one deadline.

* One deadline for the whole attempt, ``GRANSKA_WEBHOOK_TIMEOUT_SECONDS``: a watchdog shuts the
  attempt's sockets down when it passes, so a receiver that trickles its answer cannot hold a
  worker (the per-read timeout alone let it). Only the status line and headers are read; the
  answer's body never is.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from contextvars import ContextVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class DeadlineExceeded(Exception):
    """The attempt took longer than GRANSKA_WEBHOOK_TIMEOUT_SECONDS."""


class _Guard:
    """One attempt's sockets, shut down when the deadline passes."""

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def connected(self, sock: socket.socket) -> socket.socket:
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
    """POST the body and return the answer's status code. Raises DeadlineExceeded or a
    requests exception."""
    guard = _Guard()
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
