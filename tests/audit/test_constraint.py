"""PostgreSQL: the CHECK constraint ties every column to the canonical bytes, so verification
hashes only the canonical bytes while it stands, and compares every row when it does not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction

from audit.constraint import CONSTRAINT, EXPRESSION
from audit.models import AuditEvent
from audit.verify import columns_trusted, verify_chain
from tests.audit.conftest import drop_column_constraint, drop_triggers, sql

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
FIVE = "UPDATE audit_auditevent SET to_state = 'approved' WHERE seq = 5"


@pytest.fixture
def chain(record: Callable[..., list[int]]) -> list[int]:
    seqs = record(8)
    drop_triggers()  # a forger who can drop the append-only triggers, not (yet) the constraint
    return seqs


def test_a_column_that_differs_from_the_canonical_bytes_is_refused(chain: list[int]) -> None:
    with pytest.raises(IntegrityError, match=CONSTRAINT), transaction.atomic():
        sql(FIVE)
    with pytest.raises(IntegrityError, match=CONSTRAINT), transaction.atomic():
        sql("UPDATE audit_auditevent SET changes = '{}' WHERE seq = 3")
    assert AuditEvent.objects.get(seq=5).to_state == ""


def test_an_intact_constraint_is_trusted_and_the_chain_verifies(chain: list[int]) -> None:
    report = verify_chain(workers=1)
    assert report.intact and report.events == 8
    assert report.columns == "by the constraint"


def test_a_dropped_constraint_is_found_and_every_row_compared(chain: list[int]) -> None:
    drop_column_constraint()
    sql(FIVE)
    assert not columns_trusted()
    report = verify_chain(workers=1)
    assert (report.first_bad, report.problem) == (5, "columns differ from the canonical bytes")
    assert report.columns == "row by row"


def test_a_constraint_put_back_not_valid_is_not_trusted(chain: list[int]) -> None:
    drop_column_constraint()
    sql(FIVE)
    sql(f"ALTER TABLE audit_auditevent ADD CONSTRAINT {CONSTRAINT} CHECK ({EXPRESSION}) NOT VALID")
    assert not columns_trusted()
    assert verify_chain(workers=1).first_bad == 5


def test_a_weaker_constraint_of_the_same_name_is_not_trusted(chain: list[int]) -> None:
    drop_column_constraint()
    sql(FIVE)
    weaker = EXPRESSION.replace("'to_state', to_state", "'to_state', canonical::jsonb->'to_state'")
    sql(f"ALTER TABLE audit_auditevent ADD CONSTRAINT {CONSTRAINT} CHECK ({weaker})")
    assert not columns_trusted()
    assert verify_chain(workers=1).first_bad == 5


def test_a_changed_canonical_is_found_with_the_constraint_standing(chain: list[int]) -> None:
    """Canonical bytes changed to agree with changed columns: the hash no longer matches."""
    drop_column_constraint()
    canonical = AuditEvent.objects.get(seq=4).canonical.replace('"to_state":""', '"to_state":"x"')
    sql("UPDATE audit_auditevent SET canonical = %s, to_state = 'x' WHERE seq = 4", [canonical])
    sql(f"ALTER TABLE audit_auditevent ADD CONSTRAINT {CONSTRAINT} CHECK ({EXPRESSION})")
    assert columns_trusted()
    report = verify_chain(workers=1)
    assert (report.first_bad, report.problem) == (4, "hash does not match the canonical bytes")


def test_migration_leaves_the_constraint_not_valid_over_a_tampered_row(chain: list[int]) -> None:
    """Existing rows are checked when the constraint is added; a tampered one does not stop the
    migration, and verification then compares every row and names it."""
    import importlib

    from django.db import connection as conn

    migration = importlib.import_module("audit.migrations.0009_event_texts")
    drop_column_constraint()
    sql(FIVE)
    with conn.schema_editor() as editor:
        migration.constraint_v2(None, editor)
    assert not columns_trusted()
    assert verify_chain(workers=1).first_bad == 5
    drop_column_constraint()
    sql("UPDATE audit_auditevent SET to_state = '' WHERE seq = 5")
    with conn.schema_editor() as editor:
        migration.constraint_v2(None, editor)
    assert columns_trusted()


def test_a_constraint_dropped_while_the_rows_are_read_is_found(
    chain: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked before and after the rows are read: dropped in between, every row is compared."""
    import audit.verify

    answers = iter([True, False])
    monkeypatch.setattr(audit.verify, "columns_trusted", lambda: next(answers))
    drop_column_constraint()
    sql(FIVE)
    report = verify_chain(workers=1)
    assert (report.first_bad, report.columns) == (5, "row by row")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET reasons_sha256 = repeat('ab', 32) WHERE seq = 4",
        "UPDATE audit_auditevent SET reasons = 'händelse 3' WHERE seq = 4",
        "UPDATE audit_auditevent SET reasons_sha256 = NULL WHERE seq = 4",
        "UPDATE audit_auditevent SET format_version = NULL WHERE seq = 4",
    ],
)
def test_a_v2_row_whose_commitment_columns_differ_is_refused(
    chain: list[int], statement: str
) -> None:
    """Format v2 (ADR 0027): the commitment and the version are tied to the canonical bytes."""
    with pytest.raises(IntegrityError, match=CONSTRAINT), transaction.atomic():
        sql(statement)
    assert AuditEvent.objects.get(seq=4).reasons_text == "händelse 3"
