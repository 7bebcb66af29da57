"""Reconciliation of assessments: each assessment row against its ``assessment.recorded`` event,
which records the criterion, outcome and evidence kind, and the evidence by digest only (the
evidence may be personal data; the chain is kept for ever). An edited outcome, criterion,
evidence text or evidence file is a finding; events recorded before the digests are reconciled
on what they hold, and said so in a note."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from audit.checkpoints import run_verification
from audit.evidence import evidence_sha256
from audit.models import AuditEvent
from audit.reconcile import reconcile, reconciliation
from audit.services import record_event
from tests.audit.test_trail import delegation_events
from tests.world import World, drive
from vetting import services as svc
from vetting.models import Application, Assessment, Criterion, State

pytestmark = pytest.mark.django_db

FACT = "Styrelsen utses av ordföranden Anna Exempelsson, inte av årsmötet (protokoll 2026-03-01)."
DOCUMENT = "Protokoll: Årsmötet 2026, alla medlemmar röstade.".encode()


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def assessed(world: World, *, document: bool = False) -> tuple[Application, Assessment]:
    app = drive(world, world.submit(), State.IN_REVIEW)
    evidence: dict[str, Any] = {"evidence_kind": "fact", "evidence_text": FACT}
    if document:
        upload = SimpleUploadedFile("protokoll.txt", DOCUMENT)
        evidence = {"evidence_kind": "document", "evidence_text": FACT, "document": upload}
    data = svc.AssessmentInput(criterion_code="DEMOCRATIC_STRUCTURE", outcome="fail", **evidence)
    assessment = svc.assessment_record(application=app, actor=world.handler, data=data)
    delegation_events()
    return app, assessment


def event_of(assessment: Assessment) -> AuditEvent:
    return AuditEvent.objects.get(action="assessment.recorded", object_id=str(assessment.pk))


def test_the_event_records_the_evidence_by_digest_and_never_its_text(world: World) -> None:
    _, assessment = assessed(world, document=True)
    changes = event_of(assessment).changes
    file_digest = hashlib.sha256(DOCUMENT).hexdigest()
    assert changes["evidence_file_sha256"] == file_digest
    assert changes["evidence_sha256"] == evidence_sha256(FACT, file_digest)
    text = "\n".join(AuditEvent.objects.values_list("canonical", flat=True))
    assert FACT not in text and "Exempelsson" not in text


def test_the_digest_is_canonical_json_of_text_and_file_digest() -> None:
    """docs/audit-format.md: SHA-256 of RFC 8785 {"file": …, "text": …}; a test vector."""
    expected = hashlib.sha256('{"file":null,"text":"Är öppen för alla."}'.encode()).hexdigest()
    assert evidence_sha256("Är öppen för alla.", None) == expected


def test_reconciliation_is_clean_after_real_work(world: World) -> None:
    assessed(world, document=True)
    drive(world, world.submit(), State.PAID)
    assert reconciliation().findings == [] and reconciliation().notes == []


def test_an_edited_outcome_is_a_finding(world: World) -> None:
    app, assessment = assessed(world)
    Assessment.objects.filter(pk=assessment.pk).update(outcome="pass")
    assert reconcile() == [
        f"assessment {assessment.pk} ({app.reference}): outcome pass, trail says fail"
    ]


def test_an_edited_criterion_or_evidence_kind_is_a_finding(world: World) -> None:
    app, assessment = assessed(world)
    other = Criterion.objects.get(rulebook=app.rulebook, code="OPEN_MEMBERSHIP")
    Assessment.objects.filter(pk=assessment.pk).update(
        criterion=other, evidence_kind="statute_quote"
    )
    name = f"assessment {assessment.pk} ({app.reference})"
    assert reconcile() == [
        f"{name}: criterion OPEN_MEMBERSHIP, trail says DEMOCRATIC_STRUCTURE",
        f"{name}: evidence kind statute_quote, trail says fact",
    ]


def test_an_edited_evidence_text_is_a_finding(world: World) -> None:
    app, assessment = assessed(world, document=True)
    Assessment.objects.filter(pk=assessment.pk).update(evidence_text=FACT.replace("inte", "och"))
    assert reconcile() == [
        f"assessment {assessment.pk} ({app.reference}): evidence text differs from its digest "
        "in the trail"
    ]


def test_a_replaced_or_missing_evidence_file_is_a_finding(world: World) -> None:
    app, assessment = assessed(world, document=True)
    stored = Path(assessment.evidence_document.path)
    stored.write_bytes(b"Protokoll: ingen omrostning.")
    name = f"assessment {assessment.pk} ({app.reference})"
    assert reconcile() == [f"{name}: evidence file differs from its digest in the trail"]
    stored.unlink()
    assert reconcile() == [
        f"{name}: evidence file {assessment.evidence_document.name} missing or unreadable"
    ]


def test_an_assessment_without_its_event_is_a_finding(world: World) -> None:
    app, assessment = assessed(world)
    copy = Assessment.objects.get(pk=assessment.pk)
    copy.pk = None
    copy.save()
    assert reconcile() == [f"assessment {copy.pk} ({app.reference}): no assessment.recorded event"]


def legacy_assessment(world: World, outcome: str = "pass") -> tuple[Application, Assessment]:
    """An assessment whose event was recorded before evidence digests: outcome, evidence kind
    and criterion only."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    assessment = Assessment.objects.create(
        application=app, association=app.association, assessor=world.handler, outcome=outcome,
        criterion=Criterion.objects.get(rulebook=app.rulebook, code="OPEN_MEMBERSHIP"),
        evidence_kind="fact", evidence_text="Stadgarna § 3: öppet för alla.",
    )  # fmt: skip
    with transaction.atomic():
        record_event(
            actor=_actor(world), action="assessment.recorded",
            object_type="assessment", object_id=assessment.pk, case_ref=app.reference,
            association_id=app.association_id, criteria=["OPEN_MEMBERSHIP"],
            changes={"outcome": outcome, "evidence_kind": "fact", "statutes_version": None},
        )  # fmt: skip
    delegation_events()
    return app, assessment


