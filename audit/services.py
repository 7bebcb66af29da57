"""The one write path of the audit trail, and erasure of a person's personal data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.canonical import jcs
from audit.context import ACTOR_PERSON, Actor, ip_var, request_id_var
from audit.freetext import field_name, free_text_keys
from audit.models import REASONS, AuditEvent, Person
from audit.texts import insert_texts, new_nonce, text_commitment

# Format v2 (ADR 0027): a non-empty reasons is a commitment, its text outside the chain.
FORMAT_VERSION = 2
GENESIS = "0" * 64


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
    return jcs(dict(body))


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
    with connection.cursor() as cursor:
        head_seq, head_hash, head_time = _chain_head_with_time(cursor)
        # After the lock, and never before the event ahead: times follow sequence numbers even if
        # the clock steps back, so a period of the log is a range of them (audit.selectors).
        now = timezone.now()
        now = max(now, head_time) if head_time is not None else now
        seq = head_seq + 1
        fields = _fields(now, actor, action, object_type, object_id, case_ref, association_id)
        text = str(reasons)
        nonce = new_nonce() if text else ""
        committed = text_commitment(nonce, text) if text else None
        recorded, side = _commit_changes(str(action), jsonable(changes or {}))
        if committed:
            side.insert(0, (REASONS, text, nonce))
        fields.update(
            {
                "from_state": str(from_state),
                "to_state": str(to_state),
                "reasons": {"sha256": committed} if committed else "",
                "criteria": sorted({str(c) for c in criteria}),
                "rulebook_version": None if rulebook_version is None else int(rulebook_version),
                "changes": recorded,
            }
        )
        data = canonical_bytes(_event_body(seq, head_hash, fields))
        digest = hashlib.sha256(data).hexdigest()
        event = AuditEvent(
            seq=seq, occurred_at=now, prev_hash=head_hash, hash=digest, canonical=data.decode(),
            **_columns(json.loads(data)),
        )  # fmt: skip
        _insert(cursor, event)
        if side:  # one statement for all of the event's texts; none without any (the intake)
            insert_texts(cursor, seq, side)
    event._reasons_text, event._reasons_pruned = text, None
    event._change_texts = {f: (t, None) for f, t, _n in side if f != REASONS}
    return event


def _commit_changes(
    action: str, changes: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """``changes`` with each declared free text (``audit.freetext.FREE_TEXT``) replaced by its
    commitment, and the side rows to write: (field, text, nonce). An empty text stays ""."""
    keys = free_text_keys(action)
    side: list[tuple[str, str, str]] = []
    if not keys:
        return changes, side
    for key in sorted(keys & changes.keys()):
        value = changes[key]
        if isinstance(value, str) and value:
            nonce = new_nonce()
            changes[key] = {"sha256": text_commitment(nonce, value)}
            side.append((field_name(key), value, nonce))
    return changes, side


def chain_head(cursor: Any, *, lock: bool = False) -> tuple[int, str]:
    seq, digest, _ = _chain_head_with_time(cursor, lock=lock)
    return seq, digest


def _chain_head_with_time(cursor: Any, *, lock: bool = True) -> tuple[int, str, datetime | None]:
    """The newest event's (seq, hash). With ``lock``, first take the chain lock: the ChainHead row
    FOR UPDATE on PostgreSQL (the row is locked, not updated, so a transaction writing many events
    builds no version chain); on SQLite the IMMEDIATE transaction already holds the write lock."""
    if lock and connection.vendor == "postgresql":
        locked, row = _lock_and_read_head(cursor)
        if locked is None:  # the row of migration 0002 is gone (e.g. a test flush)
            _restore_head_and_lock(cursor)
            cursor.execute(_READ_HEAD)
            row = cursor.fetchone()
    else:
        cursor.execute(_READ_HEAD)
        row = cursor.fetchone()
    return (0, GENESIS, None) if row is None else (row[0], row[1], _aware(row[2]))


def _lock_and_read_head(cursor: Any) -> tuple[Any, Any]:
    """PostgreSQL: the chain lock, then the head, in one call of ``audit_lock_head()``
    (migration audit/0010). The function's read is a statement of its own, so its snapshot is
    taken after the lock was granted and it sees the event of the writer that held it before.
    One ordinary statement, prepared after its fifth use like every other
    (DB_SERVER_SIDE_BINDING); the function's two plans are kept by the session. Until session 14
    the two statements went as one two-command string, which cannot be prepared: PostgreSQL
    parsed and planned both for every event (ADR 0005). On psycopg's own cursor, so its errors
    (a deadlock, a lock timeout) are wrapped here as Django's, as every other statement's are:
    callers catch django.db errors."""
    raw = getattr(cursor, "cursor", cursor)
    with cursor.db.wrap_database_errors:
        raw.execute(_LOCK_AND_READ_HEAD)
        locked, *head = raw.fetchone()
    return locked, (None if head[0] is None else head)


def _restore_head_and_lock(cursor: Any) -> None:
    cursor.execute("INSERT INTO audit_chainhead (id, seq, hash) VALUES (1, 0, %s) "
                   "ON CONFLICT DO NOTHING", [GENESIS])  # fmt: skip
    cursor.execute(_LOCK_HEAD)


def chain_lock() -> None:
    """Take the audit chain lock now; the caller's transaction holds it until it ends.

    For a change that would lock or update other rows before its ``record_event``: taking the
    chain first keeps the one lock order of every writer (reference row, chain, then other rows;
    ADR 0005). ``record_event`` later in the same transaction takes it again at no cost.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("chain_lock must run inside the transaction of the change")
    if connection.vendor != "postgresql":
        return  # SQLite: the IMMEDIATE transaction already holds the database's write lock
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_HEAD)
        if cursor.fetchone() is None:
            _restore_head_and_lock(cursor)


