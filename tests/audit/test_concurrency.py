"""Concurrent writers on PostgreSQL never fork or break the chain."""

from __future__ import annotations

import functools

import pytest
from django.db import connection, transaction

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import record_event
from audit.verify import verify_chain
from tests.threads import errors, lock_held, run_at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
THREADS, EVENTS = 8, 15


def writer(n: int) -> None:
    for i in range(EVENTS):
        with transaction.atomic():  # each event in its own transaction, all at once
            record_event(actor=SYSTEM, action="test.concurrent", object_id=f"{n}-{i}")


@pytest.fixture
def drop_events_after() -> object:
    """Transactional tests commit; drop the triggers so the test database can be flushed."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete ON audit_auditevent")
        cursor.execute("DELETE FROM audit_auditevent")
        cursor.execute(
            "CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent "
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
        )


@pytest.mark.django_db(transaction=True)
def test_parallel_transactions_keep_one_unbroken_chain(drop_events_after: object) -> None:
    writers = [functools.partial(writer, n) for n in range(THREADS)]
    assert errors(run_at_once(*writers)) == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EVENTS + 1))
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prev_hashes)) == len(prev_hashes)  # no two events follow the same one
    report = verify_chain(workers=1)
    assert report.intact and report.head_seq == THREADS * EVENTS


@pytest.mark.django_db(transaction=True)
def test_parallel_verification_workers_agree(drop_events_after: object, monkeypatch) -> None:
    import audit.verify as verify

    with transaction.atomic():
        for i in range(300):
            record_event(actor=SYSTEM, action="test.bulk", object_id=i)
    monkeypatch.setattr(verify, "PARALLEL_MIN", 10)
    report = verify.verify_chain(workers=2)
    assert report.intact and report.head_seq == 300


@pytest.mark.django_db(transaction=True)
def test_a_lock_error_of_the_chain_is_a_django_database_error(drop_events_after: object) -> None:
    """The chain lock is taken on psycopg's own cursor (two statements in one round trip); its
    errors must still be Django's, as callers catch django.db errors (and Django then checks the
    connection before reusing it)."""
    from django.db import OperationalError

    from audit.services import chain_lock

    with lock_held(chain_lock), pytest.raises(OperationalError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '200ms'")
        record_event(actor=SYSTEM, action="test.lock_timeout")
    assert not AuditEvent.objects.filter(action="test.lock_timeout").exists()


@pytest.mark.django_db(transaction=True)
def test_the_chain_lock_and_the_head_read_are_one_prepared_statement(
    drop_events_after: object,
) -> None:
    """One call of audit_lock_head(), prepared after its fifth use like every other statement:
    as a two-command string PostgreSQL parsed and planned both for every event (ADR 0005)."""
    from audit.services import _LOCK_AND_READ_HEAD

    if not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        pytest.skip("DB_SERVER_SIDE_BINDING=0 prepares nothing")
    for i in range(8):
        with transaction.atomic():
            record_event(actor=SYSTEM, action="test.prepared", object_id=i)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = {row[0] for row in cursor.fetchall()}
    assert _LOCK_AND_READ_HEAD in prepared
    assert AuditEvent.objects.filter(action="test.prepared").count() == 8
