"""Booking systems: their credentials, their requests, and the change record of each request.

Every function owns its transaction. Requests become lokaluthyrning cases through
``vetting.services``; a change of a request bumps its change sequence and writes a webhook
message to the outbox in the same transaction (see ``bookings.webhooks``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from associations.services import association_get_or_register, org_number_checked
from audit.context import Actor, actor_for_client
from audit.models import AuditEvent
from audit.services import chain_lock, record_event
from bookings import keys
from bookings.models import (
    BookingClient,
    BookingRequest,
    IdempotencyRecord,
    Premises,
    WebhookMessage,
)
from bookings.selectors import (
    HIDDEN_ACTIONS,
    IntakeContext,
    active_client_by_key_hash,
    booking_request_data,
    intake_context,
)
from bookings.webhook_transport import check_webhook_url, url_for_the_record
from bookings.webhooks import (
    REVOKED_ERROR,
    queue_after_commit,
    webhook_enqueue,
    webhook_fields,
)
from vetting import services as vetting_services
from vetting.errors import DomainError, InvalidInput, NoPublishedRulebook
from vetting.models import Application, Kind, State
from vetting.services._core import ActorLike, audit_actor


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422


class DuplicateExternalRef(DomainError):
    """The client already sent a request with this external_ref (under another key)."""

    code = "duplicate_external_ref"
    status = 409

    def __init__(self, existing: BookingRequest) -> None:
        self.existing_id = existing.pk
        self.existing_reference = existing.application.reference
        super().__init__(
            f"external_ref '{existing.external_ref}' används redan av förfrågan "
            f"{existing.pk} ({self.existing_reference}). / external_ref is already used by "
            f"request {existing.pk}."
        )


@dataclass(frozen=True)
class Credentials:
    client: BookingClient
    api_key: str
    webhook_secret: str


def client_actor(client: BookingClient) -> Actor:
    return actor_for_client(str(client.pk), client.name)


def _client_event(actor: ActorLike, action: str, client: BookingClient, **changes: Any) -> None:
    record_event(
        actor=audit_actor(actor),
        action=f"booking_client.{action}",
        object_type="booking_client",
        object_id=client.pk,
        changes={"name": client.name, **changes},
    )


def client_create(
    *,
    actor: ActorLike,
    name: str,
    webhook_url: str = "",
    premises: Iterable[Premises] = (),
    administration_id: int | None = None,
) -> Credentials:
    """Register a booking system. The key is returned once; only its hash is kept."""
    if not name.strip():
        raise InvalidInput({"name": _("Namn krävs.")})
    if BookingClient.objects.filter(name=name.strip()).exists():
        raise InvalidInput({"name": _("Det finns redan ett bokningssystem med det namnet.")})
    check_webhook_url(webhook_url)
    api_key, secret = keys.new_key(keys.CLIENT_KEY_PREFIX), keys.new_webhook_secret()
    with transaction.atomic():
        client = BookingClient.objects.create(
            name=name.strip(),
            key_hash=keys.key_hash(api_key),
            key_prefix=keys.display_prefix(api_key),
            webhook_url=webhook_url,
            webhook_secret=secret,
            administration_id=administration_id,
        )
        client.premises.set(list(premises))
        _client_event(
            actor,
            "created",
            client,
            webhook_url=url_for_the_record(webhook_url),
            premises=sorted(p.code for p in client.premises.all()),
            administration_id=administration_id,
        )
    return Credentials(client=client, api_key=api_key, webhook_secret=secret)


@dataclass(frozen=True)
class ClientSettings:
    """What an administrator may change on a booking system (not its key or secret)."""

    name: str
    webhook_url: str
    administration_id: int | None
    premises: frozenset[int]


def _client_settings(client: BookingClient) -> ClientSettings:
    return ClientSettings(
        name=client.name,
        webhook_url=client.webhook_url,
        administration_id=client.administration_id,
        premises=frozenset(client.premises.values_list("pk", flat=True)),
    )


def client_update(
    *, actor: ActorLike, client: BookingClient, values: ClientSettings
) -> BookingClient:
    """Change a booking system's name, webhook address, administration or premises, with an
    audit event naming each change (old and new): where a case's data is sent is on record."""
    name = values.name.strip()
    if not name:
        raise InvalidInput({"name": _("Namn krävs.")})
    if BookingClient.objects.filter(name=name).exclude(pk=client.pk).exists():
        raise InvalidInput({"name": _("Det finns redan ett bokningssystem med det namnet.")})
    if values.webhook_url != client.webhook_url:
        check_webhook_url(values.webhook_url)
    with transaction.atomic():
        chain_lock()  # before the client row: the lock order of every writer (ADR 0005)
        client = BookingClient.objects.select_for_update().get(pk=client.pk)
        before, after = _client_settings(client), replace(values, name=name)
        changes = _settings_changes(before, after)
        if changes:
            client.name, client.webhook_url = after.name, after.webhook_url
            client.administration_id = after.administration_id
            client.save(update_fields=["name", "webhook_url", "administration"])
            client.premises.set(sorted(after.premises))
            _client_event(actor, "changed", client, **changes)
    return client


