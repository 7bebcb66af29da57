"""The case's documents in one list, in date order (partsinsyn, FL 10 §): what came in (the
application itself, supplements, the programme, the statutes the assessments rest on, responses,
other documents) and what the authority drew up or sent (letters, decisions, notices).

Built from what the case page reads anyway (its communications, decisions with their notices,
supplements, programme reviews, checklist) and one query for the inkomna handlingar registered
on their own, so the page's query count does not grow with the documents."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    ref: str, obj: Any, day: date, file: Any, what: tuple[str, StrOrPromise, StrOrPromise, str]
) -> CaseDocument:
    """A programme or a supplement that came in: its file to download, or its text on the case
    page (``what``: code, kind, the text's title, the case page's anchor)."""
    code, kind, text_title, anchor = what
    has_file = bool(file)
    return CaseDocument(
        day=day,
        code=code,
        kind=kind,
        direction=INCOMING,
        title=shown_name(file.name or "", obj.original_filename) if has_file else text_title,
        url=reverse(f"web:{code}_file", args=[ref, obj.pk])
        if has_file
        else reverse("web:case", args=[ref]) + anchor,
        file=has_file,
        late=obj.late,
    )


PROGRAM = ("program", _("Program"), _("Programmet (text)"), "#program-heading")
SUPPLEMENT = ("supplement", _("Komplettering"), _("Kompletteringen (text)"), "#supplement-heading")


def _programs(ref: str, reviews: list[ProgramReview]) -> list[CaseDocument]:
    lines = []
    for r in reviews:
        day = r.program_received_on or _day(r.program_received_at)
        if day is not None:
            lines.append(_received(ref, r, day, r.program_file, PROGRAM))
    return lines


def _supplements(ref: str, requests: list[SupplementRequest]) -> list[CaseDocument]:
    """Each request's letter (FL 20 §; a request from before letters has none: no ``facts``),
    and what came in answer to it."""
    lines = []
    for s in requests:
        if s.facts:
            lines.append(
                CaseDocument(
                    day=timezone.localdate(s.requested_at),
                    code="supplement_request",
                    kind=_("Begäran om komplettering"),
                    direction=SENT,
                    title=_("Begäran om komplettering"),
                    url=reverse("web:supplement_letter", args=[ref, s.pk]),
                    pdf_url=reverse("web:supplement_letter_pdf", args=[ref, s.pk]),
                )
            )
        day = s.received_on or _day(s.delivered_at)
        if day is not None and (s.delivered_file or s.delivered_text):
            lines.append(_received(ref, s, day, s.delivered_file, SUPPLEMENT))
    return lines


def _communications(ref: str, communications: list[Communication]) -> list[CaseDocument]:
    lines = []
    for c in communications:
        page = reverse("web:communication", args=[ref, c.pk])
        lines.append(
            CaseDocument(
                day=timezone.localdate(c.sent_at),
                code="communication",
                kind=_("Kommunicering"),
                direction=SENT,
                title=_("Kommunicering av avsett återkallande")
                if c.is_revocation
                else _("Kommuniceringsbrev"),
                url=page,
                pdf_url=reverse("web:communication_pdf", args=[ref, c.pk]),
            )
        )
        day = c.response_received_on or _day(c.responded_at)
        if day is not None and (c.response or c.response_file):
            lines.append(_response(ref, c, day, page))
        if c.dropped_at is not None:
            lines.append(
                CaseDocument(
                    day=timezone.localdate(c.dropped_at),
                    code="dropped",
                    kind=_("Besked till sökanden"),
                    direction=SENT,
                    title=_("Avslutad utan återkallelse"),
                    url=reverse("web:communication_dropped", args=[ref, c.pk]),
                    pdf_url=reverse("web:communication_dropped_pdf", args=[ref, c.pk]),
                )
            )
    return lines


def _response(ref: str, c: Communication, day: date, page: str) -> CaseDocument:
    has_file = bool(c.response_file)
    return CaseDocument(
        day=day,
        code="response",
        kind=_("Yttrande"),
        direction=INCOMING,
        title=shown_name(c.response_file.name or "", c.original_filename)
        if has_file
        else _("Yttrandet (text)"),
        url=reverse("web:response_file", args=[ref, c.pk]) if has_file else page,
        file=has_file,
        late=c.response_late,
    )


def _decisions(ref: str, decisions: list[DecisionLine]) -> list[CaseDocument]:
    lines = []
    for line in decisions:
        d = line.decision
        page = reverse("web:decision", args=[ref, d.pk])
        lines.append(
            CaseDocument(
                day=timezone.localdate(d.decided_at),
                code="decision",
                kind=_("Beslut"),
                direction=DRAWN_UP,
                title="",
                url=page,
                pdf_url=reverse("web:decision_pdf", args=[ref, d.pk]),
                decision=line,
            )
        )
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
                url=page,
            )
            for n in d.notices.all()
        )
    return lines
