"""The revocation of a grant (ADR 0015, ADR 0022): the hearing of an intended revocation, read
from the case's own row, and its transitions, mixed into ``Application``.

Like all transitions of the case these are pure: they set the state and the revocation fields
(declared on ``Application``), nothing else. The services in
``vetting.services.revocation_hearing`` and ``vetting.services.revocation`` lock, check, save and
record the event.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from vetting.models import guards
from vetting.models.states import State


class RevocationTransitions:
    """The hearing of an intended revocation and the revocation itself; ``field="state"`` is
    ``Application.state``, whose transitions django-fsm collects from this mixin as well."""

    # Application's fields these read and set.
    state: str
    revocation_response_due: date | None
    revocation_responded_at: datetime | None
    revoked_at: datetime | None

    def revocation_window_closed(self) -> bool:
        """The intended revocation was communicated and the applicant answered, or the day to
        answer by has passed (ADR 0015)."""
        if self.revocation_response_due is None:
            return False
        if self.revocation_responded_at is not None:
            return True
        return timezone.localdate() > self.revocation_response_due

    def revocation_hearing_open(self) -> bool:
        """An intended revocation was communicated and the time to answer is still running."""
        return self.revocation_response_due is not None and not self.revocation_window_closed()

    def revocation_hearing_status(self) -> str:
        """Where the hearing of an intended revocation stands, for the work queue: "" (none,
        or decided or dropped), "awaiting" (the applicant may still answer), "answered" (the
        answer is registered) or "lapsed" (the day to answer by has passed without one)."""
        if self.revocation_response_due is None or self.state not in (State.APPROVED, State.PAID):
            return ""
        if self.revocation_responded_at is not None:
            return "answered"
        return "lapsed" if self.revocation_window_closed() else "awaiting"

    # Transitions. ``custom["label"]`` is what officers see.
    @transition(
        field="state",
        source=[State.APPROVED, State.PAID],
        target=None,  # the grant stays in force while the applicant may answer
        permission=guards.is_case_handler,
        # One letter at a time: an answered or lapsed one is dropped or decided first (ADR 0022).
        conditions=[guards.grant, guards.no_revocation_hearing],
        custom={"label": _("Kommunicera avsett återkallande")},
    )
    def communicate_revocation(self, *, due: date) -> None:
        self.revocation_response_due = due
        self.revocation_responded_at = None

    @transition(
        field="state",
        source=[State.APPROVED, State.PAID],
        target=None,
        permission=guards.is_case_handler,
        conditions=[guards.awaiting_revocation_response],
        custom={"label": _("Registrera sökandens yttrande")},
    )
    def record_revocation_response(self) -> None:
        self.revocation_responded_at = timezone.now()

    @transition(
        field="state",
        source=[State.APPROVED, State.PAID],
        target=None,  # the grant stays in force, as decided
        permission=guards.is_decision_maker,
        conditions=[guards.grant, guards.revocation_hearing_begun],
        custom={"label": _("Avsluta utan återkallelse")},
    )
    def drop_revocation(self) -> None:
        """The intended revocation is not carried out: the hearing ends, open or closed."""
        self.revocation_response_due = None
        self.revocation_responded_at = None

    @transition(
        field="state",
        source=[State.APPROVED, State.PAID],
        target=State.REVOKED,
        permission=guards.is_decision_maker,
        conditions=[guards.grant, guards.revocation_heard],
        custom={"label": _("Återkalla bidraget (återkrav)")},
    )
    def revoke(self) -> None:
        self.revoked_at = timezone.now()

    @transition(
        field="state",
        source=[State.APPROVED, State.PAID],
        target=State.REVOKED,
        permission=guards.is_decision_maker,
        # The exception path (FL 25 § second paragraph): never once a hearing was begun.
        conditions=[guards.grant, guards.no_revocation_hearing],
        custom={"label": _("Återkalla bidraget (återkrav)")},
    )
    def revoke_without_hearing(self) -> None:
        self.revoked_at = timezone.now()
