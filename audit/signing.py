"""Ed25519 checkpoints in the C2SP signed-note format (https://c2sp.org/signed-note).

A checkpoint body follows https://c2sp.org/tlog-checkpoint: origin, size (the sequence number of
the head event, which is the number of events), base64 of the head hash, plus one extension line
``time <UTC time>``. The key name is the origin. See docs/audit-format.md.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ED25519_TYPE = b"\x01"
RAW_KEY_BYTES = 32
PEM_PUBLIC = re.compile(r"-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----", re.S)
SIGNATURE_PREFIX = "\u2014 "  # em dash and a space


class SigningKeyMissing(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class NoteBody:
    origin: str
    size: int
    hash_hex: str
    time: str


def key_name() -> str:
    return str(settings.AUDIT_LOG_ORIGIN)


def _key_material() -> bytes:
    if settings.AUDIT_SIGNING_KEY:
        return str(settings.AUDIT_SIGNING_KEY).encode()
    if settings.AUDIT_SIGNING_KEY_FILE:
        path = Path(settings.AUDIT_SIGNING_KEY_FILE)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"AUDIT_SIGNING_KEY_FILE: cannot read {path}: {exc.strerror or exc}."
            ) from exc
    raise SigningKeyMissing("Set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE (Ed25519, PEM).")


@lru_cache(maxsize=4)
def _load_private(material: bytes) -> Ed25519PrivateKey:
    """A PEM (``openssl genpkey -algorithm ed25519``), or base64 of the raw 32-byte seed or of
    the PKCS#8 DER (the PEM's base64 lines joined)."""
    text = material.strip()
    try:
        if text.startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(text, password=None)
        else:
            data = _b64(text.decode("ascii"))
            if len(data) == RAW_KEY_BYTES:
                key = Ed25519PrivateKey.from_private_bytes(data)
            else:
                key = serialization.load_der_private_key(data, password=None)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(
            "The audit signing key (AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE) is not a key: "
            f"{exc}. Expected the PEM of `openssl genpkey -algorithm ed25519`."
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("The audit signing key must be an Ed25519 key.")
    return key


def private_key() -> Ed25519PrivateKey:
    return _load_private(_key_material())


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


PUBLIC_KEY_FORMATS = (
    "a PEM (`openssl pkey -in key.pem -pubout`), the base64 line of that PEM, or the raw "
    "32-byte key in base64 (`public_key_base64` of /api/v1/audit/public-key)"
)


def _b64(text: str) -> bytes:
    return base64.b64decode("".join(text.split()), validate=True)


def _load_public(text: str, position: int) -> Ed25519PublicKey:
    """One previous public key: PEM, base64 of the SubjectPublicKeyInfo DER (the PEM's base64
    line, ``MCowBQYDK2VwAyEA…``), or base64 of the raw 32 bytes."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            data = _b64(text)
            if len(data) == RAW_KEY_BYTES:
                key = Ed25519PublicKey.from_public_bytes(data)
            else:
                key = serialization.load_der_public_key(data)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(
            f"AUDIT_PREVIOUS_PUBLIC_KEYS: key {position} is not a public key ({exc}). "
            f"Give each key as {PUBLIC_KEY_FORMATS}, separated by commas."
        ) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured(
            f"AUDIT_PREVIOUS_PUBLIC_KEYS: key {position} is not an Ed25519 public key."
        )
    return key


def previous_public_keys() -> list[Ed25519PublicKey]:
    """AUDIT_PREVIOUS_PUBLIC_KEYS: PEM blocks and base64 keys, separated by commas;
    ImproperlyConfigured naming the key that is not one."""
    raw = str(settings.AUDIT_PREVIOUS_PUBLIC_KEYS or "")
    pems = PEM_PUBLIC.findall(raw)
    rest = [b for b in PEM_PUBLIC.sub("", raw).split(",") if b.strip()]
    return [_load_public(text, i) for i, text in enumerate([*pems, *rest], start=1)]


def verification_keys() -> list[Ed25519PublicKey]:
    """Every key a checkpoint may have been signed with: the current one (if configured) and
    the public halves of the keys before it (AUDIT_PREVIOUS_PUBLIC_KEYS), so rotating the
    signing key does not orphan old checkpoints."""
    keys: list[Ed25519PublicKey] = []
    with contextlib.suppress(SigningKeyMissing):
        keys.append(public_key())
    return keys + previous_public_keys()


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def key_id(name: str, key: Ed25519PublicKey) -> bytes:
    """The signed-note key id: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || key)."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519_TYPE + raw_public(key)).digest()[:4]


def verifier_key(name: str, key: Ed25519PublicKey) -> str:
    """The verifier key string: ``name+hex(key id)+base64(0x01 || key)``."""
    encoded = base64.b64encode(ED25519_TYPE + raw_public(key)).decode()
    return f"{name}+{key_id(name, key).hex()}+{encoded}"


def format_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def note_body(body: NoteBody) -> str:
    hash_b64 = base64.b64encode(bytes.fromhex(body.hash_hex)).decode()
    return f"{body.origin}\n{body.size}\n{hash_b64}\ntime {body.time}\n"


def sign_note(body: NoteBody, key: Ed25519PrivateKey, name: str) -> str:
    """The signed note: body, a blank line, and one signature line."""
    text = note_body(body)
    signature = key.sign(text.encode())
    blob = base64.b64encode(key_id(name, key.public_key()) + signature).decode()
    return f"{text}\n{SIGNATURE_PREFIX}{name} {blob}\n"


def parse_note(note: str) -> tuple[NoteBody, list[tuple[str, bytes]]]:
    """The body and the (name, key id + signature) pairs of a note; ValueError if malformed."""
    text, sep, signatures = note.partition("\n\n")
    if not sep:
        raise ValueError("no blank line between body and signatures")
    lines = text.split("\n")
    if len(lines) < 4 or not lines[3].startswith("time "):
        raise ValueError("body must have origin, size, hash and a time line")
    body = NoteBody(lines[0], int(lines[1]), base64.b64decode(lines[2]).hex(), lines[3][5:])
    sigs = []
    for line in signatures.rstrip("\n").split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise ValueError("malformed signature line")
        name, _, blob = line[len(SIGNATURE_PREFIX) :].rpartition(" ")
        sigs.append((name, base64.b64decode(blob)))
    return body, sigs


def verify_note(note: str, key: Ed25519PublicKey, name: str) -> NoteBody | None:
    """The body if one signature line by (name, key) verifies over the body; otherwise None."""
    try:
        body, signatures = parse_note(note)
    except (ValueError, IndexError):
        return None
    text = note.partition("\n\n")[0] + "\n"
    wanted = key_id(name, key)
    for sig_name, blob in signatures:
        if sig_name != name or blob[:4] != wanted:
            continue
        try:
            key.verify(blob[4:], text.encode())
        except InvalidSignature:
            return None
        return body
    return None
