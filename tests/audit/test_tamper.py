"""Tampering with the trail (triggers dropped by hand) is found, at the right sequence number,
by audit_verify and by the independent verifier on an export."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from audit.checkpoints import run_verification, sign_checkpoint
from audit.models import AuditEvent, Checkpoint
from audit.verify import verify_chain
from tests.audit.conftest import forged_event, load_verifier, sql

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_audit_export.py"
pytestmark = pytest.mark.usefixtures("no_triggers")


@pytest.fixture
def chain(record: Callable[..., list[int]]) -> list[int]:
    seqs = record(6)
    sign_checkpoint()
    return seqs + record(4)  # 10 events, a checkpoint at #6


def first_bad() -> int | None:
    return verify_chain(workers=1).first_bad


def hash_of(seq: int) -> str:
    return AuditEvent.objects.get(seq=seq).hash


def insert_forged(seq: int, prev_hash: str) -> None:
    columns, data, digest = forged_event(seq, prev_hash)
    AuditEvent.objects.create(
        seq=seq,
        occurred_at=datetime.fromisoformat("2026-01-01T00:00:00+00:00"),
        prev_hash=prev_hash,
        hash=digest,
        canonical=data.decode(),
        **columns,
    )


def test_intact_chain_verifies(chain: list[int]) -> None:
    report = run_verification()
    assert report.intact and report.head_seq == 10 and report.checkpoints == 1


def test_changed_column_of_a_middle_event_is_found(chain: list[int]) -> None:
    sql("UPDATE audit_auditevent SET to_state = 'approved' WHERE seq = 5")
    report = verify_chain(workers=1)
    assert (report.first_bad, report.problem) == (5, "columns differ from the canonical bytes")


def test_changed_json_column_is_found(chain: list[int]) -> None:
    sql("UPDATE audit_auditevent SET criteria = '[\"A\"]' WHERE seq = 4")
    assert first_bad() == 4


def test_changed_canonical_bytes_are_found(chain: list[int]) -> None:
    canonical = AuditEvent.objects.get(seq=5).canonical.replace("händelse 4", "händelse 9")
    sql("UPDATE audit_auditevent SET canonical = %s WHERE seq = 5", [canonical])
    report = verify_chain(workers=1)
    assert (report.first_bad, report.problem) == (5, "hash does not match the canonical bytes")


def test_changed_and_rehashed_event_is_found_at_its_own_number(chain: list[int]) -> None:
    """A forger who rewrites #5 and its hash breaks the link from #6."""
    _columns, data, digest = forged_event(5, hash_of(4))
    sql(
        "UPDATE audit_auditevent SET canonical = %s, hash = %s, action = %s, reasons = %s, "
        "object_id = %s, case_ref = %s, criteria = '[]', changes = '{}', occurred_at = %s "
        "WHERE seq = 5",
        [data.decode(), digest, "forged.event", "forged", "x", "", "2026-01-01 00:00:00"],
    )
    assert first_bad() == 5


def test_deleted_event_is_found(chain: list[int]) -> None:
    sql("DELETE FROM audit_auditevent WHERE seq = 4")
    report = verify_chain(workers=1)
    assert (report.first_bad, report.problem) == (4, "event missing (deleted)")


def test_deleted_last_events_are_found_by_the_head(chain: list[int]) -> None:
    sign_checkpoint()  # records the head: #10
    sql("DELETE FROM audit_auditevent WHERE seq >= 9")
    report = verify_chain(workers=1)
    assert report.first_bad == 9, report.problem


def test_inserted_event_is_found(chain: list[int]) -> None:
    """#7 forged, linked to #6 with a valid hash; the old #7.. renumbered to #8.."""
    sql("UPDATE audit_auditevent SET seq = -seq WHERE seq >= 7")
    sql("UPDATE audit_auditevent SET seq = -seq + 1 WHERE seq < 0")
    insert_forged(7, hash_of(6))
    report = verify_chain(workers=1)
    assert report.first_bad == 7, report.problem


