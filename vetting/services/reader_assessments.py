"""Recording an assessment from the statute reader's proposal for a criterion: accepting it, or
overriding it with one's own (``followed_reader`` says which; the event names the reader's rules
version). Both record through ``assessments.assessment_record``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from vetting.errors import InvalidInput
from vetting.models import Application, Assessment
from vetting.services._core import ActorLike
from vetting.services.assessments import AssessmentInput, assessment_record
from vetting.services.quotes import PASSAGE_SEPARATOR

if TYPE_CHECKING:
    from vetting.reader_proposals import ReaderProposal


def assessment_from_reader(
    *,
    application: Application,
    actor: ActorLike,
    criterion_code: str,
    accept: bool,
    override: AssessmentInput | None = None,
) -> Assessment:
    """Accept the statute reader's proposal for a criterion, or override it with one's own.

    Accepting records the proposal's outcome with its evidence (the quoted passages, or the fact
    of what the statutes contain); overriding records the officer's assessment. Either way
    ``followed_reader`` says which, and the event names the reader's rules version.
    """
    from vetting.reader_proposals import reader_proposals

    proposal = next(
        (p for p in reader_proposals(application) if p.criterion_code == criterion_code), None
    )
    if proposal is None:
        raise InvalidInput({"criterion": _("Läsaren har inget förslag för kriteriet.")})
    rule = proposal.rule
    if not accept:
        if override is None:
            raise InvalidInput(
                {"outcome": _("Ange din egen bedömning när du inte följer läsaren.")}
            )
        _refuse_override_like_proposal(override, proposal)
        override.reader_rule, override.followed_reader = rule, False
        override.reader_version = proposal.rules_version
        return assessment_record(application=application, actor=actor, data=override)
    quote = proposal.first_quote
    data = AssessmentInput(
        criterion_code=criterion_code,
        outcome=proposal.outcome,
        evidence_kind=proposal.evidence_kind,
        evidence_text=proposal.evidence_text,
        evidence_start=quote["start"] if quote else None,
        evidence_end=quote["end"] if quote else None,
        comment=proposal.record_note,
        comment_message=proposal.note,
        reader_rule=rule,
        followed_reader=True,
        reader_version=proposal.rules_version,
    )
    return assessment_record(application=application, actor=actor, data=data)


def _refuse_override_like_proposal(data: AssessmentInput, proposal: ReaderProposal) -> None:
    """An "override" with the proposal's outcome and evidence is an acceptance: refused, so the
    record says truthfully whether the officer followed the reader. Evidence differing only in
    whitespace or in how passages are separated is the same (a quote records as the same)."""
    same_evidence = data.document is None and _words(data.evidence_text) == _words(
        proposal.evidence_text
    )
    if data.outcome == proposal.outcome and same_evidence:
        raise InvalidInput(
            {
                "outcome": _(
                    "Din bedömning är densamma som stadgeläsarens förslag (samma bedömning och "
                    "underlag). Godta förslaget i stället, eller ändra det du inte håller med om."
                )
            }
        )


def _words(text: str) -> str:
    """The text with any run of whitespace as one space and passages separated alike."""
    return " ".join(PASSAGE_SEPARATOR.sub(" […] ", text).split())
