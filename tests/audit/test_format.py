"""The canonical format and checkpoint notes match the test vectors in docs/audit-format.md."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.services import _event_body, canonical_bytes
from audit.signing import NoteBody, key_id, parse_note, sign_note, verifier_key, verify_note

DOC = (Path(__file__).resolve().parents[2] / "docs" / "audit-format.md").read_text()
NAME = "granska.example/audit"


def doc_blocks() -> list[str]:
    return re.findall(r"```\n(.*?)\n```", DOC, flags=re.S)


def event_one() -> dict:
    """A format v1 event (as written before v2): its vectors still hold."""
    body = _event_body(
        1,
        "0" * 64,
        {
            "time": "2026-03-01T09:30:00.000000Z",
            "actor": {
                "type": "person",
                "id": "5f0c6c1e2b8a4d3f9e7a6b5c4d3e2f1a",
                "role": "beslutsfattare",
                "administration": "kultur",
            },
            "action": "application.decide",
            "object": {"type": "application", "id": "17"},
            "case": "KFN-2026-00017",
            "association": 4,
            "from_state": "proposed",
            "to_state": "approved",
            "reasons": 'Föreningen uppfyller villkoren.\n"Demokrati" – ja.',
            "criteria": ["DEMOCRACY_STATUTES", "NO_VIOLENT_EXTREMISM"],
            "rulebook_version": 1,
            "changes": {
                "decision_id": 9,
                "outcome": "approved",
                "amount_granted": {"from": None, "to": "4000.00"},
            },
            "request_id": "",
            "ip": "192.0.2.10",
        },
    )
    return {**body, "v": 1}


def test_event_vector_bytes_and_hash_match_the_document() -> None:
    data = canonical_bytes(event_one())
    assert data.decode() in doc_blocks()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == "bf4f7bc7633e527bdfd9dd4244543bfc34098b541a7c59c2e66b7d1a032464f6"
    assert digest in DOC


def test_second_event_links_to_the_first() -> None:
    first = hashlib.sha256(canonical_bytes(event_one())).hexdigest()
    second = dict(
        event_one(),
        seq=2,
        prev_hash=first,
        action="application.pay",
        from_state="approved",
        to_state="paid",
        reasons="",
        criteria=[],
        changes={},
        time="2026-03-02T10:00:00.000000Z",
    )
    data = canonical_bytes(second)
    assert data.decode() in doc_blocks()
    assert hashlib.sha256(data).hexdigest() in DOC


def test_checkpoint_vector_matches_the_document() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    body = NoteBody(
        NAME,
        2,
        "a559888f1bf6f689cc87d8ceafdf9751407500e4b12daa1613c6f81e5d0aa700",
        "2026-03-02T11:00:00.000000Z",
    )
    note = sign_note(body, key, NAME)
    assert note.rstrip("\n") in doc_blocks()
    assert key_id(NAME, key.public_key()).hex() == "983b3c96"
    assert verifier_key(NAME, key.public_key()) in DOC
    assert verify_note(note, key.public_key(), NAME) == body


def test_note_signature_line_and_key_id_follow_signed_note() -> None:
    key = Ed25519PrivateKey.generate()
    note = sign_note(NoteBody(NAME, 5, "ab" * 32, "2026-01-01T00:00:00.000000Z"), key, NAME)
    body_text, _, sig_line = note.partition("\n\n")
    assert sig_line.startswith("\u2014 granska.example/audit ")
    _, signatures = parse_note(note)
    blob = signatures[0][1]
    assert len(blob) == 68 and blob[:4] == key_id(NAME, key.public_key())
    key.public_key().verify(blob[4:], (body_text + "\n").encode())


def test_a_note_signed_by_another_key_does_not_verify() -> None:
    note = sign_note(NoteBody(NAME, 1, "00" * 32, "t"), Ed25519PrivateKey.generate(), NAME)
    assert verify_note(note, Ed25519PrivateKey.generate().public_key(), NAME) is None


@pytest.mark.parametrize("text", ["", "a\nb", 'q"uote\\', "\x01\x1f\x7f", "ä😀\u2028"])
def test_record_event_columns_agree_with_canonical_bytes(text: str, record) -> None:
    from audit.models import AuditEvent
    from audit.verify import verify_chain

    record(1, reasons=text, changes={text or "k": [text, 1, None, True]})
    event = AuditEvent.objects.get()
    assert event.reasons_text == text
    assert verify_chain(workers=1).intact


def test_v2_vector_commitment_bytes_and_hash_match_the_document() -> None:
    """Format v2 (1.9): the reasons are a commitment to the text and a nonce."""
    import rfc8785

    from audit.texts import text_commitment

    nonce, text = "000102030405060708090a0b0c0d0e0f", event_one()["reasons"]
    assert rfc8785.dumps({"nonce": nonce, "text": text}).decode() in doc_blocks()
    commitment = text_commitment(nonce, text)
    assert commitment == "5cedde4d15ffd480dc931aee99025ae1b699ce7b9ff9312c85481157cb3804e1"
    first = hashlib.sha256(canonical_bytes(event_one())).hexdigest()
    second = hashlib.sha256(
        canonical_bytes(
            dict(event_one(), seq=2, prev_hash=first, action="application.pay",
                 from_state="approved", to_state="paid", reasons="", criteria=[], changes={},
                 time="2026-03-02T10:00:00.000000Z")
        )
    ).hexdigest()  # fmt: skip
    third = _event_body(
        3,
        second,
        dict(
            {k: v for k, v in event_one().items() if k not in ("v", "seq", "prev_hash")},
            action="application.correct", from_state="paid", to_state="paid",
            reasons={"sha256": commitment}, criteria=[], changes={"decision_id": 10, "replaces": 9},
            time="2026-03-03T08:15:00.000000Z",
        ),
    )  # fmt: skip
    data = canonical_bytes(third)
    assert third["v"] == 2 and data.decode() in doc_blocks()
    assert hashlib.sha256(data).hexdigest() == (
        "e1a2a98685c0c1d109d48ea0d98df6c64f9a820047fce9717bcd26f246ff594a"
    )
    load = __import__("tests.audit.conftest", fromlist=["load_verifier"]).load_verifier()
    assert load.text_commitment(nonce, text) == commitment  # the offline verifier agrees
