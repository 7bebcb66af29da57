"""The chain page shows what ``manage.py audit_verify`` prints: the verified range (up to which
event, and that event's hash), and the notes on what reconciliation could not check in full, in
the page's language; runs recorded before the notes had fields are read from their English text."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import record_event
from tests.audit.test_reconcile_assessments import legacy_assessment
from tests.web.test_page_texts import english

pytestmark = pytest.mark.django_db
CHAIN = "/revision/kedja/"
NOTE_SV = (
    "1 bedömning registrerades före underlagets hashvärden: kriterium, utfall och typ av "
    "underlag är avstämda, själva underlaget inte"
)
NOTE_EN = (
    "1 assessments recorded before evidence digests: criterion, outcome and evidence kind "
    "reconciled, the evidence itself not"
)


def _notes(page: str) -> list[str]:
    found = re.search(r'<ul id="reconciliation-notes">(.*?)</ul>', page, re.S)
    if not found:
        return []
    return [html.unescape(n) for n in re.findall(r"<li>(.*?)</li>", found.group(1))]


def test_an_old_event_without_a_digest_gives_the_commands_note_on_the_page(
    world: Any, login: Any
) -> None:
    legacy_assessment(world)
    out, out_en = io.StringIO(), io.StringIO()
    call_command("audit_verify", stdout=out)
    with translation.override("en"):
        call_command("audit_verify", stdout=out_en)
    notes = [line.removeprefix("  anmärkning: ") for line in out.getvalue().splitlines()[1:]]
    assert notes == [NOTE_SV]
    notes_en = [line.removeprefix("  note: ") for line in out_en.getvalue().splitlines()[1:]]
    assert notes_en == [NOTE_EN.replace("1 assessments", "1 assessment")]
    auditor = login(world.auditor)
    auditor.post("/revision/kedja/verifiera/")
    page = auditor.get(CHAIN).content.decode()
    assert _notes(page) == [NOTE_SV]
    in_english = _notes(english(auditor).get(CHAIN).content.decode())
    assert in_english == [NOTE_EN.replace("1 assessments", "1 assessment")]  # one, in grammar
    run = AuditEvent.objects.get(action="audit.verified")
    assert run.changes["note_records"] == [{"code": "assessments_without_digest", "count": 1}]


def test_the_page_shows_the_verified_range_and_the_heads_hash(world: Any, login: Any) -> None:
    legacy_assessment(world)
    auditor = login(world.auditor)
    auditor.post("/revision/kedja/verifiera/")
    run = AuditEvent.objects.get(action="audit.verified")
    head = AuditEvent.objects.get(seq=run.seq - 1)
    assert run.changes["head_seq"] == head.seq and run.changes["head_hash"] == head.hash
    assert f"chain intact to #{head.seq} ({head.hash[:16]}…)" in run.reasons_text  # the line
    range_ = re.search(r'<dl class="facts" id="verified-range">(.*?)</dl>', auditor.get(CHAIN)
                       .content.decode(), re.S).group(1)  # fmt: skip
    assert f"nr 1–{head.seq}" in range_ and f"<code>{head.hash}</code>" in range_


def _old_run(**changes: Any) -> None:
    """An audit.verified event as recorded before the notes and the head's hash had fields."""
    record_event(
        actor=SYSTEM,
        action="audit.verified",
        object_type="audit_chain",
        reasons=f"OK: 9 events, chain intact to #9 ({'ab' * 8}…), 1 checkpoints verified, "
        "reconciliation clean",
        changes={"intact": True, "first_bad": None, "head_seq": 9, "checkpoints": 1, **changes},
    )


def test_a_run_recorded_with_english_notes_only_is_still_worded(world: Any, login: Any) -> None:
    _old_run(notes=[NOTE_EN.replace("1 ", "3 ", 1), "something else entirely"], findings=[])
    auditor = login(world.auditor)
    page = auditor.get(CHAIN).content.decode()
    assert _notes(page) == [
        NOTE_SV.replace("1 bedömning registrerades", "3 bedömningar registrerades"),
        "something else entirely",
    ]
    assert f"<code>{'ab' * 8}…</code>" in page
    in_english = _notes(english(auditor).get(CHAIN).content.decode())
    assert in_english == [NOTE_EN.replace("1 ", "3 ", 1), "something else entirely"]


@pytest.mark.parametrize(
    "records", [[{"code": "unknown", "count": 2}], [{"code": "assessments_without_digest"}], "x"]
)
def test_note_records_of_another_shape_are_shown_as_written(world, login, records) -> None:
    _old_run(notes=["as written"], note_records=records)
    response = login(world.auditor).get(CHAIN)
    assert response.status_code == 200 and _notes(response.content.decode()) == ["as written"]


def test_a_broken_chain_shows_no_range_and_no_notes(world: Any, login: Any) -> None:
    record_event(
        actor=SYSTEM,
        action="audit.verified",
        object_type="audit_chain",
        reasons="BROKEN at #4: event missing (deleted)",
        changes={"intact": False, "first_bad": 4, "head_seq": 0, "notes": [NOTE_EN]},
    )
    page = login(world.auditor).get(CHAIN).content.decode()
    assert 'id="verified-range"' not in page and _notes(page) == []


def test_every_note_the_reconciliation_can_record_is_worded_on_the_page() -> None:
    """A code audit.reconcile records (NOTES) without a text here would show as unknown."""
    from audit.reconcile import NOTES
    from audit.verification_words import NOTE_TEXTS

    assert set(NOTE_TEXTS) == set(NOTES)
