"""Events and checkpoints cannot be changed or deleted: database triggers, models, querysets,
admin."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from audit.checkpoints import sign_checkpoint
from audit.models import AuditEvent, Checkpoint
from tests.audit.conftest import sql


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET reasons = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditevent WHERE seq = 1",
        "DELETE FROM audit_auditevent",
        "UPDATE audit_checkpoint SET hash = 'x'",
        "DELETE FROM audit_checkpoint",
    ],
)
def test_database_refuses_update_and_delete(statement: str, record: Callable) -> None:
    record(2)
    sign_checkpoint()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql(statement)
    assert AuditEvent.objects.count() == 2 and Checkpoint.objects.count() == 1
    assert AuditEvent.objects.get(seq=1).reasons_text == "händelse 0"


def test_triggers_exist_for_this_database(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'audit_%%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "audit_auditevent_no_update",
        "audit_auditevent_no_delete",
        "audit_checkpoint_no_update",
        "audit_checkpoint_no_delete",
    } <= names


def test_models_refuse_save_and_delete(record: Callable) -> None:
    record(1)
    sign_checkpoint()
    event, checkpoint = AuditEvent.objects.get(), Checkpoint.objects.get()
    for obj in (event, checkpoint):
        with pytest.raises(PermissionError):
            obj.save()
        with pytest.raises(PermissionError):
            obj.delete()


def test_querysets_refuse_update_and_delete(record: Callable) -> None:
    record(1)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(seq=1).update(reasons="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        Checkpoint.objects.all().delete()
    assert AuditEvent.objects.get().reasons_text == "händelse 0"


def test_admin_is_read_only(record: Callable, admin_user) -> None:
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model in (AuditEvent, Checkpoint):
        model_admin = site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_record_event_needs_a_transaction(transactional_db: None) -> None:
    from audit.context import SYSTEM
    from audit.services import record_event

    with pytest.raises(RuntimeError):
        record_event(actor=SYSTEM, action="x")
    assert not AuditEvent.objects.exists()


def test_chain_lock_needs_a_transaction(transactional_db: None) -> None:
    from audit.services import chain_lock

    with pytest.raises(RuntimeError):
        chain_lock()
