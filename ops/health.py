"""Readiness checks (/readyz): the database answers, every migration is applied, the audit chain
head is readable, the application's role may read and write every table (PostgreSQL: a table an
upgrade added without a grant, docs/operations.md section 2) and the Celery broker is reachable.

The checks run in daemon threads on a connection of their own, opened with a connect and statement
timeout, and the caller waits for them until one deadline: a slow or hung dependency gives a
"timeout" within the deadline instead of a probe that hangs. A check that failed is named by its
code; what went wrong is logged, never answered (it may name hosts or users).
"""

from __future__ import annotations

import functools
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

from audit.services import chain_head

log = logging.getLogger(__name__)
DATABASE_CHECKS = ("database", "migrations", "audit_chain", "privileges")
CHECKS = (*DATABASE_CHECKS, "broker")
OK, FAILED, TIMEOUT, SKIPPED = "ok", "failed", "timeout", "skipped"


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, str]  # check code -> ok | failed | timeout | skipped

    @property
    def ready(self) -> bool:
        return all(result == OK for result in self.checks.values())

    @property
    def failed(self) -> list[str]:
        return [code for code, result in self.checks.items() if result != OK]


def readiness(timeout: float | None = None) -> Readiness:
    """Run every check; each one not done by the deadline is a ``timeout``."""
    timeout = float(timeout or settings.GRANSKA_READYZ_TIMEOUT_SECONDS)
    deadline = time.monotonic() + timeout
    db_results: dict[str, str] = {}
    broker_results: dict[str, str] = {}
    threads = [
        _start(lambda: _database_checks(db_results, timeout)),
        _start(lambda: broker_results.update(broker=_broker_outcome(timeout))),
    ]
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    found = {**db_results, **broker_results}  # a copy: a late thread changes nothing now
    return Readiness({code: found.get(code, TIMEOUT) for code in CHECKS})


def _start(target: Callable[[], Any]) -> threading.Thread:
    thread = threading.Thread(target=target, name="granska-readyz", daemon=True)
    thread.start()
    return thread


def _broker_outcome(timeout: float) -> str:
    return _outcome("broker", lambda: _broker_reachable(timeout))


def _outcome(code: str, check: Callable[[], bool]) -> str:
    try:
        return OK if check() else FAILED
    except Exception as exc:  # any error of a dependency is a failed check
        log.warning("readiness check %s failed: %s: %s", code, type(exc).__name__, exc)
        return FAILED


def _database_checks(results: dict[str, str], timeout: float) -> None:
    db = probe_connection(timeout)
    try:
        results["database"] = _outcome("database", lambda: _answers(db))
        if results["database"] != OK:
            results.update(migrations=SKIPPED, audit_chain=SKIPPED, privileges=SKIPPED)
            return
        results["migrations"] = _outcome("migrations", lambda: _migrations_applied(db))
        results["audit_chain"] = _outcome("audit_chain", lambda: _chain_head_readable(db))
        results["privileges"] = _outcome("privileges", lambda: _privileges_granted(db))
    finally:
        db.close()


def probe_connection(timeout: float) -> BaseDatabaseWrapper:
    """A connection of its own to the default database, with timeouts on PostgreSQL."""
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    options = dict(settings_dict.get("OPTIONS") or {})
    if "postgresql" in settings_dict["ENGINE"]:
        options["connect_timeout"] = max(1, math.ceil(timeout))
        statement = f"-c statement_timeout={int(timeout * 1000)}"
        options["options"] = f"{options.get('options', '')} {statement}".strip()
    backend = load_backend(settings_dict["ENGINE"])
    wrapper: BaseDatabaseWrapper = backend.DatabaseWrapper(
        {**settings_dict, "OPTIONS": options}, DEFAULT_DB_ALIAS
    )
    return wrapper


def _answers(db: BaseDatabaseWrapper) -> bool:
    with db.cursor() as cursor:
        cursor.execute("SELECT 1")
        row = cursor.fetchone()
    return row is not None and row[0] == 1


@functools.cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration on disk (read once per process: the code does not change under it)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _migrations_applied(db: BaseDatabaseWrapper) -> bool:
    with db.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = {(app, name) for app, name in cursor.fetchall()}
    missing = expected_migrations() - applied
    if missing:
        log.warning("readiness: %d migrations not applied, e.g. %s", len(missing), min(missing))
    return not missing


def _chain_head_readable(db: BaseDatabaseWrapper) -> bool:
    with db.cursor() as cursor:
        seq, digest = chain_head(cursor)
    return seq >= 0 and len(digest) == 64


@functools.cache
def model_tables() -> tuple[str, ...]:
    """The tables of every installed model (read once per process)."""
    models = apps.get_models(include_auto_created=True)
    return tuple(sorted({m._meta.db_table for m in models if m._meta.managed}))


# One query: the tables (that exist) the connected role may not SELECT from or INSERT into. The
# append-only audit tables are granted exactly these two (docs/operations.md section 2), so no
# more is asked of any table.
MISSING_PRIVILEGES_SQL = """
SELECT t FROM unnest(%s::text[]) AS t
WHERE to_regclass(t) IS NOT NULL
  AND NOT (has_table_privilege(t, 'SELECT') AND has_table_privilege(t, 'INSERT'))
"""


def _privileges_granted(db: BaseDatabaseWrapper) -> bool:
    """PostgreSQL: the role may read and write every table (an upgrade's new table without a
    grant is named in the log). Other databases have no roles: granted."""
    if db.vendor != "postgresql":
        return True
    with db.cursor() as cursor:
        cursor.execute(MISSING_PRIVILEGES_SQL, [list(model_tables())])
        missing = [row[0] for row in cursor.fetchall()]
    if missing:
        log.warning("readiness: permission denied (SELECT/INSERT) on tables %s", ", ".join(missing))
    return not missing


def _broker_reachable(timeout: float) -> bool:
    """The file-system broker (ADR 0004): its folders exist and are writable. Any other: a
    connection opens within the timeout."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders = {str(options["data_folder_in"]), str(options["data_folder_out"])}
        return all(os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK) for path in folders)
    from config.celery import app

    url = settings.CELERY_BROKER_URL
    # Socket timeouts too (Redis), so a broker that accepts and never answers ends the thread.
    limits = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    with app.connection_for_write(url, connect_timeout=timeout, transport_options=limits) as conn:
        conn.ensure_connection(max_retries=0, timeout=math.ceil(timeout))  # one attempt
        return bool(conn.connected)
