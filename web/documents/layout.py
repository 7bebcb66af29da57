"""What a document is (title, rows of facts, sections), and what decisions and letters share:
the parties, the amount applied for, the event, and how names, dates and amounts are written.
The parties, the event, the amount applied for and the administration are printed from the facts
kept when the document was sent (``vetting.facts``), not from the case as it is now."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vetting.facts import document_facts
from vetting.models import Application, Delegation
from vetting.money import kronor
from vetting.texts import delegation_line


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
    # A document the evidence is, in words ("dokumentet ”polis.txt” (bilaga 1)"): the page's
    # language, not recorded text; the evidence text, if any, then describes it.
    document: str = ""
    # What the evidence quotes, in words ("citat ur stadgarna antagna 2024-03-01",
    # ``statutes_quote``): the page's language; the evidence is then printed in quotation marks.
    quote: str = ""

    @property
    def name(self) -> str:
        """The criterion by its title, in words (klarspråk, FL 11 §), not its code: the code
        only for a line recorded without a title."""
        return self.title or self.code

    @property
    def text(self) -> str:
        """The evidence as printed: a quote of the statutes reflowed (``reflow``)."""
        return reflow(self.evidence) if self.quote else self.evidence

    def __str__(self) -> str:
        line = self.name
        line += f": {self.outcome}" if self.outcome else ""
        text = self.text
        if self.quote and text:
            text = _("%(source)s: ”%(quote)s”") % {"source": self.quote, "quote": text}
        evidence = ": ".join(filter(None, [self.document, text]))
        if evidence:
            line += ". " + _("Underlag: %(evidence)s") % {"evidence": evidence}
        return f"{line} ({self.note})" if self.note else line

    @property
    def html(self) -> SafeString:
        """For the page (the template calls this; Django's ``{{ }}`` stringifies objects)."""
        line = _swedish(self.title) if self.title else escape(self.code)
        if self.outcome:
            line = format_html("{}: {}", line, self.outcome)
        if self.evidence or self.document:
            parts = [escape(self.document)] if self.document else []
            parts += [self._evidence_html()] if self.evidence else []
            evidence = mark_safe(": ".join(parts))  # noqa: S308 - each part escaped
            label = escape(_("Underlag: %(evidence)s")) % {"evidence": evidence}
            line = format_html("{}. {}", line, mark_safe(label))  # noqa: S308 - escaped above
        return format_html("{} ({})", line, self.note) if self.note else line

    def _evidence_html(self) -> SafeString:
        """The recorded evidence marked Swedish; a quote in quotation marks after its source."""
        if not self.quote:
            return _swedish(self.evidence)
        paragraphs = format_html_join(
            mark_safe("<br>"), "{}", ((p,) for p in self.text.split("\n\n"))
        )
        label = escape(_("%(source)s: ”%(quote)s”"))
        quoted = label % {"source": escape(self.quote), "quote": _swedish(paragraphs)}
        return mark_safe(quoted)  # noqa: S308 - each part escaped


def reflow(text: str) -> str:
    """A quote as running text: the line breaks of the statutes' file (mid-sentence, where the
    source wrapped its lines) as spaces; an empty line (a new paragraph) kept, as one ("\n\n")."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    joined = (" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)
    return "\n\n".join(p for p in joined if p)


def statutes_quote(item: dict[str, Any]) -> str:
    """What a recorded criterion line (a decision's snapshot, a letter's material) quotes, in
    words: "citat ur stadgarna antagna 2024-03-01" for a quote of the statutes, by the version's
    adoption date. Only for a line that records the version (``statutes_adopted_on``, kept since
    session 10): an older document prints its evidence as it was sent; "" for other evidence."""
    if item.get("evidence_kind") != "statute_quote" or "statutes_adopted_on" not in item:
        return ""
    adopted = item["statutes_adopted_on"]
    if not adopted:  # a quote whose version was not recorded (an older assessment)
        return _("citat ur stadgarna")
    return _("citat ur stadgarna antagna %(date)s") % {"date": adopted}


def document_evidence(name: str, enclosure: int | None = None) -> str:
    """A document as evidence, in words: its shown name, and the enclosure (bilaga) it is sent
    as with a letter."""
    if enclosure is None:
        return _("dokumentet ”%(name)s”") % {"name": name}
    return _("dokumentet ”%(name)s” (bilaga %(number)s)") % {"name": name, "number": enclosure}


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
    # Shown above the document on the page (not in the PDF): what the reader should know of it.
    notice: str = ""

    @classmethod
    def issued(
        cls,
        facts: dict[str, Any],
        *,
        title: str,
        meta: list[tuple[str, str]],
        sections: list[Section],
        filename: str,
        notice: str,
    ) -> Document:
        """A letter or decision of the municipality (``GRANSKA_MUNICIPALITY``), issued by the
        administration named in its printed ``facts``."""
        return cls(
            title=title,
            municipality=settings.GRANSKA_MUNICIPALITY,
            administration=facts["administration"],
            meta=meta,
            sections=sections,
            filename=filename,
            notice=notice,
        )


def format_person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def decision_maker_rows(user: Any, facts: dict[str, Any]) -> list[tuple[str, str]]:
    """Who decided, and on whose behalf, as a decision prints it: "Beslutsfattare: <name>" and
    "Delegation: Beslut på delegation från Kultur- och fritidsnämnden (delegationsordning
    punkt 4.1)" (KL 6:37), from the nämnd and the point kept when it was decided (``facts``,
    ``vetting.facts.delegation_facts``). A decision made before the nämnd was kept prints the
    point after the name, as it did; one made before either was kept, the name alone."""
    person = format_person(user)
    note = facts.get("delegation_note", "")
    if "delegation_board" not in facts:
        return [(_("Beslutsfattare"), f"{person} ({note})" if note else person)]
    rows = [(_("Beslutsfattare"), person)]
    line = delegation_line(facts["delegation_board"], note)
    return [*rows, (_("Delegation"), line)] if line else rows


def format_date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return str(formats.date_format(value, "Y-m-d"))


def format_amount(value: Any) -> str:
    """Money as the letters write it: "10 000 kr", with öre only when there are any."""
    return kronor(value)


def printed_facts(
    recorded: dict[str, Any], app: Application, delegation: Delegation | None = None
) -> dict[str, Any]:
    """The facts a document prints: as recorded when it was sent (``recorded``, kept by the
    service); for a document sent before they were kept, the case's as they are now."""
    return recorded or document_facts(app, delegation=delegation)


