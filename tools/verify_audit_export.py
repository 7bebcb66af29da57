#!/usr/bin/env python3
"""Verify a Granska audit-trail export (JSONL) on your own machine.

Needs only Python 3.11+ and the ``cryptography`` package (pip install cryptography); no Django,
no access to the service. Checks, for every event in the file:

* its hash: SHA-256 of the event's canonical bytes (exactly as they appear in the file) equals
  the hash written next to it;
* its link: the ``prev_hash`` inside the event equals the hash of the event before it, and the
  sequence numbers run without a gap;
* every signed checkpoint in the file: the Ed25519 signature (C2SP signed-note format) verifies
  with the public key, and the checkpoint's hash equals the hash of the event at its number;
* every free text kept outside the chain (format v2, the ``{"text":…}`` lines after its event,
  one per field): SHA-256 of the RFC 8785 bytes of ``{"nonce":…,"text":…}`` equals the event's
  commitment, ``"reasons":{"sha256":…}`` (field ``reasons``) or a top-level value of
  ``changes`` that is exactly ``{"sha256":…}`` (field ``changes.<key>``); a text pruned
  (gallrad) must be covered by the ``audit.texts_pruned`` event named (checked when that event
  is in the file);
* the export signature (format version 3): the last line, ``{"signature":…}``, carries the
  SHA-256 of every byte before it and an Ed25519 signature over that digest by the audit signing
  key, so no line of the file (header, checkpoint, event, text line) can be changed, added,
  removed or cut off without it failing.

An export of a period that starts mid-chain cannot show what came before: the first event's
``prev_hash`` is trusted as the anchor, unless a checkpoint in the file covers it (then it is
verified). An export that starts at #1 is anchored at 64 zeros.

Prints ``OK ...`` and exits 0 (with a ``WARNING`` line when the signatures were checked only
against the key inside the file, which proves nothing about who signed), or ``BAD at #<seq>:
<reason>`` (the first bad sequence number), or ``BAD: <reason>`` for the file as a whole (its
export signature), and exits 1; a file that is not an export at all
exits 2, and so does an export with signed checkpoints but no public key in it or on the command
line (``CANNOT VERIFY: ...``). The format is described byte for byte in docs/audit-format.md.

An export without any signed checkpoint is OK with a note (a new trail has none in its first
hour); ``--require-checkpoint`` makes it BAD, exit 1: auditors should pass it, since deleting
every checkpoint line leaves an export that no signature vouches for. With it a version 3 export
must also carry a valid export signature. ``--require-signature`` makes any export without a
valid export signature BAD, whatever version its header claims (an export made before exports
were signed, version 1 or 2, included): pass it for exports written since, so that a signed file
cannot be passed off as an older, unsigned one.

Usage:
    python verify_audit_export.py export.jsonl --require-checkpoint --require-signature \
        --public-key granska.pub.pem
    python verify_audit_export.py export.jsonl --verifier-key 'granska.example/audit+1a2b3c4d+AU...'
Without --public-key/--verifier-key the keys inside the export are used, which shows the file is
consistent but not who signed it: get the key independently (GET /api/v1/audit/public-key).
After a rotation of the signing key, give each key (the options repeat): a checkpoint, and the
export signature, verify with any of them.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS = b"0" * 64
EVENT_PREFIX = b'{"event":'
TEXT_PREFIX = b'{"text":'
COMMITMENT = b'{"sha256":"'
PRUNED = "audit.texts_pruned"
PRUNE_EVENT = b'{"action":"audit.texts_pruned",'
HASH_SEP = b',"hash":"'
SIG_PREFIX = "\u2014 "  # em dash, space
SIGNATURE_PREFIX = b'{"signature":'
SIGNATURE_DOMAIN = b"granska-audit-export-v3\n"
SIGNED_VERSION = 3
ED25519 = b"\x01"


class Malformed(Exception):
    pass


class NoKey(Exception):
    """Signed checkpoints, but no key to check them with: the export may well be intact."""

    def __str__(self) -> str:
        return (
            "CANNOT VERIFY: the export holds signatures (signed checkpoints, or the export "
            "signature) but no public key (it was "
            "written without the signing key configured). Get the key from the service "
            "(GET /api/v1/audit/public-key) and pass it: --public-key granska.pub.pem or "
            "--verifier-key 'name+id+base64'."
        )


class Bad(Exception):
    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"BAD at #{seq}: {reason}")
        self.seq = seq


class BadExport(Exception):
    """The file as a whole: its export signature is missing, does not verify, or the file does
    not end where it was signed."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"BAD: {reason}")


