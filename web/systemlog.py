"""The auditors' list of the events that are not about a case: role and account changes,
delegations, booking systems, API tokens, exports, erasures, webhook redeliveries, chain
verifications, other reference data. Filtered by kind and period; its CSV export is recorded.

Each row names who acted, when, what in words, whom or what it concerned, and the facts the
event recorded that may be shown (``web.systemlabels``), codes and field names in words. A page
takes a fixed number of queries however many rows it has: the events, then one for each kind of
name the page shows (people, accounts, booking systems, associations, administrations, premises,
criteria: ``web.systemnames``), when it has any.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.context import ACTOR_CLIENT, ACTOR_SYSTEM, actor_for_user
from audit.export import spreadsheet_safe
from audit.facts import Fact, recorded
from audit.labels import actor_type_label
from audit.models import AuditEvent
from audit.selectors import day_end, day_start
from audit.services import record_event
from vetting.models import Kind
from web.auditchain import recorded_summary
from web.csvformat import csv_writer
from web.forms.filters import LogFilterForm, SystemLogFilterForm
from web.systemlabels import (
    FIELD_NAME_KEYS,
    HIDDEN,
    SHOWN,
    SYSTEM_KINDS,
    field_label,
    kind_label,
    what_label,
)
from web.systemnames import (
    CODED_KEYS,
    Names,
    changes_of,
    concerned_client,
    concerned_pseudonym,
    concerned_user_id,
    names_for,
)
from web.templatetags.granska import role_label, state_label

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
    qs = AuditEvent.objects.filter(case_ref="").exclude(action__startswith=CASE_PREFIX).with_texts()
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
        return what_label(self.event.action, self.event.object_type, self.event.changes)

    @property
    def is_verification(self) -> bool:
        return self.event.action == "audit.verified"


def _show(value: Any, read: Any) -> str:
    """A value as read; a change ``{"from": …, "to": …}`` as "before → after" ("–" for none)."""
    if isinstance(value, Mapping) and "from" in value and "to" in value:
        return f"{_or_none(value['from'], read)} → {_or_none(value['to'], read)}"
    return str(read(value))


def _or_none(value: Any, read: Any) -> str:
    return "–" if value in (None, "", []) else (str(read(value)) or "–")


def _named(value: Any, name: Callable[[Any], Any]) -> Any:
    """A recorded value with each code or id in it replaced by what ``name`` calls it."""
    if isinstance(value, Mapping) and "from" in value and "to" in value:
        return {"from": _named(value["from"], name), "to": _named(value["to"], name)}
    if isinstance(value, list | tuple):
        return [name(v) for v in value]
    return name(value)


def filters_text(event: AuditEvent, value: Any, names: Names) -> str:
    """An export's filter in words: each field by its label, each code or id by its name."""
    if not isinstance(value, Mapping):
        return str(value)
    form = SystemLogFilterForm if event.object_type == "system_log" else LogFilterForm
    order = list(form.base_fields)  # the form's order: a jsonb column keeps no key order
    keys = sorted(value, key=lambda k: (order.index(k) if k in order else len(order), k))
    parts = []
    for key, v in ((k, value[k]) for k in keys):
        if v in (None, "", False):
            continue
        field = form.base_fields.get(key)
        label = str(field.label) if field is not None and field.label else key
        parts.append(f"{label}: {_filter_value(event, key, v, names)}")
    return ", ".join(parts) or "–"


def _filter_value(event: AuditEvent, key: str, value: Any, names: Names) -> str:
    if value is True:
        return str(_("ja"))
    if key == "kind":
        kinds = {k: label for k, (label, _p) in SYSTEM_KINDS.items()}
        if event.object_type != "system_log":
            kinds = dict(Kind.choices)
        return str(kinds.get(value, value))
    if key == "outcome":
        return state_label(value)
    found = {
        "decision_maker": names.by_user,
        "association": names.associations,
        "administration": names.administration_ids,
    }.get(key, {})
    return str(found.get(value) or value) if isinstance(value, int) else str(value)


def row_facts(event: AuditEvent, names: Names | None = None) -> tuple[list[Fact], list[str]]:
    """The facts shown of an event's changes (codes and field names in words), and the other
    keys it recorded (by what they are called)."""
    names = names or Names()
    changes = changes_of(event)
    facts = []
    for key, (label, read) in SHOWN.items():
        value = changes.get(key)
        if value in (None, "", []):
            continue
        if key == "filters":
            text = filters_text(event, value, names)
        elif key in CODED_KEYS:
            text = _show(_named(value, functools.partial(names.coded, CODED_KEYS[key])), read)
        elif key in FIELD_NAME_KEYS:
            text = _show(_named(value, functools.partial(field_label, event.object_type)), read)
        else:
            text = _show(value, read)
        facts.append(Fact(str(label), text, key=key, recorded=recorded(value)))
    others = sorted(
        field_label(event.object_type, k)
        for k, v in changes.items()
        if k not in SHOWN and k not in HIDDEN and not _empty(v)
    )
    return facts, others


def _empty(value: Any) -> bool:
    """A recorded value that says nothing (an empty note, no end date): not named as also
    recorded, as an empty shown value is not shown."""
    return value is None or (isinstance(value, str | list | tuple | dict) and not value)


def _actor(names: Names, event: AuditEvent) -> str:
    if event.actor_type == ACTOR_SYSTEM:
        return actor_type_label(ACTOR_SYSTEM)
    if event.actor_type == ACTOR_CLIENT and event.actor_id.isdigit():
        return names.clients.get(int(event.actor_id)) or event.actor_id
    return names.by_pseudonym.get(event.actor_id) or event.actor_id


def _concerns(names: Names, event: AuditEvent) -> str:
    """Whom or what the event is about, by name (a pseudonym or an id when there is none): the
    person (and for a jäv, the association it is towards), the account, the booking system, or
    the association."""
    pseudonym = concerned_pseudonym(event)
    if event.action == "person.erased":
        return pseudonym  # the name is erased: the pseudonym is all that is left
    association = _association(names, event)
    if pseudonym:
        person = names.by_pseudonym.get(pseudonym) or pseudonym
        return f"{person} – {association}" if association else person
    if (user_id := concerned_user_id(event)) is not None:
        found = names.by_user.get(user_id)
        return found or str(_("konto %(id)s") % {"id": user_id})
    if (client := concerned_client(event)) is not None:
        return names.clients.get(client) or str(changes_of(event).get("name") or client)
    return association


def _association(names: Names, event: AuditEvent) -> str:
    if event.association_id is None:
        return ""
    found = names.associations.get(event.association_id)
    return found or str(_("förening %(id)s") % {"id": event.association_id})


def system_rows(events: Iterable[AuditEvent]) -> list[SystemRow]:
    events = list(events)
    names = names_for(events)
    rows = []
    for e in events:
        facts, others = row_facts(e, names)
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
    writer = csv_writer(buffer)
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
