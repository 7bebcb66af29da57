"""Each action on the case page: its form and the service it calls (and nothing else)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vetting import services as svc
from vetting.models import Application
from web import forms as f

Call = Callable[[Application, Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class ActionSpec:
    label: str | Promise
    form: type[f.CaseForm]
    call: Call
    help: str | Promise = ""


def _assess(app: Application, user: Any, d: dict[str, Any]) -> Any:
    """Record an assessment; one that departs from the statute reader says so (override)."""
    data = svc.AssessmentInput(
        criterion_code=d["criterion"],
        outcome=d["outcome"],
        evidence_kind=d["evidence_kind"],
        evidence_text=d.get("evidence_text") or "",
        evidence_start=d.get("evidence_start"),
        evidence_end=d.get("evidence_end"),
        document=d.get("document"),
        comment=d.get("comment") or "",
    )
    if d.get("followed_reader") is False:
        return svc.assessment_from_reader(
            application=app,
            actor=user,
            criterion_code=d["criterion"],
            accept=False,
            override=data,
        )
    return svc.assessment_record(application=app, actor=user, data=data)


def _decide(app: Application, user: Any, d: dict[str, Any]) -> Any:
    return svc.application_decide(
        application=app,
        actor=user,
        outcome=d["outcome"],
        reasons=d.get("reasons") or "",
        amount=d.get("amount"),
        criteria=d.get("criteria") or None,
        no_conflict_confirmed=bool(d.get("no_conflict_confirmed")),
    )


def _correct(app: Application, user: Any, d: dict[str, Any]) -> Any:
    current = app.decisions.filter(replaced_by__isnull=True).order_by("-decided_at").first()
    if current is None:
        from vetting.errors import GuardFailed

        raise GuardFailed("Det finns inget beslut att rätta.", code="no_decision")
    return svc.decision_correct(
        decision=current,
        actor=user,
        outcome=d["outcome"],
        reasons=d.get("reasons") or "",
        amount=d.get("amount"),
        criteria=d.get("criteria") or None,
        no_conflict_confirmed=bool(d.get("no_conflict_confirmed")),
    )


SPECS: dict[str, ActionSpec] = {
    "assign": ActionSpec(
        _("Ta ärendet"),
        f.AssignForm,
        lambda a, u, d: svc.application_assign(
            application=a, actor=u, no_conflict_confirmed=bool(d["no_conflict_confirmed"])
        ),
        _("Du blir handläggare för ärendet."),
    ),
    "assess": ActionSpec(_("Bedöm kriterium"), f.AssessForm, _assess),
    "accept_reader": ActionSpec(
        _("Godta stadgeläsarens förslag"),
        f.AcceptReaderForm,
        lambda a, u, d: svc.assessment_from_reader(
            application=a, actor=u, criterion_code=d["criterion"], accept=True
        ),
    ),
    "request_supplement": ActionSpec(
        _("Begär komplettering"),
        f.SupplementForm,
        lambda a, u, d: svc.application_request_supplement(
            application=a, actor=u, what=d["what"], due=d.get("due")
        ),
    ),
    "receive_supplement": ActionSpec(
        _("Registrera komplettering"),
        f.ReceiveSupplementForm,
        lambda a, u, d: svc.application_receive_supplement(
            application=a, actor=u, note=d.get("note") or ""
        ),
    ),
    "start_program_review": ActionSpec(
        _("Begär programgranskning"),
        f.ProgramReviewForm,
        lambda a, u, d: svc.application_start_program_review(
            application=a, actor=u, reason=d["reason"], due=d.get("due")
        ),
    ),
    "program_submit": ActionSpec(
        _("Registrera inkommet program"),
        f.ProgramSubmitForm,
        lambda a, u, d: svc.program_submit(
            application=a, actor=u, file=d.get("file"), text=d.get("text") or ""
        ),
    ),
    "complete_program_review": ActionSpec(
        _("Avsluta programgranskning"),
        f.CompleteProgramReviewForm,
        lambda a, u, d: svc.application_complete_program_review(
            application=a, actor=u, result=d["result"], notes=d["notes"]
        ),
    ),
    "escalate": ActionSpec(
        _("Eskalera till säkerhetssamordnare"),
        f.EscalateForm,
        lambda a, u, d: svc.application_escalate(application=a, actor=u, reason=d["reason"]),
    ),
    "conclude_escalation": ActionSpec(
        _("Avsluta säkerhetsbedömning"),
        f.ConcludeEscalationForm,
        lambda a, u, d: svc.application_conclude_escalation(
            application=a, actor=u, conclusion=d["conclusion"], notes=d["notes"]
        ),
    ),
    "propose": ActionSpec(
        _("Föreslå beslut"),
        f.ProposeForm,
        lambda a, u, d: svc.application_propose(
            application=a,
            actor=u,
            outcome=d["outcome"],
            reasons=d.get("reasons") or "",
            amount=d.get("amount"),
            criteria=d.get("criteria") or None,
        ),
    ),
    "communicate": ActionSpec(
        _("Kommunicera förslaget"),
        f.CommunicateForm,
        lambda a, u, d: svc.application_communicate(application=a, actor=u, due=d.get("due")),
        _("Förslaget skickas till sökanden, som får yttra sig (FL 25 §)."),
    ),
    "record_response": ActionSpec(
        _("Registrera sökandens yttrande"),
        f.ResponseForm,
        lambda a, u, d: svc.application_record_response(
            application=a, actor=u, response=d["response"]
        ),
    ),
    "return_to_review": ActionSpec(
        _("Återförvisa till handläggning"),
        f.ReasonsForm,
        lambda a, u, d: svc.application_return_to_review(
            application=a, actor=u, reasons=d["reasons"]
        ),
    ),
    "decide": ActionSpec(_("Besluta"), f.DecideForm, _decide),
    "correct": ActionSpec(_("Rätta beslutet"), f.CorrectForm, _correct),
    "pay": ActionSpec(
        _("Registrera utbetalning"),
        f.PayForm,
        lambda a, u, d: svc.application_pay(
            application=a, actor=u, reference=d.get("reference") or ""
        ),
    ),
    "revoke": ActionSpec(
        _("Återkalla bidraget (återkrav)"),
        f.RevokeForm,
        lambda a, u, d: svc.application_revoke(
            application=a,
            actor=u,
            reasons=d["reasons"],
            criteria=list(d["criteria"]),
            reclaim_amount=d.get("reclaim_amount"),
            no_conflict_confirmed=bool(d.get("no_conflict_confirmed")),
        ),
    ),
    "withdraw": ActionSpec(
        _("Registrera återkallelse från sökande"),
        f.WithdrawForm,
        lambda a, u, d: svc.application_withdraw(application=a, actor=u, reason=d["reason"]),
    ),
}

# Actions reached from their place on the page (the reader's proposals), not as buttons.
HIDDEN_ACTIONS = ("accept_reader",)


def page_actions(app: Application, allowed: list[str], user: Any) -> list[str]:
    """The actions shown as buttons: the allowed ones, plus registering a received program."""
    shown = [a for a in allowed if a in SPECS and a not in HIDDEN_ACTIONS]
    if "complete_program_review" in allowed:
        review = next((r for r in app.program_reviews.all() if r.closed_at is None), None)
        if review is not None and review.program_received_at is None:
            shown.insert(0, "program_submit")
    return shown