def test_swapped_events_are_found(chain: list[int]) -> None:
    sql("UPDATE audit_auditevent SET seq = -1 WHERE seq = 3")
    sql("UPDATE audit_auditevent SET seq = 3 WHERE seq = 8")
    sql("UPDATE audit_auditevent SET seq = 8 WHERE seq = -1")
    assert first_bad() == 3


def test_forged_checkpoint_signature_is_found(chain: list[int]) -> None:
    cp = Checkpoint.objects.get()
    head, _, sig = cp.note.rpartition(" ")
    forged = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    sql("UPDATE audit_checkpoint SET note = %s WHERE id = %s", [f"{head} {forged}", cp.pk])
    report = verify_chain(workers=1)
    assert (report.first_bad, report.problem) == (6, "checkpoint signature does not verify")


def test_a_recorded_run_carries_the_problem_as_fields(chain: list[int]) -> None:
    """The audit.verified event names the problem by code, first bad number and checkpoint, for
    pages to word (its English reason stays the command's line)."""
    cp = Checkpoint.objects.get()
    sql("UPDATE audit_checkpoint SET hash = %s WHERE id = %s", ["0" * 64, cp.pk])
    report = run_verification(record=True)
    event = AuditEvent.objects.get(action="audit.verified")
    assert event.changes["problem"] == {"code": "checkpoint_note", "seq": 6, "checkpoint": 6}
    assert event.changes["first_bad"] == report.first_bad == 6
    assert event.reasons_text == "BROKEN at #6: checkpoint note differs from its record"


def test_a_truncated_tail_names_the_recorded_head(chain: list[int]) -> None:
    sql("DELETE FROM audit_auditevent WHERE seq > 4")  # the checkpoint's head was #6
    report = verify_chain(workers=1)
    assert report.problem_record() == {
        "code": "events_missing_at_end",
        "seq": 5,
        "recorded_head": 6,
    }
    assert report.problem == "events missing at the end (head says #6)"


def test_audit_verify_command_names_the_broken_number(chain: list[int], capsys: Any) -> None:
    sql("DELETE FROM audit_auditevent WHERE seq = 8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    assert capsys.readouterr().err == "BRUTEN vid #8: händelsen saknas (raderad)\n"
    with translation.override("en"), pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    assert capsys.readouterr().err == "BROKEN at #8: event missing (deleted)\n"


# --- the independent verifier, on an export file -----------------------------------------------


@pytest.fixture
def export_lines(chain: list[int], tmp_path: Path) -> list[bytes]:
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target), "--format", "jsonl")
    return target.read_bytes().splitlines(keepends=True)


def verify_lines(lines: list[bytes], tmp_path: Path) -> str:
    target = tmp_path / "tampered.jsonl"
    target.write_bytes(b"".join(lines))
    module = load_verifier()
    try:
        return str(module.verify(str(target), None, None, strict=True))
    except module.Bad as bad:
        return str(bad)


def event_index(lines: list[bytes], seq: int) -> int:
    return next(i for i, line in enumerate(lines) if b'"seq":%d,"time"' % seq in line)


