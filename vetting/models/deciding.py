"""The proposal, its kommunicering (FL 25 §) and the decision of a case, and the correction
of a decision (an ändring): their transitions, mixed into ``Application``.

Like all transitions of the case these are pure: they set the state and the proposal and
decision fields (declared on ``Application``), nothing else. The services in
``vetting.services.proposals`` and ``vetting.services.decisions`` lock, check, save and record
the event.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from vetting.models import guards
from vetting.models.kinds import ADVERSE_OUTCOMES
from vetting.models.states import State


class DecidingTransitions:
    """Proposing a decision, communicating an adverse proposal and registering the answer,
    deciding (after kommunicering, or without it under an exception) and correcting a decision;
    ``field="state"`` is ``Application.state``, whose transitions django-fsm collects from this
    mixin as well."""

    # Application's fields these read and set.
    state: str
    proposed_by: Any
    proposed_outcome: str
    proposed_amount: Decimal | None
    proposal_reasons: str
    proposal_criteria: Any
    response_due: date | None
    responded_at: datetime | None
    amount_granted: Decimal | None
    decided_at: datetime | None
    closed_at: datetime | None

    @property
    def proposal_is_adverse(self) -> bool:
        return self.proposed_outcome in ADVERSE_OUTCOMES

    def response_window_closed(self) -> bool:
        if self.responded_at is not None:
            return True
        return self.response_due is not None and timezone.localdate() > self.response_due

    # Transitions. ``custom["label"]`` is what officers see.
    @transition(
        field="state",
        source=State.IN_REVIEW,
        target=State.PROPOSED,
        permission=guards.is_case_handler,
        custom={"label": _("Föreslå beslut")},
    )
    def propose(self, *, by: Any, outcome: str, amount: Any, reasons: str, criteria: list) -> None:
        self.proposed_by = by
        self.proposed_outcome = outcome
        self.proposed_amount = amount
        self.proposal_reasons = reasons
        self.proposal_criteria = criteria
        self.response_due = None
        self.responded_at = None

    @transition(
        field="state",
        source=State.PROPOSED,
        target=State.COMMUNICATED,
        permission=guards.is_case_handler,
        conditions=[guards.adverse],
        custom={"label": _("Kommunicera förslaget")},
    )
    def communicate(self, *, due: date) -> None:
        self.response_due = due

    @transition(
        field="state",
        source=State.COMMUNICATED,
        target=State.COMMUNICATED,
        permission=guards.is_case_handler,
        conditions=[guards.awaiting_response],
        custom={"label": _("Registrera sökandens yttrande")},
    )
    def record_response(self) -> None:
        self.responded_at = timezone.now()

    @transition(
        field="state",
        source=[State.PROPOSED, State.COMMUNICATED],
        target=State.IN_REVIEW,
        permission=guards.is_decision_maker,
        custom={"label": _("Återförvisa till handläggning")},
    )
    def return_to_review(self) -> None:
        self.proposed_outcome = ""

    @transition(
        field="state",
        source=State.PROPOSED,
        target=State.APPROVED,
        permission=guards.is_decision_maker,
        conditions=[guards.not_adverse],
        custom={"label": _("Besluta")},
    )
    def decide_approve(self, *, amount: Any) -> None:
        self._set_decided(amount)

    @transition(
        field="state",
        source=State.COMMUNICATED,
        target=State.APPROVED,
        permission=guards.is_decision_maker,
        conditions=[guards.may_decide_after_communication],
        custom={"label": _("Besluta (bifall)")},
    )
    def decide_approve_after_communication(self, *, amount: Any) -> None:
        self._set_decided(amount)

    @transition(
        field="state",
        source=State.COMMUNICATED,
        target=State.REJECTED,
        permission=guards.is_decision_maker,
        conditions=[guards.may_decide_after_communication],
        custom={"label": _("Besluta (avslag)")},
    )
    def decide_reject(self) -> None:
        self._set_decided(None)

    # The exception path (FL 25 § second paragraph, ADR 0026): an adverse proposal decided
    # without kommunicering; the service requires the exception named and why it applies.
    @transition(
        field="state",
        source=State.PROPOSED,
        target=State.REJECTED,
        permission=guards.is_decision_maker,
        conditions=[guards.adverse],
        custom={"label": _("Besluta utan kommunicering (avslag)")},
    )
    def decide_reject_without_hearing(self) -> None:
        self._set_decided(None)

    @transition(
        field="state",
        source=State.PROPOSED,
        target=State.APPROVED,
        permission=guards.is_decision_maker,
        conditions=[guards.adverse, guards.grant],
        custom={"label": _("Besluta utan kommunicering (delvis bifall)")},
    )
    def decide_partly_without_hearing(self, *, amount: Any) -> None:
        self._set_decided(amount)

    def _set_decided(self, amount: Any) -> None:
        self.amount_granted = amount
        self.decided_at = timezone.now()
        self.closed_at = self.decided_at

    @transition(
        field="state",
        source=[State.APPROVED, State.REJECTED],
        target=State.APPROVED,
        permission=guards.system_only,
        custom={"label": _("Ändring av beslut"), "admin": False},
    )
    def correct_to_approved(self, *, amount: Any) -> None:
        self._set_decided(amount)

    @transition(
        field="state",
        source=[State.APPROVED, State.REJECTED],
        target=State.REJECTED,
        permission=guards.system_only,
        custom={"label": _("Ändring av beslut"), "admin": False},
    )
    def correct_to_rejected(self) -> None:
        self._set_decided(None)
