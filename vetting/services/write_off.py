"""Writing off a case whose supplement did not come in: a decision (ADR 0025).

Not taking an application up because the applicant did not supplement it (FL 20 §) goes
against the applicant: it is decided by a decision maker under the checks of every decision
(role, four-eyes, jäv and its confirmation, delegation for the kind and amount), and it is a
``Decision`` of its own kind (``write_off``, outcome ``written_off``) with reasons (FL 32 §) and
the appeal instructions of the case's appeal route (FL 33 §): the applicant is told of it as of
any decision, and a booking system gets it as the request's ``decision``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.actions import allowed_actions
from vetting.citations import fl, recorded_route
from vetting.errors import ActionNotAllowed
from vetting.models import Application, Decision, DecisionOutcome, State, SupplementRequest
from vetting.models.deadlines import deadline_passed, supplement_overdue
from vetting.services._core import (
    ActorLike,
    audited_refusals,
    check_transition,
    lock_application,
    person,
)
from vetting.services.decision_checks import check_decision_maker
from vetting.services.decisions import Draft, make_decision

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The reasons of a write-off, in the decision's language (Swedish, as every decision is kept).
REQUESTED = _("Den {requested} begärde förvaltningen att ansökan skulle kompletteras senast {due}.")
ASKED_FOR = _("Det som skulle kompletteras: {what}")
TOLD = _(
    "Begäran angav att ansökan annars kunde avgöras i befintligt skick eller inte tas upp till "
    "prövning ({cite})."
)
MISSED = _("Kompletteringen kom inte in senast {due}.")
NOT_TRIED = _(
    "Utan kompletteringen kan ansökan inte prövas i sak. Ansökan tas därför inte upp till prövning."
)
NOTE = _("Anteckning: {note}")


def not_yet_written_off(app: Application) -> StrOrPromise:
    """Why a case waiting for a supplement may not be written off yet (``supplement_overdue``:
    the deadline not passed, or the supplement in), or "" when that is not the reason. Read
    before the input too (``_core.state_refusal``): the API's 409 says it whatever was sent."""
    due = app.supplement_due
    if app.state == State.SUPPLEMENT_REQUESTED and due and not supplement_overdue(app):
        return _write_off_refusal(due)
    return ""


def _write_off_refusal(due: date) -> StrOrPromise:
    """Why a case waiting for a supplement may not be written off (``supplement_overdue``)."""
    if not deadline_passed(due):
        return format_lazy(
            _("Kompletteringsfristen ({due}) har inte gått ut; ärendet kan inte skrivas av."),
            due=due,
        )
    return _(
        "Sökanden har skickat in kompletteringen; läs den och registrera kompletteringen i "
        "stället för att skriva av ärendet."
    )


def write_off_reasons(due: date | None, request: SupplementRequest | None, note: str = "") -> str:
    """The decision's reasons (FL 32 §), in Swedish: what was asked for, by when, that the
    request said what would follow (only a request sent with its letter, which says so, citing
    FL 20 § as the letter did: ``vetting.citations``), that it did not come in, and the
    officer's note if any."""
    parts: list[Any] = []
    with translation.override("sv"):
        if request is not None:
            requested = timezone.localdate(request.requested_at)
            parts.append(format_lazy(REQUESTED, requested=requested, due=request.due))
            parts.append(format_lazy(ASKED_FOR, what=request.what.strip()))
            if request.facts:  # sent with the föreläggande letter, which states the consequence
                cite = fl(recorded_route(request.facts), 20)
                parts.append(format_lazy(TOLD, cite=cite))
        parts += [format_lazy(MISSED, due=due), NOT_TRIED]
        if note.strip():
            parts.append(format_lazy(NOTE, note=note.strip()))
        return "\n\n".join(str(part) for part in parts)


def application_write_off(
    *,
    application: Application | int,
    actor: ActorLike,
    note: str = "",
    no_conflict_confirmed: bool = False,
) -> Decision:
    """Write off (avskriva) a case waiting for a supplement past its deadline: the application
    is not taken up (FL 20 §). ``write_off``'s condition is ``supplement_overdue`` (nothing
    delivered, the deadline's day over in Stockholm). A person decides this (DOMAIN.md: no
    automated decisions): a decision maker who did not prepare the case, without jäv (and
    confirming it), with a delegation for the kind and the amount applied for; the overdue
    cases wait in their "to decide" queue. The decision's reasons name the supplement asked
    for, its deadline and that it did not come in, and the officer's note if any."""
    with audited_refusals("write_off", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="write_off")
        due = app.supplement_due
        refusal = not_yet_written_off(app)
        if refusal:
            raise ActionNotAllowed(
                action="write_off",
                state=app.state,
                allowed=allowed_actions(app, person(actor)),
                message=refusal,
            )
        method = check_transition(app, "write_off", "write_off", actor)
        delegation = check_decision_maker(app, actor, "write_off", no_conflict_confirmed)
        request = app.supplement_requests.filter(fulfilled_at__isnull=True).order_by("-id").first()
        reasons = write_off_reasons(due, request, note)
        draft = Draft(DecisionOutcome.WRITTEN_OFF.value, None, reasons, [], delegation, "write_off")
        return make_decision(
            app, actor=actor, action="write_off", method=method, draft=draft, kwargs={},
            fields=("closed_at", "decided_at"),
            changes={
                "supplement_due": due,
                "supplement_request_id": request.pk if request is not None else None,
            },
        )  # fmt: skip
