"""Completing a program review: its result is the assessment of PROGRAM_REVIEW (DOMAIN.md).

A programme that is not accepted breaks one of the other criteria, which the reviewer names
(``criterion``): "främja våld" in the notes is a NO_VIOLENT_EXTREMISM matter, and a refusal on it
needs the security coordinator's assessment first, whichever criterion the fail is recorded
under (seed 004; ``assessments.require_escalation``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.errors import FieldProblems, InvalidInput
from vetting.models import Application, ProgramReview
from vetting.selectors import applicable_criteria
from vetting.services._core import ActorLike, allowed_values, perform_transition
from vetting.services.assessments import (
    EXTREMISM,
    PROGRAM,
    program_assessment_record,
    require_escalation,
)
from vetting.services.reasons import program_notes_problem

FAIL = ProgramReview.Result.FAIL


def application_complete_program_review(
    *, application: Application, actor: ActorLike, result: str, notes: str, criterion: str = ""
) -> Application:
    """Close the open review with ``result`` and the reviewer's ``notes``; a programme received
    and not accepted names the ``criterion`` (other than PROGRAM_REVIEW) it breaks (one that
    never came in fails on that fact, and may name none)."""
    found = FieldProblems()  # the result, the notes and the criterion named together
    if result not in ProgramReview.Result.values:
        found.add("result", allowed_values(ProgramReview.Result.values))
    found.add("notes", program_notes_problem(notes))
    criterion = criterion.strip().upper()
    if result != FAIL and criterion:
        found.add("criterion", ONLY_A_FAIL_NAMES_ONE)
    found.raise_any()
    notes = notes.strip()

    def close(app: Application) -> None:
        """Close the open review with its result, which is also the assessment of the
        PROGRAM_REVIEW criterion, resting on the received program."""
        for review in app.program_reviews.filter(closed_at__isnull=True):
            review.result, review.result_notes, review.closed_at = result, notes, timezone.now()
            review.breached_criterion = criterion
            review.save(update_fields=["result", "result_notes", "closed_at", "breached_criterion"])
            program_assessment_record(app, actor, review)

    breach = {"breached_criterion": criterion} if criterion else {}
    return perform_transition(
        application=application,
        actor=actor,
        action="complete_program_review",
        reasons=notes,
        criteria=[PROGRAM, *([criterion] if criterion else [])],
        changes={"result": result, **breach},
        guard=lambda app: _check_completion(app, actor, result, criterion),
        then=close,
    )


NAME_THE_CRITERION = _(
    "Ange vilket kriterium programmet strider mot: ett program som inte godtas bryter mot ett "
    "av de andra kriterierna, och avslaget prövas mot det."
)
ONLY_A_FAIL_NAMES_ONE = _("Ett kriterium anges bara när programmet inte godtas; lämna fältet tomt.")
PASS_WITHOUT_PROGRAM = _(
    "Programmet kan godtas först när det har kommit in: registrera det inkomna programmet (eller "
    "vänta på det från bokningssystemet). Kom inget program, avsluta med att programmet inte "
    "godtas."
)


def breachable_codes(app: Application) -> list[str]:
    """The criteria a programme may break: the case's applicable ones but PROGRAM_REVIEW."""
    return [c.code for c in applicable_criteria(app) if c.code != PROGRAM]


def _check_completion(app: Application, actor: ActorLike, result: str, criterion: str) -> None:
    """A pass only on a program (DOMAIN.md: PROGRAM_REVIEW is assessed on the event
    program): the open review's program received, uploaded or registered by the officer; a
    fail of a received programme names a criterion of the case, and NO_VIOLENT_EXTREMISM only
    after the escalation."""
    open_reviews = app.program_reviews.filter(closed_at__isnull=True)
    received = list(open_reviews.values_list("program_received_at", flat=True))
    if result == FAIL:
        if not criterion and received and None not in received:  # a programme judged
            raise InvalidInput({"criterion": NAME_THE_CRITERION})
        codes = breachable_codes(app)
        if criterion and criterion not in codes:
            message = format_lazy(
                _("Okänt kriterium för ärendeslaget; giltiga: {codes}."), codes=", ".join(codes)
            )
            raise InvalidInput({"criterion": message})
        if criterion == EXTREMISM:
            require_escalation(app, field="criterion")
        return
    if not received or None in received:
        raise InvalidInput({"result": PASS_WITHOUT_PROGRAM})
