"""Free text inside an event's ``changes`` leaves the chain too (ADR 0027, docs/audit-format.md
1.9): each key ``audit.freetext.FREE_TEXT`` declares is kept in ``audit.EventText`` (field
``changes.<key>``, its own nonce), the chain holds its commitment, verification, export, the
offline verifier, pruning and readers handle it as they handle ``reasons``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.checkpoints import run_verification
from audit.context import SYSTEM
from audit.facts import event_facts
from audit.freetext import FREE_TEXT, is_commitment
from audit.models import AuditEvent, EventText
from audit.pruning import event_texts_prune
from audit.services import record_event
from audit.texts import text_commitment
from tests.audit.conftest import load_verifier

pytestmark = pytest.mark.django_db
CASE = "KFN-2026-0001"
REASON = "Min svåger Per Persson sitter i styrelsen."
HEARD = "Sökanden hördes per telefon den 3 mars; Anna Ek svarade."


@pytest.fixture
def jav(db: None) -> Callable[..., int]:
    """A jäv declaration's event (its ground is free text), in the case ``CASE``."""

    def make(reason: str = REASON, **kwargs: Any) -> int:
        fields: dict[str, Any] = {
            "action": "conflict.declared", "object_type": "conflict", "case_ref": CASE,
            "changes": {"user": "p" * 32, "reason": reason},
        }  # fmt: skip
        with transaction.atomic():
            return record_event(actor=SYSTEM, **{**fields, **kwargs}).seq

    return make


@pytest.fixture
def decided(db: None) -> Callable[..., int]:
    """A decision's event with a reasons and two free texts in its changes."""

    def make(**changes: Any) -> int:
        with transaction.atomic():
            return record_event(
                actor=SYSTEM, action="application.decide", case_ref=CASE, reasons="Motivering.",
                changes={"outcome": "approved", "hearing_exception": "urgent",
                         "applicant_heard": HEARD, "response_considered": "Beaktat.", **changes},
            ).seq  # fmt: skip

    return make


def test_the_chain_holds_the_commitment_and_the_text_is_beside_it(jav: Callable[..., int]) -> None:
    seq = jav()
    event = AuditEvent.objects.get(seq=seq)
    side = EventText.objects.get(event_id=seq, field="changes.reason")
    body = json.loads(event.canonical)
    assert "Persson" not in event.canonical and "Persson" not in json.dumps(event.changes)
    assert body["changes"]["reason"] == {"sha256": text_commitment(side.nonce, side.text)}
    assert event.changes["reason"] == body["changes"]["reason"]
    assert body["changes"]["user"] == "p" * 32  # a pseudonym, not free text: in clear
    assert side.text == REASON and len(side.nonce) == 32
    assert AuditEvent.objects.get(seq=seq).changes_shown["reason"] == REASON
    assert run_verification().findings == []


def test_each_text_gets_its_own_nonce_and_row(decided: Callable[..., int]) -> None:
    seq = decided()
    rows = {t.field: t for t in EventText.objects.filter(event_id=seq)}
    assert set(rows) == {"reasons", "changes.applicant_heard", "changes.response_considered"}
    assert len({t.nonce for t in rows.values()}) == 3
    changes = AuditEvent.objects.get(seq=seq).changes
    assert is_commitment(changes["applicant_heard"]) and changes["hearing_exception"] == "urgent"


def test_an_empty_text_stays_empty_and_an_undeclared_key_stays_in_clear(
    jav: Callable[..., int],
) -> None:
    seq = jav("")
    other = jav(action="conflict.withdrawn")  # "reason" is not declared for it
    assert AuditEvent.objects.get(seq=seq).changes["reason"] == ""
    assert AuditEvent.objects.get(seq=other).changes["reason"] == REASON
    assert not EventText.objects.exists()


