"""The two-role set-up (docs/operations.md section 2): a table the application's role may not
use is named as a permission problem by ``granska_status`` and fails /readyz (``privileges``).
The ops tester's upgrade added ``ops_heartbeat`` without a grant: the heartbeat failed on every
run, granska_status said "The database did not answer" and /readyz stayed 200."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection
from django.utils import translation

import ops.management.commands.granska_status as granska_status
from ops import health


class InsufficientPrivilege(Exception):
    sqlstate = "42501"


def _status(monkeypatch: Any, error: Exception) -> dict[str, Any]:
    def refused() -> Any:
        raise error

    monkeypatch.setattr(granska_status, "status_report", refused)
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("granska_status", "--json", stdout=out)
    assert exited.value.code == 2
    [item] = json.loads(out.getvalue())["items"]
    return item


def test_granska_status_says_permission_denied_when_the_role_lacks_a_grant(monkeypatch):
    error = ProgrammingError("permission denied for table ops_heartbeat")
    error.__cause__ = InsufficientPrivilege("permission denied for table ops_heartbeat")
    item = _status(monkeypatch, error)
    assert item["code"] == "database" and item["status"] == "critical"
    assert "nekade applikationens roll: permission denied for table ops_heartbeat" in item["detail"]
    assert "svarade inte" not in item["detail"]
    with translation.override("en"):
        detail = _status(monkeypatch, error)["detail"]
    assert "refused the application's role: permission denied for table ops_heartbeat" in detail
    assert "did not answer" not in detail


def test_granska_status_still_says_did_not_answer_when_it_did_not(monkeypatch):
    item = _status(monkeypatch, ProgrammingError("connection refused"))
    assert item["detail"] == "Databasen svarade inte: ProgrammingError"
    with translation.override("en"):
        item = _status(monkeypatch, ProgrammingError("connection refused"))
    assert item["detail"] == "The database did not answer: ProgrammingError"


def test_every_model_table_is_checked():
    tables = health.model_tables()
    assert {"ops_heartbeat", "audit_auditevent", "vetting_administration"} <= set(tables)


PG = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
ROLE = "granska_readyz_app"


@pytest.fixture
def app_role(django_db_blocker: Any) -> Any:
    """A login role, not a superuser, with SELECT and INSERT on every table but ops_heartbeat."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {ROLE}")
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD 'x'")
        cursor.execute(f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"REVOKE INSERT ON ops_heartbeat FROM {ROLE}")
    yield ROLE
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ROLE}")
        cursor.execute(f"DROP ROLE {ROLE}")


@PG
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readiness_fails_when_the_role_may_not_write_a_table(monkeypatch, app_role):
    real = health.probe_connection

    def as_app_role(timeout: float) -> Any:
        db = real(timeout)
        db.settings_dict.update(USER=app_role, PASSWORD="x")
        return db

    assert health.readiness(timeout=5).checks["privileges"] == "ok"  # the owner may
    monkeypatch.setattr(health, "probe_connection", as_app_role)
    result = health.readiness(timeout=5)
    assert result.checks["privileges"] == "failed", result.checks
    assert result.failed == ["privileges"]
