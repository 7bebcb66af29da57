"""Template helpers of the officers' pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from vetting.models import DecisionOutcome, Outcome, State
from web.access import is_auditor as _is_auditor

register = template.Library()


@register.filter
def is_auditor(user: Any) -> bool:
    return _is_auditor(user)


@register.filter
def outcome_label(value: str | None) -> str:
    if value in Outcome.values:
        return str(Outcome(value).label)
    if value in DecisionOutcome.values:
        return str(DecisionOutcome(value).label)
    return "–"


@register.filter
def state_label(value: str | None) -> str:
    return str(State(value).label) if value in State.values else (value or "")


EVENT_LABELS = {
    "application.submitted": _("Ärendet registrerat"),
    "application.assign": _("Handläggare tilldelad"),
    "application.request_supplement": _("Komplettering begärd"),
    "application.receive_supplement": _("Komplettering registrerad"),
    "application.write_off": _("Ärendet avskrivet"),
    "application.start_program_review": _("Programgranskning begärd"),
    "application.complete_program_review": _("Programgranskning avslutad"),
    "application.escalate": _("Eskalerat till säkerhetssamordnare"),
    "application.conclude_escalation": _("Säkerhetsbedömning avslutad"),
    "application.propose": _("Förslag till beslut"),
    "application.communicate": _("Förslaget kommunicerat"),
    "application.record_response": _("Sökandens yttrande registrerat"),
    "application.return_to_review": _("Återförvisat till handläggning"),
    "application.decide": _("Beslut"),
    "application.correct": _("Rättelsebeslut"),
    "application.pay": _("Utbetalning registrerad"),
    "application.revoke": _("Bidraget återkallat"),
    "application.withdraw": _("Återkallad av sökanden"),
    "application.refused": _("Åtgärd nekad"),
    "assessment.recorded": _("Kriterium bedömt"),
    "program.received": _("Program inkommet"),
    "escalation.notes_viewed": _("Säkerhetsanteckningar lästa"),
    "audit.exported": _("Beslutsloggen exporterad"),
}


@register.filter
def event_label(action: str) -> str:
    """A readable label of an audit event's action (the code itself when unknown)."""
    label = EVENT_LABELS.get(action)
    return str(label) if label is not None else action
