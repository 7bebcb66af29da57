"""Recording the assessment of a criterion, with evidence: its checks (the criterion, the
evidence, RF 2:21, the extremism rule) and its event. What an uploaded evidence document may be
is in ``uploads``; accepting or overriding the statute reader's proposal in
``reader_assessments``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.models import StatutesVersion
from audit.evidence import evidence_digests
from audit.messages import MESSAGE_KEY, message_record, swedish
from audit.services import record_event
from config.files import stored_files
from vetting.actions import ASSESSABLE_STATES
from vetting.errors import (
    ActionNotAllowed,
    FieldProblems,
    GuardFailed,
    HandledByOther,
    InvalidInput,
    PermissionRefused,
)
from vetting.models import Application, Assessment, Criterion, Outcome, ProgramReview
from vetting.models.guards import held_by_other
from vetting.roles import HANDLER, has_role
from vetting.services._core import (
    ActorLike,
    allowed_values,
    audit_actor,
    audited_refusals,
    lock_application,
)
from vetting.services.opinion_grounds import (
    OPINION_FIELD,
    confirmed_record,
    evidence_texts,
    opinion_problem,
)
from vetting.services.quotes import validate_passages
from vetting.services.uploads import check_evidence_document

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


EvidenceKind = Assessment.EvidenceKind


@dataclass
class AssessmentInput:
    criterion_code: str
    outcome: str
    evidence_kind: str = EvidenceKind.NONE
    evidence_text: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None
    document: UploadedFile | None = None
    comment: str = ""
    reader_rule: str = ""
    followed_reader: bool | None = None
    # The reader's rules version of a proposal accepted or overridden (the event keeps it).
    reader_version: int | None = None
    # A system-generated comment (the reader's note) as its message: ``comment`` is its Swedish
    # text, and the event keeps the message so that pages show it in the reader's language.
    comment_message: str | Promise | None = None
    # RF 2:21: the assessor's confirmation that a fail rests on acts, not opinions
    # (vetting.services.opinion_grounds); needed only when its words speak of them.
    confirm_not_opinion: bool = False


def _criterion(app: Application, code: str) -> Criterion:
    criterion = Criterion.objects.filter(rulebook_id=app.rulebook_id, code=code).first()
    if criterion is None or not criterion.applies_to(app.kind):
        codes = [
            c.code
            for c in Criterion.objects.filter(rulebook_id=app.rulebook_id)
            if c.applies_to(app.kind)
        ]
        raise InvalidInput(
            {
                "criterion": format_lazy(
                    _("Okänt kriterium för ärendeslaget; giltiga: {codes}."), codes=", ".join(codes)
                )
            }
        )
    return criterion


def _checked_input(
    app: Application, data: AssessmentInput
) -> tuple[Criterion, StatutesVersion | None]:
    """Every field's problem at once (ADR 0010): the criterion, the outcome, the evidence, its
    document and the RF 2:21 confirmation, in one InvalidInput; then the workflow's rule on
    violent extremism (a GuardFailed, after the fields)."""
    found = FieldProblems()
    criterion = found.check(lambda: _criterion(app, data.criterion_code))
    statutes = app.association.current_statutes()
    found.check(lambda: _refuse_quote_from_non_statutes(data, statutes))
    _validate_evidence(found, data, statutes.text if statutes else None)
    found.check(lambda: _check_opinion(data))
    found.raise_any()
    assert criterion is not None
    _check_extremism(app, criterion, data.outcome)
    if data.followed_reader and _accepted_again(app, data, statutes):
        raise InvalidInput({"criterion": ALREADY_ACCEPTED})
    return criterion, statutes


def _validate_evidence(
    found: FieldProblems, data: AssessmentInput, statutes_text: str | None
) -> None:
    if data.outcome not in Outcome.values:
        found.add("outcome", allowed_values(Outcome.values))
    if data.evidence_kind not in EvidenceKind.values:
        found.add("evidence_kind", allowed_values(EvidenceKind.values))
        return
    found.check(lambda: _require_evidence(data))
    if data.document is not None:
        found.check(lambda: check_evidence_document(data.document))  # type: ignore[arg-type]
    if data.evidence_kind == EvidenceKind.STATUTE_QUOTE:
        if "evidence_kind" not in found.errors:
            found.check(lambda: validate_passages(data, statutes_text))
    else:  # a position in the statutes means something for a quote of them only
        data.evidence_start = data.evidence_end = None


def assessment_input_problems(values: Mapping[str, Any]) -> dict[str, list[StrOrPromise]]:
    """The rules on an assessment's evidence that need no case (its kind, text, document and
    the RF 2:21 confirmation), per field: what a form shows with its own fields' errors when
    the service is not called (ADR 0010)."""
    data = AssessmentInput(
        criterion_code="",
        outcome=str(values.get("outcome") or ""),
        evidence_kind=str(values.get("evidence_kind") or EvidenceKind.NONE),
        evidence_text=str(values.get("evidence_text") or ""),
        document=values.get("document"),
        comment=str(values.get("comment") or ""),
        confirm_not_opinion=bool(values.get("confirm_not_opinion")),
    )
    found = FieldProblems()
    if data.evidence_kind in EvidenceKind.values:
        found.check(lambda: _require_evidence(data))
    if data.document is not None:
        found.check(lambda: check_evidence_document(data.document))  # type: ignore[arg-type]
    found.check(lambda: _check_opinion(data))
    return found.errors


def _require_evidence(data: AssessmentInput) -> None:
    """Every outcome rests on evidence (DOMAIN.md): a kind of evidence, and its text or a
    document. Not applicable is enough with a recorded fact saying why. No kind is refused at
    ``evidence_kind``, the field to fill in (on the web form and in the API alike)."""
    if data.evidence_kind == EvidenceKind.NONE:
        if data.outcome == Outcome.NOT_APPLICABLE:
            message = _(
                "Välj typ av underlag: underlag krävs för varje bedömning. Ange som konstaterat "
                "faktum varför kriteriet inte är tillämpligt."
            )
        else:
            message = _(
                "Välj typ av underlag: ett citat ur stadgarna, ett dokument eller ett konstaterat "
                "faktum. Underlag krävs för varje bedömning, även när kriteriet är uppfyllt."
            )
        raise InvalidInput({"evidence_kind": message})
    if data.evidence_kind == EvidenceKind.DOCUMENT and data.document is None:
        raise InvalidInput({"document": _("Bifoga dokumentet som underlag.")})
    quote = data.evidence_kind == EvidenceKind.STATUTE_QUOTE  # checked in quotes.validate_quote
    if not (quote or data.evidence_text.strip() or data.document):
        raise InvalidInput(
            {
                "evidence_text": _(
                    "Skriv in underlaget: citatet ur stadgarna eller det konstaterade faktumet."
                )
            }
        )


def _refuse_quote_from_non_statutes(
    data: AssessmentInput, statutes: StatutesVersion | None
) -> None:
    """A text the statute reader found is not statutes (a policy, minutes) must not pass as
    statutes (issue 6): it cannot be quoted as the statutes' evidence."""
    if data.evidence_kind != EvidenceKind.STATUTE_QUOTE or statutes is None:
        return
    if statutes.not_statutes:
        raise InvalidInput(
            {
                "evidence_kind": format_lazy(
                    _(
                        "Föreningens gällande stadgeversion är enligt stadgeläsaren inte stadgar "
                        "utan {kind}, och kan inte citeras som stadgar. Registrera föreningens "
                        "stadgar eller välj ett annat slags underlag."
                    ),
                    kind=statutes.get_document_kind_display(),
                )
            }
        )


