"""Revoking a grant under the revocation clause (FL 37 §), with its återkrav: after the
kommunicering of the intended revocation (``revocation_hearing``) or under an FL 25 § exception.
The decision itself is made by the shared step of ``decisions`` (``make_decision``); paying is
``payments``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from vetting.errors import FieldProblems
from vetting.models import Application, Decision, DecisionOutcome
from vetting.services._core import (
    ActorLike,
    audited_refusals,
    check_transition,
    lock_application,
    person,
    state_refusal,
)
from vetting.services.decision_checks import (
    check_decision_maker,
    check_reclaim,
    repayment_problem,
    revocation_input_problems,
)
from vetting.services.decisions import Draft, current_decision, make_decision
from vetting.services.opinion_grounds import (
    OPINION_FIELD,
    confirmed_record,
    revocation_opinion_problem,
)
from vetting.services.proposals import require_failed
from vetting.services.revocation_hearing import hearing_problems


@dataclass(frozen=True)
class _RevocationAsked:
    """What the decision maker asked for in a revocation."""

    reasons: str
    criteria: list[str]
    reclaim: Decimal | None
    repayment_due: date | None
    heard: str
    confirmed: bool
    exception: str = ""
    not_opinion: bool = False  # RF 2:21 (``opinion_grounds``)


def _revocation_draft(
    app: Application, actor: Any, asked: _RevocationAsked, found: FieldProblems
) -> Draft:
    """The revocation's guards, every field's problem with ``found``'s in one error: who
    decides, the återkrav (at most what was paid) and its due date, the failed criteria, and
    the hearing it follows or the FL 25 § exception it names (ADR 0015)."""
    delegation = found.check(lambda: check_decision_maker(app, actor, "revoke", asked.confirmed))
    reclaim = found.check(lambda: check_reclaim(app, asked.reclaim))
    # Whether a due date is needed follows the återkrav allowed (None: only the date is judged).
    found.add("repayment_due", repayment_problem(reclaim, asked.repayment_due))
    cited = found.check(lambda: require_failed(app, list(asked.criteria), allow_doubt=False))
    opinion = revocation_opinion_problem(
        app, asked.reasons, cited or list(asked.criteria), asked.not_opinion
    )
    found.add(OPINION_FIELD, opinion)
    hearing = hearing_problems(
        app, found, exception=asked.exception, heard=asked.heard, cited=cited, reclaim=reclaim
    )
    found.raise_any()
    assert delegation is not None and reclaim is not None and cited is not None
    return Draft(
        DecisionOutcome.REVOKED.value, reclaim, asked.reasons, cited, delegation, "revocation",
        current_decision(app), asked.heard.strip(), asked.repayment_due, hearing,
        "" if hearing else asked.exception,
    )  # fmt: skip


def application_revoke(
    *,
    application: Application,
    actor: ActorLike,
    reasons: str,
    criteria: list[str],
    reclaim_amount: Decimal | None = None,
    repayment_due: date | None = None,
    no_conflict_confirmed: bool = False,
    applicant_heard: str = "",
    hearing_exception: str = "",
    confirm_not_opinion: bool = False,
) -> Decision:
    """Revoke a grant under the revocation clause (FL 37 §) and record the reclaim, with the day
    by which it is to be paid back (``repayment_due``: required when something is reclaimed,
    refused when nothing is). It is an adverse decision: the applicant is heard on the intended
    revocation first (``application_communicate_revocation``; FL 25 §), and the revocation may
    cite no other ground and reclaim no more than was communicated. Without that hearing the
    decision maker names the FL 25 § exception (``hearing_exception``) and, in
    ``applicant_heard``, why it applies (ADR 0015). A revocation argued in words of opinions
    or affiliation needs ``confirm_not_opinion`` (RF 2:21), as a refusal does."""
    asked = _RevocationAsked(
        reasons, criteria, reclaim_amount, repayment_due, applicant_heard, no_conflict_confirmed,
        hearing_exception.strip(), confirm_not_opinion,
    )  # fmt: skip
    found = revocation_input_problems(reasons, criteria)
    with audited_refusals("revoke", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="revoke")
        refusal = state_refusal(application=app, user=person(actor), action="revoke")
        if refusal is not None:
            raise refusal
        name = "revoke" if app.revocation_response_due is not None else "revoke_without_hearing"
        method = check_transition(app, "revoke", name, actor)
        draft = _revocation_draft(app, actor, asked, found)
        return make_decision(
            app, actor=actor, action="revoke", method=method, draft=draft, kwargs={},
            fields=("revoked_at",),
            changes={**_revocation_changes(draft), **confirmed_record(confirm_not_opinion)},
        )  # fmt: skip


def _revocation_changes(draft: Draft) -> dict[str, Any]:
    """What the revocation's event records beyond the decision: the återkrav, and the hearing
    it followed (the communication and the day it was sent) or the exception it named."""
    hearing = draft.revocation_hearing
    return {
        "reclaim_amount": draft.amount,
        "repayment_due": draft.repayment_due,
        "applicant_heard": draft.applicant_heard,
        "revocation_hearing": hearing.pk if hearing else None,
        "hearing_sent_on": timezone.localdate(hearing.sent_at) if hearing else None,
        "hearing_exception": draft.hearing_exception,
    }