def _aware(value: datetime | str) -> datetime:
    """A time column as read by a raw cursor (SQLite gives text in UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


_LOCK_HEAD = "SELECT id FROM audit_chainhead WHERE id = 1 FOR UPDATE"
_READ_HEAD = "SELECT seq, hash, occurred_at FROM audit_auditevent ORDER BY seq DESC LIMIT 1"
_LOCK_AND_READ_HEAD = "SELECT locked, seq, hash, occurred_at FROM audit_lock_head()"


_INSERT_COLUMNS = (
    "seq", "occurred_at", "actor_type", "actor_id", "actor_role", "actor_administration",
    "action", "object_type", "object_id", "case_ref", "association_id", "from_state", "to_state",
    "reasons", "criteria", "rulebook_version", "changes", "request_id", "ip", "prev_hash", "hash",
    "canonical", "format_version", "reasons_sha256",
)  # fmt: skip


def _insert(cursor: Any, event: AuditEvent) -> None:
    """One INSERT with a raw cursor (the write path is hot: no ORM save machinery)."""
    json_param = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    values = []
    for name in _INSERT_COLUMNS:
        value = getattr(event, name)
        if name in ("criteria", "changes"):
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif name == "occurred_at":
            value = connection.ops.adapt_datetimefield_value(value)
        values.append(value)
    marks = ", ".join(json_param if n in ("criteria", "changes") else "%s" for n in _INSERT_COLUMNS)
    cursor.execute(
        f"INSERT INTO audit_auditevent ({', '.join(_INSERT_COLUMNS)}) "  # noqa: S608
        f"VALUES ({marks}) RETURNING id",
        values,
    )
    event.pk = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias


def _fields(
    now: Any,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    case_ref: str,
    association_id: int | None,
) -> dict[str, Any]:
    return {
        "time": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": {
            "type": str(actor.kind),
            "id": str(actor.ref),
            "role": str(actor.role),
            "administration": str(actor.administration),
        },
        "action": str(action),
        "object": {"type": str(object_type), "id": str(object_id)},
        "case": str(case_ref),
        "association": None if association_id is None else int(association_id),
        "request_id": request_id_var.get(),
        "ip": ip_var.get(),
    }


def _columns(body: Mapping[str, Any]) -> dict[str, Any]:
    """The event's columns, taken from the canonical body itself (JSON columns in its key order,
    so that on SQLite their text matches the canonical bytes; see audit.verify). Format v2: a
    committed reasons is "" in ``reasons`` and its digest in ``reasons_sha256``; ``v`` 1 is
    NULL in ``format_version`` (as on every event written before v2)."""
    actor, obj = body["actor"], body["object"]
    return {
        "actor_type": actor["type"],
        "actor_id": actor["id"],
        "actor_role": actor["role"],
        "actor_administration": actor["administration"],
        "action": body["action"],
        "object_type": obj["type"],
        "object_id": obj["id"],
        "case_ref": body["case"],
        "association_id": body["association"],
        "from_state": body["from_state"],
        "to_state": body["to_state"],
        "reasons": body["reasons"] if isinstance(body["reasons"], str) else "",
        "reasons_sha256": None if isinstance(body["reasons"], str) else body["reasons"]["sha256"],
        "format_version": None if body["v"] == 1 else body["v"],
        "criteria": body["criteria"],
        "rulebook_version": body["rulebook_version"],
        "changes": body["changes"],
        "request_id": body["request_id"],
        "ip": body["ip"],
    }


class ErasureRefused(Exception):
    """The person cannot be erased (yet): ``message`` says why, in the active language."""

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message


ERASED_USER_FIELDS = ("username", "first_name", "last_name", "email")


def may_erase_persons(user: Any) -> bool:
    """Who may erase a person's personal data: a superuser or an administrator. The one rule:
    ``person_erase`` refuses anyone else, and the admin offers its action to no one else."""
    from vetting import roles

    return bool(getattr(user, "is_superuser", False) or roles.has_role(user, roles.ADMINISTRATOR))


def _actor_may_erase(actor: Actor) -> bool:
    """The system (``manage.py erase_person``, run by operations) may; a person as
    ``may_erase_persons`` says; a booking system never."""
    if actor.is_system:
        return True
    if actor.kind != ACTOR_PERSON or actor.user_id is None:
        return False
    from django.contrib.auth import get_user_model

    person = get_user_model()._default_manager.filter(pk=actor.user_id).first()
    return person is not None and may_erase_persons(person)


def person_erase(*, user: Any, actor: Actor) -> Person:
    """Erase a person's personal data (GDPR); every event and hash stays as it was.

    Only an inactive account is erased (deactivate it first, so nobody erases a colleague at
    work by mistake). The name in ``audit_person`` is blanked and unlinked; the account keeps no
    name: first and last name and e-mail are blanked, the username becomes the pseudonym (also in
    the admin's history, ``audit.erasure``), the password unusable, and it loses its access
    (staff, superuser, roles, permissions, open API tokens, delegations, sessions; each token
    and delegation with its own event naming ``actor``), which the erasure's event records
    (``access_removed``: kinds and counts, no names). Events name the person by pseudonym only, so
    nothing in the chain changes; the erasure itself is recorded, by pseudonym, in the same
    transaction. Only those ``may_erase_persons`` allows erase (and the system, for the
    command).
    """
    if not _actor_may_erase(actor):
        raise ErasureRefused(_("Bara administratörer kan radera personuppgifter."))
    with transaction.atomic():
        # The account row is locked first: a second erasure at the same moment waits, then sees
        # the first one's work and is refused (it would otherwise make a new pseudonym). The
        # erasure works on this row, read under the lock, not on the caller's copy.
        locked = type(user)._default_manager.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise ErasureRefused(
                _("Kontot är aktivt. Inaktivera det först; bara inaktiva konton kan raderas.")
            )
        erased = Person.objects.filter(pseudonym=locked.get_username(), erased_at__isnull=False)
        if erased.exists():
            raise ErasureRefused(_("Personens uppgifter är redan raderade."))
        pseudonym = person_pseudonym(locked)
        person = Person.objects.select_for_update().get(pseudonym=pseudonym)
        # Before the person is unlinked: the events of the tokens revoked and the delegations
        # ended name the account by its pseudonym, found through that link.
        access_removed = _blank_account(locked, pseudonym, actor)
        person.display_name = ""
        person.user = None
        person.erased_at = timezone.now()
        person.save(update_fields=["display_name", "user", "erased_at"])
        record_event(
            actor=actor,
            action="person.erased",
            object_type="person",
            object_id=person.pseudonym,
            changes={
                "erased": ["display_name", *ERASED_USER_FIELDS, "password"],
                "access_removed": access_removed,
            },
        )
    for name in (*ERASED_USER_FIELDS, "password", "is_staff", "is_superuser"):
        setattr(user, name, getattr(locked, name))  # the caller's copy, as erased
    user.__dict__.pop("_audit_pseudonym", None)
    return person


def _blank_account(user: Any, pseudonym: str, actor: Actor) -> dict[str, Any]:
    """Blank the account's name and remove its access; returns what access was removed.
    ``user`` is the account row locked by ``person_erase``."""
    from audit.erasure import forget_login_failures, rename_in_admin_history, revoke_access

    old = user.get_username()
    user.username, user.first_name, user.last_name, user.email = pseudonym, "", "", ""
    user.set_unusable_password()
    user.save(update_fields=[*ERASED_USER_FIELDS, "password"])
    # The admin's own history names the account as it was ("Ändrade: anna.andersson"), and its
    # delegations, jäv declarations, API tokens and profile by it ("anna: grant ≤ 5000").
    rename_in_admin_history(user, old, pseudonym)
    forget_login_failures(old)
    removed = revoke_access(user, actor)  # last: it writes events (the chain lock)
    user.__dict__.pop("_audit_pseudonym", None)
    return removed