def _check_opinion(data: AssessmentInput) -> None:
    """RF 2:21: a fail whose evidence or comment (as the assessor typed it) speaks of opinions or
    political or religious affiliation needs ``confirm_not_opinion``; a pass never does."""
    if data.outcome != Outcome.FAIL:
        return
    texts = evidence_texts(data.evidence_kind, data.evidence_text)
    if data.comment_message is None:  # a system note (the reader's) is not the assessor's words
        texts.append(data.comment)
    problem = opinion_problem(texts, data.confirm_not_opinion)
    if problem is not None:
        raise InvalidInput({OPINION_FIELD: problem})


EXTREMISM = "NO_VIOLENT_EXTREMISM"


def _check_extremism(app: Application, criterion: Criterion, outcome: str) -> None:
    """A link to violent extremism is the security coordinator's to assess (seed 004): the
    criterion fails only after a concluded escalation, and passes not against its finding."""
    if criterion.code != EXTREMISM or outcome not in (Outcome.FAIL, Outcome.PASS):
        return
    from vetting.models import Escalation

    if outcome == Outcome.FAIL:
        require_escalation(app, field="outcome")
        return
    latest = app.escalations.filter(concluded_at__isnull=False).order_by("-concluded_at").first()
    if latest and latest.conclusion == Escalation.Conclusion.LINK:
        raise GuardFailed(
            _(
                "Säkerhetssamordnaren har konstaterat koppling till våldsbejakande miljö; "
                "kriteriet kan inte bedömas som uppfyllt utan en ny säkerhetsbedömning."
            ),
            code="escalation_found_link",
            field="outcome",
        )


