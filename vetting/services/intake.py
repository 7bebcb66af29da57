"""Registering a new case (diarieföring) with its reference number."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from audit.services import record_event
from bookings.models import Premises
from vetting.errors import InvalidInput, NoPublishedRulebook
from vetting.models import Administration, Application, Kind, Rulebook
from vetting.models.kinds import EVENT_KINDS, GRANT_KINDS
from vetting.services import _db_values as db_values
from vetting.services._core import ActorLike, audit_actor
from vetting.services.reference import diarium_prefix
from vetting.signals import state_changed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class EventDetails:
    title: str
    description: str
    starts_at: datetime | None  # None: not given (named as missing, with the other fields)
    ends_at: datetime | None
    expected_attendance: int
    premises: Premises | None = None


@dataclass
class NewApplication:
    kind: str
    association: Association
    subject: str
    administration: Administration | None = None
    received_on: date | None = None
    amount_applied: Decimal | None = None
    event: EventDetails | None = None
    contact_name: str = ""
    contact_email: str = ""
    # The applicant's name as the application gave it (blank: the association's, ADR 0020).
    applicant_name: str = ""
    rulebook: Rulebook | None = None  # the current rulebook, when the caller has read it already
    errors: dict[str, str] = field(default_factory=dict)


_NEXT_REFERENCE_SQL = (
    "INSERT INTO vetting_referencesequence (prefix, year, last_value) VALUES (%s, %s, 1) "
    "ON CONFLICT (prefix, year) DO UPDATE "
    "SET last_value = vetting_referencesequence.last_value + 1 RETURNING last_value"
)


def next_reference(*, year: int, prefix: str | None = None) -> str:
    """The next diarienummer of the series ``prefix`` (an administration's; default the
    setting's), e.g. KFN-2026-00042: one atomic upsert (PostgreSQL, SQLite).

    The sequence row stays locked until the caller's transaction ends, so a number is never
    handed out twice, and a rolled-back registration gives its number back.
    """
    prefix = prefix or settings.GRANSKA_REFERENCE_PREFIX
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(_NEXT_REFERENCE_SQL, [prefix, year])
        (value,) = cursor.fetchone()
    return f"{prefix}-{year}-{value:05d}"


def _create_with_reference(app: Application, *, year: int, prefix: str) -> Application:
    """Insert the new case with the next reference number of its administration's series
    (``prefix``). On PostgreSQL the number is drawn and the row inserted in ONE statement: the
    reference row stays locked until commit, so the less happens after drawing it, the sooner
    the next registration may go."""
    conn = connections[DEFAULT_DB_ALIAS]  # not the proxy: one lookup, not one per field
    if conn.vendor != "postgresql":
        app.reference = next_reference(year=year, prefix=prefix)
        app.save(force_insert=True)
        return app
    columns, sql = _insert_with_reference_sql()
    values = db_values.values(app, columns, conn)  # as the ORM's get_db_prep_save(pre_save())
    with conn.cursor() as cursor:
        cursor.execute(sql, [prefix, year, *values, f"{prefix}-{year}-"])
        app.pk, app.reference = cursor.fetchone()
    app._state.adding, app._state.db = False, conn.alias
    return app


@functools.cache
def _insert_with_reference_sql() -> tuple[tuple[db_values.Column, ...], str]:
    """The columns and the statement of ``_create_with_reference`` (PostgreSQL), built once."""
    fields = [
        f for f in Application._meta.local_concrete_fields if f.name not in ("id", "reference")
    ]
    sql = (
        f"WITH ref AS ({_NEXT_REFERENCE_SQL}) "  # noqa: S608
        f"INSERT INTO {Application._meta.db_table} "
        f"({', '.join(connection.ops.quote_name(str(f.column)) for f in fields)}, reference) "
        f"SELECT {', '.join(['%s'] * len(fields))}, "
        "%s || lpad(ref.last_value::text, greatest(5, length(ref.last_value::text)), '0') "
        "FROM ref RETURNING id, reference"
    )
    return db_values.plan(fields, connection.ops), sql


def validate_new_application(data: NewApplication) -> dict[str, StrOrPromise]:
    """Field -> reason for everything wrong with a new case (empty when it can be registered)."""
    return _validate(data)


def _validate(data: NewApplication) -> dict[str, StrOrPromise]:
    errors: dict[str, StrOrPromise] = {}
    if data.kind not in Kind.values:
        errors["kind"] = format_lazy(
            _("Okänt ärendeslag; tillåtna: {kinds}."), kinds=", ".join(Kind.values)
        )
    if not data.subject.strip():
        errors["subject"] = _("Ärendemening krävs.")
    if data.kind in GRANT_KINDS:
        if data.amount_applied is None:
            errors["amount_applied"] = _("Sökt belopp krävs för bidrag.")
        elif data.amount_applied <= 0:
            errors["amount_applied"] = _("Sökt belopp ska vara större än noll.")
    if data.kind in EVENT_KINDS:
        errors.update(_validate_event(data.event, needs_premises=data.kind == Kind.LOKALUTHYRNING))
    if data.administration is None and (data.event is None or data.event.premises is None):
        errors.setdefault("administration", _("Ange förvaltning."))
    if data.received_on is not None and data.received_on > timezone.localdate():
        errors["received_on"] = _("Inkomstdatumet kan inte vara i framtiden.")
    return errors


def event_time_errors(
    starts_at: datetime, ends_at: datetime, *, now: datetime | None = None
) -> dict[str, StrOrPromise]:
    """What is wrong with an event's times, by field (``event.starts_at``, ``event.ends_at``):
    the end must come after the start, and the event last at most ``GRANSKA_MAX_EVENT_DAYS``;
    given ``now`` (a booking request books ahead), the start must be after ``now`` and at most
    ``GRANSKA_MAX_BOOKING_AHEAD_DAYS`` ahead. Pure (no database), so the booking API's
    validation runs it with the other fields' checks and names every bad field in one answer;
    the services run it too."""
    errors: dict[str, StrOrPromise] = {}
    if now is not None:
        errors.update(_start_errors(starts_at, now))
    if ends_at <= starts_at:
        errors["event.ends_at"] = _("Sluttiden ska vara efter starttiden.")
    elif ends_at - starts_at > timedelta(days=settings.GRANSKA_MAX_EVENT_DAYS):
        errors["event.ends_at"] = format_lazy(
            _("Arrangemanget får pågå i högst {days} dagar."),
            days=settings.GRANSKA_MAX_EVENT_DAYS,
        )
    return errors


def _start_errors(starts_at: datetime, now: datetime) -> dict[str, StrOrPromise]:
    if starts_at <= now:
        return {"event.starts_at": _("Starttiden ska vara i framtiden.")}
    if starts_at - now > timedelta(days=settings.GRANSKA_MAX_BOOKING_AHEAD_DAYS):
        return {
            "event.starts_at": format_lazy(
                _("Starttiden får ligga högst {days} dagar fram i tiden."),
                days=settings.GRANSKA_MAX_BOOKING_AHEAD_DAYS,
            )
        }
    return {}


def _validate_event(event: EventDetails | None, *, needs_premises: bool) -> dict[str, StrOrPromise]:
    if event is None:
        return {"event": _("Uppgifter om arrangemanget krävs.")}
    errors: dict[str, StrOrPromise] = {}
    if not event.title.strip():
        errors["event.title"] = _("Rubrik krävs.")
    if event.starts_at is None:
        errors["event.starts_at"] = _("Ange när arrangemanget börjar.")
    if event.ends_at is None:
        errors["event.ends_at"] = _("Ange när arrangemanget slutar.")
    if event.starts_at is not None and event.ends_at is not None:
        errors.update(event_time_errors(event.starts_at, event.ends_at))
    if event.expected_attendance < 1:
        errors["event.expected_attendance"] = _("Förväntat antal deltagare ska vara minst 1.")
    if needs_premises:
        if event.premises is None:
            errors["event.premises"] = _("Lokal krävs för lokaluthyrning.")
        elif event.expected_attendance > event.premises.capacity:
            errors["event.expected_attendance"] = format_lazy(
                _("Lokalen rymmer {capacity} personer."), capacity=event.premises.capacity
            )
    return errors


def _event_fields(event: EventDetails | None) -> dict[str, Any]:
    if event is None:
        return {}
    return {
        "event_title": event.title,
        "event_description": event.description,
        "event_starts_at": event.starts_at,
        "event_ends_at": event.ends_at,
        "expected_attendance": event.expected_attendance,
        "premises": event.premises,
    }


def current_rulebook() -> Rulebook:
    """The newest published rulebook version; a draft (unpublished) version is never applied."""
    rulebook = Rulebook.objects.filter(published=True).order_by("-version").first()
    if rulebook is None:
        raise NoPublishedRulebook()
    return rulebook


def _administration_of(data: NewApplication) -> Administration:
    """The case's administration: the one given, else the premises' (the booking intake reads
    it, with its diarium prefix, in its one-query context:
    ``bookings.intake_selectors.intake_context``)."""
    if data.administration is not None:
        return data.administration
    return data.event.premises.administration  # type: ignore[union-attr]


def application_submit(*, actor: ActorLike, data: NewApplication) -> Application:
    """Register a case: validate per kind, give it the next reference number of its
    administration's diarium (``Administration.reference_prefix``), write the event."""
    errors = _validate(data)
    if errors:
        raise InvalidInput(errors)
    received = data.received_on or timezone.localdate()
    administration = _administration_of(data)
    prefix = diarium_prefix(administration)  # its own series, or the common one
    rulebook = data.rulebook or current_rulebook()  # read before the reference row is locked
    # No savepoint when nested (e.g. in the booking intake): any error rolls the caller back too.
    with transaction.atomic(savepoint=False):
        app = _create_with_reference(
            Application(
                kind=data.kind,
                association=data.association,
                administration_id=administration.pk,
                rulebook=rulebook,
                received_on=received,
                subject=data.subject.strip(),
                applicant_name=(data.applicant_name.strip() or data.association.name)[:200],
                amount_applied=data.amount_applied if data.kind in GRANT_KINDS else None,
                contact_name=data.contact_name,
                contact_email=data.contact_email,
                **_event_fields(data.event),
            ),
            year=received.year,
            prefix=prefix,
        )
        record_event(
            actor=audit_actor(actor),
            action="application.submitted",
            object_type="application",
            object_id=app.pk,
            case_ref=app.reference,
            association_id=app.association_id,
            to_state=app.state,
            rulebook_version=app.rulebook.version,
            changes={"kind": app.kind, "amount_applied": app.amount_applied},
        )
        state_changed.send(
            sender=Application,
            application=app,
            action="submit",
            from_state="",
            to_state=app.state,
        )
    return app