def _actor(world: World) -> Any:
    from audit.context import actor_for_user

    return actor_for_user(world.handler)


def test_old_events_without_a_digest_are_reconciled_on_what_they_hold(world: World) -> None:
    app, assessment = legacy_assessment(world)
    assessed(world)
    result = reconciliation()
    assert result.findings == []
    assert result.notes == [
        "1 assessments recorded before evidence digests: criterion, outcome and evidence kind "
        "reconciled, the evidence itself not"
    ]
    Assessment.objects.filter(pk=assessment.pk).update(evidence_text="Något annat.")
    assert reconcile() == []  # the old event holds nothing to compare the evidence with
    Assessment.objects.filter(pk=assessment.pk).update(outcome="fail")
    assert reconcile() == [
        f"assessment {assessment.pk} ({app.reference}): outcome fail, trail says pass"
    ]


def test_audit_verify_says_what_it_could_not_check_and_passes(world: World, capsys: Any) -> None:
    legacy_assessment(world)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert out.startswith("OK: kedjan obruten till #")
    assert "anmärkning: 1 bedömning registrerades före underlagets hashvärden" in out
    with translation.override("en"):
        call_command("audit_verify")
    out = capsys.readouterr().out
    assert out.startswith("OK: chain intact to #")
    assert "note: 1 assessment recorded before evidence digests" in out
    report = run_verification(record=True)
    assert report.notes and not report.findings
    assert AuditEvent.objects.get(action="audit.verified").changes["notes"] == report.notes


def test_audit_verify_reports_a_tampered_assessment(world: World, capsys: Any) -> None:
    app, assessment = assessed(world)
    Assessment.objects.filter(pk=assessment.pk).update(outcome="pass")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 2
    err = capsys.readouterr().err  # in the server's language (Swedish)
    assert f"bedömning {assessment.pk} ({app.reference}): utfall pass, kedjan anger fail" in err
