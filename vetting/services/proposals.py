"""Proposing a decision, and kommunicering (FL 25 §) of adverse proposals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.decision_digests import communication_record
from config.files import StoredFiles, stored_files
from vetting.citations import case_route
from vetting.errors import FieldProblems, GuardFailed, InvalidInput
from vetting.facts import document_facts
from vetting.models import Application, Communication, DecisionOutcome, Outcome, State
from vetting.money import grouped_lazy
from vetting.selectors import checklist, communication_material
from vetting.services.opinion_grounds import (
    OPINION_FIELD,
    confirmed_record,
    refusal_opinion_problem,
)
from vetting.services.reasons import outcome_reasons_problem

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from vetting.services._core import (
    ActorLike,
    audited_refusals,
    check_transition,
    lock_application,
    perform_transition,
    require_received_on,
    save_transition,
    snapshot,
)
from vetting.services.response_time import deadline_problems, short_deadline_change
from vetting.services.uploads import arrival_problems

RESPOND_AFTER_TODAY = _("Svarsdatum ska vara efter dagens datum.")

PROPOSAL_FIELDS = [
    "proposed_by",
    "proposed_outcome",
    "proposed_amount",
    "proposal_reasons",
    "proposal_criteria",
    "response_due",
    "responded_at",
]


PASSED = (Outcome.PASS, Outcome.NOT_APPLICABLE)
REUSE_HELD = _(
    "Föreningens tidigare bedömningar återanvänds först när du har bekräftat parten (namnet i "
    "ansökan är inte föreningens registrerade namn)."
)


def require_all_passed(app: Application) -> list[str]:
    """Every applicable criterion passed or not applicable, and nothing open. Returns codes."""
    rows = checklist(app)
    missing = [row.criterion.code for row in rows if row.outcome not in PASSED]
    if missing:
        message = format_lazy(
            _(
                "Alla kriterier måste vara bedömda som uppfyllda eller ej tillämpliga "
                "för bifall. Återstår: {missing}."
            ),
            missing=", ".join(missing),
        )
        if any(row.held for row in rows):  # ADR 0020
            message = format_lazy("{} {}", message, REUSE_HELD)
        raise GuardFailed(message, code="criteria_not_passed")
    if app.program_reviews.filter(closed_at__isnull=True).exists():
        raise GuardFailed(_("Programgranskningen är inte avslutad."), code="program_review_open")
    if app.escalations.filter(concluded_at__isnull=True).exists():
        raise GuardFailed(_("Säkerhetsbedömningen är inte avslutad."), code="escalation_open")
    return [row.criterion.code for row in rows]


def require_failed(app: Application, cited: list[str], *, allow_doubt: bool = True) -> list[str]:
    """What a refusal rests on: at least one criterion failed with evidence (a fail always has
    it), every cited criterion failed, at least one of them. Before the decision a cited criterion
    may also be in doubt (``allow_doubt``); after it (a correction to a refusal, a revocation) only
    a fail may be cited: new facts are first recorded as a failed assessment on the case."""
    rows = {row.criterion.code: row for row in checklist(app)}
    failed = [c for c, row in rows.items() if _failed_with_evidence(row)]
    if not failed:
        raise GuardFailed(
            _NONE_FAILED if allow_doubt else _NONE_FAILED_YET, code="no_failed_criterion"
        )
    cited = cited or failed
    allowed = (Outcome.FAIL, Outcome.DOUBT) if allow_doubt else (Outcome.FAIL,)
    wrong = sorted({c for c in cited if c not in rows or rows[c].outcome not in allowed})
    if wrong:
        raise InvalidInput({"criteria": _wrongly_cited(wrong, allow_doubt)})
    if not set(cited) & set(failed):
        raise InvalidInput({"criteria": _("Åberopa minst ett kriterium som inte är uppfyllt.")})
    return sorted(set(cited))


_NONE_FAILED = _("Avslag kräver minst ett kriterium bedömt som inte uppfyllt, med underlag.")
_NONE_FAILED_YET = _(
    "Inget kriterium är bedömt som inte uppfyllt i ärendet. Registrera först bedömningen av de "
    "nya uppgifterna, med underlag."
)


def _failed_with_evidence(row: Any) -> bool:
    return bool(
        row.outcome == Outcome.FAIL
        and row.assessment is not None
        and row.assessment.evidence_kind != "none"
    )


def _wrongly_cited(wrong: list[str], allow_doubt: bool) -> StrOrPromise:
    if allow_doubt:
        text = _(
            "Åberopade kriterier måste vara bedömda som inte uppfyllda eller tveksamma: {wrong}."
        )
    else:
        text = _(
            "Åberopade kriterier måste vara bedömda som inte uppfyllda i ärendet, "
            "med underlag; registrera först bedömningen av de nya uppgifterna. "
            "Inte bedömda som inte uppfyllda: {wrong}."
        )
    return format_lazy(text, wrong=", ".join(wrong))


OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.PARTLY_APPROVED, DecisionOutcome.REJECTED)


def outcomes_for(app: Application) -> tuple[DecisionOutcome, ...]:
    """The outcomes a proposal or decision of this case may have: partly approved (a lower
    amount than applied for) only for a grant; premises are let or not (``_granted_amount``).
    The forms offer these only."""
    if app.is_grant:
        return OUTCOMES
    return (DecisionOutcome.APPROVED, DecisionOutcome.REJECTED)


def gather_outcome(
    found: FieldProblems,
    app: Application,
    outcome: str,
    amount: Decimal | None,
    reasons: str,
    cited: list[str],
    *,
    after_decision: bool = False,
) -> tuple[list[str], Decimal | None]:
    """Every field problem of a proposed, decided or (``after_decision``) corrected outcome,
    added to ``found``: the outcome, its reasons (``outcome_reasons_problem``), the amount and
    the criteria a refusal cites. Returns the criteria and amount it rests on as far as they
    could be judged (good once ``found`` is empty)."""
    if outcome not in OUTCOMES:
        found.add("outcome", _("Tillåtna värden: approved, partly_approved, rejected."))
        return cited, amount
    problem = outcome_reasons_problem(outcome, reasons, correction=after_decision)
    found.add("reasons", problem)
    if outcome == DecisionOutcome.REJECTED:
        grounds = found.check(lambda: require_failed(app, cited, allow_doubt=not after_decision))
        return (cited if grounds is None else grounds), None
    try:
        return cited, _granted_amount(app, outcome, amount)
    except InvalidInput as exc:
        found.merge(exc)
        return cited, amount  # as asked, for the checks that compare it (``check_heard``)


def outcome_guards(
    found: FieldProblems, app: Application, outcome: str, cited: list[str]
) -> list[str]:
    """Once no field is wrong (else one InvalidInput naming every field in ``found``): the
    criteria the outcome rests on, a refusal's cited ones or, for an approval, every criterion
    (all passed: ``require_all_passed``)."""
    found.raise_any()
    return cited if outcome == DecisionOutcome.REJECTED else require_all_passed(app)


def check_outcome(
    app: Application,
    outcome: str,
    amount: Decimal | None,
    reasons: str,
    cited: list[str],
    *,
    found: FieldProblems | None = None,
) -> tuple[list[str], Decimal | None]:
    """The checks of a proposed or decided outcome, every field's problem in one InvalidInput
    (with those already in ``found``); returns the criteria and amount it rests on. An adverse
    outcome needs reasons of substance; an approval in full may have none (FL 32 § second
    paragraph 1)."""
    found = FieldProblems() if found is None else found
    cited, amount = gather_outcome(found, app, outcome, amount, reasons, cited)
    return outcome_guards(found, app, outcome, cited), amount


# The outcome by its label, as the pages show it, not its code (the API's errors name the field).
ONLY_GRANTS = _("Utfallet ”{outcome}” gäller bara bidrag.")
LOWER_IS_PARTLY = _("Ett lägre belopp än det sökta är utfallet ”{outcome}”.")


def _label(outcome: str) -> StrOrPromise:
    return DecisionOutcome(outcome).label


def amount_above_applied(app: Application, amount: Decimal | None) -> StrOrPromise | None:
    """The problem of an amount above the one applied for, whatever the outcome (pure: a form
    names it with a missing outcome, ADR 0010); None when it is not above."""
    applied = app.amount_applied or Decimal(0)
    if not app.is_grant or amount is None or amount <= applied:
        return None
    return format_lazy(
        _("Beloppet får inte överstiga sökt belopp ({applied} kr)."), applied=grouped_lazy(applied)
    )


def _granted_amount(app: Application, outcome: str, amount: Decimal | None) -> Decimal | None:
    if not app.is_grant:
        if outcome not in outcomes_for(app):
            raise InvalidInput({"outcome": format_lazy(ONLY_GRANTS, outcome=_label(outcome))})
        return None
    applied = app.amount_applied or Decimal(0)
    amount = applied if amount is None and outcome == DecisionOutcome.APPROVED else amount
    if amount is None or amount <= 0:
        raise InvalidInput({"amount": _("Ange beviljat belopp (kr).")})
    above = amount_above_applied(app, amount)
    if above is not None:
        raise InvalidInput({"amount": above})
    if outcome == DecisionOutcome.APPROVED and amount != applied:
        lower = format_lazy(LOWER_IS_PARTLY, outcome=_label(DecisionOutcome.PARTLY_APPROVED))
        raise InvalidInput({"amount": lower})
    if outcome == DecisionOutcome.PARTLY_APPROVED and amount >= applied:
        raise InvalidInput({"amount": _("Delvis bifall ska vara lägre än sökt belopp.")})
    return amount


def application_propose(
    *,
    application: Application,
    actor: ActorLike,
    outcome: str,
    reasons: str,
    amount: Decimal | None = None,
    criteria: list[str] | None = None,
    confirm_not_opinion: bool = False,
) -> Application:
    """Propose a decision. A refusal argued in words of opinions or affiliation needs
    ``confirm_not_opinion`` (RF 2:21, ``opinion_grounds``); the event records that it was given."""
    with audited_refusals("propose", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="propose")
        method = check_transition(app, "propose", "propose", actor)
        asked = list(criteria or [])
        found = FieldProblems()
        found.add(
            OPINION_FIELD,
            refusal_opinion_problem(app, outcome, reasons, asked, confirm_not_opinion),
        )
        cited, amount = check_outcome(app, outcome, amount, reasons, asked, found=found)
        before, from_state = snapshot(app, PROPOSAL_FIELDS), app.state
        method(by=actor, outcome=outcome, amount=amount, reasons=reasons.strip(), criteria=cited)
        save_transition(
            app,
            actor=actor,
            action="propose",
            from_state=from_state,
            before=before,
            reasons=reasons,
            criteria=cited,
            extra_changes=confirmed_record(
                confirm_not_opinion and outcome == DecisionOutcome.REJECTED
            ),
        )
    return app


def application_communicate(
    *,
    application: Application,
    actor: ActorLike,
    due: date | None = None,
    short_deadline_reason: str = "",
) -> Communication:
    """Kommunicering (FL 25 §): send the adverse proposal; the decision waits for the answer.
    ``due``: at least ``GRANSKA_MIN_RESPONSE_DAYS`` ahead, or sooner with
    ``short_deadline_reason`` (``response_time``), which the letter prints."""
    due = due or timezone.localdate() + timedelta(days=settings.GRANSKA_COMMUNICATION_DAYS)
    found = FieldProblems()
    short = deadline_problems(
        found, due=due, answered="response", reason=short_deadline_reason, past=RESPOND_AFTER_TODAY
    )
    found.raise_any()
    sent: list[Communication] = []
    perform_transition(
        application=application,
        actor=actor,
        action="communicate",
        kwargs={"due": due},
        fields=["response_due"],
        then=lambda app: sent.append(
            Communication.objects.create(
                application=app,
                sent_by=actor,
                due=due,
                proposal_text=app.proposal_reasons,
                proposed_outcome=app.proposed_outcome,
                proposed_amount=app.proposed_amount,
                criteria=list(app.proposal_criteria or []),
                material=communication_material(app, list(app.proposal_criteria or [])),
                facts=document_facts(app, route=case_route(app)),
                short_deadline_reason=short,
            )
        ),
        describe=lambda app: {
            "reasons": app.proposal_reasons,
            "criteria": app.proposal_criteria,
            # reconciled against the letter; the reason for a shorter time, when one was given
            "extra_changes": {**communication_record(sent[0]), **short_deadline_change(short)},
        },
    )
    return sent[0]


def application_record_response(
    *,
    application: Application,
    actor: ActorLike,
    response: str,
    received_on: date | None = None,
    file: UploadedFile | None = None,
    contests: bool = True,
) -> Application:
    """The applicant's response to the communicated proposal, or to the communicated intended
    revocation of a decided grant (FL 25 §, ADR 0015). ``received_on``: the day it reached the
    municipality (default today), by which its deadline is judged; ``file``: for one that came
    by post, the scanned letter (checked as evidence documents are). ``contests``: whether it
    objects to what was communicated (default: it does); one that does not needs no answer in
    the decision (``response_considered_problem``). The event records which."""
    found = FieldProblems()
    if not response.strip():
        found.add("response", _("Skriv in eller sammanfatta sökandens yttrande."))
    arrival_problems(found, received_on, file)
    found.raise_any()
    arrival: dict[str, Any] = {}
    revocation = _answers_revocation(application)
    purpose = Communication.Purpose.REVOCATION if revocation else Communication.Purpose.PROPOSAL
    with stored_files() as files:
        return perform_transition(
            application=application,
            actor=actor,
            action="record_response",
            method="record_revocation_response" if revocation else "record_response",
            fields=["revocation_responded_at" if revocation else "responded_at"],
            reasons=response.strip(),
            then=lambda app: arrival.update(
                _keep_response(app, purpose, response.strip(), received_on, file, files, contests)
            ),
            describe=lambda app: {"extra_changes": arrival},
        )


def _answers_revocation(application: Application) -> bool:
    """Whether a response on this case answers an intended revocation: the case is decided (a
    proposal is communicated only before the decision). Read from the database before the
    lock (the caller's instance may be older); the transition is checked again under it."""
    state = Application.objects.filter(pk=application.pk).values_list("state", flat=True)
    return state.first() in (State.APPROVED, State.PAID)


RESPONSE_BEFORE_COMMUNICATION = _(
    "Yttrandet kan inte ha kommit in före {sent}, då förslaget kommunicerades."
)


def _keep_response(
    app: Application,
    purpose: str,
    response: str,
    received_on: date | None,
    file: UploadedFile | None,
    files: StoredFiles,
    contests: bool = True,
) -> dict[str, Any]:
    """The response on the open communication of ``purpose``, with the day it came in, the
    scanned letter and whether it objects (``contests``); what the event records of it."""
    revocation = purpose == Communication.Purpose.REVOCATION
    open_ones = app.communications.filter(purpose=purpose, responded_at__isnull=True)
    hearing = open_ones.order_by("-id").first()
    sent_at = hearing.sent_at if hearing is not None else None
    day = require_received_on("received_on", received_on, sent_at, RESPONSE_BEFORE_COMMUNICATION)
    if hearing is not None and file is not None:
        files.save_upload(hearing, "response_file", file, "yttrande")
        hearing.save(update_fields=["response_file", "original_filename"])
    registered = app.revocation_responded_at if revocation else app.responded_at
    if revocation and hearing is not None:  # the latest only: an earlier one's time is over
        open_ones = open_ones.filter(pk=hearing.pk)
    open_ones.update(
        response=response,
        responded_at=registered,
        response_received_on=day,
        response_contests=contests,
    )
    facts: dict[str, Any] = {"purpose": purpose} if revocation else {}
    facts["contests"] = contests  # whether it objects: what the decision must answer
    if hearing is None:
        return {**facts, "received_on": day}
    late = day > hearing.due
    return {**facts, "received_on": day, "late": late, "file": hearing.response_file.name}


def application_return_to_review(
    *, application: Application, actor: ActorLike, reasons: str
) -> Application:
    if not reasons.strip():
        raise InvalidInput({"reasons": _("Ange varför ärendet återförvisas.")})
    return perform_transition(
        application=application,
        actor=actor,
        action="return_to_review",
        fields=["proposed_outcome"],
        reasons=reasons,
    )
