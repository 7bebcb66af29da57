"""docs/operations.md section 6, Restore, step 4: after a restore that lost work, the documented
SQL skips the numbers handed out after the backup. Without it the restored database gave a
lost case's diarienummer (KFN-2026-00002) and its booking request's id (2), which the booking
system still held, to the next request (deployment report, finding 1)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.world import build_world
from vetting.models import Kind

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
SEQUENCES = """SELECT c.oid::regclass::text FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'S' AND n.nspname = 'public'"""


def documented_sql() -> str:
    match = re.search(r"```sql\n([ ]*-- restore: skip.*?)```", DOC.read_text(), re.S)
    assert match, "operations.md §6 has the SQL that skips the numbers after a restore"
    return textwrap.dedent(match[1])


def test_the_documented_sql_names_the_series_and_skips_the_audit_sequences() -> None:
    sql = documented_sql()
    assert "UPDATE vetting_referencesequence SET last_value = last_value + 1000" in sql
    assert "NOT LIKE 'audit\\_%'" in sql and "setval(s, nextval(s) + 1000)" in sql


@pytest.fixture
def kept_sequences() -> Iterator[None]:
    """setval is not rolled back with the test's transaction: put every sequence back."""
    with connection.cursor() as cursor:
        cursor.execute(SEQUENCES)
        names = [row[0] for row in cursor.fetchall()]
        saved = []
        for name in names:
            cursor.execute(f"SELECT last_value, is_called FROM {name}")  # noqa: S608
            saved.append((name, *cursor.fetchone()))
    yield
    with connection.cursor() as cursor:
        for name, value, called in saved:
            cursor.execute("SELECT setval(%s::regclass, %s, %s)", [name, value, called])


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_after_the_documented_sql_no_number_is_handed_out_again(kept_sequences: None) -> None:
    world = build_world()
    before = world.submit(Kind.FORENINGSBIDRAG)
    with connection.cursor() as cursor:
        cursor.execute(documented_sql())
    after = world.submit(Kind.FORENINGSBIDRAG)
    number = int(before.reference.rsplit("-", 1)[1])
    assert after.reference == f"{before.reference.rsplit('-', 1)[0]}-{number + 1001:05d}"
    assert after.pk > before.pk + 1000