class BadTexts(Exception):
    """The chain holds, but texts beside it do not match their commitments (or are missing)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("\n".join(f"BAD at #{seq}: {reason}" for seq, reason in problems))


@dataclass
class State:
    first: int = 0
    last: int = 0
    anchor: bytes = b""
    checkpoints: dict[int, dict[str, Any]] = field(default_factory=dict)
    seen: dict[int, bytes] = field(default_factory=dict)
    # (seq, field) -> sha256 of that text: "reasons", or "changes.<key>"
    commitments: dict[tuple[int, str], str] = field(default_factory=dict)
    texts: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)  # its text line
    pruned: dict[int, int] = field(default_factory=dict)  # seq -> the pruning event's seq


# --- signed notes (https://c2sp.org/signed-note) -----------------------------------------------


def key_id(name: str, raw_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + raw_key).digest()[:4]


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def parse_verifier_key(vkey: str) -> tuple[Ed25519PublicKey, str]:
    """A signed-note verifier key ``name+hex key id+base64(0x01 || key)``. A key name never
    contains "+" (c2sp.org/signed-note) but the base64 part may: split from the left."""
    name, _, rest = vkey.strip().partition("+")
    hex_id, _, blob = rest.partition("+")
    try:
        raw = base64.b64decode(blob, validate=True)
    except ValueError as exc:
        raise Malformed("verifier key: the part after the key id is not base64") from exc
    if not name or len(raw) != 33 or raw[:1] != ED25519:
        raise Malformed("verifier key: not name+id+base64 of an Ed25519 key")
    if key_id(name, raw[1:]).hex() != hex_id.lower():
        raise Malformed("verifier key: the key id does not match the name and key")
    return Ed25519PublicKey.from_public_bytes(raw[1:]), name


def load_key(pem: str | None, vkey: str | None) -> tuple[Ed25519PublicKey, str | None]:
    """The public key, and the key name when given as a verifier key ``name+id+base64``."""
    if vkey:
        return parse_verifier_key(vkey)
    if not pem:
        raise NoKey()
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise Malformed("public key is not Ed25519")
    return key, None


def verify_note(note: str, key: Ed25519PublicKey, name: str) -> list[str] | None:
    """The body lines if a signature line by ``name`` with this key verifies; otherwise None."""
    text, sep, sigs = note.partition("\n\n")
    if not sep:
        return None
    wanted = key_id(name, raw_public(key))
    for line in sigs.rstrip("\n").split("\n"):
        if not line.startswith(SIG_PREFIX):
            return None
        sig_name, _, blob64 = line[len(SIG_PREFIX) :].rpartition(" ")
        blob = base64.b64decode(blob64)
        if sig_name != name or blob[:4] != wanted:
            continue
        try:
            key.verify(blob[4:], (text + "\n").encode())
        except InvalidSignature:
            return None
        return text.split("\n")
    return None


# Each public key with the key name of its verifier key (None: the checkpoint's own origin).
Keys = list[tuple[Ed25519PublicKey, str | None]]


def load_keys(pems: list[str], vkeys: list[str]) -> Keys:
    """Every key given: after a rotation of the signing key the checkpoints before it verify
    with the previous key, the later ones with the new (docs/operations.md, section 4)."""
    keys = [load_key(None, vkey) for vkey in vkeys]
    return keys + [load_key(text, None) for text in pems]


def verify_note_by_any(
    note: str, keys: Keys, names: list[str]
) -> tuple[list[str], str] | tuple[None, None]:
    """The body lines and the key name if the note verifies with one of the keys under one of
    the names (the verifier key's, or the log's origin: a changed AUDIT_LOG_ORIGIN keeps older
    checkpoints)."""
    for key, vname in keys:
        for name in [vname] if vname else names:
            lines = verify_note(note, key, name)
            if lines is not None:
                return lines, name
    return None, None


def check_checkpoint(
    cp: dict[str, Any], key: Ed25519PublicKey | Keys, name: str | None = None
) -> None:
    seq = int(cp["seq"])
    keys = key if isinstance(key, list) else [(key, name)]
    names = list(dict.fromkeys(n for n in (cp.get("origin"), name) if n))
    lines, name = verify_note_by_any(cp["note"], keys, names)
    if lines is None:
        raise Bad(seq, unverified(cp["note"], keys, names))
    if len(lines) < 3 or lines[0] != name or lines[1] != str(seq):
        raise Bad(seq, "checkpoint note does not name this log and sequence number")
    if base64.b64decode(lines[2]).hex() != cp["hash"]:
        raise Bad(seq, "checkpoint note hash differs from its record")


def key_ids(keys: Keys, names: list[str]) -> set[str]:
    """The key ids (hex) of the keys given, under their verifier key's name or the log's."""
    return {key_id(vname or n, raw_public(k)).hex() for k, vname in keys for n in names or [""]}


def unverified(note: str, keys: Keys, names: list[str]) -> str:
    """Why a note did not verify: a bad signature, or one by a key that was not given (a
    checkpoint from before a rotation of the signing key)."""
    ours = key_ids(keys, names)
    signed = []
    for line in note.partition("\n\n")[2].rstrip("\n").split("\n"):
        blob64 = line.rpartition(" ")[2]
        try:
            signed.append(base64.b64decode(blob64)[:4].hex())
        except ValueError:
            continue
    if signed and not ours.intersection(signed):
        return (
            f"checkpoint signed with key id {', '.join(signed)}, none of the keys given. "
            + NOT_OUR_KEY
        )
    return "checkpoint signature does not verify"


# --- the export signature (format version 3) ----------------------------------------------------


@dataclass
class Tail:
    """What the reading of the file saw besides the events: the digest of every byte before the
    signature line, the signature line, and whether anything follows it."""

    version: int = 0
    sha: Any = field(default_factory=hashlib.sha256)
    signature: bytes | None = None
    after_signature: bool = False


def hashed_lines(f: IO[bytes], tail: Tail) -> Iterator[bytes]:
    """The file's lines up to its signature line, each hashed as it is read (the file is never
    held in memory); the signature line is kept aside, not given out."""
    for line in f:
        if tail.signature is not None:  # nothing after it is part of what was signed
            tail.after_signature = True
            continue
        if line.startswith(SIGNATURE_PREFIX):
            tail.signature = line
            continue
        if line[-1:] != b"\n" and tail.version >= SIGNED_VERSION:
            raise BadExport(
                "the file ends in the middle of a line: it was cut short, not the whole export"
            )
        tail.sha.update(line)
        yield line


def signed_message(sha256_hex: str, key_id_hex: str, signed_at: str) -> bytes:
    return SIGNATURE_DOMAIN + f"{sha256_hex}\n{key_id_hex}\n{signed_at}\n".encode()


def read_signature(line: bytes) -> tuple[dict[str, str], bytes]:
    """The signature line's fields and the signature's bytes; BadExport unless the line is
    exactly as the service writes it (so no byte of it can change unnoticed)."""
    try:
        record = json.loads(line)["signature"]
        sig = base64.b64decode(record["sig"], validate=True)
        fields = {k: record[k] for k in ("alg", "key_id", "sha256", "sig", "signed_at")}
    except (ValueError, KeyError, TypeError) as exc:
        raise BadExport("the signature line is not an export signature") from exc
    rebuilt = json.dumps({"signature": fields}, sort_keys=True, separators=(",", ":"))
    if (rebuilt + "\n").encode() != line or base64.b64encode(sig).decode() != fields["sig"]:
        raise BadExport("the signature line is not as the service writes it")
    if fields["alg"] != "ed25519":
        raise BadExport(f"the export signature is {fields['alg']!r}, not ed25519")
    return fields, sig


def check_export_signature(tail: Tail, keys: Keys, names: list[str]) -> str:
    """The note on a signature that verifies with one of the keys; BadExport otherwise."""
    if tail.signature is None:
        raise BadExport(
            "the export signature is missing: the header says the file is signed (version 3, "
            '"signed": true), but its last line, {"signature":…}, is not there (the file was '
            "cut short or its last line removed)"
        )
    if tail.after_signature:
        raise BadExport("lines after the export signature: not part of the export")
    fields, sig = read_signature(tail.signature)
    if fields["sha256"] != tail.sha.hexdigest():
        raise BadExport(
            "the file differs from what was signed: the SHA-256 of every byte before the "
            "signature line is not the one signed (a line was changed, added or removed after "
            "the service wrote the file). Do not rely on this file: download the export again"
        )
    message = signed_message(fields["sha256"], fields["key_id"], fields["signed_at"])
    for key, _vname in keys:
        try:
            key.verify(sig, message)
        except InvalidSignature:
            continue
        return f"export signature verified (key id {fields['key_id']})"
    ids = key_ids(keys, names)
    if fields["key_id"] not in ids:
        raise BadExport(
            f"the export is signed with key id {fields['key_id']}, none of the keys given. "
            + NOT_OUR_KEY
        )
    raise BadExport("the export signature does not verify")


def unsigned_export(header: dict[str, Any], required: str) -> str:
    """Why an export carries no export signature; BadExport when one is required."""
    version = header.get("version")
    if isinstance(version, int) and version >= SIGNED_VERSION:
        why = (
            'it was written where no signing key was configured (header "signed": false), so '
            "no signature vouches for its header and text lines"
        )
        act = (
            "Ask for an export from the API or the auditors' pages (/revision/kedja/), which "
            "the service signs, and check that one"
        )
    else:
        why = (
            f"format version {version}, written before exports were signed: its header and "
            "text lines are not covered by any signature"
        )
        act = (
            "Every export written since exports were signed (format version 3) ends in a "
            "signature line: if this file was exported after that (see exported_at in its "
            "first line), its signature line was removed and its header relabelled, so do not "
            "rely on it; a genuine older export is checked without --require-signature"
        )
    if required:
        raise BadExport(f"the export is not signed ({why}), and {required} was given. {act}")
    return f"the export itself is not signed: {why}"


# --- the chain ---------------------------------------------------------------------------------


def split_event(line: bytes) -> tuple[bytes, bytes]:
    """The canonical bytes and the hash of one event line (see docs/audit-format.md)."""
    if line[-1:] == b"\n":
        line = line[:-1]
    if line[-75:-66] != HASH_SEP or line[-2:] != b'"}':
        raise Malformed('event line does not end in ,"hash":"<64 hex>"}')
    return line[9:-75], line[-66:-2]


def seq_and_prev(body: bytes) -> tuple[int, bytes]:
    """Top-level seq and prev_hash. In RFC 8785 output the keys are sorted and quotes inside
    strings are escaped, so the last ``"seq":`` and ``"prev_hash":"`` are the top-level ones."""
    i = body.rfind(b'"seq":')
    j = body.find(b",", i)
    k = body.rfind(b'"prev_hash":"')
    if i < 0 or j < 0 or k < 0:
        raise Malformed("event without seq or prev_hash")
    return int(body[i + 6 : j]), body[k + 13 : k + 77]