def facts_notice(recorded: dict[str, Any]) -> str:
    """What the page says of a document whose facts were not kept when it was sent: they are
    the case's as they are now, not necessarily what was sent (the page only, not the PDF)."""
    if recorded:
        return ""
    return _(
        "Sökande, kontaktperson, arrangemang, sökt belopp och förvaltning visas som de står i "
        "ärendet nu: dokumentet upprättades innan de uppgifterna sparades med det, och de kan ha "
        "ändrats sedan."
    )


def subject_row(app: Application, facts: dict[str, Any]) -> tuple[str, str]:
    return (_("Ärende"), f"{app.get_kind_display()}: {facts['subject']}")


def case_rows(app: Application, facts: dict[str, Any]) -> list[tuple[str, str]]:
    """What the case is, as a letter or decision heads it after its reference and date: the
    subject, the event (premises and when), the parties and the amount applied for."""
    return [subject_row(app, facts), *event_rows(facts), *party_rows(facts), *applied_rows(facts)]


def party_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    association, contact = facts["association"], facts["contact"]
    rows = [
        (_("Sökande"), f"{association['name']}, {_('org.nr')} {association['org_number']}"),
    ]
    if contact["name"] or contact["email"]:
        rows.append(
            (_("Kontaktperson"), ", ".join(filter(None, [contact["name"], contact["email"]])))
        )
    return rows