def _criterion_title(app: Application, code: str) -> str:
    """A criterion's title in the case's rulebook, as texts name it (the code when unknown)."""
    found = Criterion.objects.filter(rulebook_id=app.rulebook_id, code=code).first()
    return found.title if found is not None else code


def require_escalation(app: Application, *, field: str) -> None:
    """A fail on NO_VIOLENT_EXTREMISM (an assessment of it, or a programme found to break it)
    only after the security coordinator concluded an escalation of the case (seed 004)."""
    if not app.escalations.filter(concluded_at__isnull=False).exists():
        raise GuardFailed(
            _(
                "Koppling till våldsbejakande extremism bedöms av säkerhetssamordnaren: "
                "eskalera ärendet innan kriteriet bedöms som inte uppfyllt."
            ),
            code="escalation_required",
            field=field,
        )


def _on_statutes(criterion: Criterion, data: AssessmentInput) -> bool:
    """An assessment rests on the statutes version it was made against when its criterion is
    assessed on the statutes, or its evidence quotes them (a document names the version quoted;
    reuse still takes criteria based on the statutes only)."""
    return criterion.basis == "statutes" or data.evidence_kind == EvidenceKind.STATUTE_QUOTE


def check_assessor(actor: ActorLike, app: Application) -> None:
    """Only handlers assess, and nobody with a conflict of interest (jäv) against the association.
    Raises PermissionRefused with the reason."""
    if not has_role(actor, HANDLER):
        raise PermissionRefused(_("Bara handläggare bedömer kriterier."), code="role")
    if held_by_other(app, actor):  # while it is prepared, the assigned handler's
        raise HandledByOther(app.handler)


def assessment_record(
    *, application: Application, actor: ActorLike, data: AssessmentInput
) -> Assessment:
    """Record one criterion's assessment. Statute-based ones attach to the statutes version."""
    with (
        audited_refusals("assess", application, actor),
        stored_files() as files,
        transaction.atomic(),
    ):
        app = lock_application(application, actor, action="assess")
        if app.state not in ASSESSABLE_STATES:
            from vetting.actions import allowed_actions

            raise ActionNotAllowed(
                action="assess", state=app.state, allowed=allowed_actions(app, actor)
            )
        check_assessor(actor, app)
        criterion, statutes = _checked_input(app, data)
        assessment = Assessment(
            application=app,
            association_id=app.association_id,
            criterion=criterion,
            statutes_version=statutes if _on_statutes(criterion, data) else None,
            outcome=data.outcome,
            evidence_kind=data.evidence_kind,
            evidence_text=data.evidence_text.strip()
            if data.evidence_kind != "statute_quote"
            else data.evidence_text,
            evidence_start=data.evidence_start,
            evidence_end=data.evidence_end,
            comment=data.comment,
            reader_rule=data.reader_rule,
            followed_reader=data.followed_reader,
            assessor=actor,
        )
        if data.document is not None:
            files.save_upload(assessment, "evidence_document", data.document, "underlag")
        assessment.save()
        confirmed = data.confirm_not_opinion and data.outcome == Outcome.FAIL
        _record(app, actor, assessment, data.reader_version, data.comment_message, confirmed)
    return assessment