def out_of_order(expected: int, seq: int) -> str:
    """The event found where #expected should be, in words: events missing, or not in order."""
    if seq > expected:
        gone = f"#{expected}" if seq == expected + 1 else f"#{expected}-#{seq - 1}"
        return (
            f"expected #{expected}, found #{seq}: {gone} missing from the file (removed from the "
            "export or from the trail) or out of order"
        )
    return f"expected #{expected}, found #{seq}: events repeated or out of order in the file"


def walk(lines: Iterator[bytes], first_line: bytes, state: State, strict: bool) -> None:
    sha = hashlib.sha256
    body, digest = split_event(first_line)
    expected, prev = seq_and_prev(body)
    state.first, state.anchor = expected, prev
    wanted = state.checkpoints
    line: bytes | None = first_line
    while line is not None:
        if line[:8] == TEXT_PREFIX:
            read_text(line, expected - 1, state)
            line = next(lines, None)
            continue
        if line[:9] != EVENT_PREFIX:
            raise Malformed(f"not an event line after #{expected - 1}")
        body, digest = split_event(line)
        seq, link = seq_and_prev(body)
        if sha(body).hexdigest().encode() != digest:
            raise Bad(expected, "hash does not match the event's bytes")
        if strict:
            strict_check(body, seq, link)
        if seq != expected:
            raise Bad(min(seq, expected), out_of_order(expected, seq))
        if link != prev:
            raise Bad(seq - 1, f"hash of #{seq - 1} is not the one #{seq} links to")
        if seq in wanted:
            state.seen[seq] = digest
        if COMMITMENT in body or body.startswith(PRUNE_EVENT):
            read_commitments(body, seq, state)
        prev, expected = digest, seq + 1
        line = next(lines, None)
    state.last = expected - 1


