"""Reads: the files of a case a user may open (programmes, evidence, supplements, responses,
inkomna handlingar) and the enclosures of a communication as they were sent."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile

from vetting.enclosures import enclosure
from vetting.models import (
    Assessment,
    Communication,
    IncomingDocument,
    ProgramReview,
    SupplementRequest,
)
from vetting.selectors.visibility import applications_visible_to

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
