"""The hot reads of the intake path (ADR 0005): plain SQL, no query compilation. The booking
system's client by its key hash, on every API call, and everything registering one booking
request needs to know, in one round trip. Instances are built with ``Model.from_db`` from the
columns read; anything else loads on access."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from associations.models import Association
from bookings.models import BookingClient, Premises
from vetting.models import Administration, Rulebook

M = TypeVar("M", bound=Model)
_CLIENT_FIELDS = (
    "id", "name", "key_hash", "previous_key_hash", "webhook_url", "webhook_secret",
    "administration_id",
)  # fmt: skip


def active_client_by_key_hash(digest: str) -> BookingClient | None:
    """The active client with this key hash, or None. Runs on every API call of a booking system,
    so it is one plain query; the instance carries the columns a request needs (others load on
    access).

    The hash may be the client's current key or, within the grace after a rotation, its previous
    one: both in the same query (an OR of two indexed columns), so a rotation adds no query to
    the intake (ADR 0005)."""
    table = BookingClient._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_CLIENT_FIELDS)} FROM {table} "  # noqa: S608
            "WHERE (key_hash = %s OR (previous_key_hash = %s AND previous_key_expires_at > %s)) "
            "AND revoked_at IS NULL",
            [digest, digest, now],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return _instance(BookingClient, {**dict(zip(_CLIENT_FIELDS, row, strict=True)),
                                     "revoked_at": None})  # fmt: skip


def _instance(model: type[M], values: dict[str, Any]) -> M:
    """A model instance from some of its columns (the others load on access). ``from_db`` takes
    the values in the model's field order."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[n] for n in names])


@dataclass(frozen=True)
class IntakeContext:
    """What registering one booking request needs to know, read in one round trip."""

    key_used: bool  # a response is stored under this Idempotency-Key (a replay, or a reuse)
    premises: Premises | None  # the premises if it exists, is active and the client may book it
    association: Association | None
    rulebook: Rulebook | None
    booking_request_id: int | None  # drawn from the sequence (PostgreSQL), else None


_PREMISES_COLUMNS = ("id", "code", "name", "capacity", "administration_id")
_INTAKE_SQL = """
SELECT i.request_hash, p.id, p.code, p.name, p.capacity, p.administration_id,
       adm.reference_prefix, a.id, a.name, r.id, r.version, {next_id}
FROM (SELECT 1 AS one) AS x
LEFT JOIN bookings_idempotencyrecord i ON i.client_id = %(client)s AND i.key = %(key)s
LEFT JOIN bookings_premises p ON p.code = %(code)s AND p.active
  AND (p.administration_id = %(administration)s OR EXISTS (
    SELECT 1 FROM bookings_bookingclient_premises cp
    WHERE cp.bookingclient_id = %(client)s AND cp.premises_id = p.id))
LEFT JOIN vetting_administration adm ON adm.id = p.administration_id
LEFT JOIN associations_association a ON a.org_number = %(org)s
LEFT JOIN (SELECT id, version FROM vetting_rulebook WHERE published ORDER BY version DESC LIMIT 1)
  AS r ON 1 = 1
"""


def _intake_sql() -> str:
    if connection.vendor != "postgresql":
        return _INTAKE_SQL.format(next_id="NULL")
    return _INTAKE_SQL.format(next_id=f"nextval('{_booking_request_sequence()}'::regclass)")


@functools.cache
def _booking_request_sequence() -> str:
    """The name of the sequence behind bookings_bookingrequest.id, looked up once per process
    (``pg_get_serial_sequence`` in the intake query would resolve it on every request)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('bookings_bookingrequest', 'id')")
        (name,) = cursor.fetchone()
    return str(name)


def _premises(columns: dict[str, Any], prefix: str) -> Premises:
    """The premises with its administration (id and diarium prefix, what the case's number
    needs) already loaded."""
    premises = _instance(Premises, columns)
    administration = {"id": columns["administration_id"], "reference_prefix": prefix}
    premises.administration = _instance(Administration, administration)
    return premises


def intake_context(
    client: BookingClient, *, key: str, premises_code: str, org_number: str
) -> IntakeContext:
    """Idempotency record, premises (with its administration's diarium prefix), association,
    current rulebook and the new request's id in ONE query (the intake is the hot path of the
    API; see bench/intake.py). The rulebook is the newest published one (as
    ``vetting.services.intake.current_rulebook``), None if none is."""
    params: dict[str, Any] = {
        "client": client.pk, "key": key, "code": premises_code, "org": org_number,
        "administration": client.administration_id,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_intake_sql(), params)
        row = cursor.fetchone()
    replay_hash, rest = row[0], row[1:]
    premises_row, rest = rest[: len(_PREMISES_COLUMNS)], rest[len(_PREMISES_COLUMNS) :]
    prefix, association_id, association_name, rulebook_id, rulebook_version, next_id = rest
    premises = dict(zip(_PREMISES_COLUMNS, premises_row, strict=True))
    association = {"id": association_id, "org_number": org_number, "name": association_name}
    return IntakeContext(
        key_used=replay_hash is not None,
        premises=_premises(premises, prefix) if premises["id"] is not None else None,
        association=_instance(Association, association) if association_id is not None else None,
        rulebook=(
            _instance(Rulebook, {"id": rulebook_id, "version": rulebook_version})
            if rulebook_id is not None
            else None
        ),
        booking_request_id=None if next_id is None else int(next_id),
    )
