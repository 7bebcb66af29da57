"""Secrets of API clients: high-entropy keys kept only as SHA-256 hashes, webhook secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

CLIENT_KEY_PREFIX = "gk_"
OFFICER_TOKEN_PREFIX = "gt_"  # noqa: S105 - a prefix, not a secret


def new_key(prefix: str) -> str:
    """A random key with 256 bits of entropy, e.g. ``gk_3q2…``."""
    return prefix + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_matches(key: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented key with a stored hash."""
    return hmac.compare_digest(key_hash(key), stored_hash)


def display_prefix(key: str) -> str:
    return key[:10]


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def sign(secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header value (Standard Webhooks, v1 = HMAC-SHA256)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(webhook_secrets: list[str], msg_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header with one signature per secret, space-separated: during a
    secret rotation's grace both the new and the previous secret sign (new first), and a receiver
    accepts the message if any signature verifies with the secret it has (Standard Webhooks)."""
    return " ".join(sign(secret, msg_id, timestamp, body) for secret in webhook_secrets)
