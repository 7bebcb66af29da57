"""Reader findings become proposals; accepting or overriding records whether the officer
followed the reader, with the quoted evidence."""

from __future__ import annotations

from datetime import date

import pytest

from associations.services import statutes_add
from associations.tasks import read_statutes_version
from tests.world import STATUTES, World, drive
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Kind, State
from vetting.reader_proposals import reader_proposals


def with_statutes(world: World, filename: str, kind: str = Kind.FORENINGSBIDRAG):  # type: ignore[no-untyped-def]
    version = statutes_add(
        association=world.spex,
        actor=world.handler,
        adopted_on=date(2026, 1, 1),
        text=(STATUTES / filename).read_text(encoding="utf-8"),
    )
    read_statutes_version(version.pk)
    app = drive(world, world.submit(kind, association=world.spex), State.IN_REVIEW)
    return app, version


def test_closed_discriminatory_statutes_give_fail_and_doubt(world: World) -> None:
    app, _ = with_statutes(world, "royalroppers_stadgar.txt")
    proposals = {p.criterion_code: p for p in reader_proposals(app)}
    assert proposals["OPEN_MEMBERSHIP"].outcome == "fail"
    assert proposals["NON_DISCRIMINATION"].outcome == "doubt"  # a flag, never a rejection
    assert proposals["DEMOCRATIC_STRUCTURE"].outcome == "pass"


def test_accepting_records_quote_rule_and_followed_reader(world: World) -> None:
    app, version = with_statutes(world, "scouterna_stadgar_2014.txt")
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code="NON_DISCRIMINATION", accept=True
    )
    assert assessment.followed_reader is True and assessment.outcome == "pass"
    assert assessment.reader_rule and assessment.evidence_kind == "statute_quote"
    assert version.text[assessment.evidence_start : assessment.evidence_end] == (
        assessment.evidence_text
    )


def test_overriding_records_the_officers_own_assessment(world: World) -> None:
    app, _ = with_statutes(world, "royalroppers_stadgar.txt")
    with pytest.raises(InvalidInput):
        svc.assessment_from_reader(
            application=app, actor=world.handler, criterion_code="NON_DISCRIMINATION", accept=False
        )
    assessment = svc.assessment_from_reader(
        application=app,
        actor=world.handler,
        criterion_code="NON_DISCRIMINATION",
        accept=False,
        override=svc.AssessmentInput(
            criterion_code="NON_DISCRIMINATION",
            outcome="fail",
            evidence_kind="statute_quote",
            evidence_text="svenskt\nmedborgarskap",
        ),
    )
    assert assessment.followed_reader is False and assessment.outcome == "fail"
    assert assessment.reader_rule


def test_a_policy_gives_no_proposals(world: World) -> None:
    app, version = with_statutes(world, "rockrullarna_policy_mot_diskriminering.txt")
    assert version.__class__.objects.get(pk=version.pk).document_kind == "policy"
    assert reader_proposals(app) == []
