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

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from vetting.models import Administration, Application, Delegation, Kind

# The shape below; a reader may meet older shapes. 2: with ``administration_contact`` and
# ``booking_system`` (a document sent with version 1 printed neither, and still does not). 3:
# with ``appeal_route``, the route the document cites the law by (``vetting.citations``; one
# sent before cites FL plainly, as it did).
FACTS_VERSION = 3


def document_facts(
    app: Application, *, delegation: Delegation | None = None, route: str = ""
) -> dict[str, Any]:
    """What the documents print of ``app`` (and, for a decision, of its ``delegation``) as plain
    JSON: strings, ISO 8601 times in UTC, amounts as decimal strings with two decimals, numbers
    and nulls. Reads the case and the rows it names (association, administration, premises);
    writes nothing. ``route``: the appeal route the document cites the law by (the service
    passes the decision's, or the case's: ``vetting.citations.case_route``); "" for none."""
    facts: dict[str, Any] = {
        "version": FACTS_VERSION,
        "administration": app.administration.name,
        "administration_contact": administration_contact(app.administration),
        "booking_system": _booking_system(app),
        "subject": app.subject_text,
        "association": {"name": app.association.name, "org_number": app.association.org_number},
        "contact": {"name": app.contact_name, "email": app.contact_email},
        "amount_applied": _amount(app.amount_applied),
        "event": _event(app) if app.is_event else None,
        "appeal_route": route,
    }
    if delegation is not None:
        facts.update(delegation_facts(delegation))
    return facts


def delegation_facts(delegation: Delegation) -> dict[str, str]:
    """On whose behalf a delegate decides, as a document prints it: the delegation's point and
    the nämnd (KL 6:37), as they are when the decision is made (a decision's, and since session
    13 a dropped revocation's, ``Communication.drop_facts``)."""
    return {
        "delegation_note": delegation.note.strip(),
        # The nämnd the delegate decides on behalf of: kept since session 12; a decision made
        # before prints none.
        "delegation_board": _board(delegation),
    }


def _board(delegation: Delegation) -> str:
    """The nämnd of the delegation's administration; "" for none recorded."""
    if delegation.administration_id is None:
        return ""
    return delegation.administration.board_name.strip()


def administration_contact(administration: Administration) -> dict[str, str]:
    """Where the applicant reaches the administration, as the documents print it: its postal
    address, e-mail and phone, each it has not filled in taken from the municipality's
    (``GRANSKA_MUNICIPALITY_ADDRESS``, ``_EMAIL``, ``_PHONE``); "" where neither has one."""
    return {
        "address": administration.postal_address or settings.GRANSKA_MUNICIPALITY_ADDRESS,
        "email": administration.email or settings.GRANSKA_MUNICIPALITY_EMAIL,
        "phone": administration.phone or settings.GRANSKA_MUNICIPALITY_PHONE,
    }


def _booking_system(app: Application) -> str:
    """The booking system a case came from (its name, as the admin calls it), through which the
    applicant may also reply; "" for a case entered otherwise. Only rentals come from one."""
    if app.kind != Kind.LOKALUTHYRNING:
        return ""
    try:
        request = app.booking_request
    except ObjectDoesNotExist:
        return ""
    return str(request.client.name)


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
