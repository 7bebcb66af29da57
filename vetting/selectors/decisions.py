"""Reads: a decision's number in its case, and the kommunicering a decision or an intended
revocation was heard in (FL 25 §, ADR 0015)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from vetting.models import Application, Communication, Decision


def decision_number(decision: Decision) -> int:
    """The decision's number in its case (1 for the first, in the order they were made): what
    names it in a correction or revocation, where two decisions may share a date."""
    earlier = Q(decided_at__lt=decision.decided_at) | Q(
        decided_at=decision.decided_at, id__lte=decision.pk
    )
    return Decision.objects.filter(earlier, application_id=decision.application_id).count()


def case_decision_numbers(references: Iterable[str]) -> dict[int, int]:
    """The number in its case (``decision_number``) of every decision of the cases
    ``references`` names, by its id: one query, however many cases and decisions."""
    rows = Decision.objects.filter(application__reference__in=set(references))
    numbers: dict[int, int] = {}
    count: dict[int, int] = {}
    for pk, app_id in rows.order_by("decided_at", "id").values_list("id", "application_id"):
        count[app_id] = count.get(app_id, 0) + 1
        numbers[pk] = count[app_id]
    return numbers


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


def dropped_revocation_hearing(decision: Decision) -> Communication | None:
    """The latest kommunicering of an intended revocation of the case that was dropped before
    ``decision`` (ADR 0022): a revocation decided under an FL 25 § exception after it says so,
    not that nothing was ever communicated."""
    return (
        Communication.objects.filter(
            application_id=decision.application_id,
            purpose=Communication.Purpose.REVOCATION,
            dropped_at__isnull=False,
            dropped_at__lte=decision.decided_at,
        )
        .order_by("-dropped_at", "-id")
        .first()
    )
