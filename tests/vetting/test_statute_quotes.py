"""A statute quote matches the statutes whitespace aside (any run of whitespace in the quote
matches any run in the statutes: a line break, several spaces, a non-breaking space, CRLF), and
what is recorded is the statutes' own text of the matched span, so it is verbatim by
construction. Several passages may be separated by "[…]" or "[...]", on a line of their own or
inline; every word and punctuation mark must still be as in the statutes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.associations.test_reader_synthetic import statutes
from tests.vetting.test_reader_proposals import with_text
from tests.world import World
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Assessment

pytestmark = pytest.mark.django_db

# The statutes break a sentence over lines, double a space and hold a non-breaking space.
MEMBERSHIP = (
    "Medlem kan den bli som delar föreningens\nändamål och  betalar medlemsavgiften.\n"
    "Medlemskapet gäller\u00a0ett kalenderår i taget."
)
MEMBERSHIP_TYPED = "Medlem kan den bli som delar föreningens ändamål och betalar medlemsavgiften."
BOARD = "Styrelsen består av ordförande och minst två övriga ledamöter."
TEXT = statutes(MEMBERSHIP)


def _quote(world: World, app: Application, text: str, **span: Any) -> Assessment:
    data = svc.AssessmentInput(
        criterion_code="NON_DISCRIMINATION",
        outcome="pass",
        evidence_kind="statute_quote",
        evidence_text=text,
        **span,
    )
    return svc.assessment_record(application=app, actor=world.handler, data=data)


def _span(text: str, start: str, end: str) -> tuple[int, int]:
    """Where the statutes' passage from ``start`` to ``end`` (inclusive) is."""
    at = text.index(start)
    return at, text.index(end, at) + len(end)


def _recorded_verbatim(version_text: str, a: Assessment) -> str:
    assert a.evidence_start is not None and a.evidence_end is not None
    span = version_text[a.evidence_start : a.evidence_end]
    assert a.passages[0] == span
    return span


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(MEMBERSHIP_TYPED, id="space_for_line_break"),
        pytest.param(MEMBERSHIP_TYPED.replace(" ", "   "), id="several_spaces"),
        pytest.param(MEMBERSHIP_TYPED.replace(" ", "\u00a0"), id="nbsp"),
        pytest.param(MEMBERSHIP_TYPED.replace(" ", "\r\n"), id="crlf"),
        pytest.param(f"  {MEMBERSHIP_TYPED}\n", id="surrounding_blanks"),
    ],
)
def test_a_quote_matches_whatever_its_whitespace_and_records_the_statutes_text(
    world: World, typed: str
) -> None:
    app, version = with_text(world, TEXT)
    start, end = _span(version.text, "Medlem kan den bli", "medlemsavgiften.")
    assessment = _quote(world, app, typed)
    assert (assessment.evidence_start, assessment.evidence_end) == (start, end)
    assert assessment.evidence_text == version.text[start:end]
    assert "\n" in assessment.evidence_text and "och  betalar" in assessment.evidence_text


def test_a_quote_typed_with_a_space_for_a_non_breaking_one_is_recorded_with_it(
    world: World,
) -> None:
    app, version = with_text(world, TEXT)
    assessment = _quote(world, app, "Medlemskapet gäller ett kalenderår i taget.")
    assert assessment.evidence_text == "Medlemskapet gäller\u00a0ett kalenderår i taget."
    assert _recorded_verbatim(version.text, assessment) == assessment.evidence_text


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param("Medlem kan den bli som delar föreningens ändamål, och", id="punctuation"),
        pytest.param("Medlem kan den bli som delar foreningens ändamål", id="a_letter"),
        pytest.param("Medlemkan den bli", id="words_run_together"),
        pytest.param("Medlem kan den bli som delar förenings ändamål", id="a_word"),
    ],
)
def test_a_quote_differing_in_more_than_whitespace_is_refused_with_a_hint(
    world: World, quote: str
) -> None:
    app, _ = with_text(world, TEXT)
    with pytest.raises(InvalidInput) as info:
        _quote(world, app, quote)
    message = str(info.value.errors["evidence_text"][0])
    assert "finns inte ordagrant" in message
    assert "Blanksteg och radbrytningar spelar ingen roll" in message
    assert "skiljetecken" in message and "[…] på en egen rad" in message
    assert not app.assessments.exists()


def test_a_given_span_must_still_locate_the_match(world: World) -> None:
    app, version = with_text(world, TEXT)
    start, end = _span(version.text, "Medlem kan den bli", "medlemsavgiften.")
    with pytest.raises(InvalidInput) as info:
        _quote(world, app, MEMBERSHIP_TYPED, evidence_start=start + 1, evidence_end=end)
    assert "position" in str(info.value.errors["evidence_text"][0])
    assessment = _quote(world, app, MEMBERSHIP_TYPED, evidence_start=start, evidence_end=end)
    assert (assessment.evidence_start, assessment.evidence_end) == (start, end)
    assert assessment.evidence_text == version.text[start:end]


