"""A JSONL export is signed as a whole (format version 3, docs/audit-format.md 4-5): its last
line carries the SHA-256 of every byte before it, signed by the audit signing key, so that the
header and the text lines, which no checkpoint covers, cannot be rewritten either."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

import audit.export
from audit.checkpoints import sign_checkpoint
from audit.context import SYSTEM
from audit.export import ExportRange, jsonl_lines
from audit.export_signing import SIGNATURE_DOMAIN, signature_line
from audit.pruning import event_texts_prune
from audit.signing import key_id, verifier_key
from tests.audit.conftest import load_verifier, pem

pytestmark = pytest.mark.django_db
ORIGIN = "granska.example/audit"
CASE = "KFN-2026-0001"


def public_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def vkey(key: Ed25519PrivateKey) -> str:
    return verifier_key(ORIGIN, key.public_key())


def write(path: Path, last: int, until: Any = None) -> list[bytes]:
    path.write_bytes(b"".join(jsonl_lines(ExportRange(None, until, 1, last))))
    return path.read_bytes().splitlines(keepends=True)


def run(path: Path, *args: str) -> tuple[int, str]:
    """The verifier as an auditor runs it: exit status and output."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = load_verifier().main([str(path), *args])
    return code, out.getvalue()


@pytest.fixture
def signed(
    record: Callable[..., list[int]], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> list[bytes]:
    """Events #1-#3 with texts, a checkpoint at #2: the export, line by line."""
    record(2)
    sign_checkpoint()
    record(1)
    return write(tmp_path / "export.jsonl", 3)


def test_a_genuine_export_verifies_with_the_published_key(
    signed: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "export.jsonl"
    header = json.loads(signed[0])["header"]
    assert header["version"] == 3 and header["signed"] is True
    code, out = run(
        path, "--require-checkpoint", "--require-signature", "--verifier-key", vkey(signing_key)
    )
    assert code == 0, out
    kid = key_id(ORIGIN, signing_key.public_key()).hex()
    assert out.startswith("OK: events #1-#3 (3)")
    assert f"export signature verified (key id {kid})" in out and "WARNING" not in out
    key_file = tmp_path / "granska.pub.pem"
    key_file.write_text(public_pem(signing_key))
    assert run(path, "--require-checkpoint", "--public-key", str(key_file))[0] == 0


def test_the_signature_is_over_the_digest_of_every_byte_before_it(
    signed: list[bytes], signing_key: Ed25519PrivateKey
) -> None:
    """The format as documented, checked with nothing but hashlib and cryptography."""
    record = json.loads(signed[-1])["signature"]
    assert set(record) == {"alg", "key_id", "sha256", "sig", "signed_at"}
    assert record["alg"] == "ed25519"
    assert record["sha256"] == hashlib.sha256(b"".join(signed[:-1])).hexdigest()
    message = SIGNATURE_DOMAIN + (
        f"{record['sha256']}\n{record['key_id']}\n{record['signed_at']}\n".encode()
    )
    assert message.startswith(b"granska-audit-export-v3\n")
    signing_key.public_key().verify(base64.b64decode(record["sig"]), message)


def line_kinds(lines: list[bytes]) -> set[str]:
    return {line[2 : line.index(b'"', 2)].decode() for line in lines}


def test_flipping_any_single_byte_fails(
    signed: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    """Header, checkpoint, event, text and signature lines, every byte of each (newlines too)."""
    assert line_kinds(signed) == {"header", "checkpoint", "event", "text", "signature"}
    data = b"".join(signed)
    module, path = load_verifier(), tmp_path / "flipped.jsonl"
    passed = []
    for i in range(len(data)):
        path.write_bytes(data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :])
        try:
            module.verify(str(path), None, vkey(signing_key), strict=False)
        except (module.Bad, module.BadTexts, module.BadExport):  # BAD, exit 1
            continue
        except (module.Malformed, module.NoKey, ValueError, KeyError, TypeError):  # exit 2
            continue
        passed.append(i)
    assert passed == []


def test_a_forged_tombstone_in_place_of_a_text_line_fails_on_the_signature(
    record: Callable[..., list[int]], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    """The gap of version 2: a tombstone naming a pruning after the period of an export with an
    end day, dated before ``exported_at``, passed as a note. Signed, the file no longer does."""
    record(3, changes={"n": 1})
    event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP 4.2")  # #4, after the period
    path = tmp_path / "export.jsonl"
    lines = write(path, 3, until=timezone.localdate())
    forged = []
    for line in lines:
        if line.startswith(b'{"text":') and json.loads(line)["text"]["seq"] == 2:
            record_ = json.loads(line)["text"]
            tomb = {"field": record_["field"], "pruned_at": "2020-01-01T00:00:00+00:00"}
            tomb |= {"pruned_by": 4, "seq": 2}
            line = json.dumps({"text": tomb}, sort_keys=True, separators=(",", ":")).encode()
            line += b"\n"
        forged.append(line)
    path.write_bytes(b"".join(forged))
    code, out = run(path, "--verifier-key", vkey(signing_key))
    assert code == 1 and out.startswith("BAD: the file differs from what was signed")
    # Without the signature line and with the header downgraded to version 2, only the
    # heuristics are left (a note); --require-signature refuses such a file.
    header = json.loads(forged[0])
    header["header"]["version"] = 2
    del header["header"]["signed"]
    downgraded = [json.dumps(header, separators=(",", ":")).encode() + b"\n", *forged[1:-1]]
    path.write_bytes(b"".join(downgraded))
    code, out = run(path, "--require-checkpoint", "--verifier-key", vkey(signing_key))
    assert code == 1 and "no signed checkpoint" in out  # no checkpoint in this period
    code, out = run(path, "--verifier-key", vkey(signing_key))
    assert code == 0 and "texts pruned by events after the export, not checked" in out
    code, out = run(path, "--require-signature", "--verifier-key", vkey(signing_key))
    assert code == 1 and out.startswith("BAD: the export is not signed (format version 2")


def test_truncation_anywhere_fails(
    signed: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    data, path = b"".join(signed), tmp_path / "cut.jsonl"
    boundaries = [sum(map(len, signed[:n])) for n in range(1, len(signed))]
    middles = [b + len(line) // 2 for b, line in zip(boundaries, signed[1:], strict=True)]
    for size in boundaries + middles:
        path.write_bytes(data[:size])
        code, out = run(path, "--verifier-key", vkey(signing_key))
        assert code == 1, (size, out)
    path.write_bytes(b"".join(signed[:-1]))
    code, out = run(path, "--verifier-key", vkey(signing_key))
    assert out.startswith("BAD: the export signature is missing")


def test_lines_after_the_signature_fail(
    signed: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "export.jsonl"
    for extra in (signed[-2], signed[-1], b"\n"):
        path.write_bytes(b"".join([*signed, extra]))
        code, out = run(path, "--verifier-key", vkey(signing_key))
        assert (code, out) == (1, "BAD: lines after the export signature: not part of the export\n")


def resigned(lines: list[bytes], key: Ed25519PrivateKey) -> bytes:
    """The file rewritten by someone with a key of their own: header keys swapped, re-signed."""
    header = json.loads(lines[0])
    header["header"]["public_key_pem"] = public_pem(key)
    header["header"]["verifier_key"] = vkey(key)
    body = [json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n"]
    body += [line for line in lines[1:-1] if not line.startswith(b'{"checkpoint":')]
    digest = hashlib.sha256(b"".join(body)).digest()
    return b"".join([*body, signature_line(digest, key, ORIGIN)])


def test_an_export_resigned_with_another_key_fails_with_the_real_key(
    record: Callable[..., list[int]], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    record(3)
    path = tmp_path / "export.jsonl"
    lines = write(path, 3)
    forger = Ed25519PrivateKey.generate()
    path.write_bytes(resigned(lines, forger))
    code, out = run(path, "--verifier-key", vkey(signing_key))
    forged_id = key_id(ORIGIN, forger.public_key()).hex()
    assert code == 1
    assert out.startswith(f"BAD: the export is signed with key id {forged_id}, none of the keys")
    code, out = run(path)  # only the file's own key: consistent, and the output says so
    assert code == 0 and "WARNING: the export signature was checked against the public key" in out


def test_a_signature_line_with_a_forged_key_id_fails(
    signed: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    record = json.loads(signed[-1])
    record["signature"]["key_id"] = "00000000"
    line = json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    path = tmp_path / "export.jsonl"
    path.write_bytes(b"".join([*signed[:-1], line]))
    code, out = run(path, "--verifier-key", vkey(signing_key))
    assert code == 1 and out.startswith("BAD: the export is signed with key id 00000000, none")


def test_after_a_rotation_the_export_verifies_with_any_key_given(
    record: Callable[..., list[int]],
    signing_key: Ed25519PrivateKey,
    settings: Any,
    tmp_path: Path,
) -> None:
    """An export signed before a rotation of the signing key verifies later with the earlier
    key among those given; with only the new key the output names the key id it needs."""
    record(2)
    path = tmp_path / "export.jsonl"
    write(path, 2)
    new = Ed25519PrivateKey.generate()
    settings.AUDIT_SIGNING_KEY = pem(new)
    old_id = key_id(ORIGIN, signing_key.public_key()).hex()
    code, out = run(path, "--verifier-key", vkey(new), "--verifier-key", vkey(signing_key))
    assert code == 0 and f"export signature verified (key id {old_id})" in out
    code, out = run(path, "--verifier-key", vkey(new))
    assert code == 1 and out.startswith(f"BAD: the export is signed with key id {old_id}, none")
    assert "after a rotation of the signing key, pass each" in out
    after = tmp_path / "after.jsonl"
    write(after, 2)
    code, out = run(after, "--verifier-key", vkey(signing_key), "--verifier-key", vkey(new))
    new_id = key_id(ORIGIN, new.public_key()).hex()
    assert code == 0 and f"export signature verified (key id {new_id})" in out


def as_version_2(lines: list[bytes]) -> bytes:
    """An export as it was written before exports were signed (format version 2)."""
    header = json.loads(lines[0])
    header["header"]["version"] = 2
    del header["header"]["signed"]
    first = json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    return b"".join([first, *lines[1:-1]])


def test_a_version_2_export_still_verifies_as_before(
    signed: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "v2.jsonl"
    path.write_bytes(as_version_2(signed))
    code, out = run(path, "--require-checkpoint", "--verifier-key", vkey(signing_key))
    assert code == 0, out
    assert out.startswith("OK: events #1-#3 (3), every hash and link verified, 1 checkpoint")
    assert "the export itself is not signed: format version 2" in out and "WARNING" not in out
    code, out = run(path, "--require-signature", "--verifier-key", vkey(signing_key))
    assert code == 1 and "--require-signature was given" in out
    # the events are still protected by the chain and its checkpoints
    path.write_bytes(as_version_2(signed).replace("händelse 1".encode(), "händelse 7".encode(), 1))
    assert run(path, "--verifier-key", vkey(signing_key))[0] == 1


def test_an_export_without_a_signing_key_says_so_and_is_refused_when_required(
    record: Callable[..., list[int]], signing_key: Ed25519PrivateKey, settings: Any, tmp_path: Path
) -> None:
    record(2)
    sign_checkpoint()
    settings.AUDIT_SIGNING_KEY = ""
    path = tmp_path / "export.jsonl"
    lines = write(path, 2)
    header = json.loads(lines[0])["header"]
    assert header["version"] == 3 and header["signed"] is False and header["public_key_pem"] is None
    assert not any(line.startswith(b'{"signature":') for line in lines)
    code, out = run(path, "--verifier-key", vkey(signing_key))
    assert code == 0, out
    assert (
        "the export itself is not signed: it was written where no signing key was configured" in out
    )
    assert "WARNING: this export is not signed as a whole" in out
    code, out = run(path, "--require-checkpoint", "--verifier-key", vkey(signing_key))
    assert code == 1
    assert out.startswith("BAD: the export is not signed (it was written where no signing key")
    assert "--require-checkpoint was given" in out
    assert run(path)[0] == 2  # signed checkpoints and no key: CANNOT VERIFY, as before


def test_a_signed_export_passed_off_as_unsigned_fails_when_required(
    signed: list[bytes], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    header = json.loads(signed[0])
    header["header"]["signed"] = False
    first = json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    path = tmp_path / "export.jsonl"
    path.write_bytes(b"".join([first, *signed[1:-1]]))
    code, out = run(path, "--require-checkpoint", "--verifier-key", vkey(signing_key))
    assert code == 1 and out.startswith("BAD: the export is not signed")


SHA256 = hashlib.sha256


class RecordingSha:
    """hashlib.sha256 that remembers the size of each update."""

    sizes: list[int] = []

    def __init__(self) -> None:
        self._sha = SHA256()

    def update(self, data: bytes) -> None:
        RecordingSha.sizes.append(len(data))
        self._sha.update(data)

    def digest(self) -> bytes:
        return self._sha.digest()


def test_the_writer_streams_and_hashes_as_it_goes(
    signed: list[bytes], monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    """The header comes before any query; every chunk is hashed as it is given out, never the
    whole file at once; the signature line is a chunk of its own, last."""
    monkeypatch.setattr(audit.export, "sha256", RecordingSha)
    RecordingSha.sizes = []
    chunks = jsonl_lines(ExportRange(None, None, 1, 3))
    with django_assert_num_queries(0):
        first = next(chunks)
    assert first.startswith(b'{"header":') and first.count(b"\n") == 1
    rest = list(chunks)
    assert rest[-1].startswith(b'{"signature":') and rest[-1].count(b"\n") == 1
    assert RecordingSha.sizes == [len(c) for c in [first, *rest[:-1]]]
    assert max(RecordingSha.sizes) < sum(RecordingSha.sizes)


def test_the_documented_test_vector(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/audit-format.md 4: the key of section 2, bytes ``{"header":{}}\\n`` before the line."""
    from datetime import UTC, datetime

    import audit.export_signing

    moment = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
    monkeypatch.setattr(audit.export_signing.timezone, "now", lambda: moment)
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    digest = hashlib.sha256(b'{"header":{}}\n').digest()
    record = json.loads(signature_line(digest, key, ORIGIN))["signature"]
    assert record == {
        "alg": "ed25519",
        "key_id": "983b3c96",
        "sha256": "752ab9c07a06d2e9f22984c8cad7c5f66e96b0164ad4428d07f7c3091d829ab9",
        "sig": "7iL4XS+kwvZ602J9/GrUpWdMQ1kACxuY/XGE2lCL4Xt7/ySAlM+mqbDGEJVDafF8AFSgysvS18q/iP91"
        "tKwAAw==",
        "signed_at": "2026-03-02T11:00:00.000000Z",
    }
    docs = (Path(__file__).resolve().parents[2] / "docs" / "audit-format.md").read_text()
    assert record["sha256"] in docs and record["sig"] in docs


def test_the_verifier_and_the_service_sign_the_same_message() -> None:
    from audit.export_signing import signed_message

    args = ("ab" * 32, "983b3c96", "2026-03-02T11:00:00.000000Z")
    assert load_verifier().signed_message(*args) == signed_message(*args)