# --- texts outside the chain (format v2) --------------------------------------------------------


def text_commitment(nonce: str, text: str) -> str:
    """SHA-256 of the RFC 8785 bytes of {"nonce":…,"text":…}: for two strings (keys in this
    order), json.dumps with these options writes exactly those bytes."""
    data = json.dumps({"nonce": nonce, "text": text}, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def is_commitment(value: Any) -> bool:
    """Exactly ``{"sha256": <64 lowercase hex>}``."""
    if not isinstance(value, dict) or len(value) != 1 or not isinstance(value.get("sha256"), str):
        return False
    digest = value["sha256"]
    return len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)


def read_commitments(body: bytes, seq: int, state: State) -> None:
    """A v2 event's commitments (its reasons, free texts of its changes); a pruning event's list
    of events it covers."""
    event = json.loads(body)
    reasons = event.get("reasons")
    if isinstance(reasons, dict) and isinstance(reasons.get("sha256"), str):
        state.commitments[(seq, "reasons")] = reasons["sha256"]
    changes = event.get("changes")
    if event.get("v", 1) >= 2 and isinstance(changes, dict):
        for key, value in changes.items():
            if is_commitment(value):
                state.commitments[(seq, f"changes.{key}")] = value["sha256"]
    if event.get("action") == "audit.texts_pruned":
        for covered in event.get("changes", {}).get("seqs") or []:
            if isinstance(covered, int) and covered < seq:
                state.pruned.setdefault(covered, seq)


