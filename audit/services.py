"""The one write path of the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import rfc8785
from django.db import transaction
from django.utils import timezone

from audit.context import Actor, ip_var, request_id_var
from audit.models import AuditEvent, ChainHead, Person

FORMAT_VERSION = 1


def person_pseudonym(user: Any) -> str:
    """The stable pseudonym of a user, created on first use."""
    cached = getattr(user, "_audit_pseudonym", None)
    if cached:
        return str(cached)
    person, _ = Person.objects.get_or_create(
        user=user, defaults={"display_name": user.get_full_name() or user.get_username()}
    )
    user._audit_pseudonym = person.pseudonym
    return person.pseudonym


def jsonable(value: Any) -> Any:
    """Values as JSON can hold them: decimals and dates as strings, never floats."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal | date | datetime | UUID):
        return value.isoformat() if isinstance(value, date | datetime) else str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def canonical_bytes(body: Mapping[str, Any]) -> bytes:
    """RFC 8785 (JCS) serialisation of an event body; see docs/audit-format.md."""
    return rfc8785.dumps(dict(body))


def _event_body(seq: int, prev_hash: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    return {"v": FORMAT_VERSION, "seq": seq, "prev_hash": prev_hash, **fields}


def record_event(
    *,
    actor: Actor,
    action: str,
    object_type: str = "",
    object_id: object = "",
    case_ref: str = "",
    association_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    reasons: str = "",
    criteria: Iterable[str] = (),
    rulebook_version: int | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    Must run inside ``transaction.atomic``: the event commits or rolls back with the change it
    records. The chain head row is locked, so concurrent writers queue and never fork the chain.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    now = timezone.now()
    fields: dict[str, Any] = {
        "time": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": {
            "type": actor.kind,
            "id": actor.ref,
            "role": actor.role,
            "administration": actor.administration,
        },
        "action": action,
        "object": {"type": object_type, "id": str(object_id)},
        "case": case_ref,
        "association": association_id,
        "from_state": from_state,
        "to_state": to_state,
        "reasons": reasons,
        "criteria": sorted(set(criteria)),
        "rulebook_version": rulebook_version,
        "changes": jsonable(changes or {}),
        "request_id": request_id_var.get(),
        "ip": ip_var.get(),
    }
    head = ChainHead.objects.select_for_update().get(id=1)
    seq = head.seq + 1
    body = _event_body(seq, head.hash, fields)
    data = canonical_bytes(body)
    digest = hashlib.sha256(data).hexdigest()
    event = AuditEvent.objects.create(
        seq=seq,
        occurred_at=now,
        actor_type=actor.kind,
        actor_id=actor.ref,
        actor_role=actor.role,
        actor_administration=actor.administration,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        case_ref=case_ref,
        association_id=association_id,
        from_state=from_state,
        to_state=to_state,
        reasons=reasons,
        criteria=fields["criteria"],
        rulebook_version=rulebook_version,
        changes=fields["changes"],
        request_id=fields["request_id"],
        ip=fields["ip"],
        prev_hash=head.hash,
        hash=digest,
        canonical=data.decode("utf-8"),
    )
    ChainHead.objects.filter(id=1).update(seq=seq, hash=digest)
    return event