def _record(
    app: Application,
    actor: ActorLike,
    assessment: Assessment,
    reader_version: int | None,
    comment_message: str | Promise | None = None,
    confirmed: bool = False,
) -> None:
    """The audit event of a recorded assessment (what the four-eyes rule reads as preparing);
    from a reader proposal, with the version of the reader's rules it came from. The evidence is
    recorded by its digests only (audit.evidence): reconciliation finds it changed afterwards.
    A system-generated comment keeps its message too (audit.messages), and a fail the RF 2:21
    confirmation only that it was given (``opinion_grounds.confirmed_record``)."""
    reader = {"reader_version": reader_version} if reader_version is not None else {}
    if isinstance(comment_message, Promise):  # a message, not a text as typed
        reader[MESSAGE_KEY] = message_record(comment_message)
    record_event(
        actor=audit_actor(actor),
        action="assessment.recorded",
        object_type="assessment",
        object_id=assessment.pk,
        case_ref=app.reference,
        association_id=app.association_id,
        from_state=app.state,
        to_state=app.state,
        reasons=assessment.comment,
        criteria=[assessment.criterion.code],
        rulebook_version=app.rulebook.version,
        changes={
            "outcome": assessment.outcome,
            "evidence_kind": assessment.evidence_kind,
            "statutes_version": assessment.statutes_version_id,
            "followed_reader": assessment.followed_reader,
            "reader_rule": assessment.reader_rule,
            **evidence_digests(assessment),
            **reader,
            **confirmed_record(confirmed),
        },
    )


PROGRAM = "PROGRAM_REVIEW"


def program_assessment_record(
    app: Application, actor: ActorLike, review: ProgramReview
) -> Assessment | None:
    """Completing a program review with a result is the assessment of PROGRAM_REVIEW, which is
    assessed on the event program (DOMAIN.md): the result, the reviewer's notes, and the
    received program as the document it rests on. Called by the program-review service with
    the case locked, in its transaction."""
    criterion = Criterion.objects.filter(rulebook_id=app.rulebook_id, code=PROGRAM).first()
    if criterion is None or not criterion.applies_to(app.kind):
        return None
    received = review.program_received_on
    note = (
        format_lazy(
            _("Programgranskning avslutad; programmet inkom {day}."), day=f"{received:%Y-%m-%d}"
        )
        if received
        else _("Programgranskning avslutad; inget program inkom.")
    )
    if review.breached_criterion:  # a programme not accepted names the criterion it breaks
        note = format_lazy(
            _("{note} Programmet strider mot kriteriet ”{title}”."),
            note=note,
            title=_criterion_title(app, review.breached_criterion),
        )
    assessment = Assessment.objects.create(
        application=app,
        association_id=app.association_id,
        criterion=criterion,
        outcome=Outcome.PASS if review.result == ProgramReview.Result.PASS else Outcome.FAIL,
        evidence_kind=EvidenceKind.DOCUMENT if review.program_file else EvidenceKind.FACT,
        evidence_text=review.result_notes,
        evidence_document=review.program_file.name or "",
        original_filename=review.original_filename,
        comment=swedish(note),
        assessor=actor,
    )
    _record(app, actor, assessment, None, note)
    return assessment


ALREADY_ACCEPTED = _(
    "Stadgeläsarens förslag för kriteriet är redan godtaget; bedömningen finns i ärendet."
)


def _accepted_again(app: Application, data: AssessmentInput, statutes: Any) -> bool:
    from vetting.reader_proposals import already_accepted

    return already_accepted(
        app, data.criterion_code, outcome=data.outcome, evidence_text=data.evidence_text,
        reader_rule=data.reader_rule, statutes_id=statutes.pk if statutes else None,
    )  # fmt: skip
