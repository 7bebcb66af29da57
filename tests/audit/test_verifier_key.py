"""The independent verifier takes the service's own verifier key (name+id+base64), whose base64
part may hold "+" and "/" (a key name never holds "+", c2sp.org/signed-note)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from audit.checkpoints import sign_checkpoint
from audit.signing import verifier_key
from tests.audit.conftest import load_verifier, pem

ORIGIN = "granska.example/audit"


def seeded(seed: int) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)


# Seeds whose verifier key's base64 part holds at least two "+" and a "/".
AWKWARD_SEEDS = [19, 25, 34, 62]


@pytest.mark.parametrize("seed", AWKWARD_SEEDS)
def test_the_keys_under_test_really_have_plus_and_slash(seed: int) -> None:
    blob = verifier_key(ORIGIN, seeded(seed).public_key()).split("+", 2)[2]
    assert blob.count("+") >= 2 and "/" in blob


@pytest.mark.parametrize("seed", AWKWARD_SEEDS)
def test_verifier_key_with_plus_and_slash_in_its_base64_is_read(seed: int) -> None:
    key = seeded(seed)
    module = load_verifier()
    loaded, name = module.load_key(None, verifier_key(ORIGIN, key.public_key()))
    assert name == ORIGIN
    assert (
        module.raw_public(loaded)
        == base64.b64decode(verifier_key(ORIGIN, key.public_key()).split("+", 2)[2])[1:]
    )


@pytest.mark.parametrize("seed", AWKWARD_SEEDS)
def test_an_export_verifies_with_the_services_own_verifier_key(
    seed: int, record: Callable[..., list[int]], tmp_path: Path, settings: Any, capsys: Any
) -> None:
    key = seeded(seed)
    settings.AUDIT_SIGNING_KEY = pem(key)
    record(3)
    sign_checkpoint()
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target), "--format", "jsonl")
    capsys.readouterr()
    vkey = verifier_key(ORIGIN, key.public_key())
    assert load_verifier().main([str(target), "--verifier-key", vkey]) == 0
    assert capsys.readouterr().out.startswith("OK: events #1-#3 (3)")


def test_a_verifier_key_of_another_key_is_refused_by_its_key_id() -> None:
    module = load_verifier()
    name, hex_id, _ = verifier_key(ORIGIN, seeded(19).public_key()).split("+", 2)
    other_blob = verifier_key(ORIGIN, seeded(25).public_key()).split("+", 2)[2]
    with pytest.raises(module.Malformed, match="key id"):
        module.load_key(None, f"{name}+{hex_id}+{other_blob}")


def test_a_verifier_key_with_broken_base64_says_so() -> None:
    module = load_verifier()
    with pytest.raises(module.Malformed, match="not base64"):
        module.load_key(None, f"{ORIGIN}+983b3c96+AQ*?")


def _export(record: Callable[..., list[int]], tmp_path: Path, *, signed: bool) -> Path:
    record(3)
    if signed:
        sign_checkpoint()
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target), "--format", "jsonl")
    return target


def test_without_a_key_the_output_says_the_files_own_key_proves_nothing(
    record: Callable[..., list[int]], tmp_path: Path, settings: Any, capsys: Any
) -> None:
    """An export re-signed by someone else verifies with the key it carries: the output says
    so plainly, and how to pass the municipality's published key."""
    key = seeded(19)
    settings.AUDIT_SIGNING_KEY = pem(key)
    target = _export(record, tmp_path, signed=True)
    capsys.readouterr()
    assert load_verifier().main([str(target)]) == 0
    ok, warning = capsys.readouterr().out.strip().split("\n")
    assert ok.startswith("OK: events #1-#3 (3)") and "1 checkpoint signatures verified" in ok
    key_id = verifier_key(ORIGIN, key.public_key()).split("+")[1]
    assert warning.startswith(
        "WARNING: the checkpoint signatures and the export signature were checked against the "
        "public key the file itself "
        f"carries (key id {key_id}). That proves nothing about who signed"
    )
    assert "--verifier-key 'name+id+base64'" in warning
    assert "GET /api/v1/audit/public-key" in warning
    assert (
        load_verifier().main(
            [str(target), "--verifier-key", verifier_key(ORIGIN, key.public_key())]
        )
        == 0
    )
    assert "WARNING" not in capsys.readouterr().out  # checked against the key given


def test_without_a_checkpoint_the_output_says_there_is_none(
    record: Callable[..., list[int]], tmp_path: Path, capsys: Any
) -> None:
    target = _export(record, tmp_path, signed=False)
    capsys.readouterr()
    assert load_verifier().main([str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: events #1-#3 (3)")
    assert "no checkpoint in the export: the events are chained but not yet under a signed " in out
    assert "after #0" not in out and "checkpoint signatures were" not in out
    assert "WARNING: the export signature was checked against the public key the file" in out
