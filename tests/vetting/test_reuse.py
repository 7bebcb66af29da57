"""Statute-based assessments are reused until the statutes change or the period passes."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from associations.services import statutes_add
from tests.world import World, assess_all, drive
from vetting import services as svc
from vetting.models import Assessment, State
from vetting.selectors import checklist

STATUTE_CODES = {
    "OPEN_MEMBERSHIP",
    "NON_DISCRIMINATION",
    "DEMOCRATIC_STRUCTURE",
    "DEMOCRATIC_PRINCIPLES",
}


def test_passes_are_reused_with_their_source(world: World) -> None:
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    second = drive(world, world.submit(), State.IN_REVIEW)
    rows = {row.criterion.code: row for row in checklist(second)}
    assert {c for c, r in rows.items() if r.reused} == STATUTE_CODES
    assert rows["OPEN_MEMBERSHIP"].source_reference == first.reference
    assert rows["NO_VIOLENT_EXTREMISM"].assessment is None  # case-based: never reused


def test_reuse_ends_when_statutes_change(world: World) -> None:
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    statutes_add(
        association=world.scouts,
        actor=world.handler,
        adopted_on=date(2026, 5, 1),
        text="Nya stadgar: medlemskap beviljas av styrelsen.",
    )
    second = drive(world, world.submit(), State.IN_REVIEW)
    assert not any(row.reused for row in checklist(second))


def test_reuse_ends_after_the_period(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    Assessment.objects.update(assessed_at=timezone.now() - timedelta(days=366))
    second = drive(world, world.submit(), State.IN_REVIEW)
    assert not any(row.reused for row in checklist(second))
    settings.GRANSKA_ASSESSMENT_REUSE_DAYS = 400
    assert any(row.reused for row in checklist(second))


def test_a_later_fail_stops_reuse(world: World) -> None:
    first = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, first)
    svc.assessment_record(
        application=first,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="OPEN_MEMBERSHIP",
            outcome="fail",
            evidence_kind="statute_quote",
            evidence_text="Föreningen är öppen för alla",
        ),
    )
    second = drive(world, world.submit(), State.IN_REVIEW)
    rows = {row.criterion.code: row for row in checklist(second)}
    assert rows["OPEN_MEMBERSHIP"].assessment is None


def test_second_case_can_be_approved_on_reused_assessments(world: World) -> None:
    drive(world, world.submit(), State.APPROVED)
    second = drive(world, world.submit(), State.IN_REVIEW)
    svc.assessment_record(
        application=second,
        actor=world.handler,
        data=svc.AssessmentInput(criterion_code="NO_VIOLENT_EXTREMISM", outcome="pass"),
    )
    svc.application_propose(
        application=second,
        actor=world.handler,
        outcome="approved",
        reasons="Återanvända stadgebedömningar och ny prövning av våld.",
    )
    decision = svc.application_decide(
        application=second, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )
    reused = [c for c in decision.criteria if c["reused_from"]]
    assert {c["code"] for c in reused} == STATUTE_CODES


def test_statute_quote_must_be_verbatim_at_its_offsets(world: World) -> None:
    import pytest

    from vetting.errors import InvalidInput

    app = drive(world, world.submit(), State.IN_REVIEW)
    text = world.scouts.current_statutes().text  # type: ignore[union-attr]
    start = text.index("Årsmötet")
    ok = svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="DEMOCRATIC_STRUCTURE",
            outcome="pass",
            evidence_kind="statute_quote",
            evidence_text=text[start : start + 20],
            evidence_start=start,
            evidence_end=start + 20,
        ),
    )
    assert ok.statutes_version == world.scouts.current_statutes()
    with pytest.raises(InvalidInput) as info:
        svc.assessment_record(
            application=app,
            actor=world.handler,
            data=svc.AssessmentInput(
                criterion_code="DEMOCRATIC_STRUCTURE",
                outcome="pass",
                evidence_kind="statute_quote",
                evidence_text="Styrelsen är högsta",
                evidence_start=start,
                evidence_end=start + 19,
            ),
        )
    assert "evidence_text" in info.value.errors


def test_statute_quote_positions_must_lie_inside_the_statutes(world: World) -> None:
    """Negative, inverted or out-of-range positions are a field error, never a database error
    (Python's slicing would accept text[-5:-4] and text[5:2] == '')."""
    import pytest

    from vetting.errors import InvalidInput

    app = drive(world, world.submit(), State.IN_REVIEW)
    text = world.scouts.current_statutes().text  # type: ignore[union-attr]
    for start, end, quote in [
        (-5, -4, text[-5:-4]),
        (5, 2, ""),
        (len(text) + 10, len(text) + 12, ""),
        (999_999_999, 999_999_999, ""),
    ]:
        with pytest.raises(InvalidInput) as info:
            svc.assessment_record(
                application=app,
                actor=world.handler,
                data=svc.AssessmentInput(
                    criterion_code="DEMOCRATIC_STRUCTURE",
                    outcome="pass",
                    evidence_kind="statute_quote",
                    evidence_text=quote,
                    evidence_start=start,
                    evidence_end=end,
                ),
            )
        assert set(info.value.errors) == {"evidence_start"}, (start, end)
    assert not Assessment.objects.filter(application=app).exists()
