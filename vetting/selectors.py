"""Reads: which cases a user may see, effective assessments, delegations, conflicts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.files import shown_name
from vetting import roles
from vetting.enclosures import enclosure, sent_document
from vetting.models import (
    Application,
    Assessment,
    Communication,
    ConflictOfInterest,
    Criterion,
    Decision,
    Delegation,
    IncomingDocument,
    Outcome,
    ProgramReview,
    State,
    SupplementRequest,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def sees_all_cases(user: Any) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
        or roles.has_role(user, roles.AUDITOR, roles.ADMINISTRATOR)
    )


def administration_ids(user: Any) -> list[int]:
    cached = getattr(user, "_granska_admin_ids", None)
    if cached is None:
        profile = getattr(user, "profile", None)
        cached = list(profile.administrations.values_list("id", flat=True)) if profile else []
        user._granska_admin_ids = cached
    return cached


def visible_administration_ids(user: Any) -> list[int] | None:
    """The administrations whose cases (and what belongs to them) ``user`` may see: None for
    all (superusers, auditors, administrators); an officer's own; none for anyone else, even
    with administrations in the profile (e.g. one whose role was removed on changing jobs).
    The one rule of the pages, the API and the admin (vetting.admin_scope)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if sees_all_cases(user):
        return None
    if not roles.has_role(user, roles.HANDLER, roles.DECISION_MAKER, roles.SECURITY):
        return []
    return administration_ids(user)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Officers see the cases of their administrations; auditors and administrators all; a
    user with no officer role none (``visible_administration_ids``)."""
    qs = Application.objects.all()
    ids = visible_administration_ids(user)
    if ids is None:
        return qs
    return qs.filter(administration_id__in=ids) if ids else qs.none()


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


# Decisions on a grant in force (ADR 0002): what they dispose of is the grant, not the
# application it answered.
ON_THE_GRANT = frozenset({"revoke", "drop_revocation"})


def amount_at_stake(
    application: Application, action: str, decided: Decimal | None = None
) -> Decimal:
    """The amount a decision is about, which the decision maker's delegation must cover
    (ADR 0002): revoking a grant or not (``ON_THE_GRANT``) is about the amount granted; every
    other decision (deciding, correcting, writing off) about the application, its amount
    applied for, or the amount ``decided`` if larger (never: a grant is at most what was applied
    for), so a refusal of a large application needs the delegation granting it would. The one
    rule of the services (``check_decision_maker``), ``allowed_actions`` and the queue
    (``delegated_cases``)."""
    if action in ON_THE_GRANT:
        return application.amount_granted or Decimal(0)
    return max(application.amount_applied or Decimal(0), decided or Decimal(0))


def delegation_for(
    user: Any, *, kind: str, amount: Decimal | None, administration_id: int, on: date
) -> Delegation | None:
    """A delegation of the user (or one of the user's groups) covering kind and amount."""
    candidates = valid_delegations(user, on).filter(administration_id=administration_id)
    for delegation in candidates.order_by("user_id", "id"):
        if delegation.covers(kind, amount):
            return delegation
    return None


def valid_delegations(user: Any, on: date) -> QuerySet[Delegation]:
    """The user's delegations (their own and their groups') in force on a day."""
    group_ids = list(user.groups.values_list("id", flat=True))
    return Delegation.objects.filter(
        Q(user=user) | Q(group_id__in=group_ids), valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def delegated_cases(user: Any, on: date) -> Q:
    """Cases one of the user's delegations covers (administration, kind, and the amount at
    stake up to its limit: ``amount_at_stake``, the granted amount of a grant in force, whose
    decision to take is a revocation's, else the amount applied for): the rule of
    ``check_decision_maker`` as a condition, so the pages offer to decide only what the
    decision would not refuse for want of delegation."""
    # No case: no delegation (not pk__in=[], which empties an aggregate's whole filter when OR'ed).
    condition = Q(pk__isnull=True)
    in_force = Q(state__in=(State.APPROVED, State.PAID))
    for delegation in valid_delegations(user, on):
        case = Q(administration_id=delegation.administration_id, kind__in=delegation.kinds)
        if delegation.max_amount is not None:
            limit = delegation.max_amount
            granted = Q(amount_granted__isnull=True) | Q(amount_granted__lte=limit)
            applied = Q(amount_applied__isnull=True) | Q(amount_applied__lte=limit)
            case &= (in_force & granted) | (~in_force & applied)
        condition |= case
    return condition


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


# What preparing a case means for the four-eyes rule: any of these on the case, by the person.
PREPARING_ACTIONS = (
    "assessment.recorded",
    "application.propose",
    "application.communicate",
    "application.communicate_revocation",
    "application.record_response",
    "application.request_supplement",
    "application.receive_supplement",
    "application.start_program_review",
    "application.complete_program_review",
    "application.escalate",
    "application.conclude_escalation",
)


def prepared_case(user: Any, application: Application) -> bool:
    """Whether the person took part in preparing the case, as the audit trail records it: also
    after the case was reassigned or its proposal returned and made again by someone else."""
    from audit.models import AuditEvent
    from audit.services import person_pseudonym

    return AuditEvent.objects.filter(
        case_ref=application.reference,
        actor_id=person_pseudonym(user),
        action__in=PREPARING_ACTIONS,
    ).exists()


def took_part_in_preparing(user: Any, application: Application) -> bool:
    """The four-eyes rule (ADR 0002): the case's handler, its proposer, or anyone the trail shows
    preparing it may not decide it, correct its decision or revoke it. The services refuse them
    (``check_decision_maker``) and the allowed actions leave those actions out for them."""
    return user.pk in (application.handler_id, application.proposed_by_id) or prepared_case(
        user, application
    )


def cases_prepared_by(user: Any) -> Q:
    """``took_part_in_preparing`` as a condition on cases, for lists (one subquery)."""
    from audit.models import AuditEvent, Person

    prepared = AuditEvent.objects.filter(
        actor_id__in=Person.objects.filter(user_id=user.pk).values("pseudonym"),
        action__in=PREPARING_ACTIONS,
    ).values("case_ref")
    return Q(handler_id=user.pk) | Q(proposed_by_id=user.pk) | Q(reference__in=prepared)


def proposal_version(application: Application) -> int | None:
    """Which proposal the case carries: the sequence number of its latest ``application.propose``
    event (a proposal returned and made again gets a new one). A decision form shows it and
    sends it back, so a decision is never taken on a proposal its maker did not see."""
    from audit.models import AuditEvent

    return (
        AuditEvent.objects.filter(case_ref=application.reference, action="application.propose")
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )


def has_conflict(user: Any, association_id: int) -> bool:
    return ConflictOfInterest.objects.filter(
        user=user, association_id=association_id, withdrawn_at__isnull=True
    ).exists()


def eligible_handlers(application: Application) -> QuerySet[Any]:
    """Active handlers of the case's administration with no declared jäv against its association:
    whom an administrator may assign the case to (``application_assign`` checks it again)."""
    from django.contrib.auth import get_user_model

    conflicted = ConflictOfInterest.objects.filter(
        association_id=application.association_id, withdrawn_at__isnull=True
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=roles.HANDLER,
            profile__administrations=application.administration_id,
        )
        .exclude(pk__in=conflicted)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def may_read_escalation_notes(user: Any, application: Application) -> bool:
    """The security coordinator, and decision makers whose delegation covers this case; nobody
    with a declared jäv towards the association (ADR 0002)."""
    if has_conflict(user, application.association_id):
        return False
    if roles.has_role(user, roles.SECURITY):
        return True
    if not roles.has_role(user, roles.DECISION_MAKER):
        return False
    if user.pk in (application.handler_id, application.proposed_by_id):
        return False
    amount = amount_at_stake(application, "decide", application.proposed_amount)
    return (
        delegation_for(
            user,
            kind=application.kind,
            amount=amount,
            administration_id=application.administration_id,
            on=timezone.localdate(),
        )
        is not None
    )


# Files of a case. Programmes and evidence documents are case material: whoever may see the case
# may open them (auditors every case). None of them is restricted: the security coordinator's
# restricted notes are text only, read through escalation_notes_view, which logs each reading.


def program_file(user: Any, reference: str, review_id: int) -> FieldFile | None:
    """The programme file of a review in a case the user may see; None otherwise."""
    return _case_file(ProgramReview, "program_file", user, reference, review_id)


def evidence_file(user: Any, reference: str, assessment_id: int) -> FieldFile | None:
    """The evidence document of an assessment in a case the user may see; None otherwise."""
    return _case_file(Assessment, "evidence_document", user, reference, assessment_id)


def supplement_file(user: Any, reference: str, request_id: int) -> FieldFile | None:
    """What the applicant sent for a supplement request, in a case the user may see."""
    return _case_file(SupplementRequest, "delivered_file", user, reference, request_id)


def response_file(user: Any, reference: str, communication_id: int) -> FieldFile | None:
    """The scanned response to a communication, in a case the user may see."""
    return _case_file(Communication, "response_file", user, reference, communication_id)


def incoming_file(user: Any, reference: str, document_id: int) -> FieldFile | None:
    """An inkommen handling (the application itself, a supplement, another document) of a case
    the user may see; None otherwise."""
    return _case_file(IncomingDocument, "file", user, reference, document_id)


def _case_file(
    model: type[ProgramReview]
    | type[Assessment]
    | type[SupplementRequest]
    | type[Communication]
    | type[IncomingDocument],
    field: str,
    user: Any,
    reference: str,
    pk: int,
) -> FieldFile | None:
    row = (
        model.objects.filter(
            pk=pk, application__reference=reference, application__in=applications_visible_to(user)
        )
        .exclude(**{field: ""})
        .first()
    )
    return getattr(row, field) if row is not None else None


def communication_enclosure(
    user: Any, reference: str, communication_id: int, number: int
) -> dict[str, Any] | None:
    """Enclosure ``number`` of a communication in a case the user may see, as it was sent."""
    communication = (
        Communication.objects.filter(
            pk=communication_id,
            application__reference=reference,
            application__in=applications_visible_to(user),
        )
        .only("material")
        .first()
    )
    return enclosure(communication, number) if communication is not None else None


def decision_number(decision: Decision) -> int:
    """The decision's number in its case (1 for the first, in the order they were made): what
    names it in a correction or revocation, where two decisions may share a date."""
    earlier = Q(decided_at__lt=decision.decided_at) | Q(
        decided_at=decision.decided_at, id__lte=decision.pk
    )
    return Decision.objects.filter(earlier, application_id=decision.application_id).count()


def decision_hearing(decision: Decision) -> Communication | None:
    """The kommunicering (FL 25 §) the decision was taken after: the case's latest communication
    sent before it, when it was decided from ``communicated`` (``after_communication``). None
    otherwise: an approval in full never communicated (also one after an earlier proposal was
    communicated and returned), a correction or a revocation."""
    if not decision.after_communication:
        return None
    return (
        Communication.objects.filter(
            application_id=decision.application_id,
            purpose=Communication.Purpose.PROPOSAL,
            sent_at__lte=decision.decided_at,
        )
        .order_by("-sent_at", "-id")
        .first()
    )


def revocation_hearing(app: Application) -> Communication | None:
    """The latest kommunicering of an intended revocation of the case (ADR 0015), if any."""
    hearings = app.communications.filter(purpose=Communication.Purpose.REVOCATION)
    return hearings.order_by("-sent_at", "-id").first()
