"""Format v2 (ADR 0027): a non-empty reasons is kept outside the chain, committed by digest with
a nonce, verified against it, exported beside its event, and can be pruned (gallring) or erased
without breaking verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from audit.checkpoints import run_verification, sign_checkpoint
from audit.context import SYSTEM, Actor, actor_for_user
from audit.findings import finding_label
from audit.models import AuditEvent, EventText
from audit.pruning import PruneRefused, event_texts_prune
from audit.services import _columns, canonical_bytes, record_event
from audit.texts import text_commitment
from tests.audit.conftest import load_verifier, sql

pytestmark = pytest.mark.django_db
CASE = "KFN-2026-0001"


@pytest.fixture
def record(record: Callable[..., list[int]]) -> Callable[..., list[int]]:
    """The conftest's events with their texts in reasons only (not also in changes)."""
    return lambda n, **kwargs: record(n, **{"changes": {"n": 1}, **kwargs})


def admin_actor(django_user_model: Any, *, superuser: bool = True) -> Actor:
    user = django_user_model.objects.create_user("admin-x", is_superuser=superuser)
    return actor_for_user(user)


def test_a_v2_event_commits_to_its_text_and_keeps_it_beside_the_chain(
    record: Callable[..., list[int]],
) -> None:
    (seq,) = record(1, reasons='Kontaktperson "Anna" ringde.\n')
    event = AuditEvent.objects.get(seq=seq)
    body = json.loads(event.canonical)
    side = EventText.objects.get(event_id=seq, field="reasons")
    assert body["v"] == 2 and "Anna" not in event.canonical
    assert body["reasons"] == {"sha256": event.reasons_sha256}
    expected = hashlib.sha256(rfc8785.dumps({"nonce": side.nonce, "text": side.text})).hexdigest()
    assert event.reasons_sha256 == expected == text_commitment(side.nonce, side.text)
    assert len(side.nonce) == 32 and side.text == 'Kontaktperson "Anna" ringde.\n'
    assert (event.reasons, event.reasons_text, event.format_version) == ("", side.text, 2)


def test_the_same_text_twice_gets_two_commitments(record: Callable[..., list[int]]) -> None:
    """A nonce per text: nobody can confirm a guessed text, nor see that two events say the same."""
    first, second = record(2, reasons="Samma text.")
    a, b = AuditEvent.objects.get(seq=first), AuditEvent.objects.get(seq=second)
    assert a.reasons_sha256 != b.reasons_sha256


def test_an_empty_reasons_stays_empty_and_gets_no_side_row(
    record: Callable[..., list[int]],
) -> None:
    (seq,) = record(1, reasons="")
    event = AuditEvent.objects.get(seq=seq)
    assert json.loads(event.canonical)["reasons"] == "" and event.reasons_sha256 is None
    assert not EventText.objects.exists()


def test_writing_an_event_with_a_text_is_one_more_statement(db: None) -> None:
    from django.test.utils import CaptureQueriesContext

    def statements(reasons: str) -> int:
        with CaptureQueriesContext(connection) as ctx, transaction.atomic():
            record_event(actor=SYSTEM, action="test.event", reasons=reasons)
        return len(ctx.captured_queries)

    assert statements("en text") == statements("") + 1


def test_a_chain_of_v2_events_verifies_clean(record: Callable[..., list[int]]) -> None:
    record(5)
    report = run_verification()
    assert report.intact and report.findings == []


def test_a_changed_text_is_a_finding_naming_the_event(record: Callable[..., list[int]]) -> None:
    seqs = record(4)
    EventText.objects.filter(event_id=seqs[2]).update(text="händelse 9")
    report = run_verification()
    assert report.intact
    assert report.findings == [f"event #{seqs[2]}: reasons text differs from its commitment"]
    # in Swedish in words an auditor knows (a digest in the chain), not "åtagande"
    with translation.override("sv"):
        assert finding_label(report.findings[0].record) == (
            f"händelse #{seqs[2]}: texten reasons skiljer sig från sitt hashvärde i kedjan"
        )


def test_a_text_deleted_without_pruning_is_a_finding(record: Callable[..., list[int]]) -> None:
    seqs = record(3)
    EventText.objects.filter(event_id=seqs[1]).delete()
    EventText.objects.filter(event_id=seqs[2]).update(text="", nonce="")  # blanked by hand
    findings = run_verification().findings
    assert findings == [
        f"event #{seqs[1]}: reasons text missing, and no audit.texts_pruned event covers it",
        f"event #{seqs[2]}: reasons text missing, and no audit.texts_pruned event covers it",
    ]


def test_a_text_no_event_commits_to_is_a_finding(record: Callable[..., list[int]]) -> None:
    (seq,) = record(1, reasons="")
    EventText.objects.create(event_id=seq, text="påhittad", nonce="00")
    assert run_verification().findings == [
        f"text of event #{seq} (reasons): the event commits to no such text"
    ]