def test_all_of_an_events_texts_are_one_statement_and_none_without_any(db: None) -> None:
    def statements(action: str, **fields: Any) -> int:
        with CaptureQueriesContext(connection) as ctx, transaction.atomic():
            record_event(actor=SYSTEM, action=action, **fields)
        return len(ctx.captured_queries)

    plain = statements("application.decide", changes={"outcome": "approved"})
    texts = {"applicant_heard": HEARD, "response_considered": "Beaktat."}
    assert statements("application.decide", reasons="R", changes=texts) == plain + 1
    assert statements("application.submitted", changes={"kind": "grant"}) == plain


def test_a_changed_missing_or_orphan_text_is_a_finding(
    jav: Callable[..., int], decided: Callable[..., int]
) -> None:
    first, second, third = jav(), jav(), decided()
    EventText.objects.filter(event_id=first).update(text="Något annat.")
    EventText.objects.filter(event_id=second).delete()
    EventText.objects.create(event_id=third, field="changes.outcome", text="x", nonce="00")
    report = run_verification()
    assert report.intact
    assert report.findings == [
        f"event #{first}: changes.reason text differs from its commitment",
        f"event #{second}: changes.reason text missing, and no audit.texts_pruned event covers it",
        f"text of event #{third} (changes.outcome): the event commits to no such text",
    ]


def test_pruning_a_case_prunes_every_text_and_readers_say_when(
    jav: Callable[..., int], decided: Callable[..., int]
) -> None:
    seqs = [jav(), decided()]
    pruned = event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP 4.2")
    assert pruned.seqs == seqs
    assert not EventText.objects.filter(pruned_at__isnull=True).exists()
    assert not EventText.objects.exclude(text="", nonce="").exists()
    recorded = AuditEvent.objects.get(seq=pruned.event_seq).changes
    assert recorded["fields"] == [
        "changes.applicant_heard", "changes.reason", "changes.response_considered", "reasons",
    ]  # fmt: skip
    label = f"gallrad {timezone.localdate():%Y-%m-%d}"
    events = {e.seq: e for e in AuditEvent.objects.with_texts()}
    assert events[seqs[0]].changes_shown["reason"] == label
    facts = {f.key: f.value for f in event_facts(events[seqs[1]])}
    assert facts["applicant_heard"] == label
    assert run_verification().findings == []


def test_readers_show_the_text_in_the_lists_query(decided: Callable[..., int]) -> None:
    decided()
    decided(applicant_heard="Hördes skriftligen.")
    with CaptureQueriesContext(connection) as ctx:
        events = list(AuditEvent.objects.with_texts())
        shown = [e.changes_shown["applicant_heard"] for e in events]
        facts = [f.value for e in events for f in event_facts(e) if f.key == "applicant_heard"]
    assert shown == facts == [HEARD, "Hördes skriftligen."]
    assert len(ctx.captured_queries) == 1


def test_an_event_read_alone_fetches_its_texts_once(jav: Callable[..., int]) -> None:
    seq = jav()
    event = AuditEvent.objects.get(seq=seq)
    with CaptureQueriesContext(connection) as ctx:
        assert event.changes_shown["reason"] == REASON == event.changes_shown["reason"]
    assert len(ctx.captured_queries) == 1


def test_a_v1_style_clear_value_reads_as_written(db: None) -> None:
    """A declared key recorded in clear (before it was declared) is shown as recorded."""
    with transaction.atomic():
        seq = record_event(actor=SYSTEM, action="test.event", changes={"reason": REASON}).seq
    assert AuditEvent.objects.with_texts().get(seq=seq).changes_shown["reason"] == REASON


# --- export and the offline verifier ---------------------------------------------------------


def export(tmp_path: Path) -> Path:
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target), "--format", "jsonl")
    return target


def verify_file(path: Path) -> str:
    module = load_verifier()
    try:
        return str(module.verify(str(path), None, None, strict=True))
    except (module.Bad, module.BadTexts, module.Malformed) as bad:
        return str(bad)


