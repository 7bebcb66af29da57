"""The assessment form asks for evidence for every outcome (the service says what is missing, at
the field), and assessments stored before that rule still show on the case and its decision."""

from __future__ import annotations

from typing import Any

import pytest

from tests.vetting.test_assessment_evidence import CODE, FACT, QUOTE, legacy_pass
from tests.world import World, assess_all, drive
from vetting import services as svc
from vetting.models import State

pytestmark = pytest.mark.django_db


def test_the_form_offers_no_assessment_without_evidence(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    url = f"/arenden/{app.reference}/atgard/assess/"
    page = client.get(url, {"criterion": CODE}).content.decode()
    assert 'value="none"' not in page and "Varje bedömning ska ha underlag" in page
    response = client.post(url, {"criterion": CODE, "outcome": "pass", "evidence_kind": ""})
    assert response.status_code == 422
    assert "även när kriteriet är uppfyllt" in " ".join(
        response.context["form"].errors["evidence_kind"]
    )
    response = client.post(
        url, {"criterion": CODE, "outcome": "not_applicable", "evidence_kind": "fact"}
    )
    assert response.status_code == 422 and response.context["form"].errors["evidence_text"]
    assert not app.assessments.exists()
    response = client.post(
        url, {"criterion": CODE, "outcome": "pass", "evidence_kind": "fact", "evidence_text": FACT}
    )
    assert response.status_code == 302
    assert app.assessments.get().evidence_text == FACT


def test_no_outcome_is_preselected(world: World, login: Any) -> None:
    """The form preselected "Uppfyllt", so a pass was one accidental click away."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    url = f"/arenden/{app.reference}/atgard/assess/"
    page = client.get(url, {"criterion": CODE}).content.decode()
    assert '<option value="" selected>–</option>' in page
    assert 'value="pass" selected' not in page
    response = client.post(url, {"criterion": CODE, "evidence_kind": "fact", "evidence_text": FACT})
    assert response.status_code == 422
    assert response.context["form"].errors["outcome"] == ["Välj en bedömning."]
    assert not app.assessments.exists()


def test_accepting_the_readers_proposal_on_the_page_records_evidence(
    world: World, login: Any
) -> None:
    from tests.associations.test_reader_synthetic import statutes
    from tests.vetting.test_reader_proposals import with_text

    app, _ = with_text(world, statutes("Alla som delar föreningens ändamål kan bli medlemmar."))
    client = login(world.handler)
    for code in ("OPEN_MEMBERSHIP", CODE):  # a quote; no passage, so the reading as a fact
        response = client.post(
            f"/arenden/{app.reference}/atgard/accept_reader/", {"criterion": code}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    kinds = {a.criterion.code: a.evidence_kind for a in app.assessments.all()}
    assert kinds == {"OPEN_MEMBERSHIP": "statute_quote", CODE: "fact"}
    assert all(a.has_evidence for a in app.assessments.all())


def test_stored_assessments_without_evidence_still_render(world: World, login: Any) -> None:
    """History stays as recorded: the case page and the decision document show it."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    legacy = legacy_pass(app, "DEMOCRATIC_PRINCIPLES", world.handler)
    svc.application_propose(application=app, actor=world.handler, outcome="approved", reasons="")
    decision = svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )
    [row] = [c for c in decision.criteria if c["code"] == "DEMOCRATIC_PRINCIPLES"]
    assert row["assessment_id"] == legacy.pk and row["evidence"] == ""
    client = login(world.handler)
    case = client.get(f"/arenden/{app.reference}/")
    assert case.status_code == 200 and "Inget underlag" in case.content.decode()
    for suffix in ("", "pdf/"):
        document = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/{suffix}")
        assert document.status_code == 200


def test_a_quote_without_its_kind_is_refused_at_the_kind_of_evidence(
    world: World, login: Any
) -> None:
    """The officer typed a quote in "Underlag" and left "Typ av underlag" at "–": the error is
    at the kind of evidence, asking to choose one, not at the text they filled in."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    url = f"/arenden/{app.reference}/atgard/assess/"
    expected = {
        "pass": "ett citat ur stadgarna, ett dokument eller ett konstaterat faktum",
        "not_applicable": "varför kriteriet inte är tillämpligt",
    }
    for outcome, says in expected.items():
        response = client.post(
            url,
            {"criterion": CODE, "outcome": outcome, "evidence_kind": "", "evidence_text": QUOTE},
        )
        assert response.status_code == 422
        errors = response.context["form"].errors
        assert set(errors) == {"evidence_kind"}, errors
        message = " ".join(errors["evidence_kind"])
        assert message.startswith("Välj typ av underlag") and says in message
    assert not app.assessments.exists()


def test_a_quote_typed_over_the_statutes_line_breaks_is_recorded_as_the_statutes_have_it(
    world: World, login: Any
) -> None:
    from tests.vetting.test_reader_proposals import with_text
    from tests.vetting.test_statute_quotes import MEMBERSHIP_TYPED, TEXT

    app, version = with_text(world, TEXT)
    client = login(world.handler)
    response = client.post(
        f"/arenden/{app.reference}/atgard/assess/",
        {
            "criterion": CODE,
            "outcome": "pass",
            "evidence_kind": "statute_quote",
            "evidence_text": MEMBERSHIP_TYPED.replace("och ", "och\r\n"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = app.assessments.get()
    assert assessment.evidence_start is not None and assessment.evidence_end is not None
    assert (
        assessment.evidence_text
        == version.text[assessment.evidence_start : assessment.evidence_end]
    )
    assert assessment.evidence_text != MEMBERSHIP_TYPED and "\n" in assessment.evidence_text


def test_passages_typed_with_the_browsers_line_breaks_are_recorded_as_the_statutes_have_them(
    world: World, login: Any
) -> None:
    """The form passes the text on as the browser sent it (CRLF): the service matches each
    passage whitespace aside and records the statutes' own text, joined by PASSAGE_BREAK."""
    from tests.vetting.test_reader_proposals import with_text
    from tests.vetting.test_statute_quotes import BOARD, MEMBERSHIP_TYPED, TEXT
    from vetting.models import Assessment

    app, version = with_text(world, TEXT)
    typed = MEMBERSHIP_TYPED.replace("och ", "och\r\n") + "\r\n[…]\r\n" + BOARD + "\r\n"
    response = login(world.handler).post(
        f"/arenden/{app.reference}/atgard/assess/",
        {
            "criterion": CODE,
            "outcome": "pass",
            "evidence_kind": "statute_quote",
            "evidence_text": typed,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = app.assessments.get()
    first, second = assessment.evidence_text.split(Assessment.PASSAGE_BREAK)
    assert first == version.text[assessment.evidence_start : assessment.evidence_end]
    assert second == BOARD and "\r" not in assessment.evidence_text