def applied_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """The amount applied for (grants), which the outcome's amount is read against."""
    if facts["amount_applied"] is None:
        return []
    return [(_("Sökt belopp"), format_amount(Decimal(facts["amount_applied"])))]


def event_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """For kinds with an event: the premises and when, in Swedish time (Europe/Stockholm), so
    that the document says what was applied for (a booking, not only its title)."""
    event = facts["event"]
    if not event:
        return []
    rows = []
    if event["premises"] is not None:
        premises = event["premises"]
        rows.append((_("Lokal"), f"{premises['name']}, {premises['address']}"))
    if event["starts_at"] and event["ends_at"]:
        rows.append((_("Tid"), _span(event["starts_at"], event["ends_at"])))
    return rows


def _span(starts: str, ends: str) -> str:
    start = timezone.localtime(datetime.fromisoformat(starts))
    end = timezone.localtime(datetime.fromisoformat(ends))
    same_day = start.date() == end.date()
    end_text = formats.date_format(end, "H:i" if same_day else "Y-m-d H:i")
    return f"{formats.date_format(start, 'Y-m-d H:i')}–{end_text}"


class Enclosure(str):
    """An enclosure of a letter ("Bilaga 1: polis.txt"): text in a section's items, as the PDF
    prints it; on the officer's page a link to the file as it was sent (``url``), to send with
    the letter."""

    url: str

    def __new__(cls, text: str, url: str = "") -> Enclosure:
        line = super().__new__(cls, text)
        line.url = url
        return line

    @property
    def html(self) -> SafeString:
        if not self.url:
            return escape(str(self))
        return format_html('<a href="{}" download>{}</a>', self.url, str(self))


def contact_section(facts: dict[str, Any]) -> list[Section]:
    """The administration's contact details as they were sent (``vetting.facts``): its name,
    postal address, e-mail and phone, each one given, so the applicant knows where to reply
    and whom to ask. Every letter and decision ends with it. Nothing for a document sent before
    they were kept (it had none), nor when neither the administration nor the municipality has
    any."""
    contact = facts.get("administration_contact")
    if not contact or not any(contact.values()):
        return []
    lines = [facts["administration"]]
    if contact["address"]:
        lines.append(_("Postadress: %(address)s") % {"address": contact["address"]})
    if contact["email"]:
        lines.append(_("E-post: %(email)s") % {"email": contact["email"]})
    if contact["phone"]:
        lines.append(_("Telefon: %(phone)s") % {"phone": contact["phone"]})
    return [Section(_("Kontaktuppgifter"), lines)]


def reply_ways(facts: dict[str, Any]) -> list[str]:
    """Where and how the applicant sends a reply (a response to a letter), as it was sent: by
    e-mail or post to the administration, and for a case from a booking system through that
    system as well (its API takes the response). Nothing for a letter sent before the contact
    details were kept: it said neither."""
    contact = facts.get("administration_contact")
    if contact is None:
        return []
    where = {
        "email": contact["email"],
        "post": f"{facts['administration']}, {contact['address']}",
        "system": facts.get("booking_system", ""),
    }
    ways = []
    if contact["email"] and contact["address"]:
        ways.append(
            _("Ni kan skicka yttrandet med e-post till %(email)s eller med post till %(post)s.")
        )
    elif contact["email"]:
        ways.append(_("Ni kan skicka yttrandet med e-post till %(email)s."))
    elif contact["address"]:
        ways.append(_("Ni kan skicka yttrandet med post till %(post)s."))
    if where["system"]:
        ways.append(
            _(
                "Ansökan kom in via bokningssystemet %(system)s: ni kan också skicka yttrandet "
                "där, på bokningen."
            )
        )
    return [way % where for way in ways]
