"""Every assessment rests on evidence (DOMAIN.md: a quoted statute clause, a document, a recorded
fact), whatever its outcome; not applicable with a recorded fact saying why. Each path that
records assessments complies: the service, the web form, the API, accepting the statute reader's
proposal, reuse and the demo seed (the web form and the API: tests/web and tests/api).
Assessments stored before the rule stay as recorded, and are not reused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.associations.test_reader_synthetic import statutes
from tests.vetting.test_reader_proposals import with_text
from tests.world import RV_STATUTES, World, assess, assess_all, drive, social_case
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Assessment, Criterion, Kind, State
from vetting.reader_proposals import reader_proposals
from vetting.selectors import checklist

pytestmark = pytest.mark.django_db

CODE = "NON_DISCRIMINATION"  # statute-based; fails and doubts need no escalation
OUTCOMES = ["pass", "fail", "doubt", "not_applicable"]
FACT = "Föreningen tar emot alla medlemmar oavsett kön, religion eller ursprung (styrelsemöte)."
QUOTE = "Föreningen är öppen för alla som delar föreningens syfte."
assert QUOTE in RV_STATUTES


def _record(world: World, app: Application, outcome: str, **evidence: Any) -> Assessment:
    data = svc.AssessmentInput(criterion_code=CODE, outcome=outcome, **evidence)
    return svc.assessment_record(application=app, actor=world.handler, data=data)


def _document() -> SimpleUploadedFile:
    return SimpleUploadedFile("protokoll.txt", "Årsmötet 2026: alla medlemmar röstade.".encode())


# Refused, per outcome: (evidence given, field named).
REFUSED = [
    ({}, "evidence_kind"),
    ({"evidence_kind": "none", "evidence_text": FACT}, "evidence_kind"),
    ({"evidence_kind": "fact"}, "evidence_text"),
    ({"evidence_kind": "fact", "evidence_text": "  \n "}, "evidence_text"),
    ({"evidence_kind": "statute_quote"}, "evidence_text"),
    ({"evidence_kind": "statute_quote", "evidence_text": " "}, "evidence_text"),
    ({"evidence_kind": "document", "evidence_text": FACT}, "document"),
]


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize(("evidence", "field"), REFUSED)
def test_an_assessment_without_evidence_is_refused_whatever_its_outcome(
    world: World, outcome: str, evidence: dict[str, Any], field: str
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(InvalidInput) as info:
        _record(world, app, outcome, **evidence)
    # A fail's fact may also ask for the RF 2:21 confirmation: named with it (ADR 0010).
    assert set(info.value.errors) - {"confirm_not_opinion"} == {field}
    assert not app.assessments.exists()


# Accepted, per outcome: each kind of evidence.
ACCEPTED = {
    "fact": lambda: {"evidence_kind": "fact", "evidence_text": FACT},
    "statute_quote": lambda: {"evidence_kind": "statute_quote", "evidence_text": QUOTE},
    "document": lambda: {"evidence_kind": "document", "document": _document()},
    "document_and_text": lambda: {
        "evidence_kind": "document",
        "document": _document(),
        "evidence_text": FACT,
    },
}


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("kind", sorted(ACCEPTED))
def test_an_assessment_with_evidence_is_recorded_whatever_its_outcome(
    world: World, outcome: str, kind: str, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    app = drive(world, world.submit(), State.IN_REVIEW)
    # The fact names religion: a fail resting on it is confirmed not to rest on the belief
    # (RF 2:21, ``opinion_grounds``); here it is only evidence of any kind.
    confirmed = {"confirm_not_opinion": True} if outcome == "fail" else {}
    assessment = _record(world, app, outcome, **ACCEPTED[kind](), **confirmed)
    assert assessment.outcome == outcome and assessment.has_evidence


def test_not_applicable_asks_for_a_fact_saying_why(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(InvalidInput) as info:
        _record(world, app, "not_applicable")
    assert "varför kriteriet inte är tillämpligt" in str(info.value.errors["evidence_kind"][0])
    why = "Föreningen har inga anställda och ingen verksamhet utöver årsmötet."
    assessment = _record(world, app, "not_applicable", evidence_kind="fact", evidence_text=why)
    assert assessment.evidence_text == why


def test_a_pass_says_evidence_is_needed_also_when_the_criterion_is_met(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(InvalidInput) as info:
        _record(world, app, "pass")
    assert "även när kriteriet är uppfyllt" in str(info.value.errors["evidence_kind"][0])


# The statute reader: a proposal with no passage records what was read and not found.


def test_accepting_a_proposal_with_no_passage_records_the_reading_as_a_fact(
    world: World,
) -> None:
    app, _version = with_text(
        world, statutes("Alla som delar föreningens ändamål kan bli medlemmar.")
    )
    proposal = next(p for p in reader_proposals(app) if p.criterion_code == CODE)
    assert proposal.outcome == "pass" and proposal.first_quote is None
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code=CODE, accept=True
    )
    assert assessment.followed_reader is True and assessment.outcome == "pass"
    assert assessment.evidence_kind == "fact" and assessment.has_evidence
    text = assessment.evidence_text
    assert text.startswith("Stadgarna (antagna 2026-01-01) ") and text == proposal.evidence_text
    assert "stadgeläsare" not in text and "regelversion" not in text
    assert assessment.evidence_start is None and assessment.evidence_end is None


def test_accepting_a_proposal_with_a_passage_still_quotes_it(world: World) -> None:
    app, version = with_text(
        world, statutes("Alla som delar föreningens ändamål kan bli medlemmar.")
    )
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code="OPEN_MEMBERSHIP", accept=True
    )
    assert assessment.evidence_kind == "statute_quote"
    assert version.text[assessment.evidence_start : assessment.evidence_end] == (
        assessment.evidence_text
    )


# Reuse, and assessments stored before the rule.


def legacy_pass(app: Application, code: str, actor: Any) -> Assessment:
    """A pass recorded before every assessment needed evidence (as the database may hold)."""
    return Assessment.objects.create(
        application=app,
        association_id=app.association_id,
        criterion=Criterion.objects.get(rulebook_id=app.rulebook_id, code=code),
        statutes_version=app.association.current_statutes(),
        outcome="pass",
        evidence_kind="none",
        assessor=actor,
    )


def test_a_reused_pass_carries_its_own_evidence(world: World) -> None:
    source = social_case(world)
    reused = source.assessments.get()
    assert reused.has_evidence
    app = drive(world, world.submit(), State.IN_REVIEW)
    [row] = [r for r in checklist(app) if r.criterion.code == "OPEN_MEMBERSHIP"]
    assert row.reused and row.assessment == reused


def test_a_stored_pass_without_evidence_is_not_reused(world: World) -> None:
    source = drive(world, world.submit(), State.IN_REVIEW)
    legacy = legacy_pass(source, "OPEN_MEMBERSHIP", world.handler)
    assert not legacy.has_evidence
    app = drive(world, world.submit(), State.IN_REVIEW)
    [row] = [r for r in checklist(app) if r.criterion.code == "OPEN_MEMBERSHIP"]
    assert row.assessment is None and not row.reused


# The demo seed and the test world.


def test_every_assessment_the_demo_seed_records_rests_on_evidence(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    assessments = list(Assessment.objects.select_related("criterion"))
    assert assessments
    missing = [(a.application_id, a.criterion.code) for a in assessments if not a.has_evidence]
    assert missing == []
    kinds = {a.evidence_kind for a in assessments}
    assert {"statute_quote", "fact"} <= kinds


def test_the_worlds_helpers_record_evidence(world: World) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    assess_all(world, app)
    assess(world, app, "PROGRAM_REVIEW", "not_applicable")
    assert all(a.has_evidence for a in app.assessments.all())
