"""Decisions: by a person other than the handler, with delegation, immutable, with appeal text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting import roles
from vetting.errors import ActionNotAllowed, Conflict, GuardFailed, InvalidInput, PermissionRefused
from vetting.models import Application, Decision, DecisionOutcome, Delegation, State
from vetting.models.kinds import AWARDING_OUTCOMES
from vetting.selectors import (
    DECISION_READERS,
    checklist,
    delegation_for,
    has_conflict,
    hidden_sources,
    reused_sources,
    took_part_in_preparing,
)
from vetting.selectors import (
    proposal_version as current_proposal_version,
)
from vetting.services._core import (
    ActorLike,
    audited_refusals,
    check_transition,
    lock_application,
    perform_transition,
    save_transition,
    snapshot,
)
from vetting.services.proposals import check_outcome, require_failed
from vetting.texts import REVOCATION_CLAUSE, appeal_instructions_for, appeal_route_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DECIDED_FIELDS = ["amount_granted", "decided_at", "closed_at"]


def check_decision_maker(
    app: Application, user: Any, amount: Decimal | None, confirmed: bool
) -> Delegation:
    """Role, four-eyes, jäv and delegation. Raises PermissionRefused with a translatable reason."""
    if not roles.has_role(user, roles.DECISION_MAKER):
        raise PermissionRefused(_("Bara beslutsfattare fattar beslut."), code="role")
    if took_part_in_preparing(user, app):
        raise PermissionRefused(
            _(
                "Fyra ögon: du har handlagt, bedömt eller föreslagit beslut i ärendet och får "
                "därför inte besluta i det. En annan beslutsfattare måste fatta beslutet."
            ),
            code="four_eyes",
        )
    if has_conflict(user, app.association_id):
        raise PermissionRefused(
            _("Jäv: du har anmält jäv mot föreningen och får inte besluta."),
            code="conflict_of_interest",
        )
    if not confirmed:
        raise InvalidInput({"no_conflict_confirmed": _("Bekräfta att du inte är jävig i ärendet.")})
    at_stake = max(app.amount_applied or Decimal(0), amount or Decimal(0))
    delegation = delegation_for(
        user,
        kind=app.kind,
        amount=at_stake,
        administration_id=app.administration_id,
        on=timezone.localdate(),
    )
    if delegation is None:
        raise PermissionRefused(
            format_lazy(
                _(
                    "Delegation saknas: du har ingen giltig delegation för {kind} "
                    "på {amount} kr i {administration}."
                ),
                kind=lazy(app.get_kind_display, str)(),
                amount=at_stake,
                administration=app.administration,
            ),
            code="no_delegation",
        )
    return delegation


def criteria_snapshot(app: Application, cited: list[str]) -> list[dict[str, Any]]:
    """What each criterion's assessment was at decision time, kept in the decision. A reused
    assessment names its source case only when the decision's readers may be told of it
    (``hidden_sources``, ADR 0003)."""
    rows = []
    checked = checklist(app)
    hidden = hidden_sources(app, reused_sources(checked), DECISION_READERS)
    for row in checked:
        a = row.assessment
        rows.append(
            {
                "code": row.criterion.code,
                "title": row.criterion.title,
                "outcome": row.outcome,
                "cited": row.criterion.code in cited,
                "assessment_id": a.pk if a else None,
                "evidence": a.evidence_text if a else "",
                "reused": row.reused,
                "reused_from": "" if row.source_reference in hidden else row.source_reference,
            }
        )
    return rows


def _decide_method(app: Application, outcome: str) -> str:
    if outcome == DecisionOutcome.REJECTED:
        return "decide_reject"
    return "decide_approve" if app.state == State.PROPOSED else "decide_approve_after_communication"


def _check_decidable(app: Application, actor: Any, outcome: str) -> None:
    """Refuse a decision the state machine does not allow yet, saying why and what is allowed."""
    from vetting.actions import allowed_actions

    message: StrOrPromise = ""
    if app.state == State.COMMUNICATED and not app.response_window_closed():
        message = format_lazy(
            _(
                "Sökanden har till {due} på sig att yttra sig; beslut kan fattas "
                "när yttrandet kommit in eller tiden gått ut."
            ),
            due=app.response_due,
        )
    elif app.state == State.PROPOSED and app.proposal_is_adverse:
        message = _(
            "Förslaget är till nackdel för sökanden och måste kommuniceras före beslut (FL 25 §)."
        )
    if message or app.state not in (State.PROPOSED, State.COMMUNICATED):
        raise ActionNotAllowed(
            action="decide", state=app.state, allowed=allowed_actions(app, actor), message=message
        )
    if app.state == State.PROPOSED and outcome != app.proposed_outcome:
        raise GuardFailed(
            _(
                "Ett beslut som avviker från förslaget till nackdel för sökanden kräver att "
                "ärendet återförvisas och att förslaget kommuniceras."
            ),
            code="deviation_needs_review",
        )


def _check_proposal_seen(app: Application, seen: int | None) -> None:
    """The decision is taken on the proposal its maker was shown: what an empty reasons field
    (and blank criteria or amount) is filled from. ``seen`` is ``proposal_version`` as the form
    or client read it; None when a client does not say (then nothing is checked)."""
    if seen is not None and seen != current_proposal_version(app):
        raise Conflict(
            _(
                "Förslaget till beslut har ändrats sedan du öppnade formuläret (ärendet har "
                "återförvisats och fått ett nytt förslag). Läs det nya förslaget och besluta igen."
            ),
            code="proposal_changed",
        )


FAVOUR: dict[str, int] = {
    DecisionOutcome.REJECTED: 0,
    DecisionOutcome.PARTLY_APPROVED: 1,
    DecisionOutcome.APPROVED: 2,
}


@dataclass(frozen=True)
class Standing:
    """What a decision, or a proposal as it was communicated, gives the applicant."""

    outcome: str
    amount: Decimal | None
    criteria: frozenset[str]


def worse_for_applicant(new: Standing, than: Standing) -> bool:
    """A worse outcome, a lower amount, or a refusal on a ground ``than`` did not give: what the
    applicant must be heard on first (FL 25 § after kommunicering, FL 36 § for a correction)."""
    ours, theirs = FAVOUR.get(new.outcome, 0), FAVOUR.get(than.outcome, 0)
    if ours != theirs:
        return ours < theirs
    if new.outcome == DecisionOutcome.REJECTED:
        return not new.criteria <= than.criteria
    return than.amount is not None and (new.amount or Decimal(0)) < than.amount


def _check_not_worse_than_communicated(
    app: Application, outcome: str, amount: Decimal | None, cited: list[str]
) -> None:
    """After kommunicering the decision may follow the communicated proposal or favour the
    applicant more, never less: anything worse needs the case returned and the new proposal
    communicated (FL 25 §)."""
    sent = app.communications.order_by("-sent_at", "-id").first()
    if sent is None or not sent.proposed_outcome:
        return
    communicated = Standing(sent.proposed_outcome, sent.proposed_amount, frozenset(sent.criteria))
    if worse_for_applicant(Standing(outcome, amount, frozenset(cited)), communicated):
        raise GuardFailed(
            _(
                "Beslutet är till större nackdel för sökanden än det kommunicerade förslaget "
                "(sämre utfall, lägre belopp eller skäl som inte kommunicerats). Återförvisa "
                "ärendet och kommunicera det nya förslaget."
            ),
            code="deviation_needs_review",
        )


def _create_decision(
    app: Application,
    *,
    actor: Any,
    outcome: str,
    amount: Decimal | None,
    reasons: str,
    cited: list[str],
    delegation: Delegation,
    kind: str,
    replaces: Decision | None = None,
) -> Decision:
    route = appeal_route_for(app.kind)
    return Decision.objects.create(
        application=app,
        outcome=outcome,
        amount_granted=amount,
        reasons=reasons,
        criteria=criteria_snapshot(app, cited),
        rulebook=app.rulebook,
        decided_by=actor,
        handler_id=app.handler_id,
        proposed_by_id=app.proposed_by_id,
        delegation=delegation,
        decided_at=timezone.now(),
        appeal_route=route,
        appeal_instructions=appeal_instructions_for(route),
        revocation_clause=REVOCATION_CLAUSE
        if app.is_grant and outcome in AWARDING_OUTCOMES
        else "",
        no_conflict_confirmed=True,
        kind=kind,
        replaces=replaces,
    )


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
) -> Decision:
    """Decide a proposed (or communicated) case. A person decides; never the handler. With
    ``proposal_version`` (what the decision maker was shown) a changed proposal is a 409."""
    with audited_refusals("decide", application, actor), transaction.atomic():
        app = lock_application(application, actor)
        if app.state in (State.PROPOSED, State.COMMUNICATED):
            delegation = check_decision_maker(app, actor, amount, no_conflict_confirmed)
        _check_proposal_seen(app, proposal_version)
        _check_decidable(app, actor, outcome)
        method = check_transition(app, "decide", _decide_method(app, outcome), actor)
        reasons = reasons.strip() or app.proposal_reasons
        cited, amount = check_outcome(
            app, outcome, amount, reasons, list(criteria or app.proposal_criteria)
        )
        if app.state == State.COMMUNICATED:
            _check_not_worse_than_communicated(app, outcome, amount, cited)
        before, from_state = snapshot(app, DECIDED_FIELDS), app.state
        method(**({} if outcome == DecisionOutcome.REJECTED else {"amount": amount}))
        decision = _create_decision(
            app,
            actor=actor,
            outcome=outcome,
            amount=amount,
            reasons=reasons,
            cited=cited,
            delegation=delegation,
            kind="decision",
        )
        save_transition(
            app,
            actor=actor,
            action="decide",
            from_state=from_state,
            before=before,
            reasons=reasons,
            criteria=cited,
            extra_changes={
                "decision_id": decision.pk,
                "outcome": outcome,
                "delegation_id": delegation.pk,
            },
        )
    return decision


def _check_heard(
    old: Decision, outcome: str, amount: Decimal | None, cited: list[str], heard: str
) -> None:
    """FL 36 §: before a correction to the applicant's detriment, the applicant is given the
    opportunity to respond; the corrector says how and when that happened."""
    before = Standing(
        old.outcome,
        old.amount_granted,
        frozenset(c["code"] for c in old.criteria if c.get("cited")),
    )
    if worse_for_applicant(Standing(outcome, amount, frozenset(cited)), before) and not (
        heard.strip()
    ):
        raise InvalidInput(
            {
                "applicant_heard": _(
                    "Rättelsen är till nackdel för sökanden: ange hur och när sökanden fått "
                    "tillfälle att yttra sig (FL 36 §)."
                )
            }
        )


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
) -> Decision:
    """A correction: a new decision that replaces the old one, which stays as it was. One to the
    applicant's detriment needs ``applicant_heard``: how and when they could respond."""
    if not reasons.strip():
        raise InvalidInput({"reasons": _("En rättelse måste motiveras.")})
    with audited_refusals("correct", decision.application_id, actor), transaction.atomic():
        app = lock_application(decision.application_id, actor)
        current = app.decisions.filter(replaced_by__isnull=True).order_by("-decided_at").first()
        if current is None or current.pk != decision.pk:
            raise GuardFailed(_("Bara det gällande beslutet kan rättas."), code="decision_replaced")
        delegation = check_decision_maker(app, actor, amount, no_conflict_confirmed)
        name = (
            "correct_to_rejected" if outcome == DecisionOutcome.REJECTED else "correct_to_approved"
        )
        if not roles.has_role(actor, roles.DECISION_MAKER):
            raise PermissionRefused(_("Bara beslutsfattare kan rätta beslut."), code="role")
        method = check_transition(app, "correct", name, None)
        cited, amount = check_outcome(
            app, outcome, amount, reasons, list(criteria or []), after_decision=True
        )
        _check_heard(decision, outcome, amount, cited, applicant_heard)
        before, from_state = snapshot(app, DECIDED_FIELDS), app.state
        method(**({} if outcome == DecisionOutcome.REJECTED else {"amount": amount}))
        new = _create_decision(
            app,
            actor=actor,
            outcome=outcome,
            amount=amount,
            reasons=reasons,
            cited=cited,
            delegation=delegation,
            kind="correction",
            replaces=decision,
        )
        save_transition(
            app,
            actor=actor,
            action="correct",
            from_state=from_state,
            before=before,
            reasons=reasons,
            criteria=cited,
            extra_changes={
                "decision_id": new.pk,
                "replaces": decision.pk,
                "outcome": outcome,
                "amount_granted": amount,
                "delegation_id": delegation.pk,
                "applicant_heard": applicant_heard.strip(),
            },
        )
    return new


