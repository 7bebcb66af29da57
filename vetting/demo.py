"""Taking cases through the real services to a given state: used by seed_demo and the tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from vetting import services as svc
from vetting.models import Application, Outcome, State
from vetting.reader_proposals import ReaderProposal, reader_proposals
from vetting.selectors import applicable_criteria
from vetting.services.decision_checks import default_repayment_due

FAIL_FACT = (
    "Föreningens ordförande uppmanade vid ett offentligt möte den 3 mars till våld mot "
    "meningsmotståndare (polisanmälan K123-26)."
)
# seed_demo's associations whose NO_VIOLENT_EXTREMISM fails: each its own facts, not one
# police report shared by two associations. Any other association gets FAIL_FACT.
FAIL_FACTS = {
    "Royal Roppers": (
        "Föreningens kassör hotade den 14 februari en av kommunens fritidsledare med våld när "
        "denne påtalade ordningsregler i föreningens lokal (polisanmälan K4471-26)."
    ),
    "Rockrullarna": (
        "Två av föreningens styrelseledamöter dömdes i april för olaga hot mot en "
        "kommunpolitiker, framfört i föreningens namn (Exempelstads tingsrätt, mål B 2210-26)."
    ),
}


def fail_fact(app: Application) -> str:
    """The facts a failed NO_VIOLENT_EXTREMISM of ``app`` rests on (:data:`FAIL_FACTS`)."""
    return FAIL_FACTS.get(app.association.name, FAIL_FACT)


# New facts after a grant was decided: what a revocation rests on, once recorded as a failed
# assessment of the criterion (vetting.services.proposals.require_failed).
NEW_FACT = (
    "Föreningen nekade den 12 september en person medlemskap med hänvisning till hennes "
    "religion (e-post från föreningens ordförande, diarieförd)."
)
REVOCATION_GROUND = "NON_DISCRIMINATION"

# What a pass rests on when the officer assesses it (every assessment has evidence): the fact
# the officer records, by criterion.
PASS_FACTS = {
    "OPEN_MEMBERSHIP": (
        "Föreningens gällande stadgar ger medlemskap åt alla som delar föreningens syfte; "
        "inga andra villkor för medlemskap finns."
    ),
    "NON_DISCRIMINATION": (
        "Stadgarna har inga villkor för medlemskap eller uppdrag som beror på en "
        "diskrimineringsgrund, och inga uppgifter om diskriminering i verksamheten har kommit in."
    ),
    "DEMOCRATIC_STRUCTURE": (
        "Enligt stadgarna är årsmötet högsta beslutande organ och väljer styrelsen; varje "
        "medlem har en röst (protokollet från senaste årsmötet visar detsamma)."
    ),
    "DEMOCRATIC_PRINCIPLES": (
        "Stadgarna och verksamhetsberättelsen ställer sig bakom demokratins principer; inget i "
        "ärendet talar för att föreningen motverkar mänskliga rättigheter eller jämställdhet."
    ),
    "NO_VIOLENT_EXTREMISM": (
        "Inga uppgifter om att föreningen eller någon som företräder den använder eller främjar "
        "våld, tvång eller hot har kommit fram i ärendet."
    ),
    "PROGRAM_REVIEW": (
        "Arrangemangets beskrivning i ansökan ger ingen anledning till tveksamhet om "
        "innehållet; programmet behövde inte begäras in."
    ),
}


def pass_fact(code: str) -> str:
    """The fact a pass of ``code`` rests on (:data:`PASS_FACTS`)."""
    return PASS_FACTS.get(code, "Handläggaren har gått igenom ärendets underlag för kriteriet.")


@dataclass
class Cast:
    """Who does what on the way: the handler prepares, the security coordinator assesses a
    link to violent extremism, the decider decides."""

    handler: Any
    decider: Any
    security: Any = None
    # seed_demo: statute-based criteria follow the statute reader's proposals. On a case to
    # be granted, a proposal in doubt is overridden only with the officer's own reason and
    # a quote, by (association name, criterion code).
    follow_reader: bool = False
    overrides: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


def assess_all(cast: Cast, app: Application, fail: str | None = None) -> None:
    """Assess every applicable criterion as passed, or ``fail`` as failed, each with a fact. A
    failed NO_VIOLENT_EXTREMISM goes to the security coordinator first, who finds a link. With
    ``cast.follow_reader`` the statute-based criteria are the reader's proposals instead."""
    if fail == "NO_VIOLENT_EXTREMISM":
        _security_finds_a_link(cast, app)
    proposals = {p.criterion_code: p for p in reader_proposals(app)} if cast.follow_reader else {}
    for criterion in applicable_criteria(app):
        if criterion.code in proposals:
            _assess_as_reader(cast, app, proposals[criterion.code], granting=fail is None)
            continue
        failing = criterion.code == fail
        svc.assessment_record(
            application=app,
            actor=cast.handler,
            data=svc.AssessmentInput(
                criterion_code=criterion.code,
                outcome="fail" if failing else "pass",
                evidence_kind="fact",
                evidence_text=fail_fact(app) if failing else pass_fact(criterion.code),
            ),
        )


