"""The signature line that ends a JSONL export (format version 3, docs/audit-format.md 4).

The whole file, header to last text line, is signed by the audit signing key: the last line is

    {"signature":{"alg":"ed25519","key_id":"<8 hex>","sha256":"<64 hex>","sig":"<base64>",
    "signed_at":"<UTC time>"}}

where ``sha256`` is the SHA-256 of every byte before that line and ``sig`` the Ed25519
signature of :func:`signed_message` (domain-separated, so that no checkpoint note or other
message signed by the same key can pass for it, nor it for them). The writer hashes the chunks
as they stream out; the verifier (tools/verify_audit_export.py) hashes the lines as it reads.
"""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from audit.signing import format_time, key_id

EXPORT_VERSION = 3  # 1: events; 2: text lines after them (ADR 0027); 3: signed as a whole
SIGNATURE_DOMAIN = b"granska-audit-export-v3\n"
ALG = "ed25519"


def signed_message(sha256_hex: str, key_id_hex: str, signed_at: str) -> bytes:
    """What the signature is over: the domain line, then the file's digest, the key id and the
    time of signing, each on its own line (every field of the signature line but ``sig``)."""
    return SIGNATURE_DOMAIN + f"{sha256_hex}\n{key_id_hex}\n{signed_at}\n".encode()


def signature_line(digest: bytes, key: Ed25519PrivateKey, name: str) -> bytes:
    """The last line of a signed export, for ``digest`` (SHA-256 of every byte before it)."""
    kid, moment = key_id(name, key.public_key()).hex(), format_time(timezone.now())
    sig = key.sign(signed_message(digest.hex(), kid, moment))
    record = {
        "alg": ALG,
        "key_id": kid,
        "sha256": digest.hex(),
        "sig": base64.b64encode(sig).decode(),
        "signed_at": moment,
    }
    return json.dumps({"signature": record}, sort_keys=True, separators=(",", ":")).encode() + b"\n"
