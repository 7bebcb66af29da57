"""Deployment checks (``manage.py check --deploy``, docs/operations.md §4 step 3): what a
production installation must not keep from the local defaults or the demo. Django's own
``--deploy`` checks cover the HTTPS settings and SECRET_KEY; these cover Granska's: without them
``check --deploy`` was clean with no audit signing key, the demo switches on, the example
accessibility contact and SQLite with the file-system broker (deployment report, findings 4)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

SECTION = "docs/operations.md, section 3."
EXAMPLE_ACCESSIBILITY_CONTACT = "tillganglighet@exempelkommunen.example"
EXAMPLE_LOG_ORIGIN = "granska.example/audit"
# Switches for the demo, local receivers, tests and the benchmark (docs/operations.md §3: 0).
DEMO_SWITCHES = (
    ("GRANSKA_DEMO", "DEMO_MODE"),
    ("GRANSKA_WEBHOOK_ALLOW_HTTP", "GRANSKA_WEBHOOK_ALLOW_HTTP"),
    ("GRANSKA_WEBHOOK_ALLOW_PRIVATE", "GRANSKA_WEBHOOK_ALLOW_PRIVATE"),
    ("GRANSKA_BENCH_ENDPOINTS", "GRANSKA_BENCH_ENDPOINTS"),
)


@register("granska", deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [*_signing_key(), *_demo_switches(), *_example_values(), *_embedded_services()]


def _signing_key() -> list[CheckMessage]:
    if settings.AUDIT_SIGNING_KEY or settings.AUDIT_SIGNING_KEY_FILE:
        return []
    return [
        Warning(
            "No audit signing key: AUDIT_SIGNING_KEY and AUDIT_SIGNING_KEY_FILE are both empty, "
            "so no checkpoint of the audit trail can be signed (beat's hourly task fails).",
            hint="Create one: docs/operations.md, section 4, The audit signing key.",
            id="granska.W001",
        )
    ]


def _demo_switches() -> list[CheckMessage]:
    on = [name for name, setting in DEMO_SWITCHES if getattr(settings, setting)]
    if not on:
        return []
    return [
        Warning(
            f"{', '.join(on)} {'is' if len(on) == 1 else 'are'} on: "
            "for the demo and the tests only.",
            hint=f"Set {' and '.join(on)} to 0; {SECTION}",
            id="granska.W002",
        )
    ]


def _example_values() -> list[CheckMessage]:
    examples = (
        (
            "GRANSKA_ACCESSIBILITY_CONTACT",
            EXAMPLE_ACCESSIBILITY_CONTACT,
            "the public page /tillganglighet/ tells users to report problems there",
        ),
        ("AUDIT_LOG_ORIGIN", EXAMPLE_LOG_ORIGIN, "every signed checkpoint carries it"),
    )
    return [
        Warning(
            f"{name} is the example value {example!r}: {why}.",
            hint=f"Set the municipality's own; {SECTION}",
            id="granska.W003",
        )
        for name, example, why in examples
        if getattr(settings, name) == example
    ]


def _embedded_services() -> list[CheckMessage]:
    """SQLite, the file-system broker and the per-process cache are ADR 0004's local defaults:
    a forgotten DATABASE_URL, CELERY_BROKER_URL or CACHE_URL runs production on them."""
    local = []
    if database_engine() == "django.db.backends.sqlite3":
        local.append("DATABASE_URL (SQLite)")
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        local.append("CELERY_BROKER_URL (filesystem://)")
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        local.append("CACHE_URL (locmem://: API rate limits counted per process)")
    return [
        Warning(
            f"{name} is the local default (ADR 0004), not PostgreSQL and Redis.",
            hint="docs/operations.md, section 2.",
            id="granska.W004",
        )
        for name in local
    ]


def database_engine() -> str:
    return str(settings.DATABASES["default"]["ENGINE"])
