"""The letter asking the applicant to supplement the application (föreläggande, FL 20 §): what is
missing, by when, what follows if it does not come in, and where to send it, as it was sent."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetting.citations import fl, recorded_route
from vetting.models import SupplementRequest
from web.documents.layout import (
    Document,
    Section,
    case_rows,
    contact_section,
    facts_notice,
    format_date,
    format_person,
    printed_facts,
)

# FL 20 § second paragraph: the request says what follows if the supplement does not come in.
CONSEQUENCE = gettext_lazy(
    "Om kompletteringen inte har kommit in senast %(due)s kan ansökan komma att avgöras i "
    "befintligt skick eller inte tas upp till prövning (%(cite)s). Ett beslut "
    "att inte pröva ansökan får ni skriftligen, med skälen och hur ni överklagar."
)
NO_LETTER = gettext_lazy(
    "Begäran gjordes innan tjänsten upprättade brev för begäran om komplettering: sökanden fick "
    "inte detta brev, och uppgifterna visas som de står i ärendet nu."
)


def _how_to_send(request: SupplementRequest, facts: dict[str, Any]) -> Section:
    """By when, to whom and with which reference; then by e-mail or post to the administration
    and, for a booking, through the booking system, as the contact details were sent."""
    values = {
        "adm": facts["administration"],
        "due": format_date(request.due),
        "ref": request.application.reference,
    }
    lines = [_("Skicka kompletteringen till %(adm)s senast %(due)s och ange diarienummer %(ref)s.")]
    contact = facts.get("administration_contact") or {}
    values["email"] = contact.get("email", "")
    values["post"] = f"{facts['administration']}, {contact.get('address', '')}"
    if values["email"] and contact.get("address"):
        lines.append(_("Ni kan skicka den med e-post till %(email)s eller med post till %(post)s."))
    elif values["email"]:
        lines.append(_("Ni kan skicka den med e-post till %(email)s."))
    elif contact.get("address"):
        lines.append(_("Ni kan skicka den med post till %(post)s."))
    if facts.get("booking_system"):
        values["system"] = facts["booking_system"]
        lines.append(
            _(
                "Ansökan kom in via bokningssystemet %(system)s: ni kan också skicka "
                "kompletteringen där, på bokningen."
            )
        )
    return Section(_("Så skickar ni kompletteringen"), [line % values for line in lines])


def supplement_letter(request: SupplementRequest) -> Document:
    """The föreläggande as it was sent: rebuilt from the request's own record (what, due, who
    asked, the case's facts as they were), never from the case as it is now."""
    app = request.application
    facts = printed_facts(request.facts, app)
    route = recorded_route(request.facts)  # FL 20 § cited as when it was sent
    due = {"due": format_date(request.due), "cite": fl(route, 20)}
    meta = [
        (_("Diarienummer"), app.reference),
        (_("Datum"), format_date(request.requested_at)),
        *case_rows(app, facts),
        (_("Kompletteras senast"), format_date(request.due)),
        (_("Handläggare"), format_person(request.requested_by)),
    ]
    sections = [
        Section(
            _("Begäran om komplettering (%(cite)s)") % {"cite": fl(route, 20)},
            [_("Er ansökan behöver kompletteras innan den kan prövas.")],
        ),
        Section(_("Det som ska kompletteras"), [request.what], recorded=True),
        Section(_("Om kompletteringen inte kommer in"), [str(CONSEQUENCE) % due]),
        _how_to_send(request, facts),
        *contact_section(facts),
    ]
    return Document.issued(
        facts,
        title=_("Begäran om komplettering"),
        meta=meta,
        sections=sections,
        filename=f"komplettering-{app.reference}-{request.pk}.pdf",
        notice=str(NO_LETTER) if not request.facts else facts_notice(request.facts),
    )
