"""An export made from an ordinary shell carries the public key in demo mode, and an export
without any key is not called 'not an export': the verifier says what to pass."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from audit.checkpoints import sign_checkpoint
from audit.signing import verifier_key
from tests.audit.conftest import load_verifier
from tests.config.test_settings import manage

SHOW_KEY_FILE = "from django.conf import settings; print(repr(settings.AUDIT_SIGNING_KEY_FILE))"


def key_file_setting(var_dir: Path, **env: str | None) -> str:
    base: dict[str, str | None] = {
        "GRANSKA_VAR_DIR": str(var_dir),
        "AUDIT_SIGNING_KEY": None,
        "AUDIT_SIGNING_KEY_FILE": None,
    }
    result = manage("shell", "-c", SHOW_KEY_FILE, env=base | env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_demo_mode_finds_the_demo_key_without_the_variable(tmp_path: Path) -> None:
    (tmp_path / "audit-signing-key.pem").write_text("demo")
    assert key_file_setting(tmp_path, GRANSKA_DEMO="1") == repr(
        str(tmp_path / "audit-signing-key.pem")
    )


def test_demo_mode_without_a_demo_key_has_none(tmp_path: Path) -> None:
    assert key_file_setting(tmp_path, GRANSKA_DEMO="1") == "''"


def test_outside_demo_mode_the_key_file_is_never_guessed(tmp_path: Path) -> None:
    (tmp_path / "audit-signing-key.pem").write_text("demo")
    assert key_file_setting(tmp_path, GRANSKA_DEMO="0") == "''"


def test_the_variable_wins_over_the_demo_key(tmp_path: Path) -> None:
    (tmp_path / "audit-signing-key.pem").write_text("demo")
    chosen = str(tmp_path / "other.pem")
    assert key_file_setting(tmp_path, GRANSKA_DEMO="1", AUDIT_SIGNING_KEY_FILE=chosen) == repr(
        chosen
    )


@pytest.fixture
def keyless_export(record: Callable[..., list[int]], tmp_path: Path, settings: Any) -> Path:
    """Checkpoints signed by the service, exported from a shell that has no signing key."""
    record(3)
    sign_checkpoint()
    target = tmp_path / "export.jsonl"
    settings.AUDIT_SIGNING_KEY = ""
    call_command("audit_export", "--output", str(target))
    return target


def test_the_verifier_says_which_key_to_pass(keyless_export: Path, capsys: Any) -> None:
    assert load_verifier().main([str(keyless_export)]) == 2
    out = capsys.readouterr().out
    assert "NOT AN EXPORT" not in out
    assert out.startswith("CANNOT VERIFY") and "--public-key" in out and "--verifier-key" in out


def test_the_keyless_export_verifies_with_the_key_given(
    keyless_export: Path, signing_key: Any, capsys: Any
) -> None:
    vkey = verifier_key("granska.example/audit", signing_key.public_key())
    assert load_verifier().main([str(keyless_export), "--verifier-key", vkey]) == 0
    assert capsys.readouterr().out.startswith("OK: events #1-#3 (3)")


def test_the_export_command_warns_without_a_key(
    record: Callable[..., list[int]], tmp_path: Path, settings: Any, capsys: Any
) -> None:
    settings.AUDIT_SIGNING_KEY = ""
    record(1)
    call_command("audit_export", "--output", str(tmp_path / "e.jsonl"))
    err = capsys.readouterr().err
    assert "Ingen signeringsnyckel konfigurerad" in err and "exporten signeras inte" in err
    # auditors run both options (the chain page's command): the warning names both
    assert "--require-checkpoint och --require-signature" in err