def test_pruning_a_case_blanks_its_texts_records_one_event_and_verifies(
    record: Callable[..., list[int]], django_user_model: Any
) -> None:
    seqs = record(3) + record(2, case_ref="KFN-2026-0002")
    pruned = event_texts_prune(
        actor=admin_actor(django_user_model), case_ref=CASE, ground="DHP 4.2, tre år"
    )
    assert pruned.seqs == seqs[:3] and pruned.cases == [CASE]
    rows = EventText.objects.filter(event_id__in=seqs[:3])
    assert {(r.text, r.nonce, r.pruned_by) for r in rows} == {("", "", pruned.event_seq)}
    assert EventText.objects.filter(event_id__in=seqs[3:], pruned_at__isnull=True).count() == 2
    event = AuditEvent.objects.get(seq=pruned.event_seq)
    assert (event.action, event.case_ref, event.reasons) == ("audit.texts_pruned", CASE, "")
    assert event.changes["seqs"] == seqs[:3] and event.changes["ground"] == "DHP 4.2, tre år"
    assert AuditEvent.objects.get(seq=seqs[0]).reasons_pruned_at == event.occurred_at
    report = run_verification()
    assert report.intact and report.findings == []


def test_pruning_before_a_day_takes_the_older_events_only(
    record: Callable[..., list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import audit.services

    monkeypatch.setattr(audit.services.timezone, "now", lambda: datetime(2020, 1, 2, tzinfo=UTC))
    old = record(2)
    monkeypatch.undo()
    new = record(1)
    pruned = event_texts_prune(actor=SYSTEM, before=datetime(2021, 1, 1).date(), ground="DHP")
    assert pruned.seqs == old
    assert AuditEvent.objects.get(seq=new[0]).reasons_text == "händelse 0"
    assert run_verification().findings == []


def test_a_pruning_event_covers_only_the_events_it_lists(record: Callable[..., list[int]]) -> None:
    seqs = record(2) + record(1, case_ref="KFN-2026-0002")
    event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP")
    EventText.objects.filter(event_id=seqs[2]).delete()
    assert run_verification().findings == [
        f"event #{seqs[2]}: reasons text missing, and no audit.texts_pruned event covers it"
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ground": "DHP"}, "case"),
        ({"before": timezone.localdate() + timedelta(days=1), "ground": "DHP"}, "before"),
        ({"case_ref": CASE, "ground": "  "}, "ground"),
        ({"case_ref": "KFN-2026-9999", "ground": "DHP"}, "case"),
        ({"association_id": 999, "ground": "DHP"}, "association"),
    ],
)
def test_pruning_errors_name_the_field(
    record: Callable[..., list[int]], kwargs: dict[str, Any], field: str
) -> None:
    record(1)
    with pytest.raises(PruneRefused) as refused:
        event_texts_prune(actor=SYSTEM, **kwargs)
    assert list(refused.value.errors) == [field]
    assert not AuditEvent.objects.filter(action="audit.texts_pruned").exists()


def test_only_administrators_superusers_and_the_system_may_prune(
    record: Callable[..., list[int]], django_user_model: Any
) -> None:
    record(1)
    officer = actor_for_user(django_user_model.objects.create_user("officer-x"))
    with pytest.raises(PruneRefused) as refused:
        event_texts_prune(actor=officer, case_ref=CASE, ground="DHP")
    assert list(refused.value.errors) == ["actor"]
    assert EventText.objects.get().text == "händelse 0"
    event_texts_prune(actor=admin_actor(django_user_model), case_ref=CASE, ground="DHP")
    assert EventText.objects.get().text == ""


def test_the_command_prunes_and_names_the_field_it_refuses(
    record: Callable[..., list[int]], capsys: Any
) -> None:
    record(2)
    with pytest.raises(CommandError, match="--case"):
        call_command("prune_event_texts", "--ground", "DHP")
    with pytest.raises(CommandError, match="--before"):
        call_command("prune_event_texts", "--before", "2999-01-01", "--ground", "DHP")
    with pytest.raises(CommandError, match=r"--before: '2026-13-01' är inget datum"):
        call_command("prune_event_texts", "--before", "2026-13-01", "--ground", "DHP")
    call_command("prune_event_texts", "--case", CASE, "--ground", "DHP 4.2")
    assert "Gallrade texterna i 2 händelser (1 ärenden)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--case: Det finns inga texter att gallra"):
        call_command("prune_event_texts", "--case", CASE, "--ground", "DHP 4.2")


