"""Fixtures for the audit trail tests: a signing key, a few recorded events, trigger control."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, transaction

from audit.constraint import CONSTRAINT
from audit.context import SYSTEM
from audit.services import record_event

TRIGGERS = [
    ("audit_auditevent", "audit_auditevent_no_update"),
    ("audit_auditevent", "audit_auditevent_no_delete"),
    ("audit_checkpoint", "audit_checkpoint_no_update"),
    ("audit_checkpoint", "audit_checkpoint_no_delete"),
]


def pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(autouse=True)
def signing_key(settings: Any) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    settings.AUDIT_SIGNING_KEY = pem(key)
    settings.AUDIT_SIGNING_KEY_FILE = ""
    return key


def raw_seed(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(
        key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    ).decode()


@pytest.fixture
def record(db: None) -> Callable[..., list[int]]:
    """Record ``n`` simple events (each in its own transaction); returns their seqs."""

    def make(n: int, **kwargs: Any) -> list[int]:
        seqs = []
        for i in range(n):
            with transaction.atomic():
                fields: dict[str, Any] = {
                    "action": "test.event",
                    "object_type": "thing",
                    "object_id": i,
                    "case_ref": "KFN-2026-0001",
                    "reasons": f"händelse {i}",
                    "criteria": ["B", "A"],
                    # the label in the chain itself (a v2 event's reasons are a commitment)
                    "changes": {"n": {"from": i, "to": i + 1}, "label": f"händelse {i}"},
                }
                fields.update(kwargs)
                seqs.append(record_event(actor=SYSTEM, **fields).seq)
        return seqs

    return make


def drop_triggers() -> None:
    """Drop the append-only triggers by hand (inside the test transaction, so it rolls back)."""
    with connection.cursor() as cursor:
        for table, name in TRIGGERS:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def drop_column_constraint() -> None:
    """PostgreSQL: drop the constraint tying columns to canonical bytes, as a forger would."""
    if connection.vendor == "postgresql":
        sql(f"ALTER TABLE audit_auditevent DROP CONSTRAINT {CONSTRAINT}")


@pytest.fixture
def no_triggers(db: None) -> Iterator[None]:
    """A forger with the rights to drop the append-only triggers and the column constraint."""
    drop_triggers()
    drop_column_constraint()
    yield


def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def forged_event(seq: int, prev_hash: str, **fields: Any) -> tuple[dict[str, Any], bytes, str]:
    """A self-consistent event body as a forger would write it: (columns, canonical, hash)."""
    import hashlib
    import json

    from audit.services import _columns, _event_body, canonical_bytes

    body = {
        "time": "2026-01-01T00:00:00.000000Z",
        "actor": {"type": "system", "id": "system", "role": "system", "administration": ""},
        "action": "forged.event",
        "object": {"type": "thing", "id": "x"},
        "case": "",
        "association": None,
        "from_state": "",
        "to_state": "",
        "reasons": "forged",
        "criteria": [],
        "rulebook_version": None,
        "changes": {},
        "request_id": "",
        "ip": "",
        **fields,
    }
    data = canonical_bytes(_event_body(seq, prev_hash, body))
    return _columns(json.loads(data)), data, hashlib.sha256(data).hexdigest()


def load_verifier() -> Any:
    """tools/verify_audit_export.py as a module (it is a stand-alone script, not a package)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "verify_audit_export.py"
    spec = importlib.util.spec_from_file_location("verify_audit_export", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["verify_audit_export"] = module
    spec.loader.exec_module(module)
    return module
