"""The case's documents in one list, in date order (partsinsyn, FL 10 §): what came in (the
application itself, supplements, the programme, the statutes the assessments rest on, responses,
other documents) and what the authority drew up or sent (letters, decisions, notices).

Built from what the case page reads anyway (its communications, decisions with their notices,
supplements, programme reviews, checklist) and one query for the inkomna handlingar registered
on their own, so the page's query count does not grow with the documents."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.files import shown_name
from vetting.models import Application, Communication, ProgramReview, SupplementRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from vetting.selectors import ChecklistRow
    from web.casepage import DecisionLine

INCOMING = "incoming"
DRAWN_UP = "drawn_up"
SENT = "sent"
DIRECTIONS = {INCOMING: _("inkommen"), DRAWN_UP: _("upprättad"), SENT: _("expedierad")}


@dataclass(frozen=True)
class CaseDocument:
    """One line of the list: the day, what it is (``code``, shown as ``kind``), which way it
    went, and where it opens (``url``; ``file``: a download; ``pdf_url``: a letter's PDF)."""

    day: date
    code: str
    kind: StrOrPromise
    direction: str
    title: StrOrPromise
    url: str
    file: bool = False
    pdf_url: str = ""
    late: bool = False
    decision: DecisionLine | None = field(default=None, compare=False)

    @property
    def direction_label(self) -> StrOrPromise:
        return DIRECTIONS[self.direction]


def _day(moment: datetime | date | None) -> date | None:
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def case_documents(
    app: Application,
    *,
    supplements: list[SupplementRequest],
    program_reviews: list[ProgramReview],
    communications: list[Communication],
    decisions: list[DecisionLine],
    rows: list[ChecklistRow],
) -> list[CaseDocument]:
    """Every document of the case, oldest first (the same day: in the order they are listed
    here, incoming before what answers them)."""
    ref = app.reference
    found: list[CaseDocument] = [
        *_registered(app),
        *_statutes(app, rows),
        *_programs(ref, program_reviews),
        *_supplements(ref, supplements),
        *_communications(ref, communications),
        *_decisions(ref, decisions),
    ]
    return sorted(found, key=lambda d: d.day)  # stable: the order above within a day


def _registered(app: Application) -> list[CaseDocument]:
    return [
        CaseDocument(
            day=d.received_on,
            code=f"incoming_{d.kind}",
            kind=d.get_kind_display(),
            direction=INCOMING,
            title=shown_name(d.file.name or "", d.original_filename),
            url=reverse("web:incoming_file", args=[app.reference, d.pk]),
            file=True,
        )
        for d in app.incoming_documents.order_by("received_on", "id")
    ]


def _statutes(app: Application, rows: list[ChecklistRow]) -> list[CaseDocument]:
    """The statutes versions the case's assessments rest on (loaded with the checklist)."""
    versions: dict[int, Any] = {}
    for row in rows:
        version = row.assessment.statutes_version if row.assessment is not None else None
        if version is not None:
            versions.setdefault(version.pk, version)
    return [
        CaseDocument(
            day=timezone.localdate(v.uploaded_at),
            code="statutes",
            kind=_("Stadgar"),
            direction=INCOMING,
            title=_stat_title(v),
            url=reverse("web:association", args=[v.association_id]) + f"#stadgar-{v.pk}",
        )
        for v in sorted(versions.values(), key=lambda v: (v.uploaded_at, v.pk))
    ]


def _stat_title(version: Any) -> StrOrPromise:
    return format_lazy(
        _("Stadgar antagna {date}{name}"),
        date=version.adopted_on.isoformat(),
        name=f" ({version.original_filename})" if version.original_filename else "",
    )


def _received(
    ref: str,
    obj: Any,
    day: date,
    file: Any,
    what: tuple[str, StrOrPromise, StrOrPromise],
    *,
    text_url: str,
    late: bool,
) -> CaseDocument:
    """What came in (a programme, a supplement, a response): its file to download, or its text
    where the officer reads it (``text_url``). ``what``: its code (``web:<code>_file`` downloads
    the file), its kind and the text's title."""
    code, kind, text_title = what
    has_file = bool(file)
    return CaseDocument(
        day=day,
        code=code,
        kind=kind,
        direction=INCOMING,
        title=shown_name(file.name or "", obj.original_filename) if has_file else text_title,
        url=reverse(f"web:{code}_file", args=[ref, obj.pk]) if has_file else text_url,
        file=has_file,
        late=late,
    )


def _issued(
    ref: str,
    pk: int,
    moment: datetime,
    what: tuple[str, StrOrPromise, StrOrPromise],
    view: str,
    direction: str = SENT,
) -> CaseDocument:
    """A letter or decision the authority drew up or sent, on the day of ``moment``: its page
    (the url named ``web:<view>``) and its PDF (``web:<view>_pdf``). ``what``: its code, kind
    and title."""
    code, kind, title = what
    return CaseDocument(
        day=timezone.localdate(moment),
        code=code,
        kind=kind,
        direction=direction,
        title=title,
        url=reverse(f"web:{view}", args=[ref, pk]),
        pdf_url=reverse(f"web:{view}_pdf", args=[ref, pk]),
    )


PROGRAM = ("program", _("Program"), _("Programmet (text)"))
SUPPLEMENT = ("supplement", _("Komplettering"), _("Kompletteringen (text)"))
RESPONSE = ("response", _("Yttrande"), _("Yttrandet (text)"))
SUPPLEMENT_REQUEST = (
    "supplement_request",
    _("Begäran om komplettering"),
    _("Begäran om komplettering"),
)
DROPPED = ("dropped", _("Besked till sökanden"), _("Avslutad utan återkallelse"))


def _on_case(ref: str, anchor: str) -> str:
    return reverse("web:case", args=[ref]) + anchor


def _programs(ref: str, reviews: list[ProgramReview]) -> list[CaseDocument]:
    lines = []
    for r in reviews:
        day = r.program_received_on or _day(r.program_received_at)
        if day is not None:
            text_url = _on_case(ref, "#program-heading")
            lines.append(
                _received(ref, r, day, r.program_file, PROGRAM, text_url=text_url, late=r.late)
            )
    return lines


def _supplements(ref: str, requests: list[SupplementRequest]) -> list[CaseDocument]:
    """Each request's letter (FL 20 §; a request from before letters has none: no ``facts``),
    and what came in answer to it."""
    lines = []
    for s in requests:
        if s.facts:
            lines.append(
                _issued(ref, s.pk, s.requested_at, SUPPLEMENT_REQUEST, "supplement_letter")
            )
        day = s.received_on or _day(s.delivered_at)
        if day is not None and (s.delivered_file or s.delivered_text):
            text_url = _on_case(ref, "#supplement-heading")
            lines.append(
                _received(ref, s, day, s.delivered_file, SUPPLEMENT, text_url=text_url, late=s.late)
            )
    return lines


def _communications(ref: str, communications: list[Communication]) -> list[CaseDocument]:
    lines = []
    for c in communications:
        title = (
            _("Kommunicering av avsett återkallande")
            if c.is_revocation
            else _("Kommuniceringsbrev")
        )
        letter = _issued(
            ref, c.pk, c.sent_at, ("communication", _("Kommunicering"), title), "communication"
        )
        lines.append(letter)
        day = c.response_received_on or _day(c.responded_at)
        if day is not None and (c.response or c.response_file):
            response = _received(
                ref, c, day, c.response_file, RESPONSE, text_url=letter.url, late=c.response_late
            )
            lines.append(response)
        if c.dropped_at is not None:
            lines.append(_issued(ref, c.pk, c.dropped_at, DROPPED, "communication_dropped"))
    return lines


def _decisions(ref: str, decisions: list[DecisionLine]) -> list[CaseDocument]:
    lines = []
    for line in decisions:
        d = line.decision
        drawn_up = _issued(
            ref, d.pk, d.decided_at, ("decision", _("Beslut"), ""), "decision", DRAWN_UP
        )
        lines.append(replace(drawn_up, decision=line))
        lines.extend(
            CaseDocument(
                day=timezone.localdate(n.sent_at),
                code="notice",
                kind=_("Underrättelse om beslut"),
                direction=SENT,
                title=format_lazy(
                    _("{channel} till {recipient}"),
                    channel=n.get_channel_display(),
                    recipient=n.recipient,
                ),
                url=drawn_up.url,
            )
            for n in d.notices.all()
        )
    return lines
