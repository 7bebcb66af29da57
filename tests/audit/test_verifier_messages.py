"""What the offline verifier tells an auditor (docs/audit-format.md 5, "What each message means"):
each BAD line names what is wrong and what to do, in words that need no knowledge of the format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from audit.checkpoints import sign_checkpoint
from tests.audit.test_export_signature import as_version_2, resigned, run, vkey, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(record: Callable[..., list[int]], tmp_path: Path) -> list[bytes]:
    """Events #1-#4 (with texts), a checkpoint at #4: the export of today, line by line."""
    record(4)
    sign_checkpoint()
    return write(tmp_path / "export.jsonl", 4, until=timezone.localdate())


def check(tmp_path: Path, data: bytes, key: Ed25519PrivateKey) -> tuple[int, str]:
    path = tmp_path / "tampered.jsonl"
    path.write_bytes(data)
    return run(path, "--require-checkpoint", "--require-signature", "--verifier-key", vkey(key))


def test_a_dropped_event_is_named_as_missing(
    lines: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    kept = [line for line in lines if b'"seq":2,' not in line or b'{"event":' not in line[:9]]
    code, out = check(tmp_path, b"".join(kept), signing_key)
    assert code == 1
    assert out.startswith("BAD at #2: expected #2, found #3: #2 missing from the file")


def test_events_swapped_or_repeated_are_named_so(
    lines: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    events = [i for i, line in enumerate(lines) if line.startswith(b'{"event":')]
    swapped = list(lines)
    swapped[events[1]], swapped[events[2]] = lines[events[2]], lines[events[1]]
    code, out = check(tmp_path, b"".join(swapped), signing_key)
    assert code == 1 and out.startswith("BAD at #2: expected #2, found #3")
    assert "from the file (removed from the export or from the trail) or out of order" in out
    repeated = [*lines[: events[2]], lines[events[1]], *lines[events[2] :]]
    code, out = check(tmp_path, b"".join(repeated), signing_key)
    assert code == 1 and "events repeated or out of order in the file" in out


def test_a_changed_text_says_it_was_changed_after_it_was_recorded(
    lines: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    changed = [
        line.replace("händelse".encode(), "Händelse".encode()) if line[:8] == b'{"text":' else line
        for line in lines
    ]
    code, out = check(tmp_path, b"".join(changed), signing_key)
    assert code == 1
    assert "reasons text does not match its commitment (the text in the file is not the one" in out


def test_a_file_changed_after_signing_says_not_to_rely_on_it(
    lines: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    header = json.loads(lines[0])
    header["header"]["exported_at"] = "2020-01-01T00:00:00+00:00"
    first = json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    code, out = check(tmp_path, b"".join([first, *lines[1:]]), signing_key)
    assert code == 1 and out.startswith("BAD: the file differs from what was signed")
    assert "Do not rely on this file: download the export again" in out


def test_a_foreign_key_is_not_passed_off_as_a_rotation(
    lines: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    """Re-signed by someone else: the message no longer only suggests passing another key."""
    path = tmp_path / "resigned.jsonl"
    path.write_bytes(resigned(lines, Ed25519PrivateKey.generate()))
    code, out = run(path, "--verifier-key", vkey(signing_key))
    assert code == 1 and out.startswith("BAD: the export is signed with key id")
    assert "If the key id is not one of them, the municipality did not sign this" in out


def test_a_stripped_signature_relabelled_version_2_says_what_that_means(
    lines: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    code, out = check(tmp_path, as_version_2(lines), signing_key)
    assert code == 1 and out.startswith("BAD: the export is not signed (format version 2")
    assert "its signature line was removed and its header relabelled" in out


def test_an_unsigned_export_says_where_to_get_a_signed_one(
    lines: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    header = json.loads(lines[0])
    header["header"]["signed"] = False
    first = json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    code, out = check(tmp_path, b"".join([first, *lines[1:-1]]), signing_key)
    assert code == 1 and "Ask for an export from the API or the auditors' pages" in out


def test_a_signed_export_without_checkpoint_does_not_claim_nothing_vouches_for_it(
    record: Callable[..., list[int]], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    """The export signature vouches for the file; only a checkpoint is missing."""
    record(2)
    path = tmp_path / "export.jsonl"
    write(path, 2)
    code, out = run(path, "--require-signature", "--verifier-key", vkey(signing_key))
    assert code == 0 and "no checkpoint in the export" in out
    assert "so no signature vouches for them" not in out
    assert "the export signature shows the file is as the service wrote it" in out
    code, out = run(path, "--require-checkpoint", "--verifier-key", vkey(signing_key))
    assert code == 1 and "no signed checkpoint vouches for the events" in out
