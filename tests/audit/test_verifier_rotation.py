"""An export that spans a rotation of the signing key verifies with the auditors' tool: the
export carries the previous public keys, and the tool takes several keys (deployment report,
finding 2: after the rotation of docs/operations.md §4 it said "BAD at #3: checkpoint signature
does not verify", which reads as tampering)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from audit.checkpoints import sign_checkpoint
from audit.signing import key_id, verifier_key
from tests.audit.conftest import load_verifier, pem


def public_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.fixture
def rotated(
    record: Callable[..., list[int]], signing_key: Ed25519PrivateKey, settings: Any, tmp_path: Path
) -> dict[str, Any]:
    """Checkpoint #2 signed with the old key, then the rotation of §4, then checkpoint #4."""
    record(2)
    sign_checkpoint()
    new = Ed25519PrivateKey.generate()
    settings.AUDIT_SIGNING_KEY = pem(new)
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = public_pem(signing_key).split("\n")[1]  # base64 line
    record(2)
    sign_checkpoint()
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target))
    files = {}
    for name, key in (("old", signing_key), ("new", new)):
        files[name] = tmp_path / f"{name}.pub.pem"
        files[name].write_text(public_pem(key))
    return {"export": target, "old": signing_key, "new": new, "files": files}


def test_the_export_carries_the_previous_public_keys(rotated: dict[str, Any]) -> None:
    header = json.loads(rotated["export"].read_text().split("\n")[0])["header"]
    assert header["previous_public_keys_pem"] == [public_pem(rotated["old"])]
    assert header["public_key_pem"] == public_pem(rotated["new"])


def test_it_verifies_with_the_keys_it_carries(rotated: dict[str, Any], capsys: Any) -> None:
    assert load_verifier().main([str(rotated["export"])]) == 0
    assert "2 checkpoint signatures verified" in capsys.readouterr().out


def test_it_verifies_with_both_keys_given(rotated: dict[str, Any], capsys: Any) -> None:
    files = rotated["files"]
    args = [str(rotated["export"]), "--public-key", str(files["new"])]
    assert load_verifier().main([*args, "--public-key", str(files["old"])]) == 0
    assert capsys.readouterr().out.startswith("OK: events #1-#4 (4)")
    old = verifier_key("granska.example/audit", rotated["old"].public_key())
    assert load_verifier().main([*args, "--verifier-key", old]) == 0


def test_the_new_key_alone_names_the_missing_key(rotated: dict[str, Any], capsys: Any) -> None:
    args = [str(rotated["export"]), "--public-key", str(rotated["files"]["new"])]
    assert load_verifier().main(args) == 1
    out = capsys.readouterr().out
    old_id = key_id("granska.example/audit", rotated["old"].public_key()).hex()
    assert out.startswith(f"BAD at #2: checkpoint signed with key id {old_id}, none of the keys")
    assert "after a rotation of the signing key, pass each" in out


def test_a_checkpoint_under_a_key_not_given_is_still_bad(
    rotated: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    stranger = tmp_path / "stranger.pem"
    stranger.write_text(public_pem(Ed25519PrivateKey.generate()))
    args = [str(rotated["export"]), "--public-key", str(stranger)]
    assert load_verifier().main([*args, "--public-key", str(rotated["files"]["old"])]) == 1
    assert capsys.readouterr().out.startswith("BAD at #4: checkpoint signed with key id")