def read_text(line: bytes, seq: int, state: State) -> None:
    """A text line (it follows its event; kept by the number it names, so that a deleted or
    moved event is reported by the chain's checks, not as a malformed file)."""
    try:
        record = json.loads(line)["text"]
        named = (int(record["seq"]), str(record.get("field", "reasons")))
    except (ValueError, KeyError, TypeError) as exc:
        raise Malformed(f"text line after #{seq} is not a text record") from exc
    if named in state.texts:
        raise Malformed(f"two text lines for #{named[0]} {named[1]}")
    state.texts[named] = record


def text_problems(
    state: State, header: dict[str, Any] | None = None
) -> tuple[list[tuple[int, str]], list[str]]:
    """Each commitment against its text line: (problems, notes)."""
    problems, outside = [], 0
    header = header or {}
    for seq, name in sorted(set(state.texts) - set(state.commitments)):
        problems.append((seq, f"a text ({name}) beside an event that commits to none"))
    for (seq, name), committed in sorted(state.commitments.items()):
        record = state.texts.get((seq, name)) or {}
        if "text" in record:
            if text_commitment(str(record.get("nonce", "")), str(record["text"])) != committed:
                problems.append((seq, f"{name} text does not match its commitment{CHANGED}"))
            continue
        by = record.get("pruned_by")
        impossible = impossible_tombstone(record, header, state.last)
        if impossible:
            problems.append((seq, f"{name} text pruned, but {impossible}"))
        elif seq in state.pruned:
            continue
        elif isinstance(by, int) and by > state.last:
            outside += 1  # pruned by an event after the period: not in this file
        elif by is None:
            problems.append(
                (seq, f"{name} text missing, and no audit.texts_pruned event covers it")
            )
        else:
            problems.append((seq, f"{name} text pruned, but #{by} does not list this event"))
    notes = (
        [f"{len(state.commitments)} texts beside the chain checked"] if state.commitments else []
    )
    if outside:
        notes.append(f"{outside} texts pruned by events after the export, not checked")
    return problems, notes


