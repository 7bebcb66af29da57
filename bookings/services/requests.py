"""Booking requests: the intake (exactly once per key and per external_ref), the change record
of each request and what a booking system may do with it. Requests become lokaluthyrning cases
through ``vetting.services``; a change bumps the request's change sequence and writes a webhook
message to the outbox in the same transaction (see ``bookings.webhooks``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from associations.models import Association
from associations.services import association_get_or_register, org_number_checked
from audit.models import AuditEvent
from bookings.intake_selectors import IntakeContext, intake_context
from bookings.models import (
    BookingClient,
    BookingRequest,
    IdempotencyRecord,
    Premises,
)
from bookings.selectors import HIDDEN_ACTIONS, booking_request_data, client_state
from bookings.services.clients import client_actor
from bookings.webhooks import (
    queue_after_commit,
    webhook_enqueue,
    webhook_fields,
)
from vetting import services as vetting_services
from vetting.errors import ActionNotAllowed, DomainError, InvalidInput, NoPublishedRulebook
from vetting.models import Application, Communication, Kind, State

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422

    def __init__(self) -> None:
        super().__init__(
            _("Idempotency-Key har redan använts för en annan förfrågan (en annan kropp).")
        )


class DuplicateExternalRef(DomainError):
    """The client already sent a request with this external_ref (under another key)."""

    code = "duplicate_external_ref"
    status = 409

    def __init__(self, existing: BookingRequest) -> None:
        self.existing_id = existing.pk
        self.existing_reference = existing.application.reference
        super().__init__(
            format_lazy(
                _("external_ref '{external_ref}' används redan av förfrågan {id} ({reference})."),
                external_ref=existing.external_ref,
                id=existing.pk,
                reference=self.existing_reference,
            )
        )


@dataclass
class BookingInput:
    external_ref: str
    org_number: str
    association_name: str
    premises: str
    starts_at: datetime
    ends_at: datetime
    title: str
    description: str
    expected_attendance: int
    contact_name: str
    contact_email: str


@dataclass(frozen=True)
class IntakeResult:
    status: int
    body: dict[str, Any]
    replayed: bool


def booking_request_replay(
    *, client: BookingClient, idempotency_key: str, request_hash: str
) -> IntakeResult | None:
    """The stored answer to an earlier request with this key (the same body), None for a new
    key, or IdempotencyKeyReused (another body). Also for a body that fails validation now: a
    retry of a request that succeeded gets its first answer, even once its start has passed."""
    record = IdempotencyRecord.objects.filter(client=client, key=idempotency_key).first()
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise IdempotencyKeyReused()
    body = json.loads(record.response_body)
    return IntakeResult(status=record.response_status, body=body, replayed=True)


def _check_external_ref(client: BookingClient, external_ref: str) -> None:
    existing = (
        BookingRequest.objects.filter(client=client, external_ref=external_ref)
        .select_related("application")
        .first()
    )
    if existing is not None:
        raise DuplicateExternalRef(existing)


def _unknown_premises(code: str) -> StrOrPromise:
    return format_lazy(_("Okänd lokal '{code}' för detta bokningssystem."), code=code)


def current_change_seq() -> RawSQL:
    """The sequence number of the audit event this transaction just wrote, evaluated in the
    INSERT/UPDATE itself (no extra round trip while the audit chain lock is held).

    Used after ``record_event`` in the same transaction, which holds the audit chain lock until
    commit, so the numbers grow in commit order: a client polling by cursor never misses a change
    that commits later with a smaller number.
    """
    table = AuditEvent._meta.db_table
    return RawSQL(f"(SELECT COALESCE(MAX(seq), 0) FROM {table})", [])  # noqa: S608, S611


def _case_data(
    data: BookingInput, context: IntakeContext, premises: Premises, association: Association
) -> vetting_services.NewApplication:
    return vetting_services.NewApplication(
        kind=Kind.LOKALUTHYRNING,
        association=association,
        subject=data.title[:300],  # the pages put the kind before it
        event=vetting_services.EventDetails(
            title=data.title,
            description=data.description,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            expected_attendance=data.expected_attendance,
            premises=premises,
        ),
        contact_name=data.contact_name,
        contact_email=data.contact_email,
        applicant_name=data.association_name,  # kept as sent; the number decides the party
        rulebook=context.rulebook,
    )


def _replay_if_key_used(
    client: BookingClient, context: IntakeContext, key: str, request_hash: str
) -> IntakeResult | None:
    if not context.key_used:
        return None
    return booking_request_replay(client=client, idempotency_key=key, request_hash=request_hash)


def _premises_or_refuse(context: IntakeContext, data: BookingInput) -> Premises:
    """The premises, once the times (``event_time_errors``: a booking is ahead of now, and ends
    after it starts; the API checks them with the body's other fields too) and the premises code
    are good, both named in one refusal."""
    # A reused external_ref is found by its unique constraint (in the case's transaction), not
    # by a query up front: that is rare, and the common path stays one query shorter.
    errors = vetting_services.event_time_errors(data.starts_at, data.ends_at, now=timezone.now())
    if context.premises is None:
        errors["premises"] = _unknown_premises(data.premises)
    if errors:
        raise InvalidInput(errors)
    if context.rulebook is None:
        raise NoPublishedRulebook()
    assert context.premises is not None
    return context.premises


def _valid_case(
    client: BookingClient, data: BookingInput, context: IntakeContext, org_number: str
) -> vetting_services.NewApplication:
    """The case to register; an association not known yet is registered now (see below)."""
    premises = _premises_or_refuse(context, data)
    association = context.association or Association(  # unsaved: registered below
        org_number=org_number, name=data.association_name
    )
    case = _case_data(data, context, premises, association)
    if context.association is None:
        _register_association(client, case, data.external_ref)
    return case


def _register_association(
    client: BookingClient, case: vetting_services.NewApplication, external_ref: str
) -> None:
    """A new association is registered first, in its own transaction (idempotent): its event
    would take the audit chain lock before the case's reference row, the reverse of the lock
    order every registration keeps (ADR 0005, "Lock order"), and two such transactions deadlock.
    The case is validated and its external_ref checked before, so an invalid request or one
    that reuses an external_ref registers nothing at all. (This path has extra statements
    anyway; a known association's finds a reused external_ref by its unique constraint.)"""
    errors = vetting_services.validate_new_application(case)
    if errors:
        raise InvalidInput(errors)
    _check_external_ref(client, external_ref)
    case.association = association_get_or_register(
        actor=client_actor(client), org_number=case.association.org_number,
        name=case.association.name,
    )  # fmt: skip


def _record_request(
    client: BookingClient, app: Application, br_id: int | None, external_ref: str,
    key: str, request_hash: str,
) -> dict[str, Any]:  # fmt: skip
    """Inside the case's transaction: the request, its idempotency record (with the answer) and
    its 'created' webhook message. The answer is returned."""
    now = timezone.now()
    br = BookingRequest(
        id=br_id, client=client, external_ref=external_ref, application=app,
        created_at=now, changed_at=now,
    )  # fmt: skip
    if br_id is not None:
        body = booking_request_data(br)
        _insert_intake_rows(br, body, key, request_hash)
        return body
    br.change_seq = current_change_seq()
    br.save(force_insert=True)
    body = booking_request_data(br)
    webhook_enqueue(booking_request=br, event="created", data=body)
    IdempotencyRecord.objects.create(
        client=client, key=key, request_hash=request_hash, response_status=201,
        response_body=json.dumps(body, ensure_ascii=False), booking_request=br,
    )  # fmt: skip
    return body


def _after_conflict(
    client: BookingClient, data: BookingInput, key: str, request_hash: str
) -> IntakeResult | None:
    """A concurrent request with the same key or external_ref committed first: its answer, or
    DuplicateExternalRef naming it, or None (the IntegrityError had another cause)."""
    replay = booking_request_replay(client=client, idempotency_key=key, request_hash=request_hash)
    if replay is None:
        _check_external_ref(client, data.external_ref)
    return replay


def booking_request_submit(
    *, client: BookingClient, idempotency_key: str, request_hash: str, data: BookingInput
) -> IntakeResult:
    """Register a request as a lokaluthyrning case, exactly once per key and per external_ref.

    The same key with the same body replays the first answer; the same key with another body is
    refused; a second key for an external_ref already used names the existing request.
    """
    org_number = org_number_checked(data.org_number)
    context = intake_context(
        client, key=idempotency_key, premises_code=data.premises, org_number=org_number
    )
    replay = _replay_if_key_used(client, context, idempotency_key, request_hash)
    if replay is not None:
        return replay
    case = _valid_case(client, data, context, org_number)
    try:
        with transaction.atomic():
            app = vetting_services.application_submit(actor=client_actor(client), data=case)
            body = _record_request(
                client, app, context.booking_request_id, data.external_ref,
                idempotency_key, request_hash,
            )  # fmt: skip
    except IntegrityError:
        replay = _after_conflict(client, data, idempotency_key, request_hash)
        if replay is None:
            raise
        return replay
    return IntakeResult(status=201, body=body, replayed=False)


INTAKE_ROWS_SQL = """
WITH br AS (
    INSERT INTO bookings_bookingrequest
        (id, client_id, external_ref, application_id, created_at, changed_at, change_seq)
    VALUES (%s, %s, %s, %s, %s, %s, (SELECT COALESCE(MAX(seq), 0) FROM audit_auditevent))
), ir AS (
    INSERT INTO bookings_idempotencyrecord
        (client_id, key, request_hash, response_status, response_body, booking_request_id,
         created_at)
    VALUES (%s, %s, %s, 201, %s, %s, %s)
){webhook}
SELECT {returning}
"""
WEBHOOK_SQL = """, wm AS (
    INSERT INTO bookings_webhookmessage
        (msg_id, client_id, booking_request_id, event_type, body, status, created_at,
         next_attempt_at, retry_until, attempts, last_error)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    RETURNING id
)"""


def _insert_intake_rows(br: BookingRequest, body: dict[str, Any], key: str, digest: str) -> None:
    """PostgreSQL: the request, its idempotency record and its 'created' webhook message in ONE
    statement, so the case's transaction holds the reference and audit locks for a shorter time."""
    message = webhook_fields(client=br.client, event="created", data=body)
    params: list[Any] = [
        br.pk, br.client_id, br.external_ref, br.application_id, br.created_at, br.changed_at,
        br.client_id, key, digest, json.dumps(body, ensure_ascii=False), br.pk, br.created_at,
    ]  # fmt: skip
    if message is not None:
        params += [
            message["msg_id"], message["client_id"], br.pk, message["event_type"],
            message["body"], message["status"], message["created_at"],
            message["next_attempt_at"], message["retry_until"], 0, "",
        ]  # fmt: skip
    sql = INTAKE_ROWS_SQL.format(
        webhook=WEBHOOK_SQL if message is not None else "",
        returning="(SELECT id FROM wm)" if message is not None else "NULL",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        message_id = cursor.fetchone()[0]
    br._state.adding = False
    if message_id is not None:
        queue_after_commit(br.client_id)


def record_change(br: BookingRequest, event: str) -> None:
    """Inside the transaction of a change: bump the change sequence and write the webhook."""
    br.changed_at = timezone.now()
    BookingRequest.objects.filter(pk=br.pk).update(
        changed_at=br.changed_at, change_seq=current_change_seq()
    )
    webhook_enqueue(booking_request=br, event=event, data=booking_request_data(br))


def on_state_changed(sender: Any, *, application: Application, action: str, **kwargs: Any) -> None:
    """Receiver of ``vetting.signals.state_changed``: runs inside the transaction of the change."""
    if action == "submit":
        return  # booking_request_submit records the creation itself
    if action in HIDDEN_ACTIONS:
        return  # not a change the booking system sees (bookings.selectors.client_state)
    br = (
        BookingRequest.objects.filter(application_id=application.pk)
        .select_related("client")
        .first()
    )
    if br is None:
        return
    br.application = application
    record_change(br, action)


def booking_request_program(
    *, client: BookingClient, booking_request: BookingRequest, file: UploadedFile
) -> BookingRequest:
    """The applicant's program for a case in program review (checked by the case's service:
    size, and PDF or UTF-8 text)."""
    # One transaction: the change and its webhook are recorded by on_state_changed.
    vetting_services.program_submit(
        application=booking_request.application, actor=client_actor(client), file=file
    )
    return BookingRequest.objects.select_related("application", "client").get(pk=booking_request.pk)


def booking_request_supplement(
    *, client: BookingClient, booking_request: BookingRequest, file: UploadedFile | None, text: str
) -> BookingRequest:
    """What the applicant sends for an open supplement request: kept on the case for the handler,
    who registers the supplement as received (the case then goes on) or asks again."""
    vetting_services.supplement_deliver(
        application=booking_request.application, actor=client_actor(client), file=file, text=text
    )
    return BookingRequest.objects.select_related("application").get(pk=booking_request.pk)


def booking_request_respond(
    *, client: BookingClient, booking_request: BookingRequest, response: str
) -> BookingRequest:
    """The applicant's response to a communicated proposal (kommunicering, FL 25 §) sent by its
    booking system: recorded on the case as an officer records one that came by mail, with the
    client as the actor. The same response again is a replay, not a second record."""
    app = booking_request.application
    if app.responded_at is not None:
        if _latest_response(app) == response.strip():
            return booking_request  # a retry of the response already recorded
        raise ActionNotAllowed(
            action="respond",
            state=State.COMMUNICATED,
            allowed=[],
            message=_(
                "Sökandens yttrande är redan registrerat. Ett tillägg skickas till kommunen "
                "direkt, som registrerar det."
            ),
        )
    vetting_services.application_record_response(
        application=app, actor=client_actor(client), response=response
    )
    return BookingRequest.objects.select_related("application").get(pk=booking_request.pk)


def _latest_response(app: Application) -> str:
    # Not app.communications: the client's read prefetches them without the response.
    answered = Communication.objects.filter(application=app).exclude(responded_at=None)
    latest = answered.order_by("-responded_at").first()
    return latest.response if latest is not None else ""


def booking_request_withdraw(
    *, client: BookingClient, booking_request: BookingRequest, reason: str
) -> BookingRequest:
    """Withdraw the request; withdrawing it again is a retry (nothing new is recorded)."""
    if booking_request.application.state == State.WITHDRAWN:
        return booking_request
    vetting_services.application_withdraw(
        application=booking_request.application,
        actor=client_actor(client),
        reason=reason or "Återkallad av sökanden via bokningssystemet.",
    )
    return BookingRequest.objects.select_related("application").get(pk=booking_request.pk)


def client_actions(br: BookingRequest) -> list[str]:
    """What the client may do with its request now: derived from the state machine (withdraw,
    respond) and from what is asked of the applicant in the state the client sees."""
    app = br.application
    state = client_state(app)
    allowed = []
    if state == State.PROGRAM_REVIEW:
        allowed.append("program")
    if state == State.SUPPLEMENT_REQUESTED:
        allowed.append("supplement")
    if can_proceed(app.record_response):  # one response per hearing
        allowed.append("respond")
    if can_proceed(app.withdraw):
        allowed.append("withdraw")
    return allowed


def client_action_open(br: BookingRequest, action: str) -> bool:
    """Whether the client's ``action`` is possible now, whatever its input: offered now, or a
    retry its service answers with the request (withdrawing a withdrawn request)."""
    if action == "withdraw" and br.application.state == State.WITHDRAWN:
        return True
    return action in client_actions(br)
