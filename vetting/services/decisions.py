"""Decisions: by a person other than the handler, with delegation, immutable, with appeal text.

Each service locks the case, runs the guards of ``decision_checks`` and then one shared step,
``make_decision``: the transition, the immutable decision and its audit event. Deciding and
correcting are here; revoking is ``revocation`` and writing off ``write_off``, on the same step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.decision_digests import decision_record
from vetting import roles
from vetting.citations import revocation_clause
from vetting.errors import FieldProblems, GuardFailed, PermissionRefused
from vetting.facts import document_facts
from vetting.models import (
    Application,
    Communication,
    Decision,
    DecisionOutcome,
    Delegation,
    State,
)
from vetting.models.kinds import AWARDING_OUTCOMES
from vetting.selectors import (
    DECISION_READERS,
    checklist,
    document_name,
    hidden_sources,
    reused_sources,
    statutes_adopted_on,
)
from vetting.services._core import (
    ActorLike,
    audited_refusals,
    check_transition,
    lock_application,
    save_transition,
    snapshot,
)
from vetting.services.decision_checks import (
    check_decidable,
    check_decision_maker,
    check_heard,
    check_not_worse_than_communicated,
    check_proposal_seen,
    decision_hearing_problems,
    response_considered_problem,
)
from vetting.services.opinion_grounds import (
    OPINION_FIELD,
    confirmed_record,
    refusal_opinion_problem,
)
from vetting.services.proposals import (
    check_outcome,
    gather_outcome,
    outcome_guards,
)
from vetting.texts import appeal_instructions_for, appeal_route_for

DECIDED_FIELDS = ("amount_granted", "decided_at", "closed_at")


@dataclass(frozen=True)
class Draft:
    """A decision about to be made: what it says and under which delegation."""

    outcome: str
    amount: Decimal | None
    reasons: str
    cited: list[str]
    delegation: Delegation
    kind: str = "decision"
    replaces: Decision | None = None
    applicant_heard: str = ""  # an ändring's or revocation's (FL 25 §)
    repayment_due: date | None = None  # a revocation's återkrav
    revocation_hearing: Communication | None = None  # the hearing a revocation followed
    hearing_exception: str = ""  # or the FL 25 § exception it named (ADR 0015)
    response_considered: str = ""  # a decision's answer to the applicant's response (FL 25 §)


def criteria_snapshot(app: Application, cited: list[str]) -> list[dict[str, Any]]:
    """What each criterion's assessment was at decision time, kept in the decision. A reused
    assessment names its source case only when the decision's readers may be told of it
    (``hidden_sources``, ADR 0003)."""
    rows = []
    checked = checklist(app)
    hidden = hidden_sources(app, reused_sources(checked), DECISION_READERS)
    for row in checked:
        a = row.assessment
        shown = row.source_reference not in hidden
        rows.append(
            {
                "code": row.criterion.code,
                "title": row.criterion.title,
                "outcome": row.outcome,
                "cited": row.criterion.code in cited,
                "assessment_id": a.pk if a else None,
                "evidence": a.evidence_text if a else "",
                # The kind of evidence, and a document by the name it is shown by (FL 32 §: the
                # decision names the facts it rests on, a document as much as a fact); not the
                # file of a source case its readers may not be told of (ADR 0003).
                "evidence_kind": a.evidence_kind if a else "",
                # Which statutes a quote is from, by their adoption date (the document says so).
                "statutes_adopted_on": statutes_adopted_on(a),
                "document_name": document_name(a) if a and shown else "",
                "reused": row.reused,
                "reused_from": row.source_reference if shown else "",
            }
        )
    return rows


def _preparer_id(app: Application, draft: Draft) -> int | None:
    """Who prepared the decision (föredragande): the case's handler; for a revocation, who
    prepared the revocation, not the grant: who communicated it (ADR 0015) or, decided under an
    FL 25 § exception, who recorded the newest assessment of a ground it cites. Either took part
    in preparing it, so the decision maker is never they (``check_decision_maker``)."""
    if draft.kind != "revocation":
        return app.handler_id
    if draft.revocation_hearing is not None:
        return draft.revocation_hearing.sent_by_id
    grounds = app.assessments.filter(criterion__code__in=draft.cited)
    return grounds.order_by("-assessed_at", "-id").values_list("assessor_id", flat=True).first()


def _create_decision(
    app: Application, actor: Any, draft: Draft, *, after_communication: bool
) -> Decision:
    route = appeal_route_for(app.kind)
    awarding = app.is_grant and draft.outcome in AWARDING_OUTCOMES
    repaying = draft.repayment_due is not None
    # The moment the transition recorded (the case's decided_at, or revoked_at for a
    # revocation), so the case and its decision never show two times for one decision.
    decided_at = app.revoked_at if draft.kind == "revocation" else app.decided_at
    assert decided_at is not None, "the transition sets the moment"
    return Decision.objects.create(
        application=app,
        outcome=draft.outcome,
        amount_granted=draft.amount,
        reasons=draft.reasons,
        criteria=criteria_snapshot(app, draft.cited),
        rulebook=app.rulebook,
        decided_by=actor,
        handler_id=_preparer_id(app, draft),
        proposed_by_id=app.proposed_by_id,
        delegation=draft.delegation,
        decided_at=decided_at,
        appeal_route=route,
        appeal_instructions=appeal_instructions_for(
            route, board=draft.delegation.administration.board_name
        ),
        revocation_clause=revocation_clause(route) if awarding else "",
        no_conflict_confirmed=True,
        kind=draft.kind,
        replaces=draft.replaces,
        facts=document_facts(app, delegation=draft.delegation, route=route),
        after_communication=after_communication,
        applicant_heard=draft.applicant_heard,
        repayment_due=draft.repayment_due,
        repayment_instructions=settings.GRANSKA_REPAYMENT_INSTRUCTIONS if repaying else "",
        revocation_hearing=draft.revocation_hearing,
        hearing_exception=draft.hearing_exception,
        response_considered=draft.response_considered,
    )


def _granted(draft: Draft) -> dict[str, Any]:
    """The transition's arguments for an approval (its amount) or a rejection (none)."""
    return {} if draft.outcome == DecisionOutcome.REJECTED else {"amount": draft.amount}


