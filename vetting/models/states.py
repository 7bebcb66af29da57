"""The states of an application (the case) in its state machine, and which are open or decided."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Inkommen")
    IN_REVIEW = "in_review", _("Under handläggning")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Komplettering begärd")
    PROGRAM_REVIEW = "program_review", _("Programgranskning")
    ESCALATED = "escalated", _("Hos säkerhetssamordnare")
    PROPOSED = "proposed", _("Förslag till beslut")
    COMMUNICATED = "communicated", _("Kommunicerad")
    APPROVED = "approved", _("Beviljad")
    REJECTED = "rejected", _("Avslagen")
    WITHDRAWN = "withdrawn", _("Återkallad av sökande")
    WRITTEN_OFF = "written_off", _("Avskriven")
    PAID = "paid", _("Utbetald")
    # Whether anything is reclaimed depends on the case (Application.get_state_display).
    REVOKED = "revoked", _("Bidraget återkallat")


OPEN_STATES = (
    State.SUBMITTED,
    State.IN_REVIEW,
    State.SUPPLEMENT_REQUESTED,
    State.PROGRAM_REVIEW,
    State.ESCALATED,
    State.PROPOSED,
    State.COMMUNICATED,
)
# Assigned to a handler and being prepared: the preparing actions are the assigned handler's,
# and another handler takes the case over first (``Application.take_over``).
PREPARING_STATES = tuple(s for s in OPEN_STATES if s != State.SUBMITTED)
DECIDED_STATES = (State.APPROVED, State.REJECTED)
