"""Reads for the officers' and auditors' pages: the work queue, timelines, the decision log.

Every list here runs a fixed number of queries whatever the number of rows (tests/web).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association, StatutesVersion
from associations.validators import normalize_org_number
from audit.context import ACTOR_CLIENT, ACTOR_PERSON
from audit.facts import Fact, event_facts
from audit.models import AuditEvent, Person
from bookings.models import BookingClient
from vetting import roles
from vetting.models import Application, Assessment, ConflictOfInterest, State
from vetting.models.deadlines import awaiting_program, awaiting_supplement, program_due
from vetting.models.kinds import ADVERSE_OUTCOMES
from vetting.models.states import OPEN_STATES
from vetting.selectors import (
    administration_ids,
    applications_visible_to,
    case_decision_numbers,
    cases_prepared_by,
    delegated_cases,
)
from web.criterionnames import CriterionTitles, criterion_titles

# Each role's own group, first in its tabs; the shared groups follow.
ROLE_GROUPS = (
    ("mine", roles.HANDLER),
    ("to_decide", roles.DECISION_MAKER),
    ("escalated", roles.SECURITY),
)
SHARED_GROUPS = ("unassigned", "waiting", "overdue", "all")


def groups_for(user: Any) -> tuple[str, ...]:
    """The groups this user's tabs show: the own group of each role they hold (users with none
    of those roles keep "mine"), then the shared ones. The first is the default group."""
    own = tuple(g for g, role in ROLE_GROUPS if roles.has_role(user, role))
    return (*(own or ("mine",)), *SHARED_GROUPS)


def _deadline_rule() -> list[tuple[Q, Any, str]]:
    """The deadline of a case, as (condition, date, kind), first match wins: the applicant's
    deadline (a supplement still awaited, as in the rule of ``write_off``, a programme still
    awaited, or a response after kommunicering) when it comes before the end of the handling
    time, else the handling time (GRANSKA_HANDLING_DAYS after receipt); a decided grant's
    revocation hearing, the day to answer by. The earliest deadline that applies, so a case is
    overdue exactly when any of them has passed."""
    handling = Cast(
        ExpressionWrapper(
            F("received_on") + timedelta(days=settings.GRANSKA_HANDLING_DAYS),
            output_field=DateField(),
        ),
        DateField(),
    )
    return [
        (
            awaiting_supplement() & Q(supplement_due__lt=handling),
            F("supplement_due"),
            "supplement",
        ),
        (
            awaiting_program() & Q(program_due__lt=handling),
            F("program_due"),
            "program",
        ),
        (
            Q(state=State.COMMUNICATED, responded_at__isnull=True, response_due__lt=handling),
            F("response_due"),
            "response",
        ),
        # A decided grant has no handling time: its revocation hearing's day to answer by is
        # its deadline until the answer is registered (ADR 0015, ``revocation_awaiting``).
        (
            Q(state__in=(State.APPROVED, State.PAID), revocation_responded_at__isnull=True)
            & Q(revocation_response_due__isnull=False),
            F("revocation_response_due"),
            "revocation",
        ),
        # A decided case escalated afterwards has no handling time left to run.
        (Q(state__in=OPEN_STATES, decided_at__isnull=True), handling, "handling"),
    ]


def with_deadline(qs: QuerySet[Application], today: date | None = None) -> QuerySet[Application]:
    """Annotate each case with ``deadline`` (the date a queue row shows and sorts by, null for
    closed cases), ``deadline_kind`` and ``late``: the one rule of the "overdue" group."""
    rule = _deadline_rule()
    qs = qs.annotate(program_due=program_due()).annotate(
        deadline=Case(*(When(c, then=d) for c, d, _ in rule), output_field=DateField()),
        deadline_kind=Case(
            *(When(c, then=Value(k)) for c, _, k in rule),
            default=Value(""),
            output_field=CharField(),
        ),
    )
    return qs.annotate(late=ExpressionWrapper(overdue(today), output_field=BooleanField()))


def row_deadline(app: Application) -> tuple[date | None, bool, str]:
    """What a queue row shows of a case ``with_deadline``: the deadline, whether it has passed
    (the "overdue" group's rule), and which deadline it is."""
    return (
        getattr(app, "deadline", None),
        bool(getattr(app, "late", False)),
        str(getattr(app, "deadline_kind", "")),
    )


def overdue(today: date | None = None) -> Q:
    """Past its deadline (on a queryset ``with_deadline``): the deadline's day has ended in
    Europe/Stockholm, as ``vetting.models.deadlines.deadline_passed`` says."""
    return Q(deadline__lt=today or timezone.localdate())


def revocation_awaiting(today: date) -> Q:
    """An intended revocation communicated (ADR 0015) whose answer may still come in: the
    handler registers it (``record_response``)."""
    return Q(
        state__in=(State.APPROVED, State.PAID),
        revocation_responded_at__isnull=True,
        revocation_response_due__gte=today,
    )


def revocation_heard(today: date) -> Q:
    """An intended revocation whose hearing is closed, neither decided nor dropped: the answer
    registered or the day to answer by passed (``Application.revocation_window_closed``). A
    decision maker revokes or drops it."""
    hearing = Q(state__in=(State.APPROVED, State.PAID), revocation_response_due__isnull=False)
    return hearing & (
        Q(revocation_responded_at__isnull=False) | Q(revocation_response_due__lt=today)
    )


def group_conditions(user: Any, today: date | None = None) -> dict[str, Q]:
    """The condition of each of the user's queue groups (on a queryset ``with_deadline``). A
    handler's own cases include their decided grants whose revocation hearing awaits the
    answer, which they register."""
    today = today or timezone.localdate()
    conditions = {
        "mine": Q(handler_id=user.pk) & (Q(state__in=OPEN_STATES) | revocation_awaiting(today)),
        # What the state machine lets a decision maker decide now, in their administrations,
        # except the cases they took part in preparing (the four-eyes rule of the services); a
        # grant whose revocation hearing closed too (to revoke, or to drop the revocation); and
        # a case whose supplement deadline passed with nothing delivered (to write off, a
        # decision: ADR 0025; ``supplement_overdue``, the condition of ``write_off``). An
        # adverse proposal waits for its kommunicering, the handler's: the FL 25 § exception path
        # (ADR 0026) is taken from the case page, not offered as the queue's work.
        "to_decide": (
            (Q(state=State.PROPOSED) & ~Q(proposed_outcome__in=ADVERSE_OUTCOMES))
            | Q(state=State.COMMUNICATED, responded_at__isnull=False)
            | Q(state=State.COMMUNICATED, response_due__lt=today)
            | revocation_heard(today)
            | (awaiting_supplement() & Q(supplement_due__lt=today))
        )
        & Q(administration_id__in=administration_ids(user))
        & delegated_cases(user, today)
        & ~cases_prepared_by(user),
        "escalated": Q(state=State.ESCALATED),
        # Not yet taken, or taken by a handler who then declared jäv or whose account was
        # deactivated (or erased): to be taken over. Not the user's to take when they declared
        # jäv towards the association themselves.
        "unassigned": (
            Q(state=State.SUBMITTED, handler__isnull=True)
            | handler_conflicted()
            | handler_inactive()
        )
        & Q(administration_id__in=administration_ids(user))
        & ~own_conflict(user),
        "waiting": awaiting_supplement()
        | Q(state=State.COMMUNICATED, responded_at__isnull=True)
        | revocation_awaiting(today)
        | awaiting_program(),
        "overdue": overdue(today),
        "all": Q(),
    }
    return {name: conditions[name] for name in groups_for(user)}


def own_conflict(user: Any) -> Q:
    """Cases of associations towards which ``user`` declared jäv (not withdrawn): cases they
    may not take (ui14 item 11: such a case still counted in their "Ej tilldelade")."""
    if getattr(user, "pk", None) is None:
        return Q(pk__in=[])
    declared = ConflictOfInterest.objects.filter(
        user_id=user.pk,
        association_id=OuterRef("association_id"),
        withdrawn_at__isnull=True,
    )
    return Q(Exists(declared))


def handler_conflicted() -> Q:
    """Open cases whose handler declared jäv towards the association: another handler must
    take them over (``take_over``); nobody else may act on them meanwhile."""
    declared = ConflictOfInterest.objects.filter(
        user_id=OuterRef("handler_id"),
        association_id=OuterRef("association_id"),
        withdrawn_at__isnull=True,
    )
    return Q(state__in=OPEN_STATES, handler__isnull=False) & Q(Exists(declared))


def handler_inactive() -> Q:
    """Open cases whose handler's account is deactivated (the person left, or was erased:
    ``audit.services.person_erase`` keeps them on the case so that the take-over records from
    whom): nobody else acts on them until another handler takes them over (``take_over``)."""
    return Q(state__in=OPEN_STATES, handler__isnull=False, handler__is_active=False)


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
    "deadline": (F("deadline").asc(nulls_last=True), "received_on", "id"),
}


