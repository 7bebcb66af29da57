"""The facts of a case that its documents print, as plain JSON: kept with a communication when
it is sent and with a decision when it is made (``Communication.facts``, ``Decision.facts``), so
that the letter and the decision say what was sent, whatever is renamed afterwards (FL: the
decision as notified is what counts). The documents (``web.documents``) render from these; for a
row made before they were kept, from ``document_facts`` of the case as it is now.

Officers (the sender, the decision maker, the handler) are not copied: they stay linked to their
accounts, so that an erased officer's name is gone from the documents too
(``audit.services.person_erase``). See ADR 0009, "The facts as sent".
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from vetting.models import Application, Delegation

FACTS_VERSION = 1  # the shape below; a reader may meet older shapes once it changes


def document_facts(app: Application, *, delegation: Delegation | None = None) -> dict[str, Any]:
    """What the documents print of ``app`` (and, for a decision, of its ``delegation``) as plain
    JSON: strings, ISO 8601 times in UTC, amounts as decimal strings with two decimals, numbers
    and nulls. Reads the case and the rows it names (association, administration, premises);
    writes nothing."""
    facts: dict[str, Any] = {
        "version": FACTS_VERSION,
        "administration": app.administration.name,
        "subject": app.subject_text,
        "association": {"name": app.association.name, "org_number": app.association.org_number},
        "contact": {"name": app.contact_name, "email": app.contact_email},
        "amount_applied": _amount(app.amount_applied),
        "event": _event(app) if app.is_event else None,
    }
    if delegation is not None:
        facts["delegation_note"] = delegation.note.strip()
    return facts


def _event(app: Application) -> dict[str, Any]:
    premises = app.premises
    return {
        "title": app.event_title,
        "starts_at": _moment(app.event_starts_at),
        "ends_at": _moment(app.event_ends_at),
        "expected_attendance": app.expected_attendance,
        "premises": (
            {"code": premises.code, "name": premises.name, "address": premises.address}
            if premises is not None
            else None
        ),
    }


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()
