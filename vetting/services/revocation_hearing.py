"""Kommunicering of an intended revocation (FL 25 §, ADR 0015): the grounds, the failed
criteria and the återkrav are sent to the applicant, who may answer by a day, before a decision
maker may revoke the grant; and what the revocation checks of that hearing (or of the FL 25 §
exception named instead)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.decision_digests import communication_record
from vetting.citations import case_route
from vetting.errors import FieldProblems
from vetting.facts import delegation_facts, document_facts
from vetting.models import Application, Communication, DecisionOutcome, Delegation
from vetting.money import grouped_lazy
from vetting.selectors import communication_material, revocation_hearing
from vetting.services._core import ActorLike, perform_transition, person
from vetting.services.decision_checks import (
    RESPONSE_THINLY_CONSIDERED,
    check_decision_maker,
    check_reclaim,
    exception_choice_problem,
)
from vetting.services.opinion_grounds import (
    OPINION_FIELD,
    confirmed_record,
    revocation_opinion_problem,
)
from vetting.services.proposals import require_failed
from vetting.services.reasons import (
    exception_reasons_problem,
    reasons_problem,
    with_reason_floor,
)
from vetting.services.response_time import deadline_problems, short_deadline_change

HEARING_FIELDS = ["revocation_response_due", "revocation_responded_at"]
# What a drop records on the kommunicering it ends (ADR 0022).
DROP_FIELDS = ("dropped_at", "dropped_by", "drop_reasons", "drop_delegation", "drop_facts")


def communication_input_problems(reasons: str, criteria: list[str]) -> FieldProblems:
    """What is wrong with the input of a revocation's kommunicering without the case: its
    grounds of substance (FL 32 §) and the conditions not met."""
    found = FieldProblems()
    blank = _("Ange skälen för det avsedda återkallandet (FL 32 §).")
    found.add("reasons", reasons_problem(reasons, blank))
    if not criteria:
        found.add("criteria", _("Ange vilket eller vilka villkor som inte är uppfyllda."))
    return found


def application_communicate_revocation(
    *,
    application: Application,
    actor: ActorLike,
    reasons: str,
    criteria: list[str],
    reclaim_amount: Decimal | None = None,
    due: date | None = None,
    short_deadline_reason: str = "",
    confirm_not_opinion: bool = False,
) -> Communication:
    """Send the intended revocation of a grant to the applicant (FL 25 §): the grounds, the
    failed criteria with their material, and what would be reclaimed (by default what was
    paid); the grant stays in force, and may be revoked once the applicant has answered or
    ``due`` (default ``GRANSKA_COMMUNICATION_DAYS`` ahead; at least ``GRANSKA_MIN_RESPONSE_DAYS``
    unless ``short_deadline_reason`` says why not, ``response_time``) has passed. Grounds
    argued in words of opinions or affiliation need ``confirm_not_opinion`` (RF 2:21,
    ``opinion_grounds``); the event records that it was given."""
    due = due or timezone.localdate() + timedelta(days=settings.GRANSKA_COMMUNICATION_DAYS)
    found = communication_input_problems(reasons, criteria)
    past = _("Svarsdatum ska vara efter dagens datum.")
    short = deadline_problems(
        found, due=due, answered="response", reason=short_deadline_reason, past=past
    )
    judged: dict[str, Any] = {"short": short}

    def guard(app: Application) -> None:
        judged["reclaim"] = found.check(lambda: check_reclaim(app, reclaim_amount))
        judged["cited"] = found.check(lambda: require_failed(app, criteria, allow_doubt=False))
        cited = judged["cited"] or criteria
        opinion = revocation_opinion_problem(app, reasons, cited, confirm_not_opinion)
        found.add(OPINION_FIELD, opinion)
        found.raise_any()

    sent: list[Communication] = []
    perform_transition(
        application=application,
        actor=actor,
        action="communicate_revocation",
        kwargs={"due": due},
        fields=HEARING_FIELDS,
        reasons=reasons.strip(),
        guard=guard,
        then=lambda app: sent.append(_letter(app, actor, due, reasons.strip(), judged)),
        describe=lambda app: {
            "criteria": judged["cited"],
            # reconciled against the letter, as a proposal's kommunicering (audit_verify)
            "extra_changes": {
                **communication_record(sent[0]),
                "reclaim_amount": judged["reclaim"],
                **short_deadline_change(short),
                **confirmed_record(confirm_not_opinion),
            },
        },
    )
    return sent[0]


def _letter(
    app: Application, actor: ActorLike, due: date, reasons: str, judged: dict[str, Any]
) -> Communication:
    """The record of what was sent, from which the letter is rebuilt."""
    cited = list(judged["cited"])
    return Communication.objects.create(
        application=app,
        purpose=Communication.Purpose.REVOCATION,
        sent_by=actor,
        due=due,
        proposal_text=reasons,
        proposed_outcome=DecisionOutcome.REVOKED,
        proposed_amount=judged["reclaim"],
        criteria=cited,
        material=communication_material(app, cited),
        facts=document_facts(app, route=case_route(app)),
        short_deadline_reason=judged["short"],
    )


DROP_BLANK = _("Ange varför bidraget inte återkallas.")
DROP_THIN = with_reason_floor(
    _(
        "Skälen är för korta: ange varför bidraget inte återkallas (till exempel vad i "
        "yttrandet som visar att villkoren är uppfyllda), med minst {words} ord och {chars} "
        "tecken."
    )
)


def drop_input_problems(reasons: str) -> FieldProblems:
    """What is wrong with the input of dropping an intended revocation: why the grant is not
    revoked, with the floor of a decision's reasons (``reasons_problem``)."""
    found = FieldProblems()
    found.add("reasons", reasons_problem(reasons, DROP_BLANK, thin=DROP_THIN))
    return found


