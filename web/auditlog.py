"""The auditors' decision log: every decision and transition, filtered, and its CSV export."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from audit.context import actor_for_user
from audit.export import spreadsheet_safe
from audit.facts import Fact, event_facts, recorded, recorded_amount
from audit.labels import attempted_action_label
from audit.models import DECISION_ACTIONS, AuditEvent, Person
from audit.selectors import day_end, day_start
from audit.services import record_event
from audit.texts import reasons_shown
from vetting import roles
from vetting.models import Application, Decision
from vetting.selectors import case_decision_numbers
from web.criterionnames import criterion_titles
from web.csvformat import csv_writer
from web.selectors import actor_name, actor_names
from web.templatetags.granska import (
    event_label,
    outcome_label,
    recorded_decision,
    role_label,
    state_label,
)

# Transition events of cases (and refused attempts), as written by vetting.services._core.
LOG_OBJECT_TYPE = "application"
REFUSED = "application.refused"


@dataclass
class LogFilter:
    date_from: date | None = None
    date_to: date | None = None
    administration: int | None = None
    kind: str = ""
    outcome: str = ""
    decision_maker: int | None = None
    association: int | None = None
    decisions_only: bool = False
    case: str = ""  # one case's reference (diarienummer)

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}


def decision_log(f: LogFilter) -> QuerySet[AuditEvent]:
    """The transition events of cases matching the filter, newest first."""
    qs = AuditEvent.objects.filter(
        object_type=LOG_OBJECT_TYPE, action__startswith="application."
    ).with_texts()
    if f.decisions_only:
        qs = qs.filter(action__in=DECISION_ACTIONS)
    if f.date_from:
        qs = qs.filter(occurred_at__gte=day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=day_end(f.date_to))
    if f.outcome:
        qs = qs.filter(to_state=f.outcome)
    if f.association:
        qs = qs.filter(association_id=f.association)
    if f.case:
        qs = qs.filter(case_ref=f.case)
    if f.kind or f.administration:
        cases = Application.objects.all()
        if f.kind:
            cases = cases.filter(kind=f.kind)
        if f.administration:
            cases = cases.filter(administration_id=f.administration)
        qs = qs.filter(case_ref__in=cases.values("reference"))
    if f.decision_maker:
        qs = qs.filter(actor_id__in=pseudonyms_of(f.decision_maker))
    return qs.order_by("-seq")


def pseudonyms_of(user_id: int) -> QuerySet[Person, Any]:
    """The pseudonyms a person acted under (a subquery): their ``Person``'s, or once their
    personal data is erased (GDPR, ``audit.services.person_erase``: the ``Person`` is unlinked
    and the account's username becomes the pseudonym), the erased ``Person`` the account's
    username names, so an erased decision maker's decisions can still be found."""
    erased = Person.objects.filter(
        erased_at__isnull=False,
        pseudonym__in=User.objects.filter(pk=user_id).values("username"),
    )
    return (Person.objects.filter(user_id=user_id) | erased).values("pseudonym")


def no_events() -> QuerySet[AuditEvent]:
    """The empty log, shown for an invalid filter rather than an unfiltered one."""
    return AuditEvent.objects.none()


@dataclass
class LogRow:
    event: AuditEvent
    actor_name: str
    application: Application | None
    criteria: list[str] = field(default_factory=list)  # the titles of the criteria it records
    # The number in its case of the decision it records (1 for the case's first), as the case's
    # documents and the decision itself name it; None when it records none. The decision's id
    # is only for the link to its page.
    decision_number: int | None = None

    @property
    def outcome(self) -> str:
        return str(self.event.changes.get("outcome", "")) if self.event.changes else ""

    @property
    def amount(self) -> Any:
        """The amount the event records: granted (decision, correction), proposed, paid or
        applied for; None when it records none (a rejection, a transition)."""
        return _recorded_amount(self.event, AMOUNT_KEYS)

    @property
    def reclaim_amount(self) -> Any:
        """What a revocation reclaims (återkrav)."""
        return _recorded_amount(self.event, ("reclaim_amount",))

    @property
    def amount_facts(self) -> list[Fact]:
        """The amounts the event records, labelled as the case page's facts label them (granted,
        proposed, paid, reclaimed, applied for): read from the event itself, no query."""
        return [fact for fact in event_facts(self.event) if fact.key in AMOUNT_FACT_KEYS]

    @property
    def payment_reference(self) -> Fact | None:
        """A payment's reference, under its own label (the event records it as its reasons
        too, which the page does not show as reasons: ``granska.is_payment_reference``)."""
        return next((f for f in event_facts(self.event) if f.key == "payment_reference"), None)

    @property
    def refused(self) -> bool:
        """A refused attempt: recorded, but nothing changed (no transition to show)."""
        return self.event.action == REFUSED

    @property
    def attempted_action(self) -> str:
        return str((self.event.changes or {}).get("attempted_action", ""))


# The keys under which an event records its amount, first found first (audit.facts names them).
AMOUNT_KEYS = ("amount_granted", "proposed_amount", "amount", "amount_applied")
AMOUNT_FACT_KEYS = frozenset({*AMOUNT_KEYS, "reclaim_amount"})


def _recorded_amount(event: AuditEvent, keys: Iterable[str]) -> Any:
    changes = event.changes if isinstance(event.changes, Mapping) else {}
    values = (recorded(changes.get(key)) for key in keys)
    return next((v for v in values if v not in (None, "") and not isinstance(v, Mapping)), None)


def log_rows(events: Iterable[AuditEvent]) -> list[LogRow]:
    """Events with their actor's name, case and criteria by title (three queries for the whole
    page, four when a booking system acted on it)."""
    events = list(events)
    names = actor_names(events)
    titles = criterion_titles()
    refs = {e.case_ref for e in events if e.case_ref}
    cases = {
        a.reference: a
        for a in Application.objects.filter(reference__in=refs).select_related(
            "association", "administration"
        )
    }
    numbers = decision_numbers(events)
    return [
        LogRow(
            e,
            actor_name(names, e),
            cases.get(e.case_ref),
            titles.of(e),
            numbers.get(recorded_decision(e) or 0),
        )
        for e in events
    ]


def decision_numbers(events: Iterable[AuditEvent]) -> dict[int, int]:
    """The number in its case (``vetting.selectors.decision_number``: in the order made) of
    each decision of the events' cases, by its id: one query for the decisions of the events'
    cases (whether or not a row records one, so that a page costs the same queries)."""
    return case_decision_numbers(e.case_ref for e in events if e.case_ref)


def decision_makers() -> QuerySet[User]:
    """Everyone the log's "Beslutsfattare" filter offers: today's decision makers, and everyone
    who has decided, corrected or revoked (each such event writes a ``Decision`` naming them;
    reconciliation checks that they agree), even if they have lost the role since. The decisions
    are read, not the trail: the table is far smaller, and the form is on every log page."""
    return (
        User.objects.filter(
            Q(groups__name=roles.DECISION_MAKER)
            | Q(pk__in=Decision.objects.values("decided_by_id"))
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# The export follows the page's language, headers and values alike (kind, event, states,
# outcome, role as the log page shows them); seq, rulebook version and hash are numbers and codes.
CSV_HEADER = [
    "seq",
    _("tidpunkt"),
    _("diarienummer"),
    _("ärendeslag"),
    _("förvaltning"),
    _("förening"),
    _("organisationsnummer"),
    _("händelse"),
    _("från status"),
    _("till status"),
    _("utfall"),
    _("aktör"),
    _("aktörens roll"),
    _("kriterier"),
    _("regelverk"),
    _("motivering"),
    "hash",
    _("nekad åtgärd"),  # last, so the columns before it keep their places
    _("belopp"),  # the amounts after it, as numbers in the page's language (4000,00)
    _("återkrävt belopp"),
    _("beslut nr"),  # the decision document the page links to (decision, correction, revocation)
]


def _csv_line(row: LogRow) -> list[str]:
    e, app = row.event, row.application
    texts = [
        e.case_ref,
        app.get_kind_display() if app else "",
        app.administration.name if app else "",
        app.association.name if app else "",
        app.association.org_number if app else "",
        event_label(e.action),
        state_label(e.from_state),
        "" if row.refused else state_label(e.to_state),  # a refused attempt changed nothing
        outcome_label(row.outcome) if row.outcome else "",
        row.actor_name,
        role_label(e.actor_role),
        _csv_criteria(row),
    ]
    return [
        str(e.seq),
        timezone.localtime(e.occurred_at).isoformat(),
        *(spreadsheet_safe(str(t)) for t in texts),
        "" if e.rulebook_version is None else str(e.rulebook_version),
        spreadsheet_safe(reasons_shown(e)),
        spreadsheet_safe(e.hash),
        # What a refused attempt tried, as the log page says it ("" for any other event).
        spreadsheet_safe(attempted_action_label(row.attempted_action)) if row.refused else "",
        spreadsheet_safe(_csv_amount(row.amount)),
        spreadsheet_safe(_csv_amount(row.reclaim_amount)),
        "" if row.decision_number is None else str(row.decision_number),
    ]


def _csv_criteria(row: LogRow) -> str:
    """The criteria an event records by code, for matching, each with its title after it."""
    codes = row.event.criteria if isinstance(row.event.criteria, list) else []
    return "; ".join(
        f"{code} ({title})" if title != code else str(code)
        for code, title in zip(codes, row.criteria, strict=False)
    )


def _csv_amount(value: Any) -> str:
    """An amount as a spreadsheet of the page's language reads a number: ``4000,00`` in Swedish,
    ``4000.00`` in English (no grouping, no "kr"); as recorded when it is not a number."""
    number = recorded_amount(value)
    if not isinstance(number, Decimal):
        return number
    return formats.number_format(number, 2, use_l10n=True, force_grouping=False)


def export_csv(f: LogFilter, user: Any, chunk: int = 2000) -> str:
    """The filtered log as CSV; the export itself is recorded in the audit trail."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([str(h) for h in CSV_HEADER])
    qs = decision_log(f)
    count = 0
    start = 0
    while True:
        events = list(qs[start : start + chunk])
        if not events:
            break
        for row in log_rows(events):
            writer.writerow(_csv_line(row))
        count += len(events)
        start += chunk
    _record_export(user, f.as_dict(), count)
    return buffer.getvalue()


def _record_export(user: Any, filters: Mapping[str, Any], rows: int) -> None:
    with transaction.atomic():
        record_event(
            actor=actor_for_user(user),
            action="audit.exported",
            object_type="decision_log",
            changes={"filters": dict(filters), "rows": rows, "format": "csv"},
        )


# Verification and checkpoints. The page shows the latest recorded run: the nightly beat task
# records one, and so does an auditor who verifies the whole chain from the page (a POST).
