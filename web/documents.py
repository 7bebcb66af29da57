"""Decision documents and communication letters: one structure, rendered as HTML and as PDF
(``web.pdf``).

The text is the decision as it was recorded (reasons, criteria snapshot, rulebook version, appeal
instructions, revocation clause); nothing is recomputed from the case as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vetting.models import Application, Communication, Decision, DecisionOutcome, Outcome
from vetting.models.kinds import AWARDING_OUTCOMES
from vetting.selectors import (
    DECISION_READERS,
    decision_applicant_heard,
    decision_event,
    decision_hearing,
    decision_number,
    hidden_sources,
    recorded_sources,
)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str | CriterionLine] = field(default_factory=list)
    # The paragraphs are text as recorded, in Swedish (reasons, the fixed clauses, the
    # applicant's response), whatever the page's language: marked lang="sv" on the page.
    recorded: bool = False


@dataclass(frozen=True)
class CriterionLine:
    """One criterion in a document: code, title, outcome, evidence and a note. The title and the
    evidence are recorded text in Swedish, marked lang="sv" on the page whatever its language
    (WCAG 3.1.2); the PDF takes the plain text."""

    code: str
    title: str
    outcome: str
    evidence: str = ""
    note: str = ""

    def __str__(self) -> str:
        line = f"{self.code} – {self.title}"
        line += f": {self.outcome}" if self.outcome else ""
        if self.evidence:
            line += ". " + _("Underlag: %(evidence)s") % {"evidence": self.evidence}
        return f"{line} ({self.note})" if self.note else line

    @property
    def html(self) -> SafeString:
        """For the page (the template calls this; Django's ``{{ }}`` stringifies objects)."""
        line = format_html("{} – {}", self.code, _swedish(self.title))
        if self.outcome:
            line = format_html("{}: {}", line, self.outcome)
        if self.evidence:
            label = escape(_("Underlag: %(evidence)s")) % {"evidence": _swedish(self.evidence)}
            line = format_html("{}. {}", line, mark_safe(label))  # noqa: S308 - escaped above
        return format_html("{} ({})", line, self.note) if self.note else line


def _swedish(text: str) -> SafeString:
    return format_html('<span lang="sv">{}</span>', text)


@dataclass
class Document:
    title: str
    municipality: str
    administration: str
    meta: list[tuple[str, str]]
    sections: list[Section]
    filename: str


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return str(formats.date_format(value, "Y-m-d"))


def _amount(value: Any) -> str:
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} kr"


def _parties(app: Application) -> list[tuple[str, str]]:
    association = app.association
    rows = [
        (_("Sökande"), f"{association.name}, {_('org.nr')} {association.org_number}"),
    ]
    if app.contact_name or app.contact_email:
        rows.append(
            (_("Kontaktperson"), ", ".join(filter(None, [app.contact_name, app.contact_email])))
        )
    return rows


def _applied(app: Application) -> list[tuple[str, str]]:
    """The amount applied for (grants), which the outcome's amount is read against."""
    if app.amount_applied is None:
        return []
    return [(_("Sökt belopp"), _amount(app.amount_applied))]


def _event(app: Application) -> list[tuple[str, str]]:
    """For kinds with an event: the premises and when, in Swedish time (Europe/Stockholm), so
    that the document says what was applied for (a booking, not only its title)."""
    rows = []
    if app.is_event and app.premises is not None:
        rows.append((_("Lokal"), f"{app.premises.name}, {app.premises.address}"))
    if app.is_event and app.event_starts_at and app.event_ends_at:
        rows.append((_("Tid"), _span(app.event_starts_at, app.event_ends_at)))
    return rows


def _span(starts: Any, ends: Any) -> str:
    start, end = timezone.localtime(starts), timezone.localtime(ends)
    same_day = start.date() == end.date()
    end_text = formats.date_format(end, "H:i" if same_day else "Y-m-d H:i")
    return f"{formats.date_format(start, 'Y-m-d H:i')}–{end_text}"


def _hidden_sources(app: Application, criteria: list[dict[str, Any]]) -> set[str]:
    """Source cases named in the snapshot that the document's readers may not be told of
    (``hidden_sources``): snapshots made before session 6 kept another administration's
    reference; it is not printed (ADR 0003)."""
    return hidden_sources(app, recorded_sources(criteria), DECISION_READERS)


def _reused(c: dict[str, Any], hidden: set[str]) -> str:
    ref = c.get("reused_from") or ""
    if ref and ref not in hidden:
        return _("bedömning återanvänd från %(ref)s") % {"ref": ref}
    if ref or c.get("reused"):
        return _("bedömning återanvänd från ett ärende i en annan förvaltning")
    return ""