def impossible_tombstone(record: dict[str, Any], header: dict[str, Any], last: int) -> str:
    """Why a pruned text's line cannot come from the export it is in ("" when it can): pruned
    after the header's ``exported_at``, or by an event after the last one of an export without
    an end day (``until`` null: it runs to the newest event, so a pruning before the export is
    inside it). Only a pruning while the export was being written could do either; the header
    is not signed, so this raises the bar for a forged tombstone, no more (audit-format 5)."""
    by, moment = record.get("pruned_by"), record.get("pruned_at")
    pruned_at, exported_at = _moment(moment), _moment(header.get("exported_at"))
    if pruned_at and exported_at and pruned_at > exported_at:
        return (
            f"at {moment}, after the export was written (header exported_at "
            f"{header['exported_at']}): not a text line of this export"
        )
    if header.get("until", "") is None and isinstance(by, int) and by > last:
        return (
            f"by #{by}, after the last event #{last} of an export without an end day (until "
            "null): not a text line of this export"
        )
    return ""


def _moment(value: Any) -> datetime | None:
    """An ISO time as an aware one (naive taken as UTC); None when it is not one."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def strict_check(body: bytes, seq: int, link: bytes) -> None:
    try:
        event = json.loads(body)
    except ValueError as exc:
        raise Bad(seq, "event is not valid JSON") from exc
    if event.get("seq") != seq or event.get("prev_hash", "").encode() != link:
        raise Bad(seq, "event fields differ from the fast reading")


def read_preamble(
    lines: Iterator[bytes], state: State, tail: Tail
) -> tuple[dict[str, Any], bytes | None]:
    try:
        header = json.loads(next(lines))["header"]
        tail.version = header.get("version") if isinstance(header.get("version"), int) else 0
    except (StopIteration, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Malformed("first line is not an export header") from exc
    for line in lines:
        if line.startswith(EVENT_PREFIX):
            return header, line
        if line.startswith(TEXT_PREFIX):  # its event is not in the file: found later
            read_text(line, 0, state)
            continue
        cp = json.loads(line)["checkpoint"]
        state.checkpoints[int(cp["seq"])] = cp
    return header, None


def check_anchor_and_checkpoints(state: State, keys: Keys, name: str) -> list[str]:
    notes = []
    if state.first == 1 and state.anchor != GENESIS:
        raise Bad(1, "the first event does not start the chain (prev_hash is not 64 zeros)")
    for seq, cp in sorted(state.checkpoints.items()):
        check_checkpoint(cp, keys, name)
        if seq == state.first - 1:
            if cp["hash"].encode() != state.anchor:
                raise Bad(state.first, "anchor differs from the checkpoint before the period")
            notes.append(f"anchor verified by checkpoint #{seq}")
        elif seq in state.seen and state.seen[seq] != cp["hash"].encode():
            raise Bad(seq, "checkpoint does not match the event at its sequence number")
        elif seq not in state.seen:
            raise Bad(seq, "checkpoint outside the exported events")
    if state.first > 1 and not any("anchor" in n for n in notes):
        notes.append(f"anchor (prev_hash of #{state.first}) trusted, not verified")
    return notes


def as_list(value: str | list[str] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def verify(
    path: str,
    pem: str | list[str] | None,
    vkey: str | list[str] | None,
    strict: bool,
    require_checkpoint: bool = False,
    require_signature: bool = False,
) -> str:
    """``pem`` and ``vkey``: the keys given (one, or several after a rotation); none: the keys
    the file carries, the current one and those before it (``previous_public_keys_pem``)."""
    state, tail = State(), Tail()
    pems, vkeys = as_list(pem), as_list(vkey)
    with open(path, "rb", buffering=1 << 20) as f:
        lines = hashed_lines(f, tail)
        header, first = read_preamble(lines, state, tail)
        if first is None and state.checkpoints:
            if header.get("signed") is True and tail.signature is None:
                check_export_signature(tail, [], [])  # cut short: BAD, the signature is missing
            raise Malformed("checkpoints but no events")
        if first is not None:
            walk(lines, first, state, strict)
    keys = choose_keys(header, state, tail, (pems, vkeys) if pems or vkeys else None)
    name = keys[0][1] or header["origin"]
    notes = [] if first is None else check_events(header, state, keys, name, require_checkpoint)
    signed, *warnings = check_whole_file(
        header, tail, keys, name, require_checkpoint, require_signature
    )
    if first is None:
        text = "OK: no events in the export"
    else:
        count = state.last - state.first + 1
        text = (
            f"OK: events #{state.first}-#{state.last} ({count}), every hash and link verified, "
            f"{len(state.checkpoints)} checkpoint signatures verified"
        )
        notes += unsigned_note(state, tail)
    if (state.checkpoints or tail.signature) and not (pems or vkeys):
        what = " and the export signature were" if tail.signature else " were"
        what = "checkpoint signatures" + what if state.checkpoints else "export signature was"
        own_id = key_id(name, raw_public(keys[0][0])).hex()
        warnings.append(SELF_SIGNED.format(what=what, key_id=own_id))
    return "\n".join(["; ".join([text, *notes, signed]), *warnings])


def choose_keys(
    header: dict[str, Any],
    state: State,
    tail: Tail,
    given: tuple[list[str], list[str]] | None,
) -> Keys:
    """The keys given; without any, the keys the file carries (or a dummy when nothing in the
    file is signed, so that no key is needed)."""
    if given is not None:
        return load_keys(*given)
    if state.checkpoints or tail.signature:
        carried = [header.get("public_key_pem"), *header.get("previous_public_keys_pem", [])]
        return load_keys([p for p in carried if p], []) or [load_key(None, None)]
    return [(Ed25519PublicKey.from_public_bytes(bytes(32)), None)]


def check_events(
    header: dict[str, Any], state: State, keys: Keys, name: str, require_checkpoint: bool
) -> list[str]:
    """The header's range against the events, the checkpoints, the texts: the notes."""
    if header.get("first_seq") not in (None, state.first):
        raise Bad(state.first, f"events missing at the start (header says #{header['first_seq']})")
    if header.get("last_seq") not in (None, state.last):
        raise Bad(state.last + 1, f"events missing at the end (header says #{header['last_seq']})")
    if header.get("events") not in (None, state.last - state.first + 1):
        raise Bad(state.first, f"{header['events']} events in the header, not what the file has")
    notes = check_anchor_and_checkpoints(state, keys, name)
    if require_checkpoint and not state.checkpoints:
        raise Bad(state.last, NO_CHECKPOINT)
    problems, text_notes = text_problems(state, header)
    if problems:
        raise BadTexts(problems)
    return notes + text_notes


