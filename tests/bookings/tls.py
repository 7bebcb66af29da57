"""TLS for the webhook tests: a CA and a certificate for NAME made per test module, and an HTTPS
receiver on 127.0.0.1 (``NAME`` is resolved to it by the tests that use it)."""

from __future__ import annotations

import datetime as dt
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NAME = "hooks.bokning.example"
DRIP_SECONDS = 8


def drip(wfile: Any, start: bytes, chunk: bytes) -> None:
    """Write ``start``, then ``chunk`` every 0.2 s for DRIP_SECONDS: a receiver that trickles
    its headers or its body, for the per-attempt deadline's tests. Ends when the sender hangs up."""
    deadline = time.monotonic() + DRIP_SECONDS
    try:
        wfile.write(start)
        while time.monotonic() < deadline:
            wfile.write(chunk)
            wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass  # the sender hung up: what we want


def _certificate(subject: str, key: Any, issuer: x509.Name, signer: Any, *, ca: bool) -> Any:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False
        )
    return builder.sign(signer, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A CA, and a certificate for NAME signed by it (files: ca, cert, key)."""
    folder = tmp_path_factory.mktemp("pki")
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca = _certificate("Test CA", ca_key, ca_name, ca_key, ca=True)
    cert = _certificate(NAME, key, ca_name, ca_key, ca=False)
    files = {"ca": folder / "ca.pem", "cert": folder / "cert.pem", "key": folder / "key.pem"}
    files["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


class TlsReceiver:
    """An HTTPS receiver on 127.0.0.1 with the certificate for NAME; keeps what it received.
    ``slow_headers``: after the status line it sends a header every 0.2 s for DRIP_SECONDS."""

    def __init__(self, pki: dict[str, Path], *, slow_headers: bool = False) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.path, dict(self.headers.items()), body))
                if slow_headers:
                    self.drip()
                    return
                self.send_response(204)
                self.end_headers()

            def drip(self) -> None:
                drip(self.wfile, b"HTTP/1.1 200 OK\r\n", b"X-Drip: x\r\n")

            def log_message(self, *args: Any) -> None:
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(pki["cert"], pki["key"])
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