def _criteria_items(
    criteria: list[dict[str, Any]], cited_only: bool, hidden: set[str]
) -> list[str | CriterionLine]:
    items: list[str | CriterionLine] = []
    for c in criteria:
        if cited_only and not c.get("cited"):
            continue
        outcome = Outcome(c["outcome"]).label if c.get("outcome") in Outcome.values else "–"
        items.append(
            CriterionLine(
                code=str(c.get("code")),
                title=c.get("title", ""),
                outcome=str(outcome),
                evidence=c.get("evidence") or "",
                note=_reused(c, hidden),
            )
        )
    return items


def _decided_by(decision: Decision) -> str:
    """The decision maker, with the delegation's note (its point in the delegationsordning)."""
    note = decision.delegation.note.strip()
    return f"{_name(decision.decided_by)} ({note})" if note else _name(decision.decided_by)


def _outcome(decision: Decision) -> str:
    """The outcome with the amount granted; a revocation with what it reclaims, if anything."""
    outcome = str(DecisionOutcome(decision.outcome).label)
    amount = decision.amount_granted
    if decision.outcome == DecisionOutcome.REVOKED:
        if not amount:
            return outcome
        return _("%(outcome)s, återkrav %(amount)s") % {
            "outcome": outcome,
            "amount": _amount(amount),
        }
    if amount is not None and decision.outcome != DecisionOutcome.REJECTED:
        return f"{outcome}, {_amount(amount)}"
    return outcome


def _reasons(decision: Decision) -> Section:
    """The reasons as recorded; a decision wholly in the applicant's favour may give none, and
    then says so in the standard sentence instead of an empty section (FL 32 §)."""
    if decision.reasons.strip() or decision.outcome != DecisionOutcome.APPROVED:
        return Section(_("Skäl för beslutet"), [decision.reasons], recorded=True)
    return Section(
        _("Skäl för beslutet"),
        [
            _(
                "Beslutet går inte någon part emot. Skälen redovisas därför inte (32 § andra "
                "stycket 1 förvaltningslagen)."
            )
        ],
    )


def _criteria_sections(app: Application, decision: Decision) -> list[Section]:
    """The criteria the decision cites, and the assessment of all of them. When it cites every
    criterion (an approval rests on all), one list that says so, not the same lines twice."""
    hidden = _hidden_sources(app, decision.criteria)
    cited = _criteria_items(decision.criteria, True, hidden)
    every = Section(
        _("Bedömning av samtliga kriterier"),
        items=_criteria_items(decision.criteria, False, hidden),
    )
    if cited and cited == every.items:
        every.paragraphs = [_all_cited(decision)]
        return [every]
    return [Section(_("Åberopade kriterier"), items=cited), every] if cited else [every]


def _all_cited(decision: Decision) -> str:
    """What a decision citing every criterion says of them. A partial approval needs every
    criterion met (the guard): its reduction rests on the reasons alone, not on a criterion."""
    if decision.outcome != DecisionOutcome.PARTLY_APPROVED:
        return _("Beslutet åberopar samtliga kriterier.")
    return _(
        "Samtliga kriterier är bedömda som uppfyllda eller inte tillämpliga. Att beslutet inte "
        "avser hela det sökta beloppet grundar sig på skälen ovan, inte på kriterierna."
    )


def _hearing(decision: Decision) -> list[Section]:
    """How the applicant could respond before the decision: the kommunicering (FL 25 §), and
    before a correction or revocation what its decision maker recorded of it (FL 36 §, 25 §)."""
    event = decision_event(decision)
    sections = _communicated(decision, decision_hearing(decision, event))
    heard = decision_applicant_heard(event) if decision.replaces_id else ""
    if heard and decision.outcome == DecisionOutcome.REVOKED:
        sections.append(Section(_("Sökandens möjlighet att yttra sig"), [heard], recorded=True))
    elif heard:
        heading = _("Sökandens möjlighet att yttra sig inför rättelsen")
        sections.append(Section(heading, [heard], recorded=True))
    return sections


