"""Reads: the criteria of a case and the assessments that count for it (its own, or reused from
an earlier case of the association, ADR 0003), what may be told of a reused one's source, the
party warning (ADR 0020), and the material an adverse proposal rests on (FL 25 §)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.files import shown_name
from vetting.enclosures import sent_document
from vetting.models import Application, Assessment, Criterion, Outcome
from vetting.selectors.visibility import applications_visible_to

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ChecklistRow:
    criterion: Criterion
    assessment: Assessment | None
    reused: bool
    # A pass of an earlier case that would be reused, held back while the party of a case whose
    # applicant's name differs from the association's is not confirmed (ADR 0020).
    held: bool = False

    @property
    def outcome(self) -> str | None:
        return self.assessment.outcome if self.assessment else None

    @property
    def source_reference(self) -> str:
        if self.reused and self.assessment is not None:
            return self.assessment.application.reference
        return ""


class DecisionReaders:
    """The viewer of a decision: whoever may see its case (and the applicant, who gets it)."""


# What may be seen of a reused assessment is decided for a person or for a decision's readers.
DECISION_READERS = DecisionReaders()


def reused_sources(rows: list[ChecklistRow]) -> dict[str, int | None]:
    """The source case of each reused row: its reference and administration (no query; the
    checklist loads the source case with the assessment)."""
    return {
        row.source_reference: row.assessment.application.administration_id
        for row in rows
        if row.reused and row.assessment is not None
    }


def recorded_sources(criteria: list[dict[str, Any]]) -> dict[str, int | None]:
    """The source cases a decision's criteria snapshot names (their administration not known)."""
    return dict.fromkeys(c["reused_from"] for c in criteria if c.get("reused_from"))


def hidden_sources(case: Application, sources: Mapping[str, int | None], viewer: Any) -> set[str]:
    """Which source cases of assessments reused in ``case`` (reference: administration id, None
    when not known) ``viewer`` may not be told of: they are told the assessment was reused, not
    from which case, by whom or with which evidence file (ADR 0003). The one rule for the case
    page, the API, the decision's snapshot and the decision document.

    A person: the source cases they may not see (one query). ``DECISION_READERS``: the sources of
    another administration than the case's, since whoever may see the case reads its decision
    (a query only for sources whose administration is not known, e.g. an old snapshot's)."""
    if not sources:
        return set()
    if isinstance(viewer, DecisionReaders):
        known = {ref: adm for ref, adm in sources.items() if adm is not None}
        unknown = [ref for ref, adm in sources.items() if adm is None]
        if unknown:
            rows = Application.objects.filter(reference__in=unknown)
            known.update(rows.values_list("reference", "administration_id"))
        return {ref for ref in sources if known.get(ref) != case.administration_id}
    visible = applications_visible_to(viewer).filter(reference__in=list(sources))
    return set(sources) - set(visible.values_list("reference", flat=True))


def party_warning(app: Application) -> StrOrPromise:
    """What the case page and the officer API say when the applicant's name differs in
    substance from the association's (ADR 0020); "" when it does not."""
    if not app.names_differ:
        return ""
    names = {
        "given": app.applicant_name,
        "registered": app.association.name,
        "number": app.association.org_number,
    }
    if app.party_confirmed_at is not None:
        return format_lazy(PARTY_CONFIRMED, **names)
    return format_lazy(PARTY_UNCONFIRMED, **names)


PARTY_UNCONFIRMED = _(
    "Namnet i ansökan, ”{given}”, är inte föreningens registrerade namn, {registered} (org.nr "
    "{number}). Kontrollera att organisationsnumret är rätt: föreningens tidigare bedömningar "
    "återanvänds inte förrän handläggaren har bekräftat parten."
)
PARTY_CONFIRMED = _(
    "Namnet i ansökan, ”{given}”, är inte föreningens registrerade namn, {registered} (org.nr "
    "{number}). Handläggaren har bekräftat att ärendet gäller föreningen."
)


def applicable_criteria(application: Application) -> list[Criterion]:
    criteria = Criterion.objects.filter(rulebook_id=application.rulebook_id).order_by("position")
    return [c for c in criteria if c.applies_to(application.kind)]


