"""Booking systems' credentials: creating a client, its settings, key and secret rotation,
revocation, and finding the client of an API key. Each function owns its transaction and takes
the audit chain lock before the client row (the lock order of ADR 0005)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.context import Actor, actor_for_client
from audit.services import chain_lock, record_event
from bookings import keys
from bookings.models import (
    BookingClient,
    Premises,
    WebhookMessage,
)
from bookings.selectors import (
    active_client_by_key_hash,
)
from bookings.webhook_transport import check_webhook_url, url_for_the_record
from bookings.webhooks import (
    REVOKED_ERROR,
)
from vetting.errors import InvalidInput
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
                status=WebhookMessage.Status.FAILED, last_error=REVOKED_ERROR, failed_at=now
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