def _communicated(decision: Decision, sent: Communication | None) -> list[Section]:
    """Kommunicering (FL 25 §) before the decision: when it was sent and its deadline, and the
    applicant's response as recorded, verbatim, or that none came in. Nothing when the proposal
    decided was not communicated (an approval in full), and for a correction or revocation."""
    if sent is None:
        return []
    dates = {"sent": _date(sent.sent_at), "due": _date(sent.due)}
    text = _(
        "Förslaget till beslut kommunicerades med sökanden %(sent)s, med tillfälle att yttra "
        "sig senast %(due)s (25 § förvaltningslagen)."
    )
    hearing = Section(_("Sökandens möjlighet att yttra sig"), [text % dates])
    if not sent.response or sent.responded_at is None or sent.responded_at > decision.decided_at:
        hearing.paragraphs.append(_("Inget yttrande kom in senast %(due)s.") % dates)
        return [hearing]
    received = _date(sent.response_received_on or sent.responded_at)
    hearing.paragraphs.append(_("Sökanden yttrade sig %(date)s.") % {"date": received})
    if sent.response_late:
        hearing.paragraphs.append(_("Yttrandet kom in efter sista dagen för svar."))
    return [hearing, Section(_("Sökandens yttrande"), [sent.response], recorded=True)]


def _clause(heading: str, text: str) -> Section:
    """A recorded clause (the appeal instructions, the revocation clause) under its heading.
    The fixed texts begin with their own title, "Hur man överklagar (laglighetsprövning enligt
    13 kap. kommunallagen): …": that title is then the section's heading and the rest its text,
    not the heading twice. The recorded text is not changed (older decisions keep theirs); a
    page in another language keeps its own heading over the whole text."""
    title, colon, rest = text.partition(": ")
    if colon and rest.strip() and title.startswith(heading) and "\n" not in title:
        return Section(title, [rest], recorded=True)
    return Section(heading, [text], recorded=True)


def decision_document(decision: Decision) -> Document:
    app = decision.application
    outcome = _outcome(decision)
    meta = [
        (_("Diarienummer"), app.reference),
        (_("Beslutsdatum"), _date(decision.decided_at)),
        (_("Beslutets nummer i ärendet"), str(decision_number(decision))),
        (_("Ärende"), f"{app.get_kind_display()}: {app.subject_text}"),
        *_event(app),
        *_parties(app),
        *_applied(app),
        (_("Beslut"), str(outcome)),
        (_("Beslutsfattare"), _decided_by(decision)),
        (_("Föredragande handläggare"), _name(decision.handler)),
        (
            _("Regelverk"),
            _("%(title)s, version %(version)s (antaget %(date)s)")
            % {
                "title": decision.rulebook.title,
                "version": decision.rulebook.version,
                "date": _date(decision.rulebook.adopted_on),
            },
        ),
    ]
    sections = [
        *_replaced(decision),
        *([_replacing(decision)] if decision.replaces_id else []),
        *_hearing(decision),
        _reasons(decision),
    ]
    sections.extend(_criteria_sections(app, decision))
    if decision.revocation_clause and decision.outcome in AWARDING_OUTCOMES:
        # Earlier rejections of grants stored the clause too; it is printed only with an award.
        sections.append(_clause(_("Återkallelseförbehåll"), decision.revocation_clause))
    sections.append(_clause(_("Hur man överklagar"), decision.appeal_instructions))
    return Document(
        title=_title(decision),
        municipality=settings.GRANSKA_MUNICIPALITY,
        administration=app.administration.name,
        meta=meta,
        sections=sections,
        filename=f"beslut-{app.reference}-{decision.pk}.pdf",
    )


def _title(decision: Decision) -> str:
    """What the decision is, first: a revocation, a correction of an earlier one, or a decision."""
    if decision.outcome == DecisionOutcome.REVOKED:
        return _("Beslut om återkallelse")
    return _("Beslut (rättelse)") if decision.replaces_id else _("Beslut")


def _named(decision: Decision) -> dict[str, str]:
    """What names a decision unambiguously: its number in the case, date and time (two decisions
    may share a date), for the texts of corrections and revocations."""
    decided = timezone.localtime(decision.decided_at)
    return {
        "number": str(decision_number(decision)),
        "date": _date(decided),
        "time": str(formats.date_format(decided, "H:i")),
    }


def _replacing(decision: Decision) -> Section:
    """What a decision that replaces another says of it: a revocation (FL 37 §) with its
    återkrav, or a correction; the earlier decision by its number in the case, date and time."""
    earlier = _named(decision.replaces) if decision.replaces else {}
    if decision.outcome != DecisionOutcome.REVOKED:
        text = (
            _("Detta beslut ersätter beslut %(number)s i ärendet, fattat %(date)s kl. %(time)s.")
            % earlier
        )
        return Section(_("Rättelse"), [text])
    revoked = (
        _(
            "Beslutet om bidrag (beslut %(number)s i ärendet, fattat %(date)s kl. %(time)s) "
            "återkallas med stöd av återkallelseförbehållet (FL 37 §)."
        )
        % earlier
    )
    return Section(_("Återkallelse"), [revoked, *_reclaim(decision)])