def _filtered(user: Any, f: QueueFilter) -> QuerySet[Application]:
    """The cases the user may see, narrowed by the filter (not by the group), with deadlines."""
    qs = applications_visible_to(user)
    for name, value in (
        ("kind", f.kind),
        ("state", f.state),
        ("administration_id", f.administration),
        ("premises_id", f.premises),
        ("association_id", f.association),
    ):
        if value:
            qs = qs.filter(**{name: value})
    return with_deadline(qs)


def queue_counts(user: Any, f: QueueFilter) -> dict[str, int]:
    """One query: the number of cases in each of the user's groups, under the same filter as
    the list (an invalid filter lists nothing, and counts nothing)."""
    conditions = group_conditions(user)
    if not f.valid:
        return dict.fromkeys(conditions, 0)
    counts = _filtered(user, f).aggregate(
        **{name: Count("pk", filter=cond, distinct=True) for name, cond in conditions.items()}
    )
    return {name: counts[name] or 0 for name in conditions}


def queue(user: Any, f: QueueFilter) -> QuerySet[Application]:
    """The cases of one group, filtered and sorted, with what a row shows joined in."""
    if not f.valid:
        return applications_visible_to(user).none()
    qs = _filtered(user, f).filter(group_conditions(user).get(f.group, Q()))
    if f.group == "waiting":
        qs = qs.distinct()
    qs = qs.select_related("association", "administration", "handler", "premises")
    qs = qs.annotate(
        handler_conflicted=ExpressionWrapper(handler_conflicted(), BooleanField()),
        handler_inactive=ExpressionWrapper(handler_inactive(), BooleanField()),
    )
    return qs.order_by(*SORTS.get(f.sort, SORTS["received"]))


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
        return list(AuditEvent.objects.filter(case_ref=reference).with_texts().order_by("seq"))
    return list(case_timeline(reference))