def application_drop_revocation(
    *, application: Application, actor: ActorLike, reasons: str, no_conflict_confirmed: bool = False
) -> Communication:
    """Decide not to carry out the intended revocation (the answer convinced the authority, or
    the grounds fell away), while its hearing is open or after it closed: the hearing ends, the
    grant stays in force as decided, and the letter telling the applicant that the matter is
    closed without action is rebuilt from the kommunicering's record (``dropped_at``,
    ``drop_reasons``). What was sent stays as it was. Returns the kommunicering dropped.

    Not revoking is a decision on the grant as much as revoking it: the same checks as
    ``application_revoke`` (``check_decision_maker``: the role, four-eyes, jäv, the
    ``no_conflict_confirmed`` confirmation and a delegation for the kind and the amount at
    stake), and the event records the delegation it was taken under."""
    text = reasons.strip()
    found = drop_input_problems(text)
    dropped: list[Communication] = []
    delegations: list[Delegation] = []

    def guard(app: Application) -> None:  # after the state and the role (409/403 first)
        delegation = found.check(
            lambda: check_decision_maker(app, actor, "drop_revocation", no_conflict_confirmed)
        )
        found.raise_any()
        assert delegation is not None  # else found named no_conflict_confirmed
        delegations.append(delegation)

    def then(app: Application) -> None:
        hearing = revocation_hearing(app)
        assert hearing is not None  # the transition's condition: a hearing was begun
        hearing.dropped_at, hearing.dropped_by = timezone.now(), person(actor)
        hearing.drop_reasons = text
        hearing.drop_delegation = delegations[0]
        hearing.drop_facts = delegation_facts(delegations[0])
        hearing.save(update_fields=[*DROP_FIELDS])
        dropped.append(hearing)

    perform_transition(
        application=application,
        actor=actor,
        action="drop_revocation",
        fields=HEARING_FIELDS,
        reasons=text,
        guard=guard,
        then=then,
        describe=lambda app: {
            "extra_changes": {
                **_dropped_facts(dropped[0]),
                "delegation_id": delegations[0].pk,
                "no_conflict_confirmed": True,
            }
        },
    )
    return dropped[0]


