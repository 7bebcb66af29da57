"""Completing a program review records the assessment of PROGRAM_REVIEW, resting on the program.

PROGRAM_REVIEW is assessed on the event program (DOMAIN.md). Before, completing the review left
the criterion at its doubt, and the officer could not cite the received program as evidence
(the "Dokument" evidence asks for a new upload).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from tests.world import World, assess, drive
from vetting import services as svc
from vetting.demo import pass_fact
from vetting.errors import GuardFailed, InvalidInput
from vetting.models import Application, Kind, State
from vetting.selectors import applicable_criteria, checklist

pytestmark = pytest.mark.django_db


def _doubt_then_review(world: World) -> Application:
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.IN_REVIEW)
    assess(
        world,
        app,
        "PROGRAM_REVIEW",
        "doubt",
        by=world.handler,
        fact="Arrangemangets innehåll är oklart.",
    )
    svc.application_start_program_review(
        application=app, actor=world.handler, reason="Tveksamhet om innehållet"
    )
    return app


def _coordinator_finds_a_link(world: World, app: Application) -> None:
    svc.application_escalate(
        application=app, actor=world.handler, reason="Programmet uppmanar till våld (punkt 3)."
    )
    svc.application_conclude_escalation(
        application=app,
        actor=world.security,
        conclusion="link",
        notes="Arrangören är känd för våldsbejakande framträdanden (begränsad uppgift).",
    )
    app.refresh_from_db()
    assert app.state == State.PROGRAM_REVIEW


def _program_row(app: Application):  # type: ignore[no-untyped-def]
    return next(r for r in checklist(app) if r.criterion.code == "PROGRAM_REVIEW")


def test_a_passed_review_is_the_pass_of_the_criterion_on_the_received_program(
    world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    app = _doubt_then_review(world)
    review = svc.program_submit(
        application=app,
        actor=world.handler,
        file=SimpleUploadedFile("program.txt", "18.00 Konsert med kören".encode()),
    )
    svc.application_complete_program_review(
        application=app,
        actor=world.handler,
        result="pass",
        notes="Programmet är en konsert med kören klockan 18.",
    )
    row = _program_row(app)
    assert row.outcome == "pass" and row.assessment is not None
    assert row.assessment.evidence_kind == "document"
    assert row.assessment.evidence_document.name == review.program_file.name
    assert row.assessment.evidence_text == "Programmet är en konsert med kören klockan 18."
    event = AuditEvent.objects.filter(action="assessment.recorded", criteria=["PROGRAM_REVIEW"])
    assert event.count() == 2  # the doubt, then the review's result
    # Nothing left to assess for PROGRAM_REVIEW: the case can be proposed for approval.
    for criterion in applicable_criteria(app):
        if criterion.code != "PROGRAM_REVIEW":
            svc.assessment_record(
                application=app,
                actor=world.handler,
                data=svc.AssessmentInput(
                    criterion_code=criterion.code,
                    outcome="pass",
                    evidence_kind="fact",
                    evidence_text=pass_fact(criterion.code),
                ),
            )
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="approved",
        reasons="Föreningen uppfyller villkoren.",
    )


def test_a_failed_review_is_a_failed_criterion_a_refusal_can_cite(world: World) -> None:
    """A programme calling for violence breaks NO_VIOLENT_EXTREMISM: refused as a fail until
    the security coordinator has assessed the case, as a fail of that criterion itself is
    (tester3 item 14: the review's fail bypassed the coordinator)."""
    app = _doubt_then_review(world)
    svc.program_submit(application=app, actor=world.handler, text="Paroller som hyllar våld.")
    result = {
        "result": "fail",
        "notes": "Programmet innehåller uppmaningar till våld (punkt 3).",
        "criterion": "NO_VIOLENT_EXTREMISM",
    }
    with pytest.raises(GuardFailed) as info:
        svc.application_complete_program_review(application=app, actor=world.handler, **result)
    assert info.value.code == "escalation_required" and info.value.field == "criterion"
    _coordinator_finds_a_link(world, app)
    svc.application_complete_program_review(application=app, actor=world.handler, **result)
    app.refresh_from_db()
    assert app.program_reviews.get().breached_criterion == "NO_VIOLENT_EXTREMISM"
    event = AuditEvent.objects.get(action="application.complete_program_review")
    assert event.changes["breached_criterion"] == "NO_VIOLENT_EXTREMISM"
    row = _program_row(app)
    assert row.outcome == "fail" and row.assessment is not None
    assert row.assessment.evidence_kind == "fact"
    assert "punkt 3" in row.assessment.evidence_text
    app.refresh_from_db()
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="rejected",
        reasons="Programmet innehåller uppmaningar till våld (PROGRAM_REVIEW, punkt 3).",
        criteria=["PROGRAM_REVIEW"],
    )


NOTES = "Programmet är en konsert med kören och inget annat."