def test_v1_events_before_v2_ones_still_verify(db: None) -> None:
    """An event written before format v2 (v 1, its reasons in the chain) is untouched."""
    body = {
        "v": 1, "seq": 1, "prev_hash": "0" * 64, "time": "2026-01-01T00:00:00.000000Z",
        "actor": {"type": "system", "id": "system", "role": "system", "administration": ""},
        "action": "test.event", "object": {"type": "thing", "id": "1"}, "case": CASE,
        "association": None, "from_state": "", "to_state": "", "reasons": "klartext v1",
        "criteria": [], "rulebook_version": None, "changes": {}, "request_id": "", "ip": "",
    }  # fmt: skip
    data = canonical_bytes(body)
    AuditEvent.objects.create(
        seq=1, occurred_at=datetime(2026, 1, 1, tzinfo=UTC), prev_hash="0" * 64,
        hash=hashlib.sha256(data).hexdigest(), canonical=data.decode(), **_columns(body),
    )  # fmt: skip
    with transaction.atomic():
        record_event(actor=SYSTEM, action="test.event", case_ref=CASE, reasons="v2-text")
    v1 = AuditEvent.objects.get(seq=1)
    assert (v1.format_version, v1.reasons_sha256, v1.reasons_text) == (None, None, "klartext v1")
    report = run_verification()
    assert report.intact and report.findings == []


def test_a_v2_column_that_differs_from_the_commitment_breaks_the_chain(
    record: Callable[..., list[int]], no_triggers: None
) -> None:
    seqs = record(3)
    sql("UPDATE audit_auditevent SET reasons_sha256 = %s WHERE seq = %s", ["ab" * 32, seqs[1]])
    report = run_verification()
    assert (report.first_bad, report.problem) == (
        seqs[1],
        "columns differ from the canonical bytes",
    )


# --- export and the offline verifier --------------------------------------------------------


def export(tmp_path: Path) -> Path:
    target = tmp_path / "export.jsonl"
    call_command("audit_export", "--output", str(target), "--format", "jsonl")
    return target


def verify_file(path: Path) -> str:
    module = load_verifier()
    try:
        return str(module.verify(str(path), None, None, strict=True))
    except (module.Bad, module.BadTexts) as bad:
        return str(bad)


def test_the_export_carries_each_text_beside_its_event_and_verifies(
    record: Callable[..., list[int]], tmp_path: Path
) -> None:
    seqs = record(3)
    sign_checkpoint()
    lines = export(tmp_path).read_bytes().splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.startswith(b'{"text":')]
    assert [(t["seq"], t["text"]) for t in texts] == [
        (s, f"händelse {i}") for i, s in enumerate(seqs)
    ]
    assert json.loads(lines[0])["header"]["version"] == 3
    assert verify_file(tmp_path / "export.jsonl").startswith("OK: events #1-#3")


def test_the_offline_verifier_finds_a_changed_or_missing_text(
    record: Callable[..., list[int]], tmp_path: Path
) -> None:
    seqs = record(3)
    path = export(tmp_path)
    lines = path.read_bytes().splitlines(keepends=True)
    changed = [line.replace("händelse 1".encode(), "händelse 7".encode()) for line in lines]
    path.write_bytes(b"".join(changed))
    assert verify_file(path) == (
        f"BAD at #{seqs[1]}: reasons text does not match its commitment (the text in the file is "
        "not the one the event recorded: it was changed after it was recorded)"
    )
    dropped = [line for line in lines if b'"seq":%d,"text"' % seqs[2] not in line]
    path.write_bytes(b"".join(dropped))
    assert verify_file(path) == (
        f"BAD at #{seqs[2]}: reasons text missing, and no audit.texts_pruned event covers it"
    )


def test_a_pruned_export_verifies_and_shows_no_text(
    record: Callable[..., list[int]], tmp_path: Path
) -> None:
    record(3)
    pruned = event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP")
    data = export(tmp_path).read_bytes()
    assert "händelse".encode() not in data
    assert b'"pruned_by":%d' % pruned.event_seq in data
    assert verify_file(tmp_path / "export.jsonl").startswith("OK: events #1-#4")


def test_the_csv_export_shows_the_text_then_when_it_was_pruned(
    record: Callable[..., list[int]],
) -> None:
    from audit.export import ExportRange, csv_lines

    record(1)
    rng = ExportRange(None, None, 1, 1)
    assert "händelse 0" in b"".join(csv_lines(rng)).decode()
    event_texts_prune(actor=SYSTEM, case_ref=CASE, ground="DHP")
    text = b"".join(csv_lines(rng)).decode()
    assert "händelse 0" not in text and f"gallrad {timezone.localdate():%Y-%m-%d}" in text


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 22, 23, 30, tzinfo=UTC),  # aware, as from the ORM
        datetime(2026, 11, 22, 23, 30),  # naive UTC, as from raw SQL on SQLite
    ],
)
def test_a_pruning_moment_is_shown_as_the_swedish_day(moment: datetime) -> None:
    from audit.texts import pruned_label

    # 23:30 UTC on 22 November is 00:30 on the 23rd in Stockholm.
    with translation.override("sv"):
        assert pruned_label(moment) == "gallrad 2026-11-23"
    assert pruned_label(date(2026, 11, 22)).endswith("2026-11-22")
