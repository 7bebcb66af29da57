"""The names behind the codes and ids the events about no case record (``web.systemlog``):
people by pseudonym, accounts, booking systems, associations, administrations (by code or id),
premises and criteria (by code), each read in one query for a whole page, and only when the page
has one to name. A code nobody knows any more is shown as recorded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from associations.models import Association
from audit.context import ACTOR_CLIENT, ACTOR_PERSON
from audit.models import AuditEvent, Person
from bookings.models import BookingClient, Premises
from vetting.models import Administration, Criterion


def changes_of(event: AuditEvent) -> Mapping[str, Any]:
    """The event's changes, free texts kept outside the chain as their text or "gallrad <date>"
    (``AuditEvent.changes_shown``)."""
    return event.changes_shown if isinstance(event.changes, Mapping) else {}


def concerned_pseudonym(event: AuditEvent) -> str:
    """The person an event concerns by pseudonym: ``changes.user`` (tokens, delegations, jäv)."""
    user = changes_of(event).get("user")
    if isinstance(user, str) and user:
        return user
    return event.object_id if event.action == "person.erased" else ""


def concerned_user_id(event: AuditEvent) -> int | None:
    if event.action.startswith("refdata.user.") and event.object_id.isdigit():
        return int(event.object_id)
    return None


def concerned_client(event: AuditEvent) -> int | None:
    client = changes_of(event).get("client_id")
    if event.object_type == "booking_client" and event.object_id.isdigit():
        return int(event.object_id)
    return client if isinstance(client, int) and not isinstance(client, bool) else None


def _values(value: Any) -> list[Any]:
    """The plain values of a recorded value: a change's before and after, a list's items."""
    if isinstance(value, Mapping) and "from" in value and "to" in value:
        return [*_values(value["from"]), *_values(value["to"])]
    if isinstance(value, list | tuple):
        return [v for item in value for v in _values(item)]
    return [value]


def _ints(values: Iterable[Any]) -> set[int]:
    return {v for v in values if isinstance(v, int) and not isinstance(v, bool)}


def _strs(values: Iterable[Any]) -> set[str]:
    return {v for v in values if isinstance(v, str) and v}


# Keys whose values are codes or ids of reference data, by the kind of name they stand for.
ADMINISTRATION_CODES = ("administration", "administrations")
CODED_KEYS = {
    **dict.fromkeys(ADMINISTRATION_CODES, "administration_code"),
    "administration_id": "administration_id",
    "premises": "premises",
    "criteria": "criterion",
}


@dataclass
class Names:
    by_pseudonym: dict[str, str] = field(default_factory=dict)
    by_user: dict[int, str] = field(default_factory=dict)
    clients: dict[int, str] = field(default_factory=dict)
    associations: dict[int, str] = field(default_factory=dict)
    administrations: dict[str, str] = field(default_factory=dict)  # by code
    administration_ids: dict[int, str] = field(default_factory=dict)
    premises: dict[str, str] = field(default_factory=dict)  # by code
    criteria: dict[str, str] = field(default_factory=dict)  # by code: the latest title

    def coded(self, kind: str, value: Any) -> Any:
        """The name of a code or id of ``kind`` (``CODED_KEYS``); the value itself when none."""
        tables: dict[str, Mapping[Any, str]] = {
            "administration_code": self.administrations,
            "administration_id": self.administration_ids,
            "premises": self.premises,
            "criterion": self.criteria,
        }
        table = tables.get(kind, {})
        if isinstance(value, bool) or not isinstance(value, str | int):
            return value
        return table.get(value) or value


@dataclass
class _Wanted:
    pseudonyms: set[str] = field(default_factory=set)
    users: set[int] = field(default_factory=set)
    clients: set[int] = field(default_factory=set)
    associations: set[int] = field(default_factory=set)
    administrations: set[str] = field(default_factory=set)
    administration_ids: set[int] = field(default_factory=set)
    premises: set[str] = field(default_factory=set)
    criteria: set[str] = field(default_factory=set)


def _filter_ids(event: AuditEvent, name: str) -> set[int]:
    filters = changes_of(event).get("filters")
    value = filters.get(name) if isinstance(filters, Mapping) else None
    return _ints([value])


def _wanted(events: list[AuditEvent]) -> _Wanted:
    w = _Wanted()
    for e in events:
        changes = changes_of(e)
        if e.actor_type == ACTOR_PERSON:
            w.pseudonyms.add(e.actor_id)
        if e.actor_type == ACTOR_CLIENT and e.actor_id.isdigit():
            w.clients.add(int(e.actor_id))
        if p := concerned_pseudonym(e):
            w.pseudonyms.add(p)
        if (u := concerned_user_id(e)) is not None:
            w.users.add(u)
        if (c := concerned_client(e)) is not None:
            w.clients.add(c)
        if e.association_id is not None:
            w.associations.add(e.association_id)
        w.administrations |= _strs(v for k in ADMINISTRATION_CODES for v in _values(changes.get(k)))
        w.administration_ids |= _ints(_values(changes.get("administration_id")))
        w.premises |= _strs(_values(changes.get("premises")))
        w.criteria |= _strs(_values(changes.get("criteria")))
        w.users |= _filter_ids(e, "decision_maker")
        w.associations |= _filter_ids(e, "association")
        w.administration_ids |= _filter_ids(e, "administration")
    return w


def names_for(events: list[AuditEvent]) -> Names:
    """The names a page of events shows: one query for each kind of name the page has."""
    w, names = _wanted(events), Names()
    if w.pseudonyms:
        rows = Person.objects.filter(pseudonym__in=w.pseudonyms).values_list(
            "pseudonym", "display_name", "erased_at"
        )
        names.by_pseudonym = {p: ("" if erased else name) for p, name, erased in rows}
    if w.users:  # an account that has not acted yet has no Person: its name is on the account
        accounts = User.objects.filter(pk__in=w.users).values_list("pk", "first_name", "last_name")
        names.by_user = {pk: f"{first} {last}".strip() for pk, first, last in accounts}
    if w.clients:
        clients = BookingClient.objects.filter(pk__in=w.clients).values_list("pk", "name")
        names.clients = dict(clients)
    if w.associations:
        found = Association.objects.filter(pk__in=w.associations).values_list("pk", "name")
        names.associations = dict(found)
    if w.administrations or w.administration_ids:
        rows_a = Administration.objects.filter(
            code__in=w.administrations
        ) | Administration.objects.filter(pk__in=w.administration_ids)
        for pk, code, name in rows_a.values_list("pk", "code", "name"):
            names.administrations[code], names.administration_ids[pk] = name, name
    if w.premises:
        found_p = Premises.objects.filter(code__in=w.premises).values_list("code", "name")
        names.premises = dict(found_p)
    if w.criteria:
        found_c = Criterion.objects.filter(code__in=w.criteria).order_by("rulebook__version")
        names.criteria = dict(found_c.values_list("code", "title"))  # the latest version's
    return names
