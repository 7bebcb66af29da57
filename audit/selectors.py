"""Reads of the audit trail: a case's timeline, filtered event lists, the decision log."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import MINYEAR, UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from audit.models import DECISION_ACTIONS, DECISION_ADMINISTRATION, AuditEvent, Person


def case_timeline(reference: str) -> QuerySet[AuditEvent]:
    """Every event of one case, oldest first."""
    return AuditEvent.objects.filter(case_ref=reference).with_texts().order_by("seq")


# The bounds of what a datetime can hold: a filter day beyond them is clamped, never an error.
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def day_start(day: date) -> datetime:
    """Midnight starting ``day`` in the current time zone (clamped to what datetime can hold:
    ``0001-01-01`` and ``9999-12-31`` are valid dates a caller may send)."""
    try:
        return timezone.make_aware(datetime.combine(day, time.min)).astimezone(UTC)
    except OverflowError:
        return EARLIEST if day.year == MINYEAR else LATEST


def day_end(day: date) -> datetime:
    """Midnight ending ``day``: the start of the next day."""
    return LATEST if day == date.max else day_start(day + timedelta(days=1))


def _first_seq_at_or_after(moment: datetime) -> int:
    """The sequence number where a period starts (one index probe on occurred_at). Times are taken
    under the chain lock and never before the event ahead (``audit.services.record_event``), so
    they follow sequence numbers and a period is exactly a range of them (docs/audit-format.md).
    Filtering on that range alone lets one index serve a period with any other filter."""
    first = (
        AuditEvent.objects.filter(occurred_at__gte=moment)
        .order_by("occurred_at", "seq")
        .values_list("seq", flat=True)
        .first()
    )
    return first if first is not None else _next_seq()


def _next_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return (last or 0) + 1


def filter_events(
    qs: QuerySet[AuditEvent], *, decisions: bool = False, **filters: Any
) -> EventList:
    """Narrow by since/until (inclusive days), case, association, actor, action, administration.
    ``decisions``: only decision events (the decision log)."""
    if filters.get("since"):
        qs = qs.filter(seq__gte=_first_seq_at_or_after(day_start(filters["since"])))
    if filters.get("until"):
        qs = qs.filter(seq__lt=_first_seq_at_or_after(day_end(filters["until"])))
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
        return _by_administration(qs, str(filters["administration"]), decisions=decisions)
    return qs.filter(action__in=DECISION_ACTIONS) if decisions else qs


def _by_administration(qs: QuerySet[AuditEvent], code: str, *, decisions: bool) -> EventList:
    """The actor's administrations are recorded comma-separated (e.g. ``kultur,social``). The
    filter takes the few distinct recorded values that hold the code and reads each one in seq
    order from its index (``audit_event_adm_seq``, or ``audit_decision_adm`` for the decision
    log), merging the streams (``SeqMerge``). A pattern match, or one IN list, lets the database
    scan the whole log instead, which takes seconds over millions of events when the code is rare
    or absent (bench/audit.py)."""
    values = [v for v in recorded_administrations(decisions=decisions) if code in v.split(",")]
    if decisions:  # a decision administration implies a decision: no action filter besides
        qs = qs.alias(decision_administration=DECISION_ADMINISTRATION)
    column = "decision_administration" if decisions else "actor_administration"
    parts = [qs.filter(**{column: value}) for value in values]
    if not parts:
        return qs.none()
    return parts[0] if len(parts) == 1 else SeqMerge(parts)


_SKIP_SCAN_SQL = """
WITH RECURSIVE recorded(value) AS (
    SELECT MIN({expr}) FROM audit_auditevent
    UNION ALL
    SELECT (SELECT MIN({expr}) FROM audit_auditevent WHERE {expr} > recorded.value)
    FROM recorded WHERE recorded.value IS NOT NULL
)
SELECT value FROM recorded WHERE value IS NOT NULL
"""


def recorded_administrations(*, decisions: bool = False) -> list[str]:
    """Every distinct recorded ``actor_administration`` (of decisions only, with ``decisions``),
    by a skip scan of its index: one index probe per distinct value (tens), whatever the size of
    the log."""
    params: list[Any] = []
    if decisions:
        query = AuditEvent.objects.all().query
        expression = DECISION_ADMINISTRATION.resolve_expression(query)
        expr, expr_params = query.get_compiler(connection=connection).compile(expression)
        params = [*expr_params, *expr_params, *expr_params]
    else:
        expr = "actor_administration"
    with connection.cursor() as cursor:
        cursor.execute(_SKIP_SCAN_SQL.format(expr=expr), params)
        return [row[0] for row in cursor.fetchall()]


class SeqMerge:
    """Disjoint querysets of events read as one, in seq order: what cursor pagination needs
    (``order_by`` on seq, ``filter``, a slice from the start). Each part is read up to the end
    of the slice, in its own index order, and the parts are merged."""

    def __init__(self, parts: list[QuerySet[AuditEvent]], descending: bool = False) -> None:
        self.parts, self.descending = parts, descending

    def order_by(self, *fields: str) -> SeqMerge:
        if fields not in (("seq",), ("-seq",)):
            raise ValueError(f"events merge in seq order only, not {fields}")
        parts = [p.order_by(*fields) for p in self.parts]
        return SeqMerge(parts, descending=fields[0].startswith("-"))

    def filter(self, *args: Any, **kwargs: Any) -> SeqMerge:
        return SeqMerge([p.filter(*args, **kwargs) for p in self.parts], self.descending)

    def __getitem__(self, bounds: slice) -> list[AuditEvent]:
        if not isinstance(bounds, slice) or bounds.stop is None or bounds.step is not None:
            raise TypeError("SeqMerge takes a slice with an end")
        streams = [list(p[: bounds.stop]) for p in self.parts]
        merged = heapq.merge(*streams, key=lambda e: e.seq, reverse=self.descending)
        return list(merged)[bounds]


EventList = QuerySet[AuditEvent] | SeqMerge


def events(**filters: Any) -> EventList:
    return filter_events(AuditEvent.objects.with_texts(), **filters)


def decision_log(**filters: Any) -> EventList:
    """One event per decision (decide, correct, revoke), with its reasons and criteria."""
    return filter_events(AuditEvent.objects.with_texts(), decisions=True, **filters)


def names_for(pseudonyms: Iterable[str]) -> dict[str, str]:
    """Display names by pseudonym, one query; erased persons have none."""
    wanted = set(pseudonyms)
    if not wanted:
        return {}
    rows = Person.objects.filter(pseudonym__in=wanted).values_list("pseudonym", "display_name")
    return {pseudonym: name for pseudonym, name in rows if name}
