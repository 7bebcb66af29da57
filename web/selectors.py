"""Reads for the officers' and auditors' pages: the work queue, timelines, the decision log.

Every list here runs a fixed number of queries whatever the number of rows (tests/web).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from associations.models import Association, StatutesVersion
from audit.context import ACTOR_CLIENT, ACTOR_PERSON
from audit.models import AuditEvent, Person
from bookings.models import BookingClient
from vetting.models import Application, Assessment, State
from vetting.models.application import OPEN_STATES
from vetting.selectors import administration_ids, applications_visible_to

GROUPS = ("mine", "unassigned", "waiting", "overdue", "all")


def handling_cutoff(today: date | None = None) -> date:
    """Cases received before this day are past the handling time (GRANSKA_HANDLING_DAYS)."""
    return (today or timezone.localdate()) - timedelta(days=settings.GRANSKA_HANDLING_DAYS)


def group_conditions(user: Any, today: date | None = None) -> dict[str, Q]:
    """The condition of each queue group, for one user."""
    today = today or timezone.localdate()
    open_q = Q(state__in=OPEN_STATES)
    waiting_program = Q(
        state=State.PROGRAM_REVIEW,
        program_reviews__closed_at__isnull=True,
        program_reviews__program_received_at__isnull=True,
    )
    return {
        "mine": open_q & Q(handler_id=user.pk),
        "unassigned": Q(state=State.SUBMITTED, handler__isnull=True)
        & Q(administration_id__in=administration_ids(user)),
        "waiting": Q(state=State.SUPPLEMENT_REQUESTED)
        | Q(state=State.COMMUNICATED, responded_at__isnull=True)
        | waiting_program,
        "overdue": open_q
        & (
            Q(state=State.SUPPLEMENT_REQUESTED, supplement_due__lt=today)
            | Q(state=State.COMMUNICATED, responded_at__isnull=True, response_due__lt=today)
            | Q(received_on__lt=handling_cutoff(today))
        ),
        "all": Q(),
    }


def queue_counts(user: Any) -> dict[str, int]:
    """One query: the number of cases in each group."""
    conditions = group_conditions(user)
    base = applications_visible_to(user)
    counts = base.aggregate(
        **{name: Count("pk", filter=cond, distinct=True) for name, cond in conditions.items()}
    )
    return {name: counts[name] or 0 for name in GROUPS}


@dataclass
class QueueFilter:
    group: str = "mine"
    kind: str = ""
    state: str = ""
    administration: int | None = None
    premises: int | None = None
    association: int | None = None
    sort: str = "received"
    extra: dict[str, Any] = field(default_factory=dict)
    valid: bool = True  # False: the filter asked for is invalid, and nothing is listed


SORTS = {
    "received": ("-received_on", "-id"),
    "received_asc": ("received_on", "id"),
    "deadline": (),  # see _deadline_order
}


def _deadline_order(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Applicant deadlines first (earliest first), then the handling time (oldest first)."""
    return qs.order_by(
        Coalesce("supplement_due", "response_due").asc(nulls_last=True), "received_on", "id"
    )


def queue(user: Any, f: QueueFilter) -> QuerySet[Application]:
    """The cases of one group, filtered and sorted, with what a row shows joined in."""
    conditions = group_conditions(user)
    qs = applications_visible_to(user).filter(conditions.get(f.group, Q()))
    if not f.valid:
        return qs.none()
    if f.group == "waiting":
        qs = qs.distinct()
    for name, value in (
        ("kind", f.kind),
        ("state", f.state),
        ("administration_id", f.administration),
        ("premises_id", f.premises),
        ("association_id", f.association),
    ):
        if value:
            qs = qs.filter(**{name: value})
    qs = qs.select_related("association", "administration", "handler", "premises")
    if f.sort == "deadline":
        return _deadline_order(qs)
    return qs.order_by(*SORTS.get(f.sort, SORTS["received"]))


def row_deadline(app: Application) -> date | None:
    """The next deadline shown in a queue row."""
    if app.state == State.SUPPLEMENT_REQUESTED and app.supplement_due:
        return app.supplement_due
    if app.state == State.COMMUNICATED and app.response_due and app.responded_at is None:
        return app.response_due
    if app.state in OPEN_STATES:
        return app.received_on + timedelta(days=settings.GRANSKA_HANDLING_DAYS)
    return None


def is_overdue(app: Application, today: date | None = None) -> bool:
    deadline = row_deadline(app)
    return deadline is not None and deadline < (today or timezone.localdate())


# Timelines and names.


def names_for(pseudonyms: set[str]) -> dict[str, str]:
    """Display names of the people behind pseudonyms (one query); erased people stay unnamed."""
    rows = Person.objects.filter(pseudonym__in=pseudonyms).values_list(
        "pseudonym", "display_name", "erased_at"
    )
    return {p: ("" if erased else name) for p, name, erased in rows}


def case_events(reference: str) -> list[AuditEvent]:
    """The audit trail of one case, oldest first (audit.selectors.case_timeline when present)."""
    try:
        from audit.selectors import case_timeline
    except ImportError:
        return list(AuditEvent.objects.filter(case_ref=reference).order_by("seq"))
    return list(case_timeline(reference))


def actor_names(events: list[Any]) -> dict[tuple[str, str], str]:
    """Display names by (actor type, actor id): people behind pseudonyms in one query (erased
    people stay unnamed), booking-system clients by their name in one more when there are any."""
    keys = {(getattr(e, "actor_type", ""), getattr(e, "actor_id", "")) for e in events}
    people = names_for({ref for kind, ref in keys if kind == ACTOR_PERSON})
    names = {(ACTOR_PERSON, ref): name for ref, name in people.items()}
    client_ids = {int(ref) for kind, ref in keys if kind == ACTOR_CLIENT and ref.isdigit()}
    if client_ids:
        clients = BookingClient.objects.filter(pk__in=client_ids).values_list("pk", "name")
        names.update({(ACTOR_CLIENT, str(pk)): name for pk, name in clients})
    return names


def actor_name(names: dict[tuple[str, str], str], event: Any) -> str:
    """The actor's name, or the id when there is none (an erased person, the system)."""
    actor_id = getattr(event, "actor_id", "")
    return names.get((getattr(event, "actor_type", ""), actor_id)) or actor_id


def with_actor_names(events: list[Any]) -> list[tuple[Any, str]]:
    """Each event with its actor's name (a person's or a booking system's, else the id)."""
    names = actor_names(events)
    return [(event, actor_name(names, event)) for event in events]


# Associations.


def association_cases(user: Any, association: Association) -> QuerySet[Application]:
    return (
        applications_visible_to(user)
        .filter(association=association)
        .select_related("administration", "handler", "premises")
        .order_by("-received_on", "-id")
    )


def association_assessments(user: Any, association: Association) -> QuerySet[Assessment]:
    """The association's assessments made in cases this user may see, newest first."""
    return (
        Assessment.objects.filter(
            association=association, application__in=applications_visible_to(user).values("pk")
        )
        .select_related("criterion", "assessor", "application", "statutes_version")
        .order_by("-assessed_at", "-id")
    )


def statutes_versions(association: Association) -> QuerySet[StatutesVersion]:
    return association.statutes_versions.defer("text").select_related("uploaded_by")


def associations_list(user: Any, search: str = "") -> QuerySet[Association]:
    """Associations by name, each with the number of its cases this user may see."""
    visible = applications_visible_to(user).values("pk")
    qs = Association.objects.annotate(
        case_count=Count("applications", filter=Q(applications__in=visible))
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(org_number__icontains=search))
    return qs.order_by("name")