def check_whole_file(
    header: dict[str, Any],
    tail: Tail,
    keys: Keys,
    name: str,
    require_checkpoint: bool,
    require_signature: bool,
) -> list[str]:
    """The export signature: a note when it verifies; a note and a WARNING line when the file
    carries none and none is required; BadExport otherwise."""
    names = list(dict.fromkeys(n for n in (header.get("origin"), name) if n))
    if tail.signature is not None or header.get("signed") is True:
        return [check_export_signature(tail, keys, names)]
    signed_version = tail.version >= SIGNED_VERSION
    required = (
        "--require-signature"
        if require_signature
        else ("--require-checkpoint" if require_checkpoint and signed_version else "")
    )
    note = unsigned_export(header, required)
    return [note, UNSIGNED_EXPORT] if signed_version else [note]


def unsigned_note(state: State, tail: Tail) -> list[str]:
    """What of the events no checkpoint in the file covers."""
    if not state.checkpoints:
        vouch = (
            "the export signature shows the file is as the service wrote it, but no "
            "checkpoint shows the trail was so before the export"
            if tail.signature
            else "so no signature vouches for them"
        )
        return [
            "no checkpoint in the export: the events are chained but not yet under a signed "
            f"checkpoint; {vouch} (the service signs one every hour; manage.py "
            "audit_checkpoint signs one at once; export again after it)"
        ]
    covered = max(state.checkpoints)
    if covered < state.last:
        return [f"events after #{covered} are chained but not yet under a signed checkpoint"]
    return []