def text_lines(path: Path) -> list[dict[str, Any]]:
    lines = path.read_bytes().splitlines()
    return [json.loads(line)["text"] for line in lines if line.startswith(b'{"text":')]


def test_the_export_carries_each_text_and_the_tool_verifies_it(
    jav: Callable[..., int], decided: Callable[..., int], tmp_path: Path
) -> None:
    first, second = jav(), decided()
    path = export(tmp_path)
    assert [(t["seq"], t["field"], t["text"]) for t in text_lines(path)] == [
        (first, "changes.reason", REASON),
        (second, "reasons", "Motivering."),
        (second, "changes.applicant_heard", HEARD),
        (second, "changes.response_considered", "Beaktat."),
    ]
    assert verify_file(path).startswith("OK: events #1-#2")
    assert "4 texts beside the chain checked" in verify_file(path)


def test_the_tool_rejects_a_changed_or_dropped_text_line(
    jav: Callable[..., int], decided: Callable[..., int], tmp_path: Path
) -> None:
    first, second = jav(), decided()
    path = export(tmp_path)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(line.replace(b"Persson", b"Olsson") for line in lines))
    changed = (
        f"BAD at #{first}: changes.reason text does not match its commitment (the text in the "
        "file is not the one the event recorded: it was changed after it was recorded)"
    )
    assert verify_file(path) == changed
    kept = [line for line in lines if b'"field":"changes.applicant_heard"' not in line]
    path.write_bytes(b"".join(kept))
    assert verify_file(path) == (
        f"BAD at #{second}: changes.applicant_heard text missing, and no audit.texts_pruned "
        "event covers it"
    )


def test_a_pruned_export_verifies_and_carries_no_text(
    jav: Callable[..., int], tmp_path: Path
) -> None:
    jav()
    event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP")
    path = export(tmp_path)
    assert b"Persson" not in path.read_bytes()
    assert [t["field"] for t in text_lines(path)] == ["changes.reason"]
    assert verify_file(path).startswith("OK: events #1-#2")


def test_the_csv_export_shows_the_text_then_when_it_was_pruned(jav: Callable[..., int]) -> None:
    from audit.export import ExportRange, csv_lines

    jav()
    rng = ExportRange(None, None, 1, 1)
    assert REASON in b"".join(csv_lines(rng)).decode()
    event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP")
    text = b"".join(csv_lines(rng)).decode()
    assert "Persson" not in text and f"gallrad {timezone.localdate():%Y-%m-%d}" in text


def test_the_registry_names_only_actions_and_keys(db: None) -> None:
    assert all(keys and all(k.isidentifier() for k in keys) for keys in FREE_TEXT.values())


def test_the_facts_show_the_jav_ground_and_the_response_considered_then_when_pruned(
    jav: Callable[..., int], decided: Callable[..., int]
) -> None:
    """docs/audit-format.md 1.9: the auditor's pages (``event_facts``) show each free text or
    "gallrad <date>"; the jäv's ground and a decision's response_considered were left out."""

    def facts() -> dict[int, dict[str, str]]:
        events = AuditEvent.objects.with_texts()
        return {e.seq: {f.label: f.value for f in event_facts(e)} for e in events}

    seqs = [jav(), decided()]
    shown = facts()
    assert shown[seqs[0]] == {"Grund för jävet": REASON}
    assert shown[seqs[1]]["Sökandens synpunkter och nämndens bedömning"] == "Beaktat."
    event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP 4.2")
    label = f"gallrad {timezone.localdate():%Y-%m-%d}"
    shown = facts()
    assert shown[seqs[0]] == {"Grund för jävet": label}
    assert shown[seqs[1]]["Sökandens synpunkter och nämndens bedömning"] == label


def test_another_events_reason_is_not_called_a_jav_ground(jav: Callable[..., int]) -> None:
    seq = jav(action="conflict.withdrawn")  # not declared free text, not a jäv's ground
    assert event_facts(AuditEvent.objects.get(seq=seq)) == []