def _assess_as_reader(
    cast: Cast, app: Application, proposal: ReaderProposal, *, granting: bool
) -> None:
    """Accept the reader's proposal, with its quote. A doubt on a case the demo grants needs
    the officer's own reason (``cast.overrides``): then the officer overrides the reader."""
    code = proposal.criterion_code
    if not (granting and proposal.outcome == Outcome.DOUBT):
        svc.assessment_from_reader(
            application=app, actor=cast.handler, criterion_code=code, accept=True
        )
        return
    key = (app.association.name, code)
    if key not in cast.overrides:
        raise ValueError(f"no officer's reason to pass {key} against the reader's doubt")
    comment, quote = cast.overrides[key]
    svc.assessment_from_reader(
        application=app,
        actor=cast.handler,
        criterion_code=code,
        accept=False,
        override=svc.AssessmentInput(
            criterion_code=code,
            outcome=Outcome.PASS,
            evidence_kind="statute_quote",
            evidence_text=quote,
            comment=comment,
        ),
    )


def record_new_facts(cast: Cast, app: Application, code: str = REVOCATION_GROUND) -> None:
    """The handler records what came to light after the decision as a failed criterion."""
    svc.assessment_record(
        application=app,
        actor=cast.handler,
        data=svc.AssessmentInput(
            criterion_code=code,
            outcome="fail",
            evidence_kind="fact",
            evidence_text=NEW_FACT,
            confirm_not_opinion=True,  # RF 2:21: an act (a refusal of membership), not a belief
        ),
    )


REVOCATION_REASONS = (
    "Föreningen uppfyller inte villkoret om icke-diskriminering: den har nekat en person "
    "medlemskap på grund av religion, vilket framgår av underlaget."
)
REVOCATION_RESPONSE = "Föreningen bestrider uppgifterna men lämnar inget nytt underlag."


def communicate_revocation(cast: Cast, app: Application) -> None:
    """The handler records the new facts and sends the intended revocation, with the återkrav
    of what was paid (if anything), to the applicant (FL 25 §, ADR 0015)."""
    record_new_facts(cast, app)
    svc.application_communicate_revocation(
        application=app,
        actor=cast.handler,
        reasons=REVOCATION_REASONS,
        criteria=[REVOCATION_GROUND],
        confirm_not_opinion=True,  # RF 2:21: the ground is an act (see ``record_new_facts``)
    )


# How the demo's refusal after a contesting response deals with it (JO: the decision answers
# the objections; ``application_decide``'s ``response_considered``).
RESPONSE_CONSIDERED = (
    "Föreningen bestrider uppgifterna men anger inget som visar att polisanmälan eller "
    "vittnesuppgifterna om mötet är felaktiga; nämnden finner inte skäl att bedöma saken "
    "annorlunda."
)


# How the demo's revocation deals with the applicant's objection to it (FL 32 §, as a decision
# after its kommunicering: ``application_revoke``'s ``response_considered``).
REVOCATION_RESPONSE_CONSIDERED = (
    "Föreningen bestrider uppgifterna men lämnar inget underlag som visar att nekandet av "
    "medlemskap inte skett; nämnden finner inte skäl att bedöma saken annorlunda."
)


def _revoke(cast: Cast, app: Application) -> None:
    """Hear the applicant on the intended revocation, register the answer, then revoke,
    reclaiming what was paid (if anything) by the default due date."""
    communicate_revocation(cast, app)
    svc.application_record_response(
        application=app, actor=cast.handler, response=REVOCATION_RESPONSE
    )
    svc.application_revoke(
        application=app,
        actor=cast.decider,
        reasons=REVOCATION_REASONS,
        criteria=[REVOCATION_GROUND],
        repayment_due=default_repayment_due() if app.paid_at else None,
        no_conflict_confirmed=True,
        confirm_not_opinion=True,
        response_considered=REVOCATION_RESPONSE_CONSIDERED,
    )


def _security_finds_a_link(cast: Cast, app: Application) -> None:
    if cast.security is None:
        raise ValueError("a failed NO_VIOLENT_EXTREMISM needs the security coordinator in the cast")
    svc.application_escalate(
        application=app,
        actor=cast.handler,
        reason="Uppgifter om koppling till våldsbejakande miljö; underlag bifogat",
    )
    svc.application_conclude_escalation(
        application=app,
        actor=cast.security,
        conclusion="link",
        notes="Polisens lägesbild bekräftar kopplingen (begränsad uppgift).",
    )
    app.refresh_from_db()