def test_a_given_span_with_blanks_at_its_ends_records_the_quote_without_them(
    world: World,
) -> None:
    app, version = with_text(world, TEXT)
    start, end = _span(version.text, "Medlem kan den bli", "medlemsavgiften.")
    assert version.text[start - 1] == "\n" and version.text[end] == "\n"
    assessment = _quote(
        world, app, f"\n{MEMBERSHIP_TYPED}\n", evidence_start=start - 1, evidence_end=end + 1
    )
    assert (assessment.evidence_start, assessment.evidence_end) == (start, end)
    assert assessment.evidence_text == version.text[start:end]


@pytest.mark.parametrize(
    "separator",
    [
        pytest.param(" [...] ", id="full_stops_inline"),
        pytest.param("\n[...]\n", id="full_stops_own_line"),
        pytest.param(" […] ", id="ellipsis_inline"),
        pytest.param("\r\n[…]\r\n", id="ellipsis_own_line_crlf"),
        pytest.param("[...]", id="full_stops_no_spaces"),
    ],
)
def test_passages_separated_by_either_mark_are_recorded_joined_by_the_passage_break(
    world: World, separator: str
) -> None:
    app, version = with_text(world, TEXT)
    assessment = _quote(world, app, f"{MEMBERSHIP_TYPED}{separator}{BOARD}")
    first = _recorded_verbatim(version.text, assessment)
    assert assessment.passages == [first, BOARD]
    assert assessment.evidence_text == f"{first}{Assessment.PASSAGE_BREAK}{BOARD}"


def test_a_further_passage_not_in_the_statutes_is_still_refused(world: World) -> None:
    app, _ = with_text(world, TEXT)
    for separator in ("\n[...]\n", " […] "):
        with pytest.raises(InvalidInput) as info:
            _quote(world, app, f"{MEMBERSHIP_TYPED}{separator}Styrelsen ska bestå av kvinnor.")
        message = str(info.value.errors["evidence_text"][0])
        assert "Varje citerat avsnitt" in message and "spelar ingen roll" in message
    with pytest.raises(InvalidInput):
        _quote(world, app, f"Styrelsen ska bestå av kvinnor. [...] {BOARD}")
    with pytest.raises(InvalidInput):
        _quote(world, app, f"{MEMBERSHIP_TYPED}\n[...]\n")
    assert not app.assessments.exists()


def test_a_further_passage_is_recorded_as_the_statutes_have_it(world: World) -> None:
    app, version = with_text(world, TEXT)
    assessment = _quote(world, app, f"{BOARD} [...] Medlemskapet gäller ett kalenderår i taget.")
    assert assessment.passages == [BOARD, "Medlemskapet gäller\u00a0ett kalenderår i taget."]
    assert all(passage in version.text for passage in assessment.passages)


def test_an_override_differing_from_the_proposal_only_in_whitespace_is_an_acceptance(
    world: World,
) -> None:
    """The quote would be recorded as the proposal's own text: not an override of it."""
    from vetting.reader_proposals import reader_proposals

    app, _ = with_text(world, TEXT)
    proposal = next(p for p in reader_proposals(app) if p.criterion_code == "OPEN_MEMBERSHIP")
    assert proposal.evidence_kind == "statute_quote", proposal
    retyped = " ".join(proposal.evidence_text.split()).replace("[…]", "[...]")
    assert retyped != proposal.evidence_text
    same = svc.AssessmentInput(
        criterion_code="OPEN_MEMBERSHIP",
        outcome=proposal.outcome,
        evidence_kind="statute_quote",
        evidence_text=f"{retyped}\r\n",
    )
    with pytest.raises(InvalidInput) as info:
        svc.assessment_from_reader(
            application=app,
            actor=world.handler,
            criterion_code="OPEN_MEMBERSHIP",
            accept=False,
            override=same,
        )
    assert "densamma som stadgeläsarens förslag" in str(info.value.errors["outcome"][0])
    assert not app.assessments.exists()


def test_a_quote_names_the_statutes_it_is_from_whatever_the_criterion(world: World) -> None:
    """NO_VIOLENT_EXTREMISM is assessed on facts, not the statutes, but a quote of them still
    records the version quoted (the documents name it by its date); a fact on it records none."""
    app, version = with_text(world, TEXT)
    data = svc.AssessmentInput(
        criterion_code="NO_VIOLENT_EXTREMISM",
        outcome="pass",
        evidence_kind="statute_quote",
        evidence_text=MEMBERSHIP_TYPED,
    )
    quoted = svc.assessment_record(application=app, actor=world.handler, data=data)
    assert quoted.statutes_version == version
    data = svc.AssessmentInput(
        criterion_code="NO_VIOLENT_EXTREMISM",
        outcome="pass",
        evidence_kind="fact",
        evidence_text="Inget känt om våld, tvång eller hot (polisens svar 2026-01-10).",
    )
    fact = svc.assessment_record(application=app, actor=world.handler, data=data)
    assert fact.statutes_version is None
