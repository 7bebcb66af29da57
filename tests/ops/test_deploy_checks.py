"""``check --deploy`` names what a production installation must not keep from the local defaults
or the demo (ops/checks.py; it was clean without an audit signing key, with the demo switches
on, the example accessibility contact and SQLite with the file-system broker)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ops import checks
from ops.checks import production_settings
from tests.config.test_settings import PRODUCTION, manage


@pytest.fixture
def production(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Settings as docs/operations.md §3 has them."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    settings.AUDIT_SIGNING_KEY, settings.AUDIT_SIGNING_KEY_FILE = pem, ""
    settings.AUDIT_LOG_ORIGIN = "granska.kommun.se/audit"
    settings.GRANSKA_ACCESSIBILITY_CONTACT = "tillganglighet@kommun.se"
    settings.DEMO_MODE = settings.GRANSKA_BENCH_ENDPOINTS = False
    settings.GRANSKA_WEBHOOK_ALLOW_HTTP = settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(checks, "database_engine", lambda: "django.db.backends.postgresql")
    settings.CELERY_BROKER_URL = "redis://redis:6379/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    return settings


def ids(messages: list[Any]) -> list[str]:
    return [message.id for message in messages]


def test_production_values_pass(production: Any) -> None:
    assert production_settings() == []


def test_no_audit_signing_key_is_named(production: Any) -> None:
    production.AUDIT_SIGNING_KEY = ""
    [message] = production_settings()
    assert message.id == "granska.W001"
    assert "AUDIT_SIGNING_KEY and AUDIT_SIGNING_KEY_FILE are both empty" in message.msg


def test_demo_switches_are_named(production: Any) -> None:
    production.DEMO_MODE = production.GRANSKA_WEBHOOK_ALLOW_PRIVATE = True
    [message] = production_settings()
    assert message.id == "granska.W002"
    assert "GRANSKA_DEMO, GRANSKA_WEBHOOK_ALLOW_PRIVATE are on" in message.msg
    assert "GRANSKA_DEMO and GRANSKA_WEBHOOK_ALLOW_PRIVATE to 0" in str(message.hint)


def test_example_values_are_named(production: Any) -> None:
    production.GRANSKA_ACCESSIBILITY_CONTACT = "tillganglighet@exempelkommunen.example"
    production.AUDIT_LOG_ORIGIN = "granska.example/audit"
    messages = production_settings()
    assert ids(messages) == ["granska.W003", "granska.W003"]
    assert "GRANSKA_ACCESSIBILITY_CONTACT is the example value" in messages[0].msg
    assert "AUDIT_LOG_ORIGIN is the example value" in messages[1].msg


def test_the_local_database_broker_and_cache_are_named(
    production: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "database_engine", lambda: "django.db.backends.sqlite3")
    production.CELERY_BROKER_URL = "filesystem://"
    production.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    messages = production_settings()
    assert ids(messages) == ["granska.W004"] * 3
    text = " ".join(message.msg for message in messages)
    assert "DATABASE_URL (SQLite)" in text and "CELERY_BROKER_URL (filesystem://)" in text
    assert "CACHE_URL (locmem://" in text


def test_check_deploy_reports_them_and_plain_check_does_not(tmp_path: Path) -> None:
    """Registered as deployment checks: `manage.py check` (every migrate, runserver) stays
    quiet on a local run, `check --deploy` fails on them."""
    env = {**PRODUCTION, "GRANSKA_VAR_DIR": str(tmp_path), "AUDIT_SIGNING_KEY": None}
    deploy = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy.returncode != 0 and "granska.W001" in deploy.stderr
    plain = manage("check", "--fail-level", "WARNING", env=env)
    assert plain.returncode == 0, plain.stderr
