"""Every index on the tables a booking intake writes, on PostgreSQL (ADR 0005, "Indexes on the
intake's tables"). Each one is an entry every registration writes: a new index here, or one
taken away, must be a conscious choice, with the query that needs it named in ADR 0005."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

DECISIONS = "CASE action IN (decisions)"  # audit_decision_adm's expression, see below
# table -> index name -> (columns, unique, partial)
EXPECTED: dict[str, dict[str, tuple[tuple[str, ...], bool, bool]]] = {
    "vetting_application": {
        "vetting_application_pkey": (("id",), True, False),
        "vetting_application_reference_key": (("reference",), True, False),
        "vetting_app_adminis_57f017_idx": (
            ("administration_id", "state", "received_on"),
            False,
            False,
        ),
        "vetting_application_state_1f264ecb": (("state",), False, False),
        "vetting_application_association_id_605f2bf9": (("association_id",), False, False),
        "vetting_application_premises_id_db1bd066": (("premises_id",), False, False),
        "vetting_application_rulebook_id_ff019386": (("rulebook_id",), False, False),
        "application_handler": (("handler_id",), False, True),
        "application_proposed_by": (("proposed_by_id",), False, True),
    },
    "audit_auditevent": {
        "audit_auditevent_pkey": (("id",), True, False),
        "audit_auditevent_seq_key": (("seq",), True, False),
        "audit_auditevent_hash_key": (("hash",), True, False),
        "audit_auditevent_occurred_at_1f007848": (("occurred_at",), False, False),
        "audit_audit_action_7e10a4_idx": (("action", "occurred_at"), False, False),
        "audit_audit_object__0e78a5_idx": (("object_type", "object_id"), False, False),
        "audit_event_case_seq": (("case_ref", "seq"), False, False),
        "audit_event_actor_seq": (("actor_id", "seq"), False, False),
        "audit_event_adm_seq": (("actor_administration", "seq"), False, False),
        "audit_event_assoc_seq": (("association_id", "seq"), False, False),
        "audit_decision_adm": ((DECISIONS, "seq"), False, False),
        "audit_decision_seq": (("seq",), False, True),
        "audit_decision_time_seq": (("occurred_at", "seq"), False, True),
    },
    "bookings_bookingrequest": {
        "bookings_bookingrequest_pkey": (("id",), True, False),
        "booking_request_external_ref_per_client": (("client_id", "external_ref"), True, False),
        "bookings_bookingrequest_application_id_key": (("application_id",), True, False),
        "bookings_bo_client__4f5ad2_idx": (("client_id", "change_seq"), False, False),
        "bookings_bookingrequest_changed_at_010fbc06": (("changed_at",), False, False),
    },
    "bookings_idempotencyrecord": {
        "bookings_idempotencyrecord_pkey": (("id",), True, False),
        "idempotency_key_per_client": (("client_id", "key"), True, False),
    },
    "bookings_webhookmessage": {
        "bookings_webhookmessage_pkey": (("id",), True, False),
        "bookings_webhookmessage_msg_id_key": (("msg_id",), True, False),
        "bookings_we_booking_37684d_idx": (("booking_request_id", "status", "id"), False, False),
        "bookings_webhookmessage_client_id_ebf84bb0": (("client_id",), False, False),
        "bookings_webhookmessage_status_5d9f59c8": (("status",), False, False),
    },
    "vetting_referencesequence": {
        "vetting_referencesequence_pkey": (("id",), True, False),
        "reference_sequence_per_year": (("prefix", "year"), True, False),
    },
}

INDEXES_SQL = """
SELECT c.relname, pg_get_indexdef(i.indexrelid, k, true), i.indisunique, i.indpred IS NOT NULL
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
CROSS JOIN generate_series(1, i.indnatts) AS k
WHERE t.relname = %s AND t.relnamespace = 'public'::regnamespace
ORDER BY c.relname, k
"""


def found_indexes(table: str) -> dict[str, tuple[tuple[str, ...], bool, bool]]:
    found: dict[str, tuple[tuple[str, ...], bool, bool]] = {}
    with connection.cursor() as cursor:
        cursor.execute(INDEXES_SQL, [table])
        for name, column, unique, partial in cursor.fetchall():
            column = DECISIONS if column.lstrip("(\n").startswith("CASE") else column
            columns = found[name][0] if name in found else ()
            found[name] = ((*columns, column), unique, partial)
    return found


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_the_intake_tables_have_exactly_the_indexes_listed(table: str) -> None:
    assert found_indexes(table) == EXPECTED[table]


def test_the_user_indexes_of_a_case_leave_out_the_cases_without_one() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'vetting_application' "
            "AND indexname IN ('application_handler', 'application_proposed_by') ORDER BY 1"
        )
        rows = cursor.fetchall()
    assert [(name, definition.split(" WHERE ")[1]) for name, definition in rows] == [
        ("application_handler", "(handler_id IS NOT NULL)"),
        ("application_proposed_by", "(proposed_by_id IS NOT NULL)"),
    ]
