"""Exports by period, their anchors, and the export command's own event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import audit.services
from audit.checkpoints import sign_checkpoint
from audit.models import AuditEvent
from tests.audit.conftest import forged_event, load_verifier


@pytest.fixture
def two_days(record: Callable[..., list[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Events #1-#3 on 2 January 2026, #4-#6 on 3 January (local time)."""
    for day in (2, 3):
        moment = datetime(2026, 1, day, 10, 0, tzinfo=UTC)
        monkeypatch.setattr(audit.services.timezone, "now", lambda m=moment: m)
        record(3)


def export(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target), *args)
    return target


def verify(path: Path) -> str:
    return str(load_verifier().verify(str(path), None, None, strict=False))


def test_export_of_a_later_period_trusts_its_anchor(two_days: None, tmp_path: Path) -> None:
    result = verify(export(tmp_path, "--since", "2026-01-03", "--until", "2026-01-03"))
    assert result.startswith("OK: events #4-#6 (3)")
    assert "anchor (prev_hash of #4) trusted, not verified" in result


def test_a_checkpoint_just_before_the_period_verifies_the_anchor(
    record: Callable[..., list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit.services.timezone, "now", lambda: datetime(2026, 1, 2, tzinfo=UTC))
    record(3)
    sign_checkpoint()
    monkeypatch.setattr(audit.services.timezone, "now", lambda: datetime(2026, 1, 5, tzinfo=UTC))
    record(2)
    result = verify(export(tmp_path, "--since", "2026-01-04"))
    assert (
        result.startswith("OK: events #4-#5 (2)") and "anchor verified by checkpoint #3" in result
    )


def test_a_forged_anchor_is_caught_by_the_checkpoint(
    record: Callable[..., list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export whose first event claims another predecessor than the one signed."""
    monkeypatch.setattr(audit.services.timezone, "now", lambda: datetime(2026, 1, 2, tzinfo=UTC))
    record(3)
    sign_checkpoint()
    monkeypatch.setattr(audit.services.timezone, "now", lambda: datetime(2026, 1, 5, tzinfo=UTC))
    record(1)
    path = export(tmp_path, "--since", "2026-01-04")
    lines = path.read_bytes().splitlines(keepends=True)
    _, data, digest = forged_event(4, "ab" * 32)
    last = max(i for i, line in enumerate(lines) if line.startswith(b'{"event":'))
    lines[last] = b'{"event":%s,"hash":"%s"}\n' % (data, digest.encode())
    path.write_bytes(b"".join(lines))
    module = load_verifier()
    with pytest.raises(module.Bad, match="anchor differs"):
        module.verify(str(path), None, None, strict=False)


def test_checkpoints_without_events_are_not_an_export(
    record: Callable[..., list[int]], tmp_path: Path
) -> None:
    record(2)
    sign_checkpoint()
    path = export(tmp_path)
    lines = [line for line in path.read_bytes().splitlines(True) if b'{"event"' not in line]
    path.write_bytes(b"".join(lines))
    module = load_verifier()
    assert module.main([str(path)]) == 2


def test_the_export_is_recorded_with_its_range(two_days: None, tmp_path: Path) -> None:
    export(tmp_path, "--since", "2026-01-02", "--until", "2026-01-02", "--format", "csv")
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.changes == {
        "events": 3,
        "first_seq": 1,
        "format": "csv",
        "last_seq": 3,
        "since": "2026-01-02",
        "until": "2026-01-02",
    }


def test_an_empty_period_exports_no_events(two_days: None, tmp_path: Path) -> None:
    result = verify(export(tmp_path, "--since", "2030-01-01"))
    assert result.startswith("OK: no events in the export; export signature verified (key id")


def test_since_after_until_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        export(tmp_path, "--since", "2026-02-01", "--until", "2026-01-01")


def test_verifier_help_documents_the_anchor(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        load_verifier().main(["--help"])
    out = capsys.readouterr().out
    assert "anchor" in out and "BAD at #<seq>" in out


def test_an_export_without_a_key_or_checkpoints_still_verifies(
    record: Callable[..., list[int]], tmp_path: Path, settings: Any
) -> None:
    settings.AUDIT_SIGNING_KEY = ""
    record(2)
    result = verify(export(tmp_path))
    assert (
        result.startswith("OK: events #1-#2 (2)") and "not yet under a signed checkpoint" in result
    )
