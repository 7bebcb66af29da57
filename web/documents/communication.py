"""The communication letter (kommunicering, FL 25 §): the adverse proposal and the material it
rests on, as they were sent."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetting.citations import fl, recorded_route
from vetting.enclosures import enclosure_numbers
from vetting.models import Communication, DecisionOutcome, Outcome
from vetting.texts import short_deadline_text
from web.documents.layout import (
    CriterionLine,
    Document,
    Enclosure,
    Section,
    case_rows,
    contact_section,
    decision_maker_rows,
    document_evidence,
    facts_notice,
    format_amount,
    format_date,
    format_person,
    party_rows,
    printed_facts,
    reply_ways,
    statutes_quote,
    subject_row,
)


def _material(communication: Communication) -> list[str | CriterionLine]:
    """The material the proposal rests on, as it was sent: each cited criterion with the
    assessment and its evidence (FL 25 §: the applicant answers the material, not a summary);
    a document in words, by its name and the enclosure it is sent as, with its description."""
    items: list[str | CriterionLine] = []
    material = communication.material
    for m, number in zip(material, _letter_numbers(material), strict=True):
        outcome = Outcome(m["outcome"]).label if m["outcome"] in Outcome.values else m["outcome"]
        document = document_evidence(_sent_name(m), number) if m.get("document") else ""
        line = CriterionLine(
            m["code"],
            m["title"],
            str(outcome),
            m["evidence"],
            document=document,
            quote=statutes_quote(m),
        )
        items.append(line)
    return items


def _letter_numbers(material: list[dict[str, Any]]) -> list[int | None]:
    """The enclosure numbers the letter printed: none for a letter sent before documents went
    with it as enclosures (its material records no document's digest), which is shown as it was
    sent."""
    if not any("document_sha256" in m for m in material):
        return [None] * len(material)
    return enclosure_numbers(material)


def _sent_name(item: dict[str, Any]) -> str:
    """A sent document's name: the upload's own (the stored name's last part for a letter sent
    before names were recorded, as it was)."""
    return str(item.get("document_name") or item["document"].rsplit("/", 1)[-1])


def _enclosures(communication: Communication) -> list[Section]:
    """The documents the proposal rests on, sent with the letter (FL 25 §: the applicant is told
    of the material itself, not only of its name): "Bilaga 1: polis.txt"."""
    material = communication.material
    app = communication.application
    sent = [
        Enclosure(
            _("Bilaga %(number)s: %(name)s") % {"number": number, "name": _sent_name(m)},
            reverse("web:enclosure_file", args=[app.reference, communication.pk, number]),
        )
        for m, number in zip(material, _letter_numbers(material), strict=True)
        if number
    ]
    if not sent or communication.proposed_outcome == DecisionOutcome.PARTLY_APPROVED:
        return []
    text = _("Dokumenten som förslaget bygger på skickas med detta brev som bilagor.")
    return [Section(_("Bilagor"), [text], items=list(sent))]


def _cited_material(communication: Communication) -> list[Section]:
    """The cited criteria and the material on them. Each cited criterion has its line in the
    material when it was sent with one (every letter since the material was recorded): then the
    material alone, which says the criteria are cited. Otherwise the cited criteria by title
    above it (never a bare code). A partial approval does not rest on the criteria at all."""
    if communication.proposed_outcome == DecisionOutcome.PARTLY_APPROVED:
        return [_criteria_met(communication)]
    material = _material(communication)
    codes = {item.code for item in material if isinstance(item, CriterionLine)}
    if material and codes == set(communication.criteria):
        evidence = Section(_("Underlaget förslaget bygger på"), items=material)
        evidence.paragraphs = [_("Förslaget åberopar dessa kriterier.")]
        return [evidence]
    cited = Section(_("Åberopade kriterier"), items=_titled(communication))
    if not material:
        return [cited]
    return [cited, Section(_("Underlaget förslaget bygger på"), items=material)]


def _titled(communication: Communication) -> list[str | CriterionLine]:
    """The cited criteria by code and title in the case's rulebook: for a letter whose material
    does not name them all (sent before the material was recorded, or a differing record)."""
    codes = list(communication.criteria)
    rulebook = communication.application.rulebook
    titles = dict(rulebook.criteria.filter(code__in=codes).values_list("code", "title"))
    return [CriterionLine(code, titles.get(code, ""), "") for code in codes]


def _criteria_met(communication: Communication) -> Section:
    """A partial approval: every criterion met (or not applicable; the proposal could not be
    made otherwise), so the reduction rests on the proposal's reasons, not on a criterion. The
    criteria by title and outcome as sent; an older letter recorded no lines for them."""
    met: list[str | CriterionLine] = [
        CriterionLine(item.code, item.title, item.outcome)
        for item in _material(communication)
        if isinstance(item, CriterionLine)
    ]
    return Section(
        _("Bedömning av kriterierna"),
        [
            _(
                "Förslaget grundar sig inte på att något kriterium inte är uppfyllt: samtliga "
                "kriterier är bedömda som uppfyllda eller inte tillämpliga. Att förslaget inte "
                "avser hela det sökta beloppet grundar sig på skälen ovan."
            )
        ],
        items=met,
    )


PROPOSAL_REPLY = gettext_lazy(
    "Skicka ert yttrande till %(adm)s senast %(due)s och ange diarienummer "
    "%(ref)s. Om vi inte hört av er då kan beslut fattas på det underlag som finns."
)
REVOCATION_REPLY = gettext_lazy(
    "Skicka ert yttrande till %(adm)s senast %(due)s och ange diarienummer "
    "%(ref)s. Om vi inte hört av er då kan beslut om återkallelse fattas på det "
    "underlag som finns."
)


def _how_to_reply(communication: Communication, facts: dict[str, Any], by_when: Any) -> Section:
    """By when, to whom and with which reference (``by_when``: the letter's own sentence); then
    where and how to send it (e-mail, post, the booking system: ``reply_ways``), for a letter
    sent since those were kept."""
    first = str(by_when) % {
        "adm": facts["administration"],
        "due": format_date(communication.due),
        "ref": communication.application.reference,
    }
    shorter = short_deadline_text(communication.short_deadline_reason)  # FL 25 §
    return Section(
        _("Så yttrar ni er"), [first, *([shorter] if shorter else []), *reply_ways(facts)]
    )


def communication_letter(communication: Communication) -> Document:
    """The letter as it was sent: rebuilt from the communication's own record, never from the
    case as it is now (a returned case's proposal changes, an association is renamed; what was
    sent does not), and without the response that came in afterwards (the decision prints that).
    A letter sent before its facts were kept prints the case's, and the page says so. The
    kommunicering of an intended revocation has a letter of its own (``revocation_letter``)."""
    if communication.is_revocation:
        return revocation_letter(communication)
    sent = communication.proposed_outcome
    outcome = DecisionOutcome(sent).label if sent else ""
    if sent == DecisionOutcome.PARTLY_APPROVED and communication.proposed_amount is not None:
        outcome = f"{outcome}, {format_amount(communication.proposed_amount)}"
    route = recorded_route(communication.facts)  # FL cited as when it was sent
    body = [
        Section(
            _("Kommunicering enligt %(cite)s") % {"cite": fl(route, 25)},
            [
                _(
                    "Innan kommunen fattar beslut i ärendet får ni tillfälle att yttra er över "
                    "förslaget och det underlag det bygger på. Förslaget är till nackdel för er."
                )
            ],
        ),
        Section(_("Förslagets skäl"), [communication.proposal_text], recorded=True),
        *_cited_material(communication),
    ]
    # Not the response: it came after the letter was sent (the decision prints it).
    return _kommunicering(
        communication,
        title=_("Kommunicering av förslag till beslut"),
        rows=[(_("Förslag till beslut"), str(outcome))],
        body=body,
        reply=PROPOSAL_REPLY,
        filename="kommunicering",
    )


def revocation_letter(communication: Communication) -> Document:
    """The kommunicering of an intended revocation of a grant (FL 25 §, ADR 0015), as it was
    sent: the grounds, the conditions not met with their material, the återkrav, and the day by
    which to answer."""
    reclaim = communication.proposed_amount or 0
    material = _material(communication)
    route = recorded_route(communication.facts)  # FL cited as when it was sent
    body = [
        Section(
            _("Kommunicering enligt %(cite)s") % {"cite": fl(route, 25)},
            [
                _(
                    "Kommunen avser att återkalla det bidrag som beviljats er, enligt "
                    "återkallelseförbehållet i beslutet (%(cite)s). Innan beslut "
                    "fattas får ni tillfälle att yttra er över det avsedda återkallandet och det "
                    "underlag det bygger på."
                )
                % {"cite": fl(route, 37)}
            ],
        ),
        Section(_("Skälen för återkallandet"), [communication.proposal_text], recorded=True),
        Section(_("Villkor som inte är uppfyllda, med underlag"), items=material)
        if material
        else Section(_("Villkor som inte är uppfyllda"), items=_titled(communication)),
        Section(_("Återkrav"), [_reclaim_text(reclaim)]),
    ]
    return _kommunicering(
        communication,
        title=_("Kommunicering av avsett återkallande av bidrag"),
        rows=[
            (_("Avsett beslut"), str(DecisionOutcome.REVOKED.label)),
            (_("Återkrav"), format_amount(reclaim) if reclaim else _("Inget")),
        ],
        body=body,
        reply=REVOCATION_REPLY,
        filename="kommunicering-aterkallande",
    )


def _kommunicering(
    communication: Communication,
    *,
    title: str,
    rows: list[tuple[str, str]],
    body: list[Section],
    reply: Any,
    filename: str,
) -> Document:
    """A kommunicering letter (FL 25 §) around what it proposes: the case's rows, what is
    proposed (``rows``), by when to answer and who sent it; the letter's own sections
    (``body``), then its enclosures, how to reply (``reply``: by when, ``_how_to_reply``) and
    whom to contact. Printed from the facts kept when it was sent."""
    app = communication.application
    facts = printed_facts(communication.facts, app)
    meta = [
        (_("Diarienummer"), app.reference),
        (_("Datum"), format_date(communication.sent_at)),
        *case_rows(app, facts),
        *rows,
        (_("Svar senast"), format_date(communication.due)),
        (_("Handläggare"), format_person(communication.sent_by)),
    ]
    ending = [_how_to_reply(communication, facts, reply), *contact_section(facts)]
    return Document.issued(
        facts,
        title=title,
        meta=meta,
        sections=[*body, *_enclosures(communication), *ending],
        filename=f"{filename}-{app.reference}-{communication.pk}.pdf",
        notice=facts_notice(communication.facts),
    )


def _reclaim_text(reclaim: Any) -> str:
    if not reclaim:
        return _("Bidraget har inte betalats ut, så inget krävs tillbaka.")
    return _(
        "Om bidraget återkallas avser kommunen att kräva tillbaka %(amount)s av det utbetalda "
        "bidraget. Beslutet anger i så fall sista dag för återbetalning och hur ni betalar."
    ) % {"amount": format_amount(reclaim)}


def revocation_dropped_letter(communication: Communication) -> Document:
    """The letter telling the applicant that the intended revocation is not carried out (ADR
    0015, ``drop_revocation``): the matter is closed without action, the grant stands as
    decided, nothing is reclaimed, and why. Rebuilt from the kommunicering's record: the facts
    as the intended revocation was sent, the day and reasons of the drop."""
    app = communication.application
    facts = printed_facts(communication.facts, app)
    meta = [
        (_("Diarienummer"), app.reference),
        (_("Datum"), format_date(communication.dropped_at)),
        subject_row(app, facts),
        *party_rows(facts),
        (_("Avsett återkallande kommunicerat"), format_date(communication.sent_at)),
        # a decision (ADR 0022): who took it, and on whose delegation, as a decision says it
        *decision_maker_rows(communication.dropped_by, communication.drop_facts),
    ]
    closed = _(
        "Kommunen meddelade er den %(sent)s att den avsåg att återkalla det bidrag som beviljats "
        "er, och gav er tillfälle att yttra er (%(cite)s). Kommunen har nu beslutat "
        "att inte återkalla bidraget. Ärendet om återkallelse avslutas utan åtgärd: beslutet om "
        "bidraget gäller som tidigare och inget krävs tillbaka."
    ) % {
        "sent": format_date(communication.sent_at),
        "cite": fl(recorded_route(communication.facts), 25),
    }
    sections = [
        Section(_("Ärendet om återkallelse avslutas"), [closed]),
        Section(_("Skäl"), [communication.drop_reasons], recorded=True),
        *contact_section(facts),
    ]
    return Document.issued(
        facts,
        title=_("Besked: bidraget återkallas inte"),
        meta=meta,
        sections=sections,
        filename=f"aterkallande-avslutat-{app.reference}-{communication.pk}.pdf",
        notice=facts_notice(communication.facts),
    )


def after_dropped_hearing(dropped: Communication, exception: str) -> list[str]:
    """What a revocation decided under an FL 25 § exception (``exception``, its label) says of
    the earlier intended revocation that was communicated and then dropped (ADR 0022): not that
    nothing was communicated, but when that was, whether the applicant answered, that it was
    closed without revoking, and that this decision was taken without kommunicering."""
    dates = {
        "sent": format_date(dropped.sent_at),
        "due": format_date(dropped.due),
        "dropped": format_date(dropped.dropped_at),
    }
    paragraphs = [
        _(
            "Ett tidigare avsett återkallande av bidraget kommunicerades med sökanden den "
            "%(sent)s, med tillfälle att yttra sig senast %(due)s (%(cite)s). Det "
            "avslutades utan återkallelse den %(dropped)s."
        )
        % {**dates, "cite": fl(recorded_route(dropped.facts), 25)}
    ]
    answered, closed = dropped.responded_at, dropped.dropped_at
    if dropped.response and answered and (closed is None or answered <= closed):
        received = format_date(dropped.response_received_on or dropped.responded_at)
        paragraphs.append(_("Sökanden yttrade sig över det den %(date)s.") % {"date": received})
    paragraphs.append(
        _(
            "Detta beslut har fattats utan att sökanden fått tillfälle att yttra sig över det, "
            "eftersom ett undantag från kommunicering gäller: %(exception)s."
        )
        % {"exception": exception}
    )
    return paragraphs
