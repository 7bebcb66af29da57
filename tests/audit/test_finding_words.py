"""Reconciliation findings in the reader's language (``audit.findings``). ``manage.py
audit_verify`` printed its result line and notes in the server's language but every finding as an
English f-string ("case X: state Y, trail says Z") that Swedish auditors had to read. A finding is
now a code and its parameters: the ``audit.verified`` event records the English text as before in
``findings`` (the recorded form is unchanged) and the fields in ``finding_records``; the command
and the chain page word them in Swedish, English through the catalogue. Each kind of finding is
driven here by a real discrepancy, and printed in both languages."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from audit.checkpoints import run_verification
from audit.context import SYSTEM
from audit.findings import FIELDS, NO_EVENT, PROBLEMS, SUBJECTS, Finding, finding_label
from audit.models import AuditEvent, EventText
from audit.reconcile import reconciliation
from audit.services import record_event
from tests.audit.test_reconcile_assessments import assessed
from tests.audit.test_reconcile_decisions import communicated, corrected, decided
from tests.audit.test_reconcile_documents import PDF, attached
from tests.audit.test_trail import delegation_events
from tests.factories import DelegationFactory
from tests.web.test_page_texts import english
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import (
    Application,
    Assessment,
    Communication,
    Criterion,
    Decision,
    DecisionNotice,
    IncomingDocument,
    State,
)

pytestmark = pytest.mark.django_db
Kind = tuple[str, str]  # what a finding is about and what is wrong (a differing field by name)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def kind(record: dict[str, Any]) -> Kind:
    return record["object"], record["field"] if record["code"] == "differs" else record["code"]


def copy(model: Any, row: Any, **values: Any) -> Any:
    """The row saved again as a new one (``values`` changed): a row no event recorded."""
    fields = model.objects.filter(pk=row.pk).values().get()
    fields.pop("id")
    return model.objects.create(**{**fields, **values})


def _auditor(world: World) -> Client:
    client = Client()
    client.force_login(world.auditor)
    return client


def cases(world: World) -> str:
    app = drive(world, world.submit(), State.IN_REVIEW)
    paid = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(cast(world), paid)
    delegation_events()
    later = timezone.localdate() + timedelta(days=90)
    Application.objects.filter(pk=app.pk).update(
        state=State.APPROVED, revocation_response_due=later, revocation_responded_at=timezone.now()
    )  # no revocation letter; a response the trail never registered
    Application.objects.filter(pk=paid.pk).update(revocation_response_due=later)
    copy(Application, app, reference="KFN-2026-09999")
    DelegationFactory(user=world.handler2, administration=world.kultur)  # no event
    return app.reference


def assessments(world: World) -> None:
    _, edited = assessed(world)
    other = Criterion.objects.exclude(pk=edited.criterion_id).filter(
        rulebook_id=edited.criterion.rulebook_id
    )[0]
    Assessment.objects.filter(pk=edited.pk).update(
        criterion=other, outcome="pass", evidence_kind="statute_quote", evidence_text="Annat."
    )
    _, replaced = assessed(world, document=True)
    Path(replaced.evidence_document.path).write_bytes(b"Ett annat protokoll.")
    _, gone = assessed(world, document=True)
    Path(gone.evidence_document.path).unlink()
    copy(Assessment, edited)


def decisions(world: World) -> None:
    _, decision = decided(world)
    rows = [dict(row) for row in decision.criteria]
    rows[0].update(evidence="Något annat.", cited=not rows[0]["cited"])
    Decision.objects.filter(pk=decision.pk).update(
        outcome="rejected", amount_granted=Decimal("40000"), reasons="Avslag", kind="correction",
        appeal_instructions="Kan inte överklagas.", criteria=rows, decided_by=world.decider_small,
        decided_at=decision.decided_at - timedelta(days=3),
        delegation=DelegationFactory(user=world.decider, administration=world.kultur),
    )  # fmt: skip
    old, new = corrected(world)
    Decision.objects.filter(pk=new.pk).update(replaces=None, applicant_heard="Ej hörd.")
    _, revocation = decided(world, demo.REVOKED_AFTER_PAYMENT)
    assert revocation.repayment_due is not None
    Decision.objects.filter(pk=revocation.pk).update(
        amount_granted=Decimal("1"), repayment_due=revocation.repayment_due + timedelta(1)
    )
    copy(Decision, old, replaces_id=None)
    delegation_events()


def communications(world: World) -> None:
    _, letter, _label = communicated(world)
    Communication.objects.filter(pk=letter.pk).update(
        proposal_text="Bifall.", due=letter.due + timedelta(days=30), proposed_outcome="approved",
        proposed_amount=Decimal("10"), criteria=["OPEN_MEMBERSHIP"], material=[],
        sent_by=world.decider_small,
    )  # fmt: skip
    copy(Communication, letter)


def notices(world: World) -> None:
    _, decision = decided(world)
    _, other = decided(world)
    notice = svc.decision_notify(
        decision=decision, actor=world.handler, channel="letter", recipient="Kim Ek"
    )
    DecisionNotice.objects.filter(pk=notice.pk).update(
        channel="email", decision=other, sent_by=world.decider_small
    )
    copy(DecisionNotice, notice)


def documents(world: World) -> None:
    app, edited = attached(world)
    _, replaced = attached(world, app)
    _, gone = attached(world, app)
    IncomingDocument.objects.filter(pk=edited.pk).update(
        kind="other", received_on=edited.received_on - timedelta(days=3), sha256="0" * 64,
        file=replaced.file.name,
    )  # fmt: skip
    Path(replaced.file.path).write_bytes(PDF + b"%")
    Path(gone.file.path).unlink()
    copy(IncomingDocument, edited)


def texts(world: World) -> None:
    seqs = []
    for reasons in ("Ändrad text.", "Borttagen text.", ""):
        with transaction.atomic():
            seqs.append(record_event(actor=SYSTEM, action="test.event", reasons=reasons).seq)
    EventText.objects.filter(event_id=seqs[0]).update(text="Annan text.")
    EventText.objects.filter(event_id=seqs[1]).delete()
    EventText.objects.create(event_id=seqs[2], text="påhittad", nonce="00")


SCENARIOS: dict[str, tuple[Callable[[World], Any], set[Kind]]] = {
    "cases": (cases, {
        ("case", "state"), ("case", "revocation_responded_at"),
        ("case", "revocation_without_letter"), ("case", "revocation_letter_differs"),
        ("case", "no_event"), ("delegation", "no_event"),
    }),
    "assessments": (assessments, {
        ("assessment", "criterion"), ("assessment", "outcome"), ("assessment", "evidence_kind"),
        ("assessment", "evidence_text_differs"), ("assessment", "evidence_file_differs"),
        ("assessment", "evidence_file_unreadable"), ("assessment", "no_event"),
    }),
    "decisions": (decisions, {
        ("decision", "outcome"), ("decision", "amount_granted"), ("decision", "reasons_differ"),
        ("decision", "kind"), ("decision", "document_digest_differs"),
        ("decision", "criteria_digest_differs"), ("decision", "cited_criteria"),
        ("decision", "decided_by"), ("decision", "decided_at"), ("decision", "delegation"),
        ("decision", "replaces"), ("decision", "hearing_differs"),
        ("decision", "reclaim_amount"), ("decision", "repayment_due"), ("decision", "no_event"),
    }),
    "communications": (communications, {
        ("communication", "proposal_text_differs"), ("communication", "due"),
        ("communication", "proposed_outcome"), ("communication", "proposed_amount"),
        ("communication", "criteria"), ("communication", "letter_digest_differs"),
        ("communication", "sent_by"), ("communication", "no_event"),
    }),
    "notices": (notices, {
        ("notice", "channel"), ("notice", "decision"), ("notice", "sent_by"),
        ("notice", "no_event"),
    }),
    "documents": (documents, {
        ("document", "kind"), ("document", "received_on"), ("document", "stored_digest_differs"),
        ("document", "file"), ("document", "file_differs"), ("document", "file_unreadable"),
        ("document", "no_event"),
    }),
    "texts": (texts, {
        ("event", "text_differs"), ("event", "text_missing"), ("event_text", "text_uncommitted"),
    }),
}  # fmt: skip


def test_the_scenarios_drive_every_kind_of_finding() -> None:
    driven = set().union(*(kinds for _, kinds in SCENARIOS.values()))
    assert {subject for subject, _ in driven} == set(SUBJECTS)
    assert {("x", c) for c in PROBLEMS} == {("x", c) for _, c in driven if c in PROBLEMS}
    assert {c for _, c in driven if c in FIELDS} == set(FIELDS)
    assert {s for s, c in driven if c == "no_event"} == set(NO_EVENT)


def _printed(language: str) -> list[str]:
    """The findings ``audit_verify`` prints (exit 2) in ``language``."""
    err = io.StringIO()
    with translation.override(language), pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stderr=err)
    assert exit_info.value.code == 2
    note = "  " + ("note: " if language == "en" else "anmärkning: ")
    lines = err.getvalue().splitlines()[1:]
    return [line.removeprefix("  ") for line in lines if not line.startswith(note)]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_each_finding_is_printed_in_swedish_and_in_english(
    world: World, media: Path, scenario: str
) -> None:
    drive_it, expected = SCENARIOS[scenario]
    drive_it(world)
    findings = reconciliation().findings
    assert all(type(f) is Finding for f in findings)  # no English f-string slipped in
    assert {kind(f.record) for f in findings} == expected
    swedish, english = _printed("sv"), _printed("en")
    assert english == findings  # the catalogue's English is the recorded text
    with translation.override("sv"):
        assert swedish == [finding_label(f.record) for f in findings]
    for sv, en in zip(swedish, english, strict=True):
        assert sv != en and sv not in english, sv  # worded, not the English msgid
        assert not re.search(r"trail says|differs? from|missing or|\bno \w+ event", sv), sv


def test_the_event_records_the_english_and_the_fields_and_the_page_words_them(
    world: World,
) -> None:
    reference = cases(world)
    report = run_verification(record=True)
    event = AuditEvent.objects.get(action="audit.verified")
    assert event.changes["findings"] == [str(f) for f in report.findings]
    assert event.changes["finding_records"] == [f.record for f in report.findings]
    state = {"object": "case", "code": "differs", "case": reference, "field": "state",
             "value": "approved", "recorded": "in_review"}  # fmt: skip
    assert state in event.changes["finding_records"]
    auditor = _auditor(world)
    sv = auditor.get("/revision/kedja/").content.decode()
    assert f"ärende {reference}: status approved, kedjan anger in_review" in sv
    assert "trail says" not in sv
    en = english(auditor).get("/revision/kedja/").content.decode()
    assert f"case {reference}: state approved, trail says in_review" in en


def test_a_run_recorded_before_the_fields_is_shown_as_recorded(world: World) -> None:
    with transaction.atomic():
        record_event(
            actor=SYSTEM, action="audit.verified", object_type="audit_chain",
            reasons="OK: 3 events, chain intact to #3 (0123456789abcdef…), 0 checkpoints "
            "verified; RECONCILIATION: 2 findings",
            changes={"intact": True, "first_bad": None, "head_seq": 3, "checkpoints": 0,
                     "findings": ["case KFN-1: state approved, trail says in_review",
                                  "delegation 4: no reference-data event"]},
        )  # fmt: skip
    page = _auditor(world).get("/revision/kedja/").content.decode()
    assert "case KFN-1: state approved, trail says in_review" in page


@pytest.mark.parametrize(
    "record",
    [
        None, "text", {"object": "case", "code": "no_event"},  # no case named
        {"object": "case", "code": "nothing", "case": "K-1"},
        {"object": "planet", "code": "no_event", "case": "K-1"},
        {"object": "case", "code": "differs", "case": "K-1", "field": "colour",
         "value": "a", "recorded": "b"},
        {"object": "case", "code": "differs", "case": "K-1", "field": "state",
         "value": ["a"], "recorded": "b"},
        {"object": "delegation", "code": "no_event", "id": True},
    ],
)  # fmt: skip
def test_an_altered_or_unknown_record_is_not_worded(record: Any) -> None:
    """The page reads the record from the trail: a shape not written here is shown as written."""
    assert finding_label(record) is None


def test_a_value_the_row_or_trail_lacks_is_worded_too() -> None:
    finding = Finding(
        "case", "revocation_letter_differs", case="K-1", value=None, letter=3, recorded=None
    )
    assert finding == (
        "case K-1: revocation response due none, revocation letter 3 says none (dropped)"
    )
    record = finding.record
    with translation.override("sv"):
        assert finding_label(record) == (
            "ärende K-1: svar om återkallandet senast ingen, brevet 3 om avsett återkallande "
            "anger ingen (avslutat utan återkallelse)"
        )
    with translation.override("en"):
        assert finding_label(record) == (
            "case K-1: revocation response due none, revocation letter 3 says none (dropped)"
        )
