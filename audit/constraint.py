"""PostgreSQL: the CHECK constraint that ties every column of an event to its canonical bytes.

``canonical::jsonb`` must equal the object built from the columns (jsonb equality: same keys, same
strings, same numbers), so a row whose columns differ from its canonical bytes cannot be written
while the constraint stands. ``audit.verify`` checks before and after reading the rows that the
constraint is there, validated and unchanged (``constraint_intact``); only then does it skip
comparing columns row by row. See docs/audit-format.md, "Verification".

Migration ``audit/0004`` adds the constraint from this module: changing the expression here needs
a new migration that replaces it (until then verification sees an altered constraint, trusts it
not, and compares every row).
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, transaction

CONSTRAINT = "audit_event_columns_from_canonical"
TABLE = "audit_auditevent"

# The event body built from the columns (the same object as the canonical bytes, as jsonb).
# Format v1 only: what migration audit/0004 added (kept for it; audit/0009 replaces it).
BODY_FROM_COLUMNS_V1 = """jsonb_build_object(
    'v', 1, 'seq', seq, 'prev_hash', prev_hash,
    'time', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'actor', jsonb_build_object('type', actor_type, 'id', actor_id, 'role', actor_role,
                                'administration', actor_administration),
    'action', action, 'object', jsonb_build_object('type', object_type, 'id', object_id),
    'case', case_ref, 'association', association_id, 'from_state', from_state,
    'to_state', to_state, 'reasons', reasons, 'criteria', criteria,
    'rulebook_version', rulebook_version, 'changes', changes,
    'request_id', request_id, 'ip', ip)"""

# Formats v1 and v2 (ADR 0027): ``format_version`` NULL is v1. A v2 event's non-empty reasons
# are a commitment ``{"sha256": …}``, held in ``reasons_sha256`` with ``reasons`` ""; otherwise
# ``reasons_sha256`` is NULL and ``reasons`` the text. Any other combination builds a JSON null
# where the canonical bytes hold a value, and fails.
BODY_FROM_COLUMNS = """jsonb_build_object(
    'v', COALESCE(format_version, 1), 'seq', seq, 'prev_hash', prev_hash,
    'time', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'actor', jsonb_build_object('type', actor_type, 'id', actor_id, 'role', actor_role,
                                'administration', actor_administration),
    'action', action, 'object', jsonb_build_object('type', object_type, 'id', object_id),
    'case', case_ref, 'association', association_id, 'from_state', from_state,
    'to_state', to_state,
    'reasons', CASE WHEN reasons_sha256 IS NULL THEN to_jsonb(reasons)
                    WHEN reasons = '' AND format_version = 2
                    THEN jsonb_build_object('sha256', reasons_sha256) END,
    'criteria', criteria, 'rulebook_version', rulebook_version, 'changes', changes,
    'request_id', request_id, 'ip', ip)"""

# COALESCE: a NULL result would pass a CHECK; here it fails.
EXPRESSION = f"COALESCE(canonical::jsonb = {BODY_FROM_COLUMNS}, false)"
EXPRESSION_V1 = f"COALESCE(canonical::jsonb = {BODY_FROM_COLUMNS_V1}, false)"


def add_constraint_sql(table: str, *, valid: bool = True, expression: str = EXPRESSION) -> str:
    validity = "" if valid else " NOT VALID"
    return f"ALTER TABLE {table} ADD CONSTRAINT {CONSTRAINT} CHECK ({expression}){validity}"


_DEFINITION = (
    "SELECT convalidated, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE conrelid = %s::regclass AND conname = %s AND contype = 'c'"
)


def _definition(cursor: Any, table: str) -> tuple[bool, str] | None:
    cursor.execute(_DEFINITION, [table, CONSTRAINT])
    row = cursor.fetchone()
    return None if row is None else (bool(row[0]), str(row[1]))


def _expected_definition(cursor: Any) -> str | None:
    """The definition as this server prints it: added to an empty copy of the table (the caller
    rolls it back)."""
    cursor.execute(f"CREATE TEMPORARY TABLE audit_expected (LIKE {TABLE})")
    cursor.execute(add_constraint_sql("audit_expected"))
    found = _definition(cursor, "pg_temp.audit_expected")
    return None if found is None else found[1]


def constraint_intact(cursor: Any) -> bool:
    """Whether the constraint stands on the event table, validated and exactly as defined here."""
    try:
        with transaction.atomic():
            actual = _definition(cursor, TABLE)
            intact = actual is not None and actual[0] and actual[1] == _expected_definition(cursor)
            transaction.set_rollback(True)
    except DatabaseError:  # e.g. a read-only transaction: fall back to comparing every row
        return False
    return intact
