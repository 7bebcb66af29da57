"""The offline verifier against pruned-text lines (tombstones) that cannot come from the export
they are in (docs/audit-format.md 5): pruned after the header's ``exported_at``, or by an event
after the last one of an export without an end day. A genuine tombstone pruned by an event after
an export's period still verifies (with a note)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from audit.context import SYSTEM
from audit.export import ExportRange, jsonl_lines
from audit.pruning import event_texts_prune
from tests.audit.conftest import load_verifier

pytestmark = pytest.mark.django_db
CASE = "KFN-2026-0001"


def write_export(path: Path, last: int, until: date | None) -> list[bytes]:
    """Events #1..``last`` as an export of a period ending ``until`` (None: no end day)."""
    path.write_bytes(b"".join(jsonl_lines(ExportRange(None, until, 1, last))))
    return path.read_bytes().splitlines(keepends=True)


def run(path: Path) -> tuple[int, str]:
    module = load_verifier()
    try:
        return 0, str(module.verify(str(path), None, None, strict=True))
    except (module.Bad, module.BadTexts) as bad:
        return 1, str(bad)


def with_tombstone(lines: list[bytes], seq: int, **changed: object) -> bytes:
    out = []
    for line in lines:
        if line.startswith(b'{"text":') and json.loads(line)["text"]["seq"] == seq:
            record = {**json.loads(line)["text"], **changed}
            line = json.dumps({"text": record}, separators=(",", ":")).encode() + b"\n"
        out.append(line)
    return b"".join(out)


@pytest.fixture
def pruned_later(record: Callable[..., list[int]]) -> list[int]:
    """Three events with texts, then their pruning (#4), after the period exported (#1-#3)."""
    seqs = record(3, changes={"n": 1})
    event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP 4.2")
    return seqs


def test_a_period_pruned_after_it_verifies_with_a_note(pruned_later, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    write_export(path, 3, until=timezone.localdate())
    code, text = run(path)
    assert code == 0 and "3 texts pruned by events after the export, not checked" in text


def test_a_tombstone_pruned_after_the_export_was_written_is_bad(
    pruned_later, tmp_path: Path
) -> None:
    path = tmp_path / "export.jsonl"
    lines = write_export(path, 3, until=timezone.localdate())
    path.write_bytes(with_tombstone(lines, 2, pruned_at="2030-01-01T00:00:00+00:00"))
    code, text = run(path)
    exported_at = json.loads(lines[0])["header"]["exported_at"]
    assert code == 1
    assert text == (
        "BAD at #2: reasons text pruned, but at 2030-01-01T00:00:00+00:00, after the export was "
        f"written (header exported_at {exported_at}): not a text line of this export"
    )


def test_a_tombstone_from_after_an_export_without_an_end_day_is_bad(
    pruned_later, tmp_path: Path
) -> None:
    """Without ``until`` the export runs to the newest event: a pruning before it is inside."""
    path = tmp_path / "export.jsonl"
    write_export(path, 3, until=None)
    code, text = run(path)
    assert code == 1
    assert text.splitlines()[0] == (
        "BAD at #1: reasons text pruned, but by #4, after the last event #3 of an export "
        "without an end day (until null): not a text line of this export"
    )


def test_a_genuine_export_after_pruning_still_verifies(pruned_later, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    write_export(path, 4, until=None)
    assert run(path)[0] == 0


def test_require_checkpoint_makes_an_export_without_one_bad(
    record: Callable[..., list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export with no checkpoint: OK with a note by default (a new trail has none in its
    first hour), BAD with --require-checkpoint, as auditors are told to run it."""
    record(2)
    path = tmp_path / "export.jsonl"
    write_export(path, 2, until=None)
    main = load_verifier().main
    assert main([str(path)]) == 0
    assert "no checkpoint in the export" in capsys.readouterr().out
    assert main([str(path), "--require-checkpoint"]) == 1
    assert capsys.readouterr().out.startswith(
        "BAD at #2: no signed checkpoint in the export, and --require-checkpoint was given"
    )


def test_checkpoint_lines_deleted_from_a_signed_export_are_bad(
    record: Callable[..., list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every checkpoint line deleted: the export signature no longer verifies (format v3), with
    or without --require-checkpoint."""
    from audit.checkpoints import sign_checkpoint

    record(2)
    sign_checkpoint()
    path = tmp_path / "export.jsonl"
    lines = write_export(path, 2, until=None)
    main = load_verifier().main
    assert main([str(path), "--require-checkpoint"]) == 0
    path.write_bytes(b"".join(line for line in lines if not line.startswith(b'{"checkpoint":')))
    capsys.readouterr()
    assert main([str(path)]) == 1
    assert capsys.readouterr().out.startswith("BAD: the file differs from what was signed")