def application_pay(
    *, application: Application, actor: ActorLike, reference: str = ""
) -> Application:
    """Register the payment of a granted amount."""
    return perform_transition(
        application=application,
        actor=actor,
        action="pay",
        fields=["paid_at"],
        reasons=reference,
        describe=lambda app: {"extra_changes": {"amount": app.amount_granted}},
    )


def _reclaim(app: Application, requested: Decimal | None) -> Decimal:
    """Återkrav: at most what was paid out; nothing when the grant was never paid."""
    paid = (app.amount_granted or Decimal(0)) if app.paid_at is not None else Decimal(0)
    reclaim = paid if requested is None else requested
    if app.paid_at is None and reclaim:
        raise InvalidInput(
            {"reclaim_amount": _("Bidraget har inte betalats ut; det finns inget att återkräva.")}
        )
    if reclaim < 0 or reclaim > paid:
        raise InvalidInput(
            {
                "reclaim_amount": format_lazy(
                    _("Återkrav ska vara mellan 0 och {granted} kr."), granted=paid
                )
            }
        )
    return reclaim


def application_revoke(
    *,
    application: Application,
    actor: ActorLike,
    reasons: str,
    criteria: list[str],
    reclaim_amount: Decimal | None = None,
    no_conflict_confirmed: bool = False,
    applicant_heard: str = "",
) -> Decision:
    """Revoke a grant under the revocation clause (FL 37 §) and record the reclaim. It is an
    adverse decision: ``applicant_heard`` says how and when the applicant could answer the
    material first (FL 25 §)."""
    if not reasons.strip():
        raise InvalidInput({"reasons": _("En återkallelse måste motiveras (FL 32 §).")})
    if not applicant_heard.strip():
        raise InvalidInput(
            {
                "applicant_heard": _(
                    "Ange hur och när sökanden fått yttra sig över underlaget för "
                    "återkallelsen (FL 25 §)."
                )
            }
        )
    if not criteria:
        raise InvalidInput(
            {"criteria": _("Ange vilket eller vilka villkor som inte är uppfyllda.")}
        )
    with audited_refusals("revoke", application, actor), transaction.atomic():
        app = lock_application(application, actor)
        method = check_transition(app, "revoke", "revoke", actor)
        delegation = check_decision_maker(app, actor, app.amount_granted, no_conflict_confirmed)
        cited = require_failed(app, list(criteria), allow_doubt=False)
        reclaim = _reclaim(app, reclaim_amount)
        before, from_state = snapshot(app, ["revoked_at"]), app.state
        method()
        decision = _create_decision(
            app,
            actor=actor,
            outcome=DecisionOutcome.REVOKED,
            amount=reclaim,
            reasons=reasons,
            cited=cited,
            delegation=delegation,
            kind="revocation",
            replaces=app.decisions.filter(replaced_by__isnull=True).order_by("-decided_at").first(),
        )
        save_transition(
            app,
            actor=actor,
            action="revoke",
            from_state=from_state,
            before=before,
            reasons=reasons,
            criteria=cited,
            extra_changes={
                "decision_id": decision.pk,
                "outcome": DecisionOutcome.REVOKED.value,
                "delegation_id": delegation.pk,
                "reclaim_amount": reclaim,
                "applicant_heard": applicant_heard.strip(),
            },
        )
    return decision