def test_verifier_accepts_the_untouched_export(export_lines: list[bytes], tmp_path: Path) -> None:
    target = tmp_path / "export.jsonl"
    target.write_bytes(b"".join(export_lines))
    result = subprocess.run(
        [sys.executable, str(VERIFIER), str(target)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: events #1-#10 (10)")
    assert "1 checkpoint signatures verified" in result.stdout


def test_verifier_finds_a_changed_field(export_lines: list[bytes], tmp_path: Path) -> None:
    i = event_index(export_lines, 5)
    export_lines[i] = export_lines[i].replace("händelse 4".encode(), "händelse 5".encode())
    assert verify_lines(export_lines, tmp_path).startswith("BAD at #5: hash does not match")


def test_verifier_finds_a_changed_and_rehashed_event(
    export_lines: list[bytes], tmp_path: Path
) -> None:
    i = event_index(export_lines, 5)
    _, data, digest = forged_event(
        5, json.loads(export_lines[event_index(export_lines, 4)])["hash"]
    )
    export_lines[i] = b'{"event":%s,"hash":"%s"}\n' % (data, digest.encode())
    assert verify_lines(export_lines, tmp_path).startswith("BAD at #5:")


def test_verifier_finds_a_deleted_event(export_lines: list[bytes], tmp_path: Path) -> None:
    del export_lines[event_index(export_lines, 4)]
    assert verify_lines(export_lines, tmp_path).startswith("BAD at #4:")


def test_verifier_finds_an_inserted_event(export_lines: list[bytes], tmp_path: Path) -> None:
    i = event_index(export_lines, 7)
    _, data, digest = forged_event(
        7, json.loads(export_lines[event_index(export_lines, 6)])["hash"]
    )
    export_lines.insert(i, b'{"event":%s,"hash":"%s"}\n' % (data, digest.encode()))
    assert verify_lines(export_lines, tmp_path).startswith("BAD at #7:")


def test_verifier_finds_the_first_events_cut_off(export_lines: list[bytes], tmp_path: Path) -> None:
    """The header says the export starts at #1: an export missing its first events (whose
    links would otherwise just be trusted as an anchor) is refused."""
    for seq in (1, 2, 3):
        del export_lines[event_index(export_lines, seq)]
    assert verify_lines(export_lines, tmp_path).startswith("BAD at #4: events missing at the start")


def test_verifier_finds_swapped_events(export_lines: list[bytes], tmp_path: Path) -> None:
    i, j = event_index(export_lines, 3), event_index(export_lines, 8)
    export_lines[i], export_lines[j] = export_lines[j], export_lines[i]
    assert verify_lines(export_lines, tmp_path).startswith("BAD at #3:")


def test_verifier_finds_a_forged_checkpoint_signature(
    export_lines: list[bytes], tmp_path: Path
) -> None:
    i = next(i for i, line in enumerate(export_lines) if line.startswith(b'{"checkpoint"'))
    cp = json.loads(export_lines[i])
    head, _, sig = cp["checkpoint"]["note"].rstrip("\n").rpartition(" ")
    cp["checkpoint"]["note"] = f"{head} {sig[:10]}{'A' if sig[10] != 'A' else 'B'}{sig[11:]}\n"
    export_lines[i] = json.dumps(cp, ensure_ascii=False).encode() + b"\n"
    assert verify_lines(export_lines, tmp_path) == (
        "BAD at #6: checkpoint signature does not verify"
    )


def test_verifier_exit_status_on_tampering(export_lines: list[bytes], tmp_path: Path) -> None:
    del export_lines[event_index(export_lines, 9)]
    target = tmp_path / "tampered.jsonl"
    target.write_bytes(b"".join(export_lines))
    result = subprocess.run(
        [sys.executable, str(VERIFIER), str(target)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout.split(":")[0]) == (1, "BAD at #9")


def test_export_of_a_tampered_database_fails_in_the_verifier(
    chain: list[int], tmp_path: Path
) -> None:
    canonical = AuditEvent.objects.get(seq=3).canonical.replace("händelse 2", "händelse 7")
    sql("UPDATE audit_auditevent SET canonical = %s WHERE seq = 3", [canonical])
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target))
    assert verify_lines(target.read_bytes().splitlines(keepends=True), tmp_path).startswith(
        "BAD at #3:"
    )


def test_triggers_are_really_dropped_in_these_tests(chain: list[int]) -> None:
    sql("UPDATE audit_auditevent SET reasons = 'x' WHERE seq = 1")
    assert AuditEvent.objects.get(seq=1).reasons == "x"
    assert connection.vendor in ("sqlite", "postgresql")


def test_canonical_bytes_that_are_not_json_are_reported_not_crashed_on(chain: list[int]) -> None:
    canonical = AuditEvent.objects.get(seq=6).canonical.replace('"changes":{', '"changes":{x', 1)
    sql("UPDATE audit_auditevent SET canonical = %s WHERE seq = 6", [canonical])
    report = verify_chain(workers=1)
    assert report.first_bad == 6 and report.problem == "hash does not match the canonical bytes"
