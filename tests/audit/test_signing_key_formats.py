"""The audit keys are accepted in the formats docs/operations.md shows, and a value that is not a
key is refused by ``manage.py check`` with a message naming the variable, never as a traceback in
``audit_verify`` (ops report, defect 5: the base64 line of `openssl pkey -pubout`'s PEM in
AUDIT_PREVIOUS_PUBLIC_KEYS gave "ValueError: An Ed25519 public key is 32 bytes long")."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.checkpoints import run_verification, sign_checkpoint
from audit.checks import signing_keys
from audit.signing import previous_public_keys, raw_public
from tests.audit.conftest import pem, raw_seed


def _pem_public(key: Ed25519PrivateKey) -> str:
    """What `openssl pkey -in key.pem -pubout` prints."""
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _spki_line(key: Ed25519PrivateKey) -> str:
    """The base64 line of that PEM (MCowBQYDK2VwAyEA…)."""
    return "".join(line for line in _pem_public(key).splitlines() if "-----" not in line)


def _raw(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(raw_public(key.public_key())).decode()


def _one_line_pem(key: Ed25519PrivateKey) -> str:
    return " ".join(_pem_public(key).split("\n")).strip()


FORMATS = [_pem_public, _spki_line, _raw, _one_line_pem]


def test_every_documented_public_key_format_is_read(settings: Any) -> None:
    keys = [Ed25519PrivateKey.generate() for _ in FORMATS]
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = ",".join(f(k) for f, k in zip(FORMATS, keys, strict=True))
    assert _spki_line(keys[1]).startswith("MCowBQYDK2VwAyEA")
    read = {raw_public(k) for k in previous_public_keys()}
    assert read == {raw_public(k.public_key()) for k in keys}
    assert signing_keys() == []


@pytest.mark.django_db
def test_rotation_with_the_pem_s_base64_line_verifies_the_old_checkpoints(
    record: Any, settings: Any, signing_key: Ed25519PrivateKey, capsys: Any
) -> None:
    record(2)
    sign_checkpoint()
    settings.AUDIT_SIGNING_KEY = pem(Ed25519PrivateKey.generate())
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = _spki_line(signing_key)
    record(1)
    sign_checkpoint()
    report = run_verification()
    assert report.intact and report.checkpoints == 2, report.problem
    call_command("audit_verify")
    assert "OK" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["not-a-key", "AAAA", base64.b64encode(b"x" * 31).decode()])
def test_a_value_that_is_not_a_key_is_refused_by_the_check(settings: Any, value: str) -> None:
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = f"{_raw(Ed25519PrivateKey.generate())},{value}"
    [error] = signing_keys()
    assert error.id == "audit.E002"
    assert "AUDIT_PREVIOUS_PUBLIC_KEYS: key 2 is not a public key" in error.msg
    assert "public_key_base64" in error.msg  # the formats that would do


@pytest.mark.django_db
def test_audit_verify_says_what_is_wrong_instead_of_a_traceback(record: Any, settings: Any) -> None:
    record(1)
    sign_checkpoint()
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = "MCowBQYDK2VwAyEAnot-base64"
    with pytest.raises(CommandError, match="AUDIT_PREVIOUS_PUBLIC_KEYS: key 1"):
        call_command("audit_verify")


def test_the_signing_key_is_read_as_pem_raw_seed_or_pkcs8_base64(
    settings: Any, signing_key: Ed25519PrivateKey
) -> None:
    der = signing_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    for value in (pem(signing_key), raw_seed(signing_key), base64.b64encode(der).decode()):
        settings.AUDIT_SIGNING_KEY = value
        assert signing_keys() == [], value


def test_a_signing_key_that_cannot_be_read_is_refused_by_the_check(
    settings: Any, tmp_path: Any
) -> None:
    settings.AUDIT_SIGNING_KEY = ""
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    [error] = signing_keys()
    assert error.id == "audit.E001" and "missing.pem" in error.msg
    settings.AUDIT_SIGNING_KEY_FILE = ""
    settings.AUDIT_SIGNING_KEY = "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----"
    [error] = signing_keys()
    assert error.id == "audit.E001" and "openssl genpkey" in error.msg


def test_manage_py_check_runs_it(settings: Any) -> None:
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = "not-a-key"
    with pytest.raises(CommandError, match=r"audit\.E002"):
        call_command("check")