HANDOVER_ACTIONS = frozenset({"application.take_over", "application.assign"})
HANDOVER_LABELS = (_("Från handläggare"), _("Till handläggare"))


def handed_over(event: Any) -> tuple[str, str]:
    """The handler a take-over (or an assignment) took the case from and gave it to, by
    pseudonym as the event records them (``changes.handler``); "" for none or another event."""
    changes = getattr(event, "changes", None)
    change = changes.get("handler") if isinstance(changes, Mapping) else None
    if event.action not in HANDOVER_ACTIONS or not isinstance(change, Mapping):
        return "", ""
    before, after = change.get("from"), change.get("to")
    return (before if isinstance(before, str) else "", after if isinstance(after, str) else "")


def actor_names(events: list[Any]) -> dict[tuple[str, str], str]:
    """Display names by (actor type, actor id): people behind pseudonyms in one query (erased
    people stay unnamed), with the handlers a take-over names, booking-system clients by their
    name in one more when there are any."""
    keys = {(getattr(e, "actor_type", ""), getattr(e, "actor_id", "")) for e in events}
    keys |= {(ACTOR_PERSON, p) for e in events for p in handed_over(e) if p}
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


def with_actor_names(events: list[Any]) -> list[tuple[Any, str, list[Fact], list[str]]]:
    """Each event with its actor's name (a person's or a booking system's, else the id), its
    facts (``audit.facts.event_facts``; a take-over's handlers from and to by name, a criterion
    by its title) and the titles of the criteria it records."""
    names = actor_names(events)
    titles = criterion_titles()
    decisions = case_decision_numbers(e.case_ref for e in events if e.case_ref)
    return [
        (
            event,
            actor_name(names, event),
            _facts(event, names, titles, decisions),
            titles.of(event),
        )
        for event in events
    ]


def _facts(
    event: Any,
    names: dict[tuple[str, str], str],
    titles: CriterionTitles,
    decisions: Mapping[int, int],
) -> list[Fact]:
    handlers = [
        Fact(str(label), names.get((ACTOR_PERSON, p)) or p)
        for label, p in zip(HANDOVER_LABELS, handed_over(event), strict=True)
        if p
    ]
    facts = [
        replace(fact, value=", ".join(titles.of(event))) if fact.key == "criterion" else fact
        for fact in event_facts(event, decisions)
    ]
    return [*facts, *handlers]


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


ASSOCIATION_MATCHES = 20  # the registration page's list of associations holds no more


def association_matches(search: str) -> list[int]:
    """The ids of the associations whose name or organisation number holds ``search`` (an
    organisation number also written without its hyphen), by name, at most
    ``ASSOCIATION_MATCHES``; none for an empty search."""
    search = search.strip()
    if not search:
        return []
    condition = Q(name__icontains=search) | Q(org_number__icontains=search)
    with suppress(ValidationError):  # not an organisation number
        condition |= Q(org_number=normalize_org_number(search))
    qs = Association.objects.filter(condition).order_by("name", "pk")
    return list(qs.values_list("pk", flat=True)[:ASSOCIATION_MATCHES])


# Cases taken over from a handler: the notice on their work queue.

TAKEN_OVER_DAYS = 14


def taken_over_from(user: Any) -> list[tuple[Any, str, str]]:
    """The take-overs from this handler in the last ``TAKEN_OVER_DAYS`` days, newest first, of
    cases they may still see and no longer hold: each event (its reference, time and reason) with
    the names of the handler it went to and of who took it over (an administrator may give it).
    Three queries at most, whatever the number; none for other roles."""
    if not roles.has_role(user, roles.HANDLER):
        return []
    mine = Person.objects.filter(user=user).values_list("pseudonym", flat=True).first()
    if mine is None:  # never acted, so nothing was taken from them
        return []
    events = list(
        AuditEvent.objects.filter(
            action="application.take_over",
            occurred_at__gte=timezone.now() - timedelta(days=TAKEN_OVER_DAYS),
            changes__handler__from=mine,
            case_ref__in=applications_visible_to(user).exclude(handler=user).values("reference"),
        )
        .with_texts()
        .order_by("-seq")
    )
    names = actor_names(events)

    def name(pseudonym: str) -> str:
        return names.get((ACTOR_PERSON, pseudonym)) or pseudonym

    return [(e, name(handed_over(e)[1]), actor_name(names, e)) for e in events]
