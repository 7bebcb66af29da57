"""The auditors' list of the events that are not about a case: role and account changes,
delegations, booking systems, API tokens, exports, erasures, webhook redeliveries, chain
verifications, other reference data. Filtered by kind and period; its CSV export is recorded.

Each row names who acted, when, what in words, whom or what it concerned, and the facts the
event recorded that may be shown (``web.systemlabels``). A page takes a fixed number of queries
however many rows it has: the events, the people (actors and those concerned) in one, and the
booking systems in one more when the page has any.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.context import ACTOR_CLIENT, ACTOR_PERSON, ACTOR_SYSTEM, actor_for_user
from audit.export import spreadsheet_safe
from audit.facts import Fact, recorded
from audit.labels import actor_type_label
from audit.models import AuditEvent, Person
from audit.selectors import day_end, day_start
from audit.services import record_event
from bookings.models import BookingClient
from web.auditchain import recorded_summary
from web.systemlabels import HIDDEN, SHOWN, SYSTEM_KINDS, kind_label, what_label
from web.templatetags.granska import role_label

CASE_PREFIX = "application."


@dataclass
class SystemFilter:
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""  # a key of SYSTEM_KINDS, "" for all

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}


def _kind_q(kind: str) -> Q:
    """The actions of ``kind``: its prefixes, less those of the kinds before it."""
    q, earlier = Q(), Q()
    for code, (_label, prefixes) in SYSTEM_KINDS.items():
        mine = Q()
        for prefix in prefixes:
            mine |= Q(action__startswith=prefix)
        if code == kind:
            q = mine & ~earlier if earlier else mine
            break
        earlier |= mine
    return q


def system_events(f: SystemFilter) -> QuerySet[AuditEvent]:
    """The events about no case that match the filter, newest first."""
    qs = AuditEvent.objects.filter(case_ref="").exclude(action__startswith=CASE_PREFIX)
    if f.kind in SYSTEM_KINDS:
        qs = qs.filter(_kind_q(f.kind))
    if f.date_from:
        qs = qs.filter(occurred_at__gte=day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=day_end(f.date_to))
    return qs.order_by("-seq")


@dataclass
class SystemRow:
    event: AuditEvent
    actor_name: str
    concerns: str  # the person, booking system or association the event is about ("" for none)
    facts: list[Fact] = field(default_factory=list)
    other_keys: list[str] = field(default_factory=list)  # recorded, named but not shown
    summary: str = ""  # a verification's result, in the active language

    @property
    def kind(self) -> str:
        return kind_label(self.event.action)

    @property
    def what(self) -> str:
        return what_label(self.event.action, self.event.object_type)

    @property
    def is_verification(self) -> bool:
        return self.event.action == "audit.verified"


def _changes(event: AuditEvent) -> Mapping[str, Any]:
    return event.changes if isinstance(event.changes, Mapping) else {}


def _show(value: Any, read: Any) -> str:
    """A value as read; a change ``{"from": …, "to": …}`` as "before → after"."""
    if isinstance(value, Mapping) and "from" in value and "to" in value:
        return f"{read(value['from'])} → {read(value['to'])}"
    return str(read(value))


def row_facts(event: AuditEvent) -> tuple[list[Fact], list[str]]:
    """The facts shown of an event's changes, and the other keys it recorded (by name)."""
    changes = _changes(event)
    facts = [
        Fact(str(label), _show(changes[key], read), key=key, recorded=recorded(changes[key]))
        for key, (label, read) in SHOWN.items()
        if key in changes and changes[key] not in (None, "", [])
    ]
    others = sorted(k for k in changes if k not in SHOWN and k not in HIDDEN)
    return facts, others


# Who or what an event concerns: a person by pseudonym in ``changes.user`` (tokens, delegations),
# an account by its id (refdata.user.*), a booking system by id, an association by name.
def _concerned_pseudonym(event: AuditEvent) -> str:
    user = _changes(event).get("user")
    if isinstance(user, str) and user:
        return user
    return event.object_id if event.action == "person.erased" else ""


def _concerned_user_id(event: AuditEvent) -> int | None:
    if event.action.startswith("refdata.user.") and event.object_id.isdigit():
        return int(event.object_id)
    return None


def _concerned_client(event: AuditEvent) -> int | None:
    client = _changes(event).get("client_id")
    if event.object_type == "booking_client" and event.object_id.isdigit():
        return int(event.object_id)
    return client if isinstance(client, int) and not isinstance(client, bool) else None