def _reclaim(decision: Decision) -> list[str]:
    """A revocation's återkrav against what was paid (the granted amount, when ``paid_at`` is
    recorded): when less is reclaimed than was paid, both, so the applicant sees the difference.
    The system records no due date or way of paying back, so none is printed."""
    app = decision.application
    reclaim = decision.amount_granted or Decimal(0)
    if app.paid_at is None:
        return [_("Bidraget har inte betalats ut; inget återkrav.")]
    paid = app.amount_granted or Decimal(0)
    amounts = {"paid": _amount(paid), "date": _date(app.paid_at), "amount": _amount(reclaim)}
    if reclaim == paid:
        return [_("Återkrav: %(amount)s ska betalas tillbaka.") % amounts]
    payment = _("Bidraget betalades ut %(date)s med %(paid)s.") % amounts
    if not reclaim:
        return [payment, _("Inget av det utbetalda beloppet återkrävs.")]
    amounts["rest"] = _amount(paid - reclaim)
    return [
        payment,
        _(
            "Återkrav: %(amount)s ska betalas tillbaka; resterande %(rest)s av det utbetalda "
            "beloppet återkrävs inte."
        )
        % amounts,
    ]


def _replaced(decision: Decision) -> list[Section]:
    """On a decision that was corrected or revoked: that it is no longer in force, and by
    which decision (number, date and time)."""
    # The reverse of Decision.replaces; its DoesNotExist is an AttributeError.
    later: Decision | None = getattr(decision, "replaced_by", None)
    if later is None:
        return []
    if later.outcome == DecisionOutcome.REVOKED:
        text = _(
            "Detta beslut har återkallats genom beslut %(number)s i ärendet, fattat %(date)s "
            "kl. %(time)s."
        )
    else:
        text = _(
            "Detta beslut har ersatts av beslut %(number)s i ärendet, fattat %(date)s kl. %(time)s."
        )
    return [Section(_("Beslutet gäller inte längre"), [text % _named(later)])]


def _material(communication: Communication) -> list[str | CriterionLine]:
    """The material the proposal rests on, as it was sent: each cited criterion with the
    assessment and its evidence (FL 25 §: the applicant answers the material, not a summary)."""
    items: list[str | CriterionLine] = []
    for m in communication.material:
        outcome = Outcome(m["outcome"]).label if m["outcome"] in Outcome.values else m["outcome"]
        evidence = m["evidence"] or m.get("document_name") or m["document"].rsplit("/", 1)[-1]
        items.append(CriterionLine(m["code"], m["title"], str(outcome), evidence))
    return items


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


def communication_letter(communication: Communication) -> Document:
    """The letter as it was sent: rebuilt from the communication's own record, never from the
    case as it is now (a returned case's proposal changes; what was sent does not), and without
    the response that came in afterwards (the decision prints that)."""
    app = communication.application
    sent = communication.proposed_outcome
    outcome = DecisionOutcome(sent).label if sent else ""
    if sent == DecisionOutcome.PARTLY_APPROVED and communication.proposed_amount is not None:
        outcome = f"{outcome}, {_amount(communication.proposed_amount)}"
    meta = [
        (_("Diarienummer"), app.reference),
        (_("Datum"), _date(communication.sent_at)),
        (_("Ärende"), f"{app.get_kind_display()}: {app.subject_text}"),
        *_event(app),
        *_parties(app),
        *_applied(app),
        (_("Förslag till beslut"), str(outcome)),
        (_("Svar senast"), _date(communication.due)),
        (_("Handläggare"), _name(communication.sent_by)),
    ]
    sections = [
        Section(
            _("Kommunicering enligt 25 § förvaltningslagen"),
            [
                _(
                    "Innan kommunen fattar beslut i ärendet får ni tillfälle att yttra er över "
                    "förslaget och det underlag det bygger på. Förslaget är till nackdel för er."
                )
            ],
        ),
        Section(_("Förslagets skäl"), [communication.proposal_text], recorded=True),
        *_cited_material(communication),
        Section(
            _("Så yttrar ni er"),
            [
                _(
                    "Skicka ert yttrande till %(adm)s senast %(due)s och ange diarienummer "
                    "%(ref)s. Om vi inte hört av er då kan beslut fattas på det underlag som finns."
                )
                % {
                    "adm": app.administration.name,
                    "due": _date(communication.due),
                    "ref": app.reference,
                }
            ],
        ),
    ]
    # Not the response: it came after the letter was sent (the decision prints it).
    return Document(
        title=_("Kommunicering av förslag till beslut"),
        municipality=settings.GRANSKA_MUNICIPALITY,
        administration=app.administration.name,
        meta=meta,
        sections=sections,
        filename=f"kommunicering-{app.reference}-{communication.pk}.pdf",
    )