def make_decision(
    app: Application,
    *,
    actor: Any,
    action: str,
    method: Callable[..., Any],
    draft: Draft,
    changes: Mapping[str, Any],
    kwargs: Mapping[str, Any] | None = None,
    fields: tuple[str, ...] = DECIDED_FIELDS,
) -> Decision:
    """The transition (``method`` with ``kwargs``, default ``_granted``), the immutable decision
    and the audit event naming it, in the caller's transaction on the locked case."""
    before, from_state = snapshot(app, fields), app.state
    method(**(_granted(draft) if kwargs is None else kwargs))
    communicated = from_state == State.COMMUNICATED
    decision = _create_decision(app, actor, draft, after_communication=communicated)
    save_transition(
        app,
        actor=actor,
        action=action,
        from_state=from_state,
        before=before,
        reasons=draft.reasons,
        criteria=draft.cited,
        extra_changes={
            "decision_id": decision.pk,
            "outcome": draft.outcome,
            "delegation_id": draft.delegation.pk,
            **decision_record(decision),  # what reconciliation compares the decision with
            **changes,
        },
    )
    return decision


def current_decision(app: Application) -> Decision | None:
    """The case's decision in force: the newest one not replaced by a correction or revocation."""
    return app.decisions.filter(replaced_by__isnull=True).order_by("-decided_at").first()


# Deciding.


@dataclass(frozen=True)
class _Asked:
    """What the decision maker asked for; blanks are filled from the proposal. ``exception``
    and ``heard``: the FL 25 § exception an adverse proposal is decided under without
    kommunicering, and why it applies (ADR 0026)."""

    outcome: str
    reasons: str
    amount: Decimal | None
    criteria: list[str] | None
    exception: str = ""
    heard: str = ""
    not_opinion: bool = False  # RF 2:21 (``opinion_grounds``)
    response_considered: str = ""  # how it deals with the applicant's response


def _decide_method(app: Application, outcome: str) -> str:
    """The transition: after kommunicering, or as proposed (an adverse proposal not
    communicated only under an exception, which ``decision_hearing_problems`` requires)."""
    proposed = app.state == State.PROPOSED
    if outcome == DecisionOutcome.REJECTED:
        return "decide_reject_without_hearing" if proposed else "decide_reject"
    if proposed and app.proposal_is_adverse:
        return "decide_partly_without_hearing"
    return "decide_approve" if proposed else "decide_approve_after_communication"


def _decision_draft(
    app: Application, actor: Any, asked: _Asked, confirmed: bool, seen: int | None
) -> tuple[Draft, Callable[..., Any]]:
    """The guards of a decision in their order, and the decision they allow with its
    transition: who decides, on which proposal, whether now, and what (FL 25 § after
    kommunicering)."""
    found = FieldProblems()  # the jäv confirmation with the outcome's fields, in one error
    decidable = app.state in (State.PROPOSED, State.COMMUNICATED)
    delegation = (
        found.check(lambda: check_decision_maker(app, actor, "decide", confirmed, asked.amount))
        if decidable
        else None
    )
    check_proposal_seen(app, seen)
    check_decidable(app, actor, asked.outcome)
    method = check_transition(app, "decide", _decide_method(app, asked.outcome), actor)
    reasons = asked.reasons.strip() or app.proposal_reasons
    criteria = list(asked.criteria or app.proposal_criteria)
    amount = asked.amount
    if amount is None and asked.outcome == app.proposed_outcome:
        amount = app.proposed_amount  # the proposal's, as reasons and criteria
    exception = decision_hearing_problems(app, found, exception=asked.exception, heard=asked.heard)
    found.add(
        OPINION_FIELD,
        refusal_opinion_problem(app, asked.outcome, reasons, criteria, asked.not_opinion),
    )
    considered = asked.response_considered.strip()
    found.add("response_considered", response_considered_problem(app, considered))
    cited, amount = check_outcome(app, asked.outcome, amount, reasons, criteria, found=found)
    assert delegation is not None  # check_decidable refused every other state, found the rest
    if app.state == State.COMMUNICATED:
        check_not_worse_than_communicated(app, asked.outcome, amount, cited)
    heard = asked.heard.strip() if exception else ""
    return Draft(
        asked.outcome, amount, reasons, cited, delegation, applicant_heard=heard,
        hearing_exception=exception, response_considered=considered,
    ), method  # fmt: skip


