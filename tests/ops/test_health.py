"""/healthz and /readyz: unauthenticated, cheap, JSON, outside every other middleware."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client

from audit.models import AuditEvent
from ops import health

PRODUCTION_LIKE = {
    "SECURE_SSL_REDIRECT": True,
    "ALLOWED_HOSTS": ["granska.kommun.se"],
    "GRANSKA_API_RATES": {"client": "1/minute", "officer": "1/minute", "anonymous": "1/minute"},
}


@pytest.fixture
def production_like(settings: Any) -> None:
    for name, value in PRODUCTION_LIKE.items():
        setattr(settings, name, value)


def _probe(path: str, **extra: Any) -> Any:
    # A probe speaks plain HTTP to the process's own address, with no cookies.
    return Client().get(path, HTTP_HOST="10.0.3.7:8000", **extra)


def test_liveness_answers_without_the_database_or_any_other_middleware(production_like):
    # No db fixture: any database access here would fail the test.
    for _ in range(3):  # past the anonymous API rate: probes are not throttled
        response = _probe("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    # No HTTPS redirect, host check, login redirect, session, CSP, language or audit context.
    for header in ("Location", "Set-Cookie", "Content-Security-Policy", "Content-Language"):
        assert header not in response
    assert "X-Request-ID" not in response


def test_probes_accept_only_reads():
    response = Client().post("/healthz")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert Client().head("/readyz/").status_code in (200, 503)


@pytest.mark.django_db
def test_readiness_passes_when_every_dependency_answers(production_like):
    before = AuditEvent.objects.count()
    response = _probe("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "audit_chain": "ok",
            "privileges": "ok",
            "broker": "ok",
        },
        "failed": [],
    }
    assert "Location" not in response and "Set-Cookie" not in response
    assert AuditEvent.objects.count() == before  # probes leave no trace in the audit trail


def _failed(response: Any) -> dict[str, Any]:
    assert response.status_code == 503, response.content
    body = response.json()
    assert body["status"] == "unavailable"
    return body


@pytest.mark.django_db
def test_a_database_that_does_not_answer_fails_readiness(monkeypatch, tmp_path):
    real = health.probe_connection

    def unreachable(timeout: float) -> Any:
        db = real(timeout)
        db.settings_dict["NAME"] = str(tmp_path / "missing" / "granska.sqlite3")
        if db.vendor == "postgresql":
            db.settings_dict.update(HOST="127.0.0.1", PORT="1")
        return db

    monkeypatch.setattr(health, "probe_connection", unreachable)
    body = _failed(_probe("/readyz"))
    assert body["checks"] == {
        "database": "failed",
        "migrations": "skipped",
        "audit_chain": "skipped",
        "privileges": "skipped",
        "broker": "ok",
    }
    assert body["failed"] == ["database", "migrations", "audit_chain", "privileges"]


@pytest.mark.django_db
def test_a_migration_not_applied_fails_readiness(monkeypatch):
    """New code deployed, `migrate` not run yet: not ready."""
    deployed = health.expected_migrations() | {("ops", "9999_not_applied_yet")}
    monkeypatch.setattr(health, "expected_migrations", lambda: deployed)
    body = _failed(_probe("/readyz"))
    assert body["failed"] == ["migrations"]
    assert "9999" not in str(body)  # which migration is logged, not answered


@pytest.mark.django_db
def test_an_unreadable_audit_chain_head_fails_readiness(monkeypatch):
    def unreadable(cursor: Any) -> Any:
        cursor.execute("SELECT seq, hash FROM audit_no_such_table")

    monkeypatch.setattr(health, "chain_head", unreadable)
    body = _failed(_probe("/readyz"))
    assert body["failed"] == ["audit_chain"]


@pytest.mark.django_db
def test_the_filesystem_broker_needs_its_folders(settings, tmp_path):
    missing = str(tmp_path / "queue")
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": missing,
        "data_folder_out": missing,
    }
    body = _failed(_probe("/readyz"))
    assert body["failed"] == ["broker"]
    (tmp_path / "queue").mkdir()
    assert _probe("/readyz").status_code == 200


@pytest.mark.django_db
def test_an_unreachable_broker_fails_readiness(settings):
    pytest.importorskip("redis")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    body = _failed(_probe("/readyz"))
    assert body["failed"] == ["broker"]
    assert "127.0.0.1" not in str(body)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server that accepts connections and never answers: a hung dependency."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


@pytest.mark.django_db
def test_a_hung_broker_gives_503_within_the_deadline(settings, silent_server):
    pytest.importorskip("redis")
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent_server}/0"
    settings.GRANSKA_READYZ_TIMEOUT_SECONDS = 0.5
    started = time.monotonic()
    body = _failed(_probe("/readyz"))
    assert time.monotonic() - started < 2
    assert body["checks"]["broker"] in ("timeout", "failed")
    assert body["failed"] == ["broker"]
    # The check's thread does not hang on with the dependency: probes do not pile up threads.
    for thread in threading.enumerate():
        if thread.name == "granska-readyz":
            thread.join(3)
            assert not thread.is_alive()


@pytest.mark.django_db
def test_a_check_still_running_at_the_deadline_is_a_timeout(settings, monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(health, "_broker_reachable", lambda timeout: release.wait(10))
    settings.GRANSKA_READYZ_TIMEOUT_SECONDS = 0.3
    started = time.monotonic()
    try:
        body = _failed(_probe("/readyz"))
    finally:
        release.set()
    assert time.monotonic() - started < 1.5
    assert body["checks"]["broker"] == "timeout" and body["failed"] == ["broker"]


def test_a_database_error_is_a_failed_check_not_an_exception():
    def broken() -> bool:
        raise DatabaseError("password authentication failed for user granska")

    assert health._outcome("database", broken) == "failed"


def test_an_unready_answer_is_one_warning_not_an_error(monkeypatch, caplog):
    """A 503 from /readyz was also Django's ERROR "Service Unavailable: /readyz" on every probe
    (deployment report, finding 14): now one WARNING naming each check, timeouts included."""
    checks = {**dict.fromkeys(health.CHECKS, "ok"), "broker": "timeout"}
    monkeypatch.setattr("ops.views.readiness", lambda: health.Readiness(checks))
    with caplog.at_level("INFO"):
        assert _probe("/readyz").status_code == 503
    assert [r.levelname for r in caplog.records if r.levelno >= 40] == []
    [line] = [r.getMessage() for r in caplog.records if r.name == "ops.health"]
    assert line == "readiness: unavailable, broker timeout"