# A demo target beyond the states: a grant paid out, then revoked with återkrav (by a due date).
REVOKED_AFTER_PAYMENT = "revoked_after_payment"


def path_to(to: str) -> list[str]:
    """The steps from submitted to ``to``."""
    base = ["assign"]
    paths: dict[str, list[str]] = {
        State.SUBMITTED: [],
        State.IN_REVIEW: base,
        State.SUPPLEMENT_REQUESTED: [*base, "supplement"],
        State.PROGRAM_REVIEW: [*base, "program_review"],
        State.ESCALATED: [*base, "escalate"],
        State.PROPOSED: [*base, "assess", "propose"],
        State.COMMUNICATED: [*base, "assess_fail", "propose_reject", "communicate"],
        State.REJECTED: [
            *base,
            "assess_fail",
            "propose_reject",
            "communicate",
            "respond",
            "reject",
        ],
        State.APPROVED: [*base, "assess", "propose", "approve"],
        State.PAID: [*base, "assess", "propose", "approve", "pay"],
        State.REVOKED: [*base, "assess", "propose", "approve", "revoke"],
        REVOKED_AFTER_PAYMENT: [*base, "assess", "propose", "approve", "pay", "revoke"],
        State.WITHDRAWN: ["withdraw"],
        State.WRITTEN_OFF: [*base, "supplement", "expire"],
    }
    return paths[to]


def advance(cast: Cast, app: Application, to: str) -> Application:
    """Take ``app`` from submitted to the state ``to`` through the services."""
    for step in path_to(to):
        STEPS[step](cast, app)
        app.refresh_from_db()
    return app


def _expire(cast: Cast, app: Application) -> None:
    Application.objects.filter(pk=app.pk).update(
        supplement_due=timezone.localdate() - timedelta(days=1)
    )
    svc.application_write_off(application=app, actor=cast.decider, no_conflict_confirmed=True)


STEPS: dict[str, Callable[[Cast, Application], Any]] = {
    "assign": lambda c, a: svc.application_assign(
        application=a, actor=c.handler, no_conflict_confirmed=True
    ),
    "supplement": lambda c, a: svc.application_request_supplement(
        application=a, actor=c.handler, what="Protokoll från senaste årsmötet"
    ),
    "program_review": lambda c, a: svc.application_start_program_review(
        application=a, actor=c.handler, reason="Tveksamhet om arrangemangets innehåll"
    ),
    "escalate": lambda c, a: svc.application_escalate(
        application=a,
        actor=c.handler,
        reason="Uppgifter om koppling till våldsbejakande miljö; underlag bifogat",
    ),
    "assess": lambda c, a: assess_all(c, a),
    "assess_fail": lambda c, a: assess_all(c, a, fail="NO_VIOLENT_EXTREMISM"),
    "propose": lambda c, a: svc.application_propose(
        application=a,
        actor=c.handler,
        outcome="approved",
        reasons="Föreningen uppfyller kommunens demokrativillkor.",
    ),
    "propose_reject": lambda c, a: svc.application_propose(
        application=a,
        actor=c.handler,
        outcome="rejected",
        reasons=(
            "Föreningen uppfyller inte villkoret Ingen våldsbejakande extremism: företrädare "
            "för föreningen har använt eller uppmanat till våld eller hot (se underlaget)."
        ),
        criteria=["NO_VIOLENT_EXTREMISM"],
    ),
    "communicate": lambda c, a: svc.application_communicate(application=a, actor=c.handler),
    "respond": lambda c, a: svc.application_record_response(
        application=a, actor=c.handler, response="Föreningen bestrider uppgifterna."
    ),
    "approve": lambda c, a: svc.application_decide(
        application=a, actor=c.decider, outcome="approved", no_conflict_confirmed=True
    ),
    "reject": lambda c, a: svc.application_decide(
        application=a,
        actor=c.decider,
        outcome="rejected",
        no_conflict_confirmed=True,
        reasons=(
            "Villkoret Ingen våldsbejakande extremism är inte uppfyllt: företrädare för "
            "föreningen har använt eller uppmanat till våld eller hot. Sökandens yttrande "
            "bestrider uppgifterna men tillför inget som ändrar bedömningen."
        ),
        response_considered=RESPONSE_CONSIDERED,
    ),
    "pay": lambda c, a: svc.application_pay(
        application=a, actor=c.handler, reference=f"VER-{a.reference}"
    ),
    "revoke": _revoke,
    "withdraw": lambda c, a: svc.application_withdraw(
        application=a, actor=c.handler, reason="Sökanden återkallade ansökan per e-post."
    ),
    "expire": _expire,
}