def application_decide(
    *,
    application: Application,
    actor: ActorLike,
    outcome: str,
    reasons: str = "",
    amount: Decimal | None = None,
    criteria: list[str] | None = None,
    no_conflict_confirmed: bool = False,
    proposal_version: int | None = None,
    hearing_exception: str = "",
    applicant_heard: str = "",
    confirm_not_opinion: bool = False,
    response_considered: str = "",
) -> Decision:
    """Decide a proposed (or communicated) case. A person decides; never the handler. With
    ``proposal_version`` (what the decision maker was shown) a changed proposal is a 409. An
    adverse proposal is communicated first (FL 25 §), or decided under the exception named in
    ``hearing_exception`` with why it applies in ``applicant_heard`` (ADR 0026). A refusal
    argued in words of opinions or affiliation needs ``confirm_not_opinion`` (RF 2:21). After
    the applicant answered the kommunicering, ``response_considered`` says how the decision
    deals with the response (printed, and recorded in the event)."""
    asked = _Asked(
        outcome, reasons, amount, criteria,
        exception=hearing_exception.strip(), heard=applicant_heard,
        not_opinion=confirm_not_opinion, response_considered=response_considered,
    )  # fmt: skip
    with audited_refusals("decide", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="decide")
        draft, method = _decision_draft(app, actor, asked, no_conflict_confirmed, proposal_version)
        return make_decision(
            app, actor=actor, action="decide", method=method, draft=draft,
            changes=_decide_changes(draft, confirm_not_opinion),
        )  # fmt: skip


def _decide_changes(draft: Draft, confirmed: bool) -> dict[str, Any]:
    """What a decision's event records beyond the decision: the FL 25 § exception it was taken
    under and why (ADR 0026), that the RF 2:21 confirmation was given (for a refusal; nothing
    else of it), and how the applicant's response was dealt with."""
    changes: dict[str, Any] = {
        **confirmed_record(confirmed and draft.outcome == DecisionOutcome.REJECTED)
    }
    if draft.hearing_exception:
        changes["hearing_exception"] = draft.hearing_exception
        changes["applicant_heard"] = draft.applicant_heard
    if draft.response_considered:
        changes["response_considered"] = draft.response_considered
    return changes


# Correcting.


def _correction_method(app: Application, actor: Any, outcome: str) -> Callable[..., Any]:
    """The correcting transition (the system's: the decision maker's role is checked here)."""
    if not roles.has_role(actor, roles.DECISION_MAKER):
        raise PermissionRefused(_("Bara beslutsfattare kan ändra beslut."), code="role")
    rejected = outcome == DecisionOutcome.REJECTED
    name = "correct_to_rejected" if rejected else "correct_to_approved"
    return check_transition(app, "correct", name, None)


def decision_correct(
    *,
    decision: Decision,
    actor: ActorLike,
    outcome: str,
    reasons: str,
    amount: Decimal | None = None,
    criteria: list[str] | None = None,
    no_conflict_confirmed: bool = False,
    applicant_heard: str = "",
    confirm_not_opinion: bool = False,
) -> Decision:
    """A correction: a new decision that replaces the old one, which stays as it was. One to the
    applicant's detriment needs ``applicant_heard``: how and when they could respond. A
    correction to a refusal argued in words of opinions needs ``confirm_not_opinion`` (RF 2:21)."""
    found = FieldProblems()  # every field's problem in one error
    with audited_refusals("correct", decision.application_id, actor), transaction.atomic():
        app = lock_application(decision.application_id, actor, action="correct")
        current = current_decision(app)
        if current is None or current.pk != decision.pk:
            raise GuardFailed(_("Bara det gällande beslutet kan ändras."), code="decision_replaced")
        delegation = found.check(
            lambda: check_decision_maker(app, actor, "correct", no_conflict_confirmed, amount)
        )
        method = _correction_method(app, actor, outcome)
        cited, amount = gather_outcome(
            found, app, outcome, amount, reasons, list(criteria or []), after_decision=True
        )
        found.check(lambda: check_heard(decision, outcome, amount, cited, applicant_heard))
        opinion = refusal_opinion_problem(app, outcome, reasons, cited, confirm_not_opinion)
        found.add(OPINION_FIELD, opinion)
        cited = outcome_guards(found, app, outcome, cited)
        assert delegation is not None  # else found named no_conflict_confirmed
        heard = applicant_heard.strip()
        draft = Draft(outcome, amount, reasons, cited, delegation, "correction", decision, heard)
        return make_decision(
            app, actor=actor, action="correct", method=method, draft=draft,
            changes={
                "replaces": decision.pk, "amount_granted": amount, "applicant_heard": heard,
                **confirmed_record(confirm_not_opinion and outcome == DecisionOutcome.REJECTED),
            },
        )  # fmt: skip