def test_a_pass_needs_the_program_received(world: World) -> None:
    """Passing a programme nobody has seen was accepted and printed as "Uppfyllt" in the
    decision; now the result is refused until the programme is in, and nothing is recorded."""
    app = _doubt_then_review(world)
    with pytest.raises(InvalidInput) as info:
        svc.application_complete_program_review(
            application=app, actor=world.handler, result="pass", notes=NOTES
        )
    assert set(info.value.errors) == {"result"}
    assert "har kommit in" in str(info.value.errors["result"][0])
    app.refresh_from_db()
    assert app.state == State.PROGRAM_REVIEW
    assert app.program_reviews.get().closed_at is None
    assert _program_row(app).outcome == "doubt"
    assert not AuditEvent.objects.filter(action="application.complete_program_review").exists()


def test_no_program_may_still_be_a_fail(world: World) -> None:
    """The applicant never sent it: the review closes with the programme not accepted."""
    app = _doubt_then_review(world)
    svc.application_complete_program_review(
        application=app,
        actor=world.handler,
        result="fail",
        notes="Sökanden skickade inget program trots påminnelse den 3 maj.",
    )
    assert _program_row(app).outcome == "fail"


@pytest.mark.parametrize(
    "notes", ["", "ok", "Programmet godtas.", "Ansökan beviljas i sin helhet, ok, godkänt."]
)
def test_the_notes_need_the_floor_of_reasons(world: World, notes: str) -> None:
    """The notes are the assessment's evidence: the floor of adverse reasons (MIN_REASON_WORDS,
    MIN_REASON_CHARS and a word beyond the outcome), named at ``notes`` with the result's
    problem in the same refusal."""
    app = _doubt_then_review(world)
    with pytest.raises(InvalidInput) as info:
        svc.application_complete_program_review(
            application=app, actor=world.handler, result="maybe", notes=notes
        )
    assert set(info.value.errors) == {"result", "notes"}
    svc.program_submit(application=app, actor=world.handler, text="18.00 Konsert med kören.")
    with pytest.raises(InvalidInput) as again:
        svc.application_complete_program_review(
            application=app, actor=world.handler, result="pass", notes=notes
        )
    assert set(again.value.errors) == {"notes"}


def test_a_received_programme_not_accepted_names_the_criterion_it_breaks(world: World) -> None:
    """A fail of a received programme says which of the other criteria it breaks; PROGRAM_REVIEW
    itself, or an unknown code, is no answer; a pass names none."""
    app = _doubt_then_review(world)
    svc.program_submit(application=app, actor=world.handler, text="Föreläsning om val.")
    notes = "Föreläsaren ska enligt programmet kräva att kvinnor inte får rösta (punkt 2)."
    for criterion in ("", "PROGRAM_REVIEW", "NONSENSE"):
        with pytest.raises(InvalidInput) as info:
            svc.application_complete_program_review(
                application=app, actor=world.handler, result="fail", notes=notes,
                criterion=criterion,
            )  # fmt: skip
        assert set(info.value.errors) == {"criterion"}
    with pytest.raises(InvalidInput) as info:
        svc.application_complete_program_review(
            application=app, actor=world.handler, result="pass", notes=NOTES,
            criterion="DEMOCRATIC_PRINCIPLES",
        )  # fmt: skip
    assert set(info.value.errors) == {"criterion"}
    svc.application_complete_program_review(
        application=app, actor=world.handler, result="fail", notes=notes,
        criterion="DEMOCRATIC_PRINCIPLES",
    )  # fmt: skip
    assert app.program_reviews.get().breached_criterion == "DEMOCRATIC_PRINCIPLES"
    assert "Demokratins principer" in str(_program_row(app).assessment.comment)  # by title


def test_the_api_and_the_page_take_the_criterion_and_refuse_the_bypass(world: World) -> None:
    from django.test import Client

    from tests.api.conftest import officer_for

    app = _doubt_then_review(world)
    svc.program_submit(application=app, actor=world.handler, text="Paroller som hyllar våld.")
    data = {"result": "fail", "notes": "Programmet uppmanar till våld mot poliser (punkt 3)."}
    url = f"/api/v1/applications/{app.pk}/actions/complete_program_review/"
    api = officer_for(world.handler)
    response = api.post(url, data, format="json")
    assert response.status_code == 422 and "criterion" in response.json()["errors"]
    response = api.post(url, {**data, "criterion": "NO_VIOLENT_EXTREMISM"}, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "escalation_required"
    web = Client()
    web.force_login(world.handler)
    page = web.post(
        f"/arenden/{app.reference}/atgard/complete_program_review/",
        {**data, "criterion": "NO_VIOLENT_EXTREMISM"},
    )
    assert "eskalera ärendet" in page.content.decode()
    app.refresh_from_db()
    assert app.state == State.PROGRAM_REVIEW