def _settings_changes(before: ClientSettings, after: ClientSettings) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in ("name", "webhook_url", "administration_id"):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            changes[field] = {"from": old, "to": new}
    if "webhook_url" in changes:  # a changed credential in it shows as a change, nothing more
        changes["webhook_url"] = {
            k: url_for_the_record(v) for k, v in changes["webhook_url"].items()
        }
    if before.premises != after.premises:
        codes = dict(Premises.objects.values_list("pk", "code"))
        changes["premises"] = {
            "from": sorted(codes[pk] for pk in before.premises),
            "to": sorted(codes[pk] for pk in after.premises),
        }
    return changes


def client_rotate_key(*, actor: ActorLike, client: BookingClient) -> str:
    """A new API key; the old one stops working at once."""
    api_key = keys.new_key(keys.CLIENT_KEY_PREFIX)
    with transaction.atomic():
        chain_lock()
        client.key_hash = keys.key_hash(api_key)
        client.key_prefix = keys.display_prefix(api_key)
        client.key_rotated_at = timezone.now()
        client.save(update_fields=["key_hash", "key_prefix", "key_rotated_at"])
        _client_event(actor, "key_rotated", client, key_prefix=client.key_prefix)
    return api_key


def client_rotate_webhook_secret(*, actor: ActorLike, client: BookingClient) -> str:
    secret = keys.new_webhook_secret()
    with transaction.atomic():
        chain_lock()
        client.webhook_secret = secret
        client.save(update_fields=["webhook_secret"])
        _client_event(actor, "webhook_secret_rotated", client)
    return secret


def client_revoke(*, actor: ActorLike, client: BookingClient) -> BookingClient:
    """Revoke the client's access: its key stops working and no more webhooks are sent.

    Once: a client revoked already (by another administrator a moment ago, or a double post)
    keeps its first revocation time, and no second event is written."""
    with transaction.atomic():
        chain_lock()
        now = timezone.now()
        active = BookingClient.objects.filter(pk=client.pk, revoked_at__isnull=True)
        if active.update(revoked_at=now):
            pending = WebhookMessage.objects.filter(
                client=client, status=WebhookMessage.Status.PENDING
            )
            undelivered = pending.update(
                status=WebhookMessage.Status.FAILED, last_error=REVOKED_ERROR
            )
            _client_event(actor, "revoked", client, undelivered_webhooks=undelivered)
        client.refresh_from_db(fields=["revoked_at"])
    return client


def client_for_key(api_key: str) -> BookingClient | None:
    """The active client owning this key, or None. The hash is compared in constant time."""
    digest = keys.key_hash(api_key)
    client = active_client_by_key_hash(digest)
    if client is None or not keys.key_matches(api_key, client.key_hash):
        return None
    return client


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
        raise IdempotencyKeyReused(
            "Idempotency-Key har redan använts för en annan förfrågan. / The Idempotency-Key "
            "was already used with a different request body.",
        )
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