def _reusable_assessments(application: Application) -> dict[int, Assessment]:
    statutes = application.association.current_statutes()
    if statutes is None:
        return {}
    since = timezone.now() - timedelta(days=settings.GRANSKA_ASSESSMENT_REUSE_DAYS)
    found: dict[int, Assessment] = {}
    candidates = (
        Assessment.objects.filter(
            association_id=application.association_id,
            statutes_version=statutes,
            criterion__rulebook_id=application.rulebook_id,
            criterion__basis="statutes",
            assessed_at__gte=since,
        )
        .exclude(application_id=application.pk)
        .select_related("application", "assessor", "criterion", "statutes_version")
        .order_by("-assessed_at", "-id")
    )
    for assessment in candidates:
        # Only the newest assessment per criterion counts; it is reused only when it passed,
        # resting on evidence (an older pass without any stays as recorded, not reused).
        found.setdefault(assessment.criterion_id, assessment)
    return {k: v for k, v in found.items() if v.outcome == Outcome.PASS and v.has_evidence}


def checklist(application: Application) -> list[ChecklistRow]:
    """Each applicable criterion with the assessment that counts for this case. Passes of
    earlier cases are offered, not applied, while the party is unconfirmed (ADR 0020)."""
    own: dict[int, Assessment] = {}
    for assessment in application.assessments.select_related(
        "assessor", "criterion", "statutes_version"
    ).order_by("-assessed_at", "-id"):
        own.setdefault(assessment.criterion_id, assessment)
    reusable = _reusable_assessments(application)
    hold = bool(reusable) and application.party_unconfirmed
    rows = []
    for criterion in applicable_criteria(application):
        if criterion.id in own:
            rows.append(ChecklistRow(criterion, own[criterion.id], reused=False))
        elif criterion.id in reusable and hold:
            rows.append(ChecklistRow(criterion, None, reused=False, held=True))
        elif criterion.id in reusable:
            rows.append(ChecklistRow(criterion, reusable[criterion.id], reused=True))
        else:
            rows.append(ChecklistRow(criterion, None, reused=False))
    return rows


def communication_material(app: Application, cited: list[str]) -> list[dict[str, Any]]:
    """What an adverse proposal rests on, for kommunicering (FL 25 §): each cited criterion with
    its assessment and evidence (never the security coordinator's notes). A refusal cites failed
    or doubtful criteria only; a partial approval cites every criterion, all met (its reduction
    rests on the reasons): the letter says so, with their titles (``web.documents``)."""
    material = []
    rows = checklist(app)
    hidden = hidden_sources(app, reused_sources(rows), DECISION_READERS)
    for row in rows:
        a = row.assessment
        if row.criterion.code in cited and a is not None:
            # A source case's file the applicant's readers may not be told of is not sent.
            file = a.evidence_document if row.source_reference not in hidden else None
            material.append(
                {
                    "code": row.criterion.code,
                    "title": row.criterion.title,
                    "outcome": a.outcome,
                    "evidence_kind": a.evidence_kind,
                    "evidence": a.evidence_text,
                    # Which statutes a quote is from (the letter names them by their date).
                    "statutes_adopted_on": statutes_adopted_on(a),
                    "document": file.name if file else "",
                    # The upload's own name, as the case page shows it (the stored name's
                    # last part is what letters from before it was recorded show).
                    "document_name": a.original_filename if file else "",
                    **sent_document(file),
                }
            )
    return material


def statutes_adopted_on(assessment: Assessment | None) -> str | None:
    """The adoption date (ISO 8601) of the statutes a quote is from, as a decision's snapshot and
    a letter's material keep it; None for other evidence, or a quote whose version was not
    recorded (an assessment of a criterion not based on the statutes, before session 10)."""
    if assessment is None or assessment.evidence_kind != Assessment.EvidenceKind.STATUTE_QUOTE:
        return None
    version = assessment.statutes_version
    return version.adopted_on.isoformat() if version is not None else None


def document_name(assessment: Assessment) -> str:
    """The name an assessment's evidence document is shown by ("" without a document)."""
    stored = assessment.evidence_document.name if assessment.evidence_document else ""
    return shown_name(stored, assessment.original_filename) if stored else ""