@dataclass
class _Names:
    by_pseudonym: dict[str, str]
    by_user: dict[int, str]
    clients: dict[int, str]


def _names(events: list[AuditEvent]) -> _Names:
    """The names the page shows, in one query for people and one for booking systems."""
    pseudonyms = {e.actor_id for e in events if e.actor_type == ACTOR_PERSON}
    pseudonyms |= {p for e in events if (p := _concerned_pseudonym(e))}
    user_ids = {u for e in events if (u := _concerned_user_id(e)) is not None}
    names = _Names({}, {}, {})
    if pseudonyms:
        people = Person.objects.filter(pseudonym__in=pseudonyms)
        rows = people.values_list("pseudonym", "display_name", "erased_at")
        names.by_pseudonym = {p: ("" if erased else name) for p, name, erased in rows}
    if user_ids:  # an account that has not acted yet has no Person: its name is on the account
        accounts = User.objects.filter(pk__in=user_ids).values_list("pk", "first_name", "last_name")
        names.by_user = {pk: f"{first} {last}".strip() for pk, first, last in accounts}
    client_ids = {c for e in events if (c := _concerned_client(e)) is not None}
    client_ids |= {int(e.actor_id) for e in events if e.actor_type == ACTOR_CLIENT
                   and e.actor_id.isdigit()}  # fmt: skip
    if client_ids:
        clients = BookingClient.objects.filter(pk__in=client_ids).values_list("pk", "name")
        names.clients = dict(clients)
    return names


def _actor(names: _Names, event: AuditEvent) -> str:
    if event.actor_type == ACTOR_SYSTEM:
        return actor_type_label(ACTOR_SYSTEM)
    if event.actor_type == ACTOR_CLIENT and event.actor_id.isdigit():
        return names.clients.get(int(event.actor_id)) or event.actor_id
    return names.by_pseudonym.get(event.actor_id) or event.actor_id


def _concerns(names: _Names, event: AuditEvent) -> str:
    """Whom or what the event is about, by name (a pseudonym or an id when there is none)."""
    if (pseudonym := _concerned_pseudonym(event)) and event.action != "person.erased":
        return names.by_pseudonym.get(pseudonym) or pseudonym
    if event.action == "person.erased":
        return pseudonym  # the name is erased: the pseudonym is all that is left
    if (user_id := _concerned_user_id(event)) is not None:
        found = names.by_user.get(user_id)
        return found or str(_("konto %(id)s") % {"id": user_id})
    if (client := _concerned_client(event)) is not None:
        return names.clients.get(client) or str(_changes(event).get("name") or client)
    return ""


def system_rows(events: Iterable[AuditEvent]) -> list[SystemRow]:
    events = list(events)
    names = _names(events)
    rows = []
    for e in events:
        facts, others = row_facts(e)
        summary = recorded_summary(e) if e.action == "audit.verified" else ""
        rows.append(SystemRow(e, _actor(names, e), _concerns(names, e), facts, others, summary))
    return rows


CSV_HEADER = [
    "seq",
    _("tidpunkt"),
    _("slag"),
    _("händelse"),
    "action",
    _("aktör"),
    _("aktörens roll"),
    _("gäller"),
    _("uppgifter"),
    "hash",
]


def _csv_line(row: SystemRow) -> list[str]:
    e = row.event
    parts = [f"{fact.label}: {fact.value}" for fact in row.facts]
    facts = "; ".join([*parts, row.summary] if row.summary else parts)
    texts = [row.kind, row.what, e.action, row.actor_name, role_label(e.actor_role), row.concerns]
    return [
        str(e.seq),
        timezone.localtime(e.occurred_at).isoformat(),
        *(spreadsheet_safe(str(t)) for t in texts),
        spreadsheet_safe(facts),
        spreadsheet_safe(e.hash),
    ]


def export_csv(f: SystemFilter, user: Any, chunk: int = 2000) -> str:
    """The filtered list as CSV; the export itself is recorded in the audit trail (and so is
    one of the events it lists from then on)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in CSV_HEADER])
    qs = system_events(f)
    count, start = 0, 0
    while events := list(qs[start : start + chunk]):
        writer.writerows(_csv_line(row) for row in system_rows(events))
        count += len(events)
        start += chunk
    with transaction.atomic():
        record_event(
            actor=actor_for_user(user),
            action="audit.exported",
            object_type="system_log",
            changes={"filters": f.as_dict(), "rows": count, "format": "csv"},
        )
    return buffer.getvalue()