def _dropped_facts(hearing: Communication) -> dict[str, Any]:
    """What the drop event records of the hearing it ends: which letter, when it was sent, the
    day to answer by and whether an answer had come in."""
    return {
        "communication_id": hearing.pk,
        "hearing_sent_on": timezone.localdate(hearing.sent_at),
        "hearing_due": hearing.due,
        "hearing_answered": hearing.responded_at is not None,
    }


NO_EXCEPTION_AFTER_HEARING = _(
    "Sökanden har fått yttra sig över det avsedda återkallandet; ange inget undantag från "
    "kommunicering."
)
HEARING_OR_EXCEPTION = _(
    "Kommunicera först det avsedda återkallandet med sökanden (FL 25 §), eller ange vilket "
    "undantag i 25 § andra stycket förvaltningslagen som gör det obehövligt."
)
NOT_COMMUNICATED = _(
    "Villkor som inte kommunicerades med sökanden: {codes}. Kommunicera det avsedda "
    "återkallandet på nytt med dessa."
)
MORE_THAN_COMMUNICATED = _(
    "Återkravet är större än det som kommunicerades med sökanden ({amount} kr). Kommunicera "
    "det avsedda återkallandet på nytt."
)


def hearing_problems(
    app: Application,
    found: FieldProblems,
    *,
    exception: str,
    heard: str,
    cited: list[str] | None,
    reclaim: Decimal | None,
) -> Communication | None:
    """The revocation's hearing, its problems added to ``found``: after a kommunicering of the
    intended revocation, no exception, and nothing the applicant was not heard on (a ground not
    communicated, more reclaimed); without one, an FL 25 § exception and why it applies.
    Returns the hearing it followed, if any."""
    hearing = revocation_hearing(app) if app.revocation_response_due is not None else None
    if hearing is None:
        found.add("hearing_exception", exception_choice_problem(exception, HEARING_OR_EXCEPTION))
        found.add("applicant_heard", exception_reasons_problem(heard))
        return None
    if exception:
        found.add("hearing_exception", NO_EXCEPTION_AFTER_HEARING)
    unheard = sorted(set(cited or []) - set(hearing.criteria))
    if unheard:
        found.add("criteria", format_lazy(NOT_COMMUNICATED, codes=", ".join(unheard)))
    if reclaim is not None and reclaim > (hearing.proposed_amount or Decimal(0)):
        amount = hearing.proposed_amount or Decimal(0)
        found.add(
            "reclaim_amount", format_lazy(MORE_THAN_COMMUNICATED, amount=grouped_lazy(amount))
        )
    return hearing


REVOCATION_RESPONSE_NOT_CONSIDERED = _(
    "Sökanden har invänt mot det avsedda återkallandet: ange hur beslutet bemöter sökandens "
    "synpunkter, vad i yttrandet som godtas eller inte och varför (FL 32 §)."
)
NO_REVOCATION_RESPONSE = _(
    "Inget yttrande från sökanden har registrerats över det avsedda återkallandet; lämna "
    "fältet tomt."
)


def revocation_response_problem(hearing: Communication | None, text: str) -> Any:
    """As a decision after its kommunicering (``response_considered_problem``): a response to
    the intended revocation that objects (``response_contests``) is answered in the revocation
    (FL 32 §; JO), with the reasons' floor; one registered as not objecting needs nothing (what
    is given is judged the same); with no response there is nothing to answer."""
    answered = hearing is not None and hearing.responded_at is not None
    if not answered or hearing is None or not hearing.response.strip():
        return NO_REVOCATION_RESPONSE if text.strip() else None
    if not hearing.response_contests and not text.strip():
        return None
    return reasons_problem(
        text, REVOCATION_RESPONSE_NOT_CONSIDERED, thin=RESPONSE_THINLY_CONSIDERED
    )