CHANGED = (
    " (the text in the file is not the one the event recorded: it was changed after it was "
    "recorded)"
)
NOT_OUR_KEY = (
    "Compare the key id with those of the public keys the municipality has published (each key "
    "it has used: after a rotation of the signing key, pass each, --public-key or "
    "--verifier-key once for each). If the key id is not one of them, the municipality did not "
    "sign this: the file was rewritten and signed by someone else, so do not rely on it"
)
NO_CHECKPOINT = (
    "no signed checkpoint in the export, and --require-checkpoint was given: no signed "
    "checkpoint vouches for the events (a genuine export has one once the service has signed "
    "its first, within an hour of the first event; ask the operator for manage.py "
    "audit_checkpoint and export again)"
)
SELF_SIGNED = (
    "WARNING: the {what} checked against the public key the file itself "
    "carries (key id {key_id}). That proves nothing about who signed: anyone who rewrote the "
    "file could have re-signed it with a key of their own, and this check would still say OK. "
    "To check that the municipality signed it, pass the key it publishes (verifier_key from "
    "GET /api/v1/audit/public-key, or a copy kept from earlier): "
    "--verifier-key 'name+id+base64' or --public-key granska.pub.pem."
)
UNSIGNED_EXPORT = (
    "WARNING: this export is not signed as a whole, so its header (period, range, keys) and its "
    "text lines (a reason's text, or that it was pruned) are vouched for by no signature; only "
    "the events are, through the checkpoints. Ask for an export written by the service with the "
    "signing key configured (the API or the auditors' pages), and pass --require-signature."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("export", help="the JSONL export file")
    again = " (repeat it for each key, e.g. the keys before and after a rotation)"
    parser.add_argument(
        "--public-key", action="append", help="PEM file with the Ed25519 public key" + again
    )
    parser.add_argument(
        "--verifier-key", action="append", help="signed-note verifier key name+id+base64" + again
    )
    parser.add_argument("--strict", action="store_true", help="also parse every event as JSON")
    parser.add_argument(
        "--require-checkpoint",
        action="store_true",
        help="an export without a signed checkpoint is BAD (exit 1), not OK with a note; so is "
        "a version 3 export without a valid export signature",
    )
    parser.add_argument(
        "--require-signature",
        action="store_true",
        help="an export without a valid export signature is BAD (exit 1), whatever its version "
        "(refuses exports from before exports were signed)",
    )
    args = parser.parse_args(argv)
    pem = [Path(name).read_text() for name in args.public_key or []]
    try:
        print(
            verify(
                args.export,
                pem,
                args.verifier_key,
                args.strict,
                args.require_checkpoint,
                args.require_signature,
            )
        )
    except (Bad, BadTexts, BadExport) as bad:
        print(bad)
        return 1
    except NoKey as exc:
        print(exc)
        return 2
    except (Malformed, ValueError, KeyError, TypeError) as exc:
        print(f"NOT AN EXPORT: {exc}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