def _unknown_premises(code: str) -> InvalidInput:
    return InvalidInput(
        {"premises": f"Okänd lokal '{code}' för detta bokningssystem. / Unknown premises."}
    )


def current_change_seq() -> RawSQL:
    """The sequence number of the audit event this transaction just wrote, evaluated in the
    INSERT/UPDATE itself (no extra round trip while the audit chain lock is held).

    Used after ``record_event`` in the same transaction, which holds the audit chain lock until
    commit, so the numbers grow in commit order: a client polling by cursor never misses a change
    that commits later with a smaller number.
    """
    table = AuditEvent._meta.db_table
    return RawSQL(f"(SELECT COALESCE(MAX(seq), 0) FROM {table})", [])  # noqa: S608, S611


def _submit_case(
    client: BookingClient,
    data: BookingInput,
    context: IntakeContext,
    premises: Premises,
    association: Association,
) -> Application:
    return vetting_services.application_submit(
        actor=client_actor(client),
        data=vetting_services.NewApplication(
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
            rulebook=context.rulebook,
        ),
    )


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
    if context.key_used:
        replay = booking_request_replay(
            client=client, idempotency_key=idempotency_key, request_hash=request_hash
        )
        if replay is not None:
            return replay
    # A reused external_ref is found by its unique constraint (below), not by a query up front:
    # that is rare, and the common path stays one query shorter.
    if context.premises is None:
        raise _unknown_premises(data.premises)
    if context.rulebook is None:
        raise NoPublishedRulebook()
    premises, br_id = context.premises, context.booking_request_id
    # A new association is registered first, in its own transaction (idempotent): its event
    # would take the audit chain lock before the case's reference row, the reverse of the lock
    # order every registration keeps (ADR 0005, "Lock order"), and two such transactions deadlock.
    association = context.association or association_get_or_register(
        actor=client_actor(client), org_number=org_number, name=data.association_name
    )
    try:
        with transaction.atomic():
            app = _submit_case(client, data, context, premises, association)
            now = timezone.now()
            br = BookingRequest(
                id=br_id,
                client=client,
                external_ref=data.external_ref,
                application=app,
                created_at=now,
                changed_at=now,
            )
            if br_id is None:
                br.change_seq = current_change_seq()
                br.save(force_insert=True)
            body = booking_request_data(br)
            if br_id is not None:
                _insert_intake_rows(br, body, idempotency_key, request_hash)
            else:
                webhook_enqueue(booking_request=br, event="created", data=body)
                IdempotencyRecord.objects.create(
                    client=client,
                    key=idempotency_key,
                    request_hash=request_hash,
                    response_status=201,
                    response_body=json.dumps(body, ensure_ascii=False),
                    booking_request=br,
                )
    except IntegrityError:
        # A concurrent request with the same key or external_ref committed first.
        replay = booking_request_replay(
            client=client, idempotency_key=idempotency_key, request_hash=request_hash
        )
        if replay is not None:
            return replay
        _check_external_ref(client, data.external_ref)
        raise
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


def booking_request_withdraw(
    *, client: BookingClient, booking_request: BookingRequest, reason: str
) -> BookingRequest:
    vetting_services.application_withdraw(
        application=booking_request.application,
        actor=client_actor(client),
        reason=reason or "Återkallad av sökanden via bokningssystemet.",
    )
    return BookingRequest.objects.select_related("application").get(pk=booking_request.pk)


def client_actions(br: BookingRequest) -> list[str]:
    """What the client may do with its request now."""
    app = br.application
    allowed = []
    if app.state == State.PROGRAM_REVIEW:
        allowed.append("program")
    if app.state in (
        State.SUBMITTED,
        State.IN_REVIEW,
        State.SUPPLEMENT_REQUESTED,
        State.PROGRAM_REVIEW,
        State.ESCALATED,
        State.PROPOSED,
        State.COMMUNICATED,
    ):
        allowed.append("withdraw")
    return allowed
