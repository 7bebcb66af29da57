"""What a decision document says of how the applicant was heard before the decision: the
kommunicering of the proposal (FL 25 §) and the response, the kommunicering of an intended
revocation, an FL 25 § exception and why, and how the decision maker considered the response."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vetting.citations import fl, recorded_route
from vetting.models import Communication, Decision, DecisionOutcome, HearingException
from vetting.models.kinds import CHOSEN_HEARING_EXCEPTIONS
from vetting.selectors import decision_hearing, dropped_revocation_hearing
from web.documents.communication import after_dropped_hearing
from web.documents.layout import Section, format_date

CHOSEN = {e.value for e in CHOSEN_HEARING_EXCEPTIONS}


def hearing_sections(decision: Decision) -> list[Section]:
    """How the applicant could respond before the decision: the kommunicering (FL 25 §), and
    before a correction or revocation what its decision maker recorded of it (FL 37 §, 25 §).
    Both as the decision keeps them (``after_communication``, ``applicant_heard``)."""
    sections = _communicated(decision, decision_hearing(decision))
    heard = decision.applicant_heard.strip()
    if decision.outcome == DecisionOutcome.REVOKED and decision.hearing_exception in CHOSEN:
        return [*sections, *_exception(decision, heard)]
    if decision.kind == "decision" and decision.hearing_exception in CHOSEN:
        return [*sections, *_decided_without_hearing(decision, heard)]
    if decision.outcome == DecisionOutcome.REVOKED and decision.revocation_hearing_id:
        return [*sections, *_revocation_heard(decision, heard)]
    if heard and decision.outcome == DecisionOutcome.REVOKED:
        sections.append(Section(_("Sökandens möjlighet att yttra sig"), [heard], recorded=True))
    elif heard:
        heading = _("Sökandens möjlighet att yttra sig inför ändringen")
        sections.append(Section(heading, [heard], recorded=True))
    return sections


def _revocation_heard(decision: Decision, note: str) -> list[Section]:
    """The kommunicering of the intended revocation the revocation followed (ADR 0015): when it
    was sent and its deadline, and the response as registered, verbatim, or that none came."""
    sent = decision.revocation_hearing
    assert sent is not None
    dates = {"sent": format_date(sent.sent_at), "due": format_date(sent.due)}
    cite = {"cite": fl(recorded_route(decision.facts), 25)}
    text = _(
        "Föreningen har fått tillfälle att yttra sig över det avsedda återkallandet den "
        "%(sent)s (svar senast %(due)s; %(cite)s)."
    )
    hearing = Section(_("Sökandens möjlighet att yttra sig"), [text % {**dates, **cite}])
    answered = sent.response and sent.responded_at and sent.responded_at <= decision.decided_at
    if not answered:
        hearing.paragraphs.append(_("Inget yttrande inkom senast %(due)s.") % dates)
    else:
        received = format_date(sent.response_received_on or sent.responded_at)
        hearing.paragraphs.append(_("Yttrande inkom %(date)s.") % {"date": received})
        if sent.response_late:
            hearing.paragraphs.append(_("Yttrandet kom in efter sista dagen för svar."))
    sections = [hearing]
    if answered:
        sections.append(Section(_("Sökandens yttrande"), [sent.response], recorded=True))
    if note:
        sections.append(Section(_("Anteckning om hörandet"), [note], recorded=True))
    return sections


def _exception(decision: Decision, why: str) -> list[Section]:
    """A revocation decided without kommunicering, under an FL 25 § exception, and why."""
    label = HearingException(decision.hearing_exception).label
    dropped = dropped_revocation_hearing(decision)  # an earlier one, communicated and dropped
    text = _(
        "Det avsedda återkallandet har inte kommunicerats med sökanden före beslutet. "
        "Undantag: %(exception)s."
    ) % {"exception": label}
    said = after_dropped_hearing(dropped, str(label)) if dropped else [text]
    heading = _("Sökandens möjlighet att yttra sig")
    return [Section(heading, said), Section(_("Skäl för undantaget"), [why], recorded=True)]


def _decided_without_hearing(decision: Decision, why: str) -> list[Section]:
    """An adverse decision taken without kommunicering, under an FL 25 § exception (ADR 0026),
    and why."""
    label = HearingException(decision.hearing_exception).label
    text = _(
        "Beslutet har fattats utan att sökanden fått tillfälle att yttra sig över förslaget "
        "eftersom ett undantag från kommunicering gäller: %(exception)s."
    ) % {"exception": label}
    heading = _("Sökandens möjlighet att yttra sig")
    return [Section(heading, [text]), Section(_("Skäl för undantaget"), [why], recorded=True)]


def _communicated(decision: Decision, sent: Communication | None) -> list[Section]:
    """Kommunicering (FL 25 §) before the decision: when it was sent and its deadline, and the
    applicant's response as recorded, verbatim, or that none came in. Nothing when the proposal
    decided was not communicated (an approval in full), and for a correction or revocation."""
    if sent is None:
        return []
    dates = {"sent": format_date(sent.sent_at), "due": format_date(sent.due)}
    text = _(
        "Förslaget till beslut kommunicerades med sökanden %(sent)s, med tillfälle att yttra "
        "sig senast %(due)s (%(cite)s)."
    )
    cite = {"cite": fl(recorded_route(decision.facts), 25)}
    hearing = Section(_("Sökandens möjlighet att yttra sig"), [text % {**dates, **cite}])
    if not sent.response or sent.responded_at is None or sent.responded_at > decision.decided_at:
        hearing.paragraphs.append(_("Inget yttrande kom in senast %(due)s.") % dates)
        return [hearing]
    received = format_date(sent.response_received_on or sent.responded_at)
    hearing.paragraphs.append(_("Sökanden yttrade sig %(date)s.") % {"date": received})
    if not sent.response_contests:
        hearing.paragraphs.append(_("Sökanden har inte haft något att invända."))
    if sent.response_late:
        hearing.paragraphs.append(_("Yttrandet kom in efter sista dagen för svar."))
    return [hearing, Section(_("Sökandens yttrande"), [sent.response], recorded=True)]


def response_considered(decision: Decision) -> list[Section]:
    """How the decision deals with the applicant's response to the kommunicering, as its
    decision maker recorded it (JO: the reasons address the objections); nothing without."""
    text = decision.response_considered.strip()
    if not text:
        return []
    return [Section(_("Sökandens synpunkter och nämndens bedömning"), [text], recorded=True)]
