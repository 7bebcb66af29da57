"""Booking systems' credentials: creating a client, its settings, key and secret rotation (with
a grace period for the previous ones), revocation, and finding the client of an API key. Each
function owns its transaction and takes the audit chain lock before the client row (the lock
order of ADR 0005)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.context import Actor, actor_for_client
from audit.services import chain_lock, record_event
from bookings import keys
from bookings.intake_selectors import active_client_by_key_hash
from bookings.models import (
    BookingClient,
    Premises,
    WebhookMessage,
)
from bookings.webhook_transport import check_webhook_url, url_for_the_record
from bookings.webhooks import (
    REVOKED_ERROR,
)
from vetting.errors import GuardFailed, InvalidInput
from vetting.services._core import ActorLike, audit_actor


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


# The columns a rotation changes; the caller's instance is brought up to date with them.
_PREVIOUS_KEY_FIELDS = ("previous_key_hash", "previous_key_prefix", "previous_key_expires_at")
_KEY_FIELDS = ("key_hash", "key_prefix", "key_rotated_at", *_PREVIOUS_KEY_FIELDS)
_PREVIOUS_SECRET_FIELDS = ("previous_webhook_secret", "previous_webhook_secret_expires_at")
_SECRET_FIELDS = (
    "webhook_secret", "webhook_secret_rotated_at",
    "previous_webhook_secret", "previous_webhook_secret_expires_at",
)  # fmt: skip


def _locked(client: BookingClient) -> BookingClient:
    """The client's row, locked, after the chain lock (the lock order of ADR 0005)."""
    chain_lock()
    return BookingClient.objects.select_for_update().get(pk=client.pk)


REVOKED_CLIENT = _(
    "Bokningssystemet är spärrat: dess nycklar och hemligheter används inte längre och byts inte."
)


def _refuse_revoked(locked: BookingClient) -> None:
    """A revoked client's key would never work and its secret never sign: a new one is refused
    rather than shown once to be passed on."""
    if locked.revoked_at is not None:
        raise GuardFailed(REVOKED_CLIENT, code="client_revoked")


def _refresh(client: BookingClient, locked: BookingClient, fields: Iterable[str]) -> None:
    for field in fields:
        setattr(client, field, getattr(locked, field))


def _grace_end(now: datetime, hours: int) -> datetime | None:
    return now + timedelta(hours=hours) if hours > 0 else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def client_rotate_key(
    *, actor: ActorLike, client: BookingClient, revoke_previous: bool = False
) -> str:
    """A new API key, returned once (only its hash is kept). The previous key keeps working for
    ``GRANSKA_KEY_ROTATION_GRACE_HOURS``, so the booking system can deploy the new one without
    an outage, unless ``revoke_previous`` (a key that leaked): then it stops at once. One previous
    key is kept: a second rotation within the grace ends the first key. The event records the
    prefixes and the grace, never a key or hash. ``client`` is updated."""
    api_key = keys.new_key(keys.CLIENT_KEY_PREFIX)
    hours = 0 if revoke_previous else settings.GRANSKA_KEY_ROTATION_GRACE_HOURS
    with transaction.atomic():
        locked = _locked(client)
        _refuse_revoked(locked)
        now = timezone.now()
        until = _grace_end(now, hours)
        previous_prefix = locked.key_prefix
        locked.previous_key_hash = locked.key_hash if until else None
        locked.previous_key_prefix = previous_prefix if until else ""
        locked.previous_key_expires_at = until
        locked.key_hash = keys.key_hash(api_key)
        locked.key_prefix = keys.display_prefix(api_key)
        locked.key_rotated_at = now
        locked.save(update_fields=list(_KEY_FIELDS))
        _client_event(
            actor,
            "key_rotated",
            locked,
            key_prefix=locked.key_prefix,
            previous_key_prefix=previous_prefix,
            grace_hours=hours,
            previous_key_valid_until=_iso(until),
        )
    _refresh(client, locked, _KEY_FIELDS)
    return api_key


def client_revoke_previous_key(*, actor: ActorLike, client: BookingClient) -> BookingClient:
    """End the grace of the previous key now (it leaked, or the booking system has deployed the
    new one). Once: with no previous key still valid nothing changes and no event is written."""
    with transaction.atomic():
        locked = _locked(client)
        if locked.previous_key_valid(timezone.now()):
            prefix = locked.previous_key_prefix
            locked.previous_key_hash, locked.previous_key_prefix = None, ""
            locked.previous_key_expires_at = None
            locked.save(update_fields=list(_PREVIOUS_KEY_FIELDS))
            _client_event(actor, "previous_key_revoked", locked, previous_key_prefix=prefix)
    _refresh(client, locked, _KEY_FIELDS)
    return client


def client_rotate_webhook_secret(
    *, actor: ActorLike, client: BookingClient, revoke_previous: bool = False
) -> str:
    """A new webhook secret. For ``GRANSKA_WEBHOOK_SECRET_GRACE_HOURS`` every webhook is signed
    with both the new and the previous secret (two ``v1,`` signatures, new first; Standard
    Webhooks), so the receiver can deploy the new one without rejecting a message; then with the
    new one only. ``revoke_previous``: the new one only, at once. The event records the grace,
    never a secret. ``client`` is updated."""
    secret = keys.new_webhook_secret()
    hours = 0 if revoke_previous else settings.GRANSKA_WEBHOOK_SECRET_GRACE_HOURS
    with transaction.atomic():
        locked = _locked(client)
        _refuse_revoked(locked)
        now = timezone.now()
        until = _grace_end(now, hours)
        locked.previous_webhook_secret = locked.webhook_secret if until else ""
        locked.previous_webhook_secret_expires_at = until
        locked.webhook_secret, locked.webhook_secret_rotated_at = secret, now
        locked.save(update_fields=list(_SECRET_FIELDS))
        _client_event(
            actor,
            "webhook_secret_rotated",
            locked,
            grace_hours=hours,
            previous_secret_valid_until=_iso(until),
        )
    _refresh(client, locked, _SECRET_FIELDS)
    return secret


def client_revoke_previous_secret(*, actor: ActorLike, client: BookingClient) -> BookingClient:
    """End the grace of the previous webhook secret now: webhooks are signed with the current
    secret only from the next delivery (the receiver has deployed it, or the old one leaked).
    Once: with no previous secret still signing nothing changes and no event is written."""
    with transaction.atomic():
        locked = _locked(client)
        until = locked.previous_webhook_secret_expires_at
        if len(locked.signing_secrets(timezone.now())) > 1:
            locked.previous_webhook_secret, locked.previous_webhook_secret_expires_at = "", None
            locked.save(update_fields=list(_PREVIOUS_SECRET_FIELDS))
            _client_event(
                actor, "previous_secret_revoked", locked, previous_secret_valid_until=_iso(until)
            )
    _refresh(client, locked, _SECRET_FIELDS)
    return client


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
                status=WebhookMessage.Status.FAILED, last_error=REVOKED_ERROR, failed_at=now
            )
            _client_event(actor, "revoked", client, undelivered_webhooks=undelivered)
        client.refresh_from_db(fields=["revoked_at"])
    return client


def client_for_key(api_key: str) -> BookingClient | None:
    """The active client owning this key, or None. The hash is compared in constant time."""
    digest = keys.key_hash(api_key)
    client = active_client_by_key_hash(digest)
    if client is None:
        return None
    current = keys.key_matches(api_key, client.key_hash)
    previous = keys.key_matches(api_key, client.previous_key_hash or "")  # its grace: the query
    return client if current or previous else None
