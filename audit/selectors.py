"""Reads of the audit trail: a case's timeline, filtered event lists, the decision log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import DECISION_ACTIONS, AuditEvent, Person


def case_timeline(reference: str) -> QuerySet[AuditEvent]:
    """Every event of one case, oldest first."""
    return AuditEvent.objects.filter(case_ref=reference).order_by("seq")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _first_seq_at_or_after(moment: datetime) -> int:
    """The sequence number where a period starts (one index probe on occurred_at). Times are taken
    under the chain lock, so they follow sequence numbers; the period filter stays exact, the seq
    bound only lets the database walk the seq index from the right place (docs/audit-format.md)."""
    first = (
        AuditEvent.objects.filter(occurred_at__gte=moment)
        .order_by("occurred_at")
        .values_list("seq", flat=True)
        .first()
    )
    return first if first is not None else _next_seq()


def _next_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return (last or 0) + 1


def filter_events(qs: QuerySet[AuditEvent], **filters: Any) -> QuerySet[AuditEvent]:
    """Narrow by since/until (inclusive days), case, association, actor, action, administration."""
    if filters.get("since"):
        start = _day_start(filters["since"])
        qs = qs.filter(occurred_at__gte=start, seq__gte=_first_seq_at_or_after(start))
    if filters.get("until"):
        end = _day_start(filters["until"] + timedelta(days=1))
        qs = qs.filter(occurred_at__lt=end, seq__lt=_first_seq_at_or_after(end))
    exact = {
        "case": "case_ref",
        "association": "association_id",
        "actor": "actor_id",
        "action": "action",
    }
    for name, column in exact.items():
        if filters.get(name) not in (None, ""):
            qs = qs.filter(**{column: filters[name]})
    if filters.get("administration"):
        qs = qs.filter(_administration_q(str(filters["administration"])))
    return qs


def _administration_q(code: str) -> Q:
    """The actor's administrations are recorded comma-separated (e.g. ``kultur,social``)."""
    return (
        Q(actor_administration=code)
        | Q(actor_administration__startswith=f"{code},")
        | Q(actor_administration__endswith=f",{code}")
        | Q(actor_administration__contains=f",{code},")
    )


def events(**filters: Any) -> QuerySet[AuditEvent]:
    return filter_events(AuditEvent.objects.all(), **filters)


def decision_log(**filters: Any) -> QuerySet[AuditEvent]:
    """One event per decision (decide, correct, revoke), with its reasons and criteria."""
    return filter_events(AuditEvent.objects.filter(action__in=DECISION_ACTIONS), **filters)


def names_for(pseudonyms: Iterable[str]) -> dict[str, str]:
    """Display names by pseudonym, one query; erased persons have none."""
    wanted = set(pseudonyms)
    if not wanted:
        return {}
    rows = Person.objects.filter(pseudonym__in=wanted).values_list("pseudonym", "display_name")
    return {pseudonym: name for pseudonym, name in rows if name}
